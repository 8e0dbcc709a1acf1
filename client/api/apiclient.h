#pragma once
// The client's door to oblik-server: base URL, bearer token, timeouts, certificate pinning, and
// one job object per request. Nothing here blocks; every answer arrives by signal.

#include "core/error.h"
#include "core/ids.h"
#include "core/period.h"

#include <QObject>
#include <QUrl>
#include <chrono>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QUrlQuery;

namespace oblik::client {

class CertificateStore;
class ApiJob;
class LoginJob;
class LogoutJob;
class MeJob;
class AccountsJob;
class AccountJob;
class HealthJob;
class RawJob;
class InvoicesJob;
class InvoiceJob;
class TaxInvoicesJob;
class PaymentsJob;
class TurnoverJob;
class TariffsJob;
class CalculateJob;
class RegisterPaymentJob;
class BillRunJob;
class IssueServicesInvoiceJob;
class DocumentsJob;
class DocumentJob;
class SignaturesJob;
class SignatureUploadJob;
class PackageJob;
struct DocumentRequest;
namespace billing {
struct PaymentRequest;
struct ServicesInvoiceRequest;
} // namespace billing

class ApiClient : public QObject
{
    Q_OBJECT
public:
    // The store is not owned and must outlive the client.
    explicit ApiClient(CertificateStore *store, QObject *parent = nullptr);
    ~ApiClient() override;

    // "host:port", "https://host:port/" ... to "https://host:port"; plain http is refused,
    // because the password and the token travel in the requests.
    static Result<QUrl> parseServerUrl(const QString &text);

    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    // "host:port" of the base URL: the key certificates are pinned under.
    QString hostKey() const;
    static QString hostKeyOf(const QUrl &url);

    void setToken(const QString &token) { m_token = token; }
    QString token() const { return m_token; }

    // How long a request may go without any bytes moving before it fails with network.timeout.
    void setTransferTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    std::chrono::milliseconds transferTimeout() const { return m_timeout; }

    // Sent as Accept-Language, so that the server's texts match the user's.
    void setLanguage(const QString &language) { m_language = language; }

    CertificateStore *certificateStore() const { return m_store; }
    // Whether the last request reached the server (true until one failed for network reasons).
    bool isOnline() const { return m_online; }

    // On success the token is kept for the next requests.
    LoginJob *login(const QString &login, const QString &password);
    // Forgets the token at once, whatever the server answers.
    LogoutJob *logout();
    MeJob *me();
    AccountsJob *accounts(const QString &query = {}, int limit = 100, int offset = 0);
    AccountJob *account(AccountId id);
    HealthJob *health();

    // POST of a JSON body to an API path ("/accounts/3/readings") with an Idempotency-Key: the
    // server answers a repeat with the same key by its stored first answer and writes nothing.
    RawJob *postIdempotent(const QString &path, const QString &idempotencyKey, const QByteArray &json);
    // GET /sync?since=&limit=: one page of the change feed.
    RawJob *syncPage(const QString &since, int limit);
    // Billing (docs/billing.md, "Proposed API"). The POSTs carry the caller's Idempotency-Key: a
    // Retry of the same user action repeats it, so the server never applies it twice.
    InvoicesJob *invoices(AccountId account, std::optional<Period> period = std::nullopt);
    InvoiceJob *invoice(AccountId account, qint64 invoiceId);
    TaxInvoicesJob *taxInvoices(AccountId account);
    PaymentsJob *payments(AccountId account);
    TurnoverJob *turnover(AccountId account, Period period);
    TariffsJob *tariffs(AccountId account);
    CalculateJob *calculate(AccountId account, Period period, const QString &idempotencyKey);
    RegisterPaymentJob *registerPayment(const billing::PaymentRequest &request,
                                        const QString &idempotencyKey);
    IssueServicesInvoiceJob *issueServicesInvoice(const billing::ServicesInvoiceRequest &request,
                                                  const QString &idempotencyKey);
    // Clerk: the own district (district unset = the clerk's own); admin: a district or the supplier.
    // kind "calculation" (invoices and postings) or "advance" (planned advances, nothing posted).
    BillRunJob *startBillRun(Period period, std::optional<DistrictId> district, const QString &idempotencyKey,
                             const QString &kind = QStringLiteral("calculation"));
    BillRunJob *billRun(qint64 id);
    BillRunJob *cancelBillRun(qint64 id);
    BillRunJob *resumeBillRun(qint64 id);

    // Documents (docs/documents.md): the account's list, and one document as PDF in the document
    // language lang ("uk", "ru"; empty: the supplier's).
    DocumentsJob *documents(AccountId account);
    DocumentJob *document(AccountId account, const DocumentRequest &request, const QString &lang);

    // Signatures (docs/signatures.md, "API"); docId is the documents list's id.
    SignaturesJob *signatures(AccountId account, const QString &docId, const QString &lang);
    // POST of the stored PDF with the consumer's signature appended (application/pdf) under the
    // caller's Idempotency-Key: a retry after a lost answer gets the first answer.
    SignatureUploadJob *uploadSignature(AccountId account, const QString &docId, const QString &lang,
                                        const QByteArray &signedPdf, const QString &idempotencyKey);
    // format "zip" or "asics".
    PackageJob *signaturePackage(AccountId account, const QString &docId, const QString &format,
                                 const QString &lang);

    // A GET of an API path whose JSON answer the caller decodes itself.
    RawJob *getRaw(const QString &path);
    // The same with query items (filters, paging: "?state=submitted&limit=100").
    RawJob *getRaw(const QString &path, const QUrlQuery &query);

Q_SIGNALS:
    void onlineChanged(bool online);
    // A request with a token was refused as unauthorized: the session expired or was revoked.
    void sessionExpired();

private:
    friend class ApiJob;
    QNetworkRequest request(const QString &path, const QUrlQuery *query = nullptr) const;
    QNetworkReply *post(const QString &path, const QByteArray &json, const QByteArray &idempotencyKey = {});
    void noteReachable(bool reachable);
    void noteUnauthorized();

    CertificateStore *m_store;
    QNetworkAccessManager *m_nam;
    QUrl m_baseUrl;
    QString m_token;
    QString m_language;
    std::chrono::milliseconds m_timeout{15000};
    bool m_online = true;
};

} // namespace oblik::client
