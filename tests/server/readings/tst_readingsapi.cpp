// The readings API (docs/readings-contract.md) over real HTTPS against a real `oblik-server serve`
// on a demo database: SQLite, or PostgreSQL when built as tst_readingsapi_postgres (needs
// OBLIK_TEST_PG_URL; skipped without it unless CI=true). The demo logins' entry period is open and
// unread (their contracts keep a long readings window), so the test enters readings for it.

#include "httptestsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace oblik::test;

namespace {

struct Row
{
    qint64 registerId = 0;
    qint64 meterId = 0;
    QString previous; // value of the previous period
    qint64 prevMilli = 0, consMilli = 0;
    int digits = 6, decimals = 0, ratio = 1;
    QString number, status;
    bool sub = false;
};

QString milliText(qint64 m)
{
    return QStringLiteral("%1.%2").arg(m / 1000).arg(m % 1000, 3, 10, QChar(u'0'));
}

} // namespace

class TestReadingsApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void periodReadings();
    void saveBatchKeepsGoodRows();
    void idempotentRepeatAndMismatch();
    void staleVersionConflicts();
    void wholeRequestErrors_data();
    void wholeRequestErrors();
    void foreignAccountIsNotFound();
    void submitAndFeed();
    void clerkQueueAndDecide();
    void meterReplacement();
    void subConsumerChecked(); // last: it adds readings the tests above do not count

private:
    bool sql(const QString &statement);
    HttpReply save(const QJsonObject &body, const QString &key, const QString &token = {},
                   qint64 account = 0);
    QJsonObject item(const Row &r, qint64 milliAdded, int version = 0) const;

    QTemporaryDir m_dir;
    QString m_dbUrl, m_dbName;
    QUrl m_adminUrl;
    ServerProcess m_server;
    std::unique_ptr<HttpsClient> m_client;
    QString m_token;
    qint64 m_account = 0;
    QString m_period;
    QString m_takenOn;
    QList<Row> m_rows;    // working meters without sub-consumers
    QList<Row> m_subRows; // working meters of sub-consumers
    Row m_faulty;
};

bool TestReadingsApi::sql(const QString &statement)
{
    bool ok = false;
    {
        QSqlDatabase db;
#ifdef OBLIK_READINGS_ON_POSTGRES
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("fixture"));
        db.setHostName(m_adminUrl.host());
        db.setPort(m_adminUrl.port(5432));
        db.setUserName(m_adminUrl.userName());
        db.setPassword(m_adminUrl.password());
        db.setDatabaseName(m_dbName.isEmpty() ? m_adminUrl.path().mid(1) : m_dbName);
#else
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fixture"));
        db.setDatabaseName(m_dbUrl.mid(7));
#endif
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(statement);
            if (!ok)
                qWarning("%s: %s", qPrintable(statement), qPrintable(q.lastError().text()));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("fixture"));
    return ok;
}

void TestReadingsApi::initTestCase()
{
    QVERIFY(m_dir.isValid());
#ifdef OBLIK_READINGS_ON_POSTGRES
    const QString url = qEnvironmentVariable("OBLIK_TEST_PG_URL");
    if (url.isEmpty()) {
        if (qEnvironmentVariable("CI") == u"true")
            QFAIL("OBLIK_TEST_PG_URL is not set (CI=true)");
        QSKIP("OBLIK_TEST_PG_URL is not set: no PostgreSQL to test against");
    }
    m_adminUrl = QUrl(url);
    const QString name =
        QStringLiteral("oblik_readings_%1").arg(QRandomGenerator::global()->bounded(1u << 30));
    QVERIFY(sql(QStringLiteral("CREATE DATABASE %1").arg(name)));
    m_dbName = name;
    QUrl dbUrl = m_adminUrl;
    dbUrl.setPath(u'/' + m_dbName);
    m_dbUrl = dbUrl.toString();
#else
    m_dbUrl = sqliteUrl(m_dir.filePath(QStringLiteral("oblik.db")));
#endif
    const CliRun demo = runServerCli({QStringLiteral("demo"), QStringLiteral("--db"), m_dbUrl,
                                      QStringLiteral("--accounts"), QStringLiteral("8")});
    QVERIFY2(demo.exitCode == 0 && !demo.crashed, demo.err.constData());
    QVERIFY2(m_server.start({QStringLiteral("--db"), m_dbUrl, QStringLiteral("--listen"),
                             QStringLiteral("127.0.0.1:0"), QStringLiteral("--state-dir"),
                             m_dir.filePath(QStringLiteral("tls"))}),
             qPrintable(m_server.error()));
    m_client =
        std::make_unique<HttpsClient>(m_server.baseUrl(), loadCertificate(m_server.announcedCertificate()));
    m_token = m_client->login(QStringLiteral("accountant"));
    QVERIFY(!m_token.isEmpty());

    const QJsonObject list = m_client->get(QStringLiteral("/api/v1/accounts"), m_token).json();
    m_account = list.value(QStringLiteral("items"))
                    .toArray()
                    .first()
                    .toObject()
                    .value(QStringLiteral("id"))
                    .toInteger();
    QVERIFY(m_account > 0);
    const HttpReply first =
        m_client->get(QStringLiteral("/api/v1/accounts/%1/readings").arg(m_account), m_token);
    QCOMPARE(first.status, 200);
    m_period = first.json().value(QStringLiteral("period")).toString();
    // The demo logins' contracts keep a 30-working-day window from the 1st: the entry period is open
    // today, has no readings yet, and is the month before today or the one before that.
    QVERIFY(first.json().value(QStringLiteral("open")).toBool());
    QVERIFY(!first.json().value(QStringLiteral("period_closed")).toBool());
    QVERIFY(m_period == QDate::currentDate().addMonths(-1).toString(QStringLiteral("yyyy-MM")) ||
            m_period == QDate::currentDate().addMonths(-2).toString(QStringLiteral("yyyy-MM")));

    const QJsonObject a = m_client->get(QStringLiteral("/api/v1/accounts/%1").arg(m_account), m_token).json();
    const QJsonObject now =
        m_client->get(QStringLiteral("/api/v1/accounts/%1/readings").arg(m_account), m_token).json();
    QCOMPARE(now.value(QStringLiteral("items")).toArray().size(), 0);
    m_takenOn = now.value(QStringLiteral("window")).toObject().value(QStringLiteral("first")).toString();
    QHash<qint64, QJsonObject> previous;
    for (const auto &v : now.value(QStringLiteral("previous")).toArray())
        previous.insert(v.toObject().value(QStringLiteral("register_id")).toInteger(), v.toObject());
    for (const auto &o : a.value(QStringLiteral("objects")).toArray()) {
        for (const auto &p : o.toObject().value(QStringLiteral("metering_points")).toArray()) {
            const bool sub = !p.toObject().value(QStringLiteral("parent_id")).isNull();
            for (const auto &m : p.toObject().value(QStringLiteral("meters")).toArray()) {
                const QJsonObject mo = m.toObject();
                for (const auto &g : mo.value(QStringLiteral("registers")).toArray()) {
                    Row r;
                    r.registerId = g.toObject().value(QStringLiteral("id")).toInteger();
                    r.meterId = mo.value(QStringLiteral("id")).toInteger();
                    const QJsonObject prev = previous.value(r.registerId);
                    if (prev.isEmpty())
                        continue;
                    r.previous = prev.value(QStringLiteral("value")).toString();
                    r.prevMilli = qint64(r.previous.toDouble() * 1000 + 0.5);
                    r.consMilli =
                        qint64(prev.value(QStringLiteral("consumption")).toString().toDouble() * 1000 + 0.5);
                    r.digits = mo.value(QStringLiteral("digits")).toInt();
                    r.decimals = mo.value(QStringLiteral("decimals")).toInt();
                    r.ratio = mo.value(QStringLiteral("ratio")).toInt();
                    r.number = mo.value(QStringLiteral("number")).toString();
                    r.status = mo.value(QStringLiteral("status")).toString();
                    r.sub = sub;
                    if (r.status == u"faulty")
                        m_faulty = r;
                    else if (r.status == u"working" && !sub)
                        m_rows.append(r);
                    else if (r.status == u"working")
                        m_subRows.append(r);
                }
            }
        }
    }
    QVERIFY2(m_rows.size() >= 4, "the demo account needs four working registers");
}

void TestReadingsApi::cleanupTestCase()
{
    if (m_server.process())
        QCOMPARE(m_server.stop(), 0);
#ifdef OBLIK_READINGS_ON_POSTGRES
    if (!m_dbName.isEmpty()) {
        const QString name = m_dbName;
        m_dbName.clear();
        sql(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(name));
    }
#endif
}

HttpReply TestReadingsApi::save(const QJsonObject &body, const QString &key, const QString &token,
                                qint64 account)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!key.isEmpty())
        headers.append({"Idempotency-Key", key.toLatin1()});
    return m_client->send(
        "POST", QStringLiteral("/api/v1/accounts/%1/readings").arg(account ? account : m_account),
        QJsonDocument(body).toJson(QJsonDocument::Compact), token.isEmpty() ? m_token : token, headers);
}

// A value that gives the same consumption as last period (so within range), as the display shows it.
QJsonObject TestReadingsApi::item(const Row &r, qint64 milliAdded, int version) const
{
    qint64 modulus = 1000;
    for (int i = 0; i < r.digits; ++i)
        modulus *= 10;
    const qint64 value = (r.prevMilli + r.consMilli / r.ratio + milliAdded) % modulus;
    return QJsonObject{{QStringLiteral("register_id"), r.registerId},
                       {QStringLiteral("taken_on"), m_takenOn},
                       {QStringLiteral("value"), milliText(value)},
                       {QStringLiteral("version"), version}};
}

static QString newKey()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

void TestReadingsApi::periodReadings()
{
    const HttpReply r = m_client->get(
        QStringLiteral("/api/v1/accounts/%1/readings?period=%2").arg(m_account).arg(m_period), m_token);
    QCOMPARE(r.status, 200);
    const QJsonObject o = r.json();
    QVERIFY(!o.value(QStringLiteral("period_closed")).toBool());
    QVERIFY(!o.value(QStringLiteral("previous")).toArray().isEmpty());
    const QJsonObject w = o.value(QStringLiteral("window")).toObject();
    QVERIFY(w.value(QStringLiteral("first")).toString() <= w.value(QStringLiteral("last")).toString());
    QVERIFY(o.value(QStringLiteral("open")).toBool());
    QCOMPARE(w.value(QStringLiteral("holidays")).toArray().size(), 0); // the demo keeps none
    const QJsonObject next = o.value(QStringLiteral("next_window")).toObject();
    QVERIFY(w.value(QStringLiteral("first")).toString() < next.value(QStringLiteral("first")).toString());

    // A public holiday on the window's first day (a working day) moves both ends by a working day.
    const QDate first = QDate::fromString(w.value(QStringLiteral("first")).toString(), Qt::ISODate);
    const QDate last = QDate::fromString(w.value(QStringLiteral("last")).toString(), Qt::ISODate);
    auto nextWorkingDay = [](QDate d) {
        do
            d = d.addDays(1);
        while (d.dayOfWeek() > 5);
        return d;
    };
    QVERIFY(sql(QStringLiteral("INSERT INTO holidays (supplier_id, day, name) SELECT id, '%1', 'Test day' "
                               "FROM suppliers")
                    .arg(first.toString(Qt::ISODate))));
    const QJsonObject h =
        m_client
            ->get(QStringLiteral("/api/v1/accounts/%1/readings?period=%2").arg(m_account).arg(m_period),
                  m_token)
            .json()
            .value(QStringLiteral("window"))
            .toObject();
    QVERIFY(sql(QStringLiteral("DELETE FROM holidays")));
    QCOMPARE(h.value(QStringLiteral("first")).toString(), nextWorkingDay(first).toString(Qt::ISODate));
    QCOMPARE(h.value(QStringLiteral("last")).toString(), nextWorkingDay(last).toString(Qt::ISODate));
    const QJsonArray days = h.value(QStringLiteral("holidays")).toArray();
    QCOMPARE(days.size(), 1);
    QCOMPARE(days.first().toObject().value(QStringLiteral("date")).toString(), first.toString(Qt::ISODate));
    QCOMPARE(days.first().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Test day"));

    QCOMPARE(
        m_client->get(QStringLiteral("/api/v1/accounts/%1/readings?period=2026-13").arg(m_account), m_token)
            .status,
        400);
}

void TestReadingsApi::saveBatchKeepsGoodRows()
{
    QJsonArray items{item(m_rows[0], 0)};
    QJsonObject bad = item(m_rows[1], 0);
    bad.insert(QStringLiteral("value"), QStringLiteral("12a"));
    items.append(bad);
    QJsonObject early = item(m_rows[2], 0);
    early.insert(QStringLiteral("taken_on"),
                 QDate::fromString(m_takenOn, Qt::ISODate).addDays(-20).toString(Qt::ISODate));
    items.append(early);
    QJsonObject changed = item(m_rows[3], 0);
    changed.insert(QStringLiteral("meter"),
                   QJsonObject{{QStringLiteral("number"), QString(m_rows[3].number + u'9')},
                               {QStringLiteral("digits"), m_rows[3].digits},
                               {QStringLiteral("decimals"), m_rows[3].decimals},
                               {QStringLiteral("ratio"), m_rows[3].ratio}});
    items.append(changed);
    items.append(QJsonObject{{QStringLiteral("register_id"), 999999999},
                             {QStringLiteral("taken_on"), m_takenOn},
                             {QStringLiteral("value"), QStringLiteral("1")}});
    if (m_faulty.registerId)
        items.append(item(m_faulty, 0));
    const HttpReply r =
        save({{QStringLiteral("period"), m_period}, {QStringLiteral("items"), items}}, newKey());
    QCOMPARE(r.status, 200);
    const QJsonArray out = r.json().value(QStringLiteral("items")).toArray();
    QCOMPARE(out.size(), items.size());
    auto code = [&](int i) {
        return out[i]
            .toObject()
            .value(QStringLiteral("problem"))
            .toObject()
            .value(QStringLiteral("code"))
            .toString();
    };
    auto field = [&](int i) {
        return out[i]
            .toObject()
            .value(QStringLiteral("problem"))
            .toObject()
            .value(QStringLiteral("field"))
            .toString();
    };
    QCOMPARE(out[0].toObject().value(QStringLiteral("status")).toString(), QStringLiteral("saved"));
    const QJsonObject reading = out[0].toObject().value(QStringLiteral("reading")).toObject();
    QCOMPARE(reading.value(QStringLiteral("state")).toString(), QStringLiteral("ready"));
    QCOMPARE(reading.value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(reading.value(QStringLiteral("consumption")).toString(),
             milliText(m_rows[0].consMilli / m_rows[0].ratio * m_rows[0].ratio));
    QVERIFY(reading.value(QStringLiteral("revision")).toInteger() > 0);
    QCOMPARE(out[1].toObject().value(QStringLiteral("status")).toString(), QStringLiteral("refused"));
    QCOMPARE(code(1), QStringLiteral("reading.not_a_number"));
    QCOMPARE(field(1), QStringLiteral("value"));
    QCOMPARE(code(2), QStringLiteral("reading.outside_window"));
    QCOMPARE(field(2), QStringLiteral("taken_on"));
    QCOMPARE(code(3), QStringLiteral("reading.meter_changed"));
    QCOMPARE(field(3), QStringLiteral("number"));
    QCOMPARE(code(4), QStringLiteral("not_found"));
    QCOMPARE(
        out[4].toObject().value(QStringLiteral("problem")).toObject().value(QStringLiteral("status")).toInt(),
        404);
    if (m_faulty.registerId)
        QCOMPARE(code(5), QStringLiteral("reading.meter_faulty"));

    // Out of range: ten times last period's consumption.
    const HttpReply far = save(
        {{QStringLiteral("period"), m_period},
         {QStringLiteral("items"), QJsonArray{item(m_rows[1], m_rows[1].consMilli / m_rows[1].ratio * 9)}}},
        newKey());
    QCOMPARE(far.status, 200);
    const QJsonObject f = far.json().value(QStringLiteral("items")).toArray()[0].toObject();
    if (m_rows[1].consMilli > 0) {
        QCOMPARE(f.value(QStringLiteral("problem")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("reading.out_of_range"));
    }
    // Only the good row is stored.
    const QJsonObject now =
        m_client->get(QStringLiteral("/api/v1/accounts/%1/readings").arg(m_account), m_token).json();
    QCOMPARE(now.value(QStringLiteral("items")).toArray().size(), 1);
}

// A sub-consumer's reading is checked against its parent's (the café of the bakery's intake): with
// last period's consumption it stays below the parent and is saved; the parent is loaded with it.
void TestReadingsApi::subConsumerChecked()
{
    QVERIFY2(!m_subRows.isEmpty(), "the demo bakery has a café as a sub-consumer");
    QJsonArray items;
    for (const Row &r : std::as_const(m_subRows))
        items.append(item(r, 0));
    const HttpReply reply =
        save({{QStringLiteral("period"), m_period}, {QStringLiteral("items"), items}}, newKey());
    QCOMPARE(reply.status, 200);
    const QJsonArray results = reply.json().value(QStringLiteral("items")).toArray();
    QCOMPARE(results.size(), m_subRows.size());
    for (const auto &v : results)
        QCOMPARE(v.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("saved"));
}

void TestReadingsApi::idempotentRepeatAndMismatch()
{
    const QString key = newKey();
    const QJsonObject body{{QStringLiteral("period"), m_period},
                           {QStringLiteral("items"), QJsonArray{item(m_rows[1], 0)}}};
    const HttpReply first = save(body, key);
    QCOMPARE(first.status, 200);
    const HttpReply again = save(body, key);
    QCOMPARE(again.status, 200);
    QCOMPARE(again.body, first.body); // byte for byte
    QCOMPARE(again.header("Idempotent-Replayed"), QByteArray("true"));
    // Not a second write: still version 1.
    const QJsonObject now =
        m_client->get(QStringLiteral("/api/v1/accounts/%1/readings").arg(m_account), m_token).json();
    for (const auto &v : now.value(QStringLiteral("items")).toArray()) {
        if (v.toObject().value(QStringLiteral("register_id")).toInteger() == m_rows[1].registerId)
            QCOMPARE(v.toObject().value(QStringLiteral("version")).toInt(), 1);
    }
    QJsonObject other = body;
    other.insert(QStringLiteral("submit"), true);
    const HttpReply mismatch = save(other, key);
    QCOMPARE(mismatch.status, 422);
    QCOMPARE(mismatch.json().value(QStringLiteral("code")).toString(),
             QStringLiteral("request.idempotency_mismatch"));
    // The same key of another user is another request.
    const QString engineer = m_client->login(QStringLiteral("engineer"));
    QVERIFY(!engineer.isEmpty());
    const HttpReply theirs = save(body, key, engineer);
    QVERIFY(theirs.status == 200 || theirs.status == 404); // engineer sees only the first bakery account
}

void TestReadingsApi::staleVersionConflicts()
{
    // m_rows[0] is at version 1; an edit that still thinks it new (0) conflicts, the right one saves.
    const HttpReply stale = save({{QStringLiteral("period"), m_period},
                                  {QStringLiteral("items"), QJsonArray{item(m_rows[0], 1000, 0)}}},
                                 newKey());
    QCOMPARE(stale.status, 200);
    const QJsonObject s = stale.json().value(QStringLiteral("items")).toArray()[0].toObject();
    QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("conflict"));
    QCOMPARE(s.value(QStringLiteral("problem")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("reading.version_conflict"));
    QCOMPARE(s.value(QStringLiteral("problem")).toObject().value(QStringLiteral("status")).toInt(), 409);
    QCOMPARE(s.value(QStringLiteral("reading")).toObject().value(QStringLiteral("version")).toInt(), 1);
    const HttpReply ok = save({{QStringLiteral("period"), m_period},
                               {QStringLiteral("items"), QJsonArray{item(m_rows[0], 1000, 1)}}},
                              newKey());
    const QJsonObject o = ok.json().value(QStringLiteral("items")).toArray()[0].toObject();
    QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("saved"));
    QCOMPARE(o.value(QStringLiteral("reading")).toObject().value(QStringLiteral("version")).toInt(), 2);
}

void TestReadingsApi::wholeRequestErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("withKey");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    QTest::newRow("no key") << QByteArray(R"({"period":"2026-10","items":[]})") << false << 400
                            << "request.missing_field"
                            << "Idempotency-Key";
    QTest::newRow("not json") << QByteArray("{") << true << 400 << "request.malformed_json"
                              << "";
    QTest::newRow("no items") << QByteArray(R"({"period":"2026-10"})") << true << 400
                              << "request.invalid_field"
                              << "items";
    QTest::newRow("bad item") << QByteArray(R"({"period":"2026-10","items":[{"register_id":"x"}]})") << true
                              << 400 << "request.invalid_field"
                              << "items[0].register_id";
    QTest::newRow("closed period") << QByteArray(R"({"period":"2020-01","items":[]})") << true << 409
                                   << "period.closed"
                                   << "period";
    QByteArray many = R"({"period":"2026-10","items":[)";
    for (int i = 0; i < 1001; ++i)
        many += (i ? "," : "") + QByteArray(R"({"register_id":1,"taken_on":"2026-11-02","value":"1"})");
    many += "]}";
    QTest::newRow("too many") << many << true << 413 << "request.too_large"
                              << "items";
}

void TestReadingsApi::wholeRequestErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, withKey);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (withKey)
        headers.append({"Idempotency-Key", newKey().toLatin1()});
    const HttpReply r = m_client->send("POST", QStringLiteral("/api/v1/accounts/%1/readings").arg(m_account),
                                       body, m_token, headers);
    QCOMPARE(r.status, status);
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), code);
    QCOMPARE(r.json().value(QStringLiteral("field")).toString(), field);
}

void TestReadingsApi::foreignAccountIsNotFound()
{
    // An account of the district that the accountant is not bound to.
    const QString clerk = m_client->login(QStringLiteral("clerk"));
    const QJsonArray all = m_client->get(QStringLiteral("/api/v1/accounts?limit=1000"), clerk)
                               .json()
                               .value(QStringLiteral("items"))
                               .toArray();
    const QJsonArray mine = m_client->get(QStringLiteral("/api/v1/accounts?limit=1000"), m_token)
                                .json()
                                .value(QStringLiteral("items"))
                                .toArray();
    QSet<qint64> mineIds;
    for (const auto &v : mine)
        mineIds.insert(v.toObject().value(QStringLiteral("id")).toInteger());
    qint64 foreign = 0;
    for (const auto &v : all) {
        if (!mineIds.contains(v.toObject().value(QStringLiteral("id")).toInteger()))
            foreign = v.toObject().value(QStringLiteral("id")).toInteger();
    }
    QVERIFY(foreign > 0);
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/accounts/%1/readings").arg(foreign), m_token).status, 404);
    QCOMPARE(save({{QStringLiteral("period"), m_period}, {QStringLiteral("items"), QJsonArray{}}}, newKey(),
                  {}, foreign)
                 .status,
             404);
    QCOMPARE(
        m_client->get(QStringLiteral("/api/v1/accounts/%1/readings/history").arg(foreign), m_token).status,
        404);
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/clerk/readings"), m_token).status, 404);
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/accounts/%1/readings").arg(m_account)).status, 401);
}

void TestReadingsApi::submitAndFeed()
{
    const HttpReply start = m_client->get(QStringLiteral("/api/v1/sync?since=0&limit=1000"), m_token);
    QCOMPARE(start.status, 200);
    // Follow the feed to its end, pages of 7 so that paging is exercised. On PostgreSQL the feed
    // holds back changes while an older transaction anywhere in the cluster may still commit, so the
    // two readings saved above may take a moment.
    QString cursor = QStringLiteral("0");
    QHash<qint64, QJsonObject> seen;
    int ofPeriod = 0;
    for (int attempt = 0; attempt < 300 && ofPeriod < 2; ++attempt) {
        if (attempt > 0)
            QTest::qWait(100);
        for (int guard = 0; guard < 10000; ++guard) {
            const QJsonObject page =
                m_client->get(QStringLiteral("/api/v1/sync?since=%1&limit=7").arg(cursor), m_token).json();
            for (const auto &v : page.value(QStringLiteral("items")).toArray()) {
                QCOMPARE(v.toObject().value(QStringLiteral("type")).toString(), QStringLiteral("reading"));
                const QJsonObject d = v.toObject().value(QStringLiteral("data")).toObject();
                QVERIFY(!seen.contains(d.value(QStringLiteral("id")).toInteger())); // no change twice
                seen.insert(d.value(QStringLiteral("id")).toInteger(), d);
            }
            QVERIFY(!page.value(QStringLiteral("next")).toString().isEmpty());
            cursor = page.value(QStringLiteral("next")).toString();
            if (!page.value(QStringLiteral("more")).toBool())
                break;
        }
        // The demo's history of the accountant's accounts (processed, revisions = ids) and the two
        // readings saved above.
        ofPeriod = 0;
        for (const QJsonObject &d : std::as_const(seen)) {
            if (d.value(QStringLiteral("period")).toString() == m_period)
                ++ofPeriod;
        }
    }
    QCOMPARE(ofPeriod, 2);
    QVERIFY(seen.size() > 2);

    QList<QPair<QByteArray, QByteArray>> headers{{"Idempotency-Key", newKey().toLatin1()}};
    const HttpReply sub = m_client->send(
        "POST", QStringLiteral("/api/v1/accounts/%1/readings/submit").arg(m_account),
        QJsonDocument(QJsonObject{{QStringLiteral("period"), m_period}}).toJson(), m_token, headers);
    QCOMPARE(sub.status, 200);
    const QJsonArray submitted = sub.json().value(QStringLiteral("items")).toArray();
    QCOMPARE(submitted.size(), 2);
    for (const auto &v : submitted)
        QCOMPARE(v.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("submitted"));
    // On PostgreSQL the feed holds back changes while an older transaction anywhere in the cluster
    // may still commit (another test's, say): they come within moments.
    QJsonObject after;
    for (int i = 0; i < 300; ++i) {
        after = m_client->get(QStringLiteral("/api/v1/sync?since=%1").arg(cursor), m_token).json();
        if (after.value(QStringLiteral("items")).toArray().size() >= 2)
            break;
        QTest::qWait(100);
    }
    QCOMPARE(after.value(QStringLiteral("items")).toArray().size(), 2);
    QVERIFY(after.value(QStringLiteral("next")).toString() != cursor);

    const QJsonObject hist =
        m_client->get(QStringLiteral("/api/v1/accounts/%1/readings/history").arg(m_account), m_token).json();
    const QJsonArray h = hist.value(QStringLiteral("items")).toArray();
    QVERIFY(h.size() > 2);
    QCOMPARE(h.first().toObject().value(QStringLiteral("period")).toString(), m_period); // newest first
}

void TestReadingsApi::clerkQueueAndDecide()
{
    const QString clerk = m_client->login(QStringLiteral("clerk"));
    const QJsonObject queue =
        m_client->get(QStringLiteral("/api/v1/clerk/readings?state=submitted&period=%1").arg(m_period), clerk)
            .json();
    const QJsonArray items = queue.value(QStringLiteral("items")).toArray();
    QCOMPARE(queue.value(QStringLiteral("total")).toInt(), 2);
    QCOMPARE(items.size(), 2);
    const qint64 a = items[0].toObject().value(QStringLiteral("id")).toInteger();
    const qint64 b = items[1].toObject().value(QStringLiteral("id")).toInteger();
    QVERIFY(!items[0].toObject().value(QStringLiteral("account_number")).toString().isEmpty());

    auto decide = [&](const QJsonObject &body) {
        return m_client->send("POST", QStringLiteral("/api/v1/clerk/readings/decide"),
                              QJsonDocument(body).toJson(), clerk,
                              {{"Idempotency-Key", newKey().toLatin1()}});
    };
    const HttpReply noReason = decide(
        {{QStringLiteral("ids"), QJsonArray{a}}, {QStringLiteral("action"), QStringLiteral("reject")}});
    QCOMPARE(noReason.status, 400);
    QCOMPARE(noReason.json().value(QStringLiteral("field")).toString(), QStringLiteral("reason"));
    const HttpReply rejected = decide({{QStringLiteral("ids"), QJsonArray{a}},
                                       {QStringLiteral("action"), QStringLiteral("reject")},
                                       {QStringLiteral("reason"), QStringLiteral("photo unreadable")}});
    QCOMPARE(rejected.status, 200);
    const QJsonObject r0 = rejected.json().value(QStringLiteral("items")).toArray()[0].toObject();
    QCOMPARE(r0.value(QStringLiteral("reading")).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("rejected"));
    QCOMPARE(
        r0.value(QStringLiteral("reading")).toObject().value(QStringLiteral("rejection_reason")).toString(),
        QStringLiteral("photo unreadable"));
    const HttpReply accepted = decide({{QStringLiteral("ids"), QJsonArray{b, 999999999}},
                                       {QStringLiteral("action"), QStringLiteral("accept")}});
    QCOMPARE(accepted.status, 200);
    const QJsonArray acc = accepted.json().value(QStringLiteral("items")).toArray();
    QCOMPARE(acc[0]
                 .toObject()
                 .value(QStringLiteral("reading"))
                 .toObject()
                 .value(QStringLiteral("state"))
                 .toString(),
             QStringLiteral("processed"));
    QCOMPARE(acc[1].toObject().value(QStringLiteral("status")).toString(), QStringLiteral("refused"));
    QCOMPARE(acc[0].toObject().value(QStringLiteral("id")).toInteger(), b);
    QCOMPARE(acc[1].toObject().value(QStringLiteral("id")).toInteger(), 999999999);
    QCOMPARE(acc[1]
                 .toObject()
                 .value(QStringLiteral("problem"))
                 .toObject()
                 .value(QStringLiteral("code"))
                 .toString(),
             QStringLiteral("not_found"));
    // The consumer cannot change a processed reading any more.
    const QJsonObject now =
        m_client->get(QStringLiteral("/api/v1/accounts/%1/readings").arg(m_account), m_token).json();
    for (const auto &v : now.value(QStringLiteral("items")).toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("id")).toInteger() != b)
            continue;
        QJsonObject edit{{QStringLiteral("register_id"), o.value(QStringLiteral("register_id"))},
                         {QStringLiteral("taken_on"), m_takenOn},
                         {QStringLiteral("value"), o.value(QStringLiteral("value"))},
                         {QStringLiteral("version"), o.value(QStringLiteral("version"))}};
        const HttpReply locked = save(
            {{QStringLiteral("period"), m_period}, {QStringLiteral("items"), QJsonArray{edit}}}, newKey());
        QCOMPARE(locked.json()
                     .value(QStringLiteral("items"))
                     .toArray()[0]
                     .toObject()
                     .value(QStringLiteral("problem"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("reading.locked"));
    }
}

void TestReadingsApi::meterReplacement()
{
    // A working meter none of whose registers was saved in the tests above.
    QHash<qint64, QList<Row>> byMeter;
    for (const Row &r : std::as_const(m_rows))
        byMeter[r.meterId].append(r);
    qint64 meter = 0;
    for (auto it = byMeter.cbegin(); it != byMeter.cend() && !meter; ++it) {
        bool untouched = true;
        for (const Row &r : it.value())
            untouched =
                untouched && r.registerId != m_rows[0].registerId && r.registerId != m_rows[1].registerId;
        if (untouched)
            meter = it.key();
    }
    QVERIFY(meter > 0);
    QJsonArray closing;
    for (const Row &r : byMeter.value(meter))
        closing.append(QJsonObject{{QStringLiteral("register_id"), r.registerId},
                                   {QStringLiteral("value"), item(r, 0).value(QStringLiteral("value"))}});
    const QJsonObject body{
        {QStringLiteral("period"), m_period},
        {QStringLiteral("taken_on"), m_takenOn},
        {QStringLiteral("closing"), closing},
        {QStringLiteral("new_meter"),
         QJsonObject{{QStringLiteral("number"), QStringLiteral("NEW-0001")},
                     {QStringLiteral("model"), QStringLiteral("NIK 2303")},
                     {QStringLiteral("digits"), 6},
                     {QStringLiteral("decimals"), 1},
                     {QStringLiteral("ratio"), 1},
                     {QStringLiteral("verification_due"), QStringLiteral("2040-01-01")},
                     {QStringLiteral("zones"), QJsonArray{QStringLiteral("day"), QStringLiteral("night")}}}},
        {QStringLiteral("opening"), QJsonArray{QJsonObject{{QStringLiteral("zone"), QStringLiteral("day")},
                                                           {QStringLiteral("value"), QStringLiteral("5.5")}},
                                               QJsonObject{{QStringLiteral("zone"), QStringLiteral("night")},
                                                           {QStringLiteral("value"), QStringLiteral("2")}}}}};
    const QString path = QStringLiteral("/api/v1/clerk/meters/%1/replace").arg(meter);
    const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    const QString key = newKey();
    // A consumer does not see the clerk's routes.
    QCOMPARE(m_client->send("POST", path, bytes, m_token, {{"Idempotency-Key", key.toLatin1()}}).status, 404);

    const QString clerk = m_client->login(QStringLiteral("clerk"));
    const HttpReply done = m_client->send("POST", path, bytes, clerk, {{"Idempotency-Key", key.toLatin1()}});
    QCOMPARE(done.status, 200);
    QCOMPARE(done.json().value(QStringLiteral("old_meter_id")).toInteger(), meter);
    const QJsonObject nm = done.json().value(QStringLiteral("meter")).toObject();
    QCOMPARE(nm.value(QStringLiteral("number")).toString(), QStringLiteral("NEW-0001"));
    QCOMPARE(nm.value(QStringLiteral("registers")).toArray().size(), 2);
    const HttpReply again = m_client->send("POST", path, bytes, clerk, {{"Idempotency-Key", key.toLatin1()}});
    QCOMPARE(again.body, done.body);
    const HttpReply twice =
        m_client->send("POST", path, bytes, clerk, {{"Idempotency-Key", newKey().toLatin1()}});
    QCOMPARE(twice.status, 422);
    QCOMPARE(twice.json().value(QStringLiteral("code")).toString(), QStringLiteral("reading.meter_changed"));

    // The account's tree shows the new meter instead of the old one.
    const QByteArray tree = m_client->get(QStringLiteral("/api/v1/accounts/%1").arg(m_account), m_token).body;
    QVERIFY(tree.contains("NEW-0001"));
    // A reading against the old meter is refused as meter_changed.
    const Row old = byMeter.value(meter).first();
    const HttpReply stale =
        save({{QStringLiteral("period"), m_period}, {QStringLiteral("items"), QJsonArray{item(old, 0, 1)}}},
             newKey());
    QCOMPARE(stale.json()
                 .value(QStringLiteral("items"))
                 .toArray()[0]
                 .toObject()
                 .value(QStringLiteral("problem"))
                 .toObject()
                 .value(QStringLiteral("code"))
                 .toString(),
             QStringLiteral("reading.meter_changed"));
    // Bad input names the field.
    QJsonObject bad = body;
    QJsonObject badMeter = body.value(QStringLiteral("new_meter")).toObject();
    badMeter.insert(QStringLiteral("digits"), 13);
    bad.insert(QStringLiteral("new_meter"), badMeter);
    const HttpReply badReply = m_client->send(
        "POST",
        QStringLiteral("/api/v1/clerk/meters/%1/replace").arg(nm.value(QStringLiteral("id")).toInteger()),
        QJsonDocument(bad).toJson(), clerk, {{"Idempotency-Key", newKey().toLatin1()}});
    QCOMPARE(badReply.status, 400);
    QCOMPARE(badReply.json().value(QStringLiteral("field")).toString(), QStringLiteral("new_meter.digits"));
}

QTEST_GUILESS_MAIN(TestReadingsApi)
#include "tst_readingsapi.moc"
