#include "billing/vat.h"

#include "core/amounts.h"

using namespace Qt::StringLiterals;

namespace oblik::billing {

Result<VatSplit> splitVat(Money amount, VatRule rule)
{
    if (!rule.isValid())
        return Error::make(u"money.overflow"_s, {}, {}, u"VAT rate "_s + QString::number(rule.rateBp));
    if (rule.mode == VatMode::ExtractedFromGross) {
        const Result<Money> net = applyRatio(amount, 10000, 10000 + rule.rateBp);
        if (!net)
            return net.error();
        const Result<Money> vat = amount.subtract(net.value());
        if (!vat)
            return vat.error();
        return VatSplit{net.value(), vat.value(), amount};
    }
    const Result<Money> vat = applyRatio(amount, rule.rateBp, 10000);
    if (!vat)
        return vat.error();
    const Result<Money> gross = amount.add(vat.value());
    if (!gross)
        return gross.error();
    return VatSplit{amount, vat.value(), gross.value()};
}

QString toString(VatMode m)
{
    return m == VatMode::FromNet ? u"from_net"_s : u"extracted"_s;
}

std::optional<VatMode> vatModeFromString(const QString &s)
{
    if (s == u"from_net"_s)
        return VatMode::FromNet;
    if (s == u"extracted"_s)
        return VatMode::ExtractedFromGross;
    return std::nullopt;
}

} // namespace oblik::billing
