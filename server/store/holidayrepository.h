#pragma once
// The supplier's non-working days besides weekends (table `holidays`, migration 4): readings windows
// skip them (domain::readingsWindow). Managed with `oblik-server holidays`.

#include "core/error.h"
#include "core/ids.h"
#include "domain/readings.h"

#include <QDate>
#include <QList>
#include <QString>
#include <optional>

namespace oblik::store {
class Database;

struct Holiday
{
    QDate day;
    QString name;
};

class HolidayRepository
{
public:
    explicit HolidayRepository(Database &db);

    // Ascending by day; from/to (both included) when valid.
    Result<QList<Holiday>> list(SupplierId supplier, QDate from = {}, QDate to = {}) const;
    // Error `holiday.exists` (field "day") when the day is already listed.
    Result<bool> add(SupplierId supplier, const Holiday &h);
    // False when the day was not listed.
    Result<bool> remove(SupplierId supplier, QDate day);
    // The supplier when the database has exactly one (the CLI's default); nullopt otherwise.
    Result<std::optional<SupplierId>> onlySupplier() const;

    static domain::Holidays calendar(const QList<Holiday> &days);

private:
    Database &m_db;
};

} // namespace oblik::store
