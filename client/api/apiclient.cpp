#include "api/apiclient.h"

#include "api/billingjobs.h"
#include "api/documentjobs.h"
#include "api/jobs.h"
#include "api/signaturejobs.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace oblik::client {

ApiClient::ApiClient(CertificateStore *store, QObject *parent)
    : QObject(parent), m_store(store), m_nam(new QNetworkAccessManager(this))
{}

ApiClient::~ApiClient()
{
    // Jobs own their replies; they must go while the access manager that made the replies lives.
    const auto jobs = findChildren<ApiJob *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(jobs);
}

Result<QUrl> ApiClient::parseServerUrl(const QString &text)
{
    QString t = text.trimmed();
    if (t.isEmpty())
        return Error::make(u"request.missing_field"_s, u"server"_s);
    if (!t.contains(u"://"_s))
        t.prepend(u"https://"_s);
    QUrl url(t, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return Error::make(u"request.invalid_field"_s, u"server"_s, {}, text);
    if (url.scheme().toLower() != u"https"_s)
        return Error::make(u"network.insecure_url"_s, u"server"_s, {text}, text);
    url.setScheme(u"https"_s);
    url.setPath(QString());
    url.setQuery(QString());
    url.setFragment(QString());
    url.setUserInfo(QString());
    return url;
}

void ApiClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

QString ApiClient::hostKey() const
{
    return hostKeyOf(m_baseUrl);
}

QString ApiClient::hostKeyOf(const QUrl &url)
{
    if (url.host().isEmpty())
        return {};
    return url.host().toLower() + u':' + QString::number(url.port(443));
}

QNetworkRequest ApiClient::request(const QString &path, const QUrlQuery *query) const
{
    QUrl url = m_baseUrl;
    url.setPath(u"/api/v1"_s + path);
    if (query)
        url.setQuery(*query);
    QNetworkRequest req(url);
    req.setTransferTimeout(int(m_timeout.count()));
    req.setRawHeader("Accept", "application/json, application/problem+json");
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("Oblik/" OBLIK_VERSION));
    if (!m_language.isEmpty())
        req.setRawHeader("Accept-Language", m_language.toLatin1());
    if (!m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return req;
}

QNetworkReply *ApiClient::post(const QString &path, const QByteArray &json, const QByteArray &idempotencyKey)
{
    QNetworkRequest req = request(path);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (!idempotencyKey.isEmpty())
        req.setRawHeader("Idempotency-Key", idempotencyKey);
    return m_nam->post(req, json);
}

LoginJob *ApiClient::login(const QString &login, const QString &password)
{
    m_token.clear();
    const QJsonObject body{{u"login"_s, login}, {u"password"_s, password}};
    auto *job =
        new LoginJob(this, post(u"/auth/login"_s, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    // Connected before any caller can connect: the token is in place when their slot runs.
    connect(job, &LoginJob::finished, this, [this](const protocol::LoginResponse &r) { m_token = r.token; });
    return job;
}

LogoutJob *ApiClient::logout()
{
    auto *job = new LogoutJob(this, post(u"/auth/logout"_s, QByteArray()));
    m_token.clear();
    return job;
}

MeJob *ApiClient::me()
{
    return new MeJob(this, m_nam->get(request(u"/me"_s)));
}

AccountsJob *ApiClient::accounts(const QString &query, int limit, int offset)
{
    QUrlQuery q;
    q.addQueryItem(u"limit"_s, QString::number(limit));
    q.addQueryItem(u"offset"_s, QString::number(offset));
    if (!query.isEmpty())
        q.addQueryItem(u"q"_s, QString::fromLatin1(QUrl::toPercentEncoding(query)));
    return new AccountsJob(this, m_nam->get(request(u"/accounts"_s, &q)));
}

AccountJob *ApiClient::account(AccountId id)
{
    return new AccountJob(this, m_nam->get(request(u"/accounts/"_s + QString::number(id.value()))));
}

HealthJob *ApiClient::health()
{
    return new HealthJob(this, m_nam->get(request(u"/health"_s)));
}

RawJob *ApiClient::postIdempotent(const QString &path, const QString &idempotencyKey, const QByteArray &json)
{
    return new RawJob(this, post(path, json, idempotencyKey.toLatin1()));
}

RawJob *ApiClient::syncPage(const QString &since, int limit)
{
    QUrlQuery q;
    q.addQueryItem(u"since"_s, since.isEmpty() ? u"0"_s : since);
    q.addQueryItem(u"limit"_s, QString::number(limit));
    return new RawJob(this, m_nam->get(request(u"/sync"_s, &q)));
}

namespace {
QString accountPath(AccountId account, const QString &rest)
{
    return u"/accounts/%1/"_s.arg(account.value()) + rest;
}
} // namespace

InvoicesJob *ApiClient::invoices(AccountId account, std::optional<Period> period)
{
    QUrlQuery q;
    if (period)
        q.addQueryItem(u"period"_s, period->toString());
    return new InvoicesJob(this, m_nam->get(request(accountPath(account, u"invoices"_s), &q)));
}

InvoiceJob *ApiClient::invoice(AccountId account, qint64 invoiceId)
{
    return new InvoiceJob(this, m_nam->get(request(accountPath(account, u"invoices/%1"_s.arg(invoiceId)))));
}

TaxInvoicesJob *ApiClient::taxInvoices(AccountId account)
{
    return new TaxInvoicesJob(this, m_nam->get(request(accountPath(account, u"tax-invoices"_s))));
}

PaymentsJob *ApiClient::payments(AccountId account)
{
    return new PaymentsJob(this, m_nam->get(request(accountPath(account, u"payments"_s))));
}

TurnoverJob *ApiClient::turnover(AccountId account, Period period)
{
    QUrlQuery q;
    q.addQueryItem(u"period"_s, period.toString());
    return new TurnoverJob(this, m_nam->get(request(accountPath(account, u"turnover"_s), &q)));
}

TariffsJob *ApiClient::tariffs(AccountId account)
{
    return new TariffsJob(this, m_nam->get(request(accountPath(account, u"tariffs"_s))));
}

CalculateJob *ApiClient::calculate(AccountId account, Period period, const QString &idempotencyKey)
{
    const QJsonObject body{{u"period"_s, period.toString()}};
    return new CalculateJob(this, post(accountPath(account, u"calculate"_s),
                                       QJsonDocument(body).toJson(QJsonDocument::Compact),
                                       idempotencyKey.toLatin1()));
}

RegisterPaymentJob *ApiClient::registerPayment(const billing::PaymentRequest &payment,
                                               const QString &idempotencyKey)
{
    return new RegisterPaymentJob(this, post(u"/payments"_s,
                                             QJsonDocument(payment.toJson()).toJson(QJsonDocument::Compact),
                                             idempotencyKey.toLatin1()));
}

IssueServicesInvoiceJob *ApiClient::issueServicesInvoice(const billing::ServicesInvoiceRequest &request,
                                                         const QString &idempotencyKey)
{
    return new IssueServicesInvoiceJob(this,
                                       post(accountPath(request.accountId, u"services-invoices"_s),
                                            QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact),
                                            idempotencyKey.toLatin1()));
}

BillRunJob *ApiClient::startBillRun(Period period, std::optional<DistrictId> district,
                                    const QString &idempotencyKey, const QString &kind)
{
    const QJsonObject body{{u"period"_s, period.toString()},
                           {u"district_id"_s, district ? QJsonValue(district->value()) : QJsonValue()},
                           {u"kind"_s, kind}};
    return new BillRunJob(this, post(u"/bill-runs"_s, QJsonDocument(body).toJson(QJsonDocument::Compact),
                                     idempotencyKey.toLatin1()));
}

BillRunJob *ApiClient::billRun(qint64 id)
{
    return new BillRunJob(this, m_nam->get(request(u"/bill-runs/%1"_s.arg(id))));
}

BillRunJob *ApiClient::cancelBillRun(qint64 id)
{
    return new BillRunJob(this, post(u"/bill-runs/%1/cancel"_s.arg(id), QByteArray("{}")));
}

BillRunJob *ApiClient::resumeBillRun(qint64 id)
{
    return new BillRunJob(this, post(u"/bill-runs/%1/resume"_s.arg(id), QByteArray("{}")));
}

DocumentsJob *ApiClient::documents(AccountId account)
{
    return new DocumentsJob(this, m_nam->get(request(accountPath(account, u"documents"_s))));
}

DocumentJob *ApiClient::document(AccountId account, const DocumentRequest &doc, const QString &lang)
{
    const QUrlQuery q = doc.query(lang);
    QNetworkRequest req = request(doc.path(account), &q);
    req.setRawHeader("Accept", "application/pdf, application/problem+json");
    // A first request renders the document on the server: more time than a list.
    req.setTransferTimeout(int(m_timeout.count()) * 4);
    return new DocumentJob(this, m_nam->get(req));
}

SignaturesJob *ApiClient::signatures(AccountId account, const QString &docId, const QString &lang)
{
    QUrlQuery q;
    if (!lang.isEmpty())
        q.addQueryItem(u"lang"_s, lang);
    return new SignaturesJob(this, m_nam->get(request(signaturePath(account, docId, u"signatures"_s), &q)));
}

SignatureUploadJob *ApiClient::uploadSignature(AccountId account, const QString &docId, const QString &lang,
                                               const QByteArray &signedPdf, const QString &idempotencyKey)
{
    QUrlQuery q;
    if (!lang.isEmpty())
        q.addQueryItem(u"lang"_s, lang);
    QNetworkRequest req = request(signaturePath(account, docId, u"signatures"_s), &q);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/pdf"));
    req.setRawHeader("Idempotency-Key", idempotencyKey.toLatin1());
    // The server verifies every signature before answering: more time than a list.
    req.setTransferTimeout(int(m_timeout.count()) * 4);
    return new SignatureUploadJob(this, m_nam->post(req, signedPdf));
}

PackageJob *ApiClient::signaturePackage(AccountId account, const QString &docId, const QString &format,
                                        const QString &lang)
{
    QUrlQuery q;
    q.addQueryItem(u"format"_s, format);
    if (!lang.isEmpty())
        q.addQueryItem(u"lang"_s, lang);
    QNetworkRequest req = request(signaturePath(account, docId, u"package"_s), &q);
    req.setRawHeader("Accept", "application/zip, application/vnd.etsi.asic-s+zip, application/problem+json");
    req.setTransferTimeout(int(m_timeout.count()) * 4);
    return new PackageJob(this, m_nam->get(req));
}

RawJob *ApiClient::getRaw(const QString &path)
{
    return new RawJob(this, m_nam->get(request(path)));
}

RawJob *ApiClient::getRaw(const QString &path, const QUrlQuery &query)
{
    return new RawJob(this, m_nam->get(request(path, &query)));
}

void ApiClient::noteReachable(bool reachable)
{
    if (m_online == reachable)
        return;
    m_online = reachable;
    Q_EMIT onlineChanged(reachable);
}

void ApiClient::noteUnauthorized()
{
    m_token.clear();
    Q_EMIT sessionExpired();
}

} // namespace oblik::client
