#pragma once
// How domain values read in the client, in the current language and QLocale::setDefault()'s
// locale. One place, so the tree, the header and the tables say the same thing the same way.

#include "domain/entities.h"
#include "models/meterhealth.h"

#include <QDateTime>
#include <QLocale>
#include <QString>

namespace oblik::client::format {

QString date(const QDate &d, const QLocale &locale = QLocale());
// A moment in local time: the date as date() (four-digit year) and the locale's short time,
// "20.11.2026 09:30"; "" when invalid.
QString dateTime(const QDateTime &t, const QLocale &locale = QLocale());
QString period(const Period &p, const QLocale &locale = QLocale());
// The reading as the meter shows it: its own decimals, or more if the value has them.
QString energy(const Energy &e, int meterDecimals = Energy::Decimals, const QLocale &locale = QLocale());
QString voltage(int volts, const QLocale &locale = QLocale());

QString pointKindShort(domain::PointKind k); // "A", "R", "G" (translated letters)
QString pointKindLong(domain::PointKind k);  // "Active energy" ...
QString meterStatus(domain::MeterStatus s);
QString meterHealth(MeterHealth h);
QString zone(domain::Zone z);
QString consumerKind(domain::ConsumerKind k);
QString role(domain::Role r);
QString yesNo(bool b);

} // namespace oblik::client::format
