#pragma once
// An amount of money in whole kopecks (1/100 UAH). Never floating point; arithmetic that could
// overflow returns Result with the error "money.overflow".

#include "core/error.h"

#include <QLocale>
#include <QString>
#include <QtGlobal>
#include <compare>

namespace oblik {

class Money
{
public:
    static constexpr int Decimals = 2;

    constexpr Money() = default;
    static constexpr Money fromKopecks(qint64 kopecks) { return Money(kopecks); }
    constexpr qint64 kopecks() const { return m_kopecks; }

    // "1238.88", "1 238,88", "1238,8", "-5", "+5", " 7 "; no more than two decimals.
    // Errors: money.invalid, money.too_many_decimals, money.overflow.
    static Result<Money> parse(const QString &text);

    // The API and storage form: "1238.88", "-5.00"; no group separators.
    QString toString() const;
    // The locale's signs and separators: "1 238,88" for Ukrainian, "1,238.88" for English.
    QString format(const QLocale &locale = QLocale()) const;

    constexpr bool isZero() const { return m_kopecks == 0; }
    constexpr bool isNegative() const { return m_kopecks < 0; }
    constexpr bool isPositive() const { return m_kopecks > 0; }

    Result<Money> add(Money other) const;
    Result<Money> subtract(Money other) const;
    Result<Money> multiply(qint64 factor) const;
    Result<Money> negated() const;

    friend constexpr bool operator==(Money, Money) = default;
    friend constexpr auto operator<=>(Money, Money) = default;

private:
    constexpr explicit Money(qint64 kopecks) : m_kopecks(kopecks) {}
    qint64 m_kopecks = 0;
};

} // namespace oblik
