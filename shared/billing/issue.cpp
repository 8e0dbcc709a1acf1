#include "billing/issue.h"

#include "core/amounts.h"

using namespace Qt::StringLiterals;

namespace oblik::billing {

Result<Energy> plannedEnergy(const AdvanceInput &input)
{
    if (!input.recent.isEmpty()) {
        __int128 sum = 0;
        for (Energy e : input.recent)
            sum += e.milli();
        const auto average = roundHalfAwayFromZero(sum, input.recent.size());
        if (!average)
            return Error::make(u"energy.overflow"_s, {}, {}, u"planned energy"_s);
        return Energy::fromMilli(*average);
    }
    const ContractLimits *limits = input.limits.at(input.period);
    if (!limits)
        return parameterMissing(kMonthlyEnergy.toString(), u"contract="_s + input.contractNumber,
                                input.period);
    const auto share =
        roundHalfAwayFromZero(limits->monthlyEnergy.milli(), std::max(1, input.contractAccounts));
    if (!share)
        return Error::make(u"energy.overflow"_s, {}, {}, u"planned energy"_s);
    return Energy::fromMilli(*share);
}

Result<InvoiceDraft> plannedAdvance(const AdvanceInput &input, const ParameterSet &parameters)
{
    const Period period = input.period;
    const Result<Energy> planned = plannedEnergy(input);
    if (!planned)
        return planned.error();
    int byClass[3] = {0, 0, 0};
    for (int v : input.activeVoltages)
        ++byClass[voltageClass(v) == 1 ? 1 : 2];
    const int vclass = byClass[1] > byClass[2] ? 1 : 2;
    const Result<Tariff> tariff = parameters.tariff(input.consumerClass, vclass, period);
    if (!tariff)
        return tariff.error();
    const Result<VatRule> rule = parameters.vat(period);
    if (!rule)
        return rule.error();
    QList<InvoiceLine> lines;
    QList<Money> amounts;
    if (planned.value().milli() > 0) {
        const Result<Money> amount = cost(planned.value(), tariff.value(), 1, 1);
        if (!amount)
            return amount.error();
        lines.append(InvoiceLine{LineKind::ActiveEnergy,
                                 domain::Zone::Total,
                                 planned.value(),
                                 tariff.value(),
                                 Fraction{1, 1},
                                 {},
                                 {},
                                 {},
                                 {}});
        amounts.append(amount.value());
    }
    Result<InvoiceDraft> doc = makeDocument(Article::ActiveEnergy, lines, amounts, rule.value());
    if (!doc)
        return doc.error();
    doc.value().type = InvoiceType::PlannedAdvance;
    return doc;
}

Result<InvoiceDraft> servicesInvoice(const QList<ServiceLine> &entered, Period period,
                                     const ParameterSet &parameters)
{
    if (entered.isEmpty() || entered.size() > kMaxServiceLines)
        return Error::make(u"request.invalid_field"_s, u"lines"_s,
                           {u"items:%1"_s.arg(kMaxServiceLines), QString::number(entered.size())});
    QList<InvoiceLine> lines;
    QList<Money> amounts;
    for (qsizetype i = 0; i < entered.size(); ++i) {
        const ServiceLine &s = entered.at(i);
        const QString at = u"lines[%1]."_s.arg(i);
        const QString description = s.description.trimmed();
        if (description.isEmpty() || description.size() > kMaxServiceDescription)
            return Error::make(u"request.invalid_field"_s, at + u"description"_s,
                               {u"text:%1"_s.arg(kMaxServiceDescription), description.left(64)});
        if (s.quantity.milli() == 0)
            return Error::make(u"request.invalid_field"_s, at + u"quantity"_s,
                               {u"nonzero"_s, s.quantity.toString()});
        if (s.price.kopecks() <= 0)
            return Error::make(u"request.invalid_field"_s, at + u"price"_s,
                               {u"positive"_s, s.price.toString()});
        // The price in kopecks as a tariff (hundred-thousandths of a hryvnia): x 1000.
        if (s.price.kopecks() > std::numeric_limits<qint64>::max() / 1000)
            return Error::make(u"money.overflow"_s, at + u"price"_s, {}, u"service price"_s);
        const Tariff price = Tariff::fromHundredThousandths(s.price.kopecks() * 1000);
        const Result<Money> amount = cost(s.quantity, price, 1, 1);
        const QString maxAmount = u"max_amount:"_s + Money::fromKopecks(kMaxServiceAmountKopecks).toString();
        if (!amount || qAbs(amount.value().kopecks()) > kMaxServiceAmountKopecks)
            return Error::make(u"request.invalid_field"_s, at + u"price"_s,
                               {maxAmount, amount ? amount.value().toString()
                                                  : s.quantity.toString() + u" x "_s + s.price.toString()});
        InvoiceLine line{LineKind::Services,
                         domain::Zone::Total,
                         s.quantity,
                         price,
                         Fraction{1, 1},
                         description,
                         {},
                         {},
                         {}};
        lines.append(line);
        amounts.append(amount.value());
    }
    qint64 total = 0; // each line within the bound, so at most 50 x 10^10: no overflow
    for (const Money &m : std::as_const(amounts))
        total += m.kopecks();
    if (qAbs(total) > kMaxServiceAmountKopecks)
        return Error::make(u"request.invalid_field"_s, u"lines"_s,
                           {u"max_amount:"_s + Money::fromKopecks(kMaxServiceAmountKopecks).toString(),
                            Money::fromKopecks(total).toString()});
    if (total == 0)
        return Error::make(u"request.invalid_field"_s, u"lines"_s, {u"nonzero"_s, u"0.00"_s});
    const Result<VatRule> rule = parameters.vat(period);
    if (!rule)
        return rule.error();
    return makeDocument(Article::Services, lines, amounts, rule.value());
}

} // namespace oblik::billing
