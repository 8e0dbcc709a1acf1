#include "protocol/readings.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace oblik::protocol {
namespace {

QJsonValue dateValue(const QDate &d)
{
    return d.isValid() ? QJsonValue(d.toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

// Reads members of one object and keeps the first failure with its JSON path (as codec.cpp does).
class In
{
public:
    In(const QJsonObject &o, QString path, Error *e) : m_o(o), m_path(std::move(path)), m_e(e) {}

    QString path(const char *key) const
    {
        return m_path.isEmpty() ? QString::fromLatin1(key) : m_path + u'.' + QLatin1StringView(key);
    }
    void fail(const QString &path, const char *expected)
    {
        if (m_e->isNull())
            *m_e = Error::make(u"network.bad_response"_s, path, {},
                               path + u" must be "_s + QLatin1StringView(expected));
    }
    bool has(const char *key) const
    {
        const auto v = m_o.value(QLatin1StringView(key));
        return !v.isNull() && !v.isUndefined();
    }
    QString string(const char *key, bool required = true)
    {
        const auto v = m_o.value(QLatin1StringView(key));
        if (v.isString())
            return v.toString();
        if (required || has(key))
            fail(path(key), "a string");
        return {};
    }
    qint64 integer(const char *key, bool required = true, qint64 fallback = 0)
    {
        const auto v = m_o.value(QLatin1StringView(key));
        if (!required && !has(key))
            return fallback;
        const double d = v.toDouble(-1.5);
        if (!v.isDouble() || d != double(qint64(d)) || d > 9e15 || d < -9e15) {
            fail(path(key), "an integer");
            return fallback;
        }
        return qint64(d);
    }
    bool boolean(const char *key, bool required = true)
    {
        const auto v = m_o.value(QLatin1StringView(key));
        if (!required && !has(key))
            return false;
        if (!v.isBool())
            fail(path(key), "true or false");
        return v.toBool();
    }
    QDate date(const char *key, bool required = true)
    {
        const QString s = string(key, required);
        if (s.isEmpty()) {
            if (required)
                fail(path(key), "a date YYYY-MM-DD");
            return {};
        }
        const QDate d = QDate::fromString(s, Qt::ISODate);
        if (!d.isValid() || s.size() != 10)
            fail(path(key), "a date YYYY-MM-DD");
        return d;
    }
    Energy energy(const char *key)
    {
        const auto r = Energy::parse(string(key));
        if (!r.ok()) {
            fail(path(key), "an energy value with up to 3 decimals");
            return {};
        }
        return r.value();
    }
    Period period(const char *key)
    {
        const auto r = Period::parse(string(key));
        if (!r.ok()) {
            fail(path(key), "a period YYYY-MM");
            return {};
        }
        return r.value();
    }
    QJsonObject object(const char *key, bool required = true)
    {
        const auto v = m_o.value(QLatin1StringView(key));
        if (v.isObject())
            return v.toObject();
        if (required || has(key))
            fail(path(key), "an object");
        return {};
    }
    template <class T, class F> QList<T> array(const char *key, F decode)
    {
        QList<T> out;
        const auto v = m_o.value(QLatin1StringView(key));
        if (!v.isArray()) {
            fail(path(key), "an array");
            return out;
        }
        const QJsonArray a = v.toArray();
        out.reserve(a.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString p = path(key) + u'[' + QString::number(i) + u']';
            if (!a.at(i).isObject()) {
                fail(p, "an object");
                continue;
            }
            out.append(decode(a.at(i).toObject(), p, m_e));
        }
        return out;
    }
    Error *sink() const { return m_e; }

private:
    QJsonObject m_o;
    QString m_path;
    Error *m_e;
};

template <class T> Result<T> finish(T value, const Error &e)
{
    if (!e.isNull())
        return e;
    return value;
}

ReadingRecord readingFrom(const QJsonObject &o, const QString &path, Error *e)
{
    In r(o, path, e);
    ReadingRecord x;
    x.id = r.integer("id");
    x.registerId = RegisterId(r.integer("register_id"));
    x.meterId = MeterId(r.integer("meter_id"));
    x.meteringPointId = MeteringPointId(r.integer("metering_point_id"));
    x.accountId = AccountId(r.integer("account_id"));
    x.period = r.period("period");
    x.takenOn = r.date("taken_on");
    x.value = r.energy("value");
    x.consumption = r.energy("consumption");
    const auto state = domain::readingStateFromString(r.string("state"));
    if (!state)
        r.fail(r.path("state"), "ready, submitted, processed or rejected");
    else
        x.state = *state;
    x.rejectionReason = r.string("rejection_reason", false);
    x.overrideReason = r.string("override_reason", false);
    x.version = int(r.integer("version"));
    x.revision = r.integer("revision");
    const QString at = r.string("updated_at", false);
    if (!at.isEmpty()) {
        x.updatedAt = QDateTime::fromString(at, Qt::ISODateWithMs);
        if (!x.updatedAt.isValid())
            r.fail(r.path("updated_at"), "an ISO 8601 instant");
    }
    return x;
}

ReadingInput inputFrom(const QJsonObject &o, const QString &path, Error *e)
{
    In r(o, path, e);
    ReadingInput i;
    i.registerId = RegisterId(r.integer("register_id"));
    i.takenOn = r.date("taken_on");
    i.value = r.string("value");
    i.version = int(r.integer("version", false, 0));
    if (i.version < 0)
        r.fail(r.path("version"), "0 or a positive integer");
    if (r.has("meter")) {
        In m(r.object("meter"), r.path("meter"), e);
        MeterSnapshot s;
        s.number = m.string("number");
        s.digits = int(m.integer("digits"));
        s.decimals = int(m.integer("decimals", false, 0));
        s.ratio = int(m.integer("ratio", false, 1));
        i.meter = s;
    }
    return i;
}

ItemResult itemResultFrom(const QJsonObject &o, const QString &path, Error *e)
{
    In r(o, path, e);
    ItemResult x;
    x.byReadingId = !r.has("register_id");
    x.id = x.byReadingId ? r.integer("id") : r.integer("register_id");
    x.status = r.string("status");
    if (r.has("reading"))
        x.reading = readingFrom(r.object("reading"), r.path("reading"), e);
    if (r.has("problem")) {
        const QJsonObject p = r.object("problem");
        Problem problem;
        problem.status = p.value(u"status"_s).toInt();
        problem.title = p.value(u"title"_s).toString();
        problem.detail = p.value(u"detail"_s).toString();
        problem.code = p.value(u"code"_s).toString();
        problem.field = p.value(u"field"_s).toString();
        if (problem.code.isEmpty())
            r.fail(r.path("problem") + u".code"_s, "a string");
        x.problem = problem;
    }
    return x;
}

ClerkReading clerkReadingFrom(const QJsonObject &o, const QString &path, Error *e)
{
    In r(o, path, e);
    ClerkReading c;
    c.reading = readingFrom(o, path, e);
    c.accountNumber = r.string("account_number");
    c.consumerName = r.string("consumer_name");
    c.meterNumber = r.string("meter_number");
    c.rangeWarning = r.boolean("range_warning");
    return c;
}

template <class T> QJsonArray arrayOf(const QList<T> &list)
{
    QJsonArray a;
    for (const T &x : list)
        a.append(toJson(x));
    return a;
}

} // namespace

QJsonObject toJson(const ReadingRecord &r)
{
    return {{u"id"_s, r.id},
            {u"register_id"_s, r.registerId.value()},
            {u"meter_id"_s, r.meterId.value()},
            {u"metering_point_id"_s, r.meteringPointId.value()},
            {u"account_id"_s, r.accountId.value()},
            {u"period"_s, r.period.toString()},
            {u"taken_on"_s, dateValue(r.takenOn)},
            {u"value"_s, r.value.toString()},
            {u"consumption"_s, r.consumption.toString()},
            {u"state"_s, domain::toString(r.state)},
            {u"rejection_reason"_s, r.rejectionReason},
            {u"override_reason"_s, r.overrideReason},
            {u"version"_s, r.version},
            {u"revision"_s, r.revision},
            {u"updated_at"_s,
             r.updatedAt.isValid() ? r.updatedAt.toUTC().toString(Qt::ISODateWithMs) : QString()}};
}

QJsonObject toJson(const AccountReadings &a)
{
    QJsonArray holidays;
    for (const HolidayEntry &h : a.holidays)
        holidays.append(QJsonObject{{u"date"_s, dateValue(h.date)}, {u"name"_s, h.name}});
    return {{u"period"_s, a.period.toString()},
            {u"window"_s, QJsonObject{{u"first"_s, dateValue(a.window.first)},
                                      {u"last"_s, dateValue(a.window.last)},
                                      {u"holidays"_s, holidays}}},
            {u"period_closed"_s, a.periodClosed},
            {u"open"_s, a.open},
            {u"next_window"_s, QJsonObject{{u"first"_s, dateValue(a.nextWindow.first)},
                                           {u"last"_s, dateValue(a.nextWindow.last)}}},
            {u"items"_s, arrayOf(a.items)},
            {u"previous"_s, arrayOf(a.previous)}};
}

QJsonObject toJson(const MeterSnapshot &m)
{
    return {
        {u"number"_s, m.number}, {u"digits"_s, m.digits}, {u"decimals"_s, m.decimals}, {u"ratio"_s, m.ratio}};
}

QJsonObject toJson(const ReadingInput &i)
{
    QJsonObject o{{u"register_id"_s, i.registerId.value()},
                  {u"taken_on"_s, dateValue(i.takenOn)},
                  {u"value"_s, i.value},
                  {u"version"_s, i.version}};
    if (i.meter)
        o.insert(u"meter"_s, toJson(*i.meter));
    return o;
}

QJsonObject toJson(const SaveReadingsRequest &r)
{
    return {{u"period"_s, r.period.toString()}, {u"submit"_s, r.submit}, {u"items"_s, arrayOf(r.items)}};
}

QJsonObject toJson(const ItemResult &r)
{
    QJsonObject o{{u"status"_s, r.status}};
    o.insert(r.byReadingId ? u"id"_s : u"register_id"_s, r.id);
    if (r.reading)
        o.insert(u"reading"_s, toJson(*r.reading));
    if (r.problem)
        o.insert(u"problem"_s, r.problem->toJson());
    return o;
}

QJsonObject toJson(const ItemResults &r)
{
    return {{u"items"_s, arrayOf(r.items)}};
}

namespace {

// A JSON string as QJsonDocument writes it: printable ASCII as is, anything else through Qt's
// writer (its escapes and UTF-8), so that both writers give the same bytes.
void appendString(QByteArray &out, const QString &s)
{
    bool plain = true;
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u >= 0x7f || u == u'"' || u == u'\\') {
            plain = false;
            break;
        }
    }
    if (plain) {
        out += '"';
        for (const QChar c : s)
            out += char(c.unicode());
        out += '"';
        return;
    }
    const QByteArray a = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact); // ["..."]
    out.append(a.constData() + 1, a.size() - 2);
}

void appendReading(QByteArray &out, const ReadingRecord &r)
{
    // Members in QJsonObject's order (sorted by name), as toJson(ReadingRecord).
    out += "{\"account_id\":";
    out += QByteArray::number(r.accountId.value());
    out += ",\"consumption\":";
    appendString(out, r.consumption.toString());
    out += ",\"id\":";
    out += QByteArray::number(r.id);
    out += ",\"meter_id\":";
    out += QByteArray::number(r.meterId.value());
    out += ",\"metering_point_id\":";
    out += QByteArray::number(r.meteringPointId.value());
    out += ",\"override_reason\":";
    appendString(out, r.overrideReason);
    out += ",\"period\":";
    appendString(out, r.period.toString());
    out += ",\"register_id\":";
    out += QByteArray::number(r.registerId.value());
    out += ",\"rejection_reason\":";
    appendString(out, r.rejectionReason);
    out += ",\"revision\":";
    out += QByteArray::number(r.revision);
    out += ",\"state\":";
    appendString(out, domain::toString(r.state));
    out += ",\"taken_on\":";
    if (r.takenOn.isValid())
        appendString(out, r.takenOn.toString(Qt::ISODate));
    else
        out += "null";
    out += ",\"updated_at\":";
    appendString(out, r.updatedAt.isValid() ? r.updatedAt.toUTC().toString(Qt::ISODateWithMs) : QString());
    out += ",\"value\":";
    appendString(out, r.value.toString());
    out += ",\"version\":";
    out += QByteArray::number(r.version);
    out += '}';
}

} // namespace

QByteArray toCompactJson(const ItemResults &r)
{
    QByteArray out;
    out.reserve(64 + r.items.size() * 480);
    out += "{\"items\":[";
    for (qsizetype i = 0; i < r.items.size(); ++i) {
        const ItemResult &x = r.items[i];
        if (i)
            out += ',';
        // Members sorted by name, as QJsonObject keeps them: id, problem, reading, register_id, status.
        out += '{';
        bool first = true;
        const auto member = [&](const char *name) {
            out += first ? "\"" : ",\"";
            out += name;
            out += "\":";
            first = false;
        };
        if (x.byReadingId) {
            member("id");
            out += QByteArray::number(x.id);
        }
        if (x.problem) {
            member("problem");
            out += QJsonDocument(x.problem->toJson()).toJson(QJsonDocument::Compact);
        }
        if (x.reading) {
            member("reading");
            appendReading(out, *x.reading);
        }
        if (!x.byReadingId) {
            member("register_id");
            out += QByteArray::number(x.id);
        }
        member("status");
        appendString(out, x.status);
        out += '}';
    }
    out += "]}";
    return out;
}

QJsonObject toJson(const SubmitReadingsRequest &r)
{
    return {{u"period"_s, r.period.toString()}};
}

QJsonObject toJson(const ReadingList &l)
{
    return {{u"items"_s, arrayOf(l.items)}};
}

QJsonObject toJson(const SyncPage &p)
{
    QJsonArray items;
    for (const ReadingRecord &r : p.items)
        items.append(QJsonObject{{u"type"_s, u"reading"_s}, {u"data"_s, toJson(r)}});
    return {{u"items"_s, items}, {u"next"_s, p.next}, {u"more"_s, p.more}};
}

QJsonObject toJson(const ClerkReading &c)
{
    QJsonObject o = toJson(c.reading);
    o.insert(u"account_number"_s, c.accountNumber);
    o.insert(u"consumer_name"_s, c.consumerName);
    o.insert(u"meter_number"_s, c.meterNumber);
    o.insert(u"range_warning"_s, c.rangeWarning);
    return o;
}

QJsonObject toJson(const ClerkQueue &q)
{
    return {{u"items"_s, arrayOf(q.items)}, {u"total"_s, q.total}};
}

QJsonObject toJson(const DecideRequest &r)
{
    QJsonArray ids;
    for (const qint64 id : r.ids)
        ids.append(id);
    return {{u"ids"_s, ids},
            {u"action"_s, r.action},
            {u"reason"_s, r.reason},
            {u"override_range"_s, r.overrideRange}};
}

Result<ReadingRecord> readingFromJson(const QJsonObject &o)
{
    Error e;
    ReadingRecord r = readingFrom(o, {}, &e);
    return finish(r, e);
}

Result<AccountReadings> accountReadingsFromJson(const QJsonObject &o)
{
    Error e;
    In r(o, {}, &e);
    AccountReadings a;
    a.period = r.period("period");
    In w(r.object("window"), u"window"_s, &e);
    a.window.first = w.date("first");
    a.window.last = w.date("last");
    // Added later than the rest: optional, so an older server still decodes.
    if (w.has("holidays")) {
        a.holidays =
            w.array<HolidayEntry>("holidays", [](const QJsonObject &h, const QString &path, Error *e) {
                In in(h, path, e);
                return HolidayEntry{in.date("date"), in.string("name", false)};
            });
    }
    a.periodClosed = r.boolean("period_closed");
    a.open = r.boolean("open", false);
    if (r.has("next_window")) {
        In n(r.object("next_window"), u"next_window"_s, &e);
        a.nextWindow.first = n.date("first");
        a.nextWindow.last = n.date("last");
    }
    a.items = r.array<ReadingRecord>("items", readingFrom);
    a.previous = r.array<ReadingRecord>("previous", readingFrom);
    return finish(a, e);
}

Result<SaveReadingsRequest> saveReadingsRequestFromJson(const QJsonObject &o)
{
    Error e;
    In r(o, {}, &e);
    SaveReadingsRequest s;
    s.period = r.period("period");
    s.submit = r.boolean("submit", false);
    s.items = r.array<ReadingInput>("items", inputFrom);
    return finish(s, e);
}

Result<ItemResults> itemResultsFromJson(const QJsonObject &o)
{
    Error e;
    In r(o, {}, &e);
    ItemResults x;
    x.items = r.array<ItemResult>("items", itemResultFrom);
    return finish(x, e);
}

Result<SubmitReadingsRequest> submitReadingsRequestFromJson(const QJsonObject &o)
{
    Error e;
    In r(o, {}, &e);
    SubmitReadingsRequest s;
    s.period = r.period("period");
    return finish(s, e);
}

Result<ReadingList> readingListFromJson(const QJsonObject &o)
{
    Error e;
    In r(o, {}, &e);
    ReadingList l;
    l.items = r.array<ReadingRecord>("items", readingFrom);
    return finish(l, e);
}

Result<SyncPage> syncPageFromJson(const QJsonObject &o)
{
    Error e;
    In r(o, {}, &e);
    SyncPage p;
    p.items = r.array<ReadingRecord>("items", [](const QJsonObject &item, const QString &path, Error *err) {
        In i(item, path, err);
        if (i.string("type") != u"reading")
            i.fail(i.path("type"), "\"reading\"");
        return readingFrom(i.object("data"), i.path("data"), err);
    });
    p.next = r.string("next");
    p.more = r.boolean("more");
    return finish(p, e);
}

Result<ClerkQueue> clerkQueueFromJson(const QJsonObject &o)
{
    Error e;
    In r(o, {}, &e);
    ClerkQueue q;
    q.items = r.array<ClerkReading>("items", clerkReadingFrom);
    q.total = r.integer("total");
    return finish(q, e);
}

Result<DecideRequest> decideRequestFromJson(const QJsonObject &o)
{
    Error e;
    In r(o, {}, &e);
    DecideRequest d;
    const auto ids = o.value(u"ids"_s);
    if (!ids.isArray()) {
        r.fail(u"ids"_s, "an array of ids");
    } else {
        const QJsonArray a = ids.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const double v = a.at(i).toDouble(-1);
            if (!a.at(i).isDouble() || v < 1 || v != double(qint64(v)) || v > 9e15)
                r.fail(u"ids["_s + QString::number(i) + u']', "a positive integer");
            else
                d.ids.append(qint64(v));
        }
    }
    d.action = r.string("action");
    if (e.isNull() && d.action != u"accept" && d.action != u"reject")
        r.fail(u"action"_s, "accept or reject");
    d.reason = r.string("reason", false);
    d.overrideRange = r.boolean("override_range", false);
    return finish(d, e);
}

QJsonObject toJson(const ReplaceMeterRequest &r)
{
    QJsonArray closing, zones, opening;
    for (const auto &c : r.closing)
        closing.append(QJsonObject{{u"register_id"_s, c.registerId.value()}, {u"value"_s, c.value}});
    for (const auto z : r.zones)
        zones.append(domain::toString(z));
    for (const auto &o : r.opening)
        opening.append(QJsonObject{{u"zone"_s, domain::toString(o.zone)}, {u"value"_s, o.value}});
    const domain::Meter &m = r.newMeter;
    return {{u"period"_s, r.period.toString()},
            {u"taken_on"_s, dateValue(r.takenOn)},
            {u"closing"_s, closing},
            {u"new_meter"_s, QJsonObject{{u"number"_s, m.number},
                                         {u"model"_s, m.model},
                                         {u"digits"_s, m.digits},
                                         {u"decimals"_s, m.decimals},
                                         {u"ratio"_s, m.ratio},
                                         {u"verification_due"_s, dateValue(m.verificationDue)},
                                         {u"zones"_s, zones}}},
            {u"opening"_s, opening}};
}

QJsonObject toJson(const ReplaceMeterResponse &r)
{
    const domain::Meter &m = r.meter;
    QJsonArray registers;
    for (const auto &g : m.registers)
        registers.append(QJsonObject{{u"id"_s, g.id.value()},
                                     {u"zone"_s, domain::toString(g.zone)},
                                     {u"last_reading"_s, QJsonValue(QJsonValue::Null)}});
    return {{u"old_meter_id"_s, r.oldMeterId.value()},
            {u"meter"_s, QJsonObject{{u"id"_s, m.id.value()},
                                     {u"number"_s, m.number},
                                     {u"model"_s, m.model},
                                     {u"digits"_s, m.digits},
                                     {u"decimals"_s, m.decimals},
                                     {u"ratio"_s, m.ratio},
                                     {u"installed_on"_s, dateValue(m.installedOn)},
                                     {u"verification_due"_s, dateValue(m.verificationDue)},
                                     {u"status"_s, domain::toString(m.status)},
                                     {u"registers"_s, registers}}}};
}

Result<ReplaceMeterRequest> replaceMeterRequestFromJson(const QJsonObject &o)
{
    Error e;
    In r(o, {}, &e);
    ReplaceMeterRequest x;
    x.period = r.period("period");
    x.takenOn = r.date("taken_on");
    x.closing = r.array<ReplaceMeterRequest::Closing>(
        "closing", [](const QJsonObject &c, const QString &path, Error *err) {
            In i(c, path, err);
            return ReplaceMeterRequest::Closing{RegisterId(i.integer("register_id")), i.string("value")};
        });
    In m(r.object("new_meter"), u"new_meter"_s, &e);
    x.newMeter.number = m.string("number");
    x.newMeter.model = m.string("model");
    x.newMeter.digits = int(m.integer("digits"));
    x.newMeter.decimals = int(m.integer("decimals", false, 0));
    x.newMeter.ratio = int(m.integer("ratio", false, 1));
    x.newMeter.verificationDue = m.date("verification_due");
    const auto zones = r.object("new_meter").value(u"zones"_s);
    if (!zones.isArray() || zones.toArray().isEmpty()) {
        m.fail(u"new_meter.zones"_s, "a non-empty array of zones");
    } else {
        const QJsonArray a = zones.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const auto z = domain::zoneFromString(a.at(i).toString());
            if (!z)
                m.fail(u"new_meter.zones["_s + QString::number(i) + u']', "a zone");
            else
                x.zones.append(*z);
        }
    }
    x.opening = r.array<ReplaceMeterRequest::Opening>(
        "opening", [](const QJsonObject &c, const QString &path, Error *err) {
            In i(c, path, err);
            ReplaceMeterRequest::Opening op;
            const auto z = domain::zoneFromString(i.string("zone"));
            if (!z)
                i.fail(i.path("zone"), "a zone");
            else
                op.zone = *z;
            op.value = i.string("value");
            return op;
        });
    return finish(x, e);
}

Result<ReplaceMeterResponse> replaceMeterResponseFromJson(const QJsonObject &o)
{
    Error e;
    In r(o, {}, &e);
    ReplaceMeterResponse x;
    x.oldMeterId = MeterId(r.integer("old_meter_id"));
    In m(r.object("meter"), u"meter"_s, &e);
    x.meter.id = MeterId(m.integer("id"));
    x.meter.number = m.string("number");
    x.meter.model = m.string("model");
    x.meter.digits = int(m.integer("digits"));
    x.meter.decimals = int(m.integer("decimals"));
    x.meter.ratio = int(m.integer("ratio"));
    x.meter.installedOn = m.date("installed_on");
    x.meter.verificationDue = m.date("verification_due");
    x.meter.registers =
        m.array<domain::Register>("registers", [](const QJsonObject &g, const QString &path, Error *err) {
            In i(g, path, err);
            domain::Register reg;
            reg.id = RegisterId(i.integer("id"));
            reg.zone = domain::zoneFromString(i.string("zone")).value_or(domain::Zone::Total);
            return reg;
        });
    return finish(x, e);
}

} // namespace oblik::protocol
