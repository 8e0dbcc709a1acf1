#pragma once
// The arithmetic and the rules of meter readings, as pure functions: they take the entities and a
// date and answer with a value or an Error (a null Error means the rule is met). The same code runs
// in the client before a reading is saved and on the server before it is accepted.

#include "core/energy.h"
#include "core/error.h"
#include "core/period.h"
#include "domain/entities.h"

#include <QDate>
#include <QList>
#include <QString>

namespace oblik::domain {

// Reads what a user typed from the meter's display. Accepts surrounding spaces, "," or "." as the
// decimal separator and grouped thousands ("12 345"). Digits are judged by value, as the display
// shows them: leading zeros ("001234" on a 6-digit meter) and trailing zeros after the separator
// ("1234.0" on a meter without decimals) are fine. Errors, all with field "value":
// reading.not_a_number; reading.negative; reading.too_many_digits (args: m.digits) when the whole
// part has more digits than the display; reading.too_many_decimals (args: m.decimals).
Result<Energy> parseReadingValue(const QString &text, const Meter &m);

// Energy used between two readings of one register: (current - previous) x ratio.
// A current reading below the previous one is a roll-over past zero only when that is plausible:
// the display counts modulo R = 10^digits kWh, and the rolled difference R - previous + current must
// be less than R / 2 (a meter cannot run through half its range in one period, while a mistyped or
// swapped reading usually looks like a huge roll-over). Then consumption = rolled x ratio; otherwise
// reading.less_than_previous (field "value", args: previous as "12345.678"). energy.overflow if the
// product does not fit.
Result<Energy> consumption(const Meter &m, Energy previous, Energy current);

// Whether readings of the meter may be taken on `on`. Errors (field "meter"): reading.meter_faulty
// when its status is Faulty; reading.verification_expired (args: the due date YYYY-MM-DD, when known)
// when its status is VerificationExpired or its verification was due before `on`.
Error checkMeterUsable(const Meter &m, QDate on);

// True when the verification falls due within 30 days from `on`, both ends included
// (on <= due <= on + 30). An already expired verification is not "soon": checkMeterUsable reports it.
bool verificationExpiresSoon(const Meter &m, QDate on);

// The days on which readings for a period are accepted, both ends included.
struct ReadingsWindow
{
    QDate first;
    QDate last;
    bool contains(QDate d) const { return d.isValid() && first <= d && d <= last; }
};

// Non-working days besides Saturdays and Sundays: the public holidays of the supplier's calendar
// (the server keeps them per supplier in the table `holidays`). Empty by default: then only weekends
// are skipped. Under martial law Ukraine's public holidays are working days, so it may stay empty.
class Holidays
{
public:
    Holidays() = default;
    explicit Holidays(QList<QDate> days); // any order, duplicates and invalid dates dropped
    bool contains(QDate d) const;
    const QList<QDate> &days() const { return m_days; } // ascending
    // The holidays from `from` to `to`, both included, ascending.
    QList<QDate> between(QDate from, QDate to) const;

private:
    QList<QDate> m_days;
};

// Monday to Friday and not a holiday.
bool isWorkingDay(QDate d, const Holidays &holidays = {});

// The window for period P opens on the contract's billing day of the month after P (on the next
// working day when that day is a Saturday, Sunday or holiday) and lasts contract.windowWorkingDays
// working days (Monday to Friday, holidays skipped). A billing day past the end of the month is taken
// as its last day.
ReadingsWindow readingsWindow(const Contract &contract, Period period, const Holidays &holidays = {});

// The period readings are entered for on `today`: the latest period whose readings window has
// started on or before today. Earlier periods are closed (period.closed); later ones are not
// accepted yet. Its window may already have ended (then nothing can be entered until the next
// period's window opens) or may not contain today only because today is a weekend or holiday.
Period entryPeriod(const Contract &contract, QDate today, const Holidays &holidays = {});

// reading.outside_window (field "taken_on", args: first and last day YYYY-MM-DD) when date is not
// in readingsWindow(contract, period, holidays).
Error checkReadingDate(const Contract &contract, Period period, QDate date, const Holidays &holidays = {});

// Plausibility of a period's consumption against the history of the register: lastClosedPeriods
// holds the consumption of the most recent closed periods, newest first; at most the first 12
// count. With an average A of those, a consumption below A / 2 or above 4 x A is
// reading.out_of_range (field "consumption", args: the consumption and A rounded to 3 decimals,
// both "840.000"). Exactly A / 2 or 4 x A is fine. No history: fine.
Error checkRange(Energy consumption, const QList<Energy> &lastClosedPeriods);

// What checkRange needs of the history, without the history itself: the sum and the number of the
// (at most 12) most recent closed periods' consumption. A bill run reads it as one row per register
// (SUM and COUNT in SQL) instead of 12 rows; checkRange(c, h) equals checkRange(c, list) whenever
// h == RangeHistory::of(list) and the sum fits in a qint64 (beyond, no history: no check).
struct RangeHistory
{
    qint64 sumMilli = 0;
    int periods = 0; // 0: no history, no check
    // The first 12 of `newestFirst`; a sum beyond the qint64 range (absurd) gives no history.
    static RangeHistory of(const QList<Energy> &newestFirst);
    friend bool operator==(const RangeHistory &, const RangeHistory &) = default;
};
Error checkRange(Energy consumption, const RangeHistory &history);

// reading.sub_exceeds_parent (field "consumption", args: subTotal, parent) when sub-consumers
// together used more than the metering point they hang from. Equal is fine.
Error checkSubConsumer(Energy parent, Energy subTotal);

// The meter a reading was entered against (local copy) must still be the meter the server knows:
// reading.meter_changed when the number, digits, decimals or ratio differ. field() names what
// changed, comma-separated in that order ("number", "digits,ratio"); detail() says from what to what.
Error checkMeterMatches(const Meter &local, const Meter &server);

} // namespace oblik::domain
