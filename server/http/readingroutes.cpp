#include "http/readingroutes.h"

#include "http/jsonbody.h"
#include "http/logging.h"
#include "http/problems.h"
#include "http/router.h"
#include "protocol/readings.h"
#include "store/database.h"
#include "store/idempotency.h"
#include "store/readingrepository.h"
#include "store/signaturerepository.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;

namespace oblik::http {

namespace {

Response failure(const Error &error)
{
    const protocol::Problem problem = problems::fromError(error);
    if (problem.status >= 500)
        qCWarning(lcHttp).noquote() << "internal error:" << error.code() << error.detail();
    return Response::problem(problem);
}

// A decoder's network.bad_response (with the JSON path) as the request error it is on the server.
Error asRequestError(const Error &e)
{
    return Error::make(u"request.invalid_field"_s, e.field(), {}, e.detail());
}

std::optional<qint64> positiveId(const QString &text)
{
    bool ok = !text.isEmpty() && text.size() <= 18;
    for (const QChar c : text)
        ok = ok && c.unicode() >= u'0' && c.unicode() <= u'9';
    const qint64 id = ok ? text.toLongLong(&ok) : 0;
    if (!ok || id <= 0)
        return std::nullopt;
    return id;
}

Result<Period> queryPeriod(const Request &r, const QString &name, std::optional<Period> fallback)
{
    const QString text = r.query.queryItemValue(name, QUrl::FullyDecoded);
    if (text.isEmpty()) {
        if (fallback)
            return *fallback;
        return Error::make(u"request.missing_field"_s, name);
    }
    auto p = Period::parse(text);
    if (!p)
        return Error::make(u"request.invalid_field"_s, name);
    return p.value();
}

Result<QString> idempotencyKey(const Request &r)
{
    const QByteArray key = r.header("Idempotency-Key").trimmed();
    if (key.isEmpty())
        return Error::make(u"request.missing_field"_s, u"Idempotency-Key"_s);
    if (key.size() > 200)
        return Error::make(u"request.invalid_field"_s, u"Idempotency-Key"_s);
    return QString::fromLatin1(key);
}

// What makes two requests "the same" for an Idempotency-Key: the route and the body.
QByteArray requestHash(const Request &r)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(r.method);
    h.addData(" ");
    h.addData(r.path.toUtf8());
    h.addData("\n");
    h.addData(r.body);
    return h.result().toHex();
}

Response fromStored(const store::StoredAnswer &a)
{
    Response r;
    r.status = a.status;
    r.body = a.body;
    if (a.repeated)
        r.setHeader("Idempotent-Replayed", "true");
    return r;
}

store::StoredAnswer answerOf(const QJsonObject &o)
{
    store::StoredAnswer a;
    a.status = 200;
    a.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return a;
}

protocol::ItemResult itemResult(const store::ItemOutcome &o)
{
    protocol::ItemResult r;
    r.id = o.id;
    r.reading = o.reading;
    switch (o.status) {
    case store::ItemOutcome::Status::Saved:
        r.status = u"saved"_s;
        break;
    case store::ItemOutcome::Status::Refused:
        r.status = u"refused"_s;
        r.problem = o.error.code() == u"not_found" ? protocol::Problem::fromError(404, o.error)
                                                   : problems::fromError(o.error);
        r.problem->field = o.error.field();
        break;
    case store::ItemOutcome::Status::Conflict:
        r.status = u"conflict"_s;
        r.problem = protocol::Problem::fromError(409, o.error);
        break;
    }
    return r;
}

QList<store::ReadingWrite> writesOf(const protocol::SaveReadingsRequest &req)
{
    QList<store::ReadingWrite> writes;
    writes.reserve(req.items.size());
    for (const protocol::ReadingInput &in : req.items) {
        store::ReadingWrite w;
        w.registerId = in.registerId;
        w.takenOn = in.takenOn;
        w.value = in.value;
        w.version = in.version;
        if (in.meter) {
            domain::Meter m;
            m.number = in.meter->number;
            m.digits = in.meter->digits;
            m.decimals = in.meter->decimals;
            m.ratio = in.meter->ratio;
            w.meter = m;
        }
        writes.append(w);
    }
    return writes;
}

// The answer of a save: {"items":[...]} with one result per item.
QByteArray answerBody(const QList<store::ItemOutcome> &outcomes)
{
    protocol::ItemResults results;
    results.items.reserve(outcomes.size());
    for (const store::ItemOutcome &o : outcomes)
        results.items.append(itemResult(o));
    return protocol::toCompactJson(results);
}

// A consumer may not change the readings of a period whose readings act is signed (docs/signatures.md):
// readings.act_signed (409, field period). Clerks still process them.
Error actSignedCheck(store::Database &db, const domain::User &user, AccountId account, Period period)
{
    if (user.role != domain::Role::Consumer)
        return {};
    auto signedAct = store::SignatureRepository(db).readingsActSigned(account, period);
    if (!signedAct)
        return signedAct.error();
    if (signedAct.value())
        return Error::make(u"readings.act_signed"_s, u"period"_s, {period.toString()});
    return {};
}

} // namespace

ReadingRoutes::ReadingRoutes(store::Database *db, Authenticate authenticate)
    : m_db(db), m_authenticate(std::move(authenticate))
{}

void ReadingRoutes::registerRoutes(Router &router)
{
    auto bind = [this](Response (ReadingRoutes::*method)(const Request &)) {
        return [this, method](const Request &r) { return (this->*method)(r); };
    };
    router.add("GET", u"/api/v1/accounts/{id}/readings"_s, bind(&ReadingRoutes::periodReadings));
    router.add("POST", u"/api/v1/accounts/{id}/readings"_s, bind(&ReadingRoutes::saveReadings));
    router.add("POST", u"/api/v1/accounts/{id}/readings/submit"_s, bind(&ReadingRoutes::submitReadings));
    router.add("GET", u"/api/v1/accounts/{id}/readings/history"_s, bind(&ReadingRoutes::history));
    router.add("GET", u"/api/v1/sync"_s, bind(&ReadingRoutes::sync));
    router.add("GET", u"/api/v1/clerk/readings"_s, bind(&ReadingRoutes::clerkQueue));
    router.add("POST", u"/api/v1/clerk/readings/decide"_s, bind(&ReadingRoutes::clerkDecide));
    router.add("POST", u"/api/v1/clerk/meters/{id}/replace"_s, bind(&ReadingRoutes::replaceMeter));
}

// The account of the path if the caller may see it; else the 404 to answer.
#define OBLIK_VISIBLE_ACCOUNT(request, user, repo, out)                                                      \
    auto user = m_authenticate(request);                                                                     \
    if (!user)                                                                                               \
        return failure(user.error());                                                                        \
    const auto accountId = positiveId(request.params.value(u"id"_s));                                        \
    if (!accountId)                                                                                          \
        return Response::problem(problems::notFound());                                                      \
    store::ReadingRepository repo(*m_db);                                                                    \
    auto found = repo.account(store::AccessScope::of(user.value()), AccountId(*accountId));                  \
    if (!found)                                                                                              \
        return failure(found.error());                                                                       \
    if (!found.value())                                                                                      \
        return Response::problem(problems::notFound());                                                      \
    const store::ReadingAccount out = *found.value();

Response ReadingRoutes::periodReadings(const Request &request)
{
    OBLIK_VISIBLE_ACCOUNT(request, user, repo, account)
    const Period entry = repo.entryPeriod(account);
    auto period = queryPeriod(request, u"period"_s, entry);
    if (!period)
        return failure(period.error());
    protocol::AccountReadings a;
    a.period = period.value();
    a.window = domain::readingsWindow(account.contract, a.period, account.calendar);
    a.nextWindow = domain::readingsWindow(account.contract, a.period.next(), account.calendar);
    a.periodClosed = a.period < entry;
    a.open = a.period == entry && a.window.contains(repo.today());
    // The holidays the window skipped, from the billing day on (the first day may have moved).
    const QDate billingDay(a.period.next().year(), a.period.next().month(),
                           qBound(1, account.contract.billingDay, a.period.next().lastDay().day()));
    for (const store::Holiday &h : account.holidays) {
        if (billingDay <= h.day && h.day <= a.window.last)
            a.holidays.append({h.day, h.name});
    }
    auto items = repo.ofPeriod(account.id, a.period);
    if (!items)
        return failure(items.error());
    auto previous = repo.ofPeriod(account.id, a.period.previous());
    if (!previous)
        return failure(previous.error());
    a.items = items.value();
    a.previous = previous.value();
    return Response::json(protocol::toJson(a));
}

Response ReadingRoutes::saveReadings(const Request &request)
{
    // PostgreSQL: the whole save in one short transaction (ReadingRepository::saveIdempotent) when
    // the request itself is well formed; otherwise, and on SQLite, the general path below, which
    // answers the errors in their order (account, key, body).
    if (m_db->dialect().kind() == store::SqlDialect::Kind::Postgres) {
        auto user = m_authenticate(request);
        if (!user)
            return failure(user.error());
        const auto accountId = positiveId(request.params.value(u"id"_s));
        auto key = idempotencyKey(request);
        auto body = jsonbody::parseObject(request.body);
        if (accountId && key && body && body.value().value(u"items"_s).toArray().size() <= kMaxItems) {
            auto parsed = protocol::saveReadingsRequestFromJson(body.value());
            if (parsed) {
                store::ReadingRepository repo(*m_db);
                auto saved = repo.saveIdempotent(store::AccessScope::of(user.value()), AccountId(*accountId),
                                                 user.value().id, key.value(), requestHash(request),
                                                 QDateTime::currentMSecsSinceEpoch(), parsed.value().period,
                                                 parsed.value().submit, writesOf(parsed.value()), answerBody);
                if (!saved)
                    return failure(saved.error());
                switch (saved.value().outcome) {
                case store::IdempotentSave::Outcome::Answered:
                    return fromStored(saved.value().answer);
                case store::IdempotentSave::Outcome::NotFound:
                    return Response::problem(problems::notFound());
                case store::IdempotentSave::Outcome::Retry:
                    break;
                }
            }
        }
    }
    OBLIK_VISIBLE_ACCOUNT(request, user, repo, account)
    auto key = idempotencyKey(request);
    if (!key)
        return failure(key.error());
    auto body = jsonbody::parseObject(request.body);
    if (!body)
        return failure(body.error());
    if (body.value().value(u"items"_s).toArray().size() > kMaxItems)
        return failure(Error::make(u"request.too_large"_s, u"items"_s));
    auto parsed = protocol::saveReadingsRequestFromJson(body.value());
    if (!parsed)
        return failure(asRequestError(parsed.error()));
    const QList<store::ReadingWrite> writes = writesOf(parsed.value());
    const UserId by = user.value().id;
    const auto &req = parsed.value();
    auto answer = store::runIdempotent(
        *m_db, by, key.value(), requestHash(request), QDateTime::currentMSecsSinceEpoch(),
        [&]() -> Result<store::StoredAnswer> {
            if (Error e = actSignedCheck(*m_db, user.value(), account.id, req.period); !e.isNull())
                return e;
            auto outcomes = repo.save(account, by, req.period, req.submit, writes);
            if (!outcomes)
                return outcomes.error();
            store::StoredAnswer a;
            a.body = answerBody(outcomes.value());
            return a;
        });
    if (!answer)
        return failure(answer.error());
    return fromStored(answer.value());
}

Response ReadingRoutes::submitReadings(const Request &request)
{
    OBLIK_VISIBLE_ACCOUNT(request, user, repo, account)
    auto key = idempotencyKey(request);
    if (!key)
        return failure(key.error());
    auto body = jsonbody::parseObject(request.body);
    if (!body)
        return failure(body.error());
    auto parsed = protocol::submitReadingsRequestFromJson(body.value());
    if (!parsed)
        return failure(asRequestError(parsed.error()));
    const UserId by = user.value().id;
    const Period period = parsed.value().period;
    auto answer = store::runIdempotent(
        *m_db, by, key.value(), requestHash(request), QDateTime::currentMSecsSinceEpoch(),
        [&]() -> Result<store::StoredAnswer> {
            if (Error e = actSignedCheck(*m_db, user.value(), account.id, period); !e.isNull())
                return e;
            auto items = repo.submit(account, by, period);
            if (!items)
                return items.error();
            return answerOf(protocol::toJson(protocol::ReadingList{items.value()}));
        });
    if (!answer)
        return failure(answer.error());
    return fromStored(answer.value());
}

Response ReadingRoutes::history(const Request &request)
{
    OBLIK_VISIBLE_ACCOUNT(request, user, repo, account)
    const Period current = repo.entryPeriod(account);
    Period from = current;
    for (int i = 0; i < 11; ++i)
        from = from.previous();
    auto to = queryPeriod(request, u"to"_s, current);
    if (!to)
        return failure(to.error());
    auto first = queryPeriod(request, u"from"_s, from);
    if (!first)
        return failure(first.error());
    if (to.value() < first.value())
        return failure(Error::make(u"request.invalid_field"_s, u"from"_s));
    auto items = repo.history(account.id, first.value(), to.value());
    if (!items)
        return failure(items.error());
    return Response::json(protocol::toJson(protocol::ReadingList{items.value()}));
}

Response ReadingRoutes::sync(const Request &request)
{
    auto user = m_authenticate(request);
    if (!user)
        return failure(user.error());
    const QString since = request.query.queryItemValue(u"since"_s, QUrl::FullyDecoded);
    store::FeedCursor cursor;
    if (!since.isEmpty()) {
        const auto parsed = store::FeedCursor::parse(since);
        if (!parsed)
            return failure(Error::make(u"request.invalid_field"_s, u"since"_s));
        cursor = *parsed;
    }
    auto limit = jsonbody::queryInt(request.query, u"limit"_s, 500, 1, kMaxFeedLimit);
    if (!limit)
        return failure(limit.error());
    store::ReadingRepository repo(*m_db);
    auto page = repo.feed(store::AccessScope::of(user.value()), cursor, limit.value());
    if (!page)
        return failure(page.error());
    protocol::SyncPage p;
    p.items = page.value().items;
    p.next = page.value().next.toString();
    p.more = page.value().more;
    return Response::json(protocol::toJson(p));
}

Response ReadingRoutes::clerkQueue(const Request &request)
{
    auto user = m_authenticate(request);
    if (!user)
        return failure(user.error());
    if (user.value().role == domain::Role::Consumer)
        return Response::problem(problems::notFound());
    store::ClerkFilter filter;
    if (request.query.hasQueryItem(u"state"_s)) {
        filter.state = request.query.queryItemValue(u"state"_s, QUrl::FullyDecoded);
        const auto s = domain::readingStateFromString(filter.state);
        if (!filter.state.isEmpty() && (!s || *s == domain::ReadingState::Draft))
            return failure(Error::make(u"request.invalid_field"_s, u"state"_s));
    }
    if (request.query.hasQueryItem(u"period"_s)) {
        auto p = queryPeriod(request, u"period"_s, std::nullopt);
        if (!p)
            return failure(p.error());
        filter.period = p.value();
    }
    filter.q = request.query.queryItemValue(u"q"_s, QUrl::FullyDecoded);
    if (filter.q.size() > 100)
        return failure(Error::make(u"request.invalid_field"_s, u"q"_s));
    auto paging = jsonbody::queryPage(request.query, 100, 1000);
    if (!paging)
        return failure(paging.error());
    filter.limit = paging.value().limit;
    filter.offset = paging.value().offset;
    store::ReadingRepository repo(*m_db);
    auto page = repo.queue(store::AccessScope::of(user.value()), filter);
    if (!page)
        return failure(page.error());
    protocol::ClerkQueue q;
    q.total = page.value().total;
    for (const store::ClerkRow &row : page.value().rows)
        q.items.append({row.reading, row.accountNumber, row.consumerName, row.meterNumber, row.rangeWarning});
    return Response::json(protocol::toJson(q));
}

Response ReadingRoutes::clerkDecide(const Request &request)
{
    auto user = m_authenticate(request);
    if (!user)
        return failure(user.error());
    if (user.value().role == domain::Role::Consumer)
        return Response::problem(problems::notFound());
    auto key = idempotencyKey(request);
    if (!key)
        return failure(key.error());
    auto body = jsonbody::parseObject(request.body);
    if (!body)
        return failure(body.error());
    auto parsed = protocol::decideRequestFromJson(body.value());
    if (!parsed)
        return failure(asRequestError(parsed.error()));
    const protocol::DecideRequest d = parsed.value();
    if (d.ids.isEmpty())
        return failure(Error::make(u"request.missing_field"_s, u"ids"_s));
    if (d.ids.size() > kMaxItems)
        return failure(Error::make(u"request.too_large"_s, u"ids"_s));
    const bool accept = d.action == u"accept";
    if ((!accept || d.overrideRange) && d.reason.trimmed().isEmpty())
        return failure(Error::make(u"request.missing_field"_s, u"reason"_s));
    const UserId by = user.value().id;
    const store::AccessScope scope = store::AccessScope::of(user.value());
    store::ReadingRepository repo(*m_db);
    auto answer = store::runIdempotent(
        *m_db, by, key.value(), requestHash(request), QDateTime::currentMSecsSinceEpoch(),
        [&]() -> Result<store::StoredAnswer> {
            auto outcomes = repo.decide(scope, by, d.ids, accept, d.reason.trimmed(), d.overrideRange);
            if (!outcomes)
                return outcomes.error();
            protocol::ItemResults results;
            for (const store::ItemOutcome &o : outcomes.value()) {
                protocol::ItemResult r = itemResult(o);
                r.byReadingId = true;
                results.items.append(r);
            }
            return answerOf(protocol::toJson(results));
        });
    if (!answer)
        return failure(answer.error());
    return fromStored(answer.value());
}

Response ReadingRoutes::replaceMeter(const Request &request)
{
    auto user = m_authenticate(request);
    if (!user)
        return failure(user.error());
    const auto meterId = positiveId(request.params.value(u"id"_s));
    if (user.value().role == domain::Role::Consumer || !meterId)
        return Response::problem(problems::notFound());
    auto key = idempotencyKey(request);
    if (!key)
        return failure(key.error());
    auto body = jsonbody::parseObject(request.body);
    if (!body)
        return failure(body.error());
    auto parsed = protocol::replaceMeterRequestFromJson(body.value());
    if (!parsed)
        return failure(asRequestError(parsed.error()));
    const protocol::ReplaceMeterRequest &req = parsed.value();
    store::MeterReplacement rep;
    rep.oldMeter = MeterId(*meterId);
    rep.period = req.period;
    rep.takenOn = req.takenOn;
    for (const auto &c : req.closing)
        rep.closing.append({c.registerId, c.value});
    rep.newMeter = req.newMeter;
    rep.zones = req.zones;
    QSet<int> openingZones;
    for (const auto &o : req.opening) {
        rep.opening.append({o.zone, o.value});
        openingZones.insert(int(o.zone));
    }
    if (openingZones.size() != req.opening.size())
        return failure(Error::make(u"request.invalid_field"_s, u"opening"_s));
    const UserId by = user.value().id;
    const store::AccessScope scope = store::AccessScope::of(user.value());
    store::ReadingRepository repo(*m_db);
    auto answer =
        store::runIdempotent(*m_db, by, key.value(), requestHash(request),
                             QDateTime::currentMSecsSinceEpoch(), [&]() -> Result<store::StoredAnswer> {
                                 auto done = repo.replaceMeter(scope, by, rep);
                                 if (!done)
                                     return done.error();
                                 if (!done.value())
                                     return Error::make(u"not_found"_s);
                                 protocol::ReplaceMeterResponse out;
                                 out.oldMeterId = done.value()->oldMeterId;
                                 out.meter = done.value()->meter;
                                 return answerOf(protocol::toJson(out));
                             });
    if (!answer)
        return failure(answer.error());
    return fromStored(answer.value());
}

} // namespace oblik::http
