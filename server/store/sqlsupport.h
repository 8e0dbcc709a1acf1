#pragma once
// Small helpers the repositories share: error values from failed queries, NULL-able binds, LIKE.

#include "core/error.h"

#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace oblik::store {

// Error `db.query_failed` with what was being done and the driver's text as detail.
Error queryError(const QSqlQuery &q, const QString &what);
Error connectionError(const QSqlDatabase &db);

// Prepares and executes with the values bound in order; false leaves the error in q.
bool execPrepared(QSqlQuery &q, const QString &sql, const QVariantList &values);

// An empty string as SQL NULL (optional text columns such as consumers.edrpou).
QVariant nullIfEmpty(const QString &s);
QString textOrEmpty(const QVariant &v);
// A null QString binds as SQL NULL; this binds '' instead (for NOT NULL DEFAULT '' columns).
QString notNull(const QString &s);

// The case-insensitive form of text for searching; consumers.name_folded holds the consumer's name
// in this form, so a search behaves the same on SQLite (whose lower() is ASCII only) and on any
// PostgreSQL locale.
QString foldForSearch(const QString &s);
// Escapes %, _ and \ for a LIKE pattern with ESCAPE '\'.
QString escapeLike(const QString &s);

} // namespace oblik::store
