#pragma once
// A price of energy in hundred-thousandths of a hryvnia per kWh ("4.32000" UAH/kWh is 432000):
// regulated tariffs are published with up to five decimals.

#include "core/error.h"

#include <QLocale>
#include <QString>
#include <QtGlobal>
#include <compare>

namespace oblik {

class Tariff
{
public:
    static constexpr int Decimals = 5;

    constexpr Tariff() = default;
    static constexpr Tariff fromHundredThousandths(qint64 units) { return Tariff(units); }
    constexpr qint64 hundredThousandths() const { return m_units; }

    // "4.32", "4,32168"; no more than five decimals.
    // Errors: tariff.invalid, tariff.too_many_decimals, tariff.overflow.
    static Result<Tariff> parse(const QString &text);

    // The API and storage form, always five decimals: "4.32168".
    QString toString() const;
    QString format(const QLocale &locale = QLocale(), int decimals = Decimals) const;

    friend constexpr bool operator==(Tariff, Tariff) = default;
    friend constexpr auto operator<=>(Tariff, Tariff) = default;

private:
    constexpr explicit Tariff(qint64 units) : m_units(units) {}
    qint64 m_units = 0;
};

} // namespace oblik
