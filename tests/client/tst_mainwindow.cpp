// MainWindow, AccountOverview and AccountPickerDialog offscreen: a server that is down gives a
// clear message and a Retry that tries again; the overview shows the fixture's account; column
// and window state survive a restart; the language switches live; the picker filters and picks.

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "fixtures.h"
#include "models/accountlistmodel.h"
#include "models/accounttreemodel.h"
#include "models/contractlistmodel.h"
#include "serverprocess.h"
#include "translations/languages.h"
#include "views/accountoverview.h"
#include "views/accountpickerdialog.h"
#include "views/mainwindow.h"
#include "views/messagepanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;

namespace {
bool hasLabel(const QWidget *w, const QString &text)
{
    const auto labels = w->findChildren<QLabel *>();
    return std::any_of(labels.begin(), labels.end(), [&](const QLabel *l) { return l->text() == text; });
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    i18n::Translators m_translators;

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        QCoreApplication::setOrganizationName(u"OblikTests"_s);
        QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
        QVERIFY(m_translators.install(u"en"_s));
    }

    void serverDownSaysSoAndRetries()
    {
        CertificateStore store(m_dir.filePath(u"pins.ini"_s));
        ApiClient api(&store);
        api.setBaseUrl(QUrl(u"https://127.0.0.1:%1"_s.arg(oblik::testing::closedPort())));
        MainWindow window(&api);
        window.show();
        domain::User user;
        user.login = u"accountant"_s;
        user.name = u"Olena"_s;
        window.setUser(user);
        QSignalSpy failed(&window, &MainWindow::accountFailed);
        window.openAccount(AccountId(101));
        QVERIFY(window.isLoading());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QVERIFY(!window.isLoading());
        MessagePanel *panel = window.messagePanel();
        QVERIFY(panel->isVisible());
        QCOMPARE(panel->kind(), MessagePanel::Kind::Error);
        QCOMPARE(panel->title(), u"The server cannot be reached"_s);
        QVERIFY(panel->text().contains(api.baseUrl().toString()));
        QVERIFY(panel->actionButton()->isVisible());
        QCOMPARE(panel->actionButton()->text(), u"&Retry"_s);
        QVERIFY(!api.isOnline());
        // Retry asks again, for the same account.
        QTest::mouseClick(panel->actionButton(), Qt::LeftButton);
        QVERIFY(window.isLoading());
        QCOMPARE(window.currentAccountId(), std::optional<AccountId>(AccountId(101)));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 20000);
        QCOMPARE(panel->kind(), MessagePanel::Kind::Error);
    }

    void overviewShowsTheAccount()
    {
        AccountOverview overview;
        overview.resize(1200, 700);
        overview.show();
        overview.treeModel()->setToday(QDate(2026, 11, 5));
        overview.setAccount(oblik::testing::accountFixture());
        QVERIFY(hasLabel(&overview, u"Personal account 2001234567"_s));
        QVERIFY(hasLabel(&overview, u"EDRPOU 32855961,  IPN 328559603021"_s));
        QCOMPARE(overview.contractModel()->rowCount(), 2);
        QCOMPARE(overview.treeModel()->rowCount(), 2);
        // Expanded down to the registers.
        const QModelIndex base = overview.treeModel()->index(0, 0);
        const QModelIndex input = overview.treeModel()->index(0, 0, base);
        QVERIFY(overview.treeView()->isExpanded(base));
        QVERIFY(overview.treeView()->isExpanded(input));
        QVERIFY(overview.treeView()->isExpanded(overview.treeModel()->index(1, 0, input)));
        // Both contracts are fully visible without scrolling.
        QTableView *contracts = overview.contractView();
        QVERIFY(contracts->height() >=
                contracts->horizontalHeader()->height() + contracts->verticalHeader()->length());
        // No column is narrower than its header text.
        QHeaderView *header = overview.treeView()->header();
        for (int c = 0; c < AccountTreeModel::ColumnCount; ++c)
            QVERIFY2(header->sectionSize(c) >= header->sectionSizeHint(c) ||
                         c == AccountTreeModel::NameColumn,
                     qPrintable(QString::number(c)));
        overview.clear();
        QVERIFY(!overview.hasAccount());
        QCOMPARE(overview.treeModel()->rowCount(), 0);
    }

    void stateSurvivesRestart()
    {
        CertificateStore store(m_dir.filePath(u"pins.ini"_s));
        ApiClient api(&store);
        {
            MainWindow window(&api);
            window.restoreSettings();
            window.show();
            window.resize(1111, 777);
            window.overview()->treeView()->header()->setSectionHidden(AccountTreeModel::ModelColumn, true);
            window.close(); // saves
        }
        MainWindow again(&api);
        again.restoreSettings();
        QVERIFY(again.overview()->treeView()->header()->isSectionHidden(AccountTreeModel::ModelColumn));
        QCOMPARE(again.size(), QSize(1111, 777));
        again.overview()->treeView()->header()->setSectionHidden(AccountTreeModel::ModelColumn, false);
        again.saveSettings();
    }

    void languageSwitchesLive()
    {
        CertificateStore store(m_dir.filePath(u"pins.ini"_s));
        ApiClient api(&store);
        MainWindow window(&api);
        window.overview()->setAccount(oblik::testing::accountFixture());
        QSignalSpy requested(&window, &MainWindow::languageRequested);
        const auto menus = window.menuBar()->actions();
        QCOMPARE(menus.first()->text(), u"&File"_s);
        {
            i18n::Translators uk;
            QVERIFY(uk.install(u"uk"_s));
            QCoreApplication::processEvents();
            QCOMPARE(menus.first()->text(), u"&Файл"_s);
            QVERIFY(hasLabel(window.overview(), u"Особовий рахунок № 2001234567"_s));
            QCOMPARE(window.overview()
                         ->treeModel()
                         ->headerData(AccountTreeModel::StatusColumn, Qt::Horizontal)
                         .toString(),
                     u"Стан"_s);
            QCOMPARE(window.overview()
                         ->contractModel()
                         ->index(0, ContractListModel::WindowColumn)
                         .data()
                         .toString(),
                     u"3 робочі дні"_s);
            QCOMPARE(QLocale().language(), QLocale::Ukrainian);
        }
        // Removing the Ukrainian translators brings the English back.
        QCoreApplication::processEvents();
        QVERIFY(m_translators.install(u"en"_s));
        QCoreApplication::processEvents();
        QCOMPARE(menus.first()->text(), u"&File"_s);
        // The View menu offers each language by its own name and asks the controller to switch.
        QMenu *view = menus.at(1)->menu();
        QMenu *languages = view->actions().first()->menu();
        QStringList names;
        for (QAction *a : languages->actions())
            names << a->text();
        QCOMPARE(names, (QStringList{u"English"_s, u"Українська"_s, u"Русский"_s}));
        languages->actions().at(2)->trigger();
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.first().first().toString(), u"ru"_s);
    }

    void pickerFiltersAndPicks()
    {
        CertificateStore store(m_dir.filePath(u"pins.ini"_s));
        ApiClient api(&store);
        AccountPickerDialog picker(&api);
        picker.setAccounts(oblik::testing::accountListFixture());
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        QCOMPARE(picker.visibleCount(), 3);
        QVERIFY(picker.selectedAccountId().has_value()); // the first row is selected at once
        QSignalSpy chosen(&picker, &AccountPickerDialog::accountChosen);
        picker.filterEdit()->setFocus();
        picker.filterEdit()->insert(u"мельник"_s); // QTest::keyClicks types ASCII only
        QCOMPARE(picker.visibleCount(), 1);
        QTest::keyClick(picker.filterEdit(), Qt::Key_Return);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.first().first().value<AccountId>(), AccountId(103));
        QCOMPARE(picker.result(), int(QDialog::Accepted));
    }

    void pickerKeyboardOnly()
    {
        CertificateStore store(m_dir.filePath(u"pins.ini"_s));
        ApiClient api(&store);
        AccountPickerDialog picker(&api);
        picker.setAccounts(oblik::testing::accountListFixture());
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        QSignalSpy chosen(&picker, &AccountPickerDialog::accountChosen);
        picker.filterEdit()->setFocus();
        QTest::keyClick(picker.filterEdit(), Qt::Key_Down); // arrows move in the list from the filter
        QTest::keyClick(picker.filterEdit(), Qt::Key_Return);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.first().first().value<AccountId>(), AccountId(102));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
