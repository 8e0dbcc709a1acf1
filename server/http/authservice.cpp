#include "http/authservice.h"

#include "http/logging.h"
#include "http/token.h"
#include "store/passwordhash.h"
#include "store/userrepository.h"

#include <QRandomGenerator>

namespace oblik::http {

AuthService::AuthService(store::UserRepository &users, const Clock &clock, AuthOptions options)
    : m_users(users), m_clock(clock), m_options(options)
{
    // A real Argon2id hash of a random password with the same parameters as real ones: verifying
    // against it costs what verifying a real password costs.
    const QString random = QString::number(QRandomGenerator::system()->generate64(), 36);
    m_dummyHash = store::hashPassword(random);
}

qint64 AuthService::nowMs() const
{
    return m_clock.now().toMSecsSinceEpoch();
}

QString AuthService::lockKey(const QString &login)
{
    // One counter however the name is cased or padded, so variants cannot dodge the lockout.
    return login.trimmed().toCaseFolded();
}

Result<LoginResult> AuthService::login(const QString &login, const QString &password)
{
    const qint64 now = nowMs();
    const QString key = lockKey(login);

    auto failure = m_users.loginFailure(key);
    if (!failure)
        return failure.error();
    store::LoginFailure state = failure.value();
    if (state.lockedUntil > now) {
        const qint64 waitS = (state.lockedUntil - now + 999) / 1000;
        return Error::make(QStringLiteral("auth.locked"), {}, {QString::number(waitS)});
    }

    auto found = m_users.findByLogin(login.trimmed());
    if (!found)
        return found.error();
    const std::optional<store::UserRecord> &record = found.value();
    // Always one Argon2id verification, whether or not the login exists.
    const bool passwordOk = store::verifyPassword(record ? record->passwordHash : m_dummyHash, password);

    if (!record || !passwordOk) {
        auto counted = m_users.recordLoginFailure(key, now, m_options.lockoutWindowS * 1000,
                                                  m_options.lockoutAttempts, m_options.lockoutS * 1000);
        if (!counted)
            return counted.error();
        if (counted.value().lockedUntil > now)
            qCWarning(lcHttp) << "login locked after" << counted.value().failures << "failures";
        return Error::make(QStringLiteral("auth.invalid_credentials"));
    }

    if (state.failures != 0 || state.lockedUntil != 0 || state.firstFailureAt != 0) {
        auto cleared = m_users.clearLoginFailures(key);
        if (!cleared)
            return cleared.error();
    }

    LoginResult result;
    result.token = token::generate();
    result.expiresAt = now + m_options.sessionMaxS * 1000;
    result.user = record->user;
    store::SessionRecord session;
    session.tokenHash = token::hash(result.token);
    session.userId = record->user.id;
    session.createdAt = now;
    session.lastSeenAt = now;
    session.expiresAt = result.expiresAt;
    auto inserted = m_users.insertSession(session);
    if (!inserted)
        return inserted.error();
    return result;
}

Result<domain::User> AuthService::authenticate(const QString &tokenText)
{
    const auto unauthorized = Error::make(QStringLiteral("auth.unauthorized"));
    if (!token::looksValid(tokenText))
        return unauthorized;
    const QString hash = token::hash(tokenText);
    auto found = m_users.findSessionUser(hash);
    if (!found)
        return found.error();
    if (!found.value())
        return unauthorized;
    const store::SessionRecord session = found.value()->session;
    const qint64 now = nowMs();
    if (now >= session.expiresAt || now - session.lastSeenAt >= m_options.sessionIdleS * 1000) {
        (void)m_users.deleteSession(hash);
        return unauthorized;
    }
    if (!found.value()->user) {
        (void)m_users.deleteSession(hash);
        return unauthorized;
    }
    const store::UserRecord user = *found.value()->user;
    // Sliding expiry: every use moves the idle deadline (at most one write per second and session).
    if (now - session.lastSeenAt >= 1000) {
        auto touched = m_users.touchSession(hash, now);
        if (!touched)
            return touched.error();
    }
    return user.user;
}

Result<bool> AuthService::logout(const QString &tokenText)
{
    if (!token::looksValid(tokenText))
        return Error::make(QStringLiteral("auth.unauthorized"));
    return m_users.deleteSession(token::hash(tokenText));
}

Result<int> AuthService::purgeExpired()
{
    return m_users.deleteExpiredSessions(nowMs(), m_options.sessionIdleS * 1000);
}

} // namespace oblik::http
