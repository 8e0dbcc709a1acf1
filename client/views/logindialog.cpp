#include "views/logindialog.h"

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "api/errortext.h"
#include "api/jobs.h"
#include "translations/languages.h"
#include "views/busyindicator.h"
#include "views/certificatepanel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {
const auto kServerKey = u"login/server"_s;
const auto kLoginKey = u"login/login"_s;
} // namespace

LoginDialog::LoginDialog(ApiClient *api, QWidget *parent)
    : QDialog(parent), m_api(api), m_title(new QLabel), m_notice(new QLabel), m_serverLabel(new QLabel),
      m_loginLabel(new QLabel), m_passwordLabel(new QLabel), m_server(new QLineEdit), m_login(new QLineEdit),
      m_password(new QLineEdit), m_error(new QLabel), m_certificate(new CertificatePanel),
      m_busy(new BusyIndicator), m_buttons(new QDialogButtonBox)
{
    setObjectName(u"LoginDialog"_s);
    auto *layout = new QVBoxLayout(this);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    layout->addWidget(m_title);
    m_notice->setWordWrap(true);
    m_notice->setVisible(false);
    layout->addWidget(m_notice);

    auto *form = new QFormLayout;
    m_server->setObjectName(u"server"_s);
    m_login->setObjectName(u"login"_s);
    m_password->setObjectName(u"password"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_server->setPlaceholderText(u"https://oblik.example.ua:8443"_s);
    m_login->setInputMethodHints(Qt::ImhNoAutoUppercase | Qt::ImhNoPredictiveText);
    m_serverLabel->setBuddy(m_server);
    m_loginLabel->setBuddy(m_login);
    m_passwordLabel->setBuddy(m_password);
    form->addRow(m_serverLabel, m_server);
    form->addRow(m_loginLabel, m_login);
    form->addRow(m_passwordLabel, m_password);
    layout->addLayout(form);

    m_error->setObjectName(u"error"_s);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(u"color: #b71c1c;"_s);
    m_error->setVisible(false);
    layout->addWidget(m_error);
    m_certificate->setVisible(false);
    layout->addWidget(m_certificate);
    layout->addWidget(m_busy);
    layout->addStretch(1);

    m_signIn = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_signIn->setDefault(true);
    m_cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    // The language can be changed before signing in: the menus are out of reach until then.
    m_language = new QComboBox;
    m_language->setObjectName(u"language"_s);
    for (const QString &lang : i18n::availableLanguages())
        m_language->addItem(i18n::nativeName(lang), lang);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_language);
    bottom->addWidget(m_buttons, 1);
    layout->addLayout(bottom);
    connect(m_language, &QComboBox::activated, this,
            [this](int index) { Q_EMIT languageRequested(m_language->itemData(index).toString()); });
    connect(m_signIn, &QPushButton::clicked, this, &LoginDialog::submit);
    connect(m_cancel, &QPushButton::clicked, this, &LoginDialog::reject);
    connect(m_certificate, &CertificatePanel::trustRequested, this, &LoginDialog::onTrust);
    // Any edit of the address makes an old certificate question moot.
    connect(m_server, &QLineEdit::textEdited, this, [this] { m_certificate->setVisible(false); });

    setMinimumWidth(540);
    retranslate();
}

LoginDialog::~LoginDialog()
{
    if (m_job)
        m_job->abort();
}

void LoginDialog::retranslate()
{
    setWindowTitle(tr("Sign in to Oblik"));
    m_title->setText(tr("Sign in"));
    m_serverLabel->setText(tr("&Server:"));
    m_loginLabel->setText(tr("&Login:"));
    m_passwordLabel->setText(tr("&Password:"));
    // After a failure the same button tries again; saying so tells the user nothing was lost.
    m_signIn->setText(m_lastError.isNull() ? tr("&Sign in") : tr("&Retry"));
    if (m_errorTextFn)
        m_error->setText(m_errorTextFn());
    if (isBusy())
        m_busy->start(tr("Signing in…"));
}

void LoginDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void LoginDialog::loadRemembered()
{
    QSettings settings;
    if (m_server->text().isEmpty())
        m_server->setText(settings.value(kServerKey).toString());
    if (m_login->text().isEmpty())
        m_login->setText(settings.value(kLoginKey).toString());
    if (m_server->text().isEmpty())
        m_server->setFocus();
    else if (m_login->text().isEmpty())
        m_login->setFocus();
    else
        m_password->setFocus();
}

void LoginDialog::setLanguage(const QString &language)
{
    const int index = m_language->findData(language);
    if (index >= 0)
        m_language->setCurrentIndex(index);
}

void LoginDialog::setServerText(const QString &url)
{
    m_server->setText(url);
}

void LoginDialog::setLoginText(const QString &login)
{
    m_login->setText(login);
}

void LoginDialog::setPasswordText(const QString &password)
{
    m_password->setText(password);
}

void LoginDialog::setNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

QString LoginDialog::serverText() const
{
    return m_server->text();
}

QString LoginDialog::loginText() const
{
    return m_login->text();
}

QString LoginDialog::passwordText() const
{
    return m_password->text();
}

QString LoginDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

bool LoginDialog::isBusy() const
{
    return m_job && m_job->isRunning();
}

void LoginDialog::setBusy(bool busy)
{
    m_server->setReadOnly(busy);
    m_login->setReadOnly(busy);
    m_password->setReadOnly(busy);
    m_signIn->setEnabled(!busy);
    m_certificate->trustButton()->setEnabled(!busy);
    if (busy)
        m_busy->start(tr("Signing in…"));
    else
        m_busy->stop();
}

void LoginDialog::showError(const Error &error)
{
    showErrorText([this, error] {
        QString text = client::errorText(error);
        if (error.code() == u"auth.locked"_s && !error.args().isEmpty())
            text += u' ' + tr("You can try again in %n minute(s).", nullptr,
                              (error.args().first().toInt() + 59) / 60);
        return text;
    });
}

void LoginDialog::showErrorText(std::function<QString()> text)
{
    m_errorTextFn = std::move(text);
    m_error->setText(m_errorTextFn());
    m_error->setVisible(true);
    m_signIn->setText(tr("&Retry"));
}

void LoginDialog::submit()
{
    if (isBusy())
        return;
    m_certificate->setVisible(false);
    const auto url = ApiClient::parseServerUrl(m_server->text());
    Error problem;
    QLineEdit *focus = nullptr;
    if (!url) {
        problem = url.error();
        focus = m_server;
    } else if (m_login->text().trimmed().isEmpty()) {
        problem = Error::make(u"request.missing_field"_s, u"login"_s);
        focus = m_login;
    } else if (m_password->text().isEmpty()) {
        problem = Error::make(u"request.missing_field"_s, u"password"_s);
        focus = m_password;
    }
    if (!problem.isNull()) {
        m_lastError = problem;
        // The catalog's text for a missing field is about requests; the dialog names the field.
        if (problem.code() == u"request.missing_field"_s) {
            showErrorText([this, focus] {
                return focus == m_server  ? tr("Enter the server's address.")
                       : focus == m_login ? tr("Enter your login.")
                                          : tr("Enter your password.");
            });
        } else if (problem.code() == u"request.invalid_field"_s) {
            const QString typed = m_server->text();
            showErrorText([this, typed] { return tr("“%1” is not a server address.").arg(typed); });
        } else {
            showError(problem);
        }
        focus->setFocus();
        fitToContents();
        Q_EMIT loginFailed(problem);
        return;
    }
    m_error->setVisible(false);
    m_errorTextFn = nullptr;
    m_api->setBaseUrl(url.value());
    m_job = m_api->login(m_login->text().trimmed(), m_password->text());
    connect(m_job, &LoginJob::finished, this, [this](const protocol::LoginResponse &r) {
        m_response = r;
        m_lastError = Error();
        m_errorTextFn = nullptr;
        QSettings settings;
        settings.setValue(kServerKey, m_api->baseUrl().toString());
        settings.setValue(kLoginKey, m_login->text().trimmed());
        setBusy(false);
        Q_EMIT loggedIn(r);
        accept();
    });
    connect(m_job, &LoginJob::failed, this, [this](const Error &e) {
        m_lastError = e;
        setBusy(false);
        showError(e);
        if (auto info = CertificateInfo::fromError(e)) {
            m_certificate->setCertificate(*info);
            m_certificate->setVisible(true);
            m_certificate->trustButton()->setFocus();
        } else if (e.code() == u"auth.invalid_credentials"_s) {
            m_password->setFocus();
            m_password->selectAll();
        } else if (e.code().startsWith(u"network."_s)) {
            m_signIn->setFocus();
        }
        fitToContents();
        Q_EMIT loginFailed(e);
    });
    setBusy(true);
}

void LoginDialog::fitToContents()
{
    layout()->activate();
    const int w = std::max(width(), sizeHint().width());
    const int h = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(w) : sizeHint().height();
    resize(w, std::max({h, height(), minimumSizeHint().height()}));
}

void LoginDialog::onTrust(const CertificateInfo &info)
{
    if (!m_api->certificateStore() || info.hostKey.isEmpty())
        return;
    m_api->certificateStore()->trust(info.hostKey, info.fingerprint);
    m_certificate->setVisible(false);
    submit();
}

void LoginDialog::reject()
{
    if (isBusy()) {
        // Cancel while signing in stops the attempt; the dialog stays with what was typed.
        m_job->abort();
        setBusy(false);
        return;
    }
    QDialog::reject();
}

} // namespace oblik::client
