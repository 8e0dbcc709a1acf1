#pragma once
// Bills the demo district's 12 closed periods and records its payments (`oblik-server demo`), so a
// new user sees a real history: one bill run per period, invoices dated a few days into the next
// period, and payments after each period's invoices: most paid in full a few days after the pay-by
// date, some partly, a few not yet, and one overpaid (the household login's first invoice), never
// dated after today. Then the current period's planned advances (the contracts with a monthly
// energy: the bakery's), formed five days before it began, and a services invoice of the last closed
// period for the bakery (a meter replaced and sealed).

#include "core/error.h"
#include "core/ids.h"

#include <QDate>
#include <functional>

namespace oblik::store {
class Database;
}

namespace oblik::calc {

struct DemoBillingSummary
{
    int periods = 0;
    qint64 invoices = 0, failures = 0, payments = 0, partial = 0, overpaid = 0, unpaid = 0;
    qint64 advances = 0, services = 0;
};

// Over every account of the database's first supplier (the demo has one), for the 12 periods
// before store::demoEntryPeriod(today), with the parameters the demo generator wrote
// (store::seedDemoBillingParameters).
Result<DemoBillingSummary> billDemo(store::Database &db, QDate today, quint32 seed,
                                    const std::function<void(int period, int of)> &progress = {});

} // namespace oblik::calc
