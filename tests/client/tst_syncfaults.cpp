// Sync fault tests: a sync of many readings (200 registers typed, 2 save commands of 100 and one
// submit, then the feed in pages of 150) against a real oblik-server behind a fault-injecting proxy.
// Each row breaks one step of the round: the network (refused, request cut, answer dropped after
// the server committed, answer cut, stalls until the client's timeout), the server (SIGKILL at
// several points, restarted on the same ledger) or the client (oblik-sync-probe SIGKILLed while
// typing or syncing, restarted on the same local store). Then the faults stop and the engine
// finishes, and the invariant is checked against the server's SQLite file:
//  - every typed value is on the server exactly once (its version says it was saved once and
//    submitted once, and the server kept one idempotent answer per command the client queued) or
//    still in the outbox, and the local store shows which: accepted with the server's value and
//    state, or queued in a command not yet answered;
//  - nothing was refused, nothing is in conflict (a save applied twice would be a version conflict);
//  - the feed was not skipped: the local cursor is the server's last revision and the local view
//    holds every reading the user can see, at the server's version.

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "api/jobs.h"
#include "core/energy.h"
#include "faultproxy.h"
#include "freshclienttransport.h"
#include "jobwaiter.h"
#include "serverprocess.h"
#include "sync/syncengine.h"
#include "syncplan.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using oblik::testing::FaultProxy;
using oblik::testing::FreshClientTransport;
using oblik::testing::ServerProcess;
using oblik::testing::SyncPlan;
using Fault = FaultProxy::Fault;

namespace {

constexpr int kReadings = 200;
constexpr int kBatch = 100;
constexpr int kPageLimit = 150;
// Short enough that a stall costs a second, long enough for a 100-reading save on a busy machine.
constexpr std::chrono::milliseconds kTimeout{1000};
constexpr int kRoundMs = 60000;

// Scratch files in memory when the system has it: the local store syncs every write to disk.
QString scratchRoot()
{
    const QFileInfo shm(u"/dev/shm"_s);
    return shm.isDir() && shm.isWritable() ? shm.absoluteFilePath() : QDir::tempPath();
}

// Runs the event loop until done() or the timeout. Not QTest::qWaitFor, which naps 10 ms between
// rounds of events: the proxy and the client share this thread, so every hop of every TLS
// handshake and request would wait for the next nap.
bool spin(const std::function<bool()> &done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QTimer tick; // wakes the loop now and then to look at the deadline
    tick.start(20);
    QEventLoop loop;
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        loop.processEvents(QEventLoop::WaitForMoreEvents);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    return true;
}

} // namespace

class TestSyncFaults : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir{scratchRoot() + u"/oblik-syncfaults-XXXXXX"_s};
    std::unique_ptr<ServerProcess> m_server;
    QString m_serverError;
    std::unique_ptr<CertificateStore> m_pins;
    std::unique_ptr<FaultProxy> m_proxy;
    QString m_token;
    qint64 m_userId = 0;
    qint64 m_object = 0; // the fixture's object, holding the 200 registers
    SyncPlan m_plan;
    int m_pushes = 0; // requests of a round that push a command
    int m_steps = 0;  // requests of a round without faults
    int m_round = 0;
    qint64 m_roundStartMs = 0;

    QUrl m_pgAdmin;   // PostgreSQL: the cluster's URL (OBLIK_TEST_PG_URL)
    QString m_pgName; // PostgreSQL: this run's own database

    static bool onPostgres()
    {
#ifdef OBLIK_SYNCFAULTS_POSTGRES
        return true;
#else
        return false;
#endif
    }

    // PostgreSQL: runs one statement in the cluster's database (to create and drop ours).
    bool pgAdmin(const QString &sql)
    {
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"pgadmin"_s);
            db.setHostName(m_pgAdmin.host());
            db.setPort(m_pgAdmin.port(5432));
            db.setUserName(m_pgAdmin.userName());
            db.setPassword(m_pgAdmin.password());
            db.setDatabaseName(m_pgAdmin.path().mid(1));
            QSqlQuery q(db);
            ok = db.open() && q.exec(sql);
            if (!ok)
                qWarning() << sql << q.lastError().text() << db.lastError().text();
        }
        QSqlDatabase::removeDatabase(u"pgadmin"_s);
        return ok;
    }

    bool ensureServer()
    {
        if (!m_server) {
            m_server = std::make_unique<ServerProcess>();
            if (onPostgres()) {
                // The database name is ours (digits only), not input: safe in the statement.
                m_pgName = u"oblik_syncfaults_%1"_s.arg(QRandomGenerator::global()->bounded(1u << 30));
                if (!pgAdmin(u"CREATE DATABASE "_s + m_pgName)) {
                    m_serverError = u"cannot create the test database"_s;
                    m_server.reset();
                    return false;
                }
                QUrl url = m_pgAdmin;
                url.setPath(u'/' + m_pgName);
                m_server->setDatabaseUrl(url.toString());
            }
            if (!m_server->start(&m_serverError))
                m_server.reset();
        }
        return m_server != nullptr;
    }

    QUrl proxyUrl() const
    {
        return QUrl(u"https://127.0.0.1:%1"_s.arg(m_proxy->port()));
    }

    // A connection to the server's ledger, for fixtures and for checking what the server holds.
    QSqlDatabase ledger()
    {
        const QString name = u"ledger"_s;
        if (QSqlDatabase::contains(name))
            return QSqlDatabase::database(name);
        if (onPostgres()) {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
            db.setHostName(m_pgAdmin.host());
            db.setPort(m_pgAdmin.port(5432));
            db.setUserName(m_pgAdmin.userName());
            db.setPassword(m_pgAdmin.password());
            db.setDatabaseName(m_pgName);
            db.open();
            return db;
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(m_server->databasePath());
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
        db.open();
        return db;
    }

    bool exec(QSqlQuery &q, const QString &sql, const QVariantList &values = {})
    {
        if (!q.prepare(sql)) {
            qWarning() << sql << q.lastError().text();
            return false;
        }
        for (const QVariant &v : values)
            q.addBindValue(v);
        if (!q.exec()) {
            qWarning() << sql << q.lastError().text();
            return false;
        }
        return true;
    }

    QString fixtureRegisters() const
    {
        return u"(SELECT g.id FROM registers g JOIN meters m ON m.id = g.meter_id"
               " JOIN metering_points p ON p.id = m.metering_point_id WHERE p.object_id = %1)"_s.arg(
                   m_object);
    }

    // 200 metering points with one working meter and one register each, without earlier readings,
    // on the accountant's first account.
    bool addFixture(qint64 account)
    {
        QSqlDatabase db = ledger();
        QSqlQuery q(db);
        if (!db.transaction())
            return false;
        if (!exec(q, u"INSERT INTO objects (account_id, name, address) VALUES (?, ?, ?) RETURNING id"_s,
                  {account, u"Fault test plant"_s, u"Test street 1"_s}) ||
            !q.next())
            return false;
        m_object = q.value(0).toLongLong();
        for (int i = 0; i < kReadings; ++i) {
            if (!exec(
                    q,
                    u"INSERT INTO metering_points (object_id, code, name, kind, voltage_v) VALUES (?, ?, ?, 'A', 400) RETURNING id"_s,
                    {m_object, u"FAULT-%1"_s.arg(i), u"Line %1"_s.arg(i)}) ||
                !q.next())
                return false;
            const qint64 point = q.value(0).toLongLong();
            const QString number = u"FT%1"_s.arg(100000 + i);
            if (!exec(q,
                      u"INSERT INTO meters (metering_point_id, number, model, digits, decimals, ratio,"
                      " installed_on, verification_due, status) VALUES (?, ?, 'Test', 6, 0, 1, '2020-01-01',"
                      " '2040-01-01', 'working') RETURNING id"_s,
                      {point, number}) ||
                !q.next())
                return false;
            const qint64 meter = q.value(0).toLongLong();
            if (!exec(
                    q,
                    u"INSERT INTO registers (meter_id, zone, position) VALUES (?, 'total', 0) RETURNING id"_s,
                    {meter}) ||
                !q.next())
                return false;
            const qint64 reg = q.value(0).toLongLong();
            m_plan.items.append(
                {reg, QString::number(1000 + 37 * i),
                 QJsonObject{{u"number"_s, number}, {u"digits"_s, 6}, {u"decimals"_s, 0}, {u"ratio"_s, 1}}});
        }
        q.finish();
        return db.commit();
    }

    // Every round starts from a ledger without the fixture's readings of the period.
    void resetServer()
    {
        QSqlQuery q(ledger());
        QVERIFY(exec(q, u"DELETE FROM readings WHERE register_id IN "_s + fixtureRegisters()));
        m_proxy->reset();
        m_proxy->setUpstreamPort(quint16(m_server->url().port()));
        m_roundStartMs = QDateTime::currentMSecsSinceEpoch();
    }

    QString newStorePath()
    {
        return m_dir.filePath(u"client-%1.db"_s.arg(++m_round));
    }

    // A fresh local store with the plan typed and queued, as the form leaves it.
    std::unique_ptr<LocalStore> typedStore()
    {
        auto store = std::make_unique<LocalStore>();
        if (!store->open(newStorePath()).isNull() || !m_plan.typeAll(*store).isNull() ||
            !m_plan.queueAll(*store))
            return nullptr;
        return store;
    }

    // Runs the engine until a round ends with the outbox empty. A failure is retried at once instead
    // of after the backoff's seconds (the backoff itself is tst_syncengine's business).
    bool syncToEnd(LocalStore &store, int *failures = nullptr)
    {
        FreshClientTransport transport(m_pins.get(), proxyUrl(), m_token, kTimeout);
        SyncEngine engine(&store, &transport);
        engine.setPageLimit(kPageLimit);
        bool done = false;
        int failed = 0;
        connect(&engine, &SyncEngine::failed, &engine, [&] {
            ++failed;
            QTimer::singleShot(20, &engine, [&] { engine.syncNow(true); });
        });
        connect(&engine, &SyncEngine::synced, &engine, [&] {
            if (store.unansweredCount() == 0)
                done = true;
            else
                QTimer::singleShot(0, &engine, [&] { engine.syncNow(true); });
        });
        engine.syncNow(true);
        const bool ok = spin([&] { return done; }, kRoundMs);
        if (failures)
            *failures = failed;
        if (!ok)
            qWarning() << "no end of sync; last error:" << engine.lastError().code()
                       << engine.lastError().detail();
        return ok;
    }

    struct ServerReading
    {
        qint64 account = 0;
        int period = 0;
        qint64 value = 0;
        QString state;
        qint64 version = 0;
        qint64 revision = 0;
    };

    // The readings the user may see, by register and period.
    QHash<QPair<qint64, int>, ServerReading> visibleOnServer()
    {
        QHash<QPair<qint64, int>, ServerReading> out;
        QSqlQuery q(ledger());
        if (!exec(
                q,
                u"SELECT o.account_id, r.period, r.register_id, r.value_milli, r.state, r.version, r.revision"
                " FROM readings r JOIN registers g ON g.id = r.register_id JOIN meters m ON m.id = g.meter_id"
                " JOIN metering_points p ON p.id = m.metering_point_id JOIN objects o ON o.id = p.object_id"
                " WHERE o.account_id IN (SELECT account_id FROM user_accounts WHERE user_id = ?)"_s,
                {m_userId}))
            return out;
        while (q.next())
            out.insert({q.value(2).toLongLong(), q.value(1).toInt()},
                       {q.value(0).toLongLong(), q.value(1).toInt(), q.value(3).toLongLong(),
                        q.value(4).toString(), q.value(5).toLongLong(), q.value(6).toLongLong()});
        return out;
    }

    int idempotentAnswersSinceRoundStart()
    {
        QSqlQuery q(ledger());
        if (!exec(q, u"SELECT COUNT(*) FROM idempotency WHERE user_id = ? AND created_at >= ?"_s,
                  {m_userId, m_roundStartMs}) ||
            !q.next())
            return -1;
        return q.value(0).toInt();
    }

    // The invariant (see the top of the file). `mustHave`: the registers whose typed value the
    // client acknowledged (all of the plan unless the client was killed while typing); a value
    // typed but never acknowledged may be missing, but then it is missing everywhere.
    void verifyInvariant(LocalStore &store, const QSet<qint64> &mustHave, bool finished)
    {
        const auto server = visibleOnServer();
        const int yyyymm = m_plan.period.yyyymm();
        QHash<qint64, OutboxCommand> commands;
        for (const OutboxCommand &c : store.commands())
            commands.insert(c.seq, c);
        int onServer = 0;
        for (const testing::PlannedReading &p : m_plan.items) {
            const auto local =
                store.reading(AccountId(m_plan.account), m_plan.period, RegisterId(p.registerId));
            const auto held = server.constFind({p.registerId, yyyymm});
            if (!local) {
                QVERIFY2(!mustHave.contains(p.registerId),
                         qPrintable(u"typed value lost: %1"_s.arg(p.registerId)));
                QVERIFY2(held == server.cend(),
                         qPrintable(u"on the server, not typed: %1"_s.arg(p.registerId)));
                continue;
            }
            QCOMPARE(local->typedText, p.value);
            const qint64 milli = Energy::parse(p.value).value().milli();
            if (held != server.cend()) {
                ++onServer;
                QCOMPARE(held->value, milli);
                // Saved once (version 1) and submitted once (version 2): a save applied twice would
                // be version 2 while ready, or a conflict.
                QCOMPARE(held->version, held->state == u"submitted"_s ? qint64(2) : qint64(1));
            }
            if (!local->dirty) {
                // Shown as accepted: the server holds exactly this.
                QVERIFY2(held != server.cend(),
                         qPrintable(u"shown accepted, not on the server: %1"_s.arg(p.registerId)));
                QCOMPARE(Energy::parse(local->serverValue).value().milli(), milli);
            } else if (local->outboxSeq == 0) {
                // A draft: typed, not sent yet (the client died before Send). Only before the end.
                QVERIFY2(!finished, qPrintable(u"typed but never sent: %1"_s.arg(p.registerId)));
                QVERIFY2(held == server.cend(), qPrintable(u"a draft on the server: %1"_s.arg(p.registerId)));
            } else {
                // Shown as queued: a command not yet answered carries it.
                QVERIFY2(local->outboxSeq != 0,
                         qPrintable(u"typed but neither queued nor accepted: %1"_s.arg(p.registerId)));
                const auto c = commands.constFind(local->outboxSeq);
                QVERIFY(c != commands.cend());
                QVERIFY2(
                    c->state == OutboxState::Pending || c->state == OutboxState::Sent,
                    qPrintable(u"register %1 in a command %2"_s.arg(p.registerId).arg(toString(c->state))));
            }
        }
        QVERIFY(store.rejections().isEmpty());
        QVERIFY(store.conflicts().isEmpty());
        // One stored answer per command the server executed: a command sent again under another key
        // would leave two.
        int answered = 0;
        for (const OutboxCommand &c : std::as_const(commands))
            answered += c.state == OutboxState::Accepted ? 1 : 0;
        const int stored = idempotentAnswersSinceRoundStart();
        QVERIFY2(stored >= answered && stored <= commands.size(),
                 qPrintable(u"%1 answers stored for %2 commands, %3 accepted"_s.arg(stored)
                                .arg(commands.size())
                                .arg(answered)));
        if (!finished)
            return;
        QCOMPARE(store.unansweredCount(), 0);
        QCOMPARE(stored, int(commands.size()));
        QVERIFY(onServer >= mustHave.size());
        // The feed was read to its end and applied: nothing the user may see is missing locally.
        qint64 last = 0;
        for (auto it = server.cbegin(); it != server.cend(); ++it) {
            last = qMax(last, it->revision);
            const auto local = store.reading(AccountId(it->account), Period::fromYyyymm(it->period),
                                             RegisterId(it.key().first));
            QVERIFY2(local,
                     qPrintable(u"feed skipped register %1 period %2"_s.arg(it.key().first).arg(it->period)));
            QCOMPARE(local->version, it->version);
            QCOMPARE(local->serverState, it->state);
            QCOMPARE(Energy::parse(local->serverValue).value().milli(), it->value);
        }
        // The cursor is opaque to the client; the test knows it ends with the last revision read
        // ("revision" on SQLite, "xact:revision" on PostgreSQL).
        QCOMPARE(store.syncCursor().section(u':', -1), QString::number(last));
    }

    QSet<qint64> allRegisters() const
    {
        QSet<qint64> all;
        for (const auto &p : m_plan.items)
            all.insert(p.registerId);
        return all;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (onPostgres()) {
            m_pgAdmin = QUrl(qEnvironmentVariable("OBLIK_TEST_PG_URL"));
            if (m_pgAdmin.isEmpty()) {
                if (qEnvironmentVariable("CI") == u"true"_s)
                    QFAIL("OBLIK_TEST_PG_URL is not set (CI=true)");
                QSKIP("OBLIK_TEST_PG_URL is not set: no PostgreSQL to test against");
            }
        }
        // The server's ledger goes beside the local stores.
        qputenv("TMPDIR", QFile::encodeName(scratchRoot()));
        REQUIRE_SERVER();
        m_pins = std::make_unique<CertificateStore>(m_dir.filePath(u"pins.ini"_s));
        const QString fingerprint = CertificateStore::fingerprintOf(m_server->fetchCertificate());
        m_pins->trust(m_server->hostKey(), fingerprint);
        m_proxy = std::make_unique<FaultProxy>();
        QVERIFY(m_proxy->listen(quint16(m_server->url().port())));
        // A delayed request waits for the client's retry, which comes after its timeout.
        m_proxy->setRequestDelay(3 * int(kTimeout.count()));
        // The client talks to the proxy and pins the server's certificate under the proxy's address.
        m_pins->trust(ApiClient::hostKeyOf(proxyUrl()), fingerprint);

        ApiClient api(m_pins.get());
        api.setBaseUrl(m_server->url());
        auto [login, loginError] = oblik::testing::wait<protocol::LoginResponse>(
            api.login(u"accountant"_s, u"oblik-demo"_s), &LoginJob::finished);
        QVERIFY2(login.has_value(), qPrintable(loginError.code()));
        m_token = api.token();
        auto [list, listError] =
            oblik::testing::wait<protocol::AccountList>(api.accounts(), &AccountsJob::finished);
        QVERIFY2(list.has_value() && !list->items.isEmpty(), qPrintable(listError.code()));
        m_plan.account = list->items.first().id.value();
        auto [readings, readingsError] = oblik::testing::wait<QByteArray>(
            api.getRaw(u"/accounts/%1/readings"_s.arg(m_plan.account)), &RawJob::finished);
        QVERIFY2(readings.has_value(), qPrintable(readingsError.code()));
        const QJsonObject period = QJsonDocument::fromJson(*readings).object();
        m_plan.period = Period::parse(period.value(u"period"_s).toString()).value();
        m_plan.takenOn =
            QDate::fromString(period.value(u"window"_s).toObject().value(u"first"_s).toString(), Qt::ISODate);
        QVERIFY(m_plan.takenOn.isValid());
        m_plan.batch = kBatch;
        {
            QSqlQuery q(ledger());
            QVERIFY(exec(q, u"SELECT id FROM users WHERE login = 'accountant'"_s) && q.next());
            m_userId = q.value(0).toLongLong();
        }
        QVERIFY(addFixture(m_plan.account));
        m_pushes = (kReadings + kBatch - 1) / kBatch + 1;

        // A round without faults: it must pass the checks, and it tells how many steps a round has.
        resetServer();
        auto store = typedStore();
        QVERIFY(store);
        QElapsedTimer timer;
        timer.start();
        int failures = -1;
        QVERIFY(syncToEnd(*store, &failures));
        verifyInvariant(*store, allRegisters(), true);
        // The steps of a round: one request per command, one per feed page. Counted from the
        // ledger, not from this round's connections: on a very busy machine a request may time out
        // and be repeated even here.
        const int pages = qMax(1, int((visibleOnServer().size() + kPageLimit - 1) / kPageLimit));
        m_steps = m_pushes + pages;
        qInfo() << "a round without faults:" << m_proxy->connectionCount() << "requests," << failures
                << "failures," << timer.elapsed() << "ms";
        QVERIFY(m_proxy->connectionCount() >= m_steps);
        if (failures == 0)
            QCOMPARE(m_proxy->connectionCount(), m_steps);
        QVERIFY(pages >= 3); // several feed pages
    }

    // The network breaks at one step of the round, in each way; then it heals. A single fault is
    // mostly absorbed by Qt, which opens a new connection and sends the request again by itself
    // (the same Idempotency-Key); a fault that lasts 4 connections outlasts Qt's own attempts, so
    // the engine records the failure and repeats the command itself.
    void networkFault_data()
    {
        QTest::addColumn<Fault>("fault");
        QTest::addColumn<int>("step");
        QTest::addColumn<int>("connections");
        if (m_steps == 0)
            QSKIP("no server");
        if (onPostgres()) {
            // The same rows would mostly test the client again: on PostgreSQL, those where the
            // server executes a request whose answer is lost, or sees a repeat while the first runs.
            for (Fault f :
                 {Fault::DropAnswer, Fault::TruncateAnswer, Fault::StallAnswer, Fault::DelayRequest})
                for (int step : {1, m_pushes})
                    QTest::addRow("%s@%d", qPrintable(FaultProxy::name(f)), step) << f << step << 1;
            QTest::addRow("DropAnswer@2-lasting") << Fault::DropAnswer << 2 << 4;
            return;
        }
        const auto kinds = {Fault::Refuse, Fault::CutRequest, Fault::DropAnswer, Fault::CutAnswer,
                            Fault::TruncateAnswer};
        for (Fault f : kinds)
            for (int step = 1; step <= m_steps; ++step)
                QTest::addRow("%s@%d", qPrintable(FaultProxy::name(f)), step) << f << step << 1;
        // Lasting: a save and a feed page.
        for (Fault f : kinds)
            for (int step : {2, m_pushes + 2})
                QTest::addRow("%s@%d-lasting", qPrintable(FaultProxy::name(f)), step) << f << step << 4;
        // Stalls and the delay cost the client's timeout each: the first save and the submit.
        for (Fault f : {Fault::StallRequest, Fault::StallAnswer, Fault::DelayRequest})
            for (int step : {1, m_pushes})
                QTest::addRow("%s@%d", qPrintable(FaultProxy::name(f)), step) << f << step << 1;
    }

    void networkFault()
    {
        QFETCH(Fault, fault);
        QFETCH(int, step);
        QFETCH(int, connections);
        resetServer();
        for (int i = 0; i < connections; ++i)
            m_proxy->setFault(step + i, fault);
        QSignalSpy applied(m_proxy.get(), &FaultProxy::faultApplied);
        auto store = typedStore();
        QVERIFY(store);
        int failures = 0;
        QVERIFY(syncToEnd(*store, &failures));
        QVERIFY(applied.size() >= 1); // the fault did happen
        if (connections > 1)
            QVERIFY(failures >= 1); // and the engine saw it
        verifyInvariant(*store, allRegisters(), true);
    }

    // Offline, the user sends a value, corrects it and sends again (and submits in between): the
    // later commands were queued with the version the client knew then (0), before the server
    // answered the earlier ones. The correction must reach the server as a new version of the
    // user's own reading, not come back as a version conflict.
    void correctionQueuedBehindItsFirstSave()
    {
        if (m_steps == 0)
            QSKIP("no server");
        resetServer();
        SyncPlan plan = m_plan;
        plan.items = m_plan.items.mid(0, 2);
        LocalStore store;
        QVERIFY(store.open(newStorePath()).isNull());
        QVERIFY(plan.typeAll(store).isNull());
        QVERIFY(plan.queueAll(store)); // a save of both, then the submit
        const testing::PlannedReading corrected = plan.items.at(0);
        const QString newValue = QString::number(Energy::parse(corrected.value).value().milli() / 1000 + 5);
        QVERIFY(store
                    .saveTyped(AccountId(plan.account), plan.period, RegisterId(corrected.registerId),
                               newValue, plan.takenOn)
                    .isNull());
        QVERIFY(plan.queueAll(store)); // the correction alone
        QCOMPARE(store.unansweredCount(), 3);

        QVERIFY(syncToEnd(store));
        QVERIFY(store.conflicts().isEmpty());
        QVERIFY(store.rejections().isEmpty());
        const auto server = visibleOnServer();
        const auto held = server.constFind({corrected.registerId, plan.period.yyyymm()});
        QVERIFY(held != server.cend());
        QCOMPARE(held->value, Energy::parse(newValue).value().milli());
        QCOMPARE(held->version, qint64(3)); // saved, submitted, corrected
        const auto local =
            store.reading(AccountId(plan.account), plan.period, RegisterId(corrected.registerId));
        QVERIFY(local);
        QVERIFY(!local->dirty);
        QCOMPARE(Energy::parse(local->serverValue).value().milli(), Energy::parse(newValue).value().milli());
    }

    // oblik-server is SIGKILLed at one step of the round: when the connection comes (nothing
    // sent yet), as its request starts reaching it (before or while it reads and runs it), or
    // when it starts answering (committed; the answer never arrives). It comes back on the same
    // ledger a moment later, on a new port that the proxy follows.
    void serverKilled_data()
    {
        QTest::addColumn<QString>("point");
        QTest::addColumn<int>("step");
        if (m_steps == 0)
            QSKIP("no server");
        const QStringList points = onPostgres() ? QStringList{u"request"_s, u"answer"_s}
                                                : QStringList{u"accepted"_s, u"request"_s, u"answer"_s};
        QList<int> steps;
        for (int step = 1; step <= m_steps; ++step)
            steps.append(step);
        if (onPostgres())
            steps = {1, m_pushes, m_pushes + 2};
        for (const QString &point : points)
            for (int step : std::as_const(steps))
                QTest::addRow("%s@%d", qPrintable(point), step) << point << step;
    }

    void serverKilled()
    {
        QFETCH(QString, point);
        QFETCH(int, step);
        resetServer();
        if (point == u"answer"_s)
            m_proxy->setFault(step, Fault::DropAnswer);
        QObject scope;
        bool killed = false;
        bool restarted = false;
        QString error;
        auto kill = [&] {
            if (killed)
                return;
            killed = true;
            m_server->kill();
            QTimer::singleShot(50, &scope, [&] {
                restarted = m_server->restart(&error);
                if (restarted)
                    m_proxy->setUpstreamPort(quint16(m_server->url().port()));
            });
        };
        if (point == u"accepted"_s)
            connect(m_proxy.get(), &FaultProxy::accepted, &scope, [&, step](int n) {
                if (n == step)
                    kill();
            });
        else if (point == u"request"_s)
            connect(m_proxy.get(), &FaultProxy::requestStarted, &scope, [&, step](int n) {
                if (n == step)
                    kill();
            });
        else
            connect(m_proxy.get(), &FaultProxy::answerStarted, &scope, [&, step](int n) {
                if (n == step)
                    kill();
            });
        auto store = typedStore();
        QVERIFY(store);
        const bool synced = syncToEnd(*store);
        QVERIFY(killed);
        QVERIFY(spin([&] { return restarted || !error.isEmpty(); }, 30000));
        QVERIFY2(restarted, qPrintable(error));
        QVERIFY(synced);
        verifyInvariant(*store, allRegisters(), true);
    }

    // The client process is SIGKILLed: while typing (after k values are on disk), when its k-th
    // request's connection comes (nothing sent), or when the server starts answering its k-th
    // request (committed; the client never hears). It starts again on the same local store, types
    // nothing new, queues what was typed and syncs.
    void clientKilled_data()
    {
        QTest::addColumn<QString>("point");
        QTest::addColumn<int>("at");
        if (m_steps == 0)
            QSKIP("no server");
        if (onPostgres()) {
            // The client's side is the same on either driver: the rows where the server commits.
            for (int k : {2, m_pushes})
                QTest::addRow("answer@%d", k) << u"answer"_s << k;
            return;
        }
        for (int k : {1, 100, kReadings - 1})
            QTest::addRow("typed@%d", k) << u"typed"_s << k;
        for (int k = 1; k <= m_steps; ++k)
            QTest::addRow("accepted@%d", k) << u"accepted"_s << k;
        for (int k = 1; k <= m_steps; ++k)
            QTest::addRow("answer@%d", k) << u"answer"_s << k;
    }

    void clientKilled()
    {
        QFETCH(QString, point);
        QFETCH(int, at);
        resetServer();
        const QString storePath = newStorePath();
        const QString config = m_dir.filePath(u"probe-%1.json"_s.arg(m_round));
        {
            QFile f(config);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(QJsonObject{{u"store"_s, storePath},
                                              {u"url"_s, proxyUrl().toString()},
                                              {u"pins"_s, m_dir.filePath(u"pins.ini"_s)},
                                              {u"token"_s, m_token},
                                              {u"timeout_ms"_s, int(kTimeout.count())},
                                              {u"page_limit"_s, kPageLimit},
                                              {u"deadline_ms"_s, kRoundMs},
                                              {u"plan"_s, m_plan.toJson()}})
                        .toJson());
        }
        if (point == u"answer"_s)
            m_proxy->setFault(at, Fault::DropAnswer);

        QObject scope;
        QProcess probe;
        QSet<qint64> typed;
        QByteArray out;
        bool killed = false;
        auto kill = [&] {
            if (!killed) {
                killed = true;
                probe.kill();
            }
        };
        auto readLines = [&] {
            out += probe.readAllStandardOutput();
            qsizetype nl;
            while ((nl = out.indexOf('\n')) >= 0) {
                const QByteArray line = out.left(nl);
                out.remove(0, nl + 1);
                if (line.startsWith("typed "))
                    typed.insert(line.mid(6).toLongLong());
                if (point == u"typed"_s && typed.size() >= at)
                    kill();
            }
        };
        connect(&probe, &QProcess::readyReadStandardOutput, &scope, readLines);
        auto onStep = [&](int n) {
            if (n == at)
                kill();
        };
        if (point == u"accepted"_s)
            connect(m_proxy.get(), &FaultProxy::accepted, &scope, onStep);
        else if (point == u"answer"_s)
            connect(m_proxy.get(), &FaultProxy::answerStarted, &scope, onStep);
        probe.start(QStringLiteral(OBLIK_SYNC_PROBE), {config});
        QVERIFY(probe.waitForStarted(10000));
        QVERIFY(spin([&] { return probe.state() == QProcess::NotRunning; }, kRoundMs));
        readLines();
        QVERIFY2(killed, probe.readAllStandardError().constData());
        QCOMPARE(probe.exitStatus(), QProcess::CrashExit);
        if (point != u"typed"_s)
            QCOMPARE(typed.size(), kReadings);
        {
            // What the killed client left is consistent already: typed values are kept, and
            // none is shown accepted that the server does not hold.
            LocalStore left;
            QVERIFY(left.open(storePath).isNull());
            verifyInvariant(left, typed, false);
            if (QTest::currentTestFailed())
                return;
        }

        // Started again on the same store; the network is fine now.
        m_proxy->reset();
        QProcess again;
        again.start(QStringLiteral(OBLIK_SYNC_PROBE), {config, u"--no-type"_s});
        QVERIFY(again.waitForStarted(10000));
        QVERIFY(spin([&] { return again.state() == QProcess::NotRunning; }, kRoundMs));
        const QByteArray said = again.readAllStandardOutput();
        QVERIFY2(again.exitStatus() == QProcess::NormalExit && again.exitCode() == 0,
                 QByteArray(said + again.readAllStandardError()).constData());
        QVERIFY(said.contains("synced"));
        LocalStore store;
        QVERIFY(store.open(storePath).isNull());
        verifyInvariant(store, typed, true);
    }

    void cleanupTestCase()
    {
        if (QSqlDatabase::contains(u"ledger"_s)) {
            QSqlDatabase::database(u"ledger"_s).close();
            QSqlDatabase::removeDatabase(u"ledger"_s);
        }
        m_proxy.reset();
        m_server.reset();
        if (!m_pgName.isEmpty())
            pgAdmin(u"DROP DATABASE IF EXISTS "_s + m_pgName);
    }
};

QTEST_MAIN(TestSyncFaults)
#include "tst_syncfaults.moc"
