#include "core/money.h"

#include "core/fixedpoint.h"

using namespace Qt::StringLiterals;

namespace oblik {

namespace {
Error overflow(const QString &detail)
{
    return Error::make(u"money.overflow"_s, {}, {}, detail);
}
} // namespace

Result<Money> Money::parse(const QString &text)
{
    const Result<qint64> units = fixedpoint::parse(text, Decimals, u"money"_s);
    if (!units)
        return units.error();
    return Money(units.value());
}

QString Money::toString() const
{
    return fixedpoint::toString(m_kopecks, Decimals);
}

QString Money::format(const QLocale &locale) const
{
    return fixedpoint::format(m_kopecks, Decimals, Decimals, locale);
}

Result<Money> Money::add(Money other) const
{
    qint64 r = 0;
    if (qAddOverflow(m_kopecks, other.m_kopecks, &r))
        return overflow(toString() + u" + "_s + other.toString());
    return Money(r);
}

Result<Money> Money::subtract(Money other) const
{
    qint64 r = 0;
    if (qSubOverflow(m_kopecks, other.m_kopecks, &r))
        return overflow(toString() + u" - "_s + other.toString());
    return Money(r);
}

Result<Money> Money::multiply(qint64 factor) const
{
    qint64 r = 0;
    if (qMulOverflow(m_kopecks, factor, &r))
        return overflow(toString() + u" x "_s + QString::number(factor));
    return Money(r);
}

Result<Money> Money::negated() const
{
    return Money().subtract(*this);
}

} // namespace oblik
