#pragma once
// Fills an empty database with a realistic demo district (see docs and README for its logins).

#include "core/error.h"

#include <QDate>
#include <functional>

namespace oblik::store {
class Database;

struct DemoOptions
{
    int accounts = 60;                  // personal accounts to create (>= 5: the named demo ones come first)
    quint32 seed = 20261125;            // same seed, same district
    QDate today = QDate::currentDate(); // the 12 closed periods end with the month before today
    QString password = QStringLiteral("oblik-demo");
    std::function<void(qint64 done, qint64 total)> progress; // accounts written so far
    // Accounts per transaction (and progress report) after the named ones; a business's accounts
    // always share one.
    int accountsPerTransaction = 10000;
};

struct DemoSummary
{
    qint64 consumers = 0, accounts = 0, meteringPoints = 0, meters = 0, readings = 0, users = 0;
};

class DemoGenerator
{
public:
    DemoGenerator(Database &db, DemoOptions options);
    // Error `demo.not_empty` when the database already holds data (nothing is changed then).
    Result<DemoSummary> run();

private:
    Database &m_db;
    DemoOptions m_options;
};

} // namespace oblik::store
