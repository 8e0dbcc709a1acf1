#include "store/readingrepository.h"

#include "store/database.h"
#include "store/sqldialect.h"
#include "store/sqlsupport.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace oblik::store {

namespace {

using domain::ReadingRecord;

// The columns of a reading with its place in the tree; FROM clause kReadingFrom.
const QString kReadingColumns =
    u"r.id, r.register_id, g.meter_id, m.metering_point_id, o.account_id, r.period, r.taken_on, "
    u"r.value_milli, r.consumption_milli, r.state, r.rejection_reason, r.override_reason, r.version, "
    u"r.revision, r.updated_at"_s;
const QString kReadingFrom = u" FROM readings r JOIN registers g ON g.id = r.register_id "
                             u"JOIN meters m ON m.id = g.meter_id "
                             u"JOIN metering_points p ON p.id = m.metering_point_id "
                             u"JOIN objects o ON o.id = p.object_id"_s;
// Adds the account's consumer and district for access checks (scopeCondition).
const QString kScopeJoin =
    u" JOIN accounts a ON a.id = o.account_id JOIN contracts k ON k.id = a.contract_id "
    u"JOIN consumers c ON c.id = k.consumer_id JOIN districts d ON d.id = c.district_id"_s;
constexpr int kReadingColumnCount = 15;

ReadingRecord recordFrom(const QSqlQuery &q, int at = 0)
{
    ReadingRecord r;
    r.id = q.value(at + 0).toLongLong();
    r.registerId = RegisterId(q.value(at + 1).toLongLong());
    r.meterId = MeterId(q.value(at + 2).toLongLong());
    r.meteringPointId = MeteringPointId(q.value(at + 3).toLongLong());
    r.accountId = AccountId(q.value(at + 4).toLongLong());
    r.period = Period::fromYyyymm(q.value(at + 5).toInt());
    r.takenOn = QDate::fromString(q.value(at + 6).toString(), Qt::ISODate);
    r.value = Energy::fromMilli(q.value(at + 7).toLongLong());
    r.consumption = Energy::fromMilli(q.value(at + 8).toLongLong());
    r.state =
        domain::readingStateFromString(q.value(at + 9).toString()).value_or(domain::ReadingState::Ready);
    r.rejectionReason = q.value(at + 10).toString();
    r.overrideReason = q.value(at + 11).toString();
    r.version = q.value(at + 12).toInt();
    r.revision = q.value(at + 13).toLongLong();
    r.updatedAt = QDateTime::fromMSecsSinceEpoch(q.value(at + 14).toLongLong(), Qt::UTC);
    return r;
}

// What the caller may see, over accounts a / consumers c / districts d (as AccountRepository).
struct Condition
{
    QString sql;
    QVariant value;
};

Condition scopeCondition(const AccessScope &scope)
{
    switch (scope.role) {
    case domain::Role::Consumer:
        return {u"a.id IN (SELECT ua.account_id FROM user_accounts ua WHERE ua.user_id = ?)"_s,
                scope.userId.value()};
    case domain::Role::Clerk:
        return {u"c.district_id = ?"_s, scope.districtId ? scope.districtId->value() : qint64(-1)};
    case domain::Role::Admin:
        return {u"d.supplier_id = ?"_s, scope.supplierId ? scope.supplierId->value() : qint64(-1)};
    }
    return {u"1 = 0 AND ? IS NULL"_s, QVariant()};
}

Period monthsBefore(Period p, int n)
{
    for (int i = 0; i < n; ++i)
        p = p.previous();
    return p;
}

struct RegisterInfo
{
    MeterId meterId;
    MeteringPointId pointId;
    std::optional<MeteringPointId> parentId;
    domain::Meter meter;
    bool removed = false;
};

Error refusal(const QString &code, const QString &field, const QString &detail = {})
{
    return Error::make(code, field, {}, detail);
}

} // namespace

ReadingRepository::ReadingRepository(Database &db, const Clock &clock) : m_db(db), m_clock(clock) {}

QDate ReadingRepository::today() const
{
    return m_clock.today();
}

Period ReadingRepository::entryPeriod(const ReadingAccount &account) const
{
    return domain::entryPeriod(account.contract, today(), account.calendar);
}

namespace {

Error periodNotOpen(Period period, Period entry)
{
    if (period < entry)
        return Error::make(u"period.closed"_s, u"period"_s, {period.toString()});
    if (entry < period)
        return Error::make(u"request.invalid_field"_s, u"period"_s, {},
                           u"readings of this period are not accepted yet"_s);
    return {};
}

} // namespace

Result<std::optional<ReadingAccount>> ReadingRepository::account(const AccessScope &scope, AccountId id) const
{
    return findAccount(scope, id, std::nullopt, nullptr);
}

Result<std::optional<ReadingAccount>> ReadingRepository::findAccount(const AccessScope &scope, AccountId id,
                                                                     std::optional<Period> saving,
                                                                     bool *actSigned) const
{
    const bool lock = saving.has_value();
    QSqlDatabase db = m_db.connection();
    const Condition cond = scopeCondition(scope);
    // The supplier's holidays come with the account, as a JSON array of [day, name] (one round trip
    // instead of two on every readings request). Windows are at most 60 working days after a billing
    // day of the month after the period, and the entry period is at most two months back: a year
    // either side of today covers them.
    const bool pg = SqlDialect::of(db).kind() == SqlDialect::Kind::Postgres;
    const QString holidays =
        pg ? u"(SELECT COALESCE(json_agg(json_build_array(h.day, h.name)), '[]'::json)::text "_s
           : u"(SELECT json_group_array(json_array(h.day, h.name)) "_s;
    // Locking (saveIdempotent, PostgreSQL): the statements after it in the transaction use generic
    // plans. PostgreSQL keeps planning a prepared statement anew for each execution while its generic
    // plan looks dearer than the custom ones; for the save's big statements planning costs more than
    // running them (and their plans do not depend on the values). Local: it ends with the transaction.
    // Saving: also whether the period's readings act is signed (a consumer may not change its readings
    // then, readings.act_signed), in this statement rather than one more.
    const QString generic = lock ? u", set_config('plan_cache_mode', 'force_generic_plan', true), "
                                   u"EXISTS (SELECT 1 FROM readings_acts ra WHERE ra.account_id = a.id AND "
                                   u"ra.period = ? AND ra.signed_at IS NOT NULL) "_s
                                 : QString();
    QVariantList values{today().addYears(-1).toString(Qt::ISODate),
                        today().addYears(1).toString(Qt::ISODate)};
    if (lock)
        values << saving->yyyymm();
    values << id.value() << cond.value;
    QSqlQuery q(db);
    if (!execPrepared(
            q,
            u"SELECT a.id, k.id, k.consumer_id, k.number, k.billing_day, k.window_working_days, "
            u"k.requires_signed_act, k.self_calculation, d.supplier_id, "_s +
                holidays +
                u"FROM holidays h WHERE h.supplier_id = d.supplier_id AND h.day BETWEEN ? AND ?) "_s +
                generic +
                u"FROM accounts a "
                u"JOIN contracts k ON k.id = a.contract_id JOIN consumers c ON c.id = k.consumer_id "
                u"JOIN districts d ON d.id = c.district_id WHERE a.id = ? AND "_s +
                cond.sql + (lock ? u" FOR NO KEY UPDATE OF a"_s : QString()),
            values))
        return queryError(q, u"finding an account"_s);
    if (!q.next())
        return std::optional<ReadingAccount>();
    ReadingAccount a;
    a.id = AccountId(q.value(0).toLongLong());
    a.contract.id = ContractId(q.value(1).toLongLong());
    a.contract.consumerId = ConsumerId(q.value(2).toLongLong());
    a.contract.number = q.value(3).toString();
    a.contract.billingDay = q.value(4).toInt();
    a.contract.windowWorkingDays = q.value(5).toInt();
    a.contract.requiresSignedAct = q.value(6).toInt() != 0;
    a.contract.selfCalculation = q.value(7).toInt() != 0;
    a.supplierId = SupplierId(q.value(8).toLongLong());
    const QJsonArray days = QJsonDocument::fromJson(q.value(9).toString().toUtf8()).array();
    if (actSigned)
        *actSigned = lock && q.value(11).toBool();
    q.finish();
    for (const QJsonValue &day : days) {
        const QJsonArray pair = day.toArray();
        a.holidays.append({QDate::fromString(pair.at(0).toString(), Qt::ISODate), pair.at(1).toString()});
    }
    std::sort(a.holidays.begin(), a.holidays.end(),
              [](const Holiday &x, const Holiday &y) { return x.day < y.day; });
    a.calendar = HolidayRepository::calendar(a.holidays);
    return std::optional<ReadingAccount>(a);
}

Result<QList<ReadingRecord>> ReadingRepository::ofPeriod(AccountId account, Period period) const
{
    return history(account, period, period);
}

Result<QList<ReadingRecord>> ReadingRepository::history(AccountId account, Period from, Period to) const
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!execPrepared(
            q,
            u"SELECT "_s + kReadingColumns + kReadingFrom +
                u" WHERE o.account_id = ? AND r.period BETWEEN ? AND ? ORDER BY r.period DESC, r.register_id"_s,
            {account.value(), from.yyyymm(), to.yyyymm()}))
        return queryError(q, u"loading readings"_s);
    QList<ReadingRecord> out;
    while (q.next())
        out.append(recordFrom(q));
    return out;
}

Result<std::optional<ReadingRecord>> ReadingRepository::byId(qint64 id) const
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!execPrepared(q, u"SELECT "_s + kReadingColumns + kReadingFrom + u" WHERE r.id = ?"_s, {id}))
        return queryError(q, u"loading a reading"_s);
    if (!q.next())
        return std::optional<ReadingRecord>();
    return std::optional<ReadingRecord>(recordFrom(q));
}

Result<QList<Energy>> ReadingRepository::closedHistory(RegisterId reg, Period period) const
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!execPrepared(q,
                      u"SELECT consumption_milli FROM readings WHERE register_id = ? AND period < ? "
                      u"AND state = 'processed' ORDER BY period DESC LIMIT 12"_s,
                      {reg.value(), period.yyyymm()}))
        return queryError(q, u"loading a register's history"_s);
    QList<Energy> out;
    while (q.next())
        out.append(Energy::fromMilli(q.value(0).toLongLong()));
    return out;
}

QString FeedCursor::toString() const
{
    if (recent)
        return u"recent"_s;
    if (floorPeriod != 0)
        return u"b%1.%2.%3.%4.%5"_s.arg(floorPeriod).arg(endXact).arg(endRevision).arg(xact).arg(revision);
    return xact == 0 ? QString::number(revision) : u"%1:%2"_s.arg(xact).arg(revision);
}

std::optional<FeedCursor> FeedCursor::parse(const QString &text)
{
    const auto number = [](QStringView t) -> std::optional<qint64> {
        bool ok = !t.isEmpty() && t.size() <= 19;
        for (const QChar c : t)
            ok = ok && c >= u'0' && c <= u'9';
        const qint64 v = ok ? t.toLongLong(&ok) : 0;
        return ok && v >= 0 ? std::optional<qint64>(v) : std::nullopt;
    };
    FeedCursor c;
    if (text == u"recent") {
        c.recent = true;
        return c;
    }
    if (text.startsWith(u'b')) {
        const QStringList parts = text.mid(1).split(u'.');
        if (parts.size() != 5)
            return std::nullopt;
        QList<qint64> v;
        for (const QString &part : parts) {
            const auto n = number(part);
            if (!n)
                return std::nullopt;
            v.append(*n);
        }
        if (!Period::fromYyyymm(int(v[0])).isValid() || v[0] > 999912)
            return std::nullopt;
        c.floorPeriod = int(v[0]);
        c.endXact = v[1];
        c.endRevision = v[2];
        c.xact = v[3];
        c.revision = v[4];
        return c;
    }
    const qsizetype colon = text.indexOf(u':');
    if (colon < 0) {
        const auto r = number(text);
        if (!r)
            return std::nullopt;
        c.revision = *r;
        return c;
    }
    const auto x = number(QStringView(text).left(colon));
    const auto r = number(QStringView(text).mid(colon + 1));
    if (!x || !r)
        return std::nullopt;
    c.xact = *x;
    c.revision = *r;
    return c;
}

Result<FeedStamp> ReadingRepository::nextFeedStamp(QSqlDatabase &db)
{
    QSqlQuery q(db);
    const bool pg = SqlDialect::of(db).kind() == SqlDialect::Kind::Postgres;
    if (pg ? !q.exec(u"SELECT nextval('reading_revision'), pg_current_xact_id()::text::bigint"_s)
           : !q.exec(u"UPDATE sync_state SET revision = revision + 1 WHERE id = 1 RETURNING revision, 0"_s))
        return queryError(q, u"taking a feed revision"_s);
    if (!q.next())
        return queryError(q, u"taking a feed revision"_s);
    return FeedStamp{q.value(0).toLongLong(), q.value(1).toLongLong()};
}

Result<bool> ReadingRepository::lockAccount(QSqlDatabase &db, AccountId account)
{
    if (SqlDialect::of(db).kind() != SqlDialect::Kind::Postgres)
        return true;
    QSqlQuery q(db);
    if (!execPrepared(q, u"SELECT id FROM accounts WHERE id = ? FOR NO KEY UPDATE"_s, {account.value()}))
        return queryError(q, u"locking an account"_s);
    return true;
}

namespace {

// What the rules of a save read: the batch's registers with their meters (removed ones too: they
// answer meter_changed) and, for sub-consumers, their parent's and siblings' registers; the period's
// readings of those registers; and per register of the batch the newest earlier reading and the
// closed history.
struct SaveInputs
{
    QHash<qint64, RegisterInfo> regs;
    QHash<qint64, ReadingRecord> existing;  // this period, by register
    QHash<qint64, Energy> pointConsumption; // this period, not rejected, per metering point
    QHash<qint64, Energy> previous;         // the newest earlier reading's value, by register
    QHash<qint64, QList<Energy>> closed;    // the last 12 processed periods' consumption, newest first
};

void addExisting(SaveInputs &in, const ReadingRecord &r)
{
    in.existing.insert(r.registerId.value(), r);
    if (r.state != domain::ReadingState::Rejected)
        in.pointConsumption[r.meteringPointId.value()] = Energy::fromMilli(
            in.pointConsumption.value(r.meteringPointId.value()).milli() + r.consumption.milli());
}

RegisterInfo registerInfo(qint64 meterId, qint64 pointId, const QVariant &parentId, const QString &number,
                          const QString &model, int digits, int decimals, int ratio,
                          const QString &verificationDue, const QString &status)
{
    RegisterInfo r;
    r.meterId = MeterId(meterId);
    r.pointId = MeteringPointId(pointId);
    if (!parentId.isNull())
        r.parentId = MeteringPointId(parentId.toLongLong());
    r.meter.id = r.meterId;
    r.meter.number = number;
    r.meter.model = model;
    r.meter.digits = digits;
    r.meter.decimals = decimals;
    r.meter.ratio = ratio;
    r.meter.verificationDue = QDate::fromString(verificationDue, Qt::ISODate);
    r.removed = status == u"removed";
    r.meter.status = domain::meterStatusFromString(status).value_or(domain::MeterStatus::Working);
    return r;
}

// One item's outcome. When saved, `in` already holds the saved reading for the items after it (its
// id, when new, and its revision are the writer's to fill in).
struct Verdict
{
    ItemOutcome outcome;
    bool update = false;  // the register had a reading in this period before this item
    qint64 readingId = 0; // that reading's id
    int priorVersion = 0; // and version
};

// The rules of docs/readings-contract.md for one item of a save, in their order.
Verdict judge(const ReadingAccount &account, Period period, bool submit, qint64 now, const ReadingWrite &item,
              SaveInputs &in)
{
    Verdict v;
    ItemOutcome &o = v.outcome;
    o.id = item.registerId.value();
    o.status = ItemOutcome::Status::Refused;
    const auto reg = in.regs.constFind(item.registerId.value());
    const auto have = in.existing.constFind(item.registerId.value());
    if (reg == in.regs.cend()) {
        o.error = refusal(u"not_found"_s, u"register_id"_s);
        return v;
    }
    if (reg->removed) {
        o.error = refusal(u"reading.meter_changed"_s, u"number"_s, u"the meter was removed"_s);
        return v;
    }
    if (have != in.existing.cend() && have->state == domain::ReadingState::Processed) {
        o.error = refusal(u"reading.locked"_s, u"register_id"_s);
        return v;
    }
    const int currentVersion = have == in.existing.cend() ? 0 : have->version;
    if (item.version != currentVersion) {
        o.status = ItemOutcome::Status::Conflict;
        if (have != in.existing.cend())
            o.reading = *have;
        o.error = refusal(u"reading.version_conflict"_s, u"version"_s,
                          u"the reading is at version %1"_s.arg(currentVersion));
        return v;
    }
    if (item.meter) {
        domain::Meter local = *item.meter;
        if (Error e = domain::checkMeterMatches(local, reg->meter); !e.isNull()) {
            o.error = e;
            return v;
        }
    }
    if (Error e = domain::checkMeterUsable(reg->meter, item.takenOn); !e.isNull()) {
        o.error = e;
        return v;
    }
    if (Error e = domain::checkReadingDate(account.contract, period, item.takenOn, account.calendar);
        !e.isNull()) {
        o.error = e;
        return v;
    }
    auto value = domain::parseReadingValue(item.value, reg->meter);
    if (!value) {
        o.error = value.error();
        return v;
    }
    // A register without an earlier reading (a new meter) starts from what it shows now.
    const Energy before = in.previous.value(item.registerId.value(), value.value());
    auto used = domain::consumption(reg->meter, before, value.value());
    if (!used) {
        o.error = used.error();
        return v;
    }
    if (Error e = domain::checkRange(used.value(), in.closed.value(item.registerId.value())); !e.isNull()) {
        o.error = e;
        return v;
    }
    // Sub-consumers of one parent together may not use more than the parent (this period).
    const qint64 point = reg->pointId.value();
    const qint64 oldMine = have != in.existing.cend() && have->state != domain::ReadingState::Rejected
                               ? have->consumption.milli()
                               : 0;
    const qint64 mineAfter = in.pointConsumption.value(point).milli() - oldMine + used.value().milli();
    if (reg->parentId && in.pointConsumption.contains(reg->parentId->value())) {
        qint64 subTotal = 0;
        QSet<qint64> subPoints;
        for (const RegisterInfo &r : std::as_const(in.regs)) {
            if (r.parentId == reg->parentId)
                subPoints.insert(r.pointId.value());
        }
        for (const qint64 sp : std::as_const(subPoints))
            subTotal += sp == point ? mineAfter : in.pointConsumption.value(sp).milli();
        if (Error e = domain::checkSubConsumer(in.pointConsumption.value(reg->parentId->value()),
                                               Energy::fromMilli(subTotal));
            !e.isNull()) {
            o.error = e;
            return v;
        }
    }

    // The saved reading as the feed and the answer show it, without reading it back.
    ReadingRecord saved;
    saved.registerId = item.registerId;
    saved.meterId = reg->meterId;
    saved.meteringPointId = reg->pointId;
    saved.accountId = account.id;
    saved.period = period;
    saved.takenOn = item.takenOn;
    saved.value = value.value();
    saved.consumption = used.value();
    saved.state = submit ? domain::ReadingState::Submitted : domain::ReadingState::Ready;
    saved.updatedAt = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
    v.update = have != in.existing.cend();
    if (v.update) {
        v.readingId = have->id;
        v.priorVersion = have->version;
        saved.id = have->id;
        saved.version = have->version + 1;
        saved.overrideReason = have->overrideReason;
    } else {
        saved.version = 1;
    }
    in.pointConsumption[point] = Energy::fromMilli(mineAfter);
    in.existing.insert(item.registerId.value(), saved);
    o.status = ItemOutcome::Status::Saved;
    o.reading = saved;
    return v;
}

QString placeholders(qsizetype n)
{
    QString marks;
    for (qsizetype i = 0; i < n; ++i)
        marks += i == 0 ? u"?"_s : u", ?"_s;
    return marks;
}

// The inputs of a save on either driver, in a few statements (ReadingRepository::save).
Error loadSaveInputs(QSqlDatabase &db, const ReadingAccount &account, Period period,
                     const QList<ReadingWrite> &items, SaveInputs &in)
{
    // 1. The batch's registers, and for sub-consumers their parent's and siblings' registers; a
    //    register of another account is not found. Only these, not the whole account: a big account
    //    has thousands.
    const auto loadRegisters = [&](const QString &where, const QVariantList &values) -> Error {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!execPrepared(
                q,
                u"SELECT g.id, g.meter_id, m.metering_point_id, p.parent_id, m.number, m.model, m.digits, "
                u"m.decimals, m.ratio, m.verification_due, m.status FROM registers g "
                u"JOIN meters m ON m.id = g.meter_id JOIN metering_points p ON p.id = m.metering_point_id "
                u"JOIN objects o ON o.id = p.object_id WHERE o.account_id = ? AND "_s +
                    where,
                QVariantList{account.id.value()} + values))
            return queryError(q, u"loading registers"_s);
        while (q.next())
            in.regs.insert(q.value(0).toLongLong(),
                           registerInfo(q.value(1).toLongLong(), q.value(2).toLongLong(), q.value(3),
                                        q.value(4).toString(), q.value(5).toString(), q.value(6).toInt(),
                                        q.value(7).toInt(), q.value(8).toInt(), q.value(9).toString(),
                                        q.value(10).toString()));
        return {};
    };
    QVariantList ids;
    {
        QSet<qint64> asked;
        for (const ReadingWrite &item : items) {
            if (!asked.contains(item.registerId.value())) {
                asked.insert(item.registerId.value());
                ids.append(item.registerId.value());
            }
        }
    }
    if (!ids.isEmpty()) {
        if (Error e = loadRegisters(u"g.id IN ("_s + placeholders(ids.size()) + u')', ids); !e.isNull())
            return e;
    }
    QVariantList parents;
    {
        QSet<qint64> seenParents;
        for (const RegisterInfo &r : std::as_const(in.regs)) {
            if (r.parentId && !seenParents.contains(r.parentId->value())) {
                seenParents.insert(r.parentId->value());
                parents.append(r.parentId->value());
            }
        }
    }
    // Only the registers of the batch that belong to the account.
    QVariantList mine;
    for (const QVariant &id : std::as_const(ids)) {
        if (in.regs.contains(id.toLongLong()))
            mine.append(id);
    }
    if (!parents.isEmpty()) {
        const QString marks = placeholders(parents.size());
        if (Error e = loadRegisters(u"(p.id IN ("_s + marks + u") OR p.parent_id IN ("_s + marks + u"))"_s,
                                    parents + parents);
            !e.isNull())
            return e;
    }
    // 2. The period's readings of those registers, and the newest earlier ones of the batch's
    //    (previous value, closed history).
    if (!in.regs.isEmpty()) {
        QVariantList values;
        for (auto it = in.regs.cbegin(); it != in.regs.cend(); ++it)
            values.append(it.key());
        values.append(period.yyyymm());
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!execPrepared(q,
                          u"SELECT "_s + kReadingColumns + kReadingFrom + u" WHERE r.register_id IN ("_s +
                              placeholders(in.regs.size()) + u") AND r.period = ?"_s,
                          values))
            return queryError(q, u"loading the period's readings"_s);
        while (q.next())
            addExisting(in, recordFrom(q));
    }
    if (!mine.isEmpty()) {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!execPrepared(
                q,
                u"SELECT r.register_id, r.value_milli, r.consumption_milli, r.state FROM readings r "
                u"WHERE r.register_id IN ("_s +
                    placeholders(mine.size()) +
                    u") AND r.period < ? AND r.period >= ? AND r.state <> 'rejected' "
                    u"ORDER BY r.register_id, r.period DESC"_s,
                mine + QVariantList{period.yyyymm(), monthsBefore(period, 24).yyyymm()}))
            return queryError(q, u"loading earlier readings"_s);
        while (q.next()) {
            const qint64 reg = q.value(0).toLongLong();
            if (!in.previous.contains(reg))
                in.previous.insert(reg, Energy::fromMilli(q.value(1).toLongLong()));
            if (q.value(3).toString() == u"processed" && in.closed[reg].size() < 12)
                in.closed[reg].append(Energy::fromMilli(q.value(2).toLongLong()));
        }
    }
    return {};
}

} // namespace

Result<QList<ItemOutcome>> ReadingRepository::save(const ReadingAccount &account, UserId by, Period period,
                                                   bool submit, const QList<ReadingWrite> &items)
{
    if (Error e = periodNotOpen(period, entryPeriod(account)); !e.isNull())
        return e;

    QSqlDatabase db = m_db.connection();
    const bool pg = SqlDialect::of(db).kind() == SqlDialect::Kind::Postgres;
    if (auto locked = lockAccount(db, account.id); !locked)
        return locked.error();
    SaveInputs in;
    if (Error e = loadSaveInputs(db, account, period, items, in); !e.isNull())
        return e;

    const QString state = submit ? u"submitted"_s : u"ready"_s;
    const QString source = u"consumer"_s;
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    QList<ItemOutcome> out;
    out.reserve(items.size());
    // PostgreSQL: the accepted items are written together at the end (one INSERT and one UPDATE for
    // the batch instead of one statement per item); the checks work on `in` in memory. A register
    // that comes twice is written before its second item.
    struct Pending
    {
        qsizetype outIndex = 0;
        bool update = false;
        qint64 readingId = 0;
        int version = 0; // the version the update replaces
    };
    QList<Pending> pending;
    QSet<qint64> pendingRegisters;
    const auto flush = [&]() -> Error {
        QList<Pending> inserts, updates;
        for (const Pending &p : std::as_const(pending))
            (p.update ? updates : inserts).append(p);
        pending.clear();
        pendingRegisters.clear();
        const auto finish = [&](const Pending &p, qint64 id, qint64 revision) {
            ReadingRecord &r = *out[p.outIndex].reading;
            r.id = id;
            r.revision = revision;
            in.existing[r.registerId.value()] = r;
        };
        if (!inserts.isEmpty()) {
            QString rows;
            QVariantList values;
            QHash<qint64, Pending> byRegister;
            for (const Pending &p : std::as_const(inserts)) {
                const ReadingRecord &r = *out[p.outIndex].reading;
                rows += rows.isEmpty() ? QString() : u", "_s;
                rows += u"(?, ?, ?, ?, ?, ?, ?, 1, nextval('reading_revision'), "
                        u"pg_current_xact_id()::text::bigint, ?, ?)"_s;
                values << r.registerId.value() << period.yyyymm() << r.takenOn.toString(Qt::ISODate)
                       << r.value.milli() << r.consumption.milli() << domain::toString(r.state) << source
                       << now << by.value();
                byRegister.insert(r.registerId.value(), p);
            }
            QSqlQuery w(db);
            if (!execPrepared(w,
                              u"INSERT INTO readings (register_id, period, taken_on, value_milli, "
                              u"consumption_milli, state, source, version, revision, xact, updated_at, "
                              u"updated_by) VALUES "_s +
                                  rows + u" RETURNING id, register_id, revision"_s,
                              values))
                return queryError(w, u"inserting readings"_s);
            int returned = 0;
            while (w.next()) {
                ++returned;
                finish(byRegister.value(w.value(1).toLongLong()), w.value(0).toLongLong(),
                       w.value(2).toLongLong());
            }
            if (returned != inserts.size())
                return Error::make(u"db.query_failed"_s, {}, {}, u"not every reading was inserted"_s);
        }
        if (!updates.isEmpty()) {
            QString rows;
            QVariantList values{now, by.value(), source};
            QHash<qint64, Pending> byId;
            for (const Pending &p : std::as_const(updates)) {
                const ReadingRecord &r = *out[p.outIndex].reading;
                rows += rows.isEmpty() ? QString() : u", "_s;
                rows += u"(?::bigint, ?::integer, ?::text, ?::bigint, ?::bigint, ?::text)"_s;
                values << p.readingId << p.version << r.takenOn.toString(Qt::ISODate) << r.value.milli()
                       << r.consumption.milli() << domain::toString(r.state);
                byId.insert(p.readingId, p);
            }
            QSqlQuery w(db);
            if (!execPrepared(
                    w,
                    u"UPDATE readings AS r SET taken_on = v.taken_on, value_milli = v.value_milli, "
                    u"consumption_milli = v.consumption_milli, state = v.state, version = r.version + 1, "
                    u"revision = nextval('reading_revision'), xact = pg_current_xact_id()::text::bigint, "
                    u"updated_at = ?, rejection_reason = '', updated_by = ?, source = ? FROM (VALUES "_s +
                        rows +
                        u") AS v(id, version, taken_on, value_milli, consumption_milli, state) "
                        u"WHERE r.id = v.id AND r.version = v.version RETURNING r.id, r.revision"_s,
                    values))
                return queryError(w, u"updating readings"_s);
            int returned = 0;
            while (w.next()) {
                ++returned;
                finish(byId.value(w.value(0).toLongLong()), w.value(0).toLongLong(), w.value(1).toLongLong());
            }
            if (returned != updates.size())
                return Error::make(u"db.query_failed"_s, {}, {},
                                   u"a reading changed under the account lock"_s);
        }
        return {};
    };
    for (const ReadingWrite &item : items) {
        if (pendingRegisters.contains(item.registerId.value())) {
            if (Error e = flush(); !e.isNull())
                return e;
        }
        Verdict v = judge(account, period, submit, now, item, in);
        if (v.outcome.status != ItemOutcome::Status::Saved) {
            out.append(v.outcome);
            continue;
        }
        if (pg) { // written with the batch (flush); id and revision filled in then
            pending.append(Pending{out.size(), v.update, v.readingId, v.priorVersion});
            pendingRegisters.insert(item.registerId.value());
            out.append(v.outcome);
            continue;
        }
        // SQLite: the feed position from sync_state, then the write.
        ReadingRecord &saved = *v.outcome.reading;
        auto stamp = nextFeedStamp(db);
        if (!stamp)
            return stamp.error();
        QSqlQuery w(db);
        if (v.update) {
            if (!execPrepared(
                    w,
                    u"UPDATE readings SET taken_on = ?, value_milli = ?, consumption_milli = ?, "
                    u"state = ?, version = version + 1, revision = ?, xact = ?, updated_at = ?, "
                    u"rejection_reason = '', updated_by = ?, source = ? WHERE id = ? AND version = ? "
                    u"RETURNING id, revision"_s,
                    QVariantList{saved.takenOn.toString(Qt::ISODate), saved.value.milli(),
                                 saved.consumption.milli(), state, stamp.value().revision, stamp.value().xact,
                                 now, by.value(), source, v.readingId, v.priorVersion}))
                return queryError(w, u"updating a reading"_s);
            if (!w.next())
                return Error::make(u"db.query_failed"_s, {}, {},
                                   u"a reading changed under the account lock"_s);
        } else {
            if (!execPrepared(
                    w,
                    u"INSERT INTO readings (register_id, period, taken_on, value_milli, "
                    u"consumption_milli, state, source, version, revision, xact, updated_at, updated_by) "
                    u"VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id, revision"_s,
                    QVariantList{saved.registerId.value(), period.yyyymm(),
                                 saved.takenOn.toString(Qt::ISODate), saved.value.milli(),
                                 saved.consumption.milli(), state, source, stamp.value().revision,
                                 stamp.value().xact, now, by.value()}) ||
                !w.next())
                return queryError(w, u"inserting a reading"_s);
        }
        saved.id = w.value(0).toLongLong();
        saved.revision = w.value(1).toLongLong();
        w.finish();
        in.existing[saved.registerId.value()] = saved;
        out.append(v.outcome);
    }
    if (Error e = flush(); !e.isNull())
        return e;
    return out;
}

namespace {

QString bigintArray(const QList<qint64> &values)
{
    QString s = u"{"_s;
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i)
            s += u',';
        s += QString::number(values[i]);
    }
    return s + u'}';
}

QList<qint64> bigintsOf(const QString &array) // PostgreSQL's text form: {1,2,3}, {} or NULL
{
    QList<qint64> out;
    const QStringView inner = QStringView(array).mid(1, qMax(qsizetype(0), array.size() - 2));
    if (inner.isEmpty())
        return out;
    for (const QStringView part : inner.split(u','))
        out.append(part.toLongLong());
    return out;
}

// Everything the rules of one save need, in one statement under the account's lock (taken by the
// statement before it, so this one's snapshot sees what earlier writers of the account committed).
// Rows by kind (first column):
//   1 a register: id, meter_id, metering_point_id, parent_id, digits, decimals, ratio, -, -,
//     number, model, verification_due, status (the batch's, and their parents' and siblings')
//   2 a reading of this period of those registers: id, register_id, meter_id, metering_point_id,
//     value_milli, consumption_milli, version, revision, updated_at, taken_on, state,
//     rejection_reason, override_reason
//   3 per register of the batch: register_id, the newest earlier value, -...; the consumptions of
//     the last 12 processed periods as an array (newest first)
//   5 the transaction id, -...; feed revisions for every item of the batch and ids for the batch's
//     registers without a reading this period, as arrays. The answer stored with the writes carries
//     them, so they are taken before the writes; unused ones are gaps, as after a rollback. A revision
//     taken now orders the same as one taken by the write: the feed hands out a transaction's changes
//     only once it has ended (see feed()).
// The key's stored answer is not read here: the plan of a prepared statement is kept, and one made
// while the idempotency table was small scans it whole ever after. A repeat is caught by the key's
// INSERT with the writes instead (a repeat is rare: a client that lost an answer).
// Parameters: account, batch registers (array), period, period - 24 months, item count.
const QString kSaveInputsSql =
    u"WITH b AS (SELECT g.id, g.meter_id, m.metering_point_id AS point, p.parent_id, m.digits, m.decimals, "
    u"m.ratio, m.number, m.model, m.verification_due, m.status FROM registers g "
    u"JOIN meters m ON m.id = g.meter_id JOIN metering_points p ON p.id = m.metering_point_id "
    u"JOIN objects o ON o.id = p.object_id WHERE o.account_id = $1 AND g.id = ANY($2::bigint[])), "
    u"pp AS (SELECT DISTINCT parent_id AS id FROM b WHERE parent_id IS NOT NULL), "
    u"sp AS (SELECT id FROM pp UNION SELECT p.id FROM metering_points p JOIN pp ON p.parent_id = pp.id), "
    u"s AS (SELECT g.id, g.meter_id, m.metering_point_id AS point, p.parent_id, m.digits, m.decimals, "
    u"m.ratio, m.number, m.model, m.verification_due, m.status FROM sp "
    u"JOIN metering_points p ON p.id = sp.id JOIN objects o ON o.id = p.object_id "
    u"JOIN meters m ON m.metering_point_id = p.id JOIN registers g ON g.meter_id = m.id "
    u"WHERE o.account_id = $1), "
    u"g AS (SELECT * FROM b UNION SELECT * FROM s) "
    u"SELECT 1 AS kind, g.id::bigint, g.meter_id::bigint, g.point::bigint, g.parent_id::bigint, "
    u"g.digits::bigint, g.decimals::bigint, g.ratio::bigint, NULL::bigint, NULL::bigint, g.number::text, "
    u"g.model::text, g.verification_due::text, g.status::text FROM g "
    u"UNION ALL SELECT 2, r.id, r.register_id, g.meter_id, g.point, r.value_milli, r.consumption_milli, "
    u"r.version, r.revision, r.updated_at, r.taken_on, r.state, r.rejection_reason, r.override_reason "
    u"FROM readings r JOIN g ON g.id = r.register_id WHERE r.period = $3 "
    u"UNION ALL SELECT 3, r.register_id, (array_agg(r.value_milli ORDER BY r.period DESC))[1], NULL, NULL, "
    u"NULL, NULL, NULL, NULL, NULL, ((array_agg(r.consumption_milli ORDER BY r.period DESC) "
    u"FILTER (WHERE r.state = 'processed'))[1 : 12])::text, NULL, NULL, NULL FROM readings r "
    u"WHERE r.register_id IN (SELECT id FROM b) AND r.period < $3 AND r.period >= $4 "
    u"AND r.state <> 'rejected' GROUP BY r.register_id "
    u"UNION ALL SELECT 5, pg_current_xact_id()::text::bigint, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
    u"NULL, "
    u"ARRAY(SELECT nextval('reading_revision') FROM generate_series(1, $5::integer))::text, "
    u"ARRAY(SELECT nextval(pg_get_serial_sequence('readings', 'id')) FROM b WHERE NOT EXISTS "
    u"(SELECT 1 FROM readings r WHERE r.register_id = b.id AND r.period = $3))::text, NULL, NULL"_s;

// The batch's writes and the stored answer in one statement. The inserts and updates come as arrays
// (one row per register: a register saved twice in the batch is written once, in its last state);
// an update only applies to the version the checks saw. Answers the rows inserted, updated and the
// key stored. The key's INSERT fails (unique) when the key was used before, by a repeat or by another
// request of the user with the key (it waits for that one's commit first): the caller then rolls back
// and takes the general path, which answers the stored answer or request.idempotency_mismatch.
const QString kSaveWritesSql =
    u"WITH ins AS (INSERT INTO readings (id, register_id, period, taken_on, value_milli, consumption_milli, "
    u"state, source, version, revision, xact, updated_at, updated_by) "
    u"SELECT v.id, v.register_id, $1::integer, v.taken_on, v.value_milli, v.consumption_milli, $2::text, "
    u"'consumer', v.version, v.revision, pg_current_xact_id()::text::bigint, $3::bigint, $4::bigint "
    u"FROM unnest($5::bigint[], $6::bigint[], $7::text[], $8::bigint[], $9::bigint[], $10::integer[], "
    u"$11::bigint[]) AS v(id, register_id, taken_on, value_milli, consumption_milli, version, revision) "
    u"RETURNING 1), "
    u"upd AS (UPDATE readings AS r SET taken_on = v.taken_on, value_milli = v.value_milli, "
    u"consumption_milli = v.consumption_milli, state = $2, version = v.version, revision = v.revision, "
    u"xact = pg_current_xact_id()::text::bigint, updated_at = $3, rejection_reason = '', updated_by = $4, "
    u"source = 'consumer' "
    u"FROM unnest($12::bigint[], $13::integer[], $14::text[], $15::bigint[], $16::bigint[], "
    u"$17::integer[], $18::bigint[]) AS v(id, prior, taken_on, value_milli, consumption_milli, version, "
    u"revision) WHERE r.id = v.id AND r.version = v.prior RETURNING 1), "
    u"k AS (INSERT INTO idempotency (user_id, key, request_hash, status, body, created_at) "
    u"VALUES ($19::bigint, $20::text, $21::text, $22::integer, $23::text, $24::bigint) RETURNING 1) "
    u"SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM upd), (SELECT count(*) FROM k)"_s;

bool isRetryable(const QSqlQuery &q)
{
    // unique_violation, deadlock_detected, serialization_failure
    const QString code = q.lastError().nativeErrorCode();
    return code == u"23505" || code == u"40P01" || code == u"40001";
}

} // namespace

Result<IdempotentSave> ReadingRepository::saveIdempotent(const AccessScope &scope, AccountId accountId,
                                                         UserId by, const QString &key,
                                                         const QByteArray &requestHash, qint64 nowMs,
                                                         Period period, bool submit,
                                                         const QList<ReadingWrite> &items,
                                                         const AnswerBuilder &answer)
{
    QSqlDatabase db = m_db.connection();
    IdempotentSave result;
    Transaction tx(db);
    if (!tx.isActive())
        return connectionError(db);
    bool actSigned = false;
    auto found = findAccount(scope, accountId, period, &actSigned);
    if (!found)
        return found.error();
    if (!found.value()) {
        result.outcome = IdempotentSave::Outcome::NotFound;
        return result;
    }
    const ReadingAccount account = *found.value();
    // A period that is not open, and for a consumer a signed readings act, are answered by the general
    // path: a repeat of a request answered before gets that answer there.
    if (!periodNotOpen(period, entryPeriod(account)).isNull() ||
        (actSigned && scope.role == domain::Role::Consumer)) {
        result.outcome = IdempotentSave::Outcome::Retry;
        return result;
    }

    QList<qint64> asked;
    {
        QSet<qint64> seen;
        for (const ReadingWrite &item : items) {
            if (!seen.contains(item.registerId.value())) {
                seen.insert(item.registerId.value());
                asked.append(item.registerId.value());
            }
        }
    }
    SaveInputs in;
    QList<qint64> revisions, newIds;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!execPrepared(q, kSaveInputsSql,
                          {account.id.value(), bigintArray(asked), period.yyyymm(),
                           monthsBefore(period, 24).yyyymm(), int(items.size())}))
            return queryError(q, u"loading a save's inputs"_s);
        QList<ReadingRecord> readings;
        while (q.next()) {
            switch (q.value(0).toInt()) {
            case 1:
                in.regs.insert(q.value(1).toLongLong(),
                               registerInfo(q.value(2).toLongLong(), q.value(3).toLongLong(), q.value(4),
                                            q.value(10).toString(), q.value(11).toString(),
                                            q.value(5).toInt(), q.value(6).toInt(), q.value(7).toInt(),
                                            q.value(12).toString(), q.value(13).toString()));
                break;
            case 2: {
                ReadingRecord r;
                r.id = q.value(1).toLongLong();
                r.registerId = RegisterId(q.value(2).toLongLong());
                r.meterId = MeterId(q.value(3).toLongLong());
                r.meteringPointId = MeteringPointId(q.value(4).toLongLong());
                r.accountId = account.id;
                r.period = period;
                r.value = Energy::fromMilli(q.value(5).toLongLong());
                r.consumption = Energy::fromMilli(q.value(6).toLongLong());
                r.version = q.value(7).toInt();
                r.revision = q.value(8).toLongLong();
                r.updatedAt = QDateTime::fromMSecsSinceEpoch(q.value(9).toLongLong(), Qt::UTC);
                r.takenOn = QDate::fromString(q.value(10).toString(), Qt::ISODate);
                r.state = domain::readingStateFromString(q.value(11).toString())
                              .value_or(domain::ReadingState::Ready);
                r.rejectionReason = q.value(12).toString();
                r.overrideReason = q.value(13).toString();
                addExisting(in, r);
                break;
            }
            case 3: {
                const qint64 reg = q.value(1).toLongLong();
                in.previous.insert(reg, Energy::fromMilli(q.value(2).toLongLong()));
                QList<Energy> &closed = in.closed[reg];
                for (const qint64 c : bigintsOf(q.value(10).toString()))
                    closed.append(Energy::fromMilli(c));
                break;
            }
            case 5:
                revisions = bigintsOf(q.value(10).toString());
                newIds = bigintsOf(q.value(11).toString());
                break;
            }
        }
    }

    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    QList<ItemOutcome> out;
    out.reserve(items.size());
    // One write per register, in its last state; an update replaces the version read above.
    struct Write
    {
        qsizetype outIndex = 0;
        bool update = false;
        int priorVersion = 0;
    };
    QList<Write> writes;
    QHash<qint64, qsizetype> writeOf; // register -> index in writes
    qsizetype nextId = 0, nextRevision = 0;
    for (const ReadingWrite &item : items) {
        Verdict v = judge(account, period, submit, now, item, in);
        if (v.outcome.status == ItemOutcome::Status::Saved) {
            ReadingRecord &saved = *v.outcome.reading;
            if (!v.update) {
                if (nextId >= newIds.size())
                    return Error::make(u"db.query_failed"_s, {}, {}, u"too few reading ids taken"_s);
                saved.id = newIds[nextId++];
            }
            if (nextRevision >= revisions.size())
                return Error::make(u"db.query_failed"_s, {}, {}, u"too few feed revisions taken"_s);
            saved.revision = revisions[nextRevision++];
            in.existing[saved.registerId.value()] = saved;
            const auto w = writeOf.constFind(saved.registerId.value());
            if (w == writeOf.cend()) {
                writeOf.insert(saved.registerId.value(), writes.size());
                writes.append(Write{out.size(), v.update, v.priorVersion});
            } else {
                writes[*w].outIndex = out.size();
            }
        }
        out.append(v.outcome);
    }
    const QByteArray body = answer(out);

    QList<qint64> insId, insReg, insValue, insUsed, insVersion, insRevision;
    QList<qint64> updId, updPrior, updValue, updUsed, updVersion, updRevision;
    QString insTaken = u"{"_s, updTaken = u"{"_s;
    for (const Write &w : std::as_const(writes)) {
        const ReadingRecord &r = *out[w.outIndex].reading;
        const QString taken = r.takenOn.toString(Qt::ISODate);
        if (w.update) {
            updTaken += (updId.isEmpty() ? u""_s : u","_s) + taken;
            updId << r.id;
            updPrior << w.priorVersion;
            updValue << r.value.milli();
            updUsed << r.consumption.milli();
            updVersion << r.version;
            updRevision << r.revision;
        } else {
            insTaken += (insId.isEmpty() ? u""_s : u","_s) + taken;
            insId << r.id;
            insReg << r.registerId.value();
            insValue << r.value.milli();
            insUsed << r.consumption.milli();
            insVersion << r.version;
            insRevision << r.revision;
        }
    }
    insTaken += u'}';
    updTaken += u'}';
    QSqlQuery q(db);
    if (!execPrepared(q, kSaveWritesSql,
                      {period.yyyymm(),
                       submit ? u"submitted"_s : u"ready"_s,
                       now,
                       by.value(),
                       bigintArray(insId),
                       bigintArray(insReg),
                       insTaken,
                       bigintArray(insValue),
                       bigintArray(insUsed),
                       bigintArray(insVersion),
                       bigintArray(insRevision),
                       bigintArray(updId),
                       bigintArray(updPrior),
                       updTaken,
                       bigintArray(updValue),
                       bigintArray(updUsed),
                       bigintArray(updVersion),
                       bigintArray(updRevision),
                       by.value(),
                       key,
                       QString::fromLatin1(requestHash),
                       200,
                       QString::fromUtf8(body),
                       nowMs})) {
        if (isRetryable(q)) {
            result.outcome = IdempotentSave::Outcome::Retry;
            return result;
        }
        return queryError(q, u"saving readings"_s);
    }
    if (!q.next() || q.value(0).toLongLong() != insId.size() || q.value(1).toLongLong() != updId.size() ||
        q.value(2).toLongLong() != 1)
        return Error::make(u"db.query_failed"_s, {}, {}, u"a reading changed under the account lock"_s);
    q.finish();
    if (!tx.commit())
        return connectionError(db);
    result.answer.status = 200;
    result.answer.body = body;
    return result;
}

Result<QList<ReadingRecord>> ReadingRepository::submit(const ReadingAccount &account, UserId by,
                                                       Period period)
{
    if (Error e = periodNotOpen(period, entryPeriod(account)); !e.isNull())
        return e;
    QSqlDatabase db = m_db.connection();
    if (auto locked = lockAccount(db, account.id); !locked)
        return locked.error();
    auto rows = ofPeriod(account.id, period);
    if (!rows)
        return rows.error();
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    QList<ReadingRecord> out;
    for (const ReadingRecord &r : rows.value()) {
        if (r.state != domain::ReadingState::Ready)
            continue;
        auto stamp = nextFeedStamp(db);
        if (!stamp)
            return stamp.error();
        QSqlQuery w(db);
        if (!execPrepared(w,
                          u"UPDATE readings SET state = 'submitted', version = version + 1, revision = ?, "
                          u"xact = ?, updated_at = ?, updated_by = ? WHERE id = ?"_s,
                          {stamp.value().revision, stamp.value().xact, now, by.value(), r.id}))
            return queryError(w, u"submitting a reading"_s);
        auto saved = byId(r.id);
        if (!saved)
            return saved.error();
        if (saved.value())
            out.append(*saved.value());
    }
    return out;
}

Result<FeedPage> ReadingRepository::feed(const AccessScope &scope, const FeedCursor &since, int limit) const
{
    QSqlDatabase db = m_db.connection();
    const Condition cond = scopeCondition(scope);
    // PostgreSQL: only changes of transactions below the snapshot's xmin; any transaction still
    // running (and so any change that could commit later) has an id at or above it.
    const QString horizon = SqlDialect::of(db).kind() == SqlDialect::Kind::Postgres
                                ? u"r.xact < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"_s
                                : u"1 = 1"_s;
    FeedCursor from = since;
    from.recent = false;
    if (since.recent) {
        // A first sync: recent periods only, up to the feed's end now. Everything at or before that
        // end is below the horizon already, so later pages see all of it.
        QSqlQuery q(db);
        if (!q.exec(u"SELECT r.xact, r.revision FROM readings r WHERE "_s + horizon +
                    u" ORDER BY r.xact DESC, r.revision DESC LIMIT 1"_s))
            return queryError(q, u"finding the feed's end"_s);
        if (!q.next()) { // nothing in the feed yet: stay at the start
            FeedPage empty;
            empty.next = since;
            return empty;
        }
        from.endXact = q.value(0).toLongLong();
        from.endRevision = q.value(1).toLongLong();
        Period floor = Period::fromDate(m_clock.today());
        for (int i = 0; i < kFirstSyncMonths; ++i)
            floor = floor.previous();
        from.floorPeriod = floor.yyyymm();
    }
    const bool bounded = from.floorPeriod != 0;
    QString sql = u"SELECT "_s + kReadingColumns + u", r.xact"_s + kReadingFrom + kScopeJoin +
                  u" WHERE (r.xact, r.revision) > (?, ?) AND "_s + horizon + u" AND "_s + cond.sql;
    QVariantList values{from.xact, from.revision, cond.value};
    if (bounded) {
        sql += u" AND r.period >= ? AND (r.xact, r.revision) <= (?, ?)"_s;
        values << from.floorPeriod << from.endXact << from.endRevision;
    }
    sql += u" ORDER BY r.xact, r.revision LIMIT ?"_s;
    values << limit + 1;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!execPrepared(q, sql, values))
        return queryError(q, u"reading the sync feed"_s);
    FeedPage page;
    FeedCursor last = from;
    while (q.next()) {
        if (page.items.size() == limit) {
            page.more = true;
            break;
        }
        page.items.append(recordFrom(q));
        last.xact = q.value(kReadingColumnCount).toLongLong();
        last.revision = page.items.last().revision;
        page.positions.append(FeedCursor{last.xact, last.revision});
    }
    if (bounded && !page.more)
        page.next = FeedCursor{from.endXact, from.endRevision}; // the first sync is done
    else
        page.next = last;
    return page;
}

Result<ClerkPage> ReadingRepository::queue(const AccessScope &scope, const ClerkFilter &filter) const
{
    ClerkPage page;
    if (scope.role == domain::Role::Consumer)
        return page;
    const Condition cond = scopeCondition(scope);
    QString where = u" WHERE "_s + cond.sql;
    QVariantList values{cond.value};
    if (!filter.state.isEmpty()) {
        where += u" AND r.state = ?"_s;
        values << filter.state;
    }
    if (filter.period) {
        where += u" AND r.period = ?"_s;
        values << filter.period->yyyymm();
    }
    if (!filter.q.trimmed().isEmpty()) {
        where += u" AND (a.number LIKE ? ESCAPE '\\' OR c.name_folded LIKE ? ESCAPE '\\')"_s;
        values << QString(escapeLike(filter.q.trimmed()) + u'%')
               << QString(u'%' + escapeLike(foldForSearch(filter.q.trimmed())) + u'%');
    }
    QSqlDatabase db = m_db.connection();
    {
        QSqlQuery q(db);
        if (!execPrepared(q, u"SELECT COUNT(*)"_s + kReadingFrom + kScopeJoin + where, values))
            return queryError(q, u"counting the queue"_s);
        page.total = q.next() ? q.value(0).toLongLong() : 0;
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!execPrepared(q,
                      u"SELECT "_s + kReadingColumns + u", a.number, c.name, m.number"_s + kReadingFrom +
                          kScopeJoin + where +
                          u" ORDER BY r.period DESC, a.number, r.register_id LIMIT ? OFFSET ?"_s,
                      values + QVariantList{filter.limit, filter.offset}))
        return queryError(q, u"listing the queue"_s);
    while (q.next()) {
        ClerkRow row;
        row.reading = recordFrom(q);
        row.accountNumber = q.value(kReadingColumnCount).toString();
        row.consumerName = q.value(kReadingColumnCount + 1).toString();
        row.meterNumber = q.value(kReadingColumnCount + 2).toString();
        page.rows.append(row);
    }
    q.finish();
    for (ClerkRow &row : page.rows) {
        auto hist = closedHistory(row.reading.registerId, row.reading.period);
        if (!hist)
            return hist.error();
        row.rangeWarning = !domain::checkRange(row.reading.consumption, hist.value()).isNull();
    }
    return page;
}

Result<QList<ItemOutcome>> ReadingRepository::decide(const AccessScope &scope, UserId by,
                                                     const QList<qint64> &ids, bool accept,
                                                     const QString &reason, bool overrideRange)
{
    QSqlDatabase db = m_db.connection();
    const Condition cond = scopeCondition(scope);
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    QList<ItemOutcome> out;
    for (const qint64 id : ids) {
        ItemOutcome o;
        o.id = id;
        o.status = ItemOutcome::Status::Refused;
        std::optional<ReadingRecord> r;
        if (scope.role != domain::Role::Consumer) {
            QSqlQuery q(db);
            if (!execPrepared(q,
                              u"SELECT "_s + kReadingColumns + kReadingFrom + kScopeJoin +
                                  u" WHERE r.id = ? AND "_s + cond.sql,
                              {id, cond.value}))
                return queryError(q, u"loading a reading"_s);
            if (q.next())
                r = recordFrom(q);
        }
        if (!r) {
            o.error = refusal(u"not_found"_s, u"ids"_s);
            out.append(o);
            continue;
        }
        if (r->state == domain::ReadingState::Processed || r->state == domain::ReadingState::Rejected) {
            o.error = refusal(u"reading.locked"_s, u"ids"_s);
            o.reading = r;
            out.append(o);
            continue;
        }
        QString overrideReason;
        if (accept) {
            auto hist = closedHistory(r->registerId, r->period);
            if (!hist)
                return hist.error();
            if (Error e = domain::checkRange(r->consumption, hist.value()); !e.isNull()) {
                if (!overrideRange) {
                    o.error = e;
                    o.reading = r;
                    out.append(o);
                    continue;
                }
                overrideReason = reason;
            }
        }
        auto stamp = nextFeedStamp(db);
        if (!stamp)
            return stamp.error();
        QSqlQuery w(db);
        // Only the version the clerk's checks saw: a consumer's edit in between makes it a conflict.
        if (!execPrepared(w,
                          u"UPDATE readings SET state = ?, rejection_reason = ?, override_reason = ?, "
                          u"version = version + 1, revision = ?, xact = ?, updated_at = ?, updated_by = ? "
                          u"WHERE id = ? AND version = ?"_s,
                          {accept ? u"processed"_s : u"rejected"_s, accept ? QString(u""_s) : reason,
                           notNull(overrideReason), stamp.value().revision, stamp.value().xact, now,
                           by.value(), id, r->version}))
            return queryError(w, u"deciding on a reading"_s);
        if (w.numRowsAffected() != 1) {
            auto current = byId(id);
            if (!current)
                return current.error();
            o.status = ItemOutcome::Status::Conflict;
            o.error = refusal(u"reading.version_conflict"_s, u"ids"_s);
            o.reading = current.value();
            out.append(o);
            continue;
        }
        auto saved = byId(id);
        if (!saved)
            return saved.error();
        o.status = ItemOutcome::Status::Saved;
        o.reading = saved.value();
        out.append(o);
    }
    return out;
}

Result<std::optional<ReplacedMeter>> ReadingRepository::replaceMeter(const AccessScope &scope, UserId by,
                                                                     const MeterReplacement &r)
{
    using Out = std::optional<ReplacedMeter>;
    if (scope.role == domain::Role::Consumer)
        return Out();
    QSqlDatabase db = m_db.connection();
    const Condition cond = scopeCondition(scope);
    domain::Meter old;
    qint64 pointId = 0;
    AccountId accountId;
    {
        QSqlQuery q(db);
        if (!execPrepared(
                q,
                u"SELECT m.id, m.metering_point_id, m.number, m.model, m.digits, m.decimals, m.ratio, "
                u"m.verification_due, m.status, o.account_id FROM meters m JOIN metering_points p ON p.id = "
                u"m.metering_point_id "
                u"JOIN objects o ON o.id = p.object_id"_s +
                    kScopeJoin + u" WHERE m.id = ? AND "_s + cond.sql,
                {r.oldMeter.value(), cond.value}))
            return queryError(q, u"loading a meter"_s);
        if (!q.next())
            return Out();
        old.id = MeterId(q.value(0).toLongLong());
        pointId = q.value(1).toLongLong();
        old.number = q.value(2).toString();
        old.model = q.value(3).toString();
        old.digits = q.value(4).toInt();
        old.decimals = q.value(5).toInt();
        old.ratio = q.value(6).toInt();
        old.verificationDue = QDate::fromString(q.value(7).toString(), Qt::ISODate);
        if (q.value(8).toString() == u"removed")
            return Error::make(u"reading.meter_changed"_s, u"id"_s, {}, u"the meter was already replaced"_s);
        accountId = AccountId(q.value(9).toLongLong());
    }
    {
        auto account = this->account(scope, accountId);
        if (!account)
            return account.error();
        if (!account.value())
            return Out();
        if (auto locked = lockAccount(db, accountId); !locked)
            return locked.error();
        if (Error e = periodNotOpen(r.period, entryPeriod(*account.value())); !e.isNull())
            return e;
    }
    if (!r.takenOn.isValid() || r.takenOn < r.period.firstDay() || r.takenOn > m_clock.today())
        return Error::make(u"request.invalid_field"_s, u"taken_on"_s);
    const domain::Meter &nm = r.newMeter;
    if (nm.number.trimmed().isEmpty() || nm.number.size() > 40)
        return Error::make(u"request.invalid_field"_s, u"new_meter.number"_s);
    if (nm.digits < 1 || nm.digits > 12)
        return Error::make(u"request.invalid_field"_s, u"new_meter.digits"_s);
    if (nm.decimals < 0 || nm.decimals > 3)
        return Error::make(u"request.invalid_field"_s, u"new_meter.decimals"_s);
    if (nm.ratio < 1)
        return Error::make(u"request.invalid_field"_s, u"new_meter.ratio"_s);
    if (!nm.verificationDue.isValid())
        return Error::make(u"request.invalid_field"_s, u"new_meter.verification_due"_s);
    if (r.zones.isEmpty() || QSet<domain::Zone>(r.zones.cbegin(), r.zones.cend()).size() != r.zones.size())
        return Error::make(u"request.invalid_field"_s, u"new_meter.zones"_s);

    // The old meter's registers, each with its closing value and the previous reading.
    QList<qint64> oldRegisters;
    {
        QSqlQuery q(db);
        if (!execPrepared(q, u"SELECT id FROM registers WHERE meter_id = ? ORDER BY position, id"_s,
                          {old.id.value()}))
            return queryError(q, u"loading registers"_s);
        while (q.next())
            oldRegisters.append(q.value(0).toLongLong());
    }
    if (r.closing.size() != oldRegisters.size())
        return Error::make(u"request.invalid_field"_s, u"closing"_s, {},
                           u"one closing value per register of the old meter"_s);
    if (r.opening.size() != r.zones.size())
        return Error::make(u"request.invalid_field"_s, u"opening"_s, {},
                           u"one opening value per zone of the new meter"_s);
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    const QString takenOn = r.takenOn.toString(Qt::ISODate);
    for (qsizetype i = 0; i < r.closing.size(); ++i) {
        const qint64 reg = r.closing[i].first.value();
        const QString field = u"closing[%1]"_s.arg(i);
        if (!oldRegisters.contains(reg))
            return Error::make(u"request.invalid_field"_s, field + u".register_id"_s);
        auto value = domain::parseReadingValue(r.closing[i].second, old);
        if (!value)
            return Error::make(value.error().code(), field + u".value"_s, value.error().args(),
                               value.error().detail());
        QSqlQuery q(db);
        if (!execPrepared(q,
                          u"SELECT value_milli FROM readings WHERE register_id = ? AND period < ? AND state "
                          u"<> 'rejected' "
                          u"ORDER BY period DESC LIMIT 1"_s,
                          {reg, r.period.yyyymm()}))
            return queryError(q, u"loading the previous reading"_s);
        const Energy before = q.next() ? Energy::fromMilli(q.value(0).toLongLong()) : value.value();
        q.finish();
        auto used = domain::consumption(old, before, value.value());
        if (!used)
            return Error::make(used.error().code(), field + u".value"_s, used.error().args(),
                               used.error().detail());
        auto stamp = nextFeedStamp(db);
        if (!stamp)
            return stamp.error();
        QSqlQuery w(db);
        if (!execPrepared(w, u"SELECT id, state FROM readings WHERE register_id = ? AND period = ?"_s,
                          {reg, r.period.yyyymm()}))
            return queryError(w, u"loading a reading"_s);
        if (w.next()) {
            if (w.value(1).toString() == u"processed")
                return Error::make(u"reading.locked"_s, field);
            const qint64 id = w.value(0).toLongLong();
            w.finish();
            if (!execPrepared(
                    w,
                    u"UPDATE readings SET taken_on = ?, value_milli = ?, consumption_milli = ?, state = "
                    u"'processed', "
                    u"source = 'clerk', version = version + 1, revision = ?, xact = ?, updated_at = ?, "
                    u"updated_by = ?, rejection_reason = '' WHERE id = ?"_s,
                    {takenOn, value.value().milli(), used.value().milli(), stamp.value().revision,
                     stamp.value().xact, now, by.value(), id}))
                return queryError(w, u"storing a closing reading"_s);
        } else {
            w.finish();
            if (!execPrepared(w,
                              u"INSERT INTO readings (register_id, period, taken_on, value_milli, "
                              u"consumption_milli, state, "
                              u"source, version, revision, xact, updated_at, updated_by) "
                              u"VALUES (?, ?, ?, ?, ?, 'processed', 'clerk', 1, ?, ?, ?, ?)"_s,
                              {reg, r.period.yyyymm(), takenOn, value.value().milli(), used.value().milli(),
                               stamp.value().revision, stamp.value().xact, now, by.value()}))
                return queryError(w, u"storing a closing reading"_s);
        }
    }
    {
        QSqlQuery q(db);
        if (!execPrepared(q, u"UPDATE meters SET status = 'removed', removed_on = ? WHERE id = ?"_s,
                          {takenOn, old.id.value()}))
            return queryError(q, u"removing the old meter"_s);
    }
    ReplacedMeter out;
    out.oldMeterId = old.id;
    out.meter = nm;
    out.meter.installedOn = r.takenOn;
    out.meter.status = nm.verificationDue < r.takenOn ? domain::MeterStatus::VerificationExpired
                                                      : domain::MeterStatus::Working;
    {
        QSqlQuery q(db);
        if (!execPrepared(q,
                          u"INSERT INTO meters (metering_point_id, number, model, digits, decimals, ratio, "
                          u"installed_on, "
                          u"verification_due, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
                          {pointId, nm.number.trimmed(), notNull(nm.model), nm.digits, nm.decimals, nm.ratio,
                           takenOn, nm.verificationDue.toString(Qt::ISODate),
                           domain::toString(out.meter.status)}) ||
            !q.next())
            return queryError(q, u"inserting the new meter"_s);
        out.meter.id = MeterId(q.value(0).toLongLong());
    }
    for (qsizetype i = 0; i < r.zones.size(); ++i) {
        QSqlQuery q(db);
        if (!execPrepared(q,
                          u"INSERT INTO registers (meter_id, zone, position) VALUES (?, ?, ?) RETURNING id"_s,
                          {out.meter.id.value(), domain::toString(r.zones[i]), int(i)}) ||
            !q.next())
            return queryError(q, u"inserting a register"_s);
        domain::Register g;
        g.id = RegisterId(q.value(0).toLongLong());
        g.zone = r.zones[i];
        out.meter.registers.append(g);
    }
    for (qsizetype i = 0; i < r.opening.size(); ++i) {
        const QString field = u"opening[%1]"_s.arg(i);
        const qsizetype at = r.zones.indexOf(r.opening[i].first);
        if (at < 0)
            return Error::make(u"request.invalid_field"_s, field + u".zone"_s);
        auto value = domain::parseReadingValue(r.opening[i].second, out.meter);
        if (!value)
            return Error::make(value.error().code(), field + u".value"_s, value.error().args(),
                               value.error().detail());
        auto stamp = nextFeedStamp(db);
        if (!stamp)
            return stamp.error();
        QSqlQuery q(db);
        // The opening reading is where the new register starts: nothing was used on it yet.
        if (!execPrepared(q,
                          u"INSERT INTO readings (register_id, period, taken_on, value_milli, "
                          u"consumption_milli, state, "
                          u"source, version, revision, xact, updated_at, updated_by) "
                          u"VALUES (?, ?, ?, ?, 0, 'processed', 'clerk', 1, ?, ?, ?, ?)"_s,
                          {out.meter.registers[at].id.value(), r.period.yyyymm(), takenOn,
                           value.value().milli(), stamp.value().revision, stamp.value().xact, now,
                           by.value()}))
            return queryError(q, u"storing an opening reading"_s);
    }
    return Out(out);
}

} // namespace oblik::store
