#include "views/accountoverview.h"
#include "views/tableexport.h"

#include "models/accounttreemodel.h"
#include "models/contractlistmodel.h"
#include "models/displayformat.h"
#include "models/modelicons.h"

#include <QEvent>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {
QLabel *heading()
{
    auto *l = new QLabel;
    QFont f = l->font();
    f.setBold(true);
    l->setFont(f);
    return l;
}

QLabel *value()
{
    auto *l = new QLabel;
    l->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setWordWrap(true);
    return l;
}
} // namespace

AccountOverview::AccountOverview(QWidget *parent)
    : QWidget(parent), m_treeModel(new AccountTreeModel(this)), m_contractModel(new ContractListModel(this)),
      m_title(new QLabel), m_consumer(value()), m_taxIdCaption(new QLabel), m_addressCaption(new QLabel),
      m_districtCaption(new QLabel), m_supplierCaption(new QLabel), m_openedCaption(new QLabel),
      m_taxId(value()), m_address(value()), m_district(value()), m_supplier(value()), m_opened(value()),
      m_contractsTitle(heading()), m_treeTitle(heading()), m_summary(new QLabel), m_contracts(new QTableView),
      m_tree(new QTreeView), m_splitter(new QSplitter(Qt::Vertical))
{
    setObjectName(u"AccountOverview"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 4);

    // Header: the account and its consumer, then the facts in two columns.
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont consumerFont = m_consumer->font();
    consumerFont.setPointSizeF(consumerFont.pointSizeF() * 1.2);
    m_consumer->setFont(consumerFont);
    layout->addWidget(m_title);
    layout->addWidget(m_consumer);
    auto *facts = new QGridLayout;
    facts->setHorizontalSpacing(12);
    facts->setVerticalSpacing(2);
    for (QLabel *c :
         {m_taxIdCaption, m_addressCaption, m_districtCaption, m_supplierCaption, m_openedCaption}) {
        c->setAlignment(Qt::AlignRight | Qt::AlignTop);
        QPalette p = c->palette();
        p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
        c->setPalette(p);
    }
    // No alignment given to the layout: the labels fill their cells (so that long addresses wrap
    // at the cell's width) and align their text themselves, top-left or top-right.
    facts->addWidget(m_taxIdCaption, 0, 0);
    facts->addWidget(m_taxId, 0, 1);
    facts->addWidget(m_addressCaption, 1, 0);
    facts->addWidget(m_address, 1, 1);
    facts->addWidget(m_openedCaption, 2, 0);
    facts->addWidget(m_opened, 2, 1);
    facts->addWidget(m_districtCaption, 0, 2);
    facts->addWidget(m_district, 0, 3, 2, 1);
    facts->addWidget(m_supplierCaption, 2, 2);
    facts->addWidget(m_supplier, 2, 3);
    facts->setColumnStretch(1, 1);
    facts->setColumnStretch(3, 1);
    layout->addLayout(facts);

    // Contracts above the tree, in a splitter the user can move.
    auto *contractsPane = new QWidget;
    auto *cl = new QVBoxLayout(contractsPane);
    cl->setContentsMargins(0, 6, 0, 0);
    cl->addWidget(m_contractsTitle);
    m_contracts->setObjectName(u"contracts"_s);
    m_contracts->setModel(m_contractModel);
    m_contracts->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_contracts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_contracts->verticalHeader()->setVisible(false);
    m_contracts->horizontalHeader()->setStretchLastSection(true);
    m_contracts->setAlternatingRowColors(true);
    cl->addWidget(m_contracts);

    auto *treePane = new QWidget;
    auto *tl = new QVBoxLayout(treePane);
    tl->setContentsMargins(0, 6, 0, 0);
    tl->addWidget(m_treeTitle);
    tl->addWidget(m_summary);
    m_tree->setObjectName(u"meteringTree"_s);
    m_tree->setModel(m_treeModel);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionsMovable(true);
    m_tree->header()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree->header(), &QHeaderView::customContextMenuRequested, this,
            &AccountOverview::showColumnMenu);
    tl->addWidget(m_tree);

    m_splitter->setObjectName(u"overviewSplitter"_s);
    m_splitter->addWidget(contractsPane);
    m_splitter->addWidget(treePane);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_summary->setWordWrap(true);
    layout->addWidget(m_splitter, 1);

    // Export and print from the context menus (the tree's header keeps its own column menu).
    for (QAbstractItemView *v :
         {static_cast<QAbstractItemView *>(m_contracts), static_cast<QAbstractItemView *>(m_tree)}) {
        auto *exporter = new TableExport(v);
        exporter->setContext([this] {
            const domain::AccountDetail &a = account();
            return TableExport::Context{tr("Account %1, %2").arg(a.number, a.consumer.name), {}};
        });
    }
    retranslate();
}

const domain::AccountDetail &AccountOverview::account() const
{
    return m_treeModel->account();
}

void AccountOverview::setAccount(const domain::AccountDetail &account)
{
    m_hasAccount = true;
    m_contractModel->setContracts(account.contracts);
    m_treeModel->setAccount(account);
    m_tree->expandAll();
    fillHeader();
    fitColumns();
}

void AccountOverview::clear()
{
    m_hasAccount = false;
    m_contractModel->setContracts({});
    m_treeModel->clear();
    fillHeader();
}

void AccountOverview::fitColumns()
{
    // Columns follow what is in them (numbers differ per account); long addresses and names
    // are capped so that the numeric columns stay on screen.
    m_contracts->resizeColumnsToContents();
    for (int c = 0; c < AccountTreeModel::ColumnCount; ++c) {
        m_tree->resizeColumnToContents(c);
        m_tree->setColumnWidth(c, m_tree->columnWidth(c) + 10); // air between right- and left-aligned cells
    }
    if (m_tree->columnWidth(AccountTreeModel::NameColumn) > 290)
        m_tree->setColumnWidth(AccountTreeModel::NameColumn, 290);
    // Few contracts: the table takes the height of its rows, no more (and no less than one row).
    m_contracts->resizeRowsToContents();
    const int rowHeight = m_contracts->verticalHeader()->defaultSectionSize();
    int h = m_contracts->horizontalHeader()->sizeHint().height() + 2 * m_contracts->frameWidth();
    h += m_contractModel->rowCount() > 0 ? m_contracts->verticalHeader()->length() : rowHeight;
    if (m_contracts->horizontalScrollBar()->isVisible())
        h += m_contracts->horizontalScrollBar()->sizeHint().height();
    const int header = m_contracts->horizontalHeader()->sizeHint().height() + 2 * m_contracts->frameWidth();
    // All rows visible up to eight; more scroll.
    m_contracts->setFixedHeight(std::min(h, header + rowHeight * 8));
}

void AccountOverview::showColumnMenu(const QPoint &pos)
{
    QMenu menu(this);
    QHeaderView *header = m_tree->header();
    for (int c = 1; c < AccountTreeModel::ColumnCount; ++c) { // the name column always stays
        QAction *a = menu.addAction(m_treeModel->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!header->isSectionHidden(c));
        connect(a, &QAction::toggled, this, [header, c](bool on) { header->setSectionHidden(c, !on); });
    }
    menu.exec(header->mapToGlobal(pos));
}

void AccountOverview::fillHeader()
{
    if (!m_hasAccount) {
        m_title->clear();
        m_consumer->clear();
        for (QLabel *l : {m_taxId, m_address, m_district, m_supplier, m_opened})
            l->clear();
        m_summary->clear();
        return;
    }
    const domain::AccountDetail &a = m_treeModel->account();
    m_title->setText(tr("Personal account %1").arg(a.number));
    m_consumer->setText(a.consumer.name + u"  ·  "_s + format::consumerKind(a.consumer.kind));
    QStringList ids;
    if (!a.consumer.edrpou.isEmpty())
        ids << tr("EDRPOU %1").arg(a.consumer.edrpou);
    if (!a.consumer.ipn.isEmpty())
        ids << tr("IPN %1").arg(a.consumer.ipn);
    m_taxId->setText(ids.isEmpty() ? tr("none") : ids.join(u",  "_s));
    m_address->setText(a.address.isEmpty() ? a.consumer.address : a.address);
    QString district = a.district.name;
    if (!a.district.code.isEmpty())
        district += u" ("_s + a.district.code + u')';
    QStringList contact;
    if (!a.district.address.isEmpty())
        contact << a.district.address;
    if (!a.district.phone.isEmpty())
        contact << tr("tel. %1").arg(a.district.phone);
    if (!contact.isEmpty())
        district += u'\n' + contact.join(u", "_s);
    m_district->setText(district);
    m_supplier->setText(a.supplier.name);
    m_opened->setText(format::date(a.openedOn));

    const int meters = m_treeModel->meterCount();
    const int blocked = m_treeModel->meterCount(MeterHealth::Faulty) +
                        m_treeModel->meterCount(MeterHealth::VerificationExpired);
    const int soon = m_treeModel->meterCount(MeterHealth::VerificationSoon);
    QStringList parts{tr("%n meter(s)", nullptr, meters)};
    if (blocked > 0)
        parts << u"<span style=\"color:%1\">%2</span>"_s.arg(
            icons::healthForeground(MeterHealth::Faulty).name(),
            tr("%n cannot take readings (faulty or verification expired)", nullptr, blocked).toHtmlEscaped());
    if (soon > 0)
        parts << u"<span style=\"color:%1\">%2</span>"_s.arg(
            icons::healthForeground(MeterHealth::VerificationSoon).name(),
            tr("%n with verification due within 30 days", nullptr, soon).toHtmlEscaped());
    m_summary->setText(parts.join(u"  ·  "_s));
}

void AccountOverview::retranslate()
{
    m_taxIdCaption->setText(tr("Tax id:"));
    m_addressCaption->setText(tr("Address:"));
    m_districtCaption->setText(tr("District office:"));
    m_supplierCaption->setText(tr("Supplier:"));
    m_openedCaption->setText(tr("Opened on:"));
    m_contractsTitle->setText(tr("Contracts"));
    m_treeTitle->setText(tr("Objects, metering points and meters"));
    TableExport::of(m_contracts)->setTitle(m_contractsTitle->text());
    TableExport::of(m_tree)->setTitle(m_treeTitle->text());
    m_contractModel->retranslate();
    m_treeModel->retranslate();
    fillHeader();
    if (m_hasAccount)
        fitColumns();
}

void AccountOverview::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void AccountOverview::saveState(QSettings &settings) const
{
    settings.setValue(u"overview/splitter"_s, m_splitter->saveState());
    settings.setValue(u"overview/treeHeader"_s, m_tree->header()->saveState());
    settings.setValue(u"overview/contractsHeader"_s, m_contracts->horizontalHeader()->saveState());
}

void AccountOverview::restoreState(const QSettings &settings)
{
    m_splitter->restoreState(settings.value(u"overview/splitter"_s).toByteArray());
    m_tree->header()->restoreState(settings.value(u"overview/treeHeader"_s).toByteArray());
    m_contracts->horizontalHeader()->restoreState(
        settings.value(u"overview/contractsHeader"_s).toByteArray());
}

} // namespace oblik::client
