#include "views/readingsview.h"

#include "models/displayformat.h"
#include "models/readingsmodel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

void ReadingsTree::closeEditor(QWidget *editor, QAbstractItemDelegate::EndEditHint hint)
{
    // Enter ends with SubmitModelCache: the value is committed, then typing goes on one row down,
    // as on a paper list of meters.
    const QModelIndex current = currentIndex();
    QTreeView::closeEditor(
        editor, hint == QAbstractItemDelegate::SubmitModelCache ? QAbstractItemDelegate::NoHint : hint);
    if (hint != QAbstractItemDelegate::SubmitModelCache)
        return;
    auto *readings = qobject_cast<ReadingsModel *>(model());
    if (!readings)
        return;
    const QPersistentModelIndex next = readings->nextEditable(current);
    if (!next.isValid())
        return;
    // After the editor is fully gone (the view is still inside its own editing state here).
    QMetaObject::invokeMethod(
        this,
        [this, next] {
            if (!next.isValid())
                return;
            expand(next.parent());
            setCurrentIndex(next); // opens the editor by itself when CurrentChanged is a trigger
            scrollTo(next);
            if (state() != QAbstractItemView::EditingState)
                edit(next);
        },
        Qt::QueuedConnection);
}

ReadingsView::ReadingsView(QWidget *parent)
    : QWidget(parent), m_model(new ReadingsModel(this)), m_tree(new ReadingsTree), m_title(new QLabel),
      m_total(new QLabel), m_unsent(new QLabel), m_online(new QLabel), m_send(new QPushButton)
{
    m_tree->setModel(m_model);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true); // thousands of rows
    m_tree->setEditTriggers(QAbstractItemView::AllEditTriggers);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_tree->header()->setStretchLastSection(true);

    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_total->setObjectName(u"readingsTotal"_s);
    m_unsent->setObjectName(u"readingsUnsent"_s);
    m_online->setObjectName(u"readingsOnline"_s);

    auto *top = new QHBoxLayout;
    top->addWidget(m_title);
    top->addStretch(1);
    top->addWidget(m_total);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_unsent);
    bottom->addStretch(1);
    bottom->addWidget(m_online);
    bottom->addWidget(m_send);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_tree, 1);
    layout->addLayout(bottom);

    connect(m_model, &ReadingsModel::totalsChanged, this, &ReadingsView::updateSummary);
    connect(m_model, &ReadingsModel::storeFailed, this, [this](const Error &e) {
        QMessageBox::warning(this, tr("Not saved"),
                             tr("The value could not be saved on this computer: %1").arg(e.message()));
    });
    connect(m_send, &QPushButton::clicked, this, &ReadingsView::sendRequested);
    retranslate();
}

ReadingsView::~ReadingsView() = default;

void ReadingsView::setStore(LocalStore *store)
{
    m_model->setStore(store);
}

void ReadingsView::setAccount(const domain::AccountDetail &account, Period period, QDate today)
{
    m_model->setAccount(account, period, today);
    m_tree->expandAll();
    for (int c = 0; c < ReadingsModel::ColumnCount - 1; ++c)
        m_tree->resizeColumnToContents(c);
    retranslate();
}

void ReadingsView::clear()
{
    m_model->clear();
}

void ReadingsView::refresh()
{
    m_model->reloadFromStore();
}

void ReadingsView::setOnline(bool online, const QString &why)
{
    m_isOnline = online;
    m_offlineWhy = why;
    retranslate();
}

bool ReadingsView::hasUnsentValues() const
{
    return m_model->unsentCount() > 0;
}

bool ReadingsView::confirmLeave()
{
    if (!hasUnsentValues())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsent readings"),
                    tr("%n reading(s) are saved on this computer but not sent to the supplier yet.", nullptr,
                       m_model->unsentCount()),
                    QMessageBox::NoButton, this);
    box.setInformativeText(tr("They stay saved and can be sent later. Leave the form anyway?"));
    QPushButton *leave = box.addButton(tr("Leave"), QMessageBox::AcceptRole);
    QPushButton *stay = box.addButton(tr("Stay"), QMessageBox::RejectRole);
    box.setDefaultButton(stay);
    box.setObjectName(u"unsentReadingsBox"_s);
    box.exec();
    return box.clickedButton() == leave;
}

void ReadingsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ReadingsView::retranslate()
{
    m_title->setText(m_model->rowCount() > 0 ? tr("Readings for %1").arg(format::period(m_model->period()))
                                             : tr("Readings"));
    m_send->setText(tr("Send readings"));
    m_online->setText(m_isOnline
                          ? tr("Online")
                          : (m_offlineWhy.isEmpty() ? tr("Offline") : tr("Offline: %1").arg(m_offlineWhy)));
    updateSummary();
}

void ReadingsView::updateSummary()
{
    m_total->setText(tr("Preliminary consumption of the account: %1 kWh")
                         .arg(format::energy(m_model->accountConsumption())));
    const int unsent = m_model->unsentCount();
    m_unsent->setText(unsent > 0 ? tr("%n value(s) saved locally, not sent yet", nullptr, unsent)
                                 : tr("Everything is sent"));
    m_send->setEnabled(!m_model->sendableItems().isEmpty());
}

} // namespace oblik::client
