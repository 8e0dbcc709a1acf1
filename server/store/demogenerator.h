#pragma once
// Fills an empty database with a realistic demo district (see docs and README for its logins).

#include "core/error.h"
#include "core/period.h"

#include <QDate>
#include <functional>

namespace oblik::store {
class Database;

// The contracts of the demo logins' accounts (accountant, engineer, household) open their readings
// window on the 1st and keep it open for this many working days, so a window is always open and the
// demo can be tried on any day (the other generated contracts have realistic 2..5-day windows).
constexpr int kDemoWindowDays = 30;

// The period the demo logins enter readings for on `today` (domain::entryPeriod of their contracts,
// no holidays): the demo's 12 processed periods end with the one before it, and it has no readings.
Period demoEntryPeriod(QDate today);

struct DemoOptions
{
    int accounts = 60;                  // personal accounts to create (>= 5: the named demo ones come first)
    quint32 seed = 20261125;            // same seed, same district
    QDate today = QDate::currentDate(); // the 12 closed periods end before demoEntryPeriod(today)
    QString password = QStringLiteral("oblik-demo");
    std::function<void(qint64 done, qint64 total)> progress; // accounts written so far
    // Accounts per transaction (and progress report) after the named ones; a business's accounts
    // always share one.
    int accountsPerTransaction = 10000;
    // Benchmarks: this many extra accounts of one large business, each with bigAccountPoints
    // metering points (one single-zone meter each, 12 processed periods) and its own login
    // "big-N" (N = 1, 2, ...; same password), on a contract like the demo logins' (always open).
    // They count towards `accounts`.
    int bigAccounts = 0;
    int bigAccountPoints = 10000;
    // Benchmarks (the 1,000,000-account bill run): every household account gets this many more
    // single-zone metering points (outbuildings), and only the newest readingPeriods of the 12
    // processed periods keep their readings (fewer rows to write; the values are the same).
    int extraHouseholdPoints = 0;
    int readingPeriods = 12;
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
