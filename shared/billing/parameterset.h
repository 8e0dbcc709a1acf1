#pragma once
// The billing parameters of one supplier, each with its validity: tariffs per consumer class and
// voltage class, zone coefficients per zone scheme, the reactive energy tariff, the generation
// credit tariff, the over-limit multiple and the VAT rule. A lookup answers the value in force in a
// period or calc.parameter_missing naming the parameter, its key and the period, which the user
// takes to the supplier (reference 001: "the parameter's value was not found").
// Contract-level parameters (monthly energy and power limits) travel with the account's
// calculation input (billing/calculation.h), in the same Timeline form.

#include "billing/fraction.h"
#include "billing/validity.h"
#include "billing/vat.h"
#include "core/error.h"
#include "core/period.h"
#include "core/tariff.h"
#include "domain/entities.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringView>
#include <optional>

namespace oblik::billing {

// One zone (a single Total register), two zones (night, day) or three zones (night, half-peak, peak).
enum class ZoneScheme { OneZone, TwoZones, ThreeZones };
QString toString(ZoneScheme s); // "one_zone", "two_zones", "three_zones"
std::optional<ZoneScheme> zoneSchemeFromString(const QString &s);
// The zones a scheme bills; OneZone bills Total.
QList<domain::Zone> zonesOf(ZoneScheme s);

// Ukrainian voltage classes: class 1 from 27.5 kV up, class 2 below.
int voltageClass(int voltageV);

// Stable names of the parameters, used as field() and first argument of calc.parameter_missing.
namespace parameter {
inline constexpr QStringView Tariff = u"tariff";
inline constexpr QStringView ZoneCoefficient = u"zone_coefficient";
inline constexpr QStringView ReactiveTariff = u"reactive_tariff";
inline constexpr QStringView GenerationTariff = u"generation_tariff";
inline constexpr QStringView OverLimitMultiple = u"over_limit_multiple";
inline constexpr QStringView Vat = u"vat";
} // namespace parameter

class ParameterSet
{
public:
    // Each add answers a null Error, or calc.parameter_overlap (field: the parameter; args: parameter,
    // key, validity) when the validity is invalid or overlaps a value already held for the same key,
    // or calc.invalid_coefficient for a fraction that is not valid (negative, zero denominator).
    Error addTariff(const QString &consumerClass, int voltageClass, Validity validity, Tariff tariff);
    Error addZoneCoefficient(ZoneScheme scheme, domain::Zone zone, Validity validity, Fraction coefficient);
    Error addReactiveTariff(Validity validity, Tariff tariff);
    Error addGenerationTariff(Validity validity, Tariff tariff);
    Error addOverLimitMultiple(Validity validity, Fraction multiple);
    Error addVat(Validity validity, VatRule rule);
    // Two zones night 0.5 / day 1.0; three zones night 0.4 / half-peak 1.0 / peak 1.5.
    Error addStandardZoneCoefficients(Validity validity);

    // The value in force in the period, or calc.parameter_missing: field() = the parameter name,
    // args = {parameter name, key ("class=legal;voltage_class=2", "scheme=three_zones;zone=night",
    // or "" for supplier-wide parameters), period "2026-10"}.
    Result<Tariff> tariff(const QString &consumerClass, int voltageClass, Period period) const;
    // OneZone (and zone Total) is 1 by definition and needs no parameter.
    Result<Fraction> zoneCoefficient(ZoneScheme scheme, domain::Zone zone, Period period) const;
    Result<Tariff> reactiveTariff(Period period) const;
    Result<Tariff> generationTariff(Period period) const;
    Result<Fraction> overLimitMultiple(Period period) const;
    Result<VatRule> vat(Period period) const;

    // Histories, for "tariffs history" screens and for writing the set back to storage.
    QList<Timeline<Tariff>::Entry> tariffHistory(const QString &consumerClass, int voltageClass) const;
    const Timeline<VatRule> &vatHistory() const { return m_vat; }

    static QString tariffKey(const QString &consumerClass, int voltageClass);
    static QString zoneKey(ZoneScheme scheme, domain::Zone zone);

private:
    // Keyed by value, not by the keys' text: a bill run looks a tariff up per account and a
    // coefficient per line (the text is made only for an error).
    QHash<std::pair<QString, int>, Timeline<Tariff>> m_tariffs;        // consumer class, voltage class
    QHash<std::pair<int, int>, Timeline<Fraction>> m_zoneCoefficients; // scheme, zone
    Timeline<Tariff> m_reactive;
    Timeline<Tariff> m_generation;
    Timeline<Fraction> m_overLimit;
    Timeline<VatRule> m_vat;
};

// calc.parameter_missing for a parameter, its key and a period (for inputs other than ParameterSet).
Error parameterMissing(const QString &parameter, const QString &key, Period period);

} // namespace oblik::billing
