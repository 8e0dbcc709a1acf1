// The sync engine's order, retry and state logic with a scripted transport and a fixed clock (the
// real HTTPS transport against oblik-server comes with the server's readings routes): the outbox
// goes out strictly in order with the same Idempotency-Key on every retry, failures back off 1 s,
// 2 s, 4 s ... up to 5 min and are remembered, a 4xx is recorded as a rejection and not retried,
// the feed is read page by page and the cursor stored, online/offline is signalled.

#include "local/localstore.h"
#include "sync/backoff.h"
#include "sync/syncengine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <deque>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;

namespace {

// Answers each request with the next scripted result, synchronously, and records what was asked.
class ScriptedTransport : public SyncTransport
{
public:
    std::deque<TransportResult> pushAnswers;
    std::deque<TransportResult> pullAnswers;
    QStringList pushedKeys;
    QList<QByteArray> pushedPayloads;
    QStringList pulledCursors;

    void push(const OutboxCommand &command, Done done) override
    {
        pushedKeys.append(command.idempotencyKey);
        pushedPayloads.append(command.payload);
        TransportResult r = take(pushAnswers);
        done(r);
    }
    void pull(const QString &cursor, int, Done done) override
    {
        pulledCursors.append(cursor);
        done(take(pullAnswers));
    }

private:
    static TransportResult take(std::deque<TransportResult> &q)
    {
        if (q.empty())
            return {TransportResult::Kind::Transient, {}, Error::make(u"network.unreachable"_s)};
        TransportResult r = q.front();
        q.pop_front();
        return r;
    }
};

TransportResult ok(const QByteArray &body)
{
    return {TransportResult::Kind::Ok, body, {}};
}
TransportResult down()
{
    return {TransportResult::Kind::Transient, {}, Error::make(u"network.timeout"_s)};
}
TransportResult refused(const QString &code)
{
    return {TransportResult::Kind::Permanent, {}, Error::make(code)};
}

QByteArray page(const QString &next, bool more, qint64 registerId = 55, const QString &state = u"ready"_s)
{
    return u"{\"items\":[{\"type\":\"reading\",\"data\":{\"id\":1,\"register_id\":%1,\"account_id\":3,"
           "\"period\":\"2026-11\",\"taken_on\":\"2026-12-01\",\"value\":\"12.000\",\"state\":\"%2\","
           "\"version\":1,\"revision\":%3}}],\"next\":\"%3\",\"more\":%4}"_s.arg(registerId)
               .arg(state, next, more ? u"true"_s : u"false"_s)
               .toUtf8();
}

} // namespace

class TestSyncEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backoff_data();
    void backoff();
    void pushesInOrderWithTheSameKeyOnRetry();
    void permanentRefusalIsNotRetried();
    void pullsPagesAndStoresTheCursor();
    void savedReadingIsNoLongerDirty();
    void queuedEditFollowsItsOwnEarlierSave_data();
    void queuedEditFollowsItsOwnEarlierSave();
};

void TestSyncEngine::backoff_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("seconds");
    QTest::newRow("none") << 0 << 0;
    QTest::newRow("first") << 1 << 1;
    QTest::newRow("second") << 2 << 2;
    QTest::newRow("third") << 3 << 4;
    QTest::newRow("ninth") << 9 << 256;
    QTest::newRow("tenth: capped") << 10 << 300;
    QTest::newRow("hundredth") << 100 << 300;
}

void TestSyncEngine::backoff()
{
    QFETCH(int, failures);
    QFETCH(int, seconds);
    QCOMPARE(Backoff::delay(failures).count(), qint64(seconds) * 1000);
}

void TestSyncEngine::pushesInOrderWithTheSameKeyOnRetry()
{
    QTemporaryDir dir;
    LocalStore store;
    QVERIFY(store.open(dir.filePath(u"s.db"_s)).isNull());
    const qint64 a =
        store.enqueue(u"readings.save"_s, AccountId(3), "{\"period\":\"2026-11\",\"items\":[]}").value();
    const qint64 b =
        store.enqueue(u"readings.save"_s, AccountId(3), "{\"period\":\"2026-11\",\"items\":[]}").value();
    ScriptedTransport net;
    FixedClock clock(QDateTime(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC));
    SyncEngine engine(&store, &net, clock);
    QSignalSpy online(&engine, &SyncEngine::onlineChanged);

    net.pushAnswers = {down()};
    engine.syncNow();
    QVERIFY(!engine.isOnline());
    QCOMPARE(online.count(), 1);
    QCOMPARE(engine.failures(), 1);
    QCOMPARE(engine.lastError().code(), u"network.timeout"_s);
    QCOMPARE(engine.nextAttemptAt(), clock.now().addSecs(1));
    QCOMPARE(store.command(a)->lastError, u"network.timeout"_s);
    QVERIFY(!engine.isBusy());

    // Not yet due: nothing is sent.
    engine.syncNow();
    QCOMPARE(net.pushedKeys.size(), 1);
    clock.advance(std::chrono::seconds(1));
    net.pushAnswers = {down()};
    engine.syncNow();
    QCOMPARE(engine.failures(), 2);
    QCOMPARE(engine.nextAttemptAt(), clock.now().addSecs(2));

    clock.advance(std::chrono::seconds(2));
    net.pushAnswers = {ok("{\"items\":[]}"), ok("{\"items\":[]}")};
    net.pullAnswers = {ok(page(u"7"_s, false))};
    QSignalSpy synced(&engine, &SyncEngine::synced);
    engine.syncNow();
    QCOMPARE(synced.count(), 1);
    QVERIFY(engine.isOnline());
    QCOMPARE(engine.failures(), 0);
    const QString keyA = store.command(a)->idempotencyKey;
    const QString keyB = store.command(b)->idempotencyKey;
    QCOMPARE(net.pushedKeys, (QStringList{keyA, keyA, keyA, keyB})); // a three times, then b
    QVERIFY(store.command(a)->state == OutboxState::Accepted);
    QVERIFY(store.command(b)->state == OutboxState::Accepted);
    QCOMPARE(store.command(a)->attempts, 3);
    QCOMPARE(store.unansweredCount(), 0);
}

void TestSyncEngine::permanentRefusalIsNotRetried()
{
    QTemporaryDir dir;
    LocalStore store;
    QVERIFY(store.open(dir.filePath(u"s.db"_s)).isNull());
    const qint64 a = store.enqueue(u"readings.save"_s, AccountId(3), "{}").value();
    ScriptedTransport net;
    FixedClock clock(QDateTime(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC));
    SyncEngine engine(&store, &net, clock);
    QSignalSpy rejected(&engine, &SyncEngine::commandRejected);
    net.pushAnswers = {refused(u"period.closed"_s)};
    net.pullAnswers = {ok(page(u"1"_s, false))};
    engine.syncNow();
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(rejected.first().at(0).toLongLong(), a);
    QVERIFY(store.command(a)->state == OutboxState::Rejected);
    QCOMPARE(store.rejections().size(), 1);
    QCOMPARE(store.rejections().first().code, u"period.closed"_s);
    QVERIFY(engine.isOnline());
    QCOMPARE(engine.failures(), 0);
    net.pullAnswers = {ok(page(u"1"_s, false))};
    engine.syncNow();
    QCOMPARE(net.pushedKeys.size(), 1); // never sent again
}

void TestSyncEngine::pullsPagesAndStoresTheCursor()
{
    QTemporaryDir dir;
    LocalStore store;
    QVERIFY(store.open(dir.filePath(u"s.db"_s)).isNull());
    ScriptedTransport net;
    SyncEngine engine(&store, &net);
    net.pullAnswers = {ok(page(u"10"_s, true, 55)), ok(page(u"20"_s, true, 56)), down()};
    engine.syncNow();
    QCOMPARE(net.pulledCursors, (QStringList{u"recent"_s, u"10"_s, u"20"_s}));
    QCOMPARE(store.syncCursor(), u"20"_s); // the pages applied are kept; the failed one is re-read
    QVERIFY(!engine.isOnline());
    QCOMPARE(store.readings(AccountId(3), Period(2026, 11)).size(), 2);
    net.pullAnswers = {ok(page(u"30"_s, false, 57, u"processed"_s))};
    engine.syncNow(true);
    QCOMPARE(net.pulledCursors.last(), u"20"_s);
    QCOMPARE(store.syncCursor(), u"30"_s);
    QCOMPARE(store.reading(AccountId(3), Period(2026, 11), RegisterId(57))->serverState, u"processed"_s);
    QVERIFY(engine.isOnline());
}

void TestSyncEngine::savedReadingIsNoLongerDirty()
{
    QTemporaryDir dir;
    LocalStore store;
    QVERIFY(store.open(dir.filePath(u"s.db"_s)).isNull());
    const Period p(2026, 11);
    QVERIFY(store.saveTyped(AccountId(3), p, RegisterId(55), u"12"_s, QDate(2026, 12, 1)).isNull());
    QVERIFY(store.saveTyped(AccountId(3), p, RegisterId(56), u"-1"_s, QDate(2026, 12, 1)).isNull());
    const qint64 seq = store.enqueue(u"readings.save"_s, AccountId(3), "{\"period\":\"2026-11\"}").value();
    QVERIFY(store.markQueued(AccountId(3), p, {RegisterId(55), RegisterId(56)}, seq).isNull());
    ScriptedTransport net;
    SyncEngine engine(&store, &net);
    net.pushAnswers = {ok("{\"items\":[{\"register_id\":55,\"status\":\"saved\",\"reading\":{\"register_id\":"
                          "55,\"account_id\":3,"
                          "\"period\":\"2026-11\",\"taken_on\":\"2026-12-01\",\"value\":\"12.000\",\"state\":"
                          "\"ready\",\"version\":1,"
                          "\"revision\":5}},{\"register_id\":56,\"status\":\"refused\",\"problem\":{\"code\":"
                          "\"reading.negative\","
                          "\"field\":\"value\"}}]}")};
    net.pullAnswers = {ok(page(u"5"_s, false))};
    engine.syncNow();
    QVERIFY(!store.reading(AccountId(3), p, RegisterId(55))->dirty);
    QCOMPARE(store.reading(AccountId(3), p, RegisterId(55))->serverState, u"ready"_s);
    const auto bad = store.reading(AccountId(3), p, RegisterId(56));
    QVERIFY(bad->dirty); // still the user's, as typed
    QCOMPARE(bad->typedText, u"-1"_s);
    QCOMPARE(bad->rejectionCode, u"reading.negative"_s);
    QCOMPARE(store.rejections().size(), 1);
}

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"

// A save queued behind an earlier save of the same reading (an offline correction) was built on the
// version the client knew then. When the earlier save is answered, the queued one is moved on from
// exactly the version that save started from to the version it created; any other version (moved by
// someone else) is left alone, so the server still says conflict.
void TestSyncEngine::queuedEditFollowsItsOwnEarlierSave_data()
{
    QTest::addColumn<int>("firstSentVersion");  // what the first save was built on
    QTest::addColumn<int>("firstSavedVersion"); // what the server answered it with
    QTest::addColumn<int>("queuedVersion");     // what the queued correction was built on
    QTest::addColumn<int>("expectedVersion");   // what the correction goes out with
    QTest::newRow("new reading, corrected") << 0 << 1 << 0 << 1;
    QTest::newRow("edited reading, corrected") << 3 << 4 << 3 << 4;
    QTest::newRow("queued on another version: untouched") << 3 << 4 << 2 << 2;
    QTest::newRow("first save started elsewhere: untouched") << 1 << 2 << 0 << 0;
}

void TestSyncEngine::queuedEditFollowsItsOwnEarlierSave()
{
    QFETCH(int, firstSentVersion);
    QFETCH(int, firstSavedVersion);
    QFETCH(int, queuedVersion);
    QFETCH(int, expectedVersion);
    QTemporaryDir dir;
    LocalStore store;
    QVERIFY(store.open(dir.filePath(u"s.db"_s)).isNull());
    auto body = [](int version, const char *value) {
        return u"{\"period\":\"2026-11\",\"items\":[{\"register_id\":55,\"value\":\"%1\",\"version\":%2},"
               "{\"register_id\":56,\"value\":\"7\",\"version\":%2}]}"_s.arg(QLatin1StringView(value))
                   .arg(version)
                   .toUtf8();
    };
    store.enqueue(u"readings.save"_s, AccountId(3), body(firstSentVersion, "12")).value();
    store.enqueue(u"readings.save"_s, AccountId(3), body(queuedVersion, "13")).value();
    ScriptedTransport net;
    // The first save: register 55 saved at firstSavedVersion; 56 refused (no version moved).
    net.pushAnswers.push_back(
        ok(u"{\"items\":[{\"register_id\":55,\"status\":\"saved\",\"reading\":{\"id\":1,\"register_id\":55,"
           "\"account_id\":3,\"period\":\"2026-11\",\"taken_on\":\"2026-12-01\",\"value\":\"12.000\","
           "\"state\":\"ready\",\"version\":%1,\"revision\":5}},{\"register_id\":56,\"status\":\"refused\","
           "\"problem\":{\"code\":\"reading.negative\"}}]}"_s.arg(firstSavedVersion)
               .toUtf8()));
    net.pushAnswers.push_back(ok("{\"items\":[]}"));
    net.pullAnswers.push_back(ok("{\"items\":[],\"next\":\"5\",\"more\":false}"));
    SyncEngine engine(&store, &net);
    QSignalSpy synced(&engine, &SyncEngine::synced);
    engine.syncNow();
    QCOMPARE(synced.size(), 1);
    QCOMPARE(net.pushedPayloads.size(), 2);
    const QJsonArray items =
        QJsonDocument::fromJson(net.pushedPayloads.at(1)).object().value(u"items"_s).toArray();
    QCOMPARE(items.at(0).toObject().value(u"version"_s).toInt(), expectedVersion);
    QCOMPARE(items.at(1).toObject().value(u"version"_s).toInt(), queuedVersion); // 56 was not saved
}
