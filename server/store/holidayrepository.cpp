#include "store/holidayrepository.h"

#include "store/database.h"
#include "store/sqlsupport.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace oblik::store {

HolidayRepository::HolidayRepository(Database &db) : m_db(db) {}

Result<QList<Holiday>> HolidayRepository::list(SupplierId supplier, QDate from, QDate to) const
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // ISO dates compare as text in date order.
    const QString low = from.isValid() ? from.toString(Qt::ISODate) : u"0000-01-01"_s;
    const QString high = to.isValid() ? to.toString(Qt::ISODate) : u"9999-12-31"_s;
    if (!execPrepared(q,
                      u"SELECT day, name FROM holidays WHERE supplier_id = ? AND day BETWEEN ? AND ? "
                      u"ORDER BY day"_s,
                      {supplier.value(), low, high}))
        return queryError(q, u"loading holidays"_s);
    QList<Holiday> out;
    while (q.next())
        out.append({QDate::fromString(q.value(0).toString(), Qt::ISODate), q.value(1).toString()});
    return out;
}

Result<bool> HolidayRepository::add(SupplierId supplier, const Holiday &h)
{
    if (!h.day.isValid())
        return Error::make(u"request.invalid_field"_s, u"day"_s);
    if (h.name.trimmed().isEmpty() || h.name.size() > 200)
        return Error::make(u"request.invalid_field"_s, u"name"_s);
    QSqlDatabase db = m_db.connection();
    Transaction tx(db);
    if (!tx.isActive())
        return connectionError(db);
    QSqlQuery q(db);
    if (!execPrepared(q, u"SELECT 1 FROM holidays WHERE supplier_id = ? AND day = ?"_s,
                      {supplier.value(), h.day.toString(Qt::ISODate)}))
        return queryError(q, u"looking up a holiday"_s);
    if (q.next())
        return Error::make(u"holiday.exists"_s, u"day"_s, {h.day.toString(Qt::ISODate)});
    q.finish();
    if (!execPrepared(q, u"INSERT INTO holidays (supplier_id, day, name) VALUES (?, ?, ?)"_s,
                      {supplier.value(), h.day.toString(Qt::ISODate), h.name.trimmed()}))
        return queryError(q, u"adding a holiday"_s);
    if (!tx.commit())
        return connectionError(db);
    return true;
}

Result<bool> HolidayRepository::remove(SupplierId supplier, QDate day)
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!execPrepared(q, u"DELETE FROM holidays WHERE supplier_id = ? AND day = ?"_s,
                      {supplier.value(), day.toString(Qt::ISODate)}))
        return queryError(q, u"removing a holiday"_s);
    return q.numRowsAffected() > 0;
}

Result<std::optional<SupplierId>> HolidayRepository::onlySupplier() const
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!q.exec(u"SELECT id FROM suppliers ORDER BY id LIMIT 2"_s))
        return queryError(q, u"listing suppliers"_s);
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    if (ids.size() != 1)
        return std::optional<SupplierId>();
    return std::optional<SupplierId>(SupplierId(ids.first()));
}

domain::Holidays HolidayRepository::calendar(const QList<Holiday> &days)
{
    QList<QDate> dates;
    dates.reserve(days.size());
    for (const Holiday &h : days)
        dates.append(h.day);
    return domain::Holidays(dates);
}

} // namespace oblik::store
