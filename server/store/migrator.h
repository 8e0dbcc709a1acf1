#pragma once
// Applies the numbered migrations of resources/sql (compiled in as Qt resources) in order.

#include "core/error.h"

#include <QList>
#include <QString>

namespace oblik::store {
class Database;

class Migrator
{
public:
    struct Migration
    {
        int version = 0;
        QString name;     // "foundation" for 001_foundation.sql
        QString resource; // ":/sql/001_foundation.sql"
    };

    explicit Migrator(Database &db);
    int latestVersion() const;
    Result<int> currentVersion() const; // 0 on an empty database
    // Applies what is missing, each migration in its own transaction; returns the new version.
    // Errors: `db.migration_failed` (args: version, name; detail: the driver's text),
    // `db.schema_too_new` when the database was migrated by a newer server.
    Result<int> migrate();
    Result<bool> hasData() const; // true when any supplier, district, consumer or user exists

    // The migrations compiled into this build, in version order.
    static QList<Migration> available();

private:
    Database &m_db;
};

} // namespace oblik::store
