#pragma once
// Bearer tokens: 32 bytes from the system CSPRNG as base64url (43 characters); the database keeps
// only the SHA-256 of a token, so a leaked sessions table does not let anyone in.

#include <QString>

namespace oblik::http::token {

QString generate();
QString hash(const QString &token); // lower-case hex SHA-256 of the token's UTF-8 bytes
// Whether text has the shape of a token we issue (cheap check before touching the database).
bool looksValid(const QString &text);

} // namespace oblik::http::token
