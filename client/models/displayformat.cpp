#include "models/displayformat.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace oblik::client::format {

// Spelled out in full at each call: lupdate only sees literal translate() calls.
QString date(const QDate &d, const QLocale &locale)
{
    if (!d.isValid())
        return {};
    // Four-digit years: "01.11.26" is ambiguous on documents that live for decades.
    QString pattern = locale.dateFormat(QLocale::ShortFormat);
    if (!pattern.contains(u"yyyy"_s))
        pattern.replace(u"yy"_s, u"yyyy"_s);
    return locale.toString(d, pattern);
}

QString dateTime(const QDateTime &t, const QLocale &locale)
{
    if (!t.isValid())
        return {};
    const QDateTime local = t.toLocalTime();
    return date(local.date(), locale) + u' ' + locale.toString(local.time(), QLocale::ShortFormat);
}

QString period(const Period &p, const QLocale &locale)
{
    if (!p.isValid())
        return {};
    const QDate first = p.firstDay();
    QString month = locale.standaloneMonthName(first.month(), QLocale::LongFormat);
    if (!month.isEmpty())
        month[0] = month[0].toUpper(); // "жовтень 2026" reads as a heading: "Жовтень 2026"
    return month + u' ' + QString::number(first.year());
}

QString energy(const Energy &e, int meterDecimals, const QLocale &locale)
{
    int decimals = qBound(0, meterDecimals, int(Energy::Decimals));
    // Show every non-zero decimal the value has, even beyond what the display shows.
    qint64 scale = 1;
    for (int i = decimals; i < Energy::Decimals; ++i)
        scale *= 10;
    while (decimals < Energy::Decimals && e.milli() % scale != 0) {
        ++decimals;
        scale /= 10;
    }
    return e.format(locale, decimals);
}

QString voltage(int volts, const QLocale &locale)
{
    if (volts <= 0)
        return {};
    // Kilovolts with up to 3 decimals, as the tariff tables name voltage classes (0.4, 10, 35 kV).
    const int whole = volts / 1000;
    const int frac = volts % 1000;
    QString text = locale.toString(whole);
    if (frac != 0) {
        QString digits = QString::number(frac).rightJustified(3, u'0');
        while (digits.endsWith(u'0'))
            digits.chop(1);
        text += locale.decimalPoint() + digits;
    }
    return QCoreApplication::translate("oblik::client::format", "%1 kV").arg(text);
}

QString pointKindShort(domain::PointKind k)
{
    switch (k) {
    case domain::PointKind::Active:
        return QCoreApplication::translate("oblik::client::format", "A", "active energy, one letter");
    case domain::PointKind::Reactive:
        return QCoreApplication::translate("oblik::client::format", "R", "reactive energy, one letter");
    case domain::PointKind::Generation:
        return QCoreApplication::translate("oblik::client::format", "G", "generation, one letter");
    }
    return {};
}

QString pointKindLong(domain::PointKind k)
{
    switch (k) {
    case domain::PointKind::Active:
        return QCoreApplication::translate("oblik::client::format", "Active energy (kWh)");
    case domain::PointKind::Reactive:
        return QCoreApplication::translate("oblik::client::format", "Reactive energy (kVArh)");
    case domain::PointKind::Generation:
        return QCoreApplication::translate("oblik::client::format", "Generation (energy fed into the grid)");
    }
    return {};
}

QString meterStatus(domain::MeterStatus s)
{
    switch (s) {
    case domain::MeterStatus::Working:
        return QCoreApplication::translate("oblik::client::format", "Working");
    case domain::MeterStatus::Faulty:
        return QCoreApplication::translate("oblik::client::format", "Faulty");
    case domain::MeterStatus::VerificationExpired:
        return QCoreApplication::translate("oblik::client::format", "Verification expired");
    case domain::MeterStatus::Removed:
        return QCoreApplication::translate("oblik::client::format", "Removed");
    }
    return {};
}

QString meterHealth(MeterHealth h)
{
    switch (h) {
    case MeterHealth::Ok:
        return QCoreApplication::translate("oblik::client::format", "Working");
    case MeterHealth::VerificationSoon:
        return QCoreApplication::translate("oblik::client::format", "Verification due soon");
    case MeterHealth::VerificationExpired:
        return QCoreApplication::translate("oblik::client::format", "Verification expired");
    case MeterHealth::Faulty:
        return QCoreApplication::translate("oblik::client::format", "Faulty");
    case MeterHealth::Removed:
        return QCoreApplication::translate("oblik::client::format", "Removed");
    }
    return {};
}

QString zone(domain::Zone z)
{
    switch (z) {
    case domain::Zone::Total:
        return QCoreApplication::translate("oblik::client::format", "Total");
    case domain::Zone::Day:
        return QCoreApplication::translate("oblik::client::format", "Day");
    case domain::Zone::Night:
        return QCoreApplication::translate("oblik::client::format", "Night");
    case domain::Zone::Peak:
        return QCoreApplication::translate("oblik::client::format", "Peak");
    case domain::Zone::HalfPeak:
        return QCoreApplication::translate("oblik::client::format", "Half-peak");
    }
    return {};
}

QString consumerKind(domain::ConsumerKind k)
{
    switch (k) {
    case domain::ConsumerKind::Legal:
        return QCoreApplication::translate("oblik::client::format", "Legal entity");
    case domain::ConsumerKind::Household:
        return QCoreApplication::translate("oblik::client::format", "Household");
    }
    return {};
}

QString role(domain::Role r)
{
    switch (r) {
    case domain::Role::Consumer:
        return QCoreApplication::translate("oblik::client::format", "Consumer");
    case domain::Role::Clerk:
        return QCoreApplication::translate("oblik::client::format", "District office clerk");
    case domain::Role::Admin:
        return QCoreApplication::translate("oblik::client::format", "Supplier administrator");
    }
    return {};
}

QString yesNo(bool b)
{
    return b ? QCoreApplication::translate("oblik::client::format", "Yes")
             : QCoreApplication::translate("oblik::client::format", "No");
}

} // namespace oblik::client::format
