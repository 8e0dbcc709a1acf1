// The readings form offscreen: the model (QAbstractItemModelTester), each rule a row of a table
// (value kept as typed, the broken rule's message in its cell), preliminary consumption per
// register, per object with sub-consumers subtracted and per account, locked and warned meters,
// every typed value in the local SQLite file before the form says "saved locally", typing with
// Enter moving to the next row, and the warning when leaving with unsent values.

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "domain/readings.h"
#include "local/localstore.h"
#include "models/readingsmodel.h"
#include "views/mainwindow.h"
#include "views/readingsview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using namespace oblik::domain;

namespace {

const QDate kToday(2026, 12, 1);
const Period kPeriod(2026, 11);

Register reg(qint64 id, std::optional<qint64> lastMilli)
{
    Register r;
    r.id = RegisterId(id);
    if (lastMilli) {
        Reading last;
        last.period = kPeriod.previous();
        last.takenOn = QDate(2026, 11, 2);
        last.value = Energy::fromMilli(*lastMilli);
        r.lastReading = last;
    }
    return r;
}

Meter meter(qint64 id, const QString &number, int digits, int decimals, int ratio, QDate due,
            MeterStatus status, Register r)
{
    Meter m;
    m.id = MeterId(id);
    m.number = number;
    m.model = u"NIK 2303"_s;
    m.digits = digits;
    m.decimals = decimals;
    m.ratio = ratio;
    m.verificationDue = due;
    m.status = status;
    m.registers = {r};
    return m;
}

MeteringPoint point(qint64 id, const QString &code, PointKind kind, std::optional<qint64> parent, Meter m)
{
    MeteringPoint p;
    p.id = MeteringPointId(id);
    p.code = code;
    p.name = u"Point "_s + code;
    p.kind = kind;
    if (parent)
        p.parentId = MeteringPointId(*parent);
    p.meters = {m};
    return p;
}

// Object 1 "Workshop": P1 (A, ratio 40, last 1000), P2 (A, sub-consumer of P1, 5 digits, last
// 99990), P3 (R, last 100). Object 2 "Store": P4 faulty, P5 (A, one decimal, last 10, verification
// due in 10 days), P6 verification expired yesterday.
AccountDetail account()
{
    const QDate far(2030, 1, 1);
    AccountDetail a;
    a.id = AccountId(3);
    a.number = u"2001234567"_s;
    SiteObject o1;
    o1.id = ObjectId(1);
    o1.name = u"Workshop"_s;
    o1.meteringPoints = {
        point(1, u"P1"_s, PointKind::Active, {},
              meter(1, u"111"_s, 6, 0, 40, far, MeterStatus::Working, reg(11, 1000000))),
        point(2, u"P2"_s, PointKind::Active, 1,
              meter(2, u"222"_s, 5, 0, 1, far, MeterStatus::Working, reg(21, 99990000))),
        point(3, u"P3"_s, PointKind::Reactive, {},
              meter(3, u"333"_s, 6, 0, 1, far, MeterStatus::Working, reg(31, 100000))),
    };
    SiteObject o2;
    o2.id = ObjectId(2);
    o2.name = u"Store"_s;
    o2.meteringPoints = {
        point(4, u"P4"_s, PointKind::Active, {},
              meter(4, u"444"_s, 6, 0, 1, far, MeterStatus::Faulty, reg(41, 5000))),
        point(5, u"P5"_s, PointKind::Active, {},
              meter(5, u"555"_s, 6, 1, 1, kToday.addDays(10), MeterStatus::Working, reg(51, 10000))),
        point(6, u"P6"_s, PointKind::Active, {},
              meter(6, u"666"_s, 6, 0, 1, kToday.addDays(-1), MeterStatus::Working, reg(61, 5000))),
    };
    a.objects = {o1, o2};
    return a;
}

QModelIndex registerIndex(const ReadingsModel &m, qint64 registerId, int column)
{
    for (int o = 0; o < m.rowCount(); ++o) {
        const QModelIndex parent = m.index(o, 0);
        for (int r = 0; r < m.rowCount(parent); ++r) {
            const QModelIndex i = m.index(r, column, parent);
            if (i.data(ReadingsModel::RegisterIdRole).toLongLong() == registerId)
                return i;
        }
    }
    return {};
}

QString energyText(qint64 milli)
{
    return Energy::fromMilli(milli).format(QLocale());
}

} // namespace

class TestReadingsForm : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelTester();
    void rules_data();
    void rules();
    void totalsRecomputeAsTheUserTypes();
    void lockedAndWarnedMeters();
    void typedValuesAreOnDiskFirst();
    void typingWithEnterMovesDown();
    void leavingWithUnsentValuesWarns();
    void screenshot();
    void sendQueuesAndSyncs();
};

void TestReadingsForm::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestReadingsForm::modelTester()
{
    ReadingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAccount(account(), kPeriod, kToday);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowCount(model.index(0, 0)), 3);
    QCOMPARE(model.registerRowCount(), 6);
    QVERIFY(model.setData(registerIndex(model, 11, ReadingsModel::CurrentValueColumn), u"1010"_s));
    QVERIFY(model.setData(registerIndex(model, 11, ReadingsModel::CurrentValueColumn), u"x"_s));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestReadingsForm::rules_data()
{
    QTest::addColumn<qint64>("registerId");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("consumption"); // "" when none
    QTest::addColumn<QString>("errorCode");   // "" when the value is fine
    QTest::addColumn<QStringList>("errorArgs");
    // P1: 6 digits, ratio 40, previous 1000
    QTest::newRow("ratio") << qint64(11) << u"1010"_s << energyText(400000) << QString() << QStringList();
    QTest::newRow("spaces and leading zeros")
        << qint64(11) << u" 001 010 "_s << energyText(400000) << QString() << QStringList();
    QTest::newRow("same value") << qint64(11) << u"1000"_s << energyText(0) << QString() << QStringList();
    QTest::newRow("letters") << qint64(11) << u"10a0"_s << QString() << u"reading.not_a_number"_s
                             << QStringList();
    QTest::newRow("negative") << qint64(11) << u"-5"_s << QString() << u"reading.negative"_s << QStringList();
    QTest::newRow("seven digits") << qint64(11) << u"1234567"_s << QString() << u"reading.too_many_digits"_s
                                  << QStringList{u"6"_s};
    QTest::newRow("decimals on a whole meter")
        << qint64(11) << u"1010.5"_s << QString() << u"reading.too_many_decimals"_s << QStringList{u"0"_s};
    QTest::newRow("below previous") << qint64(11) << u"990"_s << QString() << u"reading.less_than_previous"_s
                                    << QStringList{u"1000.000"_s};
    // P2: 5 digits, previous 99990: 10 is a plausible roll-over of 20 kWh
    QTest::newRow("roll-over") << qint64(21) << u"10"_s << energyText(20000) << QString() << QStringList();
    // P5: one decimal
    QTest::newRow("decimal comma") << qint64(51) << u"12,5"_s << energyText(2500) << QString()
                                   << QStringList();
    QTest::newRow("two decimals") << qint64(51) << u"12.55"_s << QString() << u"reading.too_many_decimals"_s
                                  << QStringList{u"1"_s};
}

void TestReadingsForm::rules()
{
    QFETCH(qint64, registerId);
    QFETCH(QString, typed);
    QFETCH(QString, consumption);
    QFETCH(QString, errorCode);
    QFETCH(QStringList, errorArgs);
    ReadingsModel model;
    model.setAccount(account(), kPeriod, kToday);
    const QModelIndex value = registerIndex(model, registerId, ReadingsModel::CurrentValueColumn);
    QVERIFY(model.setData(value, typed));
    QCOMPARE(value.data().toString(), typed); // kept as typed, right or wrong
    QCOMPARE(value.data(Qt::EditRole).toString(), typed);
    QCOMPARE(value.siblingAtColumn(ReadingsModel::ConsumptionColumn).data().toString(), consumption);
    if (errorCode.isEmpty()) {
        QVERIFY(value.data(ReadingsModel::ErrorRole).isNull());
        QCOMPARE(model.sendableItems().size(), 1);
    } else {
        const QString message = Error::make(errorCode, u"value"_s, errorArgs).message();
        QCOMPARE(value.data(ReadingsModel::ErrorRole).toString(), message);
        QCOMPARE(value.data(Qt::ToolTipRole).toString(), message);
        QVERIFY(!value.data(Qt::BackgroundRole).isNull()); // marked in its cell
        QVERIFY(model.sendableItems().isEmpty());          // never sent while wrong
    }
}

void TestReadingsForm::totalsRecomputeAsTheUserTypes()
{
    ReadingsModel model;
    model.setAccount(account(), kPeriod, kToday);
    QSignalSpy totals(&model, &ReadingsModel::totalsChanged);
    QCOMPARE(model.accountConsumption(), Energy());
    QVERIFY(model.setData(registerIndex(model, 11, ReadingsModel::CurrentValueColumn), u"1010"_s)); // 400
    QCOMPARE(model.objectConsumption(0), Energy::fromMilli(400000));
    QVERIFY(model.setData(registerIndex(model, 21, ReadingsModel::CurrentValueColumn), u"10"_s)); // sub 20
    QCOMPARE(model.objectConsumption(0), Energy::fromMilli(380000));
    QVERIFY(model.setData(registerIndex(model, 31, ReadingsModel::CurrentValueColumn),
                          u"150"_s)); // reactive: not in A
    QCOMPARE(model.objectConsumption(0), Energy::fromMilli(380000));
    QCOMPARE(model.index(0, ReadingsModel::ConsumptionColumn).data().toString(), energyText(380000));
    QVERIFY(model.setData(registerIndex(model, 51, ReadingsModel::CurrentValueColumn), u"12.5"_s)); // 2.5
    QCOMPARE(model.objectConsumption(1), Energy::fromMilli(2500));
    QCOMPARE(model.accountConsumption(), Energy::fromMilli(382500));
    // A wrong value takes its register out of the totals, the text stays.
    QVERIFY(model.setData(registerIndex(model, 11, ReadingsModel::CurrentValueColumn), u"1o10"_s));
    QCOMPARE(model.accountConsumption(), Energy::fromMilli(-20000 + 2500));
    QCOMPARE(totals.count(), 5);
}

void TestReadingsForm::lockedAndWarnedMeters()
{
    ReadingsModel model;
    model.setAccount(account(), kPeriod, kToday);
    for (qint64 id : {41, 61}) {
        const QModelIndex value = registerIndex(model, id, ReadingsModel::CurrentValueColumn);
        QVERIFY(value.data(ReadingsModel::LockedRole).toBool());
        QVERIFY(!(model.flags(value) & Qt::ItemIsEditable));
        QVERIFY(!model.setData(value, u"6000"_s));
        QVERIFY(value.data().toString().isEmpty());
        QCOMPARE(value.siblingAtColumn(ReadingsModel::StateColumn).data().toString(),
                 ReadingsModel::tr("Locked"));
    }
    QCOMPARE(registerIndex(model, 41, 0).data(Qt::ToolTipRole).toString(),
             Error::make(u"reading.meter_faulty"_s).message());
    QCOMPARE(registerIndex(model, 61, 0).data(Qt::ToolTipRole).toString(),
             checkMeterUsable(account().objects[1].meteringPoints[2].meters[0], kToday).message());
    const QModelIndex soon = registerIndex(model, 51, ReadingsModel::CurrentValueColumn);
    QVERIFY(!soon.data(ReadingsModel::LockedRole).toBool());
    QVERIFY(model.flags(soon) & Qt::ItemIsEditable);
    QVERIFY(
        soon.data(ReadingsModel::WarningRole).toString().contains(kToday.addDays(10).toString(Qt::ISODate)));
    QVERIFY(registerIndex(model, 11, ReadingsModel::CurrentValueColumn)
                .data(ReadingsModel::WarningRole)
                .isNull());
    // Enter skips locked rows: after P5 nothing in object 2 takes a value.
    QVERIFY(!model.nextEditable(soon).isValid());
    QCOMPARE(model.nextEditable(registerIndex(model, 31, ReadingsModel::CurrentValueColumn)),
             soon); // from the last row of object 1 past the faulty P4 to P5
}

void TestReadingsForm::typedValuesAreOnDiskFirst()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"form.db"_s);
    {
        LocalStore store;
        QVERIFY(store.open(path).isNull());
        ReadingsModel model;
        model.setStore(&store);
        model.setAccount(account(), kPeriod, kToday);
        const QModelIndex value = registerIndex(model, 11, ReadingsModel::CurrentValueColumn);
        QVERIFY(model.setData(value, u"1010"_s));
        // A second connection (as after a crash) already sees it.
        LocalStore other;
        QVERIFY(other.open(path).isNull());
        const auto saved = other.reading(AccountId(3), kPeriod, RegisterId(11));
        QVERIFY(saved);
        QCOMPARE(saved->typedText, u"1010"_s);
        QVERIFY(saved->dirty);
        QCOMPARE(value.siblingAtColumn(ReadingsModel::StateColumn).data().toString(),
                 ReadingsModel::tr("Draft, saved locally"));
        QVERIFY(model.setData(registerIndex(model, 21, ReadingsModel::CurrentValueColumn), u"bad"_s));
        QCOMPARE(model.unsentCount(), 2);
        QCOMPARE(model.sendableItems().size(), 1);
        QCOMPARE(model.sendableItems().first().value, Energy::fromMilli(1010000));
    }
    // Reopened: the form shows what was typed, the wrong text too.
    LocalStore store;
    QVERIFY(store.open(path).isNull());
    ReadingsModel model;
    model.setStore(&store);
    model.setAccount(account(), kPeriod, kToday);
    QCOMPARE(registerIndex(model, 11, ReadingsModel::CurrentValueColumn).data().toString(), u"1010"_s);
    QCOMPARE(registerIndex(model, 21, ReadingsModel::CurrentValueColumn).data().toString(), u"bad"_s);
    QVERIFY(
        !registerIndex(model, 21, ReadingsModel::CurrentValueColumn).data(ReadingsModel::ErrorRole).isNull());
    QCOMPARE(model.accountConsumption(), Energy::fromMilli(400000));
    QCOMPARE(model.unsentCount(), 2);

    // The server accepted register 11: its state follows after a reload from the store.
    LocalReading server;
    server.accountId = AccountId(3);
    server.period = kPeriod;
    server.registerId = RegisterId(11);
    server.takenOn = kToday;
    server.serverState = u"submitted"_s;
    server.serverValue = u"1010.000"_s;
    server.version = 1;
    const qint64 seq = store.enqueue(u"readings.save"_s, AccountId(3), "{}").value();
    QVERIFY(store.markQueued(AccountId(3), kPeriod, {RegisterId(11)}, seq).isNull());
    QVERIFY(store.applyServer(server, seq).isNull());
    model.reloadFromStore();
    const QModelIndex state = registerIndex(model, 11, ReadingsModel::StateColumn);
    QCOMPARE(state.data().toString(), readingStateText(ReadingState::Submitted));
    QCOMPARE(model.unsentCount(), 1);
}

void TestReadingsForm::typingWithEnterMovesDown()
{
    QTemporaryDir dir;
    LocalStore store;
    QVERIFY(store.open(dir.filePath(u"form.db"_s)).isNull());
    ReadingsView view;
    view.setStore(&store);
    view.setAccount(account(), kPeriod, kToday);
    view.resize(1200, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    ReadingsModel *model = view.model();
    ReadingsTree *tree = view.treeView();
    const QModelIndex first = registerIndex(*model, 11, ReadingsModel::CurrentValueColumn);
    tree->setCurrentIndex(first); // CurrentChanged opens the editor
    const struct
    {
        qint64 reg;
        QString text;
    } typing[] = {{11, u"1010"_s}, {21, u"10"_s}, {31, u"150"_s}, {51, u"12,5"_s}};
    for (const auto &step : typing) {
        QTRY_VERIFY(qobject_cast<QLineEdit *>(QApplication::focusWidget()));
        QTRY_COMPARE(tree->currentIndex(),
                     registerIndex(*model, step.reg, ReadingsModel::CurrentValueColumn));
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        editor->selectAll();
        QTest::keyClicks(editor, step.text);
        QTest::keyClick(editor, Qt::Key_Return);
    }
    // The delegate commits on Enter from the event loop.
    QTRY_COMPARE(store.dirtyCount(AccountId(3), kPeriod), 4);
    for (const auto &step : typing)
        QCOMPARE(registerIndex(*model, step.reg, ReadingsModel::CurrentValueColumn).data().toString(),
                 step.text);
    QCOMPARE(model->accountConsumption(), Energy::fromMilli(382500));
    QVERIFY(view.totalLabel()->text().contains(Energy::fromMilli(382500).format(QLocale(), 3)));
    QCOMPARE(store.dirtyCount(AccountId(3), kPeriod), 4);
    QVERIFY(view.sendButton()->isEnabled());
}

void TestReadingsForm::leavingWithUnsentValuesWarns()
{
    ReadingsView view;
    view.setAccount(account(), kPeriod, kToday);
    view.show();
    QVERIFY(view.confirmLeave()); // nothing typed: no question
    QVERIFY(view.model()->setData(registerIndex(*view.model(), 11, ReadingsModel::CurrentValueColumn),
                                  u"1010"_s));
    QVERIFY(view.hasUnsentValues());
    for (const bool leave : {false, true}) {
        bool asked = false;
        QTimer::singleShot(0, this, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            asked = true;
            QVERIFY(box->text().contains(u'1'));
            for (QAbstractButton *b : box->buttons()) {
                if (box->buttonRole(b) == (leave ? QMessageBox::AcceptRole : QMessageBox::RejectRole))
                    b->click();
            }
        });
        QCOMPARE(view.confirmLeave(), leave);
        QVERIFY(asked);
    }
}

void TestReadingsForm::screenshot()
{
    // OBLIK_SCREENSHOT_DIR=/tmp/x: leaves a picture of the form with typed, wrong and locked rows.
    const QString dir = qEnvironmentVariable("OBLIK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("OBLIK_SCREENSHOT_DIR is not set");
    ReadingsView view;
    view.setAccount(account(), kPeriod, kToday);
    view.resize(1400, 420);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    ReadingsModel *m = view.model();
    m->setData(registerIndex(*m, 11, ReadingsModel::CurrentValueColumn), u"1010"_s);
    m->setData(registerIndex(*m, 21, ReadingsModel::CurrentValueColumn), u"10"_s);
    m->setData(registerIndex(*m, 31, ReadingsModel::CurrentValueColumn), u"9o"_s);
    m->setData(registerIndex(*m, 51, ReadingsModel::CurrentValueColumn), u"12,5"_s);
    view.setOnline(false, Error::make(u"network.timeout"_s).message());
    QTest::qWait(50); // let the layout take the new texts
    QVERIFY(view.grab().save(dir + u"/readings-form.png"_s));
}

// The main window's Send button: the values that pass the rules become one save command in the
// outbox (on disk first), and the engine tries to send it at once; with the server down the
// command stays queued with the reason, to be retried.
void TestReadingsForm::sendQueuesAndSyncs()
{
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    quint16 closedPort = 1;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    CertificateStore pins(dir.filePath(u"pins.ini"_s));
    ApiClient api(&pins);
    api.setBaseUrl(QUrl(u"https://127.0.0.1:%1"_s.arg(closedPort)));
    api.setTransferTimeout(std::chrono::milliseconds(5000));
    MainWindow window(&api);
    User user;
    user.login = u"send-test"_s;
    QFile::remove(LocalStore::defaultPath(api.hostKey(), user.login));
    window.setUser(user);
    LocalStore *store = window.localStore();
    QVERIFY(store);
    QCOMPARE(store->commands().size(), 0);
    ReadingsView *view = window.readingsView();
    view->setAccount(account(), kPeriod, kToday);
    QVERIFY(!view->sendButton()->isEnabled());
    QVERIFY(view->model()->setData(registerIndex(*view->model(), 11, ReadingsModel::CurrentValueColumn),
                                   u"1010"_s));
    QVERIFY(view->sendButton()->isEnabled());
    QTest::mouseClick(view->sendButton(), Qt::LeftButton);

    const QList<OutboxCommand> commands = store->commands();
    QCOMPARE(commands.size(), 1);
    QCOMPARE(commands.first().kind, u"readings.save"_s);
    QCOMPARE(commands.first().accountId, AccountId(3));
    const QJsonObject body = QJsonDocument::fromJson(commands.first().payload).object();
    QCOMPARE(body.value(u"period"_s).toString(), kPeriod.toString());
    const QJsonArray items = body.value(u"items"_s).toArray();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.first().toObject().value(u"register_id"_s).toInteger(), qint64(11));
    QCOMPARE(items.first().toObject().value(u"value"_s).toString(), u"1010.000"_s);
    const auto local = store->reading(AccountId(3), kPeriod, RegisterId(11));
    QVERIFY(local);
    QCOMPARE(local->outboxSeq, commands.first().seq);
    // The engine ran: no answer, so the command waits for a retry with the reason recorded.
    QTRY_COMPARE_WITH_TIMEOUT(store->command(commands.first().seq)->lastError, u"network.unreachable"_s,
                              15000);
    QCOMPARE(toString(store->command(commands.first().seq)->state), toString(OutboxState::Pending));
    QCOMPARE(store->unansweredCount(), 1);
}

QTEST_MAIN(TestReadingsForm)
#include "tst_readingsform.moc"
