#include "core/fixedpoint.h"

#include "core/amounts.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace oblik::fixedpoint {

namespace {

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool isGroupSeparator(QChar c)
{
    return c == u' ' || c == QChar(0x00A0) || c == QChar(0x2009) || c == QChar(0x202F);
}

// Largest magnitude that still fits in qint64 when negated (2^63).
constexpr __int128 kMaxNegativeMagnitude = static_cast<__int128>(1) << 63;
constexpr __int128 kMaxPositive = kMaxNegativeMagnitude - 1;

} // namespace

qint64 pow10(int n)
{
    Q_ASSERT(n >= 0 && n <= 18);
    qint64 p = 1;
    for (int i = 0; i < n; ++i)
        p *= 10;
    return p;
}

std::optional<DecimalText> split(const QString &text)
{
    const QString s = text.trimmed();
    DecimalText d;
    qsizetype i = 0;
    if (i < s.size() && (s[i] == u'-' || s[i] == QChar(0x2212))) {
        d.negative = true;
        ++i;
    } else if (i < s.size() && s[i] == u'+') {
        ++i;
    }

    // Integer part: groups of digits separated by single group separators.
    QList<qsizetype> groupLengths;
    qsizetype groupLength = 0;
    while (i < s.size()) {
        const QChar c = s[i];
        if (isAsciiDigit(c)) {
            d.integerDigits.append(c);
            ++groupLength;
        } else if (isGroupSeparator(c)) {
            if (groupLength == 0) // leading, doubled or after-sign separator
                return std::nullopt;
            groupLengths.append(groupLength);
            groupLength = 0;
        } else {
            break;
        }
        ++i;
    }
    if (!groupLengths.isEmpty()) {
        groupLengths.append(groupLength);
        if (groupLengths.first() > 3)
            return std::nullopt;
        for (qsizetype g = 1; g < groupLengths.size(); ++g) {
            if (groupLengths[g] != 3)
                return std::nullopt;
        }
    }

    if (i < s.size() && (s[i] == u'.' || s[i] == u',')) {
        ++i;
        while (i < s.size() && isAsciiDigit(s[i]))
            d.fractionDigits.append(s[i++]);
    }
    if (i != s.size())
        return std::nullopt;
    if (d.integerDigits.isEmpty() && d.fractionDigits.isEmpty())
        return std::nullopt;
    return d;
}

Result<qint64> parse(const QString &text, int decimals, const QString &codePrefix)
{
    Q_ASSERT(decimals >= 0 && decimals <= 9);
    const std::optional<DecimalText> d = split(text);
    if (!d)
        return Error::make(codePrefix + u".invalid"_s, {}, {text});
    if (d->fractionDigits.size() > decimals)
        return Error::make(codePrefix + u".too_many_decimals"_s, {}, {QString::number(decimals)});

    QStringView integer = d->integerDigits;
    while (integer.size() > 1 && integer.front() == u'0')
        integer = integer.mid(1);
    // 20 integer digits exceed any qint64 at any scale; stop before __int128 could overflow too.
    if (integer.size() > 20)
        return Error::make(codePrefix + u".overflow"_s, {}, {text});

    __int128 magnitude = 0;
    for (QChar c : integer)
        magnitude = magnitude * 10 + (c.unicode() - u'0');
    for (int k = 0; k < decimals; ++k) {
        const int digit = k < d->fractionDigits.size() ? d->fractionDigits[k].unicode() - u'0' : 0;
        magnitude = magnitude * 10 + digit;
    }
    if (magnitude > (d->negative ? kMaxNegativeMagnitude : kMaxPositive))
        return Error::make(codePrefix + u".overflow"_s, {}, {text});
    return static_cast<qint64>(d->negative ? -magnitude : magnitude);
}

namespace {

// Magnitude split into integer and fraction parts, safe for the minimum qint64.
struct Parts
{
    bool negative;
    quint64 integer;
    quint64 fraction;
};

Parts partsOf(qint64 units, int decimals)
{
    const bool negative = units < 0;
    const quint64 magnitude =
        negative ? quint64(0) - static_cast<quint64>(units) : static_cast<quint64>(units);
    const quint64 scale = static_cast<quint64>(pow10(decimals));
    return {negative, magnitude / scale, magnitude % scale};
}

QString fractionText(quint64 fraction, int decimals)
{
    return QStringLiteral("%1").arg(fraction, decimals, 10, QLatin1Char('0'));
}

} // namespace

QString toString(qint64 units, int decimals)
{
    const Parts p = partsOf(units, decimals);
    QString s;
    if (p.negative)
        s += u'-';
    s += QString::number(p.integer);
    if (decimals > 0)
        s += u'.' + fractionText(p.fraction, decimals);
    return s;
}

QString format(qint64 units, int decimals, int shown, const QLocale &locale)
{
    Q_ASSERT(shown >= 0 && shown <= 18);
    // Rounding can only shrink the digits kept; units rounded to `shown` decimals always fit.
    int scale = decimals;
    if (shown < decimals) {
        units = *roundHalfAwayFromZero(units, pow10(decimals - shown));
        scale = shown;
    }
    const Parts p = partsOf(units, scale);
    QString s;
    if (p.negative && (p.integer != 0 || p.fraction != 0))
        s += locale.negativeSign();
    s += locale.toString(static_cast<qulonglong>(p.integer));
    if (shown > 0) {
        QString fraction = fractionText(p.fraction, scale) + QString(shown - scale, u'0');
        if (locale.zeroDigit() != u"0"_s) {
            QString localized;
            for (QChar c : std::as_const(fraction))
                localized += locale.toString(c.unicode() - u'0');
            fraction = localized;
        }
        s += locale.decimalPoint() + fraction;
    }
    return s;
}

} // namespace oblik::fixedpoint
