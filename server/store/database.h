#pragma once
// A server database: parsed URL, dialect, and one QSqlDatabase connection per thread.

#include "core/error.h"
#include "store/sqldialect.h"

#include <QSqlDatabase>
#include <QString>
#include <memory>

namespace oblik::store {

// `sqlite:PATH` or `postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME`.
struct DatabaseUrl
{
    SqlDialect::Kind kind = SqlDialect::Kind::Sqlite;
    QString path; // sqlite
    QString user, password, host, name;
    int port = 5432;

    // Error code `db.bad_url` (field "db") names what is wrong.
    static Result<DatabaseUrl> parse(const QString &url);
    QString redacted() const; // for logs: no password
};

class Database
{
public:
    // Opens (creating a SQLite file if needed) and checks the connection. Errors: `db.bad_url`,
    // `db.open_failed` (with the driver's text as detail).
    static Result<std::unique_ptr<Database>> open(const QString &url);
    ~Database();

    // The connection of the calling thread, opened on first use (QSqlDatabase is per thread).
    QSqlDatabase connection() const;
    const SqlDialect &dialect() const;
    const DatabaseUrl &url() const;

private:
    explicit Database(DatabaseUrl url);
    Result<QSqlDatabase> openConnection() const;
    struct Private;
    std::unique_ptr<Private> d;
};

// RAII transaction: rolls back in the destructor unless commit() was called.
// On SQLite it begins IMMEDIATE (takes the write lock at once), see SqlDialect::beginTransaction.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    bool isActive() const { return !m_done; } // begun, and neither committed nor rolled back
    bool commit();

private:
    QSqlDatabase m_db;
    bool m_done = false;
};

} // namespace oblik::store
