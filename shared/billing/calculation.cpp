#include "billing/calculation.h"

#include "core/amounts.h"
#include "domain/readings.h"

#include <array>
#include <map>
#include <numeric>
#include <tuple>

using namespace Qt::StringLiterals;

namespace oblik::billing {

using domain::PointKind;
using domain::Zone;

const InvoiceDraft *Calculation::invoice(Article article) const
{
    for (const InvoiceDraft &d : invoices) {
        if (d.article == article)
            return &d;
    }
    return nullptr;
}

namespace {

// The largest magnitude a sum may reach to fit in Energy or Money (both qint64).
constexpr qint64 kInt64Max = std::numeric_limits<qint64>::max();

// Energy per zone, indexed by the Zone enum, summed in 128 bits and checked once when it becomes an
// Energy again, so that a long sum cannot overflow half-way.
using ZoneSums = std::array<__int128, 5>;

int index(Zone z)
{
    return static_cast<int>(z);
}

std::optional<Energy> toEnergy(__int128 milli)
{
    if (milli > kInt64Max || milli < -kInt64Max)
        return std::nullopt;
    return Energy::fromMilli(static_cast<qint64>(milli));
}

Error energyOverflow(const QString &what)
{
    return Error::make(u"energy.overflow"_s, {}, {}, what);
}

ZoneScheme schemeOf(const PointConsumption &p)
{
    bool three = false;
    bool two = false;
    for (const RegisterConsumption &r : p.registers) {
        if (r.zone == Zone::HalfPeak || r.zone == Zone::Peak)
            three = true;
        else if (r.zone == Zone::Day || r.zone == Zone::Night)
            two = true;
    }
    // A night register with half-peak or peak registers is the three-zone night.
    return three ? ZoneScheme::ThreeZones : (two ? ZoneScheme::TwoZones : ZoneScheme::OneZone);
}

bool bills(ZoneScheme scheme, Zone zone)
{
    return zonesOf(scheme).contains(zone);
}

// What the point's registers measured, per zone of its scheme (a Total register of a zoned meter
// is the sum of its zones and is left out).
ZoneSums measured(const PointConsumption &p, ZoneScheme scheme)
{
    ZoneSums sums{};
    for (const RegisterConsumption &r : p.registers) {
        if (scheme != ZoneScheme::OneZone && r.zone == Zone::Total)
            continue;
        sums[index(r.zone)] += r.consumption.milli();
    }
    return sums;
}

__int128 total(const ZoneSums &sums, ZoneScheme scheme)
{
    __int128 t = 0;
    for (Zone z : zonesOf(scheme))
        t += sums[index(z)];
    return t;
}

// The sub-consumers' consumption to subtract from each zone of a parent with `scheme` that measured
// `parent`. A child's zone the parent also bills is subtracted from that zone; what is left (a
// one-zone child under a zoned parent, or zones the parent has not) is shared among the parent's
// zones in proportion to what each measured, rounded half away from zero, with the rounding
// remainder on the parent's largest zone, so that the shares add up to the child's consumption.
ZoneSums subtractions(ZoneScheme scheme, const ZoneSums &parentMeasured,
                      const QList<const PointConsumption *> &children)
{
    ZoneSums sub{};
    __int128 pool = 0;
    for (const PointConsumption *child : children) {
        const ZoneScheme childScheme = schemeOf(*child);
        const ZoneSums cm = measured(*child, childScheme);
        for (Zone z : zonesOf(childScheme)) {
            if (bills(scheme, z))
                sub[index(z)] += cm[index(z)];
            else
                pool += cm[index(z)];
        }
    }
    if (pool == 0)
        return sub;
    const QList<Zone> zones = zonesOf(scheme);
    Zone largest = zones.first();
    for (Zone z : zones) {
        if (parentMeasured[index(z)] > parentMeasured[index(largest)])
            largest = z;
    }
    const __int128 parentTotal = total(parentMeasured, scheme);
    __int128 shared = 0;
    if (parentTotal > 0) {
        for (Zone z : zones) {
            // pool x measured fits: both are below 2^64 after the sums a point can have.
            const qint64 share =
                roundHalfAwayFromZero(pool * parentMeasured[index(z)], static_cast<qint64>(parentTotal))
                    .value_or(0);
            sub[index(z)] += share;
            shared += share;
        }
    }
    sub[index(largest)] += pool - shared;
    return sub;
}

// The aggregation key of a line: lines of equal kind, zone, tariff and coefficient are one line, so
// that their energy is priced (and rounded) once.
using LineKey = std::tuple<int, int, qint64, qint64, qint64>; // kind order, zone order, tariff, num, den

int kindOrder(LineKind k)
{
    switch (k) {
    case LineKind::ActiveEnergy:
        return 0;
    case LineKind::GenerationCredit:
        return 1;
    case LineKind::ReactiveEnergy:
        return 2;
    case LineKind::OverLimit:
        return 3;
    }
    return 4;
}

int zoneOrder(Zone z)
{
    switch (z) {
    case Zone::Total:
        return 0;
    case Zone::Day:
        return 1;
    case Zone::Night:
        return 2;
    case Zone::HalfPeak:
        return 3;
    case Zone::Peak:
        return 4;
    }
    return 5;
}

struct PendingLine
{
    LineKind kind;
    Zone zone;
    Tariff tariff;
    Fraction coefficient;
    __int128 milli = 0;
};

Fraction reduced(Fraction f)
{
    const qint64 g = std::gcd(f.numerator, f.denominator);
    return g > 1 ? Fraction{f.numerator / g, f.denominator / g} : f;
}

void addLine(std::map<LineKey, PendingLine> &lines, LineKind kind, Zone zone, Tariff tariff,
             Fraction coefficient, __int128 milli)
{
    const Fraction c = reduced(coefficient);
    const LineKey key{kindOrder(kind), zoneOrder(zone), tariff.hundredThousandths(), c.numerator,
                      c.denominator};
    auto it = lines.find(key);
    if (it == lines.end())
        it = lines.emplace(key, PendingLine{kind, zone, tariff, c, 0}).first;
    it->second.milli += milli;
}

// Splits a document's lines and the document itself. VAT is computed once on the document's amount
// (what its tax invoice shows); each line is split too, and the difference between the document's
// VAT and the sum of the lines' VAT (a kopeck or two of rounding) goes to the line with the largest
// amount, so that lines add up to the document exactly and each line keeps net + VAT == gross.
Result<InvoiceDraft> makeDocument(Article article, QList<InvoiceLine> lines, const QList<Money> &amounts,
                                  VatRule rule)
{
    InvoiceDraft doc;
    doc.article = article;
    doc.type = invoiceTypeOf(article);
    __int128 sum = 0;
    __int128 lineVat = 0;
    qsizetype largest = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        sum += amounts[i].kopecks();
        const Result<VatSplit> split = splitVat(amounts[i], rule);
        if (!split)
            return split.error();
        lines[i].net = split.value().net;
        lines[i].vat = split.value().vat;
        lines[i].gross = split.value().gross;
        lineVat += split.value().vat.kopecks();
        if (qAbs(amounts[i].kopecks()) > qAbs(amounts[largest].kopecks()))
            largest = i;
    }
    if (sum > kInt64Max || sum < -kInt64Max)
        return Error::make(u"money.overflow"_s, {}, {}, u"document total"_s);
    const Result<VatSplit> docSplit = splitVat(Money::fromKopecks(static_cast<qint64>(sum)), rule);
    if (!docSplit)
        return docSplit.error();
    const qint64 diff = static_cast<qint64>(docSplit.value().vat.kopecks() - lineVat);
    if (diff != 0 && !lines.isEmpty()) {
        InvoiceLine &l = lines[largest];
        l.vat = Money::fromKopecks(l.vat.kopecks() + diff);
        if (rule.mode == VatMode::ExtractedFromGross)
            l.net = Money::fromKopecks(l.net.kopecks() - diff);
        else
            l.gross = Money::fromKopecks(l.gross.kopecks() + diff);
    }
    doc.lines = std::move(lines);
    doc.net = docSplit.value().net;
    doc.vat = docSplit.value().vat;
    doc.gross = docSplit.value().gross;
    return doc;
}

} // namespace

Result<Calculation> calculate(const CalculationInput &input, const ParameterSet &parameters)
{
    const Period period = input.period;
    if (input.requester == Requester::Consumer && !input.selfCalculationAllowed)
        return Error::make(u"calc.self_not_allowed"_s);
    if (input.requiresSignedAct && !input.actSigned)
        return Error::make(u"calc.act_not_signed"_s, {}, {period.toString()});

    for (const PointConsumption &p : input.points) {
        for (const RegisterConsumption &r : p.registers) {
            if (r.rangeConfirmed)
                continue;
            const Error range = domain::checkRange(r.consumption, r.history);
            if (!range.isNull())
                return Error::make(u"calc.out_of_range"_s, u"consumption"_s,
                                   {p.code, range.args().value(0), range.args().value(1)});
        }
    }

    Calculation calc;
    calc.account = input.account;
    calc.period = period;

    // Payable energy per point and zone: measured minus the sub-consumers of the same kind. All
    // points first, so that a negative consumption anywhere is reported before a missing parameter.
    struct Payable
    {
        const PointConsumption *point;
        ZoneScheme scheme;
        ZoneSums own;
        ZoneSums sub;
    };
    QList<Payable> payables;
    for (const PointConsumption &p : input.points) {
        const ZoneScheme scheme = schemeOf(p);
        const ZoneSums own = measured(p, scheme);
        QList<const PointConsumption *> children;
        for (const QList<PointConsumption> *list : {&input.points, &input.subConsumers}) {
            for (const PointConsumption &c : *list) {
                if (c.parentId && *c.parentId == p.id && c.kind == p.kind && c.id != p.id)
                    children.append(&c);
            }
        }
        const ZoneSums sub = subtractions(scheme, own, children);
        for (Zone z : zonesOf(scheme)) {
            if (own[index(z)] - sub[index(z)] < 0) {
                // The message says the sub-consumers used more than the point: the totals when they
                // did in total, otherwise the zone where they did (the zone is in the detail too).
                const bool inTotal = total(sub, scheme) > total(own, scheme);
                const auto subtracted = toEnergy(inTotal ? total(sub, scheme) : sub[index(z)]);
                const auto measuredTotal = toEnergy(inTotal ? total(own, scheme) : own[index(z)]);
                return Error::make(u"calc.negative_consumption"_s, u"consumption"_s,
                                   {p.code, subtracted.value_or(Energy()).toString(),
                                    measuredTotal.value_or(Energy()).toString()},
                                   u"zone "_s + domain::toString(z));
            }
            const auto m = toEnergy(own[index(z)]);
            const auto s = toEnergy(sub[index(z)]);
            const auto pay = toEnergy(own[index(z)] - sub[index(z)]);
            if (!m || !s || !pay)
                return energyOverflow(p.code);
            calc.breakdown.append(PointBreakdown{p.id, p.code, p.kind, scheme, z, *m, *s, *pay});
        }
        payables.append(Payable{&p, scheme, own, sub});
    }

    std::map<LineKey, PendingLine> pending;
    QHash<int, __int128> activeByVoltageClass;
    __int128 activePayable = 0;
    for (const Payable &item : std::as_const(payables)) {
        const PointConsumption &p = *item.point;
        const ZoneScheme scheme = item.scheme;
        const ZoneSums &own = item.own;
        const ZoneSums &sub = item.sub;
        const QList<Zone> zones = zonesOf(scheme);

        switch (p.kind) {
        case PointKind::Active: {
            const int vclass = voltageClass(p.voltageV);
            const Result<Tariff> tariff = parameters.tariff(input.consumerClass, vclass, period);
            if (!tariff)
                return tariff.error();
            for (Zone z : zones) {
                const __int128 payable = own[index(z)] - sub[index(z)];
                const Result<Fraction> coefficient = parameters.zoneCoefficient(scheme, z, period);
                if (!coefficient)
                    return coefficient.error();
                addLine(pending, LineKind::ActiveEnergy, z, tariff.value(), coefficient.value(), payable);
                activeByVoltageClass[vclass] += payable;
                activePayable += payable;
            }
            break;
        }
        case PointKind::Reactive: {
            const Result<Tariff> tariff = parameters.reactiveTariff(period);
            if (!tariff)
                return tariff.error();
            addLine(pending, LineKind::ReactiveEnergy, Zone::Total, tariff.value(), Fraction{},
                    total(own, scheme) - total(sub, scheme));
            break;
        }
        case PointKind::Generation: {
            const Result<Tariff> tariff = parameters.generationTariff(period);
            if (!tariff)
                return tariff.error();
            addLine(pending, LineKind::GenerationCredit, Zone::Total, tariff.value(), Fraction{},
                    total(own, scheme) - total(sub, scheme));
            break;
        }
        }
    }
    const auto payableEnergy = toEnergy(activePayable);
    if (!payableEnergy)
        return energyOverflow(u"active payable"_s);
    calc.activePayable = *payableEnergy;

    // Over-limit: the active energy above the contracted monthly limit, charged at the multiple of
    // the base (one-zone) tariff of the voltage class that took the most energy.
    if (const ContractLimits *limits = input.limits.at(period)) {
        const Result<Fraction> multiple = parameters.overLimitMultiple(period);
        if (!multiple)
            return multiple.error();
        const __int128 excess = activePayable - limits->monthlyEnergy.milli();
        if (excess > 0) {
            int vclass = 2;
            __int128 most = -1;
            for (int c : {1, 2}) {
                const __int128 e = activeByVoltageClass.value(c, -1);
                if (e > most) {
                    most = e;
                    vclass = c;
                }
            }
            const Result<Tariff> tariff = parameters.tariff(input.consumerClass, vclass, period);
            if (!tariff)
                return tariff.error();
            addLine(pending, LineKind::OverLimit, Zone::Total, tariff.value(), multiple.value(), excess);
            calc.overLimit = *toEnergy(excess);
        }
    }

    // Price each line once (core/amounts.h), then split VAT per document.
    QHash<int, QList<InvoiceLine>> linesByArticle;
    QHash<int, QList<Money>> amountsByArticle;
    for (const auto &[key, line] : pending) {
        if (line.milli == 0)
            continue;
        const auto quantity = toEnergy(line.milli);
        if (!quantity)
            return energyOverflow(toString(line.kind));
        Result<Money> amount =
            cost(*quantity, line.tariff, line.coefficient.numerator, line.coefficient.denominator);
        if (!amount)
            return amount.error();
        if (line.kind == LineKind::GenerationCredit)
            amount = amount.value().negated();
        if (!amount)
            return amount.error();
        const int article = static_cast<int>(articleOf(line.kind));
        linesByArticle[article].append(
            InvoiceLine{line.kind, line.zone, *quantity, line.tariff, line.coefficient, {}, {}, {}});
        amountsByArticle[article].append(amount.value());
    }
    if (linesByArticle.isEmpty())
        return calc;

    const Result<VatRule> rule = parameters.vat(period);
    if (!rule)
        return rule.error();
    calc.vatRule = rule.value();
    __int128 net = 0;
    __int128 vat = 0;
    __int128 gross = 0;
    for (Article article : kAllArticles) {
        const int a = static_cast<int>(article);
        if (!linesByArticle.contains(a))
            continue;
        Result<InvoiceDraft> doc =
            makeDocument(article, linesByArticle.value(a), amountsByArticle.value(a), rule.value());
        if (!doc)
            return doc.error();
        net += doc.value().net.kopecks();
        vat += doc.value().vat.kopecks();
        gross += doc.value().gross.kopecks();
        calc.invoices.append(std::move(doc).value());
    }
    if (gross > kInt64Max || gross < -kInt64Max || net > kInt64Max || net < -kInt64Max)
        return Error::make(u"money.overflow"_s, {}, {}, u"calculation total"_s);
    calc.net = Money::fromKopecks(static_cast<qint64>(net));
    calc.vat = Money::fromKopecks(static_cast<qint64>(vat));
    calc.gross = Money::fromKopecks(static_cast<qint64>(gross));
    return calc;
}

Result<CalculationInput> inputFromAccount(const domain::AccountDetail &account, Period period,
                                          const QList<domain::ReadingRecord> &readings,
                                          const QHash<RegisterId, QList<Energy>> &history)
{
    CalculationInput input;
    input.account = account.id;
    input.period = period;
    if (!account.contracts.isEmpty()) {
        const domain::Contract &contract = account.contracts.first();
        input.consumerClass = contract.consumerClass;
        input.selfCalculationAllowed = contract.selfCalculation;
        input.requiresSignedAct = contract.requiresSignedAct;
    }
    QHash<RegisterId, const domain::ReadingRecord *> byRegister;
    for (const domain::ReadingRecord &r : readings) {
        if (r.period == period && r.state == domain::ReadingState::Processed)
            byRegister.insert(r.registerId, &r);
    }
    for (const domain::SiteObject &object : account.objects) {
        for (const domain::MeteringPoint &mp : object.meteringPoints) {
            PointConsumption point;
            point.id = mp.id;
            point.code = mp.code;
            point.kind = mp.kind;
            point.voltageV = mp.voltageV;
            point.parentId = mp.parentId;
            for (const domain::Meter &meter : mp.meters) {
                for (const domain::Register &reg : meter.registers) {
                    const domain::ReadingRecord *reading = byRegister.value(reg.id);
                    if (!reading) {
                        if (meter.status == domain::MeterStatus::Removed)
                            continue;
                        return Error::make(u"calc.readings_missing"_s, u"readings"_s,
                                           {mp.code, period.toString()});
                    }
                    point.registers.append(RegisterConsumption{reg.id, reg.zone, reading->consumption,
                                                               history.value(reg.id),
                                                               !reading->overrideReason.isEmpty()});
                }
            }
            input.points.append(point);
        }
    }
    return input;
}

} // namespace oblik::billing
