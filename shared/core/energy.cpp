#include "core/energy.h"

#include "core/fixedpoint.h"

using namespace Qt::StringLiterals;

namespace oblik {

namespace {
Error overflow(const QString &detail)
{
    return Error::make(u"energy.overflow"_s, {}, {}, detail);
}
} // namespace

Result<Energy> Energy::parse(const QString &text)
{
    const Result<qint64> units = fixedpoint::parse(text, Decimals, u"energy"_s);
    if (!units)
        return units.error();
    return Energy(units.value());
}

QString Energy::toString() const
{
    return fixedpoint::toString(m_milli, Decimals);
}

QString Energy::format(const QLocale &locale, int decimals) const
{
    return fixedpoint::format(m_milli, Decimals, decimals, locale);
}

Result<Energy> Energy::add(Energy other) const
{
    qint64 r = 0;
    if (qAddOverflow(m_milli, other.m_milli, &r))
        return overflow(toString() + u" + "_s + other.toString());
    return Energy(r);
}

Result<Energy> Energy::subtract(Energy other) const
{
    qint64 r = 0;
    if (qSubOverflow(m_milli, other.m_milli, &r))
        return overflow(toString() + u" - "_s + other.toString());
    return Energy(r);
}

Result<Energy> Energy::multiply(qint64 factor) const
{
    qint64 r = 0;
    if (qMulOverflow(m_milli, factor, &r))
        return overflow(toString() + u" x "_s + QString::number(factor));
    return Energy(r);
}

} // namespace oblik
