#include "store/accountrepository.h"

#include "store/database.h"
#include "store/sqlsupport.h"

#include <QHash>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace oblik::store {

AccessScope AccessScope::of(const domain::User &u)
{
    AccessScope s;
    s.userId = u.id;
    s.role = u.role;
    if (u.district)
        s.districtId = u.district->id;
    if (u.supplier)
        s.supplierId = u.supplier->id;
    return s;
}

namespace {

// The condition that limits accounts `a` (with consumer `c` and district `d` joined) to what the
// scope may see, and its one bound value. A scope that lacks its key sees nothing.
struct ScopeFilter
{
    QString sql;
    QVariant value;
};

ScopeFilter scopeFilter(const AccessScope &scope)
{
    switch (scope.role) {
    case domain::Role::Consumer:
        // IN (subquery) lets the planner start from the user's few bindings (an index range on
        // user_accounts' key) instead of testing every account of the database.
        return {u"a.id IN (SELECT ua.account_id FROM user_accounts ua WHERE ua.user_id = ?)"_s,
                scope.userId.value()};
    case domain::Role::Clerk:
        return {u"c.district_id = ?"_s, scope.districtId ? scope.districtId->value() : qint64(-1)};
    case domain::Role::Admin:
        return {u"d.supplier_id = ?"_s, scope.supplierId ? scope.supplierId->value() : qint64(-1)};
    }
    return {u"1 = 0 AND ? IS NULL"_s, QVariant()};
}

QDate dateOf(const QVariant &v)
{
    return v.isNull() ? QDate() : QDate::fromString(v.toString(), Qt::ISODate);
}

} // namespace

AccountRepository::AccountRepository(Database &db) : m_db(db) {}

Result<AccountPage> AccountRepository::list(const AccessScope &scope, const QString &q, int limit,
                                            int offset) const
{
    if (limit < 0)
        return Error::make(u"request.invalid_field"_s, u"limit"_s);
    if (offset < 0)
        return Error::make(u"request.invalid_field"_s, u"offset"_s);

    const ScopeFilter filter = scopeFilter(scope);
    QString where = u" WHERE "_s + filter.sql;
    QVariantList values{filter.value};
    const QString needle = q.trimmed();
    if (!needle.isEmpty()) {
        where += u" AND (a.number LIKE ? ESCAPE '\\' OR c.name_folded LIKE ? ESCAPE '\\')"_s;
        values << QString(escapeLike(needle) + u'%')
               << QString(u'%' + escapeLike(foldForSearch(needle)) + u'%');
    }
    const QString from =
        u" FROM accounts a JOIN contracts k ON k.id = a.contract_id "
        u"JOIN consumers c ON c.id = k.consumer_id JOIN districts d ON d.id = c.district_id"_s;

    QSqlDatabase db = m_db.connection();
    AccountPage page;
    {
        QSqlQuery count(db);
        if (!execPrepared(count, u"SELECT COUNT(*)"_s + from + where, values))
            return queryError(count, u"counting accounts"_s);
        page.total = count.next() ? count.value(0).toLongLong() : 0;
    }
    if (limit == 0 || offset >= page.total)
        return page;

    QSqlQuery rows(db);
    rows.setForwardOnly(true);
    if (!execPrepared(rows,
                      u"SELECT a.id, a.number, a.address, c.name, c.kind, k.number, d.name"_s + from + where +
                          u" ORDER BY a.number, a.id LIMIT ? OFFSET ?"_s,
                      values + QVariantList{limit, offset}))
        return queryError(rows, u"listing accounts"_s);
    while (rows.next()) {
        domain::AccountSummary s;
        s.id = AccountId(rows.value(0).toLongLong());
        s.number = rows.value(1).toString();
        s.address = rows.value(2).toString();
        s.consumerName = rows.value(3).toString();
        s.consumerKind =
            domain::consumerKindFromString(rows.value(4).toString()).value_or(domain::ConsumerKind::Legal);
        s.contractNumber = rows.value(5).toString();
        s.districtName = rows.value(6).toString();
        page.items.append(s);
    }
    return page;
}

Result<std::optional<domain::AccountDetail>> AccountRepository::load(const AccessScope &scope,
                                                                     AccountId id) const
{
    using Detail = std::optional<domain::AccountDetail>;
    QSqlDatabase db = m_db.connection();
    const ScopeFilter filter = scopeFilter(scope);
    domain::AccountDetail a;

    // 1. The account with its contract, consumer, district and supplier, if the scope may see it.
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!execPrepared(
                q,
                u"SELECT a.id, a.number, a.address, a.opened_on, "
                u"k.id, k.number, k.signed_on, k.consumer_class, k.billing_day, k.window_working_days, "
                u"k.requires_signed_act, k.self_calculation, "
                u"c.id, c.kind, c.name, c.edrpou, c.ipn, c.address, c.iban, c.phone, c.email, "
                u"d.id, d.code, d.name, d.address, d.phone, "
                u"s.id, s.name, s.edrpou, s.iban, s.address "
                u"FROM accounts a JOIN contracts k ON k.id = a.contract_id "
                u"JOIN consumers c ON c.id = k.consumer_id JOIN districts d ON d.id = c.district_id "
                u"JOIN suppliers s ON s.id = d.supplier_id WHERE a.id = ? AND "_s +
                    filter.sql,
                {id.value(), filter.value}))
            return queryError(q, u"loading an account"_s);
        if (!q.next())
            return Detail();
        a.id = AccountId(q.value(0).toLongLong());
        a.number = q.value(1).toString();
        a.address = q.value(2).toString();
        a.openedOn = dateOf(q.value(3));
        domain::Contract k;
        k.id = ContractId(q.value(4).toLongLong());
        k.number = q.value(5).toString();
        k.signedOn = dateOf(q.value(6));
        k.consumerClass = q.value(7).toString();
        k.billingDay = q.value(8).toInt();
        k.windowWorkingDays = q.value(9).toInt();
        k.requiresSignedAct = q.value(10).toInt() != 0;
        k.selfCalculation = q.value(11).toInt() != 0;
        k.consumerId = ConsumerId(q.value(12).toLongLong());
        a.contracts.append(k);
        domain::Consumer &c = a.consumer;
        c.id = ConsumerId(q.value(12).toLongLong());
        c.kind = domain::consumerKindFromString(q.value(13).toString()).value_or(domain::ConsumerKind::Legal);
        c.name = q.value(14).toString();
        c.edrpou = textOrEmpty(q.value(15));
        c.ipn = textOrEmpty(q.value(16));
        c.address = q.value(17).toString();
        c.iban = q.value(18).toString();
        c.phone = q.value(19).toString();
        c.email = q.value(20).toString();
        c.districtId = DistrictId(q.value(21).toLongLong());
        domain::District &d = a.district;
        d.id = DistrictId(q.value(21).toLongLong());
        d.code = q.value(22).toString();
        d.name = q.value(23).toString();
        d.address = q.value(24).toString();
        d.phone = q.value(25).toString();
        d.supplierId = SupplierId(q.value(26).toLongLong());
        domain::Supplier &s = a.supplier;
        s.id = SupplierId(q.value(26).toLongLong());
        s.name = q.value(27).toString();
        s.edrpou = q.value(28).toString();
        s.iban = q.value(29).toString();
        s.address = q.value(30).toString();
    }

    // 2-5. The metering tree, one query per level, assembled by id. Positions are indexes into the
    // parent's list, stable because each level is complete before the next one is read.
    QHash<qint64, int> objectIndex;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!execPrepared(q, u"SELECT id, name, address FROM objects WHERE account_id = ? ORDER BY id"_s,
                          {id.value()}))
            return queryError(q, u"loading objects"_s);
        while (q.next()) {
            domain::SiteObject o;
            o.id = ObjectId(q.value(0).toLongLong());
            o.name = q.value(1).toString();
            o.address = q.value(2).toString();
            objectIndex.insert(o.id.value(), int(a.objects.size()));
            a.objects.append(o);
        }
    }

    struct PointRef
    {
        int object, point;
    };
    QHash<qint64, PointRef> pointIndex;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!execPrepared(q,
                          u"SELECT p.id, p.object_id, p.code, p.name, p.kind, p.voltage_v, p.parent_id "
                          u"FROM metering_points p JOIN objects o ON o.id = p.object_id "
                          u"WHERE o.account_id = ? ORDER BY p.object_id, p.id"_s,
                          {id.value()}))
            return queryError(q, u"loading metering points"_s);
        while (q.next()) {
            const int oi = objectIndex.value(q.value(1).toLongLong(), -1);
            if (oi < 0)
                continue;
            domain::MeteringPoint p;
            p.id = MeteringPointId(q.value(0).toLongLong());
            p.code = q.value(2).toString();
            p.name = q.value(3).toString();
            p.kind = domain::pointKindFromString(q.value(4).toString()).value_or(domain::PointKind::Active);
            p.voltageV = q.value(5).toInt();
            if (!q.value(6).isNull())
                p.parentId = MeteringPointId(q.value(6).toLongLong());
            auto &points = a.objects[oi].meteringPoints;
            pointIndex.insert(p.id.value(), {oi, int(points.size())});
            points.append(p);
        }
    }

    struct MeterRef
    {
        int object, point, meter;
    };
    QHash<qint64, MeterRef> meterIndex;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!execPrepared(
                q,
                u"SELECT m.id, m.metering_point_id, m.number, m.model, m.digits, m.decimals, m.ratio, "
                u"m.installed_on, m.verification_due, m.status "
                u"FROM meters m JOIN metering_points p ON p.id = m.metering_point_id "
                u"JOIN objects o ON o.id = p.object_id "
                u"WHERE o.account_id = ? AND m.status <> 'removed' ORDER BY m.metering_point_id, m.id"_s,
                {id.value()}))
            return queryError(q, u"loading meters"_s);
        while (q.next()) {
            const auto pit = pointIndex.constFind(q.value(1).toLongLong());
            if (pit == pointIndex.cend())
                continue;
            domain::Meter m;
            m.id = MeterId(q.value(0).toLongLong());
            m.number = q.value(2).toString();
            m.model = q.value(3).toString();
            m.digits = q.value(4).toInt();
            m.decimals = q.value(5).toInt();
            m.ratio = q.value(6).toInt();
            m.installedOn = dateOf(q.value(7));
            m.verificationDue = dateOf(q.value(8));
            m.status =
                domain::meterStatusFromString(q.value(9).toString()).value_or(domain::MeterStatus::Working);
            auto &meters = a.objects[pit->object].meteringPoints[pit->point].meters;
            meterIndex.insert(m.id.value(), {pit->object, pit->point, int(meters.size())});
            meters.append(m);
        }
    }

    {
        // The latest reading of each register that was not rejected: it is what a new reading
        // continues from. (register_id, period) is unique and indexed, so the subquery is a seek.
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!execPrepared(
                q,
                u"SELECT g.id, g.meter_id, g.zone, r.period, r.taken_on, r.value_milli, "
                u"r.consumption_milli, r.state "
                u"FROM registers g JOIN meters m ON m.id = g.meter_id "
                u"JOIN metering_points p ON p.id = m.metering_point_id "
                u"JOIN objects o ON o.id = p.object_id "
                u"LEFT JOIN readings r ON r.register_id = g.id AND r.period = "
                u"(SELECT MAX(r2.period) FROM readings r2 WHERE r2.register_id = g.id "
                u"AND r2.state <> 'rejected') "
                u"WHERE o.account_id = ? AND m.status <> 'removed' ORDER BY g.meter_id, g.position, g.id"_s,
                {id.value()}))
            return queryError(q, u"loading registers"_s);
        while (q.next()) {
            const auto mit = meterIndex.constFind(q.value(1).toLongLong());
            if (mit == meterIndex.cend())
                continue;
            domain::Register g;
            g.id = RegisterId(q.value(0).toLongLong());
            g.zone = domain::zoneFromString(q.value(2).toString()).value_or(domain::Zone::Total);
            if (!q.value(3).isNull()) {
                domain::Reading r;
                r.period = Period::fromYyyymm(q.value(3).toInt());
                r.takenOn = dateOf(q.value(4));
                r.value = Energy::fromMilli(q.value(5).toLongLong());
                r.consumption = Energy::fromMilli(q.value(6).toLongLong());
                r.state = domain::readingStateFromString(q.value(7).toString())
                              .value_or(domain::ReadingState::Processed);
                g.lastReading = r;
            }
            a.objects[mit->object].meteringPoints[mit->point].meters[mit->meter].registers.append(g);
        }
    }
    return Detail(std::move(a));
}

} // namespace oblik::store
