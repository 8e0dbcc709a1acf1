#include "store/userrepository.h"

#include "store/database.h"
#include "store/sqlsupport.h"

#include <QDateTime>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace oblik::store {

namespace {

const QString kUserSelect =
    u"SELECT u.id, u.login, u.display_name, u.password_hash, u.role, u.password_changed_at, "
    u"d.id, d.supplier_id, d.code, d.name, d.address, d.phone, "
    u"s.id, s.name, s.edrpou, s.iban, s.address "
    u"FROM users u "
    u"LEFT JOIN districts d ON d.id = u.district_id "
    u"LEFT JOIN suppliers s ON s.id = COALESCE(u.supplier_id, d.supplier_id) "_s;

UserRecord readUser(const QSqlQuery &q)
{
    UserRecord r;
    r.user.id = UserId(q.value(0).toLongLong());
    r.user.login = q.value(1).toString();
    r.user.name = q.value(2).toString();
    r.passwordHash = q.value(3).toString();
    r.user.role = domain::roleFromString(q.value(4).toString()).value_or(domain::Role::Consumer);
    r.passwordChangedAt = q.value(5).toLongLong();
    if (!q.value(6).isNull()) {
        domain::District d;
        d.id = DistrictId(q.value(6).toLongLong());
        d.supplierId = SupplierId(q.value(7).toLongLong());
        d.code = q.value(8).toString();
        d.name = q.value(9).toString();
        d.address = q.value(10).toString();
        d.phone = q.value(11).toString();
        r.user.district = d;
    }
    if (!q.value(12).isNull()) {
        domain::Supplier s;
        s.id = SupplierId(q.value(12).toLongLong());
        s.name = q.value(13).toString();
        s.edrpou = q.value(14).toString();
        s.iban = q.value(15).toString();
        s.address = q.value(16).toString();
        r.user.supplier = s;
    }
    return r;
}

QVariant idOrNull(qint64 id, bool set)
{
    return set ? QVariant(id) : QVariant(QMetaType::fromType<qlonglong>());
}

} // namespace

UserRepository::UserRepository(Database &db) : m_db(db) {}

Result<std::optional<UserRecord>> UserRepository::findByLogin(const QString &login) const
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!execPrepared(q, kUserSelect + u"WHERE u.login = ?"_s, {login}))
        return queryError(q, u"finding a user by login"_s);
    if (!q.next())
        return std::optional<UserRecord>();
    return std::optional<UserRecord>(readUser(q));
}

Result<std::optional<UserRecord>> UserRepository::findById(UserId id) const
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!execPrepared(q, kUserSelect + u"WHERE u.id = ?"_s, {id.value()}))
        return queryError(q, u"finding a user by id"_s);
    if (!q.next())
        return std::optional<UserRecord>();
    return std::optional<UserRecord>(readUser(q));
}

Result<UserId> UserRepository::create(const QString &login, const QString &name, const QString &passwordHash,
                                      domain::Role role, std::optional<DistrictId> district,
                                      std::optional<SupplierId> supplier)
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    // RETURNING works on both drivers (SQLite since 3.35) and is exact under concurrency, unlike
    // lastInsertId() on PostgreSQL identity columns.
    if (!execPrepared(
            q,
            u"INSERT INTO users (login, display_name, password_hash, role, district_id, supplier_id, "
            u"password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
            {login, name, passwordHash, domain::toString(role),
             idOrNull(district ? district->value() : 0, district.has_value()),
             idOrNull(supplier ? supplier->value() : 0, supplier.has_value()),
             QDateTime::currentMSecsSinceEpoch()}))
        return queryError(q, u"creating a user"_s);
    if (!q.next())
        return queryError(q, u"creating a user returned no id"_s);
    return UserId(q.value(0).toLongLong());
}

Result<bool> UserRepository::bindAccount(UserId user, AccountId account, const QString &access)
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!execPrepared(q, u"INSERT INTO user_accounts (user_id, account_id, access) VALUES (?, ?, ?)"_s,
                      {user.value(), account.value(), access}))
        return queryError(q, u"binding an account to a user"_s);
    return true;
}

Result<bool> UserRepository::insertSession(const SessionRecord &s)
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!execPrepared(q,
                      u"INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) "
                      u"VALUES (?, ?, ?, ?, ?)"_s,
                      {s.tokenHash, s.userId.value(), s.createdAt, s.lastSeenAt, s.expiresAt}))
        return queryError(q, u"inserting a session"_s);
    return true;
}

Result<std::optional<SessionRecord>> UserRepository::findSession(const QString &tokenHash) const
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!execPrepared(q,
                      u"SELECT token_hash, user_id, created_at, last_seen_at, expires_at FROM sessions "
                      u"WHERE token_hash = ?"_s,
                      {tokenHash}))
        return queryError(q, u"finding a session"_s);
    if (!q.next())
        return std::optional<SessionRecord>();
    SessionRecord s;
    s.tokenHash = q.value(0).toString();
    s.userId = UserId(q.value(1).toLongLong());
    s.createdAt = q.value(2).toLongLong();
    s.lastSeenAt = q.value(3).toLongLong();
    s.expiresAt = q.value(4).toLongLong();
    return std::optional<SessionRecord>(s);
}

Result<std::optional<UserRepository::SessionUser>>
UserRepository::findSessionUser(const QString &tokenHash) const
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    // kUserSelect's columns (0-16) come first so that readUser() reads them; the session's follow.
    QString sql = kUserSelect;
    sql.replace(u"FROM users u "_s,
                u", se.token_hash, se.user_id, se.created_at, se.last_seen_at, se.expires_at "
                u"FROM sessions se LEFT JOIN users u ON u.id = se.user_id "_s);
    if (!execPrepared(q, sql + u"WHERE se.token_hash = ?"_s, {tokenHash}))
        return queryError(q, u"finding a session"_s);
    if (!q.next())
        return std::optional<SessionUser>();
    SessionUser su;
    su.session.tokenHash = q.value(17).toString();
    su.session.userId = UserId(q.value(18).toLongLong());
    su.session.createdAt = q.value(19).toLongLong();
    su.session.lastSeenAt = q.value(20).toLongLong();
    su.session.expiresAt = q.value(21).toLongLong();
    if (!q.value(0).isNull())
        su.user = readUser(q);
    return std::optional<SessionUser>(su);
}

Result<bool> UserRepository::touchSession(const QString &tokenHash, qint64 now)
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    // Never moves last_seen_at backwards when two requests of one session race; the row counts as
    // affected either way, so the answer says whether the session exists.
    if (!execPrepared(
            q,
            u"UPDATE sessions SET last_seen_at = CASE WHEN last_seen_at < ? THEN ? ELSE last_seen_at END "
            u"WHERE token_hash = ?"_s,
            {now, now, tokenHash}))
        return queryError(q, u"touching a session"_s);
    return q.numRowsAffected() > 0;
}

Result<bool> UserRepository::deleteSession(const QString &tokenHash)
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!execPrepared(q, u"DELETE FROM sessions WHERE token_hash = ?"_s, {tokenHash}))
        return queryError(q, u"deleting a session"_s);
    return q.numRowsAffected() > 0;
}

Result<int> UserRepository::deleteExpiredSessions(qint64 now, qint64 idleMs)
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!execPrepared(q, u"DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at + ? <= ?"_s,
                      {now, idleMs, now}))
        return queryError(q, u"deleting expired sessions"_s);
    return q.numRowsAffected();
}

Result<LoginFailure> UserRepository::loginFailure(const QString &login) const
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!execPrepared(
            q, u"SELECT failures, first_failure_at, locked_until FROM login_failures WHERE login = ?"_s,
            {login}))
        return queryError(q, u"reading login failures"_s);
    LoginFailure f;
    if (q.next()) {
        f.failures = q.value(0).toInt();
        f.firstFailureAt = q.value(1).toLongLong();
        f.lockedUntil = q.value(2).toLongLong();
    }
    return f;
}

Result<LoginFailure> UserRepository::recordLoginFailure(const QString &login, qint64 now, qint64 windowMs,
                                                        int attempts, qint64 lockMs)
{
    QSqlDatabase db = m_db.connection();
    Transaction tx(db);
    QSqlQuery q(db);
    // Counted in the database by single statements, never read-modify-write in the process: parallel
    // attempts (threads, or several server processes on PostgreSQL) cannot undercount. A window that
    // ended or a lock that ran out starts a new count. ON CONFLICT ... DO UPDATE is the same upsert
    // on SQLite (3.24+) and PostgreSQL.
    const QString restart = u"((login_failures.locked_until <> 0 AND login_failures.locked_until <= ?) "
                            u"OR login_failures.first_failure_at + ? < ?)"_s;
    if (!execPrepared(q,
                      u"INSERT INTO login_failures (login, failures, first_failure_at, locked_until) "
                      u"VALUES (?, 1, ?, 0) ON CONFLICT (login) DO UPDATE SET "
                      u"failures = CASE WHEN "_s +
                          restart +
                          u" THEN 1 ELSE login_failures.failures + 1 END, "
                          u"first_failure_at = CASE WHEN "_s +
                          restart +
                          u" THEN ? ELSE login_failures.first_failure_at END, "
                          u"locked_until = CASE WHEN "_s +
                          restart + u" THEN 0 ELSE login_failures.locked_until END"_s,
                      {login, now, now, windowMs, now, now, windowMs, now, now, now, windowMs, now}))
        return queryError(q, u"counting a failed login"_s);
    if (!execPrepared(q,
                      u"UPDATE login_failures SET locked_until = ? "
                      u"WHERE login = ? AND failures >= ? AND locked_until <= ?"_s,
                      {now + lockMs, login, attempts, now}))
        return queryError(q, u"locking a login"_s);
    if (!execPrepared(
            q, u"SELECT failures, first_failure_at, locked_until FROM login_failures WHERE login = ?"_s,
            {login}))
        return queryError(q, u"reading login failures"_s);
    LoginFailure f;
    if (q.next()) {
        f.failures = q.value(0).toInt();
        f.firstFailureAt = q.value(1).toLongLong();
        f.lockedUntil = q.value(2).toLongLong();
    }
    q.finish();
    if (!tx.commit())
        return Error::make(u"db.query_failed"_s, {}, {}, u"committing a failed login"_s);
    return f;
}

Result<bool> UserRepository::clearLoginFailures(const QString &login)
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!execPrepared(q, u"DELETE FROM login_failures WHERE login = ?"_s, {login}))
        return queryError(q, u"clearing login failures"_s);
    return q.numRowsAffected() > 0;
}

} // namespace oblik::store
