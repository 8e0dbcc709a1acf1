#include "views/accountpickerdialog.h"
#include "views/tableexport.h"

#include "api/apiclient.h"
#include "api/errortext.h"
#include "api/jobs.h"
#include "models/accountlistmodel.h"
#include "views/busyindicator.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

AccountPickerDialog::AccountPickerDialog(ApiClient *api, QWidget *parent)
    : QDialog(parent), m_api(api), m_model(new AccountListModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_intro(new QLabel), m_filter(new QLineEdit),
      m_view(new QTableView), m_count(new QLabel), m_error(new QLabel), m_retry(new QPushButton),
      m_busy(new BusyIndicator), m_debounce(new QTimer(this)), m_buttons(new QDialogButtonBox)
{
    setObjectName(u"AccountPickerDialog"_s);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(AccountListModel::SearchTextRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortLocaleAware(true);

    auto *layout = new QVBoxLayout(this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);
    m_filter->setObjectName(u"filter"_s);
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);
    m_view->setModel(m_proxy);
    new TableExport(m_view); // export and print from the context menu
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AccountListModel::NumberColumn, Qt::AscendingOrder);
    m_view->verticalHeader()->setVisible(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAlternatingRowColors(true);
    layout->addWidget(m_view, 1);
    auto *status = new QHBoxLayout;
    status->addWidget(m_count);
    status->addWidget(m_busy, 1);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #b71c1c;"_s);
    status->addWidget(m_error, 1);
    status->addWidget(m_retry);
    layout->addLayout(status);
    m_error->setVisible(false);
    m_retry->setVisible(false);

    m_open = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_open->setDefault(true);
    m_buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AccountPickerDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AccountPickerDialog::reject);
    connect(m_view, &QTableView::doubleClicked, this, &AccountPickerDialog::accept);
    connect(m_retry, &QPushButton::clicked, this, [this] { search(m_filter->text().trimmed()); });

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, [this] { search(m_filter->text().trimmed()); });
    connect(m_filter, &QLineEdit::textChanged, this, &AccountPickerDialog::onFilterEdited);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_open->setEnabled(selectedAccountId().has_value()); });
    // Arrow keys in the filter move through the list, so the mouse is never needed.
    m_filter->installEventFilter(this);
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        if (visibleCount() > 0 && !selectedAccountId())
            m_view->selectRow(0);
        accept();
    });
    resize(860, 480);
    retranslate();
    m_open->setEnabled(false);
}

AccountPickerDialog::~AccountPickerDialog()
{
    if (m_job)
        m_job->abort();
}

void AccountPickerDialog::retranslate()
{
    setWindowTitle(tr("Choose a personal account"));
    TableExport::of(m_view)->setTitle(tr("Personal accounts"));
    m_intro->setText(tr("Your login has access to several personal accounts. Choose the one to open; "
                        "you can switch later with File ▸ Switch account."));
    m_filter->setPlaceholderText(tr("Filter by account number, consumer, address or contract"));
    m_open->setText(tr("&Open"));
    m_retry->setText(tr("&Retry"));
    if (!m_lastError.isNull())
        m_error->setText(client::errorText(m_lastError));
    if (m_busy->isBusy())
        m_busy->start(tr("Loading accounts…"));
    m_model->retranslate();
    updateCount();
}

void AccountPickerDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

bool AccountPickerDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Up || key == Qt::Key_Down || key == Qt::Key_PageUp || key == Qt::Key_PageDown) {
            QKeyEvent copy(QEvent::KeyPress, key, static_cast<QKeyEvent *>(event)->modifiers());
            QCoreApplication::sendEvent(m_view, &copy);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void AccountPickerDialog::setAccounts(const protocol::AccountList &list)
{
    m_model->setAccounts(list.items);
    m_total = list.total;
    m_view->resizeColumnsToContents();
    if (m_view->columnWidth(AccountListModel::AddressColumn) > 320)
        m_view->setColumnWidth(AccountListModel::AddressColumn, 320);
    if (m_proxy->rowCount() > 0)
        m_view->selectRow(0);
    updateCount();
}

void AccountPickerDialog::reload()
{
    search(QString());
}

void AccountPickerDialog::search(const QString &query)
{
    if (m_job)
        m_job->abort();
    m_error->setVisible(false);
    m_retry->setVisible(false);
    m_lastError = Error();
    m_busy->start(tr("Loading accounts…"));
    m_job = m_api->accounts(query, PageSize, 0);
    connect(m_job, &AccountsJob::finished, this, [this, query](const protocol::AccountList &list) {
        m_busy->stop();
        m_loadedQuery = query;
        setAccounts(list);
    });
    connect(m_job, &AccountsJob::failed, this, [this](const Error &e) {
        m_busy->stop();
        showError(e);
    });
}

void AccountPickerDialog::showError(const Error &error)
{
    m_lastError = error;
    m_error->setText(client::errorText(error));
    m_error->setVisible(true);
    m_retry->setVisible(true);
}

void AccountPickerDialog::onFilterEdited()
{
    const QString text = m_filter->text().trimmed();
    m_proxy->setFilterFixedString(text);
    if (m_proxy->rowCount() > 0 && !selectedAccountId())
        m_view->selectRow(0);
    updateCount();
    // Everything is loaded when the server's total fits: the local filter is the whole answer.
    // Otherwise ask the server, which searches all of them.
    const bool allLoaded = m_total <= m_model->rowCount() && m_loadedQuery.isEmpty();
    if (!allLoaded)
        m_debounce->start();
}

int AccountPickerDialog::visibleCount() const
{
    return m_proxy->rowCount();
}

void AccountPickerDialog::updateCount()
{
    if (m_total > m_model->rowCount() && m_proxy->rowCount() == m_model->rowCount())
        m_count->setText(tr("%1 of %n account(s) shown; type to search all", nullptr, int(m_total))
                             .arg(m_model->rowCount()));
    else
        m_count->setText(tr("%n account(s)", nullptr, m_proxy->rowCount()));
}

std::optional<AccountId> AccountPickerDialog::selectedAccountId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return AccountId(rows.first().data(AccountListModel::AccountIdRole).toLongLong());
}

void AccountPickerDialog::accept()
{
    const auto id = selectedAccountId();
    if (!id)
        return;
    Q_EMIT accountChosen(*id);
    QDialog::accept();
}

} // namespace oblik::client
