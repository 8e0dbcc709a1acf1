#include "views/historyview.h"

#include "models/displayformat.h"
#include "models/exportvalue.h"
#include "models/readingsmodel.h"
#include "views/tableexport.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {
constexpr int kPeriodsOffered = 36;

QList<QStandardItem *> rowOf(const QStringList &texts)
{
    QList<QStandardItem *> row;
    for (const QString &t : texts) {
        auto *item = new QStandardItem(t);
        item->setEditable(false);
        row.append(item);
    }
    return row;
}
} // namespace

HistoryView::HistoryView(QWidget *parent)
    : QWidget(parent), m_from(new QComboBox), m_to(new QComboBox), m_show(new QPushButton),
      m_fromLabel(new QLabel), m_toLabel(new QLabel), m_status(new QLabel), m_tree(new QTreeView),
      m_model(new QStandardItemModel(this))
{
    m_from->setObjectName(u"historyFrom"_s);
    m_to->setObjectName(u"historyTo"_s);
    m_show->setObjectName(u"historyShow"_s);
    m_status->setObjectName(u"historyStatus"_s);
    m_tree->setModel(m_model);
    m_tree->setAlternatingRowColors(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    auto *top = new QHBoxLayout;
    top->addWidget(m_fromLabel);
    top->addWidget(m_from);
    top->addWidget(m_toLabel);
    top->addWidget(m_to);
    top->addWidget(m_show);
    auto *exporter = new TableExport(m_tree);
    exporter->setContext([this] {
        return TableExport::Context{
            tr("Account %1, %2; %3 to %4")
                .arg(m_account.number, m_account.consumer.name, format::period(from()), format::period(to())),
            tr("Readings history %1").arg(m_account.number)};
    });
    top->addSpacing(12);
    top->addWidget(m_status, 1);
    top->addWidget(exporter->createToolButton());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(m_tree, 1);
    connect(m_show, &QPushButton::clicked, this, [this] {
        if (to() < from())
            setRange(to(), from());
        Q_EMIT rangeRequested(from(), to());
    });
    retranslate();
}

HistoryView::~HistoryView() = default;

void HistoryView::fillPeriods(Period latest)
{
    for (QComboBox *box : {m_from, m_to}) {
        box->clear();
        Period p = latest;
        for (int i = 0; i < kPeriodsOffered; ++i, p = p.previous())
            box->addItem(format::period(p), p.yyyymm());
    }
}

void HistoryView::setAccount(const domain::AccountDetail &account, Period latest)
{
    const bool sameAccount =
        m_account.id == account.id && m_from->count() > 0 && m_from->itemData(0).toInt() == latest.yyyymm();
    m_account = account;
    if (!sameAccount) {
        fillPeriods(latest);
        setRange(Period::fromYyyymm(m_from->itemData(std::min(11, int(m_from->count()) - 1)).toInt()),
                 latest);
        m_items.clear();
    }
    rebuild();
}

void HistoryView::clear()
{
    m_account = domain::AccountDetail();
    m_items.clear();
    m_from->clear();
    m_to->clear();
    m_status->clear();
    rebuild();
}

void HistoryView::setReadings(const QList<domain::ReadingRecord> &items, const QDateTime &cachedAt)
{
    m_items = items;
    m_cachedAt = cachedAt;
    rebuild();
}

void HistoryView::setStatus(const QString &text)
{
    m_status->setText(text);
}

Period HistoryView::from() const
{
    return Period::fromYyyymm(m_from->currentData().toInt());
}

Period HistoryView::to() const
{
    return Period::fromYyyymm(m_to->currentData().toInt());
}

void HistoryView::setRange(Period from, Period to)
{
    const int f = m_from->findData(from.yyyymm());
    const int t = m_to->findData(to.yyyymm());
    if (f >= 0)
        m_from->setCurrentIndex(f);
    if (t >= 0)
        m_to->setCurrentIndex(t);
}

void HistoryView::rebuild()
{
    m_model->clear();
    m_model->setHorizontalHeaderLabels({tr("Object, metering point, meter"), tr("Period"), tr("Date"),
                                        tr("Reading"), tr("Consumption, kWh"), tr("State")});
    // Where each register hangs, to group the readings as the form does.
    struct Place
    {
        int object = -1;
        QString label;
        int decimals = 3;
    };
    QHash<qint64, Place> registers;    // register -> its place
    QHash<qint64, int> objectOfPoint;  // point -> object index
    QHash<qint64, QString> pointLabel; // point -> "P1 name"
    for (int o = 0; o < m_account.objects.size(); ++o) {
        for (const domain::MeteringPoint &p : m_account.objects[o].meteringPoints) {
            objectOfPoint.insert(p.id.value(), o);
            pointLabel.insert(p.id.value(), p.code + u' ' + p.name);
            for (const domain::Meter &m : p.meters)
                for (const domain::Register &g : m.registers)
                    registers.insert(
                        g.id.value(),
                        {o,
                         tr("%1 — meter %2, %3").arg(p.code + u' ' + p.name, m.number, format::zone(g.zone)),
                         m.decimals});
        }
    }
    QList<QStandardItem *> objectItems;
    for (const domain::SiteObject &o : m_account.objects) {
        auto *item = new QStandardItem(o.name);
        item->setEditable(false);
        QFont bold = item->font();
        bold.setBold(true);
        item->setFont(bold);
        objectItems.append(item);
    }
    QStandardItem *unknownObject = nullptr;
    QHash<qint64, QStandardItem *> registerItems;
    for (const domain::ReadingRecord &r : std::as_const(m_items)) {
        QStandardItem *regItem = registerItems.value(r.registerId.value());
        if (!regItem) {
            Place place = registers.value(r.registerId.value());
            if (place.object < 0) {
                // A meter replaced since: its point is still in the tree, the meter is not.
                place.object = objectOfPoint.value(r.meteringPointId.value(), -1);
                place.label =
                    tr("%1 — replaced meter (register %2)")
                        .arg(pointLabel.value(r.meteringPointId.value(),
                                              tr("Metering point %1").arg(r.meteringPointId.value())))
                        .arg(r.registerId.value());
            }
            QStandardItem *parent = nullptr;
            if (place.object >= 0) {
                parent = objectItems[place.object];
            } else {
                if (!unknownObject) {
                    unknownObject = new QStandardItem(tr("Other"));
                    unknownObject->setEditable(false);
                }
                parent = unknownObject;
            }
            regItem = new QStandardItem(place.label);
            regItem->setEditable(false);
            regItem->setData(r.registerId.value(), ReadingsModel::RegisterIdRole);
            QList<QStandardItem *> row{regItem};
            for (int c = 1; c < 6; ++c) {
                auto *empty = new QStandardItem;
                empty->setEditable(false);
                row.append(empty);
            }
            parent->appendRow(row);
            registerItems.insert(r.registerId.value(), regItem);
        }
        QList<QStandardItem *> line =
            rowOf({QString(), format::period(r.period), format::date(r.takenOn), format::energy(r.value),
                   format::energy(r.consumption),
                   r.state == domain::ReadingState::Rejected && !r.rejectionReason.isEmpty()
                       ? tr("Rejected: %1").arg(r.rejectionReason)
                       : readingStateText(r.state)});
        for (int c : {3, 4})
            line[c]->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        // The raw values for export: a date and two numbers, not their display texts.
        line[2]->setData(QVariant::fromValue(models::ExportValue::fromDate(r.takenOn)), models::ExportRole);
        line[3]->setData(QVariant::fromValue(models::ExportValue::fromEnergy(r.value)), models::ExportRole);
        line[4]->setData(QVariant::fromValue(models::ExportValue::fromEnergy(r.consumption)),
                         models::ExportRole);
        line[0]->setData(r.period.yyyymm(), Qt::UserRole);
        regItem->appendRow(line);
    }
    for (QStandardItem *o : objectItems)
        if (o->rowCount() > 0)
            m_model->appendRow(o);
        else
            delete o;
    if (unknownObject)
        m_model->appendRow(unknownObject);
    m_tree->expandAll();
    for (int c = 0; c < 5; ++c)
        m_tree->resizeColumnToContents(c);
}

void HistoryView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        rebuild();
    }
    QWidget::changeEvent(event);
}

void HistoryView::retranslate()
{
    m_fromLabel->setText(tr("From"));
    m_toLabel->setText(tr("to"));
    m_show->setText(tr("Show"));
    if (TableExport *exporter = TableExport::of(m_tree))
        exporter->setTitle(tr("Readings history"));
}

} // namespace oblik::client
