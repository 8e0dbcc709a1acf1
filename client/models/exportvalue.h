#pragma once
// The raw value of a table cell for export: models answer ExportRole with an ExportValue, so that
// an exported .xlsx keeps amounts, energy and dates as numbers and dates (Excel can sum and sort
// them) instead of the display text ("1 238,88"). A column without ExportRole is exported as its
// display text. Values stay integers here (kopecks, thousandths of a kWh): only the file writers
// turn them into the file format's numbers.

#include "core/energy.h"
#include "core/money.h"

#include <QDate>
#include <QMetaType>
#include <QString>
#include <qnamespace.h>

namespace oblik::models {

inline constexpr int ExportRole = Qt::UserRole + 100;

struct ExportValue
{
    enum class Kind { Text, Money, Energy, Integer, Decimal, Date };

    Kind kind = Kind::Text;
    qint64 raw = 0;   // Money: kopecks; Energy: thousandths of a kWh; Integer; Decimal: scaled by 10^decimals
    int decimals = 0; // digits after the point in raw: Money 2, Energy 3, Integer 0, Decimal any
    QString text;     // Text
    QDate date;       // Date

    static ExportValue fromText(const QString &text);
    static ExportValue fromMoney(Money money);
    static ExportValue fromEnergy(Energy energy);
    static ExportValue fromInteger(qint64 value);
    // A fixed-point number: fromDecimal(123456, 5) is 1.23456 (a tariff in UAH per kWh).
    static ExportValue fromDecimal(qint64 scaled, int decimals);
    // An invalid date exports as an empty text.
    static ExportValue fromDate(const QDate &date);

    bool isNumber() const { return kind != Kind::Text && kind != Kind::Date; }
    // The number exactly, with its decimals, `decimalPoint` and no group separators: "1238.88",
    // "-0.05", "12345.678" (integer arithmetic, no rounding). Empty for text and dates.
    QString plainNumber(QChar decimalPoint = QLatin1Char('.')) const;

    friend bool operator==(const ExportValue &, const ExportValue &) = default;
};

} // namespace oblik::models

Q_DECLARE_METATYPE(oblik::models::ExportValue)
