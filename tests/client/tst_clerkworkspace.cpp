// The clerk's workspace offscreen, without a server: the queue model (QAbstractItemModelTester,
// pages, previous values, decisions per row, sorting), the rules of the decision dialog and of the
// meter replacement (each rule a row), and the dialogs keeping what was typed when a rule is broken.

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "models/clerkqueuemodel.h"
#include "views/accountoverview.h"
#include "views/billingcontroller.h"
#include "views/billingpage.h"
#include "views/clerkdecisiondialog.h"
#include "views/clerkworkspace.h"
#include "views/mainwindow.h"
#include "views/meterreplacedialog.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using namespace oblik::domain;

namespace {

const Period kPeriod(2026, 10);
const QDate kToday(2026, 11, 5);

protocol::ClerkReading queued(qint64 id, const QString &account, qint64 consumptionMilli, bool warning,
                              ReadingState state = ReadingState::Submitted)
{
    protocol::ClerkReading c;
    c.reading.id = id;
    c.reading.registerId = RegisterId(100 + id);
    c.reading.meterId = MeterId(200 + id);
    c.reading.accountId = AccountId(account == u"A-2"_s ? 2 : 1);
    c.reading.period = kPeriod;
    c.reading.takenOn = QDate(2026, 11, 2);
    c.reading.value = Energy::fromMilli(1000000 + consumptionMilli);
    c.reading.consumption = Energy::fromMilli(consumptionMilli);
    c.reading.state = state;
    c.accountNumber = account;
    c.consumerName = u"Consumer "_s + account;
    c.meterNumber = u"M%1"_s.arg(id);
    c.rangeWarning = warning;
    return c;
}

protocol::ClerkQueue page(const QList<protocol::ClerkReading> &items, qint64 total)
{
    return protocol::ClerkQueue{items, total};
}

Meter oldMeter()
{
    Meter m;
    m.id = MeterId(7);
    m.number = u"0123456"_s;
    m.model = u"NIK 2303"_s;
    m.digits = 6;
    m.decimals = 0;
    m.ratio = 40;
    m.verificationDue = QDate(2030, 1, 1);
    Register day;
    day.id = RegisterId(71);
    day.zone = Zone::Day;
    Reading last;
    last.period = kPeriod.previous();
    last.value = Energy::fromMilli(5000000); // 5000 kWh on the display
    day.lastReading = last;
    Register night;
    night.id = RegisterId(72);
    night.zone = Zone::Night;
    m.registers = {day, night};
    return m;
}

MeterReplaceDialog::Input goodInput()
{
    MeterReplaceDialog::Input in;
    in.period = kPeriod;
    in.takenOn = QDate(2026, 10, 20);
    const Meter old = oldMeter();
    in.closing = {{old.registers.at(0), u"5100"_s}, {old.registers.at(1), u"2000"_s}};
    in.newMeter.number = u"9988776"_s;
    in.newMeter.model = u"NIK 2303"_s;
    in.newMeter.digits = 6;
    in.newMeter.decimals = 1;
    in.newMeter.ratio = 40;
    in.newMeter.verificationDue = QDate(2034, 10, 1);
    in.opening = {{Zone::Day, u"0"_s}, {Zone::Night, u"0,5"_s}};
    return in;
}

QStringList fieldsOf(const QList<MeterReplaceDialog::FieldError> &errors)
{
    QStringList fields;
    for (const auto &e : errors)
        fields.append(e.field);
    return fields;
}

} // namespace

class TestClerkWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void modelTester()
    {
        ClerkQueueModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPage(page({queued(1, u"A-1"_s, 840000, false), queued(2, u"A-2"_s, 10000, true)}, 3));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(ClerkQueueModel::ColumnCount));
        QVERIFY(model.hasMore());
        // The next page repeats a row that moved between pages: shown once.
        model.appendPage(page({queued(2, u"A-2"_s, 10000, true), queued(3, u"A-1"_s, 5000, false)}, 3));
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(!model.hasMore());
        QCOMPARE(model.data(model.index(1, ClerkQueueModel::AccountColumn)).toString(), u"A-2"_s);
        QCOMPARE(model.data(model.index(0, ClerkQueueModel::ConsumptionColumn)).toString(), u"840.000"_s);
        QVERIFY(model.data(model.index(0, ClerkQueueModel::RangeColumn)).toString().isEmpty());
        QVERIFY(!model.data(model.index(1, ClerkQueueModel::RangeColumn)).toString().isEmpty());
        QCOMPARE(model.data(model.index(1, 0), ClerkQueueModel::RangeWarningRole).toBool(), true);

        // Previous values arrive per account and period.
        model.setPrevious(AccountId(1), kPeriod, {{101, Energy::fromMilli(999000)}});
        QCOMPARE(model.data(model.index(0, ClerkQueueModel::PreviousColumn)).toString(), u"999.000"_s);
        QVERIFY(model.data(model.index(2, ClerkQueueModel::PreviousColumn)).toString().isEmpty());
        QVERIFY(model.data(model.index(1, ClerkQueueModel::PreviousColumn)).toString().isEmpty());

        // Sorting the loaded rows keeps persistent indexes on their reading.
        const QPersistentModelIndex second(model.index(1, 0));
        model.sort(ClerkQueueModel::ConsumptionColumn, Qt::AscendingOrder);
        QCOMPARE(model.data(model.index(0, 0), ClerkQueueModel::ReadingIdRole).toLongLong(), qint64(3));
        QCOMPARE(model.data(second, ClerkQueueModel::ReadingIdRole).toLongLong(), qint64(2));
        model.sort(ClerkQueueModel::AccountColumn, Qt::DescendingOrder);
        QCOMPARE(model.data(model.index(0, 0)).toString(), u"A-2"_s);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.total(), qint64(0));
    }

    void decisionsPerRow()
    {
        ClerkQueueModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPage(page({queued(1, u"A-1"_s, 840000, false), queued(2, u"A-2"_s, 10000, true)}, 2));
        protocol::ItemResults results;
        protocol::ItemResult saved;
        saved.id = 1;
        saved.status = u"saved"_s;
        saved.reading = model.rowAt(0).item.reading;
        saved.reading->state = ReadingState::Rejected;
        saved.reading->rejectionReason = u"photo does not match"_s;
        saved.reading->version = 2;
        protocol::ItemResult refused;
        refused.id = 2;
        refused.status = u"refused"_s;
        refused.problem =
            protocol::Problem::fromError(422, Error::make(u"reading.out_of_range"_s, u"consumption"_s));
        refused.problem->code = u"reading.out_of_range"_s;
        results.items = {saved, refused};
        QCOMPARE(model.applyDecision(results), 1);
        QCOMPARE(int(model.rowAt(0).item.reading.state), int(ReadingState::Rejected));
        QVERIFY(model.data(model.index(0, ClerkQueueModel::StateColumn))
                    .toString()
                    .contains(u"photo does not match"_s));
        QVERIFY(!model.data(model.index(0, 0), ClerkQueueModel::RefusedRole).toBool());
        QCOMPARE(int(model.rowAt(1).item.reading.state), int(ReadingState::Submitted));
        QVERIFY(model.data(model.index(1, 0), ClerkQueueModel::RefusedRole).toBool());
        const QString refusal = model.data(model.index(1, ClerkQueueModel::ResultColumn)).toString();
        QCOMPARE(refusal, Error::make(u"reading.out_of_range"_s).message());
        QVERIFY(!refusal.isEmpty());
    }

    void decisionRules_data()
    {
        QTest::addColumn<bool>("accept");
        QTest::addColumn<int>("warnings");
        QTest::addColumn<bool>("override");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("field"); // empty: fine
        QTest::newRow("reject without reason") << false << 0 << false << u""_s << u"reason"_s;
        QTest::newRow("reject with blanks only") << false << 0 << false << u"  \n "_s << u"reason"_s;
        QTest::newRow("reject with reason") << false << 0 << false << u"photo unreadable"_s << u""_s;
        QTest::newRow("accept in range, no reason") << true << 0 << false << u""_s << u""_s;
        QTest::newRow("accept outside range, no override")
            << true << 2 << false << u"checked"_s << u"override_range"_s;
        QTest::newRow("accept outside range, override, no reason")
            << true << 1 << true << u" "_s << u"reason"_s;
        QTest::newRow("accept outside range, override, reason")
            << true << 1 << true << u"new workshop"_s << u""_s;
    }

    void decisionRules()
    {
        QFETCH(bool, accept);
        QFETCH(int, warnings);
        QFETCH(bool, override);
        QFETCH(QString, reason);
        QFETCH(QString, field);
        const auto action =
            accept ? ClerkDecisionDialog::Action::Accept : ClerkDecisionDialog::Action::Reject;
        const auto c = ClerkDecisionDialog::check(action, warnings, override, reason);
        QCOMPARE(c.field, field);
        QCOMPARE(c.text.isEmpty(), field.isEmpty());
    }

    // The dialog itself: OK with a missing reason stays open and names the field.
    void rejectDialogNamesTheReason()
    {
        ClerkDecisionDialog dialog(ClerkDecisionDialog::Action::Reject, 3, 0);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QPushButton *ok = dialog.buttons()->button(QDialogButtonBox::Ok);
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(dialog.errorLabel()->isVisibleTo(&dialog));
        QVERIFY(dialog.errorLabel()->text().startsWith(u"Reason"_s));
        QVERIFY(!dialog.overrideBox()->isVisibleTo(&dialog));
        QTest::keyClicks(dialog.reasonEdit(), u"the photo shows 12 345"_s);
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.reason(), u"the photo shows 12 345"_s);
    }

    void acceptDialogNeedsOverride()
    {
        ClerkDecisionDialog dialog(ClerkDecisionDialog::Action::Accept, 2, 1);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.overrideBox()->isVisible());
        QPushButton *ok = dialog.buttons()->button(QDialogButtonBox::Ok);
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.errorLabel()->text().startsWith(u"Override the range check"_s));
        dialog.overrideBox()->setChecked(true);
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.errorLabel()->text().startsWith(u"Reason"_s));
        QTest::keyClicks(dialog.reasonEdit(), u"new production line"_s);
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.overrideRange());
        QCOMPARE(dialog.reason(), u"new production line"_s);
    }

    void replaceRules_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("field"); // empty: no error
        QTest::newRow("all fine") << u""_s << u""_s;
        QTest::newRow("no date") << u"date:"_s << u"taken_on"_s;
        QTest::newRow("date before the period") << u"date:2026-09-30"_s << u"taken_on"_s;
        QTest::newRow("date in the future") << u"date:2026-11-06"_s << u"taken_on"_s;
        QTest::newRow("closing empty") << u"closing0:"_s << u"closing[0].value"_s;
        QTest::newRow("closing not a number") << u"closing0:51o0"_s << u"closing[0].value"_s;
        QTest::newRow("closing too many digits") << u"closing1:1234567"_s << u"closing[1].value"_s;
        QTest::newRow("closing decimals on a meter without") << u"closing1:2000.5"_s << u"closing[1].value"_s;
        QTest::newRow("closing below previous") << u"closing0:4000"_s << u"closing[0].value"_s;
        QTest::newRow("closing equal to previous") << u"closing0:5000"_s << u""_s;
        QTest::newRow("no number") << u"number: "_s << u"new_meter.number"_s;
        QTest::newRow("the old meter's number") << u"number:0123456"_s << u"new_meter.number"_s;
        QTest::newRow("digits 0") << u"digits:0"_s << u"new_meter.digits"_s;
        QTest::newRow("digits 13") << u"digits:13"_s << u"new_meter.digits"_s;
        QTest::newRow("decimals 4") << u"decimals:4"_s << u"new_meter.decimals"_s;
        QTest::newRow("ratio 0") << u"ratio:0"_s << u"new_meter.ratio"_s;
        QTest::newRow("verification already due") << u"due:2026-10-19"_s << u"new_meter.verification_due"_s;
        QTest::newRow("verification due that day") << u"due:2026-10-20"_s << u""_s;
        QTest::newRow("no verification date") << u"due:"_s << u"new_meter.verification_due"_s;
        QTest::newRow("no zones") << u"zones:"_s << u"new_meter.zones"_s;
        QTest::newRow("opening empty") << u"opening0:"_s << u"opening[0].value"_s;
        QTest::newRow("opening negative") << u"opening0:-1"_s << u"opening[0].value"_s;
        QTest::newRow("opening more decimals than the new meter")
            << u"opening1:0.55"_s << u"opening[1].value"_s;
    }

    void replaceRules()
    {
        QFETCH(QString, change);
        QFETCH(QString, field);
        MeterReplaceDialog::Input in = goodInput();
        const QString key = change.section(u':', 0, 0);
        const QString value = change.section(u':', 1);
        if (key == u"date")
            in.takenOn = QDate::fromString(value, Qt::ISODate);
        else if (key == u"closing0")
            in.closing[0].second = value;
        else if (key == u"closing1")
            in.closing[1].second = value;
        else if (key == u"number")
            in.newMeter.number = value;
        else if (key == u"digits")
            in.newMeter.digits = value.toInt();
        else if (key == u"decimals")
            in.newMeter.decimals = value.toInt();
        else if (key == u"ratio")
            in.newMeter.ratio = value.toInt();
        else if (key == u"due")
            in.newMeter.verificationDue = QDate::fromString(value, Qt::ISODate);
        else if (key == u"zones")
            in.opening.clear();
        else if (key == u"opening0")
            in.opening[0].second = value;
        else if (key == u"opening1")
            in.opening[1].second = value;
        const auto errors = MeterReplaceDialog::validate(in, oldMeter(), kToday);
        QCOMPARE(fieldsOf(errors), field.isEmpty() ? QStringList() : QStringList{field});
        for (const auto &e : errors)
            QVERIFY(!e.text.isEmpty());
        if (errors.isEmpty()) {
            const auto r = MeterReplaceDialog::request(in);
            QVERIFY(r.ok());
            QCOMPARE(r.value().closing.size(), in.closing.size());
            QCOMPARE(r.value().zones.size(), in.opening.size());
        }
    }

    // The dialog offscreen: a broken rule names the field, marks it, and every typed value stays.
    void replaceDialogKeepsValues()
    {
        MeterReplaceDialog dialog(nullptr, AccountId(), MeterId(7), kPeriod, QDate(2026, 10, 20));
        dialog.setOldMeter(oldMeter());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.zoneBox(Zone::Day)->isChecked());
        QVERIFY(dialog.zoneBox(Zone::Night)->isChecked());
        QVERIFY(!dialog.zoneBox(Zone::Total)->isChecked());
        QCOMPARE(dialog.digitsBox()->value(), 6);
        QCOMPARE(dialog.ratioBox()->value(), 40);
        QTest::keyClicks(dialog.closingEdit(0), u"5100"_s);
        QTest::keyClicks(dialog.closingEdit(1), u"20x0"_s);
        QTest::keyClicks(dialog.openingEdit(Zone::Day), u"0"_s);
        QTest::keyClicks(dialog.openingEdit(Zone::Night), u"0"_s);
        QTest::mouseClick(dialog.buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QCOMPARE(fieldsOf(dialog.lastErrors()), (QStringList{u"closing[1].value"_s, u"new_meter.number"_s}));
        QVERIFY(dialog.errorLabel()->text().contains(u"Number of the new meter"_s));
        QVERIFY(dialog.errorLabel()->text().contains(u"Closing reading"_s));
        QVERIFY(dialog.closingEdit(1)->styleSheet().contains(u"c62828"_s));
        QVERIFY(dialog.numberEdit()->styleSheet().contains(u"c62828"_s));
        QVERIFY(dialog.closingEdit(0)->styleSheet().isEmpty());
        QCOMPARE(dialog.closingEdit(0)->text(), u"5100"_s);
        QCOMPARE(dialog.closingEdit(1)->text(), u"20x0"_s);
        QCOMPARE(dialog.idempotencyKey(), QString()); // nothing was sent
    }

    // The hook in the main window: clerks and admins get the queue as the first tab, shown while no
    // account is open; consumers do not; signing out removes it.
    void mainWindowShowsTheQueueToClerks_data()
    {
        QTest::addColumn<int>("role");
        QTest::addColumn<bool>("workspace");
        QTest::newRow("consumer") << int(Role::Consumer) << false;
        QTest::newRow("clerk") << int(Role::Clerk) << true;
        QTest::newRow("admin") << int(Role::Admin) << true;
    }

    void mainWindowShowsTheQueueToClerks()
    {
        QFETCH(int, role);
        QFETCH(bool, workspace);
        QTemporaryDir dir;
        CertificateStore pins(dir.filePath(u"pins.ini"_s));
        ApiClient api(&pins);
        api.setBaseUrl(QUrl(u"https://127.0.0.1:9"_s));
        MainWindow window(&api);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        User user;
        user.id = UserId(5);
        user.login = u"someone"_s;
        user.role = Role(role);
        window.setUser(user);
        window.showNoAccount(true);
        QCOMPARE(window.clerkWorkspace() != nullptr, workspace);
        if (workspace) {
            QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget *>(window.clerkWorkspace()));
            QVERIFY(window.tabs()->isVisible());
            QVERIFY(!window.tabs()->isTabVisible(window.tabs()->indexOf(window.overview())));
            // No account open: no account's billing tabs either.
            for (BillingPage *page : window.billingController()->pages())
                QVERIFY(!window.tabs()->isTabVisible(window.tabs()->indexOf(page)));
            QVERIFY(window.clerkWorkspace()->isLoading() || !window.clerkWorkspace()->lastError().isNull());
        } else {
            QVERIFY(!window.tabs()->isVisible());
        }
        window.clearSession();
        QVERIFY(!window.clerkWorkspace());
        // Overview, readings, history and the seven billing tabs (documents included), as before.
        QCOMPARE(window.tabs()->count(), 10);
    }
};

QTEST_MAIN(TestClerkWorkspace)
#include "tst_clerkworkspace.moc"
