#pragma once
// Logins, sessions and failed-login counters.

#include "core/error.h"
#include "domain/entities.h"

#include <optional>

namespace oblik::store {
class Database;

struct UserRecord
{
    domain::User user;    // with district and supplier filled in when set
    QString passwordHash; // Argon2id encoded
    qint64 passwordChangedAt = 0;
};

struct SessionRecord
{
    QString tokenHash;
    UserId userId;
    qint64 createdAt = 0, lastSeenAt = 0, expiresAt = 0; // epoch ms
};

struct LoginFailure
{
    int failures = 0;
    qint64 firstFailureAt = 0, lockedUntil = 0; // epoch ms
};

class UserRepository
{
public:
    explicit UserRepository(Database &db);
    Result<std::optional<UserRecord>> findByLogin(const QString &login) const;
    Result<std::optional<UserRecord>> findById(UserId id) const;
    Result<UserId> create(const QString &login, const QString &name, const QString &passwordHash,
                          domain::Role role, std::optional<DistrictId> district,
                          std::optional<SupplierId> supplier);
    Result<bool> bindAccount(UserId user, AccountId account, const QString &access);

    Result<bool> insertSession(const SessionRecord &s);
    Result<std::optional<SessionRecord>> findSession(const QString &tokenHash) const;
    // The session and its user in one query (every authenticated request asks for both): user unset
    // when the session's user no longer exists.
    struct SessionUser
    {
        SessionRecord session;
        std::optional<UserRecord> user;
    };
    Result<std::optional<SessionUser>> findSessionUser(const QString &tokenHash) const;
    // Sets last_seen_at to now (never backwards); true when the session exists.
    Result<bool> touchSession(const QString &tokenHash, qint64 now);
    Result<bool> deleteSession(const QString &tokenHash); // true when it existed
    // Deletes sessions past expires_at or idle for idleMs (last_seen_at + idleMs <= now).
    Result<int> deleteExpiredSessions(qint64 now, qint64 idleMs);

    Result<LoginFailure> loginFailure(const QString &login) const;
    // Counts one failed login atomically: a new count when the window of `windowMs` since the first
    // failure ended or an earlier lock ran out; locks for `lockMs` once `attempts` are reached.
    Result<LoginFailure> recordLoginFailure(const QString &login, qint64 now, qint64 windowMs, int attempts,
                                            qint64 lockMs);
    Result<bool> clearLoginFailures(const QString &login);

private:
    Database &m_db;
};

} // namespace oblik::store
