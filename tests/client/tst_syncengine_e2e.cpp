// The sync engine over HTTPS against a real oblik-server (demo ledger in SQLite): a reading queued
// in the outbox reaches the server exactly once even when its command is sent twice (the same
// Idempotency-Key), a value the server refuses ends as a rejection in the local journal and is not
// sent again, a whole-request 4xx is a permanent refusal, and no answer at all is transient.

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "api/jobs.h"
#include "core/energy.h"
#include "jobwaiter.h"
#include "serverprocess.h"
#include "sync/apisynctransport.h"
#include "sync/syncengine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using oblik::testing::ServerProcess;
using oblik::testing::wait;

namespace {
QString milliText(qint64 m)
{
    return u"%1.%2"_s.arg(m / 1000).arg(m % 1000, 3, 10, QChar(u'0'));
}

// One push through the transport, waited for.
TransportResult pushAndWait(SyncTransport &transport, const OutboxCommand &command)
{
    std::optional<TransportResult> result;
    transport.push(command, [&](const TransportResult &r) { result = r; });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, 30000);
    return result.value_or(
        TransportResult{TransportResult::Kind::Transient, {}, Error::make(u"test.timeout"_s)});
}
} // namespace

class TestSyncEngineE2e : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QString m_serverError;
    std::unique_ptr<CertificateStore> m_pins;
    std::unique_ptr<ApiClient> m_api;

    qint64 m_account = 0;
    QString m_period;
    QString m_takenOn;
    QJsonObject m_good; // a save item the server accepts
    qint64 m_goodRegister = 0;
    QJsonObject m_bad; // a save item with too many digits
    qint64 m_badRegister = 0;

    bool ensureServer()
    {
        if (!m_server) {
            m_server = std::make_unique<ServerProcess>();
            if (!m_server->start(&m_serverError))
                m_server.reset();
        }
        return m_server != nullptr;
    }

    QJsonObject getJson(const QString &path)
    {
        auto [body, error] = wait<QByteArray>(m_api->getRaw(path), &RawJob::finished);
        if (!body)
            qWarning() << path << "failed:" << error.code();
        return body ? QJsonDocument::fromJson(*body).object() : QJsonObject();
    }
    QJsonObject getReadings() { return getJson(u"/accounts/%1/readings"_s.arg(m_account)); }

    // Two working registers of main meters that had a reading last period: one gets a value in
    // range (the previous one plus last period's consumption), the other one too many digits.
    bool pickRegisters(const QJsonObject &account, const QHash<qint64, QJsonObject> &previous)
    {
        for (const auto &o : account.value(u"objects"_s).toArray()) {
            for (const auto &p : o.toObject().value(u"metering_points"_s).toArray()) {
                if (!p.toObject().value(u"parent_id"_s).isNull())
                    continue;
                for (const auto &m : p.toObject().value(u"meters"_s).toArray()) {
                    const QJsonObject mo = m.toObject();
                    if (mo.value(u"status"_s).toString() != u"working"_s)
                        continue;
                    const QJsonObject meter{{u"number"_s, mo.value(u"number"_s)},
                                            {u"digits"_s, mo.value(u"digits"_s)},
                                            {u"decimals"_s, mo.value(u"decimals"_s)},
                                            {u"ratio"_s, mo.value(u"ratio"_s)}};
                    const int digits = mo.value(u"digits"_s).toInt();
                    const int ratio = qMax(1, mo.value(u"ratio"_s).toInt());
                    for (const auto &g : mo.value(u"registers"_s).toArray()) {
                        const qint64 reg = g.toObject().value(u"id"_s).toInteger();
                        const QJsonObject prev = previous.value(reg);
                        if (prev.isEmpty())
                            continue;
                        if (!m_goodRegister) {
                            const auto prevValue = Energy::parse(prev.value(u"value"_s).toString());
                            const auto prevCons = Energy::parse(prev.value(u"consumption"_s).toString());
                            if (!prevValue || !prevCons)
                                continue;
                            const qint64 prevMilli = prevValue.value().milli();
                            const qint64 consMilli = prevCons.value().milli();
                            qint64 modulus = 1000;
                            for (int i = 0; i < digits; ++i)
                                modulus *= 10;
                            m_goodRegister = reg;
                            m_good = QJsonObject{
                                {u"register_id"_s, reg},
                                {u"taken_on"_s, m_takenOn},
                                {u"value"_s, milliText((prevMilli + consMilli / ratio) % modulus)},
                                {u"version"_s, 0},
                                {u"meter"_s, meter}};
                        } else if (!m_badRegister) {
                            m_badRegister = reg;
                            const QString tooLong = QString(digits + 2, QChar(u'9')) + u".000"_s;
                            m_bad = QJsonObject{{u"register_id"_s, reg},
                                                {u"taken_on"_s, m_takenOn},
                                                {u"value"_s, tooLong},
                                                {u"version"_s, 0},
                                                {u"meter"_s, meter}};
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    QByteArray saveBody(const QJsonArray &items) const
    {
        return QJsonDocument(QJsonObject{{u"period"_s, m_period}, {u"submit"_s, false}, {u"items"_s, items}})
            .toJson(QJsonDocument::Compact);
    }

    // The feed's readings of the period for one register; nullopt when the feed cannot be read.
    std::optional<QList<QJsonObject>> serverReadings(qint64 reg)
    {
        const auto answer = wait<QByteArray>(m_api->syncPage(u"0"_s, 1000), &RawJob::finished);
        const std::optional<QByteArray> &page = answer.first;
        QList<QJsonObject> found;
        if (!page) {
            qWarning() << "sync failed:" << answer.second.code();
            return std::nullopt;
        }
        for (const QJsonValue &v : QJsonDocument::fromJson(*page).object().value(u"items"_s).toArray()) {
            const QJsonObject d = v.toObject().value(u"data"_s).toObject();
            if (d.value(u"register_id"_s).toInteger() == reg && d.value(u"period"_s).toString() == m_period)
                found.append(d);
        }
        return found;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        REQUIRE_SERVER();
        m_pins = std::make_unique<CertificateStore>(m_dir.filePath(u"pins.ini"_s));
        m_pins->trust(m_server->hostKey(), CertificateStore::fingerprintOf(m_server->fetchCertificate()));
        m_api = std::make_unique<ApiClient>(m_pins.get());
        m_api->setBaseUrl(m_server->url());
        auto [login, loginError] = wait<protocol::LoginResponse>(
            m_api->login(u"accountant"_s, u"oblik-demo"_s), &LoginJob::finished);
        QVERIFY2(login.has_value(), qPrintable(loginError.code()));

        auto [list, listError] = wait<protocol::AccountList>(m_api->accounts(), &AccountsJob::finished);
        QVERIFY2(list.has_value() && !list->items.isEmpty(), qPrintable(listError.code()));
        m_account = list->items.first().id.value();

        // The current period and the previous values, from the readings route.
        const QJsonObject now = getReadings();
        m_period = now.value(u"period"_s).toString();
        QVERIFY(!m_period.isEmpty());
        // The demo's readings of the current period are processed; clear them so it is open for entry.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"fixture"_s);
            db.setDatabaseName(m_server->databasePath());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.prepare(u"DELETE FROM readings WHERE period = ?"_s));
            q.addBindValue(m_period.left(4).toInt() * 100 + m_period.mid(5).toInt());
            QVERIFY(q.exec());
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(u"fixture"_s);
        const QJsonObject open = getReadings();
        QCOMPARE(open.value(u"items"_s).toArray().size(), 0);
        m_takenOn = open.value(u"window"_s).toObject().value(u"first"_s).toString();
        QHash<qint64, QJsonObject> previous;
        for (const auto &v : open.value(u"previous"_s).toArray())
            previous.insert(v.toObject().value(u"register_id"_s).toInteger(), v.toObject());

        const QJsonObject account = getJson(u"/accounts/%1"_s.arg(m_account));
        QVERIFY2(pickRegisters(account, previous),
                 "the demo account needs two registers with last period's readings");
    }

    void saveReachesServerOnce()
    {
        QVERIFY(m_api);
        LocalStore store;
        QVERIFY(store.open(m_dir.filePath(u"local-once.db"_s)).isNull());
        ApiSyncTransport transport(m_api.get());
        SyncEngine engine(&store, &transport);
        QSignalSpy synced(&engine, &SyncEngine::synced);
        QSignalSpy rejected(&engine, &SyncEngine::commandRejected);

        const auto seq = store.enqueue(u"readings.save"_s, AccountId(m_account), saveBody({m_good}));
        QVERIFY(seq.ok());
        engine.syncNow();
        QVERIFY(synced.wait(30000));
        QCOMPARE(rejected.size(), 0);
        QCOMPARE(store.unansweredCount(), 0);
        const auto command = store.command(seq.value());
        QVERIFY(command);
        QCOMPARE(toString(command->state), toString(OutboxState::Accepted));

        // The feed brought the server's reading into the local view.
        const auto period = Period::parse(m_period);
        QVERIFY(period.ok());
        const auto local = store.reading(AccountId(m_account), period.value(), RegisterId(m_goodRegister));
        QVERIFY(local);
        QCOMPARE(local->serverValue, m_good.value(u"value"_s).toString());
        QCOMPARE(local->serverState, u"ready"_s);
        QCOMPARE(local->version, qint64(1));

        // The same command again (a retry after a lost answer): the stored answer, nothing written.
        const TransportResult again = pushAndWait(transport, *command);
        QCOMPARE(int(again.kind), int(TransportResult::Kind::Ok));
        const QJsonObject item =
            QJsonDocument::fromJson(again.body).object().value(u"items"_s).toArray().first().toObject();
        QCOMPARE(item.value(u"status"_s).toString(), u"saved"_s);
        QCOMPARE(item.value(u"reading"_s).toObject().value(u"version"_s).toInteger(), qint64(1));

        const QJsonObject now = getReadings();
        int count = 0;
        for (const auto &v : now.value(u"items"_s).toArray()) {
            const QJsonObject r = v.toObject();
            if (r.value(u"register_id"_s).toInteger() == m_goodRegister) {
                ++count;
                QCOMPARE(r.value(u"version"_s).toInteger(), qint64(1));
                QCOMPARE(r.value(u"value"_s).toString(), m_good.value(u"value"_s).toString());
            }
        }
        QCOMPARE(count, 1);
        const auto fed = serverReadings(m_goodRegister);
        QVERIFY(fed);
        QCOMPARE(fed->size(), 1);
        QCOMPARE(fed->first().value(u"version"_s).toInteger(), qint64(1));
    }

    void refusedValueIsJournaledNotRetried()
    {
        QVERIFY(m_api);
        LocalStore store;
        QVERIFY(store.open(m_dir.filePath(u"local-refused.db"_s)).isNull());
        ApiSyncTransport transport(m_api.get());
        SyncEngine engine(&store, &transport);
        QSignalSpy synced(&engine, &SyncEngine::synced);

        const auto seq = store.enqueue(u"readings.save"_s, AccountId(m_account), saveBody({m_bad}));
        QVERIFY(seq.ok());
        engine.syncNow();
        QVERIFY(synced.wait(30000));
        QCOMPARE(engine.failures(), 0);
        QCOMPARE(store.unansweredCount(), 0);
        const QList<Rejection> rejections = store.rejections();
        QCOMPARE(rejections.size(), 1);
        QCOMPARE(rejections.first().outboxSeq, seq.value());
        QCOMPARE(rejections.first().registerId.value(), m_badRegister);
        QCOMPARE(rejections.first().code, u"reading.too_many_digits"_s);
        QVERIFY(!rejections.first().text.isEmpty());

        // A second round sends nothing again: the journal keeps the one rejection.
        const int attempts = store.command(seq.value())->attempts;
        engine.syncNow(true);
        QVERIFY(synced.wait(30000));
        QCOMPARE(store.rejections().size(), 1);
        QCOMPARE(store.command(seq.value())->attempts, attempts);
        const auto fed = serverReadings(m_badRegister);
        QVERIFY(fed);
        QCOMPARE(fed->size(), 0);
    }

    void wholeRequest4xxIsPermanent()
    {
        QVERIFY(m_api);
        LocalStore store;
        QVERIFY(store.open(m_dir.filePath(u"local-404.db"_s)).isNull());
        ApiSyncTransport transport(m_api.get());
        SyncEngine engine(&store, &transport);
        QSignalSpy synced(&engine, &SyncEngine::synced);
        QSignalSpy rejected(&engine, &SyncEngine::commandRejected);

        // An account the user cannot see: 404, which waiting cannot change.
        const auto seq = store.enqueue(u"readings.save"_s, AccountId(999999999), saveBody({m_good}));
        QVERIFY(seq.ok());
        engine.syncNow();
        QVERIFY(synced.wait(30000));
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(rejected.first().first().toLongLong(), seq.value());
        QCOMPARE(toString(store.command(seq.value())->state), toString(OutboxState::Rejected));
        QCOMPARE(engine.failures(), 0);
    }

    void noAnswerIsTransient()
    {
        QVERIFY(m_api);
        CertificateStore pins(m_dir.filePath(u"pins-closed.ini"_s));
        ApiClient closed(&pins);
        closed.setBaseUrl(QUrl(u"https://127.0.0.1:%1"_s.arg(oblik::testing::closedPort())));
        ApiSyncTransport transport(&closed);
        OutboxCommand command;
        command.seq = 1;
        command.idempotencyKey = u"00000000-0000-0000-0000-000000000001"_s;
        command.kind = u"readings.save"_s;
        command.accountId = AccountId(m_account);
        command.payload = saveBody({m_good});
        const TransportResult r = pushAndWait(transport, command);
        QCOMPARE(int(r.kind), int(TransportResult::Kind::Transient));
        QCOMPARE(r.error.code(), u"network.unreachable"_s);
    }

    void statusMapping_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("transient");
        QTest::newRow("no answer") << 0 << true;
        QTest::newRow("400") << 400 << false;
        QTest::newRow("401 session ended") << 401 << true;
        QTest::newRow("404") << 404 << false;
        QTest::newRow("409") << 409 << false;
        QTest::newRow("413") << 413 << false;
        QTest::newRow("429") << 429 << true;
        QTest::newRow("500") << 500 << true;
        QTest::newRow("503") << 503 << true;
    }

    void statusMapping()
    {
        QFETCH(int, status);
        QFETCH(bool, transient);
        QCOMPARE(ApiSyncTransport::isTransientStatus(status), transient);
    }

    void cleanupTestCase()
    {
        m_api.reset();
        m_server.reset();
    }
};

QTEST_MAIN(TestSyncEngineE2e)
#include "tst_syncengine_e2e.moc"
