#pragma once
// Idempotent writes: the first answer to (user, Idempotency-Key) is stored in the same transaction
// as the writes it reports, so a repeat gets that answer byte for byte and writes nothing.

#include "core/error.h"
#include "core/ids.h"

#include <QByteArray>
#include <QString>
#include <functional>

namespace oblik::store {
class Database;

struct StoredAnswer
{
    int status = 200;
    QByteArray body;
    bool repeated = false; // true when this is the stored answer of an earlier request
};

// Opens a write transaction, reserves the (user, key) pair (its row is the lock), and answers
// the stored answer when the key was used before by the user with the same request hash
// (request.idempotency_mismatch when with a different one). Otherwise runs `work` (which writes through the
// same thread's connection), stores its answer and commits. An Error from `work` rolls everything back and is
// not stored.
Result<StoredAnswer> runIdempotent(Database &db, UserId user, const QString &key,
                                   const QByteArray &requestHash, qint64 nowMs,
                                   const std::function<Result<StoredAnswer>()> &work);

} // namespace oblik::store
