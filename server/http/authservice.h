#pragma once
// Logins, sessions and lockout. Passwords are checked with Argon2id, also for unknown logins (against
// a dummy hash), so the answer time does not tell whether a login exists; both answer
// auth.invalid_credentials. Failed logins are counted per login name in the database (several server
// processes may share it); a locked login answers auth.locked even to the right password.

#include "core/clock.h"
#include "core/error.h"
#include "domain/entities.h"
#include "http/serveroptions.h"

namespace oblik::store {
class UserRepository;
}

namespace oblik::http {

struct LoginResult
{
    QString token;    // the only time the token exists in the clear
    qint64 expiresAt; // absolute expiry, epoch ms
    domain::User user;
};

class AuthService
{
public:
    AuthService(store::UserRepository &users, const Clock &clock, AuthOptions options);

    // Errors: auth.invalid_credentials, auth.locked (args[0]: seconds until it opens), db.*.
    Result<LoginResult> login(const QString &login, const QString &password);
    // The session's user; auth.unauthorized for a missing, unknown or expired token. Slides the
    // idle expiry forward.
    Result<domain::User> authenticate(const QString &token);
    Result<bool> logout(const QString &token);
    // Removes sessions that can no longer be used (run now and then).
    Result<int> purgeExpired();

    const AuthOptions &options() const { return m_options; }

private:
    static QString lockKey(const QString &login);
    qint64 nowMs() const;

    store::UserRepository &m_users;
    const Clock &m_clock;
    AuthOptions m_options;
    QString m_dummyHash;
};

} // namespace oblik::http
