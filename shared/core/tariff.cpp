#include "core/tariff.h"

#include "core/fixedpoint.h"

using namespace Qt::StringLiterals;

namespace oblik {

Result<Tariff> Tariff::parse(const QString &text)
{
    const Result<qint64> units = fixedpoint::parse(text, Decimals, u"tariff"_s);
    if (!units)
        return units.error();
    return Tariff(units.value());
}

QString Tariff::toString() const
{
    return fixedpoint::toString(m_units, Decimals);
}

QString Tariff::format(const QLocale &locale, int decimals) const
{
    return fixedpoint::format(m_units, Decimals, decimals, locale);
}

} // namespace oblik
