// The sync feed under many concurrent writers, end to end on PostgreSQL: writer threads POST batches
// of readings to a real `oblik-server serve` (each as its own big-N login, on its own account) while
// a reader (the admin, who sees every account) follows GET /api/v1/sync with the cursor. At the end
// the reader must have seen, for every reading in the database, its latest revision: a reading whose
// change committed after the reader had passed its place in the feed would be missed for good.
// Needs OBLIK_TEST_PG_URL (skipped without it, failed with CI=true).

#include "httptestsupport.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace oblik::test;

namespace {

constexpr int kWriters = 8;
constexpr int kRounds = 12; // batches per writer
constexpr int kBatch = 10;

struct Register
{
    qint64 id = 0;
    QString value; // gives last period's consumption again: always accepted
    int version = 0;
};

struct Writer
{
    QString token;
    qint64 account = 0;
    QList<Register> registers;
};

QString milliText(qint64 m)
{
    return QStringLiteral("%1.%2").arg(m / 1000).arg(m % 1000, 3, 10, QChar(u'0'));
}

} // namespace

class TestFeedHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void readerNeverMissesAWrite();

private:
    bool sql(const QString &statement, QList<QList<QVariant>> *rows = nullptr);

    QTemporaryDir m_dir;
    QUrl m_adminUrl;
    QString m_dbName;
    ServerProcess m_server;
    QSslCertificate m_cert;
    QString m_period, m_takenOn;
    QList<Writer> m_writers;
};

bool TestFeedHttp::sql(const QString &statement, QList<QList<QVariant>> *rows)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("fixture"));
        db.setHostName(m_adminUrl.host());
        db.setPort(m_adminUrl.port(5432));
        db.setUserName(m_adminUrl.userName());
        db.setPassword(m_adminUrl.password());
        db.setDatabaseName(m_dbName.isEmpty() ? m_adminUrl.path().mid(1) : m_dbName);
        if (db.open()) {
            QSqlQuery q(db);
            q.setForwardOnly(true);
            ok = q.exec(statement);
            if (!ok)
                qWarning("%s: %s", qPrintable(statement), qPrintable(q.lastError().text()));
            while (ok && rows && q.next()) {
                QList<QVariant> row;
                for (int i = 0; i < q.record().count(); ++i)
                    row.append(q.value(i));
                rows->append(row);
            }
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("fixture"));
    return ok;
}

void TestFeedHttp::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString url = qEnvironmentVariable("OBLIK_TEST_PG_URL");
    if (url.isEmpty()) {
        if (qEnvironmentVariable("CI") == u"true")
            QFAIL("OBLIK_TEST_PG_URL is not set (CI=true)");
        QSKIP("OBLIK_TEST_PG_URL is not set: no PostgreSQL to test against");
    }
    m_adminUrl = QUrl(url);
    const QString name =
        QStringLiteral("oblik_feedhttp_%1").arg(QRandomGenerator::global()->bounded(1u << 30));
    QVERIFY(sql(QStringLiteral("CREATE DATABASE %1").arg(name)));
    m_dbName = name;
    QUrl dbUrl = m_adminUrl;
    dbUrl.setPath(u'/' + m_dbName);

    const CliRun demo = runServerCli({QStringLiteral("demo"), QStringLiteral("--db"), dbUrl.toString(),
                                      QStringLiteral("--accounts"), QStringLiteral("%1").arg(5 + kWriters),
                                      QStringLiteral("--big-accounts"), QString::number(kWriters),
                                      QStringLiteral("--big-account-points"), QStringLiteral("30")});
    QVERIFY2(demo.exitCode == 0 && !demo.crashed, demo.err.constData());
    QVERIFY2(m_server.start({QStringLiteral("--db"), dbUrl.toString(), QStringLiteral("--listen"),
                             QStringLiteral("127.0.0.1:0"), QStringLiteral("--state-dir"),
                             m_dir.filePath(QStringLiteral("tls"))}),
             qPrintable(m_server.error()));
    m_cert = loadCertificate(m_server.announcedCertificate());
    HttpsClient client(m_server.baseUrl(), m_cert);

    for (int n = 1; n <= kWriters; ++n) {
        Writer w;
        w.token = client.login(QStringLiteral("big-%1").arg(n));
        QVERIFY(!w.token.isEmpty());
        w.account = client.get(QStringLiteral("/api/v1/accounts"), w.token)
                        .json()
                        .value(QStringLiteral("items"))
                        .toArray()
                        .first()
                        .toObject()
                        .value(QStringLiteral("id"))
                        .toInteger();
        const QJsonObject tree =
            client.get(QStringLiteral("/api/v1/accounts/%1").arg(w.account), w.token).json();
        QHash<qint64, QJsonObject> meterOf;
        for (const auto &o : tree.value(QStringLiteral("objects")).toArray())
            for (const auto &p : o.toObject().value(QStringLiteral("metering_points")).toArray())
                for (const auto &m : p.toObject().value(QStringLiteral("meters")).toArray())
                    for (const auto &g : m.toObject().value(QStringLiteral("registers")).toArray())
                        meterOf.insert(g.toObject().value(QStringLiteral("id")).toInteger(), m.toObject());
        const QJsonObject now =
            client.get(QStringLiteral("/api/v1/accounts/%1/readings").arg(w.account), w.token).json();
        QVERIFY(now.value(QStringLiteral("open")).toBool());
        m_period = now.value(QStringLiteral("period")).toString();
        m_takenOn = now.value(QStringLiteral("window")).toObject().value(QStringLiteral("first")).toString();
        for (const auto &v : now.value(QStringLiteral("previous")).toArray()) {
            const QJsonObject prev = v.toObject();
            const QJsonObject m = meterOf.value(prev.value(QStringLiteral("register_id")).toInteger());
            if (m.value(QStringLiteral("status")).toString() != u"working")
                continue;
            const int digits = m.value(QStringLiteral("digits")).toInt();
            const int ratio = m.value(QStringLiteral("ratio")).toInt();
            qint64 modulus = 1000;
            for (int i = 0; i < digits; ++i)
                modulus *= 10;
            const qint64 before = qRound64(prev.value(QStringLiteral("value")).toString().toDouble() * 1000);
            const qint64 used =
                qRound64(prev.value(QStringLiteral("consumption")).toString().toDouble() * 1000);
            Register r;
            r.id = prev.value(QStringLiteral("register_id")).toInteger();
            r.value = milliText((before + used / ratio) % modulus);
            w.registers.append(r);
        }
        QVERIFY2(w.registers.size() >= kBatch, "a big account needs a batch of working registers");
        m_writers.append(w);
    }
}

void TestFeedHttp::cleanupTestCase()
{
    if (m_server.process())
        QCOMPARE(m_server.stop(), 0);
    if (!m_dbName.isEmpty()) {
        const QString name = m_dbName;
        m_dbName.clear();
        sql(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(name));
    }
}

void TestFeedHttp::readerNeverMissesAWrite()
{
    std::atomic<int> running{kWriters};
    std::atomic<int> failures{0};
    std::atomic<int> saved{0};
    QMutex errorsLock;
    QStringList errors;
    QList<QThread *> threads;
    for (int w = 0; w < kWriters; ++w) {
        Writer *writer = &m_writers[w];
        threads.append(QThread::create([&, writer, w] {
            HttpsClient client(m_server.baseUrl(), m_cert);
            for (int round = 0; round < kRounds; ++round) {
                // Overlapping batches: each round moves on by half a batch, so registers are written
                // again (new versions, later revisions) while other writers commit around them.
                QJsonArray items;
                QList<Register *> sent;
                for (int i = 0; i < kBatch; ++i) {
                    Register &r = writer->registers[(round * kBatch / 2 + i) % writer->registers.size()];
                    items.append(QJsonObject{{QStringLiteral("register_id"), r.id},
                                             {QStringLiteral("taken_on"), m_takenOn},
                                             {QStringLiteral("value"), r.value},
                                             {QStringLiteral("version"), r.version}});
                    sent.append(&r);
                }
                const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("period"), m_period},
                                                                  {QStringLiteral("items"), items}})
                                            .toJson(QJsonDocument::Compact);
                const QByteArray key = QStringLiteral("feed-%1-%2").arg(w).arg(round).toLatin1();
                const HttpReply reply =
                    client.send("POST", QStringLiteral("/api/v1/accounts/%1/readings").arg(writer->account),
                                body, writer->token, {{"Idempotency-Key", key}});
                const QJsonArray results = reply.json().value(QStringLiteral("items")).toArray();
                if (reply.status != 200 || results.size() != kBatch) {
                    ++failures;
                    QMutexLocker lock(&errorsLock);
                    errors << QStringLiteral("%1: %2")
                                  .arg(reply.status)
                                  .arg(QString::fromUtf8(reply.body.left(300)));
                    continue;
                }
                for (int i = 0; i < kBatch; ++i) {
                    const QJsonObject result = results[i].toObject();
                    if (result.value(QStringLiteral("status")).toString() != u"saved") {
                        ++failures;
                        QMutexLocker lock(&errorsLock);
                        errors << QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact));
                        continue;
                    }
                    ++saved;
                    sent[i]->version = int(result.value(QStringLiteral("reading"))
                                               .toObject()
                                               .value(QStringLiteral("version"))
                                               .toInteger());
                }
            }
            --running;
        }));
    }

    // The reader: starts at the feed's current end, follows the cursor in small pages.
    HttpsClient reader(m_server.baseUrl(), m_cert);
    const QString admin = reader.login(QStringLiteral("admin"));
    QVERIFY(!admin.isEmpty());
    QString cursor = QStringLiteral("0");
    QHash<qint64, QPair<qint64, int>> seen; // reading id -> (revision, version), the latest seen
    int pages = 0;
    auto follow = [&]() -> bool {
        for (;;) {
            const HttpReply page =
                reader.get(QStringLiteral("/api/v1/sync?since=%1&limit=50").arg(cursor), admin);
            if (page.status != 200)
                return false;
            ++pages;
            const QJsonObject o = page.json();
            for (const auto &v : o.value(QStringLiteral("items")).toArray()) {
                const QJsonObject d = v.toObject().value(QStringLiteral("data")).toObject();
                const qint64 id = d.value(QStringLiteral("id")).toInteger();
                const int version = int(d.value(QStringLiteral("version")).toInteger());
                // A reading may come again later with a newer version, never an older one.
                if (seen.contains(id) && seen.value(id).second > version)
                    return false;
                seen.insert(id, {d.value(QStringLiteral("revision")).toInteger(), version});
            }
            cursor = o.value(QStringLiteral("next")).toString();
            if (!o.value(QStringLiteral("more")).toBool())
                return true;
        }
    };
    QVERIFY(follow()); // the demo's history first
    for (QThread *t : threads)
        t->start();
    while (running.load() > 0) {
        QVERIFY2(follow(), "the feed answered an error or went back to an older version");
        QThread::msleep(QRandomGenerator::global()->bounded(20));
    }
    for (QThread *t : threads) {
        QVERIFY(t->wait(120000));
        delete t;
    }
    QVERIFY(follow()); // what committed last
    QVERIFY2(failures.load() == 0, qPrintable(errors.join(u'\n')));
    QCOMPARE(saved.load(), kWriters * kRounds * kBatch);
    QVERIFY(pages > kWriters); // the reader really ran alongside the writers

    // Every reading in the database reached the reader at its latest state.
    QList<QList<QVariant>> rows;
    QVERIFY(sql(QStringLiteral("SELECT id, revision, version FROM readings"), &rows));
    int missed = 0, stale = 0;
    for (const auto &row : rows) {
        const qint64 id = row[0].toLongLong();
        if (!seen.contains(id))
            ++missed;
        else if (seen.value(id) != qMakePair(row[1].toLongLong(), row[2].toInt()))
            ++stale;
    }
    QCOMPARE(missed, 0);
    QCOMPARE(stale, 0);
    QCOMPARE(seen.size(), rows.size());
}

QTEST_GUILESS_MAIN(TestFeedHttp)
#include "tst_feedhttp.moc"
