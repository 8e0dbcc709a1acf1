#include "domain/readings.h"

#include "core/amounts.h"
#include "core/fixedpoint.h"

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace oblik::domain {

namespace {

QString isoDate(QDate d)
{
    return d.toString(Qt::ISODate);
}

QStringView withoutLeadingZeros(QStringView s)
{
    while (!s.isEmpty() && s.front() == u'0')
        s = s.mid(1);
    return s;
}

QStringView withoutTrailingZeros(QStringView s)
{
    while (!s.isEmpty() && s.back() == u'0')
        s.chop(1);
    return s;
}

QDate nextWorkingDay(QDate d, const Holidays &holidays)
{
    d = d.addDays(1);
    while (!isWorkingDay(d, holidays))
        d = d.addDays(1);
    return d;
}

// The display's range R = 10^digits kWh, in thousandths; digits is 1..12 in the schema, so R fits.
qint64 displayRangeMilli(const Meter &m)
{
    return fixedpoint::pow10(qBound(1, m.digits, 15)) * 1000;
}

} // namespace

Result<Energy> parseReadingValue(const QString &text, const Meter &m)
{
    const QString field = u"value"_s;
    const std::optional<fixedpoint::DecimalText> d = fixedpoint::split(text);
    if (!d)
        return Error::make(u"reading.not_a_number"_s, field, {}, text);

    const QStringView integer = withoutLeadingZeros(d->integerDigits);
    const QStringView fraction = withoutTrailingZeros(d->fractionDigits);
    if (d->negative && !(integer.isEmpty() && fraction.isEmpty()))
        return Error::make(u"reading.negative"_s, field, {}, text);
    if (integer.size() > m.digits)
        return Error::make(u"reading.too_many_digits"_s, field, {QString::number(m.digits)}, text);
    if (fraction.size() > m.decimals)
        return Error::make(u"reading.too_many_decimals"_s, field, {QString::number(m.decimals)}, text);

    // At most 12 integer digits and 3 decimals here: well inside Energy's range.
    const QString normalized = (integer.isEmpty() ? u"0"_s : integer.toString()) + u'.' + fraction;
    const Result<Energy> value = Energy::parse(normalized);
    if (!value)
        return value.error().withField(field);
    return value;
}

Result<Energy> consumption(const Meter &m, Energy previous, Energy current)
{
    const qint64 range = displayRangeMilli(m);
    qint64 difference = 0;
    if (current >= previous) {
        difference = current.milli() - previous.milli();
    } else {
        // Both values lie in [0, R) on a sane meter, so the rolled difference cannot overflow.
        const bool onDisplay = previous.milli() < range && current.milli() >= 0;
        const qint64 rolled = range - previous.milli() + current.milli();
        if (!onDisplay || rolled * 2 >= range)
            return Error::make(u"reading.less_than_previous"_s, u"value"_s, {previous.toString()},
                               previous.toString() + u" -> "_s + current.toString());
        difference = rolled;
    }
    return Energy::fromMilli(difference).multiply(m.ratio);
}

Error checkMeterUsable(const Meter &m, QDate on)
{
    const QString field = u"meter"_s;
    if (m.status == MeterStatus::Faulty)
        return Error::make(u"reading.meter_faulty"_s, field, {}, m.number);
    const bool overdue = m.verificationDue.isValid() && m.verificationDue < on;
    if (m.status == MeterStatus::VerificationExpired || overdue) {
        const QStringList args =
            m.verificationDue.isValid() ? QStringList{isoDate(m.verificationDue)} : QStringList{};
        return Error::make(u"reading.verification_expired"_s, field, args, m.number);
    }
    return {};
}

bool verificationExpiresSoon(const Meter &m, QDate on)
{
    return m.verificationDue.isValid() && on.isValid() && on <= m.verificationDue &&
           m.verificationDue <= on.addDays(30);
}

Holidays::Holidays(QList<QDate> days)
{
    days.removeIf([](QDate d) { return !d.isValid(); });
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    m_days = std::move(days);
}

bool Holidays::contains(QDate d) const
{
    return std::binary_search(m_days.cbegin(), m_days.cend(), d);
}

QList<QDate> Holidays::between(QDate from, QDate to) const
{
    QList<QDate> out;
    for (auto it = std::lower_bound(m_days.cbegin(), m_days.cend(), from); it != m_days.cend() && *it <= to;
         ++it)
        out.append(*it);
    return out;
}

bool isWorkingDay(QDate d, const Holidays &holidays)
{
    return d.isValid() && d.dayOfWeek() < Qt::Saturday && !holidays.contains(d);
}

ReadingsWindow readingsWindow(const Contract &contract, Period period, const Holidays &holidays)
{
    const Period opening = period.next();
    if (!opening.isValid())
        return {};
    const int day = qBound(1, contract.billingDay, opening.lastDay().day());
    QDate first(opening.year(), opening.month(), day);
    if (!isWorkingDay(first, holidays))
        first = nextWorkingDay(first, holidays);
    QDate last = first;
    for (int counted = 1; counted < contract.windowWorkingDays; ++counted)
        last = nextWorkingDay(last, holidays);
    return {first, last};
}

Period entryPeriod(const Contract &contract, QDate today, const Holidays &holidays)
{
    // The window of P opens in month P+1 or, pushed by weekends and holidays, a few days later; so
    // the month before today's is the latest candidate and a few steps back always find one.
    Period p = Period::fromDate(today).previous();
    for (int i = 0; i < 3 && today < readingsWindow(contract, p, holidays).first; ++i)
        p = p.previous();
    return p;
}

Error checkReadingDate(const Contract &contract, Period period, QDate date, const Holidays &holidays)
{
    const ReadingsWindow w = readingsWindow(contract, period, holidays);
    if (w.contains(date))
        return {};
    return Error::make(u"reading.outside_window"_s, u"taken_on"_s, {isoDate(w.first), isoDate(w.last)},
                       isoDate(date));
}

namespace {

// c < A/2 or c > 4A with A = sum / n, compared exactly: 2cn < sum or cn > 4 sum.
Error checkRangeSum(Energy consumption, __int128 sum, qsizetype n)
{
    if (n == 0)
        return {};
    const __int128 cn = static_cast<__int128>(consumption.milli()) * n;
    if (2 * cn < sum || cn > 4 * sum) {
        const Energy average = Energy::fromMilli(roundHalfAwayFromZero(sum, n).value_or(0));
        return Error::make(u"reading.out_of_range"_s, u"consumption"_s,
                           {consumption.toString(), average.toString()});
    }
    return {};
}

} // namespace

Error checkRange(Energy consumption, const QList<Energy> &lastClosedPeriods)
{
    const qsizetype n = qMin<qsizetype>(lastClosedPeriods.size(), 12);
    __int128 sum = 0;
    for (qsizetype i = 0; i < n; ++i)
        sum += lastClosedPeriods[i].milli();
    return checkRangeSum(consumption, sum, n);
}

RangeHistory RangeHistory::of(const QList<Energy> &newestFirst)
{
    const qsizetype n = qMin<qsizetype>(newestFirst.size(), 12);
    __int128 sum = 0;
    for (qsizetype i = 0; i < n; ++i)
        sum += newestFirst[i].milli();
    if (sum > std::numeric_limits<qint64>::max() || sum < std::numeric_limits<qint64>::min())
        return {};
    return RangeHistory{static_cast<qint64>(sum), int(n)};
}

Error checkRange(Energy consumption, const RangeHistory &history)
{
    return checkRangeSum(consumption, history.sumMilli, history.periods);
}

Error checkSubConsumer(Energy parent, Energy subTotal)
{
    if (subTotal <= parent)
        return {};
    return Error::make(u"reading.sub_exceeds_parent"_s, u"consumption"_s,
                       {subTotal.toString(), parent.toString()});
}

Error checkMeterMatches(const Meter &local, const Meter &server)
{
    QStringList changed;
    QStringList detail;
    const auto compare = [&](const QString &name, const QString &was, const QString &is) {
        if (was != is) {
            changed.append(name);
            detail.append(name + u": "_s + was + u" -> "_s + is);
        }
    };
    compare(u"number"_s, local.number, server.number);
    compare(u"digits"_s, QString::number(local.digits), QString::number(server.digits));
    compare(u"decimals"_s, QString::number(local.decimals), QString::number(server.decimals));
    compare(u"ratio"_s, QString::number(local.ratio), QString::number(server.ratio));
    if (changed.isEmpty())
        return {};
    return Error::make(u"reading.meter_changed"_s, changed.join(u','), {}, detail.join(u"; "_s));
}

} // namespace oblik::domain
