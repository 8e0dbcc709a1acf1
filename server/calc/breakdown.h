#pragma once
// How each point's consumption became payable in a period (billing::PointBreakdown), for the invoice
// detail route and the invoice package. The breakdown is not stored: it is recomputed from the
// period's readings (InputLoader) and the parameters in force now (LedgerRepository::parameters), and
// an account whose calculation fails now (readings or a parameter gone since) has none.

#include "billing/calculation.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/period.h"

#include <QHash>
#include <QList>

namespace oblik::store {
class Database;
}

namespace oblik::calc {

// Many accounts in a fixed number of queries (InputLoader's, and the parameters once per supplier).
// Accounts without a breakdown are absent.
Result<QHash<AccountId, QList<billing::PointBreakdown>>>
recomputeBreakdowns(store::Database &db, const QList<AccountId> &accounts, Period period);

} // namespace oblik::calc
