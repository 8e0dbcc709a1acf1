#pragma once
// The client's flow: sign in, pick an account when there are several, show it; switch account,
// sign out, sign in again when the session ends; switch the language at run time.

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "app/options.h"
#include "protocol/codec.h"
#include "translations/languages.h"

#include <QObject>
#include <QPointer>

namespace oblik::client {

class AccountPickerDialog;
class LoginDialog;
class MainWindow;

class AppController : public QObject
{
    Q_OBJECT
public:
    explicit AppController(const Options &options, QObject *parent = nullptr);
    ~AppController() override;

    void start();

    // For tests: what is on screen (null when not shown).
    MainWindow *window() const { return m_window; }
    LoginDialog *loginDialog() const;
    AccountPickerDialog *accountPicker() const;
    ApiClient &api() { return m_api; }
    QString language() const { return m_translators.current(); }
    // Installs the translators; true if the language is known. Called before start() too.
    bool setLanguage(const QString &language, bool remember);

private:
    void showLogin(const QString &notice);
    void onLoggedIn(const protocol::LoginResponse &response);
    void chooseAccount(const protocol::AccountList *preloaded);
    void logout();
    void takeScreenshot();
    void screenshotFailed(QWidget *what);

    Options m_options;
    i18n::Translators m_translators;
    CertificateStore m_certificates;
    ApiClient m_api;
    MainWindow *m_window = nullptr;
    QPointer<LoginDialog> m_login;
    QPointer<AccountPickerDialog> m_picker;
    bool m_signedIn = false;
    bool m_screenshotTaken = false;
};

} // namespace oblik::client
