#include "core/amounts.h"

using namespace Qt::StringLiterals;

namespace oblik {

namespace {
constexpr __int128 kMin = -(static_cast<__int128>(1) << 63);
constexpr __int128 kMax = (static_cast<__int128>(1) << 63) - 1;
// 1 kopeck = 1e6 units of (milli-kWh x hundred-thousandths of UAH per kWh).
constexpr qint64 kCostDenominator = 1'000'000;
} // namespace

std::optional<qint64> roundHalfAwayFromZero(__int128 numerator, qint64 denominator)
{
    if (denominator == 0)
        return std::nullopt;
    __int128 n = numerator;
    __int128 d = denominator;
    if (d < 0) {
        n = -n;
        d = -d;
    }
    // |remainder| < |denominator| <= 2^63, so doubling it cannot overflow. Negating n overflows only
    // for the minimum __int128, which no product of two qint64 reaches. C++ division truncates
    // towards zero, so the remainder has n's sign and q only ever moves away from zero.
    __int128 q = n / d;
    const __int128 r = n % d;
    const __int128 twice = (r < 0 ? -r : r) * 2;
    if (twice >= d)
        q += (n < 0 ? -1 : 1);
    if (q < kMin || q > kMax)
        return std::nullopt;
    return static_cast<qint64>(q);
}

Result<Money> cost(Energy energy, Tariff tariff)
{
    return cost(energy, tariff, 1, 1);
}

Result<Money> cost(Energy energy, Tariff tariff, qint64 numerator, qint64 denominator)
{
    const auto overflow = [&] {
        return Error::make(u"money.overflow"_s, {}, {},
                           energy.toString() + u" kWh x "_s + tariff.toString() + u" x "_s +
                               QString::number(numerator) + u'/' + QString::number(denominator));
    };
    qint64 scaled = 0;
    if (denominator <= 0 || qMulOverflow(denominator, kCostDenominator, &scaled))
        return overflow();
    // |milli x units| < 2^126 but a third factor can leave 128 bits: multiply with a check.
    __int128 product = 0;
    if (__builtin_mul_overflow(static_cast<__int128>(energy.milli()),
                               static_cast<__int128>(tariff.hundredThousandths()), &product) ||
        __builtin_mul_overflow(product, static_cast<__int128>(numerator), &product))
        return overflow();
    const std::optional<qint64> kopecks = roundHalfAwayFromZero(product, scaled);
    if (!kopecks)
        return overflow();
    return Money::fromKopecks(*kopecks);
}

Result<Money> applyRatio(Money amount, qint64 numerator, qint64 denominator)
{
    const std::optional<qint64> r =
        roundHalfAwayFromZero(static_cast<__int128>(amount.kopecks()) * numerator, denominator);
    if (!r)
        return Error::make(u"money.overflow"_s, {}, {},
                           amount.toString() + u" x "_s + QString::number(numerator) + u'/' +
                               QString::number(denominator));
    return Money::fromKopecks(*r);
}

Result<Energy> applyRatio(Energy energy, qint64 numerator, qint64 denominator)
{
    const std::optional<qint64> r =
        roundHalfAwayFromZero(static_cast<__int128>(energy.milli()) * numerator, denominator);
    if (!r)
        return Error::make(u"energy.overflow"_s, {}, {},
                           energy.toString() + u" x "_s + QString::number(numerator) + u'/' +
                               QString::number(denominator));
    return Energy::fromMilli(*r);
}

} // namespace oblik
