#pragma once
// Small builders for the billing tests: quantities from text as written on paper, a supplier's
// parameter set with round validities, and metering points with their registers' consumption.

#include "billing/calculation.h"
#include "billing/parameterset.h"
#include "core/energy.h"
#include "core/money.h"
#include "core/period.h"
#include "core/tariff.h"

#include <QTest>
#include <initializer_list>
#include <utility>

namespace billingtest {

using namespace oblik;
using namespace oblik::billing;
using domain::PointKind;
using domain::Zone;

inline Money money(const QString &text)
{
    const Result<Money> m = Money::parse(text);
    Q_ASSERT_X(m.ok(), "money", qPrintable(text));
    return m.value();
}

inline Energy energy(const QString &text)
{
    const Result<Energy> e = Energy::parse(text);
    Q_ASSERT_X(e.ok(), "energy", qPrintable(text));
    return e.value();
}

inline Tariff tariff(const QString &text)
{
    const Result<Tariff> t = Tariff::parse(text);
    Q_ASSERT_X(t.ok(), "tariff", qPrintable(text));
    return t.value();
}

inline Period period(const char *text)
{
    return Period::parse(QString::fromLatin1(text)).value();
}

inline Validity from(const char *first)
{
    return Validity{period(first), Period()};
}

inline Validity between(const char *first, const char *last)
{
    return Validity{period(first), period(last)};
}

// The supplier of most rows, every parameter in force from 2026-01 on:
// class "legal": 4.32168 UAH/kWh below 27.5 kV (voltage class 2), 3.90000 from 27.5 kV (class 1);
// class "tiny": 0.00500 (half a kopeck per kWh, for rounding rows); standard zone coefficients;
// reactive 0.15000 UAH/kVArh; generation credit 3.00000 UAH/kWh; over-limit multiple 2;
// VAT 20% extracted from gross (or `mode`).
inline ParameterSet standardParameters(VatMode mode = VatMode::ExtractedFromGross)
{
    ParameterSet p;
    const Validity v = from("2026-01");
    const auto must = [](const Error &e) {
        Q_ASSERT_X(e.isNull(), "standardParameters", qPrintable(e.code()));
    };
    must(p.addTariff(QStringLiteral("legal"), 2, v, tariff(QStringLiteral("4.32168"))));
    must(p.addTariff(QStringLiteral("legal"), 1, v, tariff(QStringLiteral("3.90000"))));
    must(p.addTariff(QStringLiteral("tiny"), 2, v, tariff(QStringLiteral("0.00500"))));
    must(p.addStandardZoneCoefficients(v));
    must(p.addReactiveTariff(v, tariff(QStringLiteral("0.15000"))));
    must(p.addGenerationTariff(v, tariff(QStringLiteral("3.00000"))));
    must(p.addOverLimitMultiple(v, Fraction{2, 1}));
    must(p.addVat(v, VatRule{2000, mode}));
    return p;
}

// A metering point: registers as (zone, consumption in kWh) pairs.
inline PointConsumption point(qint64 id, const QString &code, PointKind kind,
                              std::initializer_list<std::pair<Zone, const char *>> registers,
                              qint64 parentId = 0, int voltageV = 400)
{
    PointConsumption p;
    p.id = MeteringPointId(id);
    p.code = code;
    p.kind = kind;
    p.voltageV = voltageV;
    if (parentId)
        p.parentId = MeteringPointId(parentId);
    qint64 registerId = id * 10;
    for (const auto &[zone, kwh] : registers)
        p.registers.append(RegisterConsumption{
            RegisterId(++registerId), zone, energy(QString::fromLatin1(kwh)), {}, false, MeterId()});
    return p;
}

// A metering point whose meter was replaced within the period: `before` registers on meter 1 (the
// removed meter), `after` registers on meter 2, as (zone, consumption in kWh) pairs.
inline PointConsumption replacedMeter(qint64 id, const QString &code, PointKind kind,
                                      std::initializer_list<std::pair<Zone, const char *>> before,
                                      std::initializer_list<std::pair<Zone, const char *>> after,
                                      qint64 parentId = 0)
{
    PointConsumption p = point(id, code, kind, before, parentId);
    for (RegisterConsumption &r : p.registers)
        r.meterId = MeterId(id * 10 + 1);
    qint64 registerId = id * 10 + p.registers.size();
    for (const auto &[zone, kwh] : after)
        p.registers.append(RegisterConsumption{RegisterId(++registerId),
                                               zone,
                                               energy(QString::fromLatin1(kwh)),
                                               {},
                                               false,
                                               MeterId(id * 10 + 2)});
    return p;
}

inline CalculationInput input(QList<PointConsumption> points, const char *forPeriod = "2026-10")
{
    CalculationInput in;
    in.account = AccountId(1);
    in.period = period(forPeriod);
    in.consumerClass = QStringLiteral("legal");
    in.requester = Requester::Clerk;
    in.points = std::move(points);
    return in;
}

// "active_energy night 300.000 x 4.32168 x 0.4: net 432.17 + VAT 86.43 = 518.60"
inline QString describe(const InvoiceLine &l)
{
    return toString(l.kind) + u' ' + domain::toString(l.zone) + u' ' + l.quantity.toString() +
           QStringLiteral(" x ") + l.tariff.toString() + QStringLiteral(" x ") + l.coefficient.toString() +
           QStringLiteral(": net ") + l.net.toString() + QStringLiteral(" + VAT ") + l.vat.toString() +
           QStringLiteral(" = ") + l.gross.toString();
}

// "active_energy: net 3025.18 + VAT 605.03 = 3630.21"
inline QString describe(const InvoiceDraft &d)
{
    return toString(d.article) + QStringLiteral(": net ") + d.net.toString() + QStringLiteral(" + VAT ") +
           d.vat.toString() + QStringLiteral(" = ") + d.gross.toString();
}

} // namespace billingtest

Q_DECLARE_METATYPE(oblik::billing::CalculationInput)
