// The client's whole flow against a real oblik-server, offscreen: sign in, choose among several
// accounts, see the overview, switch account, sign out; one account opens directly; the command
// line is parsed as documented.

#include "api/certificatestore.h"
#include "app/appcontroller.h"
#include "app/options.h"
#include "models/accounttreemodel.h"
#include "serverprocess.h"
#include "views/accountoverview.h"
#include "views/accountpickerdialog.h"
#include "views/logindialog.h"
#include "views/mainwindow.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using oblik::testing::ServerProcess;

class TestAppController : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QString m_serverError;

    bool ensureServer()
    {
        if (!m_server) {
            m_server = std::make_unique<ServerProcess>();
            if (!m_server->start(&m_serverError)) {
                m_server.reset();
                return false;
            }
            // The user trusted this server's certificate earlier (the default settings hold pins).
            CertificateStore().trust(m_server->hostKey(),
                                     CertificateStore::fingerprintOf(m_server->fetchCertificate()));
        }
        return true;
    }

    Options options(const QString &login) const
    {
        Options o;
        o.server = m_server->url().toString();
        o.login = login;
        o.language = u"en"_s;
        return o;
    }

    static void signIn(AppController &app)
    {
        LoginDialog *login = app.loginDialog();
        QVERIFY(login);
        QTRY_VERIFY(login->isVisible());
        login->setPasswordText(u"oblik-demo"_s);
        QTest::mouseClick(login->signInButton(), Qt::LeftButton);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        QCoreApplication::setOrganizationName(u"OblikTests"_s);
        QCoreApplication::setApplicationName(u"tst_appcontroller"_s);
    }

    void cleanupTestCase() { m_server.reset(); }

    void parseOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode"); // -1: runs
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("language");
        QTest::newRow("nothing") << QStringList{} << -1 << QString() << QString();
        QTest::newRow("server and lang") << QStringList{u"--server"_s, u"https://h:1"_s, u"--lang"_s, u"uk"_s}
                                         << -1 << u"https://h:1"_s << u"uk"_s;
        QTest::newRow("lang=ru") << QStringList{u"--lang=ru"_s} << -1 << QString() << u"ru"_s;
        QTest::newRow("unknown language") << QStringList{u"--lang"_s, u"de"_s} << 2 << QString() << QString();
        QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s} << 2 << QString() << QString();
        QTest::newRow("stray argument") << QStringList{u"extra"_s} << 2 << QString() << QString();
        QTest::newRow("help") << QStringList{u"--help"_s} << 0 << QString() << QString();
        QTest::newRow("version") << QStringList{u"--version"_s} << 0 << QString() << QString();
    }

    void parseOptions()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, server);
        QFETCH(QString, language);
        const Options o = oblik::client::parseOptions(QStringList{u"oblik"_s} + args);
        QCOMPARE(o.exitCode.value_or(-1), exitCode);
        if (exitCode == -1) {
            QCOMPARE(o.server, server);
            QCOMPARE(o.language, language);
        } else {
            QVERIFY(!o.output.isEmpty());
        }
        QCOMPARE(languageFromArguments(QStringList{u"oblik"_s} + args), args.contains(u"--lang=ru"_s)
                                                                            ? u"ru"_s
                                                                        : language == u"uk"_s ? u"uk"_s
                                                                                              : QString());
    }

    void severalAccountsAskWhichOne()
    {
        REQUIRE_SERVER();
        AppController app(options(u"accountant"_s));
        app.start();
        QCOMPARE(app.language(), u"en"_s);
        QCOMPARE(app.loginDialog()->serverText(), m_server->url().toString());
        QCOMPARE(app.loginDialog()->loginText(), u"accountant"_s);
        signIn(app);
        // The demo accountant has three accounts: the picker asks.
        QTRY_VERIFY_WITH_TIMEOUT(app.accountPicker() && app.accountPicker()->isVisible(), 30000);
        AccountPickerDialog *picker = app.accountPicker();
        QCOMPARE(picker->visibleCount(), 3);
        picker->view()->selectRow(1);
        const AccountId chosen = *picker->selectedAccountId();
        QSignalSpy shown(app.window(), &MainWindow::accountShown);
        picker->accept();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);
        QCOMPARE(app.window()->currentAccountId(), std::optional<AccountId>(chosen));
        QCOMPARE(app.window()->overview()->account().id, chosen);
        QVERIFY(app.window()->overview()->treeModel()->rowCount() > 0);
        QVERIFY(app.window()->windowTitle().contains(app.window()->overview()->account().number));

        // File > Switch account asks again, loading the list itself.
        Q_EMIT app.window()->switchAccountRequested();
        QTRY_VERIFY_WITH_TIMEOUT(app.accountPicker() && app.accountPicker()->visibleCount() == 3, 30000);
        app.accountPicker()->view()->selectRow(2);
        const AccountId other = *app.accountPicker()->selectedAccountId();
        app.accountPicker()->accept();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 30000);
        QCOMPARE(app.window()->overview()->account().id, other);

        // Sign out: the token is gone, the window empty, and the sign-in asked for again.
        Q_EMIT app.window()->logoutRequested();
        QVERIFY(app.api().token().isEmpty());
        QVERIFY(!app.window()->overview()->hasAccount());
        QTRY_VERIFY(app.loginDialog() && app.loginDialog()->isVisible());
        QCOMPARE(app.loginDialog()->loginText(), u"accountant"_s);
    }

    void oneAccountOpensDirectly()
    {
        REQUIRE_SERVER();
        AppController app(options(u"household"_s));
        app.start();
        QSignalSpy shown(app.window(), &MainWindow::accountShown);
        signIn(app);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);
        QVERIFY(!app.accountPicker());
        QVERIFY(app.window()->overview()->account().consumer.kind == domain::ConsumerKind::Household);
    }

    void sessionEndAsksToSignInAgain()
    {
        REQUIRE_SERVER();
        AppController app(options(u"household"_s));
        app.start();
        QSignalSpy shown(app.window(), &MainWindow::accountShown);
        signIn(app);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);
        // The server no longer knows the token (as after the idle timeout): the next request
        // fails, and the sign-in comes back with a notice; afterwards the account is reloaded.
        app.api().setToken(u"expired-token"_s);
        app.window()->reload();
        QTRY_VERIFY_WITH_TIMEOUT(app.loginDialog() && app.loginDialog()->isVisible(), 30000);
        QCOMPARE(app.loginDialog()->serverText(), m_server->url().toString());
        signIn(app);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 30000);
        QVERIFY(app.window()->overview()->hasAccount());
    }
};

QTEST_MAIN(TestAppController)
#include "tst_appcontroller.moc"
