#pragma once
// An exact coefficient numerator / denominator: zone coefficients (night 2/5 = 0.4, peak 3/2 = 1.5)
// and the over-limit multiple are ratios, never floating point, so that a product is rounded once.

#include "core/error.h"

#include <QString>
#include <QtGlobal>

namespace oblik::billing {

struct Fraction
{
    qint64 numerator = 1;
    qint64 denominator = 1;

    // Valid when the denominator is positive and the numerator is not negative.
    constexpr bool isValid() const { return denominator > 0 && numerator >= 0; }
    // "0.4", "1.5", "1", or "2/3" when the value has no short decimal form.
    QString toString() const;
    // "0.4", "1,5", "2" (up to 6 decimals) or "2/3". Error calc.invalid_coefficient (args: the text).
    static Result<Fraction> parse(const QString &text);

    // Equal values compare equal whatever the form (2/5 == 4/10).
    friend constexpr bool operator==(Fraction a, Fraction b)
    {
        return static_cast<__int128>(a.numerator) * b.denominator ==
               static_cast<__int128>(b.numerator) * a.denominator;
    }
};

} // namespace oblik::billing
