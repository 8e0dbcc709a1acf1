#pragma once
// Applies the numbered migrations of resources/sql (compiled in as Qt resources) in order.

#include "core/error.h"

namespace oblik::store {
class Database;

class Migrator
{
public:
    explicit Migrator(Database &db);
    int latestVersion() const;
    Result<int> currentVersion() const; // 0 on an empty database
    Result<int> migrate();              // applies what is missing; returns the new version
    Result<bool> hasData() const;       // true when any supplier exists

private:
    Database &m_db;
};

} // namespace oblik::store
