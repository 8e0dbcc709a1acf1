#include "views/billingpage.h"

#include "models/billingtablemodel.h"
#include "models/displayformat.h"
#include "views/busyindicator.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

BillingPage::BillingPage(const QString &objectName, QWidget *parent)
    : QWidget(parent), m_bar(new QHBoxLayout), m_headline(new QLabel), m_busy(new BusyIndicator),
      m_status(new QLabel), m_retry(new QPushButton), m_stack(new QStackedWidget), m_tables(new QWidget),
      m_tablesLayout(new QVBoxLayout(m_tables)), m_empty(new QLabel), m_exportButton(new QToolButton),
      m_exportMenu(new QMenu(m_exportButton))
{
    setObjectName(objectName);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *top = new QHBoxLayout;
    top->addLayout(m_bar, 1);
    // Keeps the button at the right when the page's bar is empty (an empty layout takes no space).
    top->addStretch(0);
    m_exportButton->setObjectName(u"exportButton"_s);
    m_exportButton->setPopupMode(QToolButton::InstantPopup);
    m_exportButton->setMenu(m_exportMenu);
    m_exportButton->setVisible(false);
    connect(m_exportMenu, &QMenu::aboutToShow, this, &BillingPage::fillExportMenu);
    top->addWidget(m_exportButton);
    layout->addLayout(top);
    m_headline->setObjectName(u"billingHeadline"_s);
    m_headline->setWordWrap(true);
    m_headline->setTextFormat(Qt::RichText);
    m_headline->setVisible(false);
    layout->addWidget(m_headline);
    auto *statusRow = new QHBoxLayout;
    m_status->setObjectName(u"billingStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retry->setObjectName(u"billingRetry"_s);
    m_retry->setVisible(false);
    statusRow->addWidget(m_busy);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_retry);
    layout->addLayout(statusRow);
    m_tablesLayout->setContentsMargins(0, 0, 0, 0);
    m_stack->addWidget(m_tables);
    m_empty->setObjectName(u"billingEmpty"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(u"color: palette(mid); font-size: 11pt;"_s);
    m_stack->addWidget(m_empty);
    layout->addWidget(m_stack, 1);
    connect(m_retry, &QPushButton::clicked, this, &BillingPage::retryRequested);
    m_retry->setText(tr("&Retry"));
    m_exportButton->setText(tr("Export / Print"));
}

QTableView *BillingPage::addTable(BillingTableModel *model, const QString &objectName, int stretch)
{
    auto *title = new QLabel;
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    title->setVisible(false);
    auto *view = new QTableView;
    view->setObjectName(objectName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    // The model's order (newest first) until a header is clicked: no sort column at first.
    view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    view->setSortingEnabled(true);
    view->horizontalHeader()->setSortIndicatorShown(false);
    view->horizontalHeader()->setStretchLastSection(false); // see updateContents
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    const int index = int(m_views.size());
    connect(view, &QTableView::activated, this, [this, view, index](const QModelIndex &i) {
        const qint64 id = view->model()->index(i.row(), 0).data(BillingTableModel::IdRole).toLongLong();
        if (id != 0)
            Q_EMIT rowActivated(index, id);
    });
    connect(view->horizontalHeader(), &QHeaderView::sectionClicked, view,
            [view] { view->horizontalHeader()->setSortIndicatorShown(true); });
    auto *exporter = new TableExport(view);
    exporter->setContext([this] { return m_exportContext ? m_exportContext() : TableExport::Context{}; });
    m_exports.append(exporter);
    m_exportButton->setVisible(true);
    m_tablesLayout->addWidget(title);
    m_tablesLayout->addWidget(view, stretch);
    m_titles.append(title);
    m_views.append(view);
    m_models.append(model);
    m_stretch.append(stretch);
    connect(model, &QAbstractItemModel::modelReset, this, &BillingPage::updateContents);
    return view;
}

void BillingPage::setTableTitle(int index, const QString &title)
{
    if (index < 0 || index >= m_titles.size())
        return;
    m_titles[index]->setText(title);
    m_titles[index]->setVisible(!title.isEmpty());
    updateExportTitles();
}

void BillingPage::setExportTitle(const QString &title)
{
    m_exportTitle = title;
    updateExportTitles();
}

void BillingPage::setExportContext(std::function<TableExport::Context()> context)
{
    m_exportContext = std::move(context);
}

TableExport *BillingPage::tableExport(int index) const
{
    return index >= 0 && index < m_exports.size() ? m_exports[index] : nullptr;
}

void BillingPage::updateExportTitles()
{
    for (int i = 0; i < m_exports.size(); ++i) {
        const QString own = i < m_titles.size() ? m_titles[i]->text() : QString();
        m_exports[i]->setTitle(own.isEmpty() ? m_exportTitle : own);
    }
}

void BillingPage::fillExportMenu()
{
    // Built when opened: the tables' titles follow the language. One table: its actions; several:
    // a submenu each.
    const QList<QMenu *> old = m_exportMenu->findChildren<QMenu *>(Qt::FindDirectChildrenOnly);
    m_exportMenu->clear();
    qDeleteAll(old);
    if (m_exports.size() == 1) {
        m_exportMenu->addActions(m_exports.first()->actions());
        return;
    }
    for (TableExport *e : std::as_const(m_exports)) {
        QMenu *sub = m_exportMenu->addMenu(e->title());
        sub->addActions(e->actions());
    }
}

QTableView *BillingPage::table(int index) const
{
    return index >= 0 && index < m_views.size() ? m_views[index] : nullptr;
}

void BillingPage::setEmptyText(const QString &text)
{
    m_emptyText = text;
    updateContents();
}

void BillingPage::beginLoad(const QString &source)
{
    m_loading.insert(source, true);
    updateStatus();
}

void BillingPage::showFresh(const QString &source)
{
    m_loading.remove(source);
    m_sources.insert(source, {});
    updateStatus();
}

void BillingPage::showCached(const QString &source, const QDateTime &at, const QString &why)
{
    if (!why.isEmpty())
        m_loading.remove(source);
    m_sources.insert(source, {at.isValid() ? at : QDateTime::fromMSecsSinceEpoch(0), why});
    updateStatus();
}

void BillingPage::showError(const QString &source, const QString &text)
{
    m_loading.remove(source);
    m_sources.insert(source, {QDateTime(), text});
    updateStatus();
}

void BillingPage::clearStatus()
{
    m_loading.clear();
    m_sources.clear();
    updateStatus();
}

void BillingPage::updateStatus()
{
    // The oldest saved copy on screen names the time; the first failure says why it is not fresher.
    QDateTime oldest;
    QString error;
    for (const SourceState &s : std::as_const(m_sources)) {
        if (s.cachedAt.isValid() && (!oldest.isValid() || s.cachedAt < oldest))
            oldest = s.cachedAt;
        if (!s.error.isEmpty() && error.isEmpty())
            error = s.error;
    }
    QString text;
    if (oldest.isValid()) {
        const QString at = format::dateTime(oldest);
        if (!error.isEmpty())
            text = tr("As of %1 (saved on this computer). %2").arg(at, error);
        else if (isLoading())
            text = tr("As of %1 (saved on this computer); updating…").arg(at);
        else
            text = tr("As of %1 (saved on this computer).").arg(at);
        m_status->setStyleSheet(u"color: #8d6e00;"_s);
    } else if (!error.isEmpty()) {
        text = error;
        m_status->setStyleSheet(u"color: #c62828;"_s);
    } else {
        m_status->setStyleSheet(QString());
    }
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    m_retry->setVisible(!error.isEmpty() && !isLoading());
    if (isLoading())
        m_busy->start(tr("Loading…"));
    else
        m_busy->stop();
    updateContents();
}

void BillingPage::updateContents()
{
    bool any = false;
    for (const QPointer<BillingTableModel> &m : std::as_const(m_models))
        any = any || (m && m->itemCount() > 0);
    if (any || m_models.isEmpty()) {
        m_stack->setCurrentWidget(m_tables);
        for (int i = 0; i < m_views.size(); ++i) {
            QTableView *v = m_views[i];
            // Off first: resizing a stretched last section to its contents would undo the stretch.
            v->horizontalHeader()->setStretchLastSection(false);
            v->resizeColumnsToContents();
            const int columns = v->model()->columnCount();
            // Wide texts (purpose, bank) are elided, not allowed to push the amounts away; the first
            // column names the row (the parameter, the article) and is never cut.
            for (int c = 1; c < columns; ++c)
                if (v->columnWidth(c) > 280)
                    v->setColumnWidth(c, 280);
            // A last column of text (signature, purpose) takes the spare width; amounts stay next
            // to their neighbours instead of drifting to the far edge.
            const QVariant align = v->model()->index(0, columns - 1).data(Qt::TextAlignmentRole);
            const bool stretch = !(align.toInt() & Qt::AlignRight);
            if (stretch) // it takes what is left, and no more: no scroll bar for a long purpose
                v->setColumnWidth(columns - 1, v->horizontalHeader()->minimumSectionSize());
            v->horizontalHeader()->setStretchLastSection(stretch);
            // Cells of several lines (a payment's invoices, one a line) make their row higher.
            v->resizeRowsToContents();
            // A table that does not stretch is as high as its rows (the balance's few articles).
            if (m_stretch[i] == 0) {
                int h = v->horizontalHeader()->height() + 2 * v->frameWidth();
                for (int r = 0; r < v->model()->rowCount(); ++r)
                    h += v->rowHeight(r);
                v->setFixedHeight(h + 2);
            }
        }
        return;
    }
    QString text = m_emptyText;
    if (isLoading() && m_sources.isEmpty())
        text = tr("Loading…");
    else if (!m_sources.isEmpty() &&
             std::all_of(m_sources.cbegin(), m_sources.cend(),
                         [](const SourceState &s) { return !s.error.isEmpty() && !s.cachedAt.isValid(); }))
        text = tr("Nothing to show: the data could not be loaded and none was saved on this computer.");
    m_empty->setText(text);
    m_stack->setCurrentWidget(m_empty);
}

void BillingPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_retry->setText(tr("&Retry"));
        m_exportButton->setText(tr("Export / Print"));
        updateStatus();
    }
    QWidget::changeEvent(event);
}

} // namespace oblik::client
