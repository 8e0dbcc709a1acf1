#pragma once
// Choosing one of several personal accounts. The filter narrows the list as one types; when the
// server holds more accounts than were loaded (a clerk's district), the server is searched too.

#include "core/error.h"
#include "core/ids.h"
#include "protocol/codec.h"

#include <QDialog>
#include <QPointer>
#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace oblik::client {

class AccountListModel;
class AccountsJob;
class ApiClient;
class BusyIndicator;

class AccountPickerDialog : public QDialog
{
    Q_OBJECT
public:
    // How many accounts one request loads.
    static constexpr int PageSize = 500;

    explicit AccountPickerDialog(ApiClient *api, QWidget *parent = nullptr);
    ~AccountPickerDialog() override;

    // Shows an already loaded list (no request).
    void setAccounts(const protocol::AccountList &list);
    // Loads the first page from the server.
    void reload();

    std::optional<AccountId> selectedAccountId() const;
    int visibleCount() const;
    // Opens the selected account (Open, Enter, double-click); nothing without a selection.
    void accept() override;

    QLineEdit *filterEdit() const { return m_filter; }
    QTableView *view() const { return m_view; }
    AccountListModel *model() const { return m_model; }

Q_SIGNALS:
    void accountChosen(oblik::AccountId id);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();
    void updateCount();
    void onFilterEdited();
    void search(const QString &query);
    void showError(const Error &error);

    ApiClient *m_api;
    QPointer<AccountsJob> m_job;
    AccountListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    qint64 m_total = 0;
    QString m_loadedQuery;
    QLabel *m_intro;
    QLineEdit *m_filter;
    QTableView *m_view;
    QLabel *m_count;
    QLabel *m_error;
    QPushButton *m_retry;
    BusyIndicator *m_busy;
    QTimer *m_debounce;
    QDialogButtonBox *m_buttons;
    QPushButton *m_open;
    Error m_lastError;
};

} // namespace oblik::client
