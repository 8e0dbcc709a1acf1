// LoginDialog driven like a user would, offscreen: what was typed survives every failure, the
// error is said in words, and an untrusted certificate can be looked at, trusted, and used.

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "api/errortext.h"
#include "serverprocess.h"
#include "translations/languages.h"
#include "views/certificatepanel.h"
#include "views/logindialog.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using oblik::testing::ServerProcess;

class TestLoginDialog : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    i18n::Translators m_translators;
    std::unique_ptr<ServerProcess> m_server;

    void type(QLineEdit *edit, const QString &text)
    {
        edit->clear();
        QTest::keyClicks(edit, text);
    }

    QString m_serverError;
    bool ensureServer()
    {
        if (!m_server) {
            m_server = std::make_unique<ServerProcess>();
            if (!m_server->start(&m_serverError))
                m_server.reset();
        }
        return m_server != nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Settings of this test only.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        QCoreApplication::setOrganizationName(u"OblikTests"_s);
        QCoreApplication::setApplicationName(u"tst_logindialog"_s);
        QVERIFY(m_translators.install(u"en"_s));
    }

    void cleanupTestCase() { m_server.reset(); }

    void typedValuesStayAfterNetworkError()
    {
        CertificateStore store(m_dir.filePath(u"pins.ini"_s));
        ApiClient api(&store);
        LoginDialog dialog(&api);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QString server = u"https://127.0.0.1:%1"_s.arg(oblik::testing::closedPort());
        type(dialog.serverEdit(), server);
        type(dialog.loginEdit(), u"accountant"_s);
        type(dialog.passwordEdit(), u"secret password"_s);
        QSignalSpy failed(&dialog, &LoginDialog::loginFailed);
        QSignalSpy loggedIn(&dialog, &LoginDialog::loggedIn);
        QTest::mouseClick(dialog.signInButton(), Qt::LeftButton);
        QVERIFY(dialog.isBusy() || failed.count() == 1);
        // While it runs, nothing can be typed over.
        if (dialog.isBusy())
            QVERIFY(dialog.loginEdit()->isReadOnly());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QCOMPARE(loggedIn.count(), 0);
        QCOMPARE(failed.first().first().value<Error>().code(), u"network.unreachable"_s);
        QVERIFY(!dialog.isBusy());
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.serverText(), server);
        QCOMPARE(dialog.loginText(), u"accountant"_s);
        QCOMPARE(dialog.passwordText(), u"secret password"_s);
        QVERIFY(!dialog.loginEdit()->isReadOnly());
        QCOMPARE(dialog.errorText(), errorText(Error::make(u"network.unreachable"_s)));
        QCOMPARE(dialog.signInButton()->text(), u"&Retry"_s);
        QVERIFY(dialog.signInButton()->isEnabled());
        QVERIFY(dialog.certificatePanel()->isHidden());
    }

    void missingFieldsAreNamed_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("login");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("focus");
        QTest::newRow("no server") << QString() << u"a"_s << u"p"_s << u"Enter the server's address."_s
                                   << u"server"_s;
        QTest::newRow("no login") << u"h:1"_s << QString() << u"p"_s << u"Enter your login."_s << u"login"_s;
        QTest::newRow("no password") << u"h:1"_s << u"a"_s << QString() << u"Enter your password."_s
                                     << u"password"_s;
        QTest::newRow("http") << u"http://h:1"_s << u"a"_s << u"p"_s
                              << u"The server address must start with https://."_s << u"server"_s;
    }

    void missingFieldsAreNamed()
    {
        QFETCH(QString, server);
        QFETCH(QString, login);
        QFETCH(QString, password);
        QFETCH(QString, error);
        QFETCH(QString, focus);
        CertificateStore store(m_dir.filePath(u"pins.ini"_s));
        ApiClient api(&store);
        LoginDialog dialog(&api);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.activateWindow();
        type(dialog.serverEdit(), server);
        type(dialog.loginEdit(), login);
        type(dialog.passwordEdit(), password);
        QTest::mouseClick(dialog.signInButton(), Qt::LeftButton);
        QVERIFY(!dialog.isBusy()); // refused before any request
        QCOMPARE(dialog.errorText(), error);
        QCOMPARE(dialog.serverText(), server);
        QCOMPARE(dialog.loginText(), login);
        QCOMPARE(dialog.passwordText(), password);
        QTRY_COMPARE(QApplication::focusWidget() ? QApplication::focusWidget()->objectName() : QString(),
                     focus);
    }

    void cancelWhileBusyKeepsTheDialog()
    {
        // A server that accepts and stays silent: the attempt hangs until cancelled.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        CertificateStore store(m_dir.filePath(u"pins.ini"_s));
        ApiClient api(&store);
        LoginDialog dialog(&api);
        dialog.show();
        type(dialog.serverEdit(), u"https://127.0.0.1:%1"_s.arg(silent.serverPort()));
        type(dialog.loginEdit(), u"clerk"_s);
        type(dialog.passwordEdit(), u"pw"_s);
        QTest::mouseClick(dialog.signInButton(), Qt::LeftButton);
        QVERIFY(dialog.isBusy());
        dialog.reject(); // Cancel / Escape
        QVERIFY(!dialog.isBusy());
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.loginText(), u"clerk"_s);
        QCOMPARE(dialog.passwordText(), u"pw"_s);
        dialog.reject(); // now it closes
        QVERIFY(!dialog.isVisible());
    }

    void retranslatesLive()
    {
        CertificateStore store(m_dir.filePath(u"pins.ini"_s));
        ApiClient api(&store);
        LoginDialog dialog(&api);
        QCOMPARE(dialog.signInButton()->text(), u"&Sign in"_s);
        i18n::Translators uk;
        QVERIFY(uk.install(u"uk"_s));
        QCoreApplication::processEvents();
        QVERIFY2(dialog.signInButton()->text() != u"&Sign in"_s, qPrintable(dialog.signInButton()->text()));
        QVERIFY(dialog.windowTitle() != u"Sign in to Oblik"_s);
    }

    void languageCanBeChosenBeforeSigningIn()
    {
        CertificateStore store(m_dir.filePath(u"pins.ini"_s));
        ApiClient api(&store);
        LoginDialog dialog(&api);
        dialog.setLanguage(u"en"_s);
        QSignalSpy requested(&dialog, &LoginDialog::languageRequested);
        auto *chooser = dialog.findChild<QComboBox *>(u"language"_s);
        QVERIFY(chooser);
        QCOMPARE(chooser->currentText(), u"English"_s);
        const int ru = chooser->findData(u"ru"_s);
        QCOMPARE(chooser->itemText(ru), u"Русский"_s);
        Q_EMIT chooser->activated(ru);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.first().first().toString(), u"ru"_s);
    }

    void untrustedThenTrustedThenRemembered()
    {
        REQUIRE_SERVER();
        QSettings().remove(u"login"_s);
        CertificateStore store(m_dir.filePath(u"pins-e2e.ini"_s));
        ApiClient api(&store);
        LoginDialog dialog(&api);
        dialog.show();
        type(dialog.serverEdit(), m_server->url().toString());
        type(dialog.loginEdit(), u"accountant"_s);
        type(dialog.passwordEdit(), u"oblik-demo"_s);
        QSignalSpy failed(&dialog, &LoginDialog::loginFailed);
        QSignalSpy loggedIn(&dialog, &LoginDialog::loggedIn);
        QTest::mouseClick(dialog.signInButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        QCOMPARE(failed.first().first().value<Error>().code(), u"network.tls_untrusted"_s);
        // The certificate is shown with its fingerprint, and nothing typed is lost.
        CertificatePanel *panel = dialog.certificatePanel();
        QVERIFY(!panel->isHidden());
        const QString realFp = CertificateStore::fingerprintOf(m_server->fetchCertificate());
        QCOMPARE(panel->certificate().fingerprint, realFp);
        const auto labels = panel->findChildren<QLabel *>();
        const bool shown = std::any_of(labels.begin(), labels.end(),
                                       [&](QLabel *l) { return QString(l->text()).remove(u'\n') == realFp; });
        QVERIFY2(shown, "the fingerprint is on screen");
        QCOMPARE(dialog.passwordText(), u"oblik-demo"_s);
        QVERIFY(!store.isTrusted(m_server->hostKey(), realFp));

        // Trusting pins it and signs in.
        QTest::mouseClick(panel->trustButton(), Qt::LeftButton);
        QVERIFY(store.isTrusted(m_server->hostKey(), realFp));
        QTRY_COMPARE_WITH_TIMEOUT(loggedIn.count(), 1, 30000);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.response().user.login, u"accountant"_s);
        QVERIFY(!api.token().isEmpty());

        // The next start offers the same server and login, not the password.
        ApiClient api2(&store);
        LoginDialog next(&api2);
        next.loadRemembered();
        QCOMPARE(next.serverText(), m_server->url().toString());
        QCOMPARE(next.loginText(), u"accountant"_s);
        QVERIFY(next.passwordText().isEmpty());
    }

    void wrongPasswordKeepsEverything()
    {
        REQUIRE_SERVER();
        CertificateStore store(m_dir.filePath(u"pins-e2e.ini"_s));
        store.trust(m_server->hostKey(), CertificateStore::fingerprintOf(m_server->fetchCertificate()));
        ApiClient api(&store);
        LoginDialog dialog(&api);
        dialog.show();
        type(dialog.serverEdit(), m_server->url().toString());
        type(dialog.loginEdit(), u"household"_s);
        type(dialog.passwordEdit(), u"wrong"_s);
        QSignalSpy failed(&dialog, &LoginDialog::loginFailed);
        QTest::mouseClick(dialog.signInButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        QCOMPARE(failed.first().first().value<Error>().code(), u"auth.invalid_credentials"_s);
        QCOMPARE(dialog.errorText(), errorText(Error::make(u"auth.invalid_credentials"_s)));
        QCOMPARE(dialog.loginText(), u"household"_s);
        QCOMPARE(dialog.passwordText(), u"wrong"_s);
        QVERIFY(dialog.isVisible());
    }
};

QTEST_MAIN(TestLoginDialog)
#include "tst_logindialog.moc"
