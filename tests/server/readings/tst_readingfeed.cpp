// The sync feed at store level, once per driver: several writer threads change readings at the same
// time (each in its own transaction that takes the next revision and then holds on a little before
// committing), while a reader follows the cursor with ReadingRepository::feed(). Every written row
// must reach the reader: a revision that committed after a higher one would be skipped by the cursor.
// Also: revisions are consecutive, and the idempotent write helper answers a repeat without writing.

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

    std::atomic<int> failures{0};
    std::atomic<int> running{kWriters};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
        writers.emplace_back([&, w] {
            for (int i = 0; i < kPerWriter; ++i) {
                const qint64 id = ids[w * kPerWriter + i];
                QSqlDatabase c = db->connection();
                Transaction tx(c);
                auto rev = ReadingRepository::nextRevision(c);
                QSqlQuery q(c);
                if (!rev ||
                    !execPrepared(q,
                                  QStringLiteral("UPDATE readings SET revision = ?, version = version + 1 "
                                                 "WHERE id = ?"),
                                  {rev.value(), id})) {
                    ++failures;
                    continue;
                }
                // Hold the transaction open a moment: other writers wait for the revision row.
                QThread::usleep(QRandomGenerator::global()->bounded(2000));
                if (!tx.commit())
                    ++failures;
            }
            --running;
        });
    }

    ReadingRepository repo(*db);
    qint64 cursor = 0;
    QSet<qint64> seen;
    qint64 lastRevision = 0;
    bool ordered = true;
    for (;;) {
        const bool writersDone = running.load() == 0;
        auto page = repo.feed(scope, cursor, 7);
        QVERIFY2(page.ok(), qPrintable(page.error().detail()));
        for (const auto &r : page.value().items) {
            ordered = ordered && r.revision > lastRevision;
            lastRevision = r.revision;
            seen.insert(r.id);
        }
        cursor = page.value().next;
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
    QVERIFY(q.exec(
        QStringLiteral("SELECT MIN(revision), MAX(revision), COUNT(*) FROM readings WHERE revision > 0")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toLongLong(), 1);
    QCOMPARE(q.value(1).toLongLong(), qint64(ids.size()));
    QCOMPARE(q.value(2).toLongLong(), qint64(ids.size()));
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
        auto rev = ReadingRepository::nextRevision(c);
        if (!rev)
            return rev.error();
        StoredAnswer a;
        a.body = QByteArray("{\"n\":") + QByteArray::number(rev.value()) + '}';
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
