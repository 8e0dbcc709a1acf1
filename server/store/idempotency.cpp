#include "store/idempotency.h"

#include "store/database.h"
#include "store/sqlsupport.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace oblik::store {

namespace {

Result<std::optional<StoredAnswer>> stored(QSqlDatabase &db, UserId user, const QString &key,
                                           const QByteArray &hash)
{
    QSqlQuery q(db);
    if (!execPrepared(q,
                      u"SELECT request_hash, status, body FROM idempotency WHERE user_id = ? AND key = ?"_s,
                      {user.value(), key}))
        return queryError(q, u"reading an idempotency key"_s);
    if (!q.next())
        return std::optional<StoredAnswer>();
    if (q.value(0).toString() != QString::fromLatin1(hash))
        return Error::make(u"request.idempotency_mismatch"_s, u"Idempotency-Key"_s);
    StoredAnswer a;
    a.status = q.value(1).toInt();
    a.body = q.value(2).toString().toUtf8();
    a.repeated = true;
    return std::optional<StoredAnswer>(a);
}

} // namespace

Result<StoredAnswer> runIdempotent(Database &database, UserId user, const QString &key,
                                   const QByteArray &requestHash, qint64 nowMs,
                                   const std::function<Result<StoredAnswer>()> &work)
{
    QSqlDatabase db = database.connection();
    Transaction tx(db);
    if (!tx.isActive())
        return connectionError(db);
    // The key's row first, as a placeholder: its primary key is the lock. A concurrent request with
    // the same key waits in this INSERT until the first one commits (then it inserts nothing and reads
    // the stored answer below) or rolls back (then it owns the key). One statement instead of a lock
    // and a lookup: each round trip to the database costs more than the statement (issue 4's ingest).
    QSqlQuery q(db);
    if (!execPrepared(q,
                      u"INSERT INTO idempotency (user_id, key, request_hash, status, body, created_at) "
                      u"VALUES (?, ?, ?, 0, '', ?) ON CONFLICT (user_id, key) DO NOTHING RETURNING status"_s,
                      {user.value(), key, QString::fromLatin1(requestHash), nowMs}))
        return queryError(q, u"reserving an idempotency key"_s);
    const bool owned = q.next();
    q.finish();
    if (!owned) {
        auto before = stored(db, user, key, requestHash);
        if (!before)
            return before.error();
        if (before.value())
            return *before.value();
        return Error::make(u"db.query_failed"_s, {}, {}, u"an idempotency key vanished"_s);
    }

    auto answer = work();
    if (!answer)
        return answer.error();
    if (!execPrepared(q, u"UPDATE idempotency SET status = ?, body = ? WHERE user_id = ? AND key = ?"_s,
                      {answer.value().status, QString::fromUtf8(answer.value().body), user.value(), key}))
        return queryError(q, u"storing an idempotent answer"_s);
    if (!tx.commit())
        return connectionError(db);
    return answer;
}

} // namespace oblik::store
