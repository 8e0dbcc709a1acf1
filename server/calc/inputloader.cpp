#include "calc/inputloader.h"

#include "calc/idlist.h"
#include "store/database.h"
#include "store/ledgerrepository.h"
#include "store/sqlsupport.h"

#include <QHash>
#include <QSet>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QSqlResult>

#include <libpq-fe.h>

#include <charconv>

using namespace Qt::StringLiterals;

namespace oblik::calc {

namespace {

struct RegisterRow
{
    RegisterId id;
    domain::Zone zone = domain::Zone::Total;
    MeterId meter;
    bool meterRemoved = false;
};

struct PointRow
{
    billing::PointConsumption point;
    AccountId account;
    QList<RegisterRow> registers; // in meter, position order
};

struct ReadingRow
{
    Energy consumption;
    bool overridden = false;
};

// Builds a point's registers from the period's readings as billing::inputFromAccount does: a removed
// meter without any reading of the period is skipped (replaced before the period); any other register
// without one (of a working meter, or of a removed meter read in part) is calc.readings_missing.
Error fillRegisters(PointRow &row, Period period, const QHash<qint64, ReadingRow> &readings,
                    const QHash<qint64, domain::RangeHistory> &history)
{
    QSet<qint64> readMeters; // removed meters with at least one reading of the period
    for (const RegisterRow &g : std::as_const(row.registers)) {
        if (g.meterRemoved && readings.contains(g.id.value()))
            readMeters.insert(g.meter.value());
    }
    for (const RegisterRow &g : std::as_const(row.registers)) {
        const auto it = readings.constFind(g.id.value());
        if (it == readings.cend()) {
            if (g.meterRemoved && !readMeters.contains(g.meter.value()))
                continue;
            return Error::make(u"calc.readings_missing"_s, u"readings"_s,
                               {row.point.code, period.toString()});
        }
        row.point.registers.append(billing::RegisterConsumption{
            g.id, g.zone, it->consumption, history.value(g.id.value()), it->overridden, g.meter});
    }
    return {};
}

struct AccountRow
{
    QString number;
    ContractId contract;
    QString consumerClass;
    bool requiresSignedAct = false, selfCalculation = false;
    DistrictId district;
    SupplierId supplier;
};

// Accounts with their contract, consumer and district (c.district_id, d.supplier_id).
const QString kAccountJoins =
    u"FROM accounts a JOIN contracts k ON k.id = a.contract_id "
    u"JOIN consumers c ON c.id = k.consumer_id JOIN districts d ON d.id = c.district_id "_s;

// Accounts with their contract, district and supplier: the select list readAccount() reads.
const QString kAccountSelect =
    u"SELECT a.id, a.number, k.id, k.consumer_class, k.requires_signed_act, k.self_calculation, "
    u"c.district_id, d.supplier_id "_s +
    kAccountJoins;

// The next `limit` accounts after `afterId` (ascending) of a supplier or one of its districts, with the
// columns of `select` (which ends with kAccountJoins).
bool execListing(QSqlQuery &q, const QString &select, SupplierId supplier, std::optional<DistrictId> district,
                 qint64 afterId, int limit)
{
    QString sql = select + u"WHERE d.supplier_id = ? AND a.id > ?"_s;
    QVariantList values{supplier.value(), afterId};
    if (district) {
        sql += u" AND c.district_id = ?"_s;
        values.append(district->value());
    }
    sql += u" ORDER BY a.id LIMIT ?"_s;
    values.append(limit);
    // Forward only on SQLite (its driver would otherwise keep every row it has read). Not on
    // PostgreSQL: there the Qt driver reads a forward-only result in libpq's single-row mode, one
    // PGresult copied per row (a seventh of the bill run's process time in `perf`); a chunk's whole
    // result is small and is read once.
    q.setForwardOnly(q.driver()->dbmsType() != QSqlDriver::PostgreSQL);
    return store::execPrepared(q, sql, values);
}

AccountRow readAccount(const QSqlQuery &q)
{
    AccountRow r;
    r.number = q.value(1).toString();
    r.contract = ContractId(q.value(2).toLongLong());
    r.consumerClass = q.value(3).toString();
    r.requiresSignedAct = q.value(4).toInt() != 0;
    r.selfCalculation = q.value(5).toInt() != 0;
    r.district = DistrictId(q.value(6).toLongLong());
    r.supplier = SupplierId(q.value(7).toLongLong());
    return r;
}

// The accounts' points, the sub-consumers hanging from them, their registers, the period's readings
// and the range history: what steps 2-5 of loadWith() read.
struct Tree
{
    QList<PointRow> points; // in account, object, point order
    QHash<qint64, int> pointIndex;
    QList<PointRow> subPoints; // in point order
    QHash<qint64, int> subPointIndex;
    QHash<qint64, ReadingRow> readings;
    QHash<qint64, domain::RangeHistory> history;
};

// PostgreSQL: a query's rows read from libpq's own result (the query executed not forward only: one
// PGresult holds them all), integers parsed from their text, with no QVariant per value
// (QSqlQuery::value was a sixth of the bill run's process time in `perf`). ok() is false when the
// driver gave no PGresult (not PostgreSQL): callers answer an error then.
class PgRows
{
public:
    explicit PgRows(const QSqlQuery &q)
    {
        const QVariant h = q.result() ? q.result()->handle() : QVariant();
        // The driver registers the type under libpq's struct name.
        if (h.isValid() &&
            (qstrcmp(h.typeName(), "pg_result*") == 0 || qstrcmp(h.typeName(), "PGresult*") == 0))
            m_result = *static_cast<PGresult *const *>(h.constData());
    }
    bool ok() const { return m_result != nullptr; }
    int count() const { return m_result ? PQntuples(m_result) : 0; }
    bool isNull(int row, int column) const { return PQgetisnull(m_result, row, column) != 0; }
    qint64 integer(int row, int column) const
    {
        const char *text = PQgetvalue(m_result, row, column);
        qint64 value = 0;
        std::from_chars(text, text + PQgetlength(m_result, row, column), value);
        return value;
    }
    // An integer too large for qint64 (a sum) gives ok = false.
    qint64 integer(int row, int column, bool *ok) const
    {
        const char *text = PQgetvalue(m_result, row, column);
        const char *end = text + PQgetlength(m_result, row, column);
        qint64 value = 0;
        const auto r = std::from_chars(text, end, value);
        *ok = r.ec == std::errc() && r.ptr == end && r.ptr != text;
        return value;
    }
    QString text(int row, int column) const
    {
        return QString::fromUtf8(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
    }
    // For short ASCII codes (a zone, a kind, a status): compared without making a QString.
    QLatin1StringView code(int row, int column) const
    {
        return QLatin1StringView(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
    }

private:
    const PGresult *m_result = nullptr;
};

PointRow pointRow(qint64 id, AccountId account, const PgRows &rows, int row, int first)
{
    PointRow out;
    out.point.id = MeteringPointId(id);
    out.account = account;
    out.point.code = rows.text(row, first);
    out.point.kind =
        domain::pointKindFromString(rows.text(row, first + 1)).value_or(domain::PointKind::Active);
    out.point.voltageV = int(rows.integer(row, first + 2));
    if (!rows.isNull(row, first + 3))
        out.point.parentId = MeteringPointId(rows.integer(row, first + 3));
    return out;
}

PointRow pointRow(qint64 id, AccountId account, const QSqlQuery &q, int first)
{
    PointRow row;
    row.point.id = MeteringPointId(id);
    row.account = account;
    row.point.code = q.value(first).toString();
    row.point.kind =
        domain::pointKindFromString(q.value(first + 1).toString()).value_or(domain::PointKind::Active);
    row.point.voltageV = q.value(first + 2).toInt();
    if (!q.value(first + 3).isNull())
        row.point.parentId = MeteringPointId(q.value(first + 3).toLongLong());
    return row;
}

// PostgreSQL: each level of the tree read by walking its parent key's index over ranges of the level
// above's ids (idRanges()), one statement per level, instead of probing it once per id: objects by
// account, points by object, sub-consumers by parent point, meters by point, registers by meter,
// readings by register. Rows of ids a range takes in but the chunk does not have are left out here.
// For a chunk of 5000 accounts of the bench's ledger: about 110 ms instead of 350-400 ms
// (docs/billing.md, "The reader walks ranges").
Result<Tree> loadTreeByRanges(QSqlDatabase db, const QList<qint64> &accountIds, Period period)
{
    Tree t;
    // The statement's values: `before`, the ranges of `ids`, `after`.
    const auto run = [](QSqlQuery &q, const QString &sql, const QList<qint64> &ids, const QString &what,
                        QVariantList before = {}, const QVariantList &after = {}) -> Error {
        const IdRanges r = idRanges(ids);
        QVariantList values = std::move(before);
        values.append(r.lows);
        values.append(r.highs);
        values.append(after);
        // PostgreSQL only: not forward only (see execListing), the whole result at once, read through
        // PgRows.
        if (!store::execPrepared(q, sql, values))
            return store::queryError(q, what);
        if (!PgRows(q).ok())
            return Error::make(u"db.query_failed"_s, {}, {}, what + u": no libpq result"_s);
        return {};
    };
    // Objects of the accounts.
    const QSet<qint64> accountSet(accountIds.cbegin(), accountIds.cend());
    QHash<qint64, qint64> objectAccount;
    {
        QSqlQuery q(db);
        if (Error e = run(q,
                          u"SELECT o.id, o.account_id FROM "_s + rangesSql() + u" CROSS JOIN LATERAL "_s +
                              rangeScan(u"objects"_s, u"account_id"_s) + u" o"_s,
                          accountIds, u"loading objects to calculate"_s);
            !e.isNull())
            return e;
        const PgRows rows(q);
        for (int r = 0; r < rows.count(); ++r) {
            const qint64 account = rows.integer(r, 1);
            if (accountSet.contains(account))
                objectAccount.insert(rows.integer(r, 0), account);
        }
    }
    // Their points, in account, object, point order (as AccountRepository::load).
    {
        QSqlQuery q(db);
        if (Error e = run(q,
                          u"SELECT p.id, p.object_id, p.code, p.kind, p.voltage_v, p.parent_id FROM "_s +
                              rangesSql() + u" CROSS JOIN LATERAL "_s +
                              rangeScan(u"metering_points"_s, u"object_id"_s) + u" p"_s,
                          objectAccount.keys(), u"loading metering points to calculate"_s);
            !e.isNull())
            return e;
        QList<std::pair<std::array<qint64, 3>, PointRow>> rows;
        const PgRows result(q);
        for (int r = 0; r < result.count(); ++r) {
            const qint64 object = result.integer(r, 1);
            const auto it = objectAccount.constFind(object);
            if (it == objectAccount.cend())
                continue;
            const qint64 id = result.integer(r, 0);
            rows.append({{*it, object, id}, pointRow(id, AccountId(*it), result, r, 2)});
        }
        std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        t.points.reserve(rows.size());
        for (auto &[key, row] : rows) {
            t.pointIndex.insert(key[2], int(t.points.size()));
            t.points.append(std::move(row));
        }
    }
    // Points of other accounts hanging from them (sub-consumers), in point order.
    const QList<qint64> ownPointIds = t.pointIndex.keys();
    {
        QSqlQuery q(db);
        // The sub-consumer's account: a probe per row found (there are few).
        if (Error e = run(q,
                          u"SELECT s.id, (SELECT so.account_id FROM objects so WHERE so.id = s.object_id), "
                          u"s.code, s.kind, s.voltage_v, s.parent_id FROM "_s +
                              rangesSql() + u" CROSS JOIN LATERAL "_s +
                              rangeScan(u"metering_points"_s, u"parent_id"_s) + u" s"_s,
                          ownPointIds, u"loading sub-consumers to calculate"_s);
            !e.isNull())
            return e;
        QList<std::pair<qint64, PointRow>> rows;
        const PgRows result(q);
        for (int r = 0; r < result.count(); ++r) {
            const qint64 parent = result.integer(r, 5);
            const int p = t.pointIndex.value(parent, -1);
            const AccountId account(result.integer(r, 1));
            if (p < 0 || t.points.at(p).account == account)
                continue;
            const qint64 id = result.integer(r, 0);
            rows.append({id, pointRow(id, account, result, r, 2)});
        }
        std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        for (auto &[id, row] : rows) {
            t.subPointIndex.insert(id, int(t.subPoints.size()));
            t.subPoints.append(std::move(row));
        }
    }
    // Meters of every one of those points, removed meters included (a meter replaced within the
    // period has its closing reading in it).
    QList<qint64> allPointIds = ownPointIds;
    allPointIds.append(t.subPointIndex.keys());
    QHash<qint64, std::pair<qint64, bool>> meters; // meter -> (point, removed)
    {
        QSqlQuery q(db);
        if (Error e =
                run(q,
                    u"SELECT m.id, m.metering_point_id, m.status FROM "_s + rangesSql() +
                        u" CROSS JOIN LATERAL "_s + rangeScan(u"meters"_s, u"metering_point_id"_s) + u" m"_s,
                    allPointIds, u"loading meters to calculate"_s);
            !e.isNull())
            return e;
        const PgRows rows(q);
        for (int r = 0; r < rows.count(); ++r) {
            const qint64 point = rows.integer(r, 1);
            if (t.pointIndex.contains(point) || t.subPointIndex.contains(point))
                meters.insert(rows.integer(r, 0), {point, rows.code(r, 2) == "removed"_L1});
        }
    }
    // Their registers, appended to the points in meter, position order.
    {
        QSqlQuery q(db);
        if (Error e = run(q,
                          u"SELECT g.id, g.zone, g.meter_id, g.position FROM "_s + rangesSql() +
                              u" CROSS JOIN LATERAL "_s + rangeScan(u"registers"_s, u"meter_id"_s) + u" g"_s,
                          meters.keys(), u"loading registers to calculate"_s);
            !e.isNull())
            return e;
        QList<std::pair<std::array<qint64, 4>, RegisterRow>> rows;
        const PgRows result(q);
        for (int r = 0; r < result.count(); ++r) {
            const qint64 meter = result.integer(r, 2);
            const auto it = meters.constFind(meter);
            if (it == meters.cend())
                continue;
            RegisterRow g;
            g.id = RegisterId(result.integer(r, 0));
            g.zone = domain::zoneFromString(result.text(r, 1)).value_or(domain::Zone::Total);
            g.meter = MeterId(meter);
            g.meterRemoved = it->second;
            rows.append({{it->first, meter, result.integer(r, 3), g.id.value()}, g});
        }
        std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        for (const auto &[key, g] : rows) {
            if (const int i = t.pointIndex.value(key[0], -1); i >= 0)
                t.points[i].registers.append(g);
            if (const int i = t.subPointIndex.value(key[0], -1); i >= 0)
                t.subPoints[i].registers.append(g);
        }
    }
    // Per register: the period's processed reading (consumption is stored already x the meter's
    // ratio) and the count and sum of the 12 processed readings before the period, all a range check
    // needs (domain::RangeHistory). The window numbers the period's reading apart from the ones
    // before it, so a register without one still counts 12.
    {
        QList<qint64> registerIds;
        for (const PointRow &p : std::as_const(t.points))
            for (const RegisterRow &g : p.registers)
                registerIds.append(g.id.value());
        for (const PointRow &p : std::as_const(t.subPoints))
            for (const RegisterRow &g : p.registers)
                registerIds.append(g.id.value());
        const QSet<qint64> registerSet(registerIds.cbegin(), registerIds.cend());
        QSqlQuery q(db);
        if (Error e = run(
                q,
                u"SELECT x.register_id, MAX(x.consumption_milli) FILTER (WHERE x.period = ?), "
                u"MAX(x.override_reason) FILTER (WHERE x.period = ?), COUNT(*) FILTER (WHERE x.period < ?), "
                u"CAST(SUM(x.consumption_milli) FILTER (WHERE x.period < ?) AS TEXT), "
                u"COUNT(*) FILTER (WHERE x.period = ?) FROM (SELECT r.register_id, r.period, "
                u"r.consumption_milli, r.override_reason, ROW_NUMBER() OVER (PARTITION BY r.register_id, "
                u"r.period = ? ORDER BY r.period DESC) AS n FROM "_s +
                    rangesSql() + u" CROSS JOIN LATERAL "_s +
                    rangeScan(u"readings"_s, u"register_id"_s,
                              u" AND period <= ? AND state = 'processed'"_s) +
                    u" r) x WHERE x.n <= 12 GROUP BY x.register_id"_s,
                registerIds, u"loading readings to calculate"_s,
                {period.yyyymm(), period.yyyymm(), period.yyyymm(), period.yyyymm(), period.yyyymm(),
                 period.yyyymm()},
                {period.yyyymm()});
            !e.isNull())
            return e;
        const PgRows rows(q);
        for (int r = 0; r < rows.count(); ++r) {
            const qint64 registerId = rows.integer(r, 0);
            if (!registerSet.contains(registerId))
                continue;
            if (rows.integer(r, 5) > 0)
                t.readings.insert(registerId, ReadingRow{Energy::fromMilli(rows.integer(r, 1)),
                                                         !rows.isNull(r, 2) && !rows.code(r, 2).isEmpty()});
            bool ok = false;
            const qint64 sum = rows.isNull(r, 4) ? 0 : rows.integer(r, 4, &ok);
            const int periods = int(rows.integer(r, 3));
            if (periods > 0 && ok) // a sum beyond qint64 (absurd) checks nothing, as RangeHistory::of
                t.history.insert(registerId, domain::RangeHistory{sum, periods});
        }
    }
    return t;
}

// SQLite: steps 2-5 with the ids as one JSON list (json_each), probing each table's key per id.
Result<Tree> loadTreeByLists(QSqlDatabase db, const store::SqlDialect &dialect,
                             const QList<qint64> &accountIds, Period period)
{
    const QString accountList = idListJson(accountIds);
    // 2. The accounts' own points (in object, point order, as AccountRepository::load) and the
    // points of other accounts hanging from them (sub-consumers: subtracted only).
    Tree t;
    QList<PointRow> &points = t.points;
    QHash<qint64, int> &pointIndex = t.pointIndex;
    QList<PointRow> &subPoints = t.subPoints;
    QHash<qint64, int> &subPointIndex = t.subPointIndex;
    QHash<qint64, ReadingRow> &readings = t.readings;
    QHash<qint64, domain::RangeHistory> &history = t.history;
    // Columns: id, account, then pointRow()'s four.
    const auto readPoint = [](const QSqlQuery &q) {
        return pointRow(q.value(0).toLongLong(), AccountId(q.value(1).toLongLong()), q, 2);
    };
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!store::execPrepared(q,
                                 u"SELECT p.id, o.account_id, p.code, p.kind, p.voltage_v, p.parent_id "
                                 u"FROM metering_points p JOIN objects o ON o.id = p.object_id "
                                 u"WHERE o.account_id IN "_s +
                                     idListSql(dialect) + u" ORDER BY o.account_id, p.object_id, p.id"_s,
                                 {accountList}))
            return store::queryError(q, u"loading metering points to calculate"_s);
        while (q.next()) {
            PointRow row = readPoint(q);
            pointIndex.insert(row.point.id.value(), int(points.size()));
            points.append(std::move(row));
        }
    }
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!store::execPrepared(
                q,
                u"SELECT s.id, so.account_id, s.code, s.kind, s.voltage_v, s.parent_id "
                u"FROM metering_points s JOIN objects so ON so.id = s.object_id "
                u"JOIN metering_points p ON p.id = s.parent_id JOIN objects o ON o.id = p.object_id "
                u"WHERE o.account_id IN "_s +
                    idListSql(dialect) + u" AND so.account_id <> o.account_id ORDER BY s.id"_s,
                {accountList}))
            return store::queryError(q, u"loading sub-consumers to calculate"_s);
        while (q.next()) {
            PointRow row = readPoint(q);
            subPointIndex.insert(row.point.id.value(), int(subPoints.size()));
            subPoints.append(std::move(row));
        }
    }
    QList<qint64> ownPointIds = pointIndex.keys();
    QList<qint64> allPointIds = ownPointIds;
    allPointIds.append(subPointIndex.keys());
    const QString ownPointList = idListJson(ownPointIds);
    const QString allPointList = idListJson(allPointIds);

    // 3. Registers of every meter of those points, removed meters included (a meter replaced within
    // the period has its closing reading in it).
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!store::execPrepared(q,
                                 u"SELECT g.id, g.zone, m.id, m.metering_point_id, m.status "
                                 u"FROM registers g JOIN meters m ON m.id = g.meter_id "
                                 u"WHERE m.metering_point_id IN "_s +
                                     idListSql(dialect) +
                                     u" ORDER BY m.metering_point_id, m.id, g.position, g.id"_s,
                                 {allPointList}))
            return store::queryError(q, u"loading registers to calculate"_s);
        while (q.next()) {
            RegisterRow g;
            g.id = RegisterId(q.value(0).toLongLong());
            g.zone = domain::zoneFromString(q.value(1).toString()).value_or(domain::Zone::Total);
            g.meter = MeterId(q.value(2).toLongLong());
            g.meterRemoved = q.value(4).toString() == u"removed"_s;
            const qint64 point = q.value(3).toLongLong();
            if (const int i = pointIndex.value(point, -1); i >= 0)
                points[i].registers.append(g);
            if (const int i = subPointIndex.value(point, -1); i >= 0)
                subPoints[i].registers.append(g);
        }
    }

    // 4. The processed readings of the period (consumption is stored already x the meter's ratio).
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!store::execPrepared(q,
                                 u"SELECT r.register_id, r.consumption_milli, r.override_reason "
                                 u"FROM readings r JOIN registers g ON g.id = r.register_id "
                                 u"JOIN meters m ON m.id = g.meter_id WHERE m.metering_point_id IN "_s +
                                     idListSql(dialect) + u" AND r.period = ? AND r.state = 'processed'"_s,
                                 {allPointList, period.yyyymm()}))
            return store::queryError(q, u"loading readings to calculate"_s);
        while (q.next())
            readings.insert(q.value(0).toLongLong(), ReadingRow{Energy::fromMilli(q.value(1).toLongLong()),
                                                                !q.value(2).toString().isEmpty()});
    }

    // 5. The range history, the last 12 processed readings before the period per register of the
    // accounts' own points (ReadingRepository::closedHistory for many registers at once), summed into a
    // RangeHistory; the window form is driven from json_each (EXPLAIN QUERY PLAN).
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        const QString sql =
            u"SELECT h.register_id, h.consumption_milli FROM (SELECT r.register_id, r.consumption_milli, "
            u"ROW_NUMBER() OVER (PARTITION BY r.register_id ORDER BY r.period DESC) AS rn FROM readings r "
            u"JOIN registers g ON g.id = r.register_id JOIN meters m ON m.id = g.meter_id "
            u"WHERE m.metering_point_id IN "_s +
            idListSql(dialect) +
            u" AND r.period < ? AND r.state = 'processed') h WHERE h.rn <= 12 ORDER BY h.register_id, h.rn"_s;
        const QVariantList values{ownPointList, period.yyyymm()};
        if (!store::execPrepared(q, sql, values))
            return store::queryError(q, u"loading the range history"_s);
        QHash<qint64, QList<Energy>> lists;
        while (q.next())
            lists[q.value(0).toLongLong()].append(Energy::fromMilli(q.value(1).toLongLong()));
        for (auto it = lists.cbegin(); it != lists.cend(); ++it)
            history.insert(it.key(), domain::RangeHistory::of(it.value()));
    }

    return t;
}

Result<QList<AccountInput>> loadWith(store::Database &database, const QList<AccountId> &accounts,
                                     const QHash<qint64, AccountRow> &accountRows, Period period);

} // namespace

InputLoader::InputLoader(store::Database &db) : m_db(db) {}

Result<QList<AccountInput>> InputLoader::load(const QList<AccountId> &accounts, Period period) const
{
    if (accounts.isEmpty())
        return QList<AccountInput>{};
    QSqlDatabase db = m_db.connection();
    const store::SqlDialect &dialect = m_db.dialect();
    QList<qint64> accountIds;
    accountIds.reserve(accounts.size());
    for (AccountId a : accounts)
        accountIds.append(a.value());
    const QString accountList = idListJson(accountIds);

    // 1. Accounts with their contract, district and supplier.
    QHash<qint64, AccountRow> accountRows;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!store::execPrepared(q, kAccountSelect + u"WHERE a.id IN "_s + idListSql(dialect), {accountList}))
            return store::queryError(q, u"loading accounts to calculate"_s);
        while (q.next())
            accountRows.insert(q.value(0).toLongLong(), readAccount(q));
    }
    return loadWith(m_db, accounts, accountRows, period);
}

namespace {

Result<QList<AccountInput>> loadWith(store::Database &database, const QList<AccountId> &accounts,
                                     const QHash<qint64, AccountRow> &accountRows, Period period)
{
    QList<AccountInput> out;
    QSqlDatabase db = database.connection();
    const store::SqlDialect &dialect = database.dialect();
    QList<qint64> accountIds;
    accountIds.reserve(accounts.size());
    for (AccountId a : accounts)
        accountIds.append(a.value());

    // 2.-5. The accounts' points, sub-consumers, registers, readings and range history.
    const bool postgres = dialect.kind() == store::SqlDialect::Kind::Postgres;
    Result<Tree> tree = postgres ? loadTreeByRanges(db, accountIds, period)
                                 : loadTreeByLists(db, dialect, accountIds, period);
    if (!tree)
        return tree.error();
    QList<PointRow> &points = tree.value().points;
    QList<PointRow> &subPoints = tree.value().subPoints;
    const QHash<qint64, ReadingRow> &readings = tree.value().readings;
    const QHash<qint64, domain::RangeHistory> &history = tree.value().history;

    // 6. Contract limits and 7. signed readings acts, one statement each (the ledger's reads).
    store::LedgerRepository ledger(database);
    QList<ContractId> contracts;
    for (const AccountRow &r : std::as_const(accountRows))
        contracts.append(r.contract);
    auto limits = ledger.limits(contracts);
    if (!limits)
        return limits.error();
    auto signedActs = ledger.signedActs(accounts, period);
    if (!signedActs)
        return signedActs.error();

    // Sub-consumers per parent point; a sub-consumer's register without a reading fails its parent
    // too (subtracting nothing would overcharge the parent).
    QHash<qint64, QList<int>> subsByParent;
    for (int i = 0; i < subPoints.size(); ++i)
        subsByParent[subPoints[i].point.parentId->value()].append(i);
    QHash<int, Error> subErrors;
    for (int i = 0; i < subPoints.size(); ++i) {
        if (Error e = fillRegisters(subPoints[i], period, readings, {}); !e.isNull())
            subErrors.insert(i, e);
    }

    // Assembly, in the order asked for.
    QHash<qint64, QList<int>> pointsByAccount;
    for (int i = 0; i < points.size(); ++i)
        pointsByAccount[points[i].account.value()].append(i);
    out.reserve(accounts.size());
    for (AccountId id : accounts) {
        const auto ait = accountRows.constFind(id.value());
        if (ait == accountRows.cend())
            continue;
        AccountInput item;
        item.account = id;
        item.accountNumber = ait->number;
        item.district = ait->district;
        item.supplier = ait->supplier;
        billing::CalculationInput input;
        input.account = id;
        input.period = period;
        input.consumerClass = ait->consumerClass;
        input.selfCalculationAllowed = ait->selfCalculation;
        input.requiresSignedAct = ait->requiresSignedAct;
        input.actSigned = signedActs.value().contains(id);
        input.requester = billing::Requester::Clerk;
        input.limits = limits.value().value(ait->contract);
        Error failed;
        for (int i : pointsByAccount.value(id.value())) {
            PointRow row = points[i];
            if (failed.isNull())
                failed = fillRegisters(row, period, readings, history);
            input.points.append(row.point);
            for (int s : subsByParent.value(row.point.id.value())) {
                if (failed.isNull())
                    failed = subErrors.value(s);
                input.subConsumers.append(subPoints[s].point);
            }
        }
        if (failed.isNull())
            item.input = std::move(input);
        else
            item.input = failed;
        out.append(std::move(item));
    }
    return out;
}

} // namespace

Result<QList<AccountId>> InputLoader::accountIds(SupplierId supplier, std::optional<DistrictId> district,
                                                 qint64 afterId, int limit) const
{
    QSqlQuery q(m_db.connection());
    if (!execListing(q, u"SELECT a.id "_s + kAccountJoins, supplier, district, afterId, limit))
        return store::queryError(q, u"listing accounts to calculate"_s);
    QList<AccountId> out;
    while (q.next())
        out.append(AccountId(q.value(0).toLongLong()));
    return out;
}

Result<QList<AccountInput>> InputLoader::loadNext(SupplierId supplier, std::optional<DistrictId> district,
                                                  qint64 afterId, int limit, Period period,
                                                  QList<AccountId> *ids) const
{
    // The listing of accountIds() and the accounts' rows of load() in one statement.
    QSqlQuery q(m_db.connection());
    if (!execListing(q, kAccountSelect, supplier, district, afterId, limit))
        return store::queryError(q, u"listing accounts to calculate"_s);
    QList<AccountId> listed;
    QHash<qint64, AccountRow> accountRows;
    while (q.next()) {
        listed.append(AccountId(q.value(0).toLongLong()));
        accountRows.insert(listed.last().value(), readAccount(q));
    }
    q.finish();
    if (ids)
        *ids = listed;
    if (listed.isEmpty())
        return QList<AccountInput>{};
    return loadWith(m_db, listed, accountRows, period);
}

Result<qint64> InputLoader::countAccounts(SupplierId supplier, std::optional<DistrictId> district) const
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    QString sql = u"SELECT COUNT(*) "_s + kAccountJoins + u"WHERE d.supplier_id = ?"_s;
    QVariantList values{supplier.value()};
    if (district) {
        sql += u" AND c.district_id = ?"_s;
        values.append(district->value());
    }
    if (!store::execPrepared(q, sql, values) || !q.next())
        return store::queryError(q, u"counting accounts to calculate"_s);
    return q.value(0).toLongLong();
}

} // namespace oblik::calc
