#include "calc/breakdown.h"

#include "calc/inputloader.h"
#include "store/ledgerrepository.h"

namespace oblik::calc {

Result<QHash<AccountId, QList<billing::PointBreakdown>>>
recomputeBreakdowns(store::Database &db, const QList<AccountId> &accounts, Period period)
{
    QHash<AccountId, QList<billing::PointBreakdown>> out;
    if (accounts.isEmpty())
        return out;
    auto loaded = InputLoader(db).load(accounts, period);
    if (!loaded)
        return loaded.error();
    QHash<SupplierId, std::optional<billing::ParameterSet>> parameters;
    store::LedgerRepository ledger(db);
    for (const AccountInput &a : loaded.value()) {
        if (!a.input)
            continue;
        auto known = parameters.find(a.supplier);
        if (known == parameters.end()) {
            auto set = ledger.parameters(a.supplier);
            if (!set)
                return set.error();
            known = parameters.insert(a.supplier, set.value());
        }
        if (!*known)
            continue;
        auto calculation = billing::calculate(a.input.value(), **known);
        if (calculation)
            out.insert(a.account, calculation.value().breakdown);
    }
    return out;
}

} // namespace oblik::calc
