#pragma once
// The client's main window: the open personal account, the menus, and a status bar that says
// whether the server is reachable, which server, and who is signed in. It loads accounts
// asynchronously, shows progress while it does, and when the server cannot be reached says so
// and offers Retry, keeping what is on screen.

#include "core/error.h"
#include "core/ids.h"
#include "domain/entities.h"

#include <QMainWindow>
#include <QPointer>
#include <memory>
#include <optional>

class QAction;
class QFrame;
class QPushButton;
class QActionGroup;
class QLabel;
class QMenu;
class QToolButton;
class QStackedWidget;
class QTabWidget;

namespace oblik::client {

class AccountJob;
class BillingController;
class AccountOverview;
class HistoryView;
class ReadingsController;
class SyncStatusDialog;
class ApiClient;
class ClerkWorkspace;
class ApiSyncTransport;
class BusyIndicator;
class LocalStore;
namespace sign {
class SigningController;
class DocumentSigner;
} // namespace sign
class ReadingsView;
class SyncEngine;
class MessagePanel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ApiClient *api, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setUser(const domain::User &user);
    void setLanguage(const QString &language); // checks the menu entry only
    // Loads and shows the account; while it loads the previous one stays visible.
    void openAccount(AccountId id);
    // Nothing open: "no accounts" or "choose an account".
    void showNoAccount(bool canChoose);
    void clearSession();
    bool isLoading() const;
    std::optional<AccountId> currentAccountId() const { return m_accountId; }

    AccountOverview *overview() const { return m_overview; }
    // The readings form, a tab next to the overview, and the history of readings beside it.
    ReadingsView *readingsView() const { return m_readings; }
    HistoryView *historyView() const { return m_history; }
    ReadingsController *readingsController() const { return m_readingsController; }
    // The billing tabs (balance, invoices, tax invoices, payments, turnover, tariffs) and dialogs.
    BillingController *billingController() const { return m_billing; }
    SyncEngine *syncEngine() const { return m_engine.get(); }
    // "Sync status" (created on first use).
    SyncStatusDialog *syncStatusDialog();
    void showSyncStatus();
    // Status bar texts, for tests.
    QLabel *onlineLabel() const { return m_onlineLabel; }
    QLabel *queueLabel() const { return m_queueLabel; }
    QLabel *syncLabel() const { return m_syncLabel; }
    QTabWidget *tabs() const { return m_tabs; }
    // The readings queue of a clerk's district (admin: supplier), the first tab; null for consumers.
    ClerkWorkspace *clerkWorkspace() const { return m_clerk; }
    // The per-(server, user) local store, open after setUser (null when it could not be opened).
    LocalStore *localStore() const { return m_store.get(); }
    MessagePanel *messagePanel() const { return m_message; }
    // Signing (docs/signatures.md, "Client"): the token worker starts with the first signed-in user;
    // null before.
    sign::SigningController *signingController() const { return m_signing; }
    sign::DocumentSigner *documentSigner() const { return m_signer; }
    void showSigningSettings();
    QAction *retryAction() const { return m_retry; }
    QFrame *banner() const { return m_banner; }

    void saveSettings() const;
    void restoreSettings();

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    void switchAccountRequested();
    void logoutRequested();
    void languageRequested(const QString &language);
    // The account is on screen (after openAccount or reload).
    void accountShown(const oblik::domain::AccountDetail &account);
    void accountFailed(const oblik::Error &error);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void retranslate();
    void updateStatus();
    void showLoadError(const Error &error);
    void showAbout();
    void closeStore();
    void updateSyncStatus();
    // The account could not be fetched: the tree the store kept opens instead, with a banner.
    bool showCachedAccount(const Error &why);
    void showAccount(const domain::AccountDetail &account);
    // Clerk and admin: the workspace is the main page, also while no account is open.
    void updateClerkWorkspace();
    void showClerkPage();
    void setAccountTabsVisible(bool visible);

    ApiClient *m_api;
    QPointer<AccountJob> m_job;
    std::optional<AccountId> m_accountId;
    domain::User m_user;
    bool m_hasUser = false;
    Error m_lastError;
    bool m_noAccountCanChoose = false;
    bool m_loading = false;
    enum class Page { Message, Overview } m_page = Page::Message;

    QStackedWidget *m_stack;
    MessagePanel *m_message;
    AccountOverview *m_overview;
    ReadingsView *m_readings;
    HistoryView *m_history;
    ReadingsController *m_readingsController;
    BillingController *m_billing;
    QPointer<SyncStatusDialog> m_syncDialog;
    QTabWidget *m_tabs;
    ClerkWorkspace *m_clerk = nullptr;
    sign::SigningController *m_signing = nullptr;
    sign::DocumentSigner *m_signer = nullptr;
    QAction *m_signingSettings = nullptr;
    std::unique_ptr<LocalStore> m_store;
    // Declared after the store: destroyed before it.
    std::unique_ptr<ApiSyncTransport> m_transport;
    std::unique_ptr<SyncEngine> m_engine;
    QFrame *m_banner; // above the overview when a refresh failed: the old data stays readable
    QLabel *m_bannerText;
    QPushButton *m_bannerRetry;
    QLabel *m_onlineLabel;
    QLabel *m_queueLabel;
    QLabel *m_syncLabel;
    QToolButton *m_syncButton;
    QLabel *m_serverLabel;
    QLabel *m_userLabel;
    BusyIndicator *m_busy;

    QMenu *m_fileMenu, *m_viewMenu, *m_languageMenu, *m_billingMenu, *m_helpMenu;
    QAction *m_calculateAction, *m_paymentAction, *m_servicesAction, *m_billRunAction;
    QAction *m_refresh, *m_switch, *m_logout, *m_quit, *m_about, *m_retry, *m_syncStatus;
    QActionGroup *m_languages;
};

} // namespace oblik::client
