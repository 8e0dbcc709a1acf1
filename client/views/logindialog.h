#pragma once
// Signing in: server address, login, password. Remembers the server and the login; while the
// request runs it shows progress and can be cancelled; on failure it says why in the user's
// language and keeps everything typed; for an untrusted certificate it shows what to check and
// offers to trust it, then tries again.

#include "api/certificateinfo.h"
#include "core/error.h"
#include "protocol/codec.h"

#include <QDialog>
#include <QPointer>
#include <functional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace oblik::client {

class ApiClient;
class BusyIndicator;
class CertificatePanel;
class LoginJob;

class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    explicit LoginDialog(ApiClient *api, QWidget *parent = nullptr);
    ~LoginDialog() override;

    // Fills the fields from QSettings (the last server and login).
    void loadRemembered();
    void setServerText(const QString &url);
    void setLoginText(const QString &login);
    void setPasswordText(const QString &password);
    // A notice above the fields, e.g. "your session has ended".
    void setNotice(const QString &text);
    // Selects the language in the dialog's own chooser (without asking to switch).
    void setLanguage(const QString &language);

    QString serverText() const;
    QString loginText() const;
    QString passwordText() const;
    QString errorText() const;
    bool isBusy() const;
    // The last failure (null after a success or before any attempt).
    Error lastError() const { return m_lastError; }
    const protocol::LoginResponse &response() const { return m_response; }

    QLineEdit *serverEdit() const { return m_server; }
    QLineEdit *loginEdit() const { return m_login; }
    QLineEdit *passwordEdit() const { return m_password; }
    QPushButton *signInButton() const { return m_signIn; }
    CertificatePanel *certificatePanel() const { return m_certificate; }

public Q_SLOTS:
    // Starts signing in with the fields' values (as the Sign in button does).
    void submit();
    // While signing in: stops the attempt and keeps the dialog. Otherwise closes it.
    void reject() override;

Q_SIGNALS:
    // Emitted before the dialog is accepted; the ApiClient holds the token by then.
    void loggedIn(const oblik::protocol::LoginResponse &response);
    // A try ended with an error (shown in the dialog).
    void loginFailed(const oblik::Error &error);
    // The user picked another language before signing in.
    void languageRequested(const QString &language);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void setBusy(bool busy);
    void showError(const Error &error);
    // Shows text() now and again after a language switch.
    void showErrorText(std::function<QString()> text);
    void onTrust(const CertificateInfo &info);
    // Grows (never shrinks) the dialog to show wrapped texts that appeared in full.
    void fitToContents();

    ApiClient *m_api;
    QPointer<LoginJob> m_job;
    Error m_lastError;
    std::function<QString()> m_errorTextFn;
    protocol::LoginResponse m_response;
    QLabel *m_title;
    QLabel *m_notice;
    QLabel *m_serverLabel, *m_loginLabel, *m_passwordLabel;
    QLineEdit *m_server, *m_login, *m_password;
    QLabel *m_error;
    CertificatePanel *m_certificate;
    BusyIndicator *m_busy;
    QDialogButtonBox *m_buttons;
    QPushButton *m_signIn;
    QPushButton *m_cancel;
    QComboBox *m_language;
};

} // namespace oblik::client
