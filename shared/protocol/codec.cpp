#include "protocol/codec.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace oblik::protocol {
namespace {

QString dateString(const QDate &d)
{
    return d.isValid() ? d.toString(Qt::ISODate) : QString();
}

QJsonValue nullableDate(const QDate &d)
{
    return d.isValid() ? QJsonValue(d.toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

// Reads members of one JSON object and remembers the first thing that is wrong, with its path, so
// that a decoder reads straight through and checks once at the end.
class Reader
{
public:
    Reader(const QJsonObject &o, QString path, Error *firstError)
        : m_o(o), m_path(std::move(path)), m_error(firstError)
    {}

    QString string(const char *key, bool required = true)
    {
        const auto v = m_o.value(QLatin1StringView(key));
        if (v.isString())
            return v.toString();
        if (!v.isNull() && !v.isUndefined())
            fail(key, "a string");
        else if (required)
            fail(key, "a string");
        return {};
    }

    qint64 integer(const char *key)
    {
        const auto v = m_o.value(QLatin1StringView(key));
        const double d = v.toDouble(-1.5);
        if (!v.isDouble() || d != double(qint64(d))) {
            fail(key, "an integer");
            return 0;
        }
        return qint64(d);
    }

    std::optional<qint64> optionalInteger(const char *key)
    {
        const auto v = m_o.value(QLatin1StringView(key));
        if (v.isNull() || v.isUndefined())
            return std::nullopt;
        return integer(key);
    }

    bool boolean(const char *key)
    {
        const auto v = m_o.value(QLatin1StringView(key));
        if (!v.isBool())
            fail(key, "true or false");
        return v.toBool();
    }

    QDate date(const char *key, bool required = true)
    {
        const QString s = string(key, required);
        if (s.isEmpty())
            return {};
        const QDate d = QDate::fromString(s, Qt::ISODate);
        if (!d.isValid())
            fail(key, "a date YYYY-MM-DD");
        return d;
    }

    Energy energy(const char *key)
    {
        const auto r = Energy::parse(string(key));
        if (!r.ok()) {
            fail(key, "an energy value with up to 3 decimals");
            return {};
        }
        return r.value();
    }

    template <class T, class F> T enumeration(const char *key, F fromString)
    {
        const auto v = fromString(string(key));
        if (!v) {
            fail(key, "one of the documented values");
            return T{};
        }
        return *v;
    }

    QJsonObject object(const char *key, bool required = true)
    {
        const auto v = m_o.value(QLatin1StringView(key));
        if (v.isObject())
            return v.toObject();
        if (required || !(v.isNull() || v.isUndefined()))
            fail(key, "an object");
        return {};
    }

    bool has(const char *key) const
    {
        const auto v = m_o.value(QLatin1StringView(key));
        return !v.isNull() && !v.isUndefined();
    }

    // Decodes each element of an array member with `decode(object, path)`.
    template <class T, class F> QList<T> array(const char *key, F decode)
    {
        QList<T> out;
        const auto v = m_o.value(QLatin1StringView(key));
        if (!v.isArray()) {
            fail(key, "an array");
            return out;
        }
        const auto a = v.toArray();
        out.reserve(a.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString path = childPath(key) + u'[' + QString::number(i) + u']';
            if (!a.at(i).isObject()) {
                failAt(path, "an object");
                continue;
            }
            out.append(decode(a.at(i).toObject(), path));
        }
        return out;
    }

    QString childPath(const char *key) const
    {
        return m_path.isEmpty() ? QString::fromLatin1(key) : m_path + u'.' + QLatin1StringView(key);
    }

    Error *errorSink() const { return m_error; }

private:
    void fail(const char *key, const char *expected) { failAt(childPath(key), expected); }
    void failAt(const QString &path, const char *expected)
    {
        if (m_error->isNull())
            *m_error = Error::make(u"network.bad_response"_s, path, {},
                                   path + u" must be "_s + QLatin1StringView(expected));
    }

    QJsonObject m_o;
    QString m_path;
    Error *m_error;
};

template <class T> Result<T> finish(T value, const Error &e)
{
    if (!e.isNull())
        return e;
    return value;
}

QJsonObject toJson(const domain::District &d)
{
    return {{u"id"_s, d.id.value()},
            {u"code"_s, d.code},
            {u"name"_s, d.name},
            {u"address"_s, d.address},
            {u"phone"_s, d.phone}};
}

QJsonObject toJson(const domain::Supplier &s)
{
    return {{u"id"_s, s.id.value()},
            {u"name"_s, s.name},
            {u"edrpou"_s, s.edrpou},
            {u"iban"_s, s.iban},
            {u"address"_s, s.address}};
}

domain::District districtFrom(const QJsonObject &o, const QString &path, Error *e)
{
    Reader r(o, path, e);
    domain::District d;
    d.id = DistrictId(r.integer("id"));
    d.code = r.string("code");
    d.name = r.string("name");
    d.address = r.string("address", false);
    d.phone = r.string("phone", false);
    return d;
}

domain::Supplier supplierFrom(const QJsonObject &o, const QString &path, Error *e)
{
    Reader r(o, path, e);
    domain::Supplier s;
    s.id = SupplierId(r.integer("id"));
    s.name = r.string("name");
    s.edrpou = r.string("edrpou", false);
    s.iban = r.string("iban", false);
    s.address = r.string("address", false);
    return s;
}

domain::User userFrom(const QJsonObject &o, const QString &path, Error *e)
{
    Reader r(o, path, e);
    domain::User u;
    u.id = UserId(r.integer("id"));
    u.login = r.string("login");
    u.name = r.string("name");
    u.role = r.enumeration<domain::Role>("role", domain::roleFromString);
    if (r.has("district"))
        u.district = districtFrom(r.object("district"), r.childPath("district"), e);
    if (r.has("supplier"))
        u.supplier = supplierFrom(r.object("supplier"), r.childPath("supplier"), e);
    return u;
}

domain::AccountSummary summaryFrom(const QJsonObject &o, const QString &path, Error *e)
{
    Reader r(o, path, e);
    domain::AccountSummary a;
    a.id = AccountId(r.integer("id"));
    a.number = r.string("number");
    a.address = r.string("address", false);
    a.consumerName = r.string("consumer_name");
    a.consumerKind = r.enumeration<domain::ConsumerKind>("consumer_kind", domain::consumerKindFromString);
    a.contractNumber = r.string("contract_number", false);
    a.districtName = r.string("district_name", false);
    return a;
}

domain::Register registerFrom(const QJsonObject &o, const QString &path, Error *e)
{
    Reader r(o, path, e);
    domain::Register reg;
    reg.id = RegisterId(r.integer("id"));
    reg.zone = r.enumeration<domain::Zone>("zone", domain::zoneFromString);
    if (r.has("last_reading")) {
        Reader lr(r.object("last_reading"), r.childPath("last_reading"), e);
        domain::Reading reading;
        const auto period = Period::parse(lr.string("period"));
        if (period.ok())
            reading.period = period.value();
        else if (e->isNull())
            *e = Error::make(u"network.bad_response"_s, lr.childPath("period"));
        reading.takenOn = lr.date("taken_on");
        reading.value = lr.energy("value");
        reading.consumption = lr.energy("consumption");
        if (lr.has("state"))
            reading.state = lr.enumeration<domain::ReadingState>("state", domain::readingStateFromString);
        reg.lastReading = reading;
    }
    return reg;
}

domain::Meter meterFrom(const QJsonObject &o, const QString &path, Error *e)
{
    Reader r(o, path, e);
    domain::Meter m;
    m.id = MeterId(r.integer("id"));
    m.number = r.string("number");
    m.model = r.string("model");
    m.digits = int(r.integer("digits"));
    m.decimals = int(r.integer("decimals"));
    m.ratio = int(r.integer("ratio"));
    m.installedOn = r.date("installed_on", false);
    m.verificationDue = r.date("verification_due");
    m.status = r.enumeration<domain::MeterStatus>("status", domain::meterStatusFromString);
    m.registers = r.array<domain::Register>(
        "registers", [e](const QJsonObject &ro, const QString &p) { return registerFrom(ro, p, e); });
    return m;
}

domain::MeteringPoint pointFrom(const QJsonObject &o, const QString &path, Error *e)
{
    Reader r(o, path, e);
    domain::MeteringPoint p;
    p.id = MeteringPointId(r.integer("id"));
    p.code = r.string("code");
    p.name = r.string("name");
    p.kind = r.enumeration<domain::PointKind>("kind", domain::pointKindFromString);
    p.voltageV = int(r.integer("voltage_v"));
    if (const auto parent = r.optionalInteger("parent_id"))
        p.parentId = MeteringPointId(*parent);
    p.meters = r.array<domain::Meter>(
        "meters", [e](const QJsonObject &mo, const QString &mp) { return meterFrom(mo, mp, e); });
    return p;
}

domain::SiteObject objectFrom(const QJsonObject &o, const QString &path, Error *e)
{
    Reader r(o, path, e);
    domain::SiteObject so;
    so.id = ObjectId(r.integer("id"));
    so.name = r.string("name");
    so.address = r.string("address", false);
    so.meteringPoints = r.array<domain::MeteringPoint>(
        "metering_points", [e](const QJsonObject &po, const QString &pp) { return pointFrom(po, pp, e); });
    return so;
}

domain::Contract contractFrom(const QJsonObject &o, const QString &path, Error *e)
{
    Reader r(o, path, e);
    domain::Contract c;
    c.id = ContractId(r.integer("id"));
    c.number = r.string("number");
    c.signedOn = r.date("signed_on", false);
    c.consumerClass = r.string("consumer_class", false);
    c.billingDay = int(r.integer("billing_day"));
    c.windowWorkingDays = int(r.integer("window_working_days"));
    c.requiresSignedAct = r.boolean("requires_signed_act");
    c.selfCalculation = r.boolean("self_calculation");
    return c;
}

domain::Consumer consumerFrom(const QJsonObject &o, const QString &path, Error *e)
{
    Reader r(o, path, e);
    domain::Consumer c;
    c.id = ConsumerId(r.integer("id"));
    c.kind = r.enumeration<domain::ConsumerKind>("kind", domain::consumerKindFromString);
    c.name = r.string("name");
    c.edrpou = r.string("edrpou", false);
    c.ipn = r.string("ipn", false);
    c.address = r.string("address", false);
    c.iban = r.string("iban", false);
    c.phone = r.string("phone", false);
    c.email = r.string("email", false);
    return c;
}

} // namespace

QJsonObject toJson(const domain::User &u)
{
    return {{u"id"_s, u.id.value()},
            {u"login"_s, u.login},
            {u"name"_s, u.name},
            {u"role"_s, domain::toString(u.role)},
            {u"district"_s, u.district ? QJsonValue(toJson(*u.district)) : QJsonValue(QJsonValue::Null)},
            {u"supplier"_s, u.supplier ? QJsonValue(toJson(*u.supplier)) : QJsonValue(QJsonValue::Null)}};
}

QJsonObject toJson(const domain::AccountSummary &a)
{
    return {{u"id"_s, a.id.value()},
            {u"number"_s, a.number},
            {u"address"_s, a.address},
            {u"consumer_name"_s, a.consumerName},
            {u"consumer_kind"_s, domain::toString(a.consumerKind)},
            {u"contract_number"_s, a.contractNumber},
            {u"district_name"_s, a.districtName}};
}

QJsonObject toJson(const domain::AccountDetail &a)
{
    QJsonArray contracts;
    for (const auto &c : a.contracts)
        contracts.append(QJsonObject{{u"id"_s, c.id.value()},
                                     {u"number"_s, c.number},
                                     {u"signed_on"_s, dateString(c.signedOn)},
                                     {u"consumer_class"_s, c.consumerClass},
                                     {u"billing_day"_s, c.billingDay},
                                     {u"window_working_days"_s, c.windowWorkingDays},
                                     {u"requires_signed_act"_s, c.requiresSignedAct},
                                     {u"self_calculation"_s, c.selfCalculation}});
    QJsonArray objects;
    for (const auto &o : a.objects) {
        QJsonArray points;
        for (const auto &p : o.meteringPoints) {
            QJsonArray meters;
            for (const auto &m : p.meters) {
                QJsonArray registers;
                for (const auto &r : m.registers) {
                    QJsonValue last(QJsonValue::Null);
                    if (r.lastReading)
                        last = QJsonObject{{u"period"_s, r.lastReading->period.toString()},
                                           {u"taken_on"_s, dateString(r.lastReading->takenOn)},
                                           {u"value"_s, r.lastReading->value.toString()},
                                           {u"consumption"_s, r.lastReading->consumption.toString()},
                                           {u"state"_s, domain::toString(r.lastReading->state)}};
                    registers.append(QJsonObject{{u"id"_s, r.id.value()},
                                                 {u"zone"_s, domain::toString(r.zone)},
                                                 {u"last_reading"_s, last}});
                }
                meters.append(QJsonObject{{u"id"_s, m.id.value()},
                                          {u"number"_s, m.number},
                                          {u"model"_s, m.model},
                                          {u"digits"_s, m.digits},
                                          {u"decimals"_s, m.decimals},
                                          {u"ratio"_s, m.ratio},
                                          {u"installed_on"_s, nullableDate(m.installedOn)},
                                          {u"verification_due"_s, dateString(m.verificationDue)},
                                          {u"status"_s, domain::toString(m.status)},
                                          {u"registers"_s, registers}});
            }
            points.append(QJsonObject{
                {u"id"_s, p.id.value()},
                {u"code"_s, p.code},
                {u"name"_s, p.name},
                {u"kind"_s, domain::toString(p.kind)},
                {u"voltage_v"_s, p.voltageV},
                {u"parent_id"_s, p.parentId ? QJsonValue(p.parentId->value()) : QJsonValue(QJsonValue::Null)},
                {u"meters"_s, meters}});
        }
        objects.append(QJsonObject{{u"id"_s, o.id.value()},
                                   {u"name"_s, o.name},
                                   {u"address"_s, o.address},
                                   {u"metering_points"_s, points}});
    }
    const auto &c = a.consumer;
    return {{u"id"_s, a.id.value()},
            {u"number"_s, a.number},
            {u"address"_s, a.address},
            {u"opened_on"_s, dateString(a.openedOn)},
            {u"consumer"_s, QJsonObject{{u"id"_s, c.id.value()},
                                        {u"kind"_s, domain::toString(c.kind)},
                                        {u"name"_s, c.name},
                                        {u"edrpou"_s, c.edrpou},
                                        {u"ipn"_s, c.ipn},
                                        {u"address"_s, c.address},
                                        {u"iban"_s, c.iban},
                                        {u"phone"_s, c.phone},
                                        {u"email"_s, c.email}}},
            {u"district"_s, toJson(a.district)},
            {u"supplier"_s, toJson(a.supplier)},
            {u"contracts"_s, contracts},
            {u"objects"_s, objects}};
}

QJsonObject toJson(const AccountList &l)
{
    QJsonArray items;
    for (const auto &a : l.items)
        items.append(toJson(a));
    return {{u"items"_s, items}, {u"total"_s, l.total}, {u"limit"_s, l.limit}, {u"offset"_s, l.offset}};
}

QJsonObject toJson(const LoginResponse &r)
{
    return {{u"token"_s, r.token},
            {u"expires_at"_s, r.expiresAt.toUTC().toString(Qt::ISODateWithMs)},
            {u"idle_timeout_s"_s, r.idleTimeoutS},
            {u"user"_s, toJson(r.user)}};
}

Result<domain::User> userFromJson(const QJsonObject &o)
{
    Error e;
    auto u = userFrom(o, {}, &e);
    return finish(std::move(u), e);
}

Result<domain::AccountSummary> accountSummaryFromJson(const QJsonObject &o)
{
    Error e;
    auto a = summaryFrom(o, {}, &e);
    return finish(std::move(a), e);
}

Result<domain::AccountDetail> accountDetailFromJson(const QJsonObject &o)
{
    Error e;
    Reader r(o, {}, &e);
    domain::AccountDetail a;
    a.id = AccountId(r.integer("id"));
    a.number = r.string("number");
    a.address = r.string("address", false);
    a.openedOn = r.date("opened_on", false);
    a.consumer = consumerFrom(r.object("consumer"), u"consumer"_s, &e);
    a.district = districtFrom(r.object("district"), u"district"_s, &e);
    a.supplier = supplierFrom(r.object("supplier"), u"supplier"_s, &e);
    a.contracts = r.array<domain::Contract>(
        "contracts", [&e](const QJsonObject &co, const QString &p) { return contractFrom(co, p, &e); });
    a.objects = r.array<domain::SiteObject>(
        "objects", [&e](const QJsonObject &oo, const QString &p) { return objectFrom(oo, p, &e); });
    return finish(std::move(a), e);
}

Result<AccountList> accountListFromJson(const QJsonObject &o)
{
    Error e;
    Reader r(o, {}, &e);
    AccountList l;
    l.items = r.array<domain::AccountSummary>(
        "items", [&e](const QJsonObject &io, const QString &p) { return summaryFrom(io, p, &e); });
    l.total = r.integer("total");
    l.limit = int(r.integer("limit"));
    l.offset = int(r.integer("offset"));
    return finish(std::move(l), e);
}

Result<LoginResponse> loginResponseFromJson(const QJsonObject &o)
{
    Error e;
    Reader r(o, {}, &e);
    LoginResponse lr;
    lr.token = r.string("token");
    if (lr.token.isEmpty() && e.isNull())
        e = Error::make(u"network.bad_response"_s, u"token"_s);
    lr.expiresAt = QDateTime::fromString(r.string("expires_at"), Qt::ISODateWithMs);
    lr.idleTimeoutS = int(r.integer("idle_timeout_s"));
    lr.user = userFrom(r.object("user"), u"user"_s, &e);
    return finish(std::move(lr), e);
}

} // namespace oblik::protocol
