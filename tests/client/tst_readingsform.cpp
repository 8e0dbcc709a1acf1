// The readings form offscreen: the model (QAbstractItemModelTester), each rule a row of a table
// (value kept as typed, the broken rule's message in its cell), preliminary consumption per
// register, per object with sub-consumers subtracted and per account, locked and warned meters,
// every typed value in the local SQLite file before the form says "saved locally", typing with
// Enter moving to the next row, and the warning when leaving with unsent values.

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "domain/readings.h"
#include "local/localstore.h"
#include "models/displayformat.h"
#include "models/readingsentry.h"
#include "models/readingsmodel.h"
#include "protocol/codec.h"
#include "views/historyview.h"
#include "views/mainwindow.h"
#include "views/readingscontroller.h"
#include "views/readingsview.h"
#include "views/syncstatusdialog.h"

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
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableWidget>
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
    void entryClosedIsReadOnly_data();
    void entryClosedIsReadOnly();
    void keystrokeTouchesOneObject();
    void meterReplacedKeepsTypedValues();
    void meterChangedBanner();
    void refusedValueIsMarked();
    void submitNeedsEverySaved();
    void opensOfflineFromTheStore();
    void unknownPeriodOffline();
    void historyGroupsByMeter();
    void syncStatusListsCommands();
    void closingTheWindowWarns();
};

namespace {
ReadingsEntry openEntry()
{
    ReadingsEntry e;
    e.period = kPeriod;
    e.window = {QDate(2026, 12, 1), QDate(2026, 12, 4)};
    return e;
}

LocalReading serverReading(qint64 reg, const QString &state, const QString &value, qint64 version = 1)
{
    LocalReading r;
    r.accountId = AccountId(3);
    r.period = kPeriod;
    r.registerId = RegisterId(reg);
    r.takenOn = kToday;
    r.serverState = state;
    r.serverValue = value;
    r.version = version;
    return r;
}

// A MainWindow on a server that is not there, with its own store file.
struct OfflineWindow
{
    QTemporaryDir dir;
    std::unique_ptr<CertificateStore> pins;
    std::unique_ptr<ApiClient> api;
    std::unique_ptr<MainWindow> window;
    explicit OfflineWindow(const QString &login)
    {
        QStandardPaths::setTestModeEnabled(true);
        quint16 port = 1;
        {
            QTcpServer probe;
            probe.listen(QHostAddress::LocalHost, 0);
            port = probe.serverPort();
        }
        pins = std::make_unique<CertificateStore>(dir.filePath(u"pins.ini"_s));
        api = std::make_unique<ApiClient>(pins.get());
        api->setBaseUrl(QUrl(u"https://127.0.0.1:%1"_s.arg(port)));
        api->setTransferTimeout(std::chrono::milliseconds(5000));
        window = std::make_unique<MainWindow>(api.get());
        User user;
        user.login = login;
        QFile::remove(LocalStore::defaultPath(api->hostKey(), user.login));
        window->setUser(user);
    }
};
} // namespace

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
    // Entry closing and opening again, and a reload from the store, keep the model consistent.
    model.setEntryOpen(false);
    QVERIFY(!model.setData(registerIndex(model, 21, ReadingsModel::CurrentValueColumn), u"10"_s));
    model.setEntryOpen(true);
    QTemporaryDir dir;
    LocalStore store;
    QVERIFY(store.open(dir.filePath(u"tester.db"_s)).isNull());
    model.setStore(&store);
    model.setAccount(account(), kPeriod, kToday);
    QVERIFY(model.setData(registerIndex(model, 21, ReadingsModel::CurrentValueColumn), u"10"_s));
    QVERIFY(store.applyServer(serverReading(11, u"ready"_s, u"1010.000"_s)).isNull());
    model.reloadFromStore();
    QCOMPARE(registerIndex(model, 11, ReadingsModel::CurrentValueColumn).data().toString(), u"1010"_s);
    model.setStore(nullptr);
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
    QTemporaryDir tmp;
    LocalStore store;
    QVERIFY(store.open(tmp.filePath(u"form.db"_s)).isNull());
    ReadingsView view;
    view.setStore(&store);
    view.setAccount(account(), kPeriod, kToday);
    view.setEntry(openEntry());
    view.resize(1400, 480);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    ReadingsModel *m = view.model();
    m->setData(registerIndex(*m, 11, ReadingsModel::CurrentValueColumn), u"1010"_s);
    m->setData(registerIndex(*m, 21, ReadingsModel::CurrentValueColumn), u"10"_s);
    m->setData(registerIndex(*m, 31, ReadingsModel::CurrentValueColumn), u"9o"_s);
    m->setData(registerIndex(*m, 51, ReadingsModel::CurrentValueColumn), u"12,5"_s);
    // The supplier replaced P2's meter meanwhile: the banner offers to reload.
    QVERIFY(store
                .setRejected(AccountId(3), kPeriod, RegisterId(21), u"reading.meter_changed"_s,
                             Error::make(u"reading.meter_changed"_s, u"number"_s).message())
                .isNull());
    view.refresh();
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
    // Queued values are on their way under the command's key: Send has nothing more to offer, so a
    // second click cannot queue the same text again under a new key.
    QCOMPARE(view->model()->sendableCount(), 0);
    QVERIFY(!view->sendButton()->isEnabled());
    QTest::mouseClick(view->sendButton(), Qt::LeftButton);
    QCOMPARE(store->commands().size(), 1);
    // The engine ran: no answer, so the command waits for a retry with the reason recorded.
    QTRY_COMPARE_WITH_TIMEOUT(store->command(commands.first().seq)->lastError, u"network.unreachable"_s,
                              15000);
    QCOMPARE(toString(store->command(commands.first().seq)->state), toString(OutboxState::Pending));
    QCOMPARE(store->unansweredCount(), 1);
    // Typing again unqueues the row: the newer text is offered and the old command keeps the old.
    QVERIFY(view->model()->setData(registerIndex(*view->model(), 11, ReadingsModel::CurrentValueColumn),
                                   u"1011"_s));
    QCOMPARE(view->model()->sendableCount(), 1);
    QCOMPARE(store->reading(AccountId(3), kPeriod, RegisterId(11))->outboxSeq, 0);
}

void TestReadingsForm::entryClosedIsReadOnly_data()
{
    QTest::addColumn<QDate>("today");
    QTest::addColumn<bool>("periodClosed");
    QTest::addColumn<bool>("open");
    QTest::newRow("inside the window") << QDate(2026, 12, 2) << false << true;
    QTest::newRow("first day") << QDate(2026, 12, 1) << false << true;
    QTest::newRow("last day") << QDate(2026, 12, 4) << false << true;
    QTest::newRow("before the window") << QDate(2026, 11, 28) << false << false;
    QTest::newRow("after the window") << QDate(2026, 12, 5) << false << false;
    QTest::newRow("period processed") << QDate(2026, 12, 2) << true << false;
}

void TestReadingsForm::entryClosedIsReadOnly()
{
    QFETCH(QDate, today);
    QFETCH(bool, periodClosed);
    QFETCH(bool, open);
    ReadingsView view;
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.setAccount(account(), kPeriod, today);
    ReadingsEntry entry = openEntry();
    entry.periodClosed = periodClosed;
    view.setEntry(entry);
    QCOMPARE(view.model()->isEntryOpen(), open);
    const QModelIndex value = registerIndex(*view.model(), 11, ReadingsModel::CurrentValueColumn);
    QCOMPARE(bool(view.model()->flags(value) & Qt::ItemIsEditable), open);
    QCOMPARE(view.model()->setData(value, u"1010"_s), open);
    QCOMPARE(view.closedBanner()->isHidden(), open);
    if (!open)
        QVERIFY(!view.closedText()->text().isEmpty());
    QVERIFY(view.entryLabel()->text().contains(format::date(QDate(2026, 12, 4))));
    // The server's own verdict wins while it is fresh, not from the cache.
    entry.serverOpen = !open;
    if (!periodClosed) {
        view.setEntry(entry);
        QCOMPARE(view.model()->isEntryOpen(), !open);
        entry.fromCache = true;
        view.setEntry(entry);
        QCOMPARE(view.model()->isEntryOpen(), open);
    }
}

void TestReadingsForm::keystrokeTouchesOneObject()
{
    // The counters kept per keystroke agree with a full recount after a reload from the store.
    QTemporaryDir dir;
    LocalStore store;
    QVERIFY(store.open(dir.filePath(u"form.db"_s)).isNull());
    ReadingsModel model;
    model.setStore(&store);
    model.setAccount(account(), kPeriod, kToday);
    const struct
    {
        qint64 reg;
        QString text;
    } typing[] = {{11, u"1010"_s}, {21, u"x"_s},  {31, u"150"_s},
                  {11, u"1020"_s}, {21, u"10"_s}, {51, u"12,55"_s}};
    for (const auto &t : typing)
        QVERIFY(model.setData(registerIndex(model, t.reg, ReadingsModel::CurrentValueColumn), t.text));
    const int unsent = model.unsentCount();
    const int sendable = model.sendableCount();
    const Energy total = model.accountConsumption();
    QCOMPARE(unsent, 4);
    QCOMPARE(sendable, 3);
    QCOMPARE(model.sendableItems().size(), sendable);
    QCOMPARE(total, Energy::fromMilli(800000 - 20000));
    model.reloadFromStore();
    QCOMPARE(model.unsentCount(), unsent);
    QCOMPARE(model.sendableCount(), sendable);
    QCOMPARE(model.accountConsumption(), total);
}

void TestReadingsForm::meterReplacedKeepsTypedValues()
{
    // P1's meter (6 digits) is replaced by one with 3 digits and P2's (5 digits) by one with 5
    // digits and a decimal: what was typed moves to the new registers; "1010" no longer fits and
    // is marked, kept as typed; "10" still fits. Nothing typed is lost.
    QTemporaryDir dir;
    LocalStore store;
    QVERIFY(store.open(dir.filePath(u"form.db"_s)).isNull());
    ReadingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(&store);
    const AccountDetail before = account();
    model.setAccount(before, kPeriod, kToday);
    QVERIFY(model.setData(registerIndex(model, 11, ReadingsModel::CurrentValueColumn), u"1010"_s));
    QVERIFY(model.setData(registerIndex(model, 21, ReadingsModel::CurrentValueColumn), u"10"_s));
    QVERIFY(model.setData(registerIndex(model, 31, ReadingsModel::CurrentValueColumn), u"150"_s));
    QVERIFY(store.setRejected(AccountId(3), kPeriod, RegisterId(11), u"reading.meter_changed"_s, u"changed"_s)
                .isNull());
    model.reloadFromStore();
    QCOMPARE(model.meterChangedPoints(), 1);

    AccountDetail after = before;
    Meter &m1 = after.objects[0].meteringPoints[0].meters[0];
    m1.id = MeterId(71);
    m1.number = u"NEW-71"_s;
    m1.digits = 3;
    m1.registers[0].id = RegisterId(711);
    m1.registers[0].lastReading.reset();
    Meter &m2 = after.objects[0].meteringPoints[1].meters[0];
    m2.id = MeterId(81);
    m2.number = u"NEW-81"_s;
    m2.decimals = 1;
    m2.registers[0].id = RegisterId(811);
    m2.registers[0].lastReading.reset();

    const QHash<qint64, qint64> moved = ReadingsModel::movedRegisters(before, after);
    QCOMPARE(moved.size(), 2);
    QCOMPARE(moved.value(11), qint64(711));
    QCOMPARE(moved.value(21), qint64(811));
    for (auto it = moved.cbegin(); it != moved.cend(); ++it)
        QVERIFY(
            store.moveTyped(AccountId(3), kPeriod, RegisterId(it.key()), RegisterId(it.value())).isNull());
    QVERIFY(store.clearRejectionCode(AccountId(3), kPeriod, u"reading.meter_changed"_s).isNull());
    model.setAccount(after, kPeriod, kToday);

    const QModelIndex v1 = registerIndex(model, 711, ReadingsModel::CurrentValueColumn);
    QCOMPARE(v1.data().toString(), u"1010"_s);
    QCOMPARE(v1.data(ReadingsModel::ErrorRole).toString(),
             Error::make(u"reading.too_many_digits"_s, u"value"_s, {u"3"_s}).message());
    const QModelIndex v2 = registerIndex(model, 811, ReadingsModel::CurrentValueColumn);
    QCOMPARE(v2.data().toString(), u"10"_s);
    QVERIFY(v2.data(ReadingsModel::ErrorRole).isNull());
    QCOMPARE(registerIndex(model, 31, ReadingsModel::CurrentValueColumn).data().toString(), u"150"_s);
    QVERIFY(!registerIndex(model, 11, 0).isValid()); // the old meter is gone from the form
    QCOMPARE(model.unsentCount(), 3);
    QCOMPARE(store.dirtyCount(AccountId(3), kPeriod), 3);
    QCOMPARE(model.meterChangedPoints(), 0);
    QCOMPARE(model.sendableCount(), 2); // the one that no longer fits waits for a correction
}

void TestReadingsForm::meterChangedBanner()
{
    QTemporaryDir dir;
    LocalStore store;
    QVERIFY(store.open(dir.filePath(u"form.db"_s)).isNull());
    ReadingsView view;
    view.setStore(&store);
    view.setAccount(account(), kPeriod, kToday);
    view.setEntry(openEntry());
    view.show();
    QVERIFY(view.meterBanner()->isHidden());
    QVERIFY(view.model()->setData(registerIndex(*view.model(), 11, ReadingsModel::CurrentValueColumn),
                                  u"1010"_s));
    QVERIFY(
        view.model()->setData(registerIndex(*view.model(), 21, ReadingsModel::CurrentValueColumn), u"10"_s));
    for (qint64 reg : {11, 21})
        QVERIFY(store
                    .setRejected(AccountId(3), kPeriod, RegisterId(reg), u"reading.meter_changed"_s,
                                 Error::make(u"reading.meter_changed"_s, u"number"_s).message())
                    .isNull());
    view.refresh();
    QVERIFY(view.meterBanner()->isVisible());
    QCOMPARE(view.model()->meterChangedPoints(), 2);
    QVERIFY(view.meterBannerText()->text().contains(u'2'));
    QSignalSpy reload(&view, &ReadingsView::reloadMetersRequested);
    QTest::mouseClick(view.reloadMetersButton(), Qt::LeftButton);
    QCOMPARE(reload.count(), 1);
    // Typed values stay as typed, marked with the server's text.
    const QModelIndex v = registerIndex(*view.model(), 11, ReadingsModel::CurrentValueColumn);
    QCOMPARE(v.data().toString(), u"1010"_s);
    QCOMPARE(v.data(ReadingsModel::ErrorRole).toString(),
             Error::make(u"reading.meter_changed"_s, u"number"_s).message());
}

void TestReadingsForm::refusedValueIsMarked()
{
    QTemporaryDir dir;
    LocalStore store;
    QVERIFY(store.open(dir.filePath(u"form.db"_s)).isNull());
    ReadingsView view;
    view.setStore(&store);
    view.setAccount(account(), kPeriod, kToday);
    view.setEntry(openEntry());
    view.show();
    QVERIFY(view.model()->setData(registerIndex(*view.model(), 11, ReadingsModel::CurrentValueColumn),
                                  u"1010"_s));
    const QString text =
        Error::make(u"reading.out_of_range"_s, u"consumption"_s, {u"400.000"_s, u"10.000"_s}).message();
    QVERIFY(
        store.setRejected(AccountId(3), kPeriod, RegisterId(11), u"reading.out_of_range"_s, text).isNull());
    view.refresh();
    const QModelIndex v = registerIndex(*view.model(), 11, ReadingsModel::CurrentValueColumn);
    QCOMPARE(v.data().toString(), u"1010"_s);
    QCOMPARE(v.data(ReadingsModel::ErrorRole).toString(), text);
    QVERIFY(!v.data(Qt::BackgroundRole).isNull());
    QVERIFY(view.refusalBanner()->isVisible());
    QCOMPARE(view.model()->refusedCount(), 1);
    // A permanent refusal of a whole command is shown too, until the next send.
    view.showRefusal(u"request refused"_s);
    QVERIFY(view.refusalText()->text().contains(u"request refused"_s));
    // Typing a new value answers the refusal.
    QVERIFY(view.model()->setData(v, u"1011"_s));
    QCOMPARE(view.model()->refusedCount(), 0);
    QVERIFY(v.data(ReadingsModel::ErrorRole).isNull());
    QCOMPARE(store.reading(AccountId(3), kPeriod, RegisterId(11))->rejectionCode, QString());
}

void TestReadingsForm::submitNeedsEverySaved()
{
    OfflineWindow w(u"submit-test"_s);
    LocalStore *store = w.window->localStore();
    QVERIFY(store);
    ReadingsView *view = w.window->readingsView();
    view->setAccount(account(), kPeriod, kToday);
    view->setEntry(openEntry());
    QVERIFY(!view->submitButton()->isEnabled()); // nothing saved on the server
    // Every row that takes a value (P1, P2, P3, P5; P4 and P6 are locked) saved, one unsent.
    for (qint64 reg : {11, 21, 31})
        QVERIFY(store->applyServer(serverReading(reg, u"ready"_s, u"1010.000"_s)).isNull());
    view->refresh();
    QVERIFY(!view->submitButton()->isEnabled()); // P5 has nothing
    QVERIFY(store->applyServer(serverReading(51, u"submitted"_s, u"12.500"_s)).isNull());
    view->refresh();
    QVERIFY(view->submitButton()->isEnabled());
    QVERIFY(view->model()->setData(registerIndex(*view->model(), 51, ReadingsModel::CurrentValueColumn),
                                   u"12,6"_s));
    QVERIFY(!view->submitButton()->isEnabled()); // a value not sent yet
    // Submitted rows stay editable until processed.
    QVERIFY(view->model()->flags(registerIndex(*view->model(), 51, ReadingsModel::CurrentValueColumn)) &
            Qt::ItemIsEditable);
    QVERIFY(store->applyServer(serverReading(51, u"submitted"_s, u"12.600"_s, 2), 0).isNull());
    QVERIFY(store->markQueued(AccountId(3), kPeriod, {RegisterId(51)}, 99).isNull());
    QVERIFY(store->applyServer(serverReading(51, u"submitted"_s, u"12.600"_s, 2), 99).isNull());
    view->refresh();
    QVERIFY(view->submitButton()->isEnabled());
    QTest::mouseClick(view->submitButton(), Qt::LeftButton);
    const QList<OutboxCommand> commands = store->commands();
    QCOMPARE(commands.size(), 1);
    QCOMPARE(commands.first().kind, u"readings.submit"_s);
    QCOMPARE(QJsonDocument::fromJson(commands.first().payload).object().value(u"period"_s).toString(),
             kPeriod.toString());
    QVERIFY(!view->submitButton()->isEnabled()); // waits in the outbox
    // Processed rows are read-only.
    QVERIFY(store->applyServer(serverReading(11, u"processed"_s, u"1010.000"_s, 2)).isNull());
    view->refresh();
    QVERIFY(!(view->model()->flags(registerIndex(*view->model(), 11, ReadingsModel::CurrentValueColumn)) &
              Qt::ItemIsEditable));
}

void TestReadingsForm::opensOfflineFromTheStore()
{
    OfflineWindow w(u"offline-test"_s);
    LocalStore *store = w.window->localStore();
    QVERIFY(store);
    // What an earlier session cached: the tree and the server's answer for the open period.
    const QJsonObject answer{
        {u"period"_s, u"2026-11"_s},
        {u"window"_s, QJsonObject{{u"first"_s, u"2026-12-01"_s}, {u"last"_s, u"2026-12-04"_s}}},
        {u"period_closed"_s, false},
        {u"items"_s, QJsonArray()},
        {u"previous"_s, QJsonArray()}};
    QVERIFY(store->cacheEntry(AccountId(3), QJsonDocument(answer).toJson()).isNull());
    QVERIFY(store->cacheAccount(AccountId(3), QJsonDocument(protocol::toJson(account())).toJson()).isNull());
    QVERIFY(store->saveTyped(AccountId(3), kPeriod, RegisterId(11), u"1010"_s, kToday).isNull());
    const auto cached = w.window->readingsController()->cachedAccount(AccountId(3));
    QVERIFY(cached);
    QCOMPARE(cached->objects.size(), 2);
    QSignalSpy shown(w.window->readingsController(), &ReadingsController::formShown);
    w.window->readingsController()->setAccount(*cached);
    // At once, from the store: the period the server said last time, not one worked out here.
    QCOMPARE(shown.count(), 1);
    QCOMPARE(shown.first().first().toBool(), false);
    ReadingsView *view = w.window->readingsView();
    QCOMPARE(view->model()->period(), kPeriod);
    QVERIFY(view->entry());
    QVERIFY(view->entry()->fromCache);
    QCOMPARE(registerIndex(*view->model(), 11, ReadingsModel::CurrentValueColumn).data().toString(),
             u"1010"_s);
    // The server does not answer: the form stays as it is, usable.
    QTRY_VERIFY_WITH_TIMEOUT(!w.window->readingsController()->isFetchingEntry(), 15000);
    QCOMPARE(view->model()->period(), kPeriod);
    QVERIFY(view->treeView()->isVisibleTo(view));
}

void TestReadingsForm::unknownPeriodOffline()
{
    // Nothing cached and no server. Without a contract nothing is guessed...
    {
        OfflineWindow w(u"unknown-period-test"_s);
        w.window->readingsController()->setAccount(account());
        ReadingsView *view = w.window->readingsView();
        QTRY_VERIFY_WITH_TIMEOUT(!w.window->readingsController()->isFetchingEntry(), 15000);
        QCOMPARE(view->model()->rowCount(), 0);
        auto *why = view->findChild<QLabel *>(u"readingsUnavailable"_s);
        QVERIFY(why);
        QVERIFY(!why->text().isEmpty());
        QVERIFY(why->isVisibleTo(view));
    }
    // ...with one, its billing day and window say which period is open, as on the server
    // (domain::entryPeriod), marked as worked out here.
    OfflineWindow w(u"estimated-period-test"_s);
    AccountDetail a = account();
    Contract c;
    c.billingDay = 1;
    c.windowWorkingDays = 3;
    a.contracts = {c};
    const QDate today = QDate::currentDate();
    w.window->readingsController()->setAccount(a);
    ReadingsView *view = w.window->readingsView();
    QTRY_VERIFY_WITH_TIMEOUT(!w.window->readingsController()->isFetchingEntry(), 15000);
    QVERIFY(view->entry());
    QVERIFY(view->entry()->estimated);
    QCOMPARE(view->model()->period(), entryPeriod(c, today));
    QCOMPARE(view->entry()->window.first, readingsWindow(c, entryPeriod(c, today)).first);
    QCOMPARE(view->model()->rowCount(), 2);
    QVERIFY(view->treeView()->isVisibleTo(view));
}

void TestReadingsForm::historyGroupsByMeter()
{
    HistoryView view;
    view.setAccount(account(), kPeriod.previous());
    QCOMPARE(view.to(), kPeriod.previous());
    QCOMPARE(view.from(), Period(2025, 11));
    QList<ReadingRecord> items;
    for (const auto &[reg, meterPoint, period, value] :
         {std::tuple{11, 1, Period(2026, 10), 1000000}, std::tuple{11, 1, Period(2026, 9), 990000},
          std::tuple{51, 5, Period(2026, 10), 10000}, std::tuple{999, 4, Period(2026, 10), 7000}}) {
        ReadingRecord r;
        r.registerId = RegisterId(reg);
        r.meteringPointId = MeteringPointId(meterPoint);
        r.accountId = AccountId(3);
        r.period = period;
        r.takenOn = period.next().firstDay();
        r.value = Energy::fromMilli(value);
        r.state = ReadingState::Processed;
        items.append(r);
    }
    view.setReadings(items);
    QStandardItemModel *m = view.model();
    QCOMPARE(m->rowCount(), 2); // Workshop, Store
    const QModelIndex workshop = m->index(0, 0);
    QCOMPARE(workshop.data().toString(), u"Workshop"_s);
    QCOMPARE(m->rowCount(workshop), 1);                 // P1's register
    QCOMPARE(m->rowCount(m->index(0, 0, workshop)), 2); // two periods
    QVERIFY(m->index(0, 0, workshop).data().toString().contains(u"111"_s));
    const QModelIndex store = m->index(1, 0);
    QCOMPARE(m->rowCount(store), 2); // P5, and the replaced meter of P4
    QVERIFY(m->index(1, 0, store).data().toString().contains(u"P4"_s));
    QCOMPARE(m->index(0, 5, m->index(0, 0, workshop)).data().toString(),
             readingStateText(ReadingState::Processed));
}

void TestReadingsForm::syncStatusListsCommands()
{
    QTemporaryDir dir;
    LocalStore store;
    QVERIFY(store.open(dir.filePath(u"form.db"_s)).isNull());
    const qint64 a =
        store.enqueue(u"readings.save"_s, AccountId(3), R"({"period":"2026-11","items":[{},{}]})").value();
    const qint64 b = store.enqueue(u"readings.submit"_s, AccountId(3), R"({"period":"2026-11"})").value();
    const qint64 c =
        store.enqueue(u"readings.save"_s, AccountId(3), R"({"period":"2026-11","items":[{}]})").value();
    QVERIFY(store.markSent(a).isNull());
    QVERIFY(store.markAccepted(a).isNull());
    QVERIFY(store.markRejected(b, u"period.closed"_s, Error::make(u"period.closed"_s).message()).isNull());
    QVERIFY(
        store.recordFailure(c, u"network.timeout"_s, QDateTime::currentMSecsSinceEpoch() + 60000).isNull());
    QVERIFY(store
                .addRejection(
                    {0, a, RegisterId(11), u"reading.out_of_range"_s, u"consumption"_s, u"too much"_s, 0})
                .isNull());
    SyncStatusDialog dialog;
    dialog.setSources(&store, nullptr);
    QTableWidget *commands = dialog.commandTable();
    QCOMPARE(commands->rowCount(), 3);
    // Newest first.
    QCOMPARE(commands->item(0, 2)->text(), outboxStateText(int(OutboxState::Pending)));
    QCOMPARE(commands->item(0, 4)->text(), Error::make(u"network.timeout"_s).message());
    QCOMPARE(commands->item(1, 2)->text(), outboxStateText(int(OutboxState::Rejected)));
    QCOMPARE(commands->item(2, 2)->text(), outboxStateText(int(OutboxState::Accepted)));
    QTableWidget *problems = dialog.problemTable();
    QCOMPARE(problems->rowCount(), 2); // the command's refusal and the value's
    QStringList codes;
    for (int r = 0; r < problems->rowCount(); ++r)
        codes << problems->item(r, 4)->text();
    QVERIFY(codes.contains(u"period.closed"_s));
    QVERIFY(codes.contains(u"reading.out_of_range"_s));
}

void TestReadingsForm::closingTheWindowWarns()
{
    OfflineWindow w(u"close-test"_s);
    MainWindow *window = w.window.get();
    window->readingsView()->setAccount(account(), kPeriod, kToday);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(window->readingsView()->model()->setData(
        registerIndex(*window->readingsView()->model(), 11, ReadingsModel::CurrentValueColumn), u"1010"_s));
    QSignalSpy switching(window, &MainWindow::switchAccountRequested);
    QSignalSpy leaving(window, &MainWindow::logoutRequested);
    auto answer = [this](bool leave) {
        QTimer::singleShot(0, this, [leave] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            for (QAbstractButton *b : box->buttons())
                if (box->buttonRole(b) == (leave ? QMessageBox::AcceptRole : QMessageBox::RejectRole))
                    b->click();
        });
    };
    // Stay: the window stays open, no switch, no sign-out.
    answer(false);
    QVERIFY(!window->close());
    QVERIFY(window->isVisible());
    QAction *switchAction = nullptr;
    QAction *logoutAction = nullptr;
    for (QAction *a : window->findChildren<QAction *>()) {
        if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_O))
            switchAction = a;
        if (a->text() == MainWindow::tr("Log &out"))
            logoutAction = a;
    }
    QVERIFY(switchAction && logoutAction);
    answer(false);
    switchAction->trigger();
    QCOMPARE(switching.count(), 0);
    answer(false);
    logoutAction->trigger();
    QCOMPARE(leaving.count(), 0);
    answer(true);
    switchAction->trigger();
    QCOMPARE(switching.count(), 1);
    answer(true);
    QVERIFY(window->close());
}

QTEST_MAIN(TestReadingsForm)
#include "tst_readingsform.moc"
