#include "models/exportvalue.h"

namespace oblik::models {

ExportValue ExportValue::fromText(const QString &text)
{
    ExportValue v;
    v.text = text;
    return v;
}

ExportValue ExportValue::fromMoney(Money money)
{
    ExportValue v;
    v.kind = Kind::Money;
    v.raw = money.kopecks();
    v.decimals = Money::Decimals;
    return v;
}

ExportValue ExportValue::fromEnergy(Energy energy)
{
    ExportValue v;
    v.kind = Kind::Energy;
    v.raw = energy.milli();
    v.decimals = Energy::Decimals;
    return v;
}

ExportValue ExportValue::fromInteger(qint64 value)
{
    ExportValue v;
    v.kind = Kind::Integer;
    v.raw = value;
    return v;
}

ExportValue ExportValue::fromDecimal(qint64 scaled, int decimals)
{
    ExportValue v;
    v.kind = Kind::Decimal;
    v.raw = scaled;
    v.decimals = qBound(0, decimals, 18);
    return v;
}

ExportValue ExportValue::fromDate(const QDate &date)
{
    if (!date.isValid())
        return fromText({});
    ExportValue v;
    v.kind = Kind::Date;
    v.date = date;
    return v;
}

QString ExportValue::plainNumber(QChar decimalPoint) const
{
    if (!isNumber())
        return {};
    // Unsigned magnitude: well defined for the smallest qint64 too.
    const quint64 magnitude = raw < 0 ? quint64(0) - quint64(raw) : quint64(raw);
    QString digits = QString::number(magnitude);
    QString out;
    if (decimals > 0) {
        if (digits.size() <= decimals)
            digits.prepend(QString(decimals - digits.size() + 1, QLatin1Char('0')));
        out = digits.left(digits.size() - decimals) + decimalPoint + digits.right(decimals);
    } else {
        out = digits;
    }
    return raw < 0 ? QLatin1Char('-') + out : out;
}

} // namespace oblik::models
