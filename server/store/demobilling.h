#pragma once
// The demo supplier's billing parameters (docs/billing.md): tariffs of every consumer class the demo
// generates (household, class_1, class_2) for both voltage classes, the standard zone
// coefficients, the reactive and generation tariffs, the over-limit multiple 2 and VAT 20%
// extracted from gross, all in force from `from`, open-ended; and a monthly limit on the contract of
// the demo accountant's bakery that its winter months exceed. Nothing is billed here.

#include "core/error.h"
#include "core/ids.h"
#include "core/period.h"

namespace oblik::store {
class Database;

// Prices in hundred-thousandths of a UAH per kWh, VAT included (the demo's VAT is extracted).
struct DemoTariff
{
    const char *consumerClass;
    int voltageClass;
    qint64 price;
};
inline constexpr DemoTariff kDemoTariffs[] = {
    {"household", 1, 432000}, {"household", 2, 432000}, // the regulated household price, 4.32 UAH/kWh
    {"class_1", 1, 528719},   {"class_1", 2, 641350},   // businesses: cheaper at 27.5 kV and above
    {"class_2", 1, 584210},   {"class_2", 2, 748163},
};
inline constexpr qint64 kDemoReactiveTariff = 16823;    // 0.16823 UAH/kVArh
inline constexpr qint64 kDemoGenerationTariff = 396000; // 3.96 UAH/kWh credited for generation
inline constexpr qint64 kDemoBakeryLimitKwh = 200000;   // monthly energy limit of the bakery's contract
inline constexpr qint64 kDemoBakeryPowerW = 400000;     // 400 kW

// Own transactions (one per parameter); call outside any transaction. `accountantContract` may be
// invalid (no limit is written then).
Error seedDemoBillingParameters(Database &db, SupplierId supplier, ContractId accountantContract,
                                Period from);

} // namespace oblik::store
