#include "billing/calculation.h"

#include "core/amounts.h"
#include "domain/readings.h"

#include <QVarLengthArray>

#include <algorithm>
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

// The scheme of one meter, from its registers.
ZoneScheme schemeOf(const QList<const RegisterConsumption *> &registers)
{
    bool three = false;
    bool two = false;
    for (const RegisterConsumption *r : registers) {
        if (r->zone == Zone::HalfPeak || r->zone == Zone::Peak)
            three = true;
        else if (r->zone == Zone::Day || r->zone == Zone::Night)
            two = true;
    }
    // A night register with half-peak or peak registers is the three-zone night.
    return three ? ZoneScheme::ThreeZones : (two ? ZoneScheme::TwoZones : ZoneScheme::OneZone);
}

constexpr std::array<ZoneScheme, 3> kSchemes{ZoneScheme::OneZone, ZoneScheme::TwoZones,
                                             ZoneScheme::ThreeZones};

int index(ZoneScheme s)
{
    return static_cast<int>(s);
}

// What a point measured, per zone of each scheme its meters had in the period. A meter replaced
// within the period by one of another scheme leaves two schemes: each meter's energy is billed in
// its own scheme (a one-zone meter's at coefficient 1, a zoned meter's at its zones' coefficients).
struct PointSums
{
    std::array<ZoneSums, 3> byScheme{};
    std::array<bool, 3> has{};

    __int128 &at(ZoneScheme s, Zone z) { return byScheme[index(s)][index(z)]; }
    __int128 at(ZoneScheme s, Zone z) const { return byScheme[index(s)][index(z)]; }

    // The billed buckets (scheme, zone), schemes in order, zones in their scheme's order.
    QList<std::pair<ZoneScheme, Zone>> buckets() const
    {
        QList<std::pair<ZoneScheme, Zone>> list;
        for (ZoneScheme s : kSchemes) {
            if (has[index(s)]) {
                for (Zone z : zonesOf(s))
                    list.append({s, z});
            }
        }
        return list;
    }

    __int128 total() const
    {
        __int128 t = 0;
        for (const auto &[s, z] : buckets())
            t += at(s, z);
        return t;
    }
};

// What the point's registers measured. Registers are grouped by meter (registers without a meter
// id are one meter); a Total register of a zoned meter is the sum of its zones and is left out.
PointSums measured(const PointConsumption &p)
{
    PointSums sums;
    // Meters in the order of their first register; a point has one, two when one was replaced, so
    // a linear search beats a hash here (this runs for every point of a bill run).
    QVarLengthArray<MeterId, 4> seen;
    for (qsizetype i = 0; i < p.registers.size(); ++i) {
        const MeterId meter = p.registers[i].meterId;
        if (seen.contains(meter))
            continue;
        seen.append(meter);
        QList<const RegisterConsumption *> registers;
        for (qsizetype j = i; j < p.registers.size(); ++j) {
            if (p.registers[j].meterId == meter)
                registers.append(&p.registers[j]);
        }
        const ZoneScheme scheme = schemeOf(registers);
        sums.has[index(scheme)] = true;
        for (const RegisterConsumption *r : std::as_const(registers)) {
            if (zonesOf(scheme).contains(r->zone))
                sums.at(scheme, r->zone) += r->consumption.milli();
        }
    }
    if (seen.isEmpty())
        sums.has[index(ZoneScheme::OneZone)] = true; // no register read: a zero one-zone point
    return sums;
}

// Shares `amount` among `buckets` of the parent in proportion to what each measured, rounded half
// away from zero, with the rounding remainder on the largest bucket (the first when all are
// equal), so that the shares add up to `amount`.
void share(__int128 amount, const QList<std::pair<ZoneScheme, Zone>> &buckets, const PointSums &parent,
           PointSums &sub)
{
    if (amount == 0 || buckets.isEmpty())
        return;
    auto largest = buckets.first();
    __int128 parentTotal = 0;
    for (const auto &[s, z] : buckets) {
        parentTotal += parent.at(s, z);
        if (parent.at(s, z) > parent.at(largest.first, largest.second))
            largest = {s, z};
    }
    // Beyond the qint64 range (absurd readings) nothing is shared: the whole amount goes to the
    // largest bucket, whose payable then fails as energy.overflow or calc.negative_consumption.
    if (amount > kInt64Max || amount < -kInt64Max || parentTotal > kInt64Max) {
        sub.at(largest.first, largest.second) += amount;
        return;
    }
    __int128 shared = 0;
    if (parentTotal > 0) {
        for (const auto &[s, z] : buckets) {
            // amount x measured fits: both are below 2^63 here.
            const qint64 part =
                roundHalfAwayFromZero(amount * parent.at(s, z), static_cast<qint64>(parentTotal)).value_or(0);
            sub.at(s, z) += part;
            shared += part;
        }
    }
    sub.at(largest.first, largest.second) += amount - shared;
}

// The sub-consumers' consumption to subtract from each bucket of `parent`. A child's zone the parent
// also bills (day, night, half-peak, peak) is subtracted from that zone. The rest is shared among all
// the parent's buckets in proportion to what each measured: a one-zone child's energy, zones the
// parent has not, and the whole of every child when the parent's meter was replaced by one of another
// scheme within the period (which part of a child's zone fell in which meter's time is not known).
PointSums subtractions(const PointSums &parent, const QList<const PointConsumption *> &children)
{
    PointSums sub;
    sub.has = parent.has;
    const QList<std::pair<ZoneScheme, Zone>> parentBuckets = parent.buckets();
    const bool oneScheme = std::count(parent.has.cbegin(), parent.has.cend(), true) == 1;
    ZoneSums byZone{};
    __int128 pool = 0;
    for (const PointConsumption *child : children) {
        const PointSums cm = measured(*child);
        for (const auto &[s, z] : cm.buckets()) {
            const bool parentBills = oneScheme && z != Zone::Total &&
                                     std::any_of(parentBuckets.cbegin(), parentBuckets.cend(),
                                                 [zone = z](const auto &b) { return b.second == zone; });
            if (parentBills)
                byZone[index(z)] += cm.at(s, z);
            else
                pool += cm.at(s, z);
        }
    }
    for (const auto &bucket : parentBuckets)
        share(byZone[index(bucket.second)], {bucket}, parent, sub);
    share(pool, parentBuckets, parent, sub);
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
    case LineKind::Services:
        return 4;
    }
    return 5;
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

} // namespace

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
        PointSums own;
        PointSums sub;
    };
    QList<Payable> payables;
    for (const PointConsumption &p : input.points) {
        const PointSums own = measured(p);
        QList<const PointConsumption *> children;
        for (const QList<PointConsumption> *list : {&input.points, &input.subConsumers}) {
            for (const PointConsumption &c : *list) {
                if (c.parentId && *c.parentId == p.id && c.kind == p.kind && c.id != p.id)
                    children.append(&c);
            }
        }
        const PointSums sub = subtractions(own, children);
        // The price of the point's energy, for its breakdown rows. A missing tariff or coefficient is
        // reported below, after every point's consumption is checked.
        Result<Tariff> tariff = Tariff();
        switch (p.kind) {
        case PointKind::Active:
            tariff = parameters.tariff(input.consumerClass, voltageClass(p.voltageV), period);
            break;
        case PointKind::Reactive:
            tariff = parameters.reactiveTariff(period);
            break;
        case PointKind::Generation:
            tariff = parameters.generationTariff(period);
            break;
        }
        for (const auto &[scheme, z] : own.buckets()) {
            if (own.at(scheme, z) - sub.at(scheme, z) < 0) {
                // The message says the sub-consumers used more than the point: the totals when they
                // did in total, otherwise the zone where they did (the zone is in the detail too).
                const bool inTotal = sub.total() > own.total();
                const auto subtracted = toEnergy(inTotal ? sub.total() : sub.at(scheme, z));
                const auto measuredTotal = toEnergy(inTotal ? own.total() : own.at(scheme, z));
                return Error::make(u"calc.negative_consumption"_s, u"consumption"_s,
                                   {p.code, subtracted.value_or(Energy()).toString(),
                                    measuredTotal.value_or(Energy()).toString()},
                                   u"zone "_s + domain::toString(z));
            }
            const auto m = toEnergy(own.at(scheme, z));
            const auto s = toEnergy(sub.at(scheme, z));
            const auto pay = toEnergy(own.at(scheme, z) - sub.at(scheme, z));
            if (!m || !s || !pay)
                return energyOverflow(p.code);
            Fraction coefficient;
            if (p.kind == PointKind::Active) {
                if (const Result<Fraction> c = parameters.zoneCoefficient(scheme, z, period))
                    coefficient = reduced(c.value());
            }
            calc.breakdown.append(PointBreakdown{p.id, p.code, p.kind, scheme, z, *m, *s, *pay, coefficient,
                                                 tariff ? tariff.value() : Tariff()});
        }
        payables.append(Payable{&p, own, sub});
    }

    std::map<LineKey, PendingLine> pending;
    QHash<int, __int128> activeByVoltageClass;
    __int128 activePayable = 0;
    for (const Payable &item : std::as_const(payables)) {
        const PointConsumption &p = *item.point;
        const PointSums &own = item.own;
        const PointSums &sub = item.sub;

        switch (p.kind) {
        case PointKind::Active: {
            const int vclass = voltageClass(p.voltageV);
            const Result<Tariff> tariff = parameters.tariff(input.consumerClass, vclass, period);
            if (!tariff)
                return tariff.error();
            for (const auto &[scheme, z] : own.buckets()) {
                const __int128 payable = own.at(scheme, z) - sub.at(scheme, z);
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
                    own.total() - sub.total());
            break;
        }
        case PointKind::Generation: {
            const Result<Tariff> tariff = parameters.generationTariff(period);
            if (!tariff)
                return tariff.error();
            addLine(pending, LineKind::GenerationCredit, Zone::Total, tariff.value(), Fraction{},
                    own.total() - sub.total());
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
            InvoiceLine{line.kind, line.zone, *quantity, line.tariff, line.coefficient, {}, {}, {}, {}});
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
                // A removed meter without any reading of the period was replaced before it: skipped.
                // One read in part is missing readings like a working meter (its scheme, and so how
                // its energy is billed, comes from all its registers).
                if (meter.status == domain::MeterStatus::Removed &&
                    std::none_of(meter.registers.cbegin(), meter.registers.cend(),
                                 [&](const domain::Register &r) { return byRegister.contains(r.id); }))
                    continue;
                for (const domain::Register &reg : meter.registers) {
                    const domain::ReadingRecord *reading = byRegister.value(reg.id);
                    if (!reading)
                        return Error::make(u"calc.readings_missing"_s, u"readings"_s,
                                           {mp.code, period.toString()});
                    point.registers.append(
                        RegisterConsumption{reg.id, reg.zone, reading->consumption,
                                            domain::RangeHistory::of(history.value(reg.id)),
                                            !reading->overrideReason.isEmpty(), meter.id});
                }
            }
            input.points.append(point);
        }
    }
    return input;
}

} // namespace oblik::billing
