#pragma once
// Loads what billing::calculate needs for many accounts of one period in a fixed number of queries
// (not one per account, point or register): the accounts' contracts, points, registers, the
// processed readings of the period (consumption x ratio), the range history of the last 12 closed
// periods per register, readings with an override reason (range confirmed), the sub-consumer points
// of other accounts hanging from these accounts' points, contract limits (LedgerRepository::limits)
// and signed acts (LedgerRepository::signedActs). Used by the bill run per chunk and by
// BillingService for one account.

#include "billing/calculation.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/period.h"

#include <QList>

namespace oblik::store {
class Database;
}

namespace oblik::calc {

struct AccountInput
{
    AccountId account;
    QString accountNumber;
    DistrictId district;
    SupplierId supplier;
    // The input with requester Clerk; the caller sets requester. An account whose input cannot be
    // built (calc.readings_missing: a working meter's register without a processed reading of the
    // period) carries that error here instead.
    Result<billing::CalculationInput> input = Error::make(QStringLiteral("calc.readings_missing"));
};

class InputLoader
{
public:
    explicit InputLoader(store::Database &db);
    // Accounts in the order given; ids that do not exist are left out.
    Result<QList<AccountInput>> load(const QList<AccountId> &accounts, Period period) const;
    // The next `limit` account ids after `afterId` (ascending) of a district or a supplier.
    Result<QList<AccountId>> accountIds(SupplierId supplier, std::optional<DistrictId> district,
                                        qint64 afterId, int limit) const;
    // accountIds() and load() of those accounts with one statement less: the next `limit` accounts
    // after `afterId` of a district or a supplier, loaded; *ids receives the ids listed.
    Result<QList<AccountInput>> loadNext(SupplierId supplier, std::optional<DistrictId> district,
                                         qint64 afterId, int limit, Period period,
                                         QList<AccountId> *ids) const;
    Result<qint64> countAccounts(SupplierId supplier, std::optional<DistrictId> district) const;

private:
    store::Database &m_db;
};

} // namespace oblik::calc
