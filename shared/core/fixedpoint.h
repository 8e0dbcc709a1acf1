#pragma once
// Decimal text <-> scaled integer, shared by Money, Energy and Tariff so that all three accept and
// print numbers the same way. Internal to core and domain; code outside uses the value types.

#include "core/error.h"

#include <QLocale>
#include <QString>
#include <optional>

namespace oblik::fixedpoint {

// A number as typed, split into its parts but not yet scaled. Digits are ASCII '0'..'9'.
struct DecimalText
{
    bool negative = false;
    QString integerDigits;  // without group separators; may be empty (".5")
    QString fractionDigits; // may be empty
};

// Splits user text into sign, integer and fraction digits, or nullopt when it is not a number.
// Accepted: surrounding white space; a leading '-', '+' or U+2212 minus; '.' or ',' as the decimal
// separator; space, no-break space (U+00A0), thin space (U+2009) or narrow no-break space (U+202F)
// as group separators in the integer part, only between groups of three digits ("1 238", not
// "12 38", so that a slip of the thumb is not silently read as a bigger number). At least one digit.
std::optional<DecimalText> split(const QString &text);

// Parses text into an integer scaled by 10^decimals. Errors, with codePrefix "money" for example:
// "money.invalid" (args: the text), "money.too_many_decimals" (args: decimals) when more fraction
// digits are typed than the scale holds (even zeros: "0.500" is not a sum in kopecks), and
// "money.overflow" (args: the text) when the value does not fit in 64 bits.
Result<qint64> parse(const QString &text, int decimals, const QString &codePrefix);

// The API form: '-' when negative, '.' as separator, exactly `decimals` fraction digits, no groups.
QString toString(qint64 units, int decimals);

// Locale form with the locale's signs and separators, rounded half away from zero to `shown`
// decimals (or padded with zeros when shown > decimals).
QString format(qint64 units, int decimals, int shown, const QLocale &locale);

// 10^n for 0 <= n <= 18.
qint64 pow10(int n);

} // namespace oblik::fixedpoint
