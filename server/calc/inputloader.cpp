#include "calc/inputloader.h"

#include "calc/idlist.h"
#include "store/database.h"
#include "store/ledgerrepository.h"
#include "store/sqlsupport.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>

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
    q.setForwardOnly(true);
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
    const QString accountList = idListJson(accountIds);

    // 2. The accounts' own points (in object, point order, as AccountRepository::load) and the
    // points of other accounts hanging from them (sub-consumers: subtracted only).
    QList<PointRow> points;
    QHash<qint64, int> pointIndex;
    QList<PointRow> subPoints;
    QHash<qint64, int> subPointIndex;
    const auto readPoint = [](const QSqlQuery &q) {
        PointRow row;
        row.point.id = MeteringPointId(q.value(0).toLongLong());
        row.account = AccountId(q.value(1).toLongLong());
        row.point.code = q.value(2).toString();
        row.point.kind =
            domain::pointKindFromString(q.value(3).toString()).value_or(domain::PointKind::Active);
        row.point.voltageV = q.value(4).toInt();
        if (!q.value(5).isNull())
            row.point.parentId = MeteringPointId(q.value(5).toLongLong());
        return row;
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
    // PostgreSQL: with each register's processed reading of the period (4. below) and the range
    // history (5. below) in the same statement, one row per register: the period's reading through
    // the (register_id, period) key, and the sum and count of the 12 processed readings before it
    // (all the range check needs: domain::RangeHistory), walked backwards through the same key. The
    // 13 rows per register it returned before made the bill run 2.4 times slower on a ledger with a
    // year of readings (docs/billing.md, session 8).
    const bool postgres = dialect.kind() == store::SqlDialect::Kind::Postgres;
    QHash<qint64, ReadingRow> readings;
    QHash<qint64, domain::RangeHistory> history;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        const QString sql =
            postgres
                ? u"SELECT g.id, g.zone, m.id, m.metering_point_id, m.status, c.consumption_milli, "
                  u"c.override_reason, h.n, CAST(h.s AS TEXT) FROM registers g JOIN meters m ON m.id = "
                  u"g.meter_id LEFT JOIN readings c ON c.register_id = g.id AND c.period = ? AND c.state = "
                  u"'processed' LEFT JOIN LATERAL (SELECT COUNT(*) AS n, SUM(x.consumption_milli) AS s FROM "
                  u"(SELECT r.consumption_milli FROM readings r WHERE r.register_id = g.id AND r.period < ? "
                  u"AND r.state = 'processed' ORDER BY r.period DESC LIMIT 12) x) h ON TRUE "
                  u"WHERE m.metering_point_id IN "_s +
                      idListSql(dialect) + u" ORDER BY m.metering_point_id, m.id, g.position, g.id"_s
                : u"SELECT g.id, g.zone, m.id, m.metering_point_id, m.status "
                  u"FROM registers g JOIN meters m ON m.id = g.meter_id "
                  u"WHERE m.metering_point_id IN "_s +
                      idListSql(dialect) + u" ORDER BY m.metering_point_id, m.id, g.position, g.id"_s;
        const QVariantList values = postgres ? QVariantList{period.yyyymm(), period.yyyymm(), allPointList}
                                             : QVariantList{allPointList};
        if (!store::execPrepared(q, sql, values))
            return store::queryError(q, u"loading registers to calculate"_s);
        while (q.next()) {
            const qint64 registerId = q.value(0).toLongLong();
            if (postgres) {
                if (!q.value(5).isNull())
                    readings.insert(registerId, ReadingRow{Energy::fromMilli(q.value(5).toLongLong()),
                                                           !q.value(6).toString().isEmpty()});
                bool ok = false;
                const qint64 sum = q.value(8).toString().toLongLong(&ok);
                const int periods = q.value(7).toInt();
                if (periods > 0 && ok) // a sum beyond qint64 (absurd) checks nothing, as RangeHistory::of
                    history.insert(registerId, domain::RangeHistory{sum, periods});
            }
            RegisterRow g;
            g.id = RegisterId(registerId);
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
    if (!postgres) {
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

    // 5. SQLite: the range history, the last 12 processed readings before the period per register of
    // the accounts' own points (ReadingRepository::closedHistory for many registers at once), summed
    // into a RangeHistory; the window form is driven from json_each (EXPLAIN QUERY PLAN). PostgreSQL
    // read the sums with the registers (3. above).
    if (!postgres) {
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
