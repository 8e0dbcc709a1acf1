#pragma once
// A quantity of electric energy in thousandths of a kWh (watt-hours). Never floating point;
// arithmetic that could overflow returns Result with the error "energy.overflow".

#include "core/error.h"

#include <QLocale>
#include <QString>
#include <QtGlobal>
#include <compare>

namespace oblik {

class Energy
{
public:
    static constexpr int Decimals = 3;

    constexpr Energy() = default;
    static constexpr Energy fromMilli(qint64 milli) { return Energy(milli); }
    constexpr qint64 milli() const { return m_milli; }

    // "12345.678", "12 345,6", "-3"; no more than three decimals.
    // Errors: energy.invalid, energy.too_many_decimals, energy.overflow.
    static Result<Energy> parse(const QString &text);

    // The API and storage form, always three decimals: "12345.678", "840.000".
    QString toString() const;
    // The locale's separators, rounded half away from zero to `decimals` (0..3; more pads zeros).
    QString format(const QLocale &locale = QLocale(), int decimals = Decimals) const;

    constexpr bool isZero() const { return m_milli == 0; }
    constexpr bool isNegative() const { return m_milli < 0; }

    Result<Energy> add(Energy other) const;
    Result<Energy> subtract(Energy other) const;
    Result<Energy> multiply(qint64 factor) const;

    friend constexpr bool operator==(Energy, Energy) = default;
    friend constexpr auto operator<=>(Energy, Energy) = default;

private:
    constexpr explicit Energy(qint64 milli) : m_milli(milli) {}
    qint64 m_milli = 0;
};

} // namespace oblik
