#include "billing/parameterset.h"

using namespace Qt::StringLiterals;

namespace oblik::billing {

using domain::Zone;

QString toString(ZoneScheme s)
{
    switch (s) {
    case ZoneScheme::OneZone:
        return u"one_zone"_s;
    case ZoneScheme::TwoZones:
        return u"two_zones"_s;
    case ZoneScheme::ThreeZones:
        return u"three_zones"_s;
    }
    return {};
}

std::optional<ZoneScheme> zoneSchemeFromString(const QString &s)
{
    for (ZoneScheme z : {ZoneScheme::OneZone, ZoneScheme::TwoZones, ZoneScheme::ThreeZones}) {
        if (toString(z) == s)
            return z;
    }
    return std::nullopt;
}

QList<Zone> zonesOf(ZoneScheme s)
{
    switch (s) {
    case ZoneScheme::OneZone:
        return {Zone::Total};
    case ZoneScheme::TwoZones:
        return {Zone::Night, Zone::Day};
    case ZoneScheme::ThreeZones:
        return {Zone::Night, Zone::HalfPeak, Zone::Peak};
    }
    return {};
}

int voltageClass(int voltageV)
{
    return voltageV >= 27500 ? 1 : 2;
}

Error parameterMissing(const QString &parameter, const QString &key, Period period)
{
    return Error::make(u"calc.parameter_missing"_s, parameter, {parameter, key, period.toString()});
}

namespace {

Error overlap(const QString &parameter, const QString &key, const Validity &validity)
{
    return Error::make(u"calc.parameter_overlap"_s, parameter, {parameter, key, validity.toString()});
}

template <typename T>
Error addTo(Timeline<T> &timeline, const QString &parameter, const QString &key, Validity validity, T value)
{
    if (!timeline.add(validity, std::move(value)))
        return overlap(parameter, key, validity);
    return {};
}

// The value in force, or calc.parameter_missing. Called per account and line in a bill run: the
// parameter's name and the key's text are made only when it is missing.
template <typename T, typename Key>
Result<T> lookup(const Timeline<T> *timeline, QStringView parameter, Key &&keyText, Period period)
{
    if (timeline) {
        if (const T *value = timeline->at(period))
            return *value;
    }
    return parameterMissing(parameter.toString(), keyText(), period);
}
QString noKey()
{
    return {};
}

Error invalidCoefficient(Fraction f)
{
    return Error::make(u"calc.invalid_coefficient"_s, {}, {f.toString()});
}

} // namespace

QString ParameterSet::tariffKey(const QString &consumerClass, int voltageClass)
{
    return u"class="_s + consumerClass + u";voltage_class="_s + QString::number(voltageClass);
}

QString ParameterSet::zoneKey(ZoneScheme scheme, Zone zone)
{
    return u"scheme="_s + toString(scheme) + u";zone="_s + domain::toString(zone);
}

Error ParameterSet::addTariff(const QString &consumerClass, int voltageClass, Validity validity,
                              Tariff tariff)
{
    return addTo(m_tariffs[{consumerClass, voltageClass}], parameter::Tariff.toString(),
                 tariffKey(consumerClass, voltageClass), validity, tariff);
}

Error ParameterSet::addZoneCoefficient(ZoneScheme scheme, Zone zone, Validity validity, Fraction coefficient)
{
    if (!coefficient.isValid())
        return invalidCoefficient(coefficient);
    return addTo(m_zoneCoefficients[{int(scheme), int(zone)}], parameter::ZoneCoefficient.toString(),
                 zoneKey(scheme, zone), validity, coefficient);
}

Error ParameterSet::addReactiveTariff(Validity validity, Tariff tariff)
{
    return addTo(m_reactive, parameter::ReactiveTariff.toString(), {}, validity, tariff);
}

Error ParameterSet::addGenerationTariff(Validity validity, Tariff tariff)
{
    return addTo(m_generation, parameter::GenerationTariff.toString(), {}, validity, tariff);
}

Error ParameterSet::addOverLimitMultiple(Validity validity, Fraction multiple)
{
    if (!multiple.isValid())
        return invalidCoefficient(multiple);
    return addTo(m_overLimit, parameter::OverLimitMultiple.toString(), {}, validity, multiple);
}

Error ParameterSet::addVat(Validity validity, VatRule rule)
{
    if (!rule.isValid())
        return Error::make(u"calc.invalid_coefficient"_s, {}, {QString::number(rule.rateBp)});
    return addTo(m_vat, parameter::Vat.toString(), {}, validity, rule);
}

Error ParameterSet::addStandardZoneCoefficients(Validity validity)
{
    const struct
    {
        ZoneScheme scheme;
        Zone zone;
        Fraction coefficient;
    } standard[] = {
        {ZoneScheme::TwoZones, Zone::Night, {1, 2}},   {ZoneScheme::TwoZones, Zone::Day, {1, 1}},
        {ZoneScheme::ThreeZones, Zone::Night, {2, 5}}, {ZoneScheme::ThreeZones, Zone::HalfPeak, {1, 1}},
        {ZoneScheme::ThreeZones, Zone::Peak, {3, 2}},
    };
    for (const auto &s : standard) {
        if (Error e = addZoneCoefficient(s.scheme, s.zone, validity, s.coefficient); !e.isNull())
            return e;
    }
    return {};
}

Result<Tariff> ParameterSet::tariff(const QString &consumerClass, int voltageClass, Period period) const
{
    const auto it = m_tariffs.constFind({consumerClass, voltageClass});
    return lookup(
        it == m_tariffs.cend() ? nullptr : &*it, parameter::Tariff,
        [&] { return tariffKey(consumerClass, voltageClass); }, period);
}

Result<Fraction> ParameterSet::zoneCoefficient(ZoneScheme scheme, Zone zone, Period period) const
{
    if (scheme == ZoneScheme::OneZone || zone == Zone::Total)
        return Fraction{1, 1};
    const auto it = m_zoneCoefficients.constFind({int(scheme), int(zone)});
    return lookup(
        it == m_zoneCoefficients.cend() ? nullptr : &*it, parameter::ZoneCoefficient,
        [&] { return zoneKey(scheme, zone); }, period);
}

Result<Tariff> ParameterSet::reactiveTariff(Period period) const
{
    return lookup(&m_reactive, parameter::ReactiveTariff, noKey, period);
}

Result<Tariff> ParameterSet::generationTariff(Period period) const
{
    return lookup(&m_generation, parameter::GenerationTariff, noKey, period);
}

Result<Fraction> ParameterSet::overLimitMultiple(Period period) const
{
    return lookup(&m_overLimit, parameter::OverLimitMultiple, noKey, period);
}

Result<VatRule> ParameterSet::vat(Period period) const
{
    return lookup(&m_vat, parameter::Vat, noKey, period);
}

QList<Timeline<Tariff>::Entry> ParameterSet::tariffHistory(const QString &consumerClass,
                                                           int voltageClass) const
{
    return m_tariffs.value({consumerClass, voltageClass}).entries();
}

} // namespace oblik::billing
