// The client's local store on real SQLite files: migrations, WAL, the outbox's order and states,
// the sync cursor, rejections, conflicts, typed readings; and durability: a child process that is
// killed (SIGKILL) right after it says "saved" has every value it reported on disk.

#include "local/localstore.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;

namespace {
const AccountId kAccount{3};
const Period kPeriod{2026, 11};
} // namespace

class TestLocalStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fileName_data();
    void fileName();
    void migratesOnceAndUsesWal();
    void outboxKeepsOrderAndKeys();
    void rejectionLeavesTheQueue();
    void cursorPersists();
    void typedTextStaysUntilItsCommandIsAcknowledged();
    void enqueueReadingsLinksInTheSameCommit();
    void conflictsAndRejectionsAreJournalled();
    void killedProcessLosesNothing();
};

void TestLocalStore::fileName_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("login");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << u"localhost:8443"_s << u"user"_s << u"localhost_8443_user.db"_s;
    QTest::newRow("slashes") << u"a.b:1"_s << u"../x/y"_s << u"a.b_1_.._x_y.db"_s;
    QTest::newRow("cyrillic") << u"h:2"_s << u"Іван"_s << u"h_2_____.db"_s;
}

void TestLocalStore::fileName()
{
    QFETCH(QString, host);
    QFETCH(QString, login);
    QFETCH(QString, expected);
    const QString name = LocalStore::fileNameFor(host, login);
    QVERIFY(!name.contains(u'/'));
    QCOMPARE(name, expected);
}

void TestLocalStore::migratesOnceAndUsesWal()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"sub/s.db"_s);
    {
        LocalStore s;
        QVERIFY(s.open(path).isNull());
        QCOMPARE(s.schemaVersion(), LocalStore::latestSchemaVersion());
        QVERIFY(s.enqueue(u"readings.save"_s, kAccount, "{}").ok());
    }
    LocalStore again;
    QVERIFY(again.open(path).isNull());
    QCOMPARE(again.schemaVersion(), LocalStore::latestSchemaVersion());
    QCOMPARE(again.commands().size(), 1); // reopening did not recreate anything
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"probe"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"PRAGMA journal_mode"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"wal"_s);
        QVERIFY(q.exec(u"SELECT COUNT(*) FROM schema_migrations"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), LocalStore::latestSchemaVersion());
    }
    QSqlDatabase::removeDatabase(u"probe"_s);
}

void TestLocalStore::outboxKeepsOrderAndKeys()
{
    QTemporaryDir dir;
    LocalStore s;
    QVERIFY(s.open(dir.filePath(u"s.db"_s)).isNull());
    const qint64 a = s.enqueue(u"readings.save"_s, kAccount, "{\"n\":1}").value();
    const qint64 b = s.enqueue(u"readings.save"_s, kAccount, "{\"n\":2}").value();
    QVERIFY(a < b);
    const auto first = s.nextUnanswered();
    QVERIFY(first);
    QCOMPARE(first->seq, a);
    QCOMPARE(first->payload, QByteArray("{\"n\":1}"));
    QVERIFY(!first->idempotencyKey.isEmpty());
    QVERIFY(first->idempotencyKey != s.command(b)->idempotencyKey);

    // A send that fails goes back to pending with its reason and the same key; order is kept.
    QVERIFY(s.markSent(a).isNull());
    QVERIFY(s.command(a)->state == OutboxState::Sent);
    QVERIFY(s.recordFailure(a, u"network.timeout"_s, 12345).isNull());
    const auto retried = s.nextUnanswered();
    QCOMPARE(retried->seq, a);
    QCOMPARE(retried->idempotencyKey, first->idempotencyKey);
    QCOMPARE(retried->attempts, 1);
    QCOMPARE(retried->lastError, u"network.timeout"_s);
    QCOMPARE(retried->nextAttemptAtMs, 12345);
    QVERIFY(retried->state == OutboxState::Pending);
    QCOMPARE(s.unansweredCount(), 2);

    QVERIFY(s.markSent(a).isNull());
    QVERIFY(s.markAccepted(a).isNull());
    QCOMPARE(s.nextUnanswered()->seq, b);
    QCOMPARE(s.command(a)->attempts, 2);
    QCOMPARE(s.unansweredCount(), 1);
}

void TestLocalStore::rejectionLeavesTheQueue()
{
    QTemporaryDir dir;
    LocalStore s;
    QVERIFY(s.open(dir.filePath(u"s.db"_s)).isNull());
    const qint64 a = s.enqueue(u"readings.save"_s, kAccount, "{}").value();
    QVERIFY(s.markRejected(a, u"period.closed"_s, u"closed"_s).isNull());
    QVERIFY(!s.nextUnanswered());
    QVERIFY(s.command(a)->state == OutboxState::Rejected);
    QCOMPARE(s.rejections().size(), 1);
    QCOMPARE(s.rejections().first().code, u"period.closed"_s);
    QCOMPARE(s.rejections().first().outboxSeq, a);

    // The values a refused command carried stay typed and dirty but are no longer queued, so the
    // user can send them again; other commands' values stay queued.
    const Period period(2026, 10);
    QVERIFY(s.saveTyped(kAccount, period, RegisterId(1), u"10"_s, QDate(2026, 11, 2)).isNull());
    QVERIFY(s.saveTyped(kAccount, period, RegisterId(2), u"20"_s, QDate(2026, 11, 2)).isNull());
    const qint64 b = s.enqueueReadings(u"readings.save"_s, kAccount, "{}", period, {RegisterId(1)}).value();
    const qint64 c = s.enqueueReadings(u"readings.save"_s, kAccount, "{}", period, {RegisterId(2)}).value();
    QVERIFY(s.markRejected(b, u"account.not_found"_s, u"gone"_s).isNull());
    QCOMPARE(s.reading(kAccount, period, RegisterId(1))->outboxSeq, 0);
    QVERIFY(s.reading(kAccount, period, RegisterId(1))->dirty);
    QCOMPARE(s.reading(kAccount, period, RegisterId(1))->typedText, u"10"_s);
    QCOMPARE(s.reading(kAccount, period, RegisterId(2))->outboxSeq, c);
}

void TestLocalStore::cursorPersists()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    {
        LocalStore s;
        QVERIFY(s.open(path).isNull());
        QCOMPARE(s.syncCursor(), u"recent"_s); // a bounded first sync
        QVERIFY(s.setSyncCursor(u"9876"_s).isNull());
    }
    LocalStore s;
    QVERIFY(s.open(path).isNull());
    QCOMPARE(s.syncCursor(), u"9876"_s);
}

void TestLocalStore::typedTextStaysUntilItsCommandIsAcknowledged()
{
    QTemporaryDir dir;
    LocalStore s;
    QVERIFY(s.open(dir.filePath(u"s.db"_s)).isNull());
    const RegisterId reg{55};
    const QDate day(2026, 12, 1);
    QVERIFY(s.saveTyped(kAccount, kPeriod, reg, u"12a"_s, day).isNull());
    auto r = s.reading(kAccount, kPeriod, reg);
    QVERIFY(r);
    QCOMPARE(r->typedText, u"12a"_s); // kept as typed, even when it is not a number
    QVERIFY(r->dirty);
    QVERIFY(s.saveTyped(kAccount, kPeriod, reg, u"12345"_s, day).isNull());
    QCOMPARE(s.dirtyCount(kAccount, kPeriod), 1);

    const qint64 seq = s.enqueue(u"readings.save"_s, kAccount, "{}").value();
    QVERIFY(s.markQueued(kAccount, kPeriod, {reg}, seq).isNull());
    QCOMPARE(s.reading(kAccount, kPeriod, reg)->outboxSeq, seq);

    // Typed again before the answer: the acknowledgement of the old command leaves it dirty.
    QVERIFY(s.saveTyped(kAccount, kPeriod, reg, u"12346"_s, day).isNull());
    LocalReading server;
    server.accountId = kAccount;
    server.period = kPeriod;
    server.registerId = reg;
    server.takenOn = day;
    server.serverState = u"ready"_s;
    server.serverValue = u"12345.000"_s;
    server.version = 1;
    server.revision = 10;
    QVERIFY(s.applyServer(server, seq).isNull());
    r = s.reading(kAccount, kPeriod, reg);
    QVERIFY(r->dirty);
    QCOMPARE(r->typedText, u"12346"_s);
    QCOMPARE(r->serverState, u"ready"_s);
    QCOMPARE(r->version, 1);

    // Queued and acknowledged by the same command: clean.
    const qint64 seq2 = s.enqueue(u"readings.save"_s, kAccount, "{}").value();
    QVERIFY(s.markQueued(kAccount, kPeriod, {reg}, seq2).isNull());
    server.serverValue = u"12346.000"_s;
    server.version = 2;
    server.revision = 11;
    QVERIFY(s.applyServer(server, seq2).isNull());
    r = s.reading(kAccount, kPeriod, reg);
    QVERIFY(!r->dirty);
    QCOMPARE(r->outboxSeq, 0);
    QCOMPARE(r->serverValue, u"12346.000"_s);
    QCOMPARE(s.dirtyCount(kAccount, kPeriod), 0);

    // An older revision from the feed never lowers the version.
    server.version = 1;
    server.revision = 10;
    QVERIFY(s.applyServer(server).isNull());
    QCOMPARE(s.reading(kAccount, kPeriod, reg)->version, 2);
}

// The command and its readings' link to it are one commit (tst_syncfaults kills a client around
// it): another connection to the file sees both at once, and readings typed after stay unqueued.
void TestLocalStore::enqueueReadingsLinksInTheSameCommit()
{
    QTemporaryDir dir;
    LocalStore s;
    QVERIFY(s.open(dir.filePath(u"s.db"_s)).isNull());
    const QDate day(2026, 12, 1);
    for (qint64 reg : {55, 56, 57})
        QVERIFY(s.saveTyped(kAccount, kPeriod, RegisterId(reg), QString::number(reg * 10), day).isNull());
    const auto seq = s.enqueueReadings(u"readings.save"_s, kAccount, "{\"items\":[]}", kPeriod,
                                       {RegisterId(55), RegisterId(56)});
    QVERIFY(seq.ok());

    LocalStore other;
    QVERIFY(other.open(dir.filePath(u"s.db"_s)).isNull());
    const auto command = other.command(seq.value());
    QVERIFY(command);
    QCOMPARE(command->kind, u"readings.save"_s);
    QCOMPARE(command->payload, QByteArray("{\"items\":[]}"));
    QCOMPARE(other.reading(kAccount, kPeriod, RegisterId(55))->outboxSeq, seq.value());
    QCOMPARE(other.reading(kAccount, kPeriod, RegisterId(56))->outboxSeq, seq.value());
    QCOMPARE(other.reading(kAccount, kPeriod, RegisterId(57))->outboxSeq, 0);
    QCOMPARE(other.unansweredCount(), 1);
}

void TestLocalStore::conflictsAndRejectionsAreJournalled()
{
    QTemporaryDir dir;
    LocalStore s;
    QVERIFY(s.open(dir.filePath(u"s.db"_s)).isNull());
    QVERIFY(s.addConflict({0, 4, RegisterId(55), u"reading.version_conflict"_s, {}, "{\"version\":3}", 0})
                .isNull());
    QVERIFY(
        s.addRejection({0, 4, RegisterId(56), u"reading.negative"_s, u"value"_s, u"negative"_s, 0}).isNull());
    QCOMPARE(s.conflicts().size(), 1);
    QCOMPARE(s.conflicts().first().serverJson, QByteArray("{\"version\":3}"));
    QCOMPARE(s.rejections().first().field, u"value"_s);
    QVERIFY(s.setRejected(kAccount, kPeriod, RegisterId(56), u"reading.negative"_s, u"negative"_s).isNull());
}

void TestLocalStore::killedProcessLosesNothing()
{
    // The child types values one by one and prints "saved N" after each saveTyped returned; the
    // parent kills it with SIGKILL mid-stream. Every value reported saved must be on disk.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"kill.db"_s);
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(), {u"--child-typer"_s, path});
    QVERIFY(child.waitForStarted());
    int reported = 0;
    while (reported < 40 && child.state() == QProcess::Running) {
        if (!child.canReadLine() && !child.waitForReadyRead(10000))
            break;
        while (child.canReadLine()) {
            const QByteArray line = child.readLine().trimmed();
            if (line.startsWith("saved "))
                reported = line.mid(6).toInt();
        }
    }
    child.kill(); // SIGKILL: no destructors, no close
    child.waitForFinished();
    QVERIFY2(reported >= 40, "the child did not report progress");
    LocalStore s;
    QVERIFY(s.open(path).isNull());
    const auto all = s.readings(kAccount, kPeriod);
    QVERIFY(all.size() >= reported);
    for (int i = 1; i <= reported; ++i) {
        const auto r = s.reading(kAccount, kPeriod, RegisterId(i));
        QVERIFY2(r, qPrintable(u"register %1 lost"_s.arg(i)));
        QCOMPARE(r->typedText, QString::number(i * 10));
        QVERIFY(r->dirty);
    }
}

// The child of killedProcessLosesNothing: types until killed.
static int childTyper(const QString &path)
{
    LocalStore s;
    if (!s.open(path).isNull())
        return 2;
    for (int i = 1; i < 100000; ++i) {
        if (!s.saveTyped(kAccount, kPeriod, RegisterId(i), QString::number(i * 10), QDate(2026, 12, 1))
                 .isNull())
            return 3;
        printf("saved %d\n", i);
        fflush(stdout);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && qstrcmp(argv[1], "--child-typer") == 0) {
        QCoreApplication app(argc, argv);
        return childTyper(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestLocalStore t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_localstore.moc"
