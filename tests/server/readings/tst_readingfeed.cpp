// The sync feed at store level, once per driver: several writer threads change readings at the same
// time (each in its own transaction that takes its feed position and then holds on a little before
// committing), while a reader follows the cursor with ReadingRepository::feed(). Every written row
// must reach the reader: a change that committed after a later feed position was handed out would be
// skipped by the cursor. Also: revisions are consecutive (none taken twice, none lost without a
// rollback), and the idempotent write helper answers a repeat without writing.

#include "../store/storetest.h"
#include "store/demogenerator.h"
#include "store/idempotency.h"
#include "store/readingrepository.h"
#include "store/sqlsupport.h"

#include <QRandomGenerator>
#include <QSet>
#include <QThread>
#include <atomic>
#include <thread>

using namespace oblik;
using namespace oblik::store;

class TestReadingFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { test::addDriverRows(); }
    void concurrentWritersNeverSkipped();
    void firstSyncIsBounded();
    void idempotentRepeat();

private:
    QTemporaryDir m_dir;
};

static QList<qint64> readingIds(Database &db, int limit)
{
    QList<qint64> ids;
    QSqlQuery q(db.connection());
    execPrepared(q, QStringLiteral("SELECT id FROM readings ORDER BY id LIMIT ?"), {limit});
    while (q.next())
        ids.append(q.value(0).toLongLong());
    return ids;
}

static AccessScope adminScope(Database &db)
{
    AccessScope s;
    s.role = domain::Role::Admin;
    QSqlQuery q(db.connection());
    q.exec(QStringLiteral("SELECT id, supplier_id FROM users WHERE login = 'admin'"));
    if (q.next()) {
        s.userId = UserId(q.value(0).toLongLong());
        s.supplierId = SupplierId(q.value(1).toLongLong());
    }
    return s;
}

void TestReadingFeed::concurrentWritersNeverSkipped()
{
    OBLIK_FRESH_DATABASE(url, m_dir);
    OBLIK_OPEN_DATABASE(db, url);
    DemoOptions options;
    options.accounts = 5;
    QVERIFY(DemoGenerator(*db, options).run().ok());

    constexpr int kWriters = 6;
    constexpr int kPerWriter = 30; // the 5-account demo has 192 readings
    const QList<qint64> ids = readingIds(*db, kWriters * kPerWriter);
    QCOMPARE(ids.size(), kWriters * kPerWriter);
    const AccessScope scope = adminScope(*db);
    QVERIFY(scope.supplierId.has_value());

    // The demo's readings carry revisions 1..N (their ids); the writers continue from there.
    qint64 base = 0;
    {
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT revision FROM sync_state WHERE id = 1")) && q.next());
        base = q.value(0).toLongLong();
        QVERIFY(q.exec(QStringLiteral("SELECT MAX(revision), COUNT(*) FROM readings")) && q.next());
        QCOMPARE(q.value(0).toLongLong(), base);
        QCOMPARE(q.value(1).toLongLong(), base);
    }
    std::atomic<int> failures{0};
    std::atomic<int> running{kWriters};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
        writers.emplace_back([&, w] {
            for (int i = 0; i < kPerWriter; ++i) {
                const qint64 id = ids[w * kPerWriter + i];
                QSqlDatabase c = db->connection();
                Transaction tx(c);
                auto stamp = ReadingRepository::nextFeedStamp(c);
                QSqlQuery q(c);
                if (!stamp || !execPrepared(q,
                                            QStringLiteral("UPDATE readings SET revision = ?, xact = ?, "
                                                           "version = version + 1 WHERE id = ?"),
                                            {stamp.value().revision, stamp.value().xact, id})) {
                    ++failures;
                    continue;
                }
                // Hold the transaction open a moment: later revisions of other writers commit first.
                QThread::usleep(QRandomGenerator::global()->bounded(2000));
                if (!tx.commit())
                    ++failures;
            }
            --running;
        });
    }

    ReadingRepository repo(*db);
    FeedCursor cursor{0, base};
    QSet<qint64> seen;
    FeedCursor last = cursor;
    bool ordered = true;
    for (;;) {
        const bool writersDone = running.load() == 0;
        auto page = repo.feed(scope, cursor, 7);
        QVERIFY2(page.ok(), qPrintable(page.error().detail()));
        QCOMPARE(page.value().positions.size(), page.value().items.size());
        for (qsizetype i = 0; i < page.value().items.size(); ++i) {
            ordered = ordered && last < page.value().positions[i];
            last = page.value().positions[i];
            seen.insert(page.value().items[i].id);
        }
        cursor = page.value().next;
        QVERIFY(FeedCursor::parse(cursor.toString()) == cursor);
        if (writersDone && !page.value().more)
            break;
    }
    for (auto &t : writers)
        t.join();
    QCOMPARE(failures.load(), 0);
    QVERIFY(ordered);
    QCOMPARE(seen.size(), ids.size());
    for (const qint64 id : ids)
        QVERIFY2(seen.contains(id), qPrintable(QStringLiteral("reading %1 was skipped by the feed").arg(id)));
    // One revision per write, no holes.
    QSqlQuery q(db->connection());
    QVERIFY(q.prepare(
        QStringLiteral("SELECT MIN(revision), MAX(revision), COUNT(*) FROM readings WHERE revision > ?")));
    q.addBindValue(base);
    QVERIFY(q.exec() && q.next());
    QCOMPARE(q.value(0).toLongLong(), base + 1);
    QCOMPARE(q.value(1).toLongLong(), base + ids.size());
    QCOMPARE(q.value(2).toLongLong(), qint64(ids.size()));
}

// A first sync from "recent" hands out only the readings of recent periods (from kFirstSyncMonths
// before today's month), up to the feed's end when it began; afterwards every change comes, of any
// period. From "0" everything comes.
void TestReadingFeed::firstSyncIsBounded()
{
    OBLIK_FRESH_DATABASE(url, m_dir);
    OBLIK_OPEN_DATABASE(db, url);
    DemoOptions options;
    options.accounts = 5;
    QVERIFY(DemoGenerator(*db, options).run().ok());
    const AccessScope scope = adminScope(*db);
    Period floor = Period::fromDate(QDate::currentDate());
    for (int i = 0; i < ReadingRepository::kFirstSyncMonths; ++i)
        floor = floor.previous();
    qint64 recent = 0, old = 0, oldId = 0;
    {
        QSqlQuery q(db->connection());
        QVERIFY(execPrepared(q, QStringLiteral("SELECT COUNT(*) FROM readings WHERE period >= ?"),
                             {floor.yyyymm()}));
        QVERIFY(q.next());
        recent = q.value(0).toLongLong();
        QVERIFY(execPrepared(q, QStringLiteral("SELECT COUNT(*), MIN(id) FROM readings WHERE period < ?"),
                             {floor.yyyymm()}));
        QVERIFY(q.next());
        old = q.value(0).toLongLong();
        oldId = q.value(1).toLongLong();
    }
    QVERIFY(recent > 0);
    QVERIFY(old > 0); // the demo's history is 12 periods: most of it is older
    {
        ReadingRepository repo(*db);
        auto all = repo.feed(scope, FeedCursor{}, 100000);
        QVERIFY(all.ok());
        QCOMPARE(all.value().items.size(), recent + old);
    }

    ReadingRepository repo(*db);
    FeedCursor cursor = *FeedCursor::parse(QStringLiteral("recent"));
    QSet<qint64> seen;
    for (int guard = 0; guard < 1000; ++guard) {
        auto page = repo.feed(scope, cursor, 50);
        QVERIFY2(page.ok(), qPrintable(page.error().detail()));
        for (const auto &r : page.value().items) {
            QVERIFY2(!(r.period < floor), qPrintable(r.period.toString()));
            QVERIFY(!seen.contains(r.id));
            seen.insert(r.id);
        }
        cursor = page.value().next;
        QCOMPARE(FeedCursor::parse(cursor.toString()), std::optional<FeedCursor>(cursor));
        if (!page.value().more)
            break;
    }
    QCOMPARE(seen.size(), recent);
    QCOMPARE(cursor.floorPeriod, 0); // done: a plain position at the feed's end
    auto empty = repo.feed(scope, cursor, 50);
    QVERIFY(empty.ok());
    QCOMPARE(empty.value().items.size(), 0);

    // An old reading that changes now comes with the next sync.
    {
        QSqlDatabase c = db->connection();
        Transaction tx(c);
        auto stamp = ReadingRepository::nextFeedStamp(c);
        QVERIFY(stamp.ok());
        QSqlQuery q(c);
        QVERIFY(
            execPrepared(q,
                         QStringLiteral("UPDATE readings SET revision = ?, xact = ?, version = version + 1 "
                                        "WHERE id = ?"),
                         {stamp.value().revision, stamp.value().xact, oldId}));
        QVERIFY(tx.commit());
    }
    QList<qint64> later;
    for (int i = 0; i < 100 && later.isEmpty(); ++i) { // PostgreSQL: once older transactions ended
        auto page = repo.feed(scope, cursor, 50);
        QVERIFY(page.ok());
        for (const auto &r : page.value().items)
            later.append(r.id);
        if (later.isEmpty())
            QThread::msleep(50);
    }
    QCOMPARE(later, QList<qint64>{oldId});
}

void TestReadingFeed::idempotentRepeat()
{
    OBLIK_FRESH_DATABASE(url, m_dir);
    OBLIK_OPEN_DATABASE(db, url);
    DemoOptions options;
    options.accounts = 5;
    QVERIFY(DemoGenerator(*db, options).run().ok());
    const AccessScope scope = adminScope(*db);
    int runs = 0;
    auto work = [&]() -> Result<StoredAnswer> {
        ++runs;
        QSqlDatabase c = db->connection();
        auto stamp = ReadingRepository::nextFeedStamp(c);
        if (!stamp)
            return stamp.error();
        StoredAnswer a;
        a.body = QByteArray("{\"n\":") + QByteArray::number(stamp.value().revision) + '}';
        return a;
    };
    auto first = runIdempotent(*db, scope.userId, QStringLiteral("k1"), "hash-a", 1, work);
    QVERIFY(first.ok());
    QVERIFY(!first.value().repeated);
    auto again = runIdempotent(*db, scope.userId, QStringLiteral("k1"), "hash-a", 2, work);
    QVERIFY(again.ok());
    QVERIFY(again.value().repeated);
    QCOMPARE(again.value().body, first.value().body);
    QCOMPARE(runs, 1);
    auto other = runIdempotent(*db, scope.userId, QStringLiteral("k1"), "hash-b", 3, work);
    QVERIFY(!other.ok());
    QCOMPARE(other.error().code(), QStringLiteral("request.idempotency_mismatch"));
    // An error from the work is not stored: the key stays free.
    auto failing =
        runIdempotent(*db, scope.userId, QStringLiteral("k2"), "h", 4,
                      []() -> Result<StoredAnswer> { return Error::make(QStringLiteral("period.closed")); });
    QVERIFY(!failing.ok());
    auto retry = runIdempotent(*db, scope.userId, QStringLiteral("k2"), "h", 5, work);
    QVERIFY(retry.ok());
    QVERIFY(!retry.value().repeated);
    QCOMPARE(runs, 2);
}

QTEST_GUILESS_MAIN(TestReadingFeed)
#include "tst_readingfeed.moc"
