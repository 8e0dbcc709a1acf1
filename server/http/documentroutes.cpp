#include "http/documentroutes.h"

#include "docs/documentservice.h"
#include "http/accountaccess.h"
#include "http/logging.h"
#include "http/problems.h"
#include "http/router.h"
#include "store/database.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace oblik::http {

namespace {

// Documents' errors as problems: document.not_found 404, document.bad_range and period.invalid 422
// (with the field), document.render_failed 500 with its text, anything else as elsewhere.
Response failure(const Error &error)
{
    const QString &code = error.code();
    if (code == u"document.not_found")
        return Response::problem(protocol::Problem::fromError(404, error));
    if (code == u"document.bad_range" || code == u"period.invalid")
        return Response::problem(protocol::Problem::fromError(422, error));
    if (code == u"document.render_failed") { // the server's fault, said in words with the document's title
        qCWarning(lcHttp).noquote() << "rendering failed:" << error.detail();
        return Response::problem(protocol::Problem::fromError(500, error));
    }
    const protocol::Problem problem = problems::fromError(error);
    if (problem.status >= 500)
        qCWarning(lcHttp).noquote() << "internal error:" << error.code() << error.detail();
    return Response::problem(problem);
}

QString query(const Request &r, const QString &name)
{
    return r.query.queryItemValue(name, QUrl::FullyDecoded);
}

// ?lang=uk|ru, or none (the supplier's document language).
Result<std::optional<documents::DocLanguage>> language(const Request &r)
{
    const QString text = query(r, u"lang"_s);
    if (text.isEmpty())
        return std::optional<documents::DocLanguage>();
    const auto l = documents::docLanguageFromString(text);
    if (!l)
        return Error::make(u"request.invalid_field"_s, u"lang"_s);
    return std::optional<documents::DocLanguage>(*l);
}

Result<Period> periodParameter(const Request &r)
{
    const QString text = query(r, u"period"_s);
    if (text.isEmpty())
        return Error::make(u"request.missing_field"_s, u"period"_s);
    auto p = Period::parse(text);
    if (!p)
        return Error::make(u"period.invalid"_s, u"period"_s, {text});
    return p.value();
}

// A file name without anything a header or a file system could choke on.
QByteArray fileName(const QString &number)
{
    QByteArray out;
    for (const QChar c : number) {
        const char16_t u = c.unicode();
        const bool plain = (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') ||
                           u == u'-' || u == u'_' || u == u'.';
        out += plain ? char(u) : '_';
    }
    return (out.isEmpty() ? QByteArrayLiteral("document") : out) + ".pdf";
}

Response pdf(const docs::IssuedDocument &d)
{
    Response r;
    r.contentType = QByteArrayLiteral("application/pdf");
    r.body = d.pdf;
    r.setHeader("ETag", '"' + d.sha256.toLatin1() + '"');
    r.setHeader("X-Oblik-Sha256", d.sha256.toLatin1());
    r.setHeader("Content-Disposition", "inline; filename=\"" + fileName(d.number) + '"');
    return r;
}

} // namespace

DocumentRoutes::DocumentRoutes(store::Database *db, Authenticate authenticate)
    : m_db(db), m_authenticate(std::move(authenticate))
{
    if (m_db)
        m_service = std::make_unique<docs::DocumentService>(*m_db);
}

DocumentRoutes::~DocumentRoutes() = default;

void DocumentRoutes::setSigner(std::shared_ptr<const docs::DocumentSigner> signer)
{
    if (m_service)
        m_service->setSigner(std::move(signer));
}

void DocumentRoutes::registerRoutes(Router &router)
{
    auto bind = [this](Response (DocumentRoutes::*method)(const Request &)) {
        return [this, method](const Request &r) { return (this->*method)(r); };
    };
    router.add("GET", u"/api/v1/accounts/{id}/documents"_s, bind(&DocumentRoutes::list));
    router.add("GET", u"/api/v1/accounts/{id}/invoices/{invoiceId}/document"_s,
               bind(&DocumentRoutes::invoicePackage));
    router.add("GET", u"/api/v1/accounts/{id}/tax-invoices/{taxInvoiceId}/document"_s,
               bind(&DocumentRoutes::taxInvoice));
    router.add("GET", u"/api/v1/accounts/{id}/readings-act"_s, bind(&DocumentRoutes::readingsAct));
    router.add("GET", u"/api/v1/accounts/{id}/turnover/document"_s, bind(&DocumentRoutes::turnover));
    router.add("GET", u"/api/v1/accounts/{id}/payments/document"_s, bind(&DocumentRoutes::paymentHistory));
}

// The account of the path if the caller may see it; else the 404 to answer.
#define OBLIK_DOCUMENT_ACCOUNT(request, account)                                                             \
    auto user_ = m_authenticate(request);                                                                    \
    if (!user_)                                                                                              \
        return failure(user_.error());                                                                       \
    const auto accountId_ = positiveId(request.params.value(u"id"_s));                                       \
    if (!accountId_)                                                                                         \
        return Response::problem(problems::notFound());                                                      \
    auto found_ = visibleAccount(*m_db, user_.value(), *accountId_);                                         \
    if (!found_)                                                                                             \
        return failure(found_.error());                                                                      \
    if (!found_.value())                                                                                     \
        return Response::problem(problems::notFound());                                                      \
    const VisibleAccount account = *found_.value();

#define OBLIK_DOCUMENT_LANGUAGE(request, lang)                                                               \
    const auto lang##_ = language(request);                                                                  \
    if (!lang##_)                                                                                            \
        return failure(lang##_.error());                                                                     \
    const std::optional<documents::DocLanguage> lang = lang##_.value();

Response DocumentRoutes::list(const Request &request)
{
    OBLIK_DOCUMENT_ACCOUNT(request, account)
    auto items = m_service->list(account.id);
    if (!items)
        return failure(items.error());
    QJsonArray out;
    for (const docs::DocumentListItem &i : items.value())
        out.append(QJsonObject{
            {u"id"_s, i.id},
            {u"kind"_s, store::toString(i.kind)},
            {u"number"_s, i.number},
            {u"date"_s, i.date.toString(Qt::ISODate)},
            {u"period"_s, i.period.toString()},
            {u"amount"_s, i.amount ? QJsonValue(i.amount->toString()) : QJsonValue(QJsonValue::Null)},
            {u"stored"_s, i.stored},
            {u"sha256"_s, i.stored ? QJsonValue(i.sha256) : QJsonValue(QJsonValue::Null)},
            {u"signature_status"_s, i.signatureStatus}});
    return Response::json({{u"items"_s, out}});
}

Response DocumentRoutes::invoicePackage(const Request &request)
{
    OBLIK_DOCUMENT_ACCOUNT(request, account)
    OBLIK_DOCUMENT_LANGUAGE(request, lang)
    const auto invoiceId = positiveId(request.params.value(u"invoiceId"_s));
    if (!invoiceId)
        return failure(Error::make(u"document.not_found"_s));
    auto issued = m_service->invoicePackage(account.id, *invoiceId, lang);
    if (!issued)
        return failure(issued.error());
    if (!issued.value())
        return failure(Error::make(u"document.not_found"_s));
    return pdf(*issued.value());
}

Response DocumentRoutes::taxInvoice(const Request &request)
{
    OBLIK_DOCUMENT_ACCOUNT(request, account)
    OBLIK_DOCUMENT_LANGUAGE(request, lang)
    const auto taxInvoiceId = positiveId(request.params.value(u"taxInvoiceId"_s));
    if (!taxInvoiceId)
        return failure(Error::make(u"document.not_found"_s));
    auto issued = m_service->taxInvoice(account.id, *taxInvoiceId, lang);
    if (!issued)
        return failure(issued.error());
    if (!issued.value())
        return failure(Error::make(u"document.not_found"_s));
    return pdf(*issued.value());
}

Response DocumentRoutes::readingsAct(const Request &request)
{
    OBLIK_DOCUMENT_ACCOUNT(request, account)
    OBLIK_DOCUMENT_LANGUAGE(request, lang)
    auto period = periodParameter(request);
    if (!period)
        return failure(period.error());
    const QString blankText = query(request, u"blank"_s);
    if (!blankText.isEmpty() && blankText != u"0" && blankText != u"1")
        return failure(Error::make(u"request.invalid_field"_s, u"blank"_s));
    auto issued = m_service->readingsAct(account.id, period.value(), blankText == u"1", lang);
    if (!issued)
        return failure(issued.error());
    return pdf(issued.value());
}

Response DocumentRoutes::turnover(const Request &request)
{
    OBLIK_DOCUMENT_ACCOUNT(request, account)
    OBLIK_DOCUMENT_LANGUAGE(request, lang)
    auto period = periodParameter(request);
    if (!period)
        return failure(period.error());
    auto issued = m_service->turnover(account.id, period.value(), lang);
    if (!issued)
        return failure(issued.error());
    return pdf(issued.value());
}

Response DocumentRoutes::paymentHistory(const Request &request)
{
    OBLIK_DOCUMENT_ACCOUNT(request, account)
    OBLIK_DOCUMENT_LANGUAGE(request, lang)
    QDate range[2];
    const QString names[2] = {u"from"_s, u"to"_s};
    for (int i = 0; i < 2; ++i) {
        const QString text = query(request, names[i]);
        if (text.isEmpty())
            return failure(Error::make(u"request.missing_field"_s, names[i]));
        range[i] = QDate::fromString(text, Qt::ISODate);
        if (!range[i].isValid() || text.size() != 10)
            return failure(Error::make(u"request.invalid_field"_s, names[i]));
    }
    if (range[0] > range[1])
        return failure(Error::make(u"document.bad_range"_s, u"from"_s));
    if (range[0].addYears(kMaxRangeYears) < range[1])
        return failure(Error::make(u"document.bad_range"_s, u"to"_s));
    auto issued = m_service->paymentHistory(account.id, range[0], range[1], lang);
    if (!issued)
        return failure(issued.error());
    return pdf(issued.value());
}

} // namespace oblik::http
