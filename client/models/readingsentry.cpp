#include "models/readingsentry.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

bool ReadingsEntry::isOpen(QDate today) const
{
    if (periodClosed)
        return false;
    if (serverOpen && !fromCache && !estimated)
        return *serverOpen;
    if (!window.first.isValid() || !window.last.isValid())
        return true; // no window known: the server judges the date when the values arrive
    return window.contains(today);
}

std::optional<ReadingsEntry> ReadingsEntry::fromJson(const QJsonObject &o)
{
    const auto period = Period::parse(o.value(u"period"_s).toString());
    if (!period)
        return std::nullopt;
    ReadingsEntry e;
    e.period = period.value();
    const QJsonObject window = o.value(u"window"_s).toObject();
    e.window.first = QDate::fromString(window.value(u"first"_s).toString(), Qt::ISODate);
    e.window.last = QDate::fromString(window.value(u"last"_s).toString(), Qt::ISODate);
    e.periodClosed = o.value(u"period_closed"_s).toBool();
    const QJsonObject next = o.value(u"next_window"_s).toObject();
    e.nextWindow.first = QDate::fromString(next.value(u"first"_s).toString(), Qt::ISODate);
    e.nextWindow.last = QDate::fromString(next.value(u"last"_s).toString(), Qt::ISODate);
    // The server's verdict on today, under whichever of these names it answers.
    for (const QString &key : {u"open"_s, u"entry_open"_s}) {
        if (o.value(key).isBool()) {
            e.serverOpen = o.value(key).toBool();
            break;
        }
    }
    return e;
}

std::optional<ReadingsEntry> ReadingsEntry::estimate(const domain::AccountDetail &account, QDate today)
{
    if (account.contracts.isEmpty() || !today.isValid())
        return std::nullopt;
    const domain::Contract &contract = account.contracts.first();
    ReadingsEntry e;
    e.period = domain::entryPeriod(contract, today);
    e.window = domain::readingsWindow(contract, e.period);
    e.nextWindow = domain::readingsWindow(contract, e.period.next());
    e.estimated = true;
    return e;
}

} // namespace oblik::client
