#pragma once
// Argon2id password hashes in the PHC encoded form ($argon2id$v=19$m=19456,t=2,p=1$salt$hash),
// with the parameters of docs/architecture.md (OWASP's minimum: m = 19 MiB, t = 2, p = 1).

#include <QString>

namespace oblik::store {

// A fresh 16-byte salt from the system CSPRNG each call. Empty only if libargon2 fails (out of memory).
QString hashPassword(const QString &password);
// False for a wrong password and for anything that is not an Argon2id encoded hash.
bool verifyPassword(const QString &encodedHash, const QString &password);

} // namespace oblik::store
