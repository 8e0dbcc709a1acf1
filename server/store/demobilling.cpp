#include "store/demobilling.h"

#include "store/ledgerrepository.h"

using namespace Qt::StringLiterals;

namespace oblik::store {

Error seedDemoBillingParameters(Database &db, SupplierId supplier, ContractId accountantContract, Period from)
{
    LedgerRepository repo(db);
    const billing::Validity validity{from, Period()};
    for (const DemoTariff &t : kDemoTariffs) {
        if (Error e = repo.addTariff(supplier, QString::fromLatin1(t.consumerClass), t.voltageClass, validity,
                                     Tariff::fromHundredThousandths(t.price));
            !e.isNull())
            return e;
    }
    // The standard coefficients (billing::ParameterSet::addStandardZoneCoefficients).
    using billing::Fraction;
    using billing::ZoneScheme;
    using domain::Zone;
    const struct
    {
        ZoneScheme scheme;
        Zone zone;
        Fraction coefficient;
    } zones[] = {
        {ZoneScheme::TwoZones, Zone::Night, Fraction{1, 2}},
        {ZoneScheme::TwoZones, Zone::Day, Fraction{1, 1}},
        {ZoneScheme::ThreeZones, Zone::Night, Fraction{2, 5}},
        {ZoneScheme::ThreeZones, Zone::HalfPeak, Fraction{1, 1}},
        {ZoneScheme::ThreeZones, Zone::Peak, Fraction{3, 2}},
    };
    for (const auto &z : zones) {
        if (Error e = repo.addZoneCoefficient(supplier, z.scheme, z.zone, validity, z.coefficient);
            !e.isNull())
            return e;
    }
    if (Error e =
            repo.addReactiveTariff(supplier, validity, Tariff::fromHundredThousandths(kDemoReactiveTariff));
        !e.isNull())
        return e;
    if (Error e = repo.addGenerationTariff(supplier, validity,
                                           Tariff::fromHundredThousandths(kDemoGenerationTariff));
        !e.isNull())
        return e;
    if (Error e = repo.addOverLimitMultiple(supplier, validity, Fraction{2, 1}); !e.isNull())
        return e;
    if (Error e =
            repo.addVat(supplier, validity, billing::VatRule{2000, billing::VatMode::ExtractedFromGross});
        !e.isNull())
        return e;
    if (accountantContract.isValid()) {
        if (Error e = repo.addLimit(
                accountantContract, validity,
                billing::ContractLimits{Energy::fromMilli(kDemoBakeryLimitKwh * 1000), kDemoBakeryPowerW});
            !e.isNull())
            return e;
    }
    return {};
}

} // namespace oblik::store
