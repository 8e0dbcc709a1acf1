#include "local/localstore.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <QVariant>
#include <atomic>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcLocal, "oblik.client.local")

namespace oblik::client {

namespace {

// The local schema's numbered migrations. Never edit one that shipped: add the next.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> list = {
        // 1: the journal and the local view of readings
        {
            u"CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            " idempotency_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, account_id INTEGER NOT NULL,"
            " payload BLOB NOT NULL, state TEXT NOT NULL DEFAULT 'pending',"
            " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',"
            " next_attempt_at INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL)"_s,
            u"CREATE INDEX outbox_state ON outbox(state, seq)"_s,
            u"CREATE TABLE sync_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), cursor TEXT NOT NULL)"_s,
            u"INSERT INTO sync_cursor(id, cursor) VALUES (1, '0')"_s,
            u"CREATE TABLE readings (account_id INTEGER NOT NULL, period INTEGER NOT NULL,"
            " register_id INTEGER NOT NULL, typed_text TEXT NOT NULL DEFAULT '', taken_on TEXT NOT NULL "
            "DEFAULT '',"
            " dirty INTEGER NOT NULL DEFAULT 0, outbox_seq INTEGER NOT NULL DEFAULT 0,"
            " server_state TEXT NOT NULL DEFAULT '', server_value TEXT NOT NULL DEFAULT '',"
            " rejection_reason TEXT NOT NULL DEFAULT '', rejection_code TEXT NOT NULL DEFAULT '',"
            " version INTEGER NOT NULL DEFAULT 0, revision INTEGER NOT NULL DEFAULT 0,"
            " PRIMARY KEY (account_id, period, register_id))"_s,
            u"CREATE TABLE rejections (id INTEGER PRIMARY KEY AUTOINCREMENT, outbox_seq INTEGER NOT NULL,"
            " register_id INTEGER NOT NULL DEFAULT 0, code TEXT NOT NULL, field TEXT NOT NULL DEFAULT '',"
            " text TEXT NOT NULL DEFAULT '', at INTEGER NOT NULL)"_s,
            u"CREATE TABLE conflicts (id INTEGER PRIMARY KEY AUTOINCREMENT, outbox_seq INTEGER NOT NULL,"
            " register_id INTEGER NOT NULL DEFAULT 0, code TEXT NOT NULL, field TEXT NOT NULL DEFAULT '',"
            " server_json BLOB, at INTEGER NOT NULL)"_s,
            u"CREATE TABLE accounts_cache (account_id INTEGER PRIMARY KEY, json BLOB NOT NULL,"
            " fetched_at INTEGER NOT NULL)"_s,
        },
        // 2: what the form needs to open offline (the open entry period and its window, the
        // readings of earlier periods) and small facts such as the last successful sync
        {
            u"CREATE TABLE entry_cache (account_id INTEGER PRIMARY KEY, json BLOB NOT NULL,"
            " fetched_at INTEGER NOT NULL)"_s,
            u"CREATE TABLE history (account_id INTEGER NOT NULL, period INTEGER NOT NULL,"
            " register_id INTEGER NOT NULL, json BLOB NOT NULL,"
            " PRIMARY KEY (account_id, period, register_id))"_s,
            u"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"_s,
        },
        // 3: a store that never synced starts with a bounded first sync (the recent periods; older
        // history comes from the History tab on demand)
        {
            u"UPDATE sync_cursor SET cursor = 'recent' WHERE cursor = '0'"_s,
        },
        // 4: the billing screens' last answers per (account, kind), so that they open at once and
        // offline ("invoices", "payments", "turnover/2026-10", "invoice/17", ...)
        {
            u"CREATE TABLE billing_cache (account_id INTEGER NOT NULL, kind TEXT NOT NULL,"
            " json BLOB NOT NULL, fetched_at INTEGER NOT NULL, PRIMARY KEY (account_id, kind))"_s,
        },
        // 5: every document PDF downloaded once, so that it opens at once and offline; the sha256
        // tells whether the server's copy is the same (docs/documents.md, "Client")
        {
            u"CREATE TABLE documents_cache (server TEXT NOT NULL, account_id INTEGER NOT NULL,"
            " doc_id TEXT NOT NULL, lang TEXT NOT NULL, sha256 TEXT NOT NULL, fetched_at INTEGER NOT NULL,"
            " pdf BLOB NOT NULL, PRIMARY KEY (server, account_id, doc_id, lang))"_s,
        },
        // 6: the user's signatures kept until the server answered them (docs/signatures.md,
        // "Client"): written before the upload, so that a client closed or offline in between
        // delivers them at its next start; the answer (received / rejected with the server's
        // explanation) stays as the document's local status.
        {
            u"CREATE TABLE pending_signatures (id INTEGER PRIMARY KEY AUTOINCREMENT, server TEXT NOT NULL,"
            " account_id INTEGER NOT NULL, doc_id TEXT NOT NULL, lang TEXT NOT NULL,"
            " idempotency_key TEXT NOT NULL UNIQUE, pdf BLOB NOT NULL, state TEXT NOT NULL DEFAULT 'pending',"
            " explanation TEXT NOT NULL DEFAULT '', problems TEXT NOT NULL DEFAULT '',"
            " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',"
            " created_at INTEGER NOT NULL, answered_at INTEGER NOT NULL DEFAULT 0)"_s,
            u"CREATE INDEX pending_signatures_doc ON pending_signatures(server, account_id, doc_id, id)"_s,
        },
    };
    return list;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

Error sqlError(const QString &what, const QSqlError &e)
{
    qCWarning(lcLocal) << what << e.text();
    return Error::make(u"local.write_failed"_s, {}, {}, what + u": "_s + e.text());
}

OutboxCommand commandFrom(const QSqlQuery &q)
{
    OutboxCommand c;
    c.seq = q.value(0).toLongLong();
    c.idempotencyKey = q.value(1).toString();
    c.kind = q.value(2).toString();
    c.accountId = AccountId(q.value(3).toLongLong());
    c.payload = q.value(4).toByteArray();
    c.state = outboxStateFromString(q.value(5).toString()).value_or(OutboxState::Pending);
    c.attempts = q.value(6).toInt();
    c.lastError = q.value(7).toString();
    c.nextAttemptAtMs = q.value(8).toLongLong();
    return c;
}

const QString kCommandColumns =
    u"seq, idempotency_key, kind, account_id, payload, state, attempts, last_error, next_attempt_at"_s;
const QString kReadingColumns =
    u"account_id, period, register_id, typed_text, taken_on, dirty, outbox_seq, server_state,"
    " server_value, rejection_reason, rejection_code, version, revision"_s;

LocalReading readingFrom(const QSqlQuery &q)
{
    LocalReading r;
    r.accountId = AccountId(q.value(0).toLongLong());
    r.period = Period::fromYyyymm(q.value(1).toInt());
    r.registerId = RegisterId(q.value(2).toLongLong());
    r.typedText = q.value(3).toString();
    r.takenOn = QDate::fromString(q.value(4).toString(), Qt::ISODate);
    r.dirty = q.value(5).toBool();
    r.outboxSeq = q.value(6).toLongLong();
    r.serverState = q.value(7).toString();
    r.serverValue = q.value(8).toString();
    r.rejectionReason = q.value(9).toString();
    r.rejectionCode = q.value(10).toString();
    r.version = q.value(11).toLongLong();
    r.revision = q.value(12).toLongLong();
    return r;
}

} // namespace

QString toString(OutboxState s)
{
    switch (s) {
    case OutboxState::Pending:
        return u"pending"_s;
    case OutboxState::Sent:
        return u"sent"_s;
    case OutboxState::Accepted:
        return u"accepted"_s;
    case OutboxState::Rejected:
        return u"rejected"_s;
    }
    return {};
}

std::optional<OutboxState> outboxStateFromString(const QString &s)
{
    for (auto st : {OutboxState::Pending, OutboxState::Sent, OutboxState::Accepted, OutboxState::Rejected})
        if (toString(st) == s)
            return st;
    return std::nullopt;
}

LocalStore::LocalStore()
{
    static std::atomic<int> counter{0};
    m_connection = u"oblik.local.%1"_s.arg(++counter);
}

LocalStore::~LocalStore()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString LocalStore::fileNameFor(const QString &hostKey, const QString &login)
{
    static const QRegularExpression unsafe(u"[^A-Za-z0-9.\\-]"_s);
    QString host = hostKey;
    host.replace(u':', u'_');
    QString name = host + u'_' + login;
    name.replace(unsafe, u"_"_s);
    return name + u".db"_s;
}

QString LocalStore::defaultPath(const QString &hostKey, const QString &login)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(fileNameFor(hostKey, login));
}

Error LocalStore::open(const QString &path)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(path);
    if (!db.open())
        return Error::make(u"local.open_failed"_s, {}, {path}, db.lastError().text());
    m_path = path;
    QSqlQuery q(db);
    // WAL keeps readers off the writer's back; FULL makes every commit durable before it returns,
    // which is what "saved locally" promises.
    for (const QString &pragma : {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=FULL"_s,
                                  u"PRAGMA foreign_keys=ON"_s, u"PRAGMA busy_timeout=5000"_s}) {
        if (!q.exec(pragma))
            return Error::make(u"local.open_failed"_s, {}, {path}, q.lastError().text());
    }
    if (Error e = migrate(); !e.isNull()) {
        db.close();
        return Error::make(u"local.open_failed"_s, {}, {path}, e.detail());
    }
    return {};
}

bool LocalStore::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false).isOpen();
}

int LocalStore::latestSchemaVersion()
{
    return int(migrations().size());
}

int LocalStore::schemaVersion() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s) || !q.next())
        return 0;
    return q.value(0).toInt();
}

Error LocalStore::migrate()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    if (!q.exec(u"CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                " applied_at INTEGER NOT NULL)"_s))
        return sqlError(u"schema_migrations"_s, q.lastError());
    const int have = schemaVersion();
    const auto &all = migrations();
    for (int v = have + 1; v <= all.size(); ++v) {
        if (!db.transaction())
            return sqlError(u"begin"_s, db.lastError());
        for (const QString &sql : all.at(v - 1)) {
            if (!q.exec(sql)) {
                const Error e = sqlError(u"migration %1"_s.arg(v), q.lastError());
                db.rollback();
                return e;
            }
        }
        q.prepare(u"INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)"_s);
        q.addBindValue(v);
        q.addBindValue(nowMs());
        if (!q.exec() || !db.commit()) {
            const Error e = sqlError(u"migration %1"_s.arg(v), q.lastError());
            db.rollback();
            return e;
        }
        qCInfo(lcLocal) << "local schema migrated to" << v;
    }
    return {};
}

Error LocalStore::exec(const QString &sql, const QVariantList &values) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.prepare(sql))
        return sqlError(sql, q.lastError());
    for (const QVariant &v : values) {
        // A null QString binds as SQL NULL; the text columns are NOT NULL DEFAULT ''.
        if (v.typeId() == QMetaType::QString && v.toString().isNull())
            q.addBindValue(QString(u""_s));
        else
            q.addBindValue(v);
    }
    if (!q.exec())
        return sqlError(sql, q.lastError());
    return {};
}

Result<qint64> LocalStore::enqueue(const QString &kind, AccountId account, const QByteArray &payload)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(
        u"INSERT INTO outbox(idempotency_key, kind, account_id, payload, created_at) VALUES (?, ?, ?, ?, ?)"_s);
    q.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
    q.addBindValue(kind);
    q.addBindValue(account.value());
    q.addBindValue(payload);
    q.addBindValue(nowMs());
    if (!q.exec())
        return sqlError(u"enqueue"_s, q.lastError());
    return q.lastInsertId().toLongLong();
}

Result<qint64> LocalStore::enqueueReadings(const QString &kind, AccountId account, const QByteArray &payload,
                                           Period period, const QList<RegisterId> &regs)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return sqlError(u"begin"_s, db.lastError());
    auto seq = enqueue(kind, account, payload);
    Error e = seq ? Error() : seq.error();
    for (qsizetype i = 0; e.isNull() && i < regs.size(); ++i)
        e = exec(
            u"UPDATE readings SET outbox_seq = ? WHERE account_id = ? AND period = ? AND register_id = ?"_s,
            {seq.value(), account.value(), period.yyyymm(), regs.at(i).value()});
    if (!e.isNull() || !db.commit()) {
        const Error failed = e.isNull() ? sqlError(u"commit"_s, db.lastError()) : e;
        db.rollback();
        return failed;
    }
    return seq;
}

std::optional<OutboxCommand> LocalStore::command(qint64 seq) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT "_s + kCommandColumns + u" FROM outbox WHERE seq = ?"_s);
    q.addBindValue(seq);
    if (q.exec() && q.next())
        return commandFrom(q);
    return std::nullopt;
}

std::optional<OutboxCommand> LocalStore::nextUnanswered() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT "_s + kCommandColumns +
              u" FROM outbox WHERE state IN ('pending', 'sent') ORDER BY seq LIMIT 1"_s);
    if (q.exec() && q.next())
        return commandFrom(q);
    return std::nullopt;
}

QList<OutboxCommand> LocalStore::commands() const
{
    QList<OutboxCommand> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT "_s + kCommandColumns + u" FROM outbox ORDER BY seq"_s);
    if (q.exec())
        while (q.next())
            out.append(commandFrom(q));
    return out;
}

int LocalStore::unansweredCount() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(u"SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sent')"_s) && q.next())
        return q.value(0).toInt();
    return 0;
}

Error LocalStore::replacePayload(qint64 seq, const QByteArray &payload)
{
    return exec(u"UPDATE outbox SET payload = ? WHERE seq = ? AND state = 'pending' AND attempts = 0"_s,
                {payload, seq});
}

Error LocalStore::markSent(qint64 seq)
{
    return exec(u"UPDATE outbox SET state = 'sent', attempts = attempts + 1 WHERE seq = ?"_s, {seq});
}

Error LocalStore::markAccepted(qint64 seq)
{
    return exec(u"UPDATE outbox SET state = 'accepted', last_error = '' WHERE seq = ?"_s, {seq});
}

Error LocalStore::markRejected(qint64 seq, const QString &code, const QString &text)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return sqlError(u"begin"_s, db.lastError());
    Error e = exec(u"UPDATE outbox SET state = 'rejected', last_error = ? WHERE seq = ?"_s, {code, seq});
    // The command leaves the queue: what it carried is unqueued, still dirty, and may be sent again.
    if (e.isNull())
        e = exec(u"UPDATE readings SET outbox_seq = 0 WHERE outbox_seq = ?"_s, {seq});
    if (e.isNull())
        e = exec(u"INSERT INTO rejections(outbox_seq, code, text, at) VALUES (?, ?, ?, ?)"_s,
                 {seq, code, text, nowMs()});
    if (!e.isNull() || !db.commit()) {
        db.rollback();
        return e.isNull() ? sqlError(u"commit"_s, db.lastError()) : e;
    }
    return {};
}

Error LocalStore::recordFailure(qint64 seq, const QString &code, qint64 nextAttemptAtMs)
{
    // markSent counted the attempt; here the command goes back to the queue with the reason.
    return exec(u"UPDATE outbox SET state = 'pending', last_error = ?, next_attempt_at = ? WHERE seq = ?"_s,
                {code, nextAttemptAtMs, seq});
}

Error LocalStore::inTransaction(const std::function<Error()> &work)
{
    if (m_transactionDepth > 0)
        return work();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return sqlError(u"begin"_s, db.lastError());
    ++m_transactionDepth;
    Error e = work();
    --m_transactionDepth;
    if (e.isNull() && !db.commit())
        e = sqlError(u"commit"_s, db.lastError());
    if (!e.isNull())
        db.rollback();
    return e;
}

QString LocalStore::syncCursor() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(u"SELECT cursor FROM sync_cursor WHERE id = 1"_s) && q.next())
        return q.value(0).toString();
    // A first sync asks for the recent periods only (a bounded first sync); older history is
    // fetched by the History tab when the user asks for it.
    return u"recent"_s;
}

Error LocalStore::setSyncCursor(const QString &cursor)
{
    return exec(u"UPDATE sync_cursor SET cursor = ? WHERE id = 1"_s, {cursor});
}

Error LocalStore::addRejection(const Rejection &r)
{
    return exec(
        u"INSERT INTO rejections(outbox_seq, register_id, code, field, text, at) VALUES (?, ?, ?, ?, ?, ?)"_s,
        {r.outboxSeq, r.registerId.value(), r.code, r.field, r.text, r.atMs ? r.atMs : nowMs()});
}

QList<Rejection> LocalStore::rejections() const
{
    QList<Rejection> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(u"SELECT id, outbox_seq, register_id, code, field, text, at FROM rejections ORDER BY id"_s)) {
        while (q.next()) {
            out.append({q.value(0).toLongLong(), q.value(1).toLongLong(), RegisterId(q.value(2).toLongLong()),
                        q.value(3).toString(), q.value(4).toString(), q.value(5).toString(),
                        q.value(6).toLongLong()});
        }
    }
    return out;
}

Error LocalStore::addConflict(const Conflict &c)
{
    return exec(
        u"INSERT INTO conflicts(outbox_seq, register_id, code, field, server_json, at) VALUES (?, ?, ?, ?, ?, ?)"_s,
        {c.outboxSeq, c.registerId.value(), c.code, c.field, c.serverJson, c.atMs ? c.atMs : nowMs()});
}

QList<Conflict> LocalStore::conflicts() const
{
    QList<Conflict> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(
            u"SELECT id, outbox_seq, register_id, code, field, server_json, at FROM conflicts ORDER BY id"_s)) {
        while (q.next()) {
            out.append({q.value(0).toLongLong(), q.value(1).toLongLong(), RegisterId(q.value(2).toLongLong()),
                        q.value(3).toString(), q.value(4).toString(), q.value(5).toByteArray(),
                        q.value(6).toLongLong()});
        }
    }
    return out;
}

Error LocalStore::saveTyped(AccountId account, Period period, RegisterId reg, const QString &text,
                            QDate takenOn)
{
    // Typing again unqueues the reading (outbox_seq = 0): the command already queued carries the
    // old text, and its acknowledgement must not mark this newer text as sent.
    return exec(
        u"INSERT INTO readings(account_id, period, register_id, typed_text, taken_on, dirty, outbox_seq)"
        " VALUES (?, ?, ?, ?, ?, 1, 0) ON CONFLICT(account_id, period, register_id) DO UPDATE SET"
        " typed_text = excluded.typed_text, taken_on = excluded.taken_on, dirty = 1, outbox_seq = 0,"
        " rejection_code = CASE WHEN rejection_code = 'reading.meter_changed' THEN rejection_code ELSE '' END"_s,
        {account.value(), period.yyyymm(), reg.value(), text, takenOn.toString(Qt::ISODate)});
}

Error LocalStore::markQueued(AccountId account, Period period, const QList<RegisterId> &regs, qint64 seq)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return sqlError(u"begin"_s, db.lastError());
    for (RegisterId reg : regs) {
        if (Error e = exec(
                u"UPDATE readings SET outbox_seq = ? WHERE account_id = ? AND period = ? AND register_id = ?"_s,
                {seq, account.value(), period.yyyymm(), reg.value()});
            !e.isNull()) {
            db.rollback();
            return e;
        }
    }
    if (!db.commit())
        return sqlError(u"commit"_s, db.lastError());
    return {};
}

Error LocalStore::applyServer(const LocalReading &s, qint64 ackSeq)
{
    return exec(
        u"INSERT INTO readings(account_id, period, register_id, taken_on, server_state, server_value,"
        " rejection_reason, rejection_code, version, revision) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?)"
        " ON CONFLICT(account_id, period, register_id) DO UPDATE SET"
        " server_state = excluded.server_state, server_value = excluded.server_value,"
        // A refusal of a typed text that stays unsent stays too (with its text): the
        // server's news about the reading (e.g. a clerk's closing value) does not answer it.
        " rejection_reason = CASE WHEN dirty = 1 AND rejection_code <> '' AND NOT (? <> 0 AND outbox_seq = ?)"
        "  THEN rejection_reason ELSE excluded.rejection_reason END,"
        " rejection_code = CASE WHEN dirty = 1 AND NOT (? <> 0 AND outbox_seq = ?) THEN rejection_code ELSE "
        "'' END,"
        " version = MAX(version, excluded.version), revision = MAX(revision, excluded.revision),"
        " taken_on = CASE WHEN dirty = 1 THEN taken_on ELSE excluded.taken_on END,"
        " dirty = CASE WHEN ? <> 0 AND outbox_seq = ? THEN 0 ELSE dirty END,"
        " outbox_seq = CASE WHEN ? <> 0 AND outbox_seq = ? THEN 0 ELSE outbox_seq END"_s,
        {s.accountId.value(), s.period.yyyymm(), s.registerId.value(), s.takenOn.toString(Qt::ISODate),
         s.serverState, s.serverValue, s.rejectionReason, s.version, s.revision, ackSeq, ackSeq, ackSeq,
         ackSeq, ackSeq, ackSeq, ackSeq, ackSeq});
}

Error LocalStore::setRejected(AccountId account, Period period, RegisterId reg, const QString &code,
                              const QString &text)
{
    // The typed text stays as typed and dirty: the user corrects it; only the queue link goes.
    return exec(u"UPDATE readings SET rejection_code = ?, rejection_reason = ?, outbox_seq = 0"
                " WHERE account_id = ? AND period = ? AND register_id = ?"_s,
                {code, text, account.value(), period.yyyymm(), reg.value()});
}

QList<LocalReading> LocalStore::readings(AccountId account, Period period) const
{
    QList<LocalReading> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT "_s + kReadingColumns +
              u" FROM readings WHERE account_id = ? AND period = ? ORDER BY register_id"_s);
    q.addBindValue(account.value());
    q.addBindValue(period.yyyymm());
    if (q.exec())
        while (q.next())
            out.append(readingFrom(q));
    return out;
}

std::optional<LocalReading> LocalStore::reading(AccountId account, Period period, RegisterId reg) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT "_s + kReadingColumns +
              u" FROM readings WHERE account_id = ? AND period = ? AND register_id = ?"_s);
    q.addBindValue(account.value());
    q.addBindValue(period.yyyymm());
    q.addBindValue(reg.value());
    if (q.exec() && q.next())
        return readingFrom(q);
    return std::nullopt;
}

int LocalStore::dirtyCount(AccountId account, Period period) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT COUNT(*) FROM readings WHERE account_id = ? AND period = ? AND dirty = 1"_s);
    q.addBindValue(account.value());
    q.addBindValue(period.yyyymm());
    if (q.exec() && q.next())
        return q.value(0).toInt();
    return 0;
}

Error LocalStore::cacheJson(const QString &table, AccountId account, const QByteArray &json)
{
    // The table name comes from this file only (cacheAccount, cacheEntry), never from input.
    return exec(u"INSERT INTO "_s + table +
                    u"(account_id, json, fetched_at) VALUES (?, ?, ?) ON CONFLICT(account_id) DO UPDATE SET"
                    " json = excluded.json, fetched_at = excluded.fetched_at"_s,
                {account.value(), json, nowMs()});
}

std::optional<CachedJson> LocalStore::cachedJson(const QString &table, AccountId account) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT json, fetched_at FROM "_s + table + u" WHERE account_id = ?"_s);
    q.addBindValue(account.value());
    if (q.exec() && q.next())
        return CachedJson{q.value(0).toByteArray(), q.value(1).toLongLong()};
    return std::nullopt;
}

Error LocalStore::cacheAccount(AccountId account, const QByteArray &json)
{
    return cacheJson(u"accounts_cache"_s, account, json);
}

std::optional<CachedJson> LocalStore::cachedAccount(AccountId account) const
{
    return cachedJson(u"accounts_cache"_s, account);
}

Error LocalStore::cacheEntry(AccountId account, const QByteArray &json)
{
    return cacheJson(u"entry_cache"_s, account, json);
}

std::optional<CachedJson> LocalStore::cachedEntry(AccountId account) const
{
    return cachedJson(u"entry_cache"_s, account);
}

Error LocalStore::cacheBilling(AccountId account, const QString &kind, const QByteArray &json,
                               qint64 fetchedAtMs)
{
    return exec(u"INSERT INTO billing_cache(account_id, kind, json, fetched_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(account_id, kind) DO UPDATE SET json = excluded.json,"
                " fetched_at = excluded.fetched_at"_s,
                {account.value(), kind, json, fetchedAtMs > 0 ? fetchedAtMs : nowMs()});
}

std::optional<CachedJson> LocalStore::cachedBilling(AccountId account, const QString &kind) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT json, fetched_at FROM billing_cache WHERE account_id = ? AND kind = ?"_s);
    q.addBindValue(account.value());
    q.addBindValue(kind);
    if (q.exec() && q.next())
        return CachedJson{q.value(0).toByteArray(), q.value(1).toLongLong()};
    return std::nullopt;
}

Error LocalStore::cacheDocument(const QString &server, AccountId account, const QString &docId,
                                const QString &lang, const QString &sha256, const QByteArray &pdf,
                                qint64 fetchedAtMs)
{
    return exec(u"INSERT INTO documents_cache(server, account_id, doc_id, lang, sha256, fetched_at, pdf)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(server, account_id, doc_id, lang) DO UPDATE SET"
                " sha256 = excluded.sha256, fetched_at = excluded.fetched_at, pdf = excluded.pdf"_s,
                {server, account.value(), docId, lang, sha256, fetchedAtMs > 0 ? fetchedAtMs : nowMs(), pdf});
}

std::optional<CachedDocument> LocalStore::cachedDocument(const QString &server, AccountId account,
                                                         const QString &docId, const QString &lang) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT pdf, sha256, fetched_at FROM documents_cache WHERE server = ? AND account_id = ?"
              " AND doc_id = ? AND lang = ?"_s);
    q.addBindValue(server);
    q.addBindValue(account.value());
    q.addBindValue(docId);
    q.addBindValue(lang);
    if (q.exec() && q.next())
        return CachedDocument{q.value(0).toByteArray(), q.value(1).toString(), q.value(2).toLongLong()};
    return std::nullopt;
}

namespace {

PendingSignature pendingFrom(const QSqlQuery &q)
{
    PendingSignature p;
    p.id = q.value(0).toLongLong();
    p.server = q.value(1).toString();
    p.accountId = AccountId(q.value(2).toLongLong());
    p.docId = q.value(3).toString();
    p.lang = q.value(4).toString();
    p.idempotencyKey = q.value(5).toString();
    p.pdf = q.value(6).toByteArray();
    p.state = q.value(7).toString();
    p.explanation = q.value(8).toString();
    const QString problems = q.value(9).toString();
    p.problems = problems.isEmpty() ? QStringList() : problems.split(u',');
    p.attempts = q.value(10).toInt();
    p.lastError = q.value(11).toString();
    p.createdAtMs = q.value(12).toLongLong();
    p.answeredAtMs = q.value(13).toLongLong();
    return p;
}

const QString kPendingColumns =
    u"id, server, account_id, doc_id, lang, idempotency_key, pdf, state, explanation,"
    " problems, attempts, last_error, created_at, answered_at"_s;

} // namespace

Result<qint64> LocalStore::addPendingSignature(const QString &server, AccountId account, const QString &docId,
                                               const QString &lang, const QByteArray &signedPdf)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(
        u"INSERT INTO pending_signatures(server, account_id, doc_id, lang, idempotency_key, pdf, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(server);
    q.addBindValue(account.value());
    q.addBindValue(docId);
    q.addBindValue(lang);
    q.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
    q.addBindValue(signedPdf);
    q.addBindValue(nowMs());
    if (!q.exec())
        return sqlError(u"pending signature"_s, q.lastError());
    return q.lastInsertId().toLongLong();
}

QList<PendingSignature> LocalStore::pendingSignatures(const QString &server) const
{
    QList<PendingSignature> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT "_s + kPendingColumns +
              u" FROM pending_signatures WHERE server = ? AND state = 'pending'"
              " ORDER BY id"_s);
    q.addBindValue(server);
    if (q.exec())
        while (q.next())
            out.append(pendingFrom(q));
    return out;
}

std::optional<PendingSignature> LocalStore::latestSignature(const QString &server, AccountId account,
                                                            const QString &docId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT "_s + kPendingColumns +
              u" FROM pending_signatures WHERE server = ? AND account_id = ?"
              " AND doc_id = ? ORDER BY id DESC LIMIT 1"_s);
    q.addBindValue(server);
    q.addBindValue(account.value());
    q.addBindValue(docId);
    if (q.exec() && q.next())
        return pendingFrom(q);
    return std::nullopt;
}

Error LocalStore::recordSignatureAttempt(qint64 id, const QString &errorCode)
{
    return exec(u"UPDATE pending_signatures SET attempts = attempts + 1, last_error = ? WHERE id = ?"_s,
                {errorCode, id});
}

Error LocalStore::markSignatureAnswered(qint64 id, const QString &state, const QString &explanation,
                                        const QStringList &problems)
{
    return exec(u"UPDATE pending_signatures SET state = ?, explanation = ?, problems = ?, answered_at = ?,"
                " attempts = attempts + 1, last_error = '' WHERE id = ?"_s,
                {state, explanation, problems.join(u','), nowMs(), id});
}

Error LocalStore::replaceHistory(AccountId account, Period from, Period to, const QList<HistoryRow> &rows)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return sqlError(u"begin"_s, db.lastError());
    Error e = exec(u"DELETE FROM history WHERE account_id = ? AND period BETWEEN ? AND ?"_s,
                   {account.value(), from.yyyymm(), to.yyyymm()});
    for (const HistoryRow &r : rows) {
        if (!e.isNull())
            break;
        e = exec(
            u"INSERT OR REPLACE INTO history(account_id, period, register_id, json) VALUES (?, ?, ?, ?)"_s,
            {account.value(), r.period.yyyymm(), r.registerId.value(), r.json});
    }
    if (!e.isNull() || !db.commit()) {
        db.rollback();
        return e.isNull() ? sqlError(u"commit"_s, db.lastError()) : e;
    }
    return {};
}

QList<QByteArray> LocalStore::history(AccountId account, Period from, Period to) const
{
    QList<QByteArray> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT json FROM history WHERE account_id = ? AND period BETWEEN ? AND ?"
              " ORDER BY period DESC, register_id"_s);
    q.addBindValue(account.value());
    q.addBindValue(from.yyyymm());
    q.addBindValue(to.yyyymm());
    if (q.exec())
        while (q.next())
            out.append(q.value(0).toByteArray());
    return out;
}

Error LocalStore::setMeta(const QString &key, const QString &value)
{
    return exec(
        u"INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"_s,
        {key, value});
}

QString LocalStore::meta(const QString &key) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT value FROM meta WHERE key = ?"_s);
    q.addBindValue(key);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return {};
}

Error LocalStore::moveTyped(AccountId account, Period period, RegisterId from, RegisterId to)
{
    const auto source = reading(account, period, from);
    if (!source || !source->dirty)
        return {};
    if (const auto target = reading(account, period, to); target && target->dirty)
        return {}; // something was typed for the new register already: that is the newer text
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return sqlError(u"begin"_s, db.lastError());
    Error e =
        exec(u"INSERT INTO readings(account_id, period, register_id, typed_text, taken_on, dirty, outbox_seq)"
             " VALUES (?, ?, ?, ?, ?, 1, 0) ON CONFLICT(account_id, period, register_id) DO UPDATE SET"
             " typed_text = excluded.typed_text, taken_on = excluded.taken_on, dirty = 1, outbox_seq = 0,"
             " rejection_code = '', rejection_reason = ''"_s,
             {account.value(), period.yyyymm(), to.value(), source->typedText,
              source->takenOn.toString(Qt::ISODate)});
    // The old register's text now lives on the new one; the old row keeps it, no longer unsent.
    if (e.isNull())
        e = exec(u"UPDATE readings SET dirty = 0, outbox_seq = 0 WHERE account_id = ? AND period = ?"
                 " AND register_id = ?"_s,
                 {account.value(), period.yyyymm(), from.value()});
    if (!e.isNull() || !db.commit()) {
        db.rollback();
        return e.isNull() ? sqlError(u"commit"_s, db.lastError()) : e;
    }
    return {};
}

Error LocalStore::clearRejectionCode(AccountId account, Period period, const QString &code)
{
    return exec(u"UPDATE readings SET rejection_code = '', rejection_reason = '' WHERE account_id = ?"
                " AND period = ? AND rejection_code = ?"_s,
                {account.value(), period.yyyymm(), code});
}

} // namespace oblik::client
