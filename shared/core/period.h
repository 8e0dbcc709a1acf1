#pragma once
// A billing period: one calendar month, stored as the integer YYYYMM and written "2026-10".

#include "core/error.h"

#include <QDate>
#include <QHash>
#include <QString>
#include <compare>

namespace oblik {

class Period
{
public:
    // The default period is invalid (year 0, month 0).
    constexpr Period() = default;
    // Valid for years 1..9999 and months 1..12.
    constexpr Period(int year, int month) : m_year(year), m_month(month) {}

    // 202610 -> 2026-10; an invalid number gives an invalid Period.
    static constexpr Period fromYyyymm(int yyyymm) { return Period(yyyymm / 100, yyyymm % 100); }
    static Period fromDate(QDate date);
    // Exactly "YYYY-MM". Error: period.invalid (args: the text).
    static Result<Period> parse(const QString &text);

    constexpr int year() const { return m_year; }
    constexpr int month() const { return m_month; }
    constexpr int yyyymm() const { return m_year * 100 + m_month; }
    constexpr bool isValid() const { return m_year >= 1 && m_year <= 9999 && m_month >= 1 && m_month <= 12; }

    QString toString() const; // "2026-10"; empty when invalid

    Period next() const;
    Period previous() const;
    QDate firstDay() const;
    QDate lastDay() const;
    bool contains(QDate date) const { return date.isValid() && fromDate(date) == *this; }

    friend constexpr bool operator==(Period, Period) = default;
    friend constexpr auto operator<=>(Period, Period) = default;
    friend size_t qHash(Period p, size_t seed = 0) noexcept { return ::qHash(p.yyyymm(), seed); }

private:
    int m_year = 0;
    int m_month = 0;
};

} // namespace oblik
