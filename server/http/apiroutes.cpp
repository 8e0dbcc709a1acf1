#include "http/apiroutes.h"

#include "http/authservice.h"
#include "http/billingroutes.h"
#include "http/documentroutes.h"
#include "http/jsonbody.h"
#include "http/logging.h"
#include "http/problems.h"
#include "http/readingroutes.h"
#include "http/router.h"
#include "http/signatureroutes.h"
#include "protocol/codec.h"
#include "store/accountrepository.h"

#include <QDateTime>

namespace oblik::http {

ApiRoutes::ApiRoutes(store::Database *db, AuthService *auth) : m_db(db), m_auth(auth) {}

void ApiRoutes::setSigning(std::shared_ptr<const docs::DocumentSigner> signer,
                           std::shared_ptr<const crypto::TrustSettings> trust)
{
    m_signer = std::move(signer);
    m_trust = std::move(trust);
}

void ApiRoutes::registerRoutes(Router &router)
{
    auto bind = [this](Response (ApiRoutes::*method)(const Request &)) {
        return [this, method](const Request &r) { return (this->*method)(r); };
    };
    router.add("GET", QStringLiteral("/api/v1/health"), bind(&ApiRoutes::health));
    router.add("POST", QStringLiteral("/api/v1/auth/login"), bind(&ApiRoutes::login));
    router.add("POST", QStringLiteral("/api/v1/auth/logout"), bind(&ApiRoutes::logout));
    router.add("GET", QStringLiteral("/api/v1/me"), bind(&ApiRoutes::me));
    router.add("GET", QStringLiteral("/api/v1/accounts"), bind(&ApiRoutes::accounts));
    router.add("GET", QStringLiteral("/api/v1/accounts/{id}"), bind(&ApiRoutes::account));
    // The readings routes (docs/readings-contract.md) share the caller check; the router keeps the
    // handlers, so the object lives as long as this one.
    m_readings = std::make_shared<ReadingRoutes>(m_db, [this](const Request &r) { return caller(r); });
    m_readings->registerRoutes(router);
    // Billing (docs/billing.md): its service runs bill runs on a worker thread and waits for them
    // when the routes go away.
    m_billing = std::make_shared<BillingRoutes>(m_db, [this](const Request &r) { return caller(r); });
    m_billing->registerRoutes(router);
    // Documents (docs/documents.md): rendered on the request's worker thread, stored once.
    m_documents = std::make_shared<DocumentRoutes>(m_db, [this](const Request &r) { return caller(r); });
    m_documents->setSigner(m_signer);
    m_documents->registerRoutes(router);
    // Signatures (docs/signatures.md): verified on the request's worker thread.
    m_signatures = std::make_shared<SignatureRoutes>(
        m_db, [this](const Request &r) { return caller(r); }, m_trust);
    m_signatures->registerRoutes(router);
}

QStringList ApiRoutes::list()
{
    Router router;
    ApiRoutes api(nullptr, nullptr);
    api.registerRoutes(router);
    return router.list();
}

Response ApiRoutes::failure(const Error &error)
{
    const protocol::Problem problem = problems::fromError(error);
    if (problem.status >= 500)
        qCWarning(lcHttp).noquote() << "internal error:" << error.code() << error.detail();
    return Response::problem(problem);
}

Result<domain::User> ApiRoutes::caller(const Request &request, QString *tokenOut)
{
    const QByteArray header = request.header("Authorization").trimmed();
    const qsizetype space = header.indexOf(' ');
    if (space <= 0 || header.left(space).compare("Bearer", Qt::CaseInsensitive) != 0)
        return Error::make(QStringLiteral("auth.unauthorized"));
    const QString token = QString::fromLatin1(header.mid(space + 1).trimmed());
    if (tokenOut)
        *tokenOut = token;
    return m_auth->authenticate(token);
}

Response ApiRoutes::health(const Request &)
{
    return Response::json({{QStringLiteral("status"), QStringLiteral("ok")},
                           {QStringLiteral("version"), QStringLiteral(OBLIK_VERSION)}});
}

Response ApiRoutes::login(const Request &request)
{
    auto body = jsonbody::parseObject(request.body);
    if (!body)
        return failure(body.error());
    auto login = jsonbody::requiredString(body.value(), QStringLiteral("login"), 254);
    if (!login)
        return failure(login.error());
    auto password = jsonbody::requiredString(body.value(), QStringLiteral("password"), 1024);
    if (!password)
        return failure(password.error());

    auto result = m_auth->login(login.value(), password.value());
    if (!result)
        return failure(result.error());
    const LoginResult &ok = result.value();
    protocol::LoginResponse answer;
    answer.token = ok.token;
    answer.expiresAt = QDateTime::fromMSecsSinceEpoch(ok.expiresAt, Qt::UTC);
    answer.idleTimeoutS = int(m_auth->options().sessionIdleS);
    answer.user = ok.user;
    return Response::json(protocol::toJson(answer));
}

Response ApiRoutes::logout(const Request &request)
{
    QString token;
    auto user = caller(request, &token);
    if (!user)
        return failure(user.error());
    auto done = m_auth->logout(token);
    if (!done)
        return failure(done.error());
    return Response::noContent();
}

Response ApiRoutes::me(const Request &request)
{
    auto user = caller(request);
    if (!user)
        return failure(user.error());
    return Response::json(protocol::toJson(user.value()));
}

Response ApiRoutes::accounts(const Request &request)
{
    auto user = caller(request);
    if (!user)
        return failure(user.error());
    auto paging = jsonbody::queryPage(request.query, kDefaultLimit, kMaxLimit);
    if (!paging)
        return failure(paging.error());
    const QString q = request.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
    if (q.size() > kMaxQueryLength)
        return failure(Error::make(QStringLiteral("request.invalid_field"), QStringLiteral("q")));

    store::AccountRepository repo(*m_db);
    auto page =
        repo.list(store::AccessScope::of(user.value()), q, paging.value().limit, paging.value().offset);
    if (!page)
        return failure(page.error());
    protocol::AccountList list;
    list.items = page.value().items;
    list.total = page.value().total;
    list.limit = paging.value().limit;
    list.offset = paging.value().offset;
    return Response::json(protocol::toJson(list));
}

Response ApiRoutes::account(const Request &request)
{
    auto user = caller(request);
    if (!user)
        return failure(user.error());
    // Anything but a positive decimal id is simply not an account: 404 like an invisible one.
    const QString text = request.params.value(QStringLiteral("id"));
    bool ok = text.size() <= 18 && !text.isEmpty();
    for (const QChar c : text)
        ok = ok && c.unicode() >= u'0' && c.unicode() <= u'9';
    const qint64 id = ok ? text.toLongLong(&ok) : 0;
    if (!ok || id <= 0)
        return Response::problem(problems::notFound());

    store::AccountRepository repo(*m_db);
    auto detail = repo.load(store::AccessScope::of(user.value()), AccountId(id));
    if (!detail)
        return failure(detail.error());
    if (!detail.value())
        return Response::problem(problems::notFound());
    return Response::json(protocol::toJson(*detail.value()));
}

} // namespace oblik::http
