#include "billing/fraction.h"

#include <QRegularExpression>
#include <numeric>

using namespace Qt::StringLiterals;

namespace oblik::billing {

QString Fraction::toString() const
{
    if (!isValid())
        return u"%1/%2"_s.arg(numerator).arg(denominator);
    const qint64 g = std::gcd(numerator, denominator);
    const qint64 n = numerator / g;
    const qint64 d = denominator / g;
    // A finite decimal exists when d has no prime factors but 2 and 5; print it with the fewest digits.
    qint64 rest = d;
    int twos = 0;
    int fives = 0;
    while (rest % 2 == 0) {
        rest /= 2;
        ++twos;
    }
    while (rest % 5 == 0) {
        rest /= 5;
        ++fives;
    }
    const int digits = qMax(twos, fives);
    if (rest != 1 || digits > 6)
        return u"%1/%2"_s.arg(n).arg(d);
    qint64 scale = 1;
    for (int i = 0; i < digits; ++i)
        scale *= 10;
    const qint64 scaled = n * (scale / d);
    if (digits == 0)
        return QString::number(scaled);
    return QString::number(scaled / scale) + u'.' + u"%1"_s.arg(scaled % scale, digits, 10, QLatin1Char('0'));
}

Result<Fraction> Fraction::parse(const QString &text)
{
    static const QRegularExpression ratio(u"^\\s*(\\d{1,12})\\s*/\\s*(\\d{1,12})\\s*$"_s);
    static const QRegularExpression decimal(u"^\\s*(\\d{1,12})(?:[.,](\\d{1,6}))?\\s*$"_s);
    const Error invalid = Error::make(u"calc.invalid_coefficient"_s, {}, {text.trimmed()});
    if (const QRegularExpressionMatch m = ratio.match(text); m.hasMatch()) {
        const Fraction f{m.captured(1).toLongLong(), m.captured(2).toLongLong()};
        if (!f.isValid())
            return invalid;
        return f;
    }
    if (const QRegularExpressionMatch m = decimal.match(text); m.hasMatch()) {
        const QString fraction = m.captured(2);
        qint64 denominator = 1;
        for (qsizetype i = 0; i < fraction.size(); ++i)
            denominator *= 10;
        const qint64 numerator =
            m.captured(1).toLongLong() * denominator + (fraction.isEmpty() ? 0 : fraction.toLongLong());
        const qint64 g = std::gcd(numerator, denominator);
        return Fraction{numerator / g, denominator / g};
    }
    return invalid;
}

} // namespace oblik::billing
