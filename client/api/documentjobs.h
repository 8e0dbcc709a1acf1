#pragma once
// The documents of the API (docs/documents.md, "API"): the list of an account's documents and one
// document as PDF bytes. A document is named by what it is (DocumentRequest), which also gives the
// key it is kept under in the local store.

#include "api/apijob.h"
#include "core/ids.h"
#include "core/money.h"
#include "core/period.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QUrlQuery>
#include <optional>

namespace oblik::client {

// One row of GET /accounts/{id}/documents.
struct DocumentItem
{
    QString id;   // "invoice_package:123" | "tax_invoice:45" | "readings_act:202610"
    QString kind; // invoice_package | tax_invoice | readings_act
    QString number;
    QDate date;
    Period period;
    std::optional<Money> amount; // none for an act
    bool stored = false;         // the server keeps the issued bytes
    QString sha256;              // hex of the stored bytes; empty while not rendered yet
    QString signatureStatus;     // "unsigned", "supplier_signed", "received", "rejected"; the
                                 // client's own "signed_by_me" while its signature waits
    QString signatureReason;     // the client's: why the server rejected the signature
};
Result<QList<DocumentItem>> documentsFromJson(const QByteArray &body);

// What to download. Invoice packages and tax invoices are stored by the server once issued and
// never change; the others are rendered on each request.
struct DocumentRequest
{
    enum class Kind { InvoicePackage, TaxInvoice, ReadingsAct, Turnover, PaymentHistory };
    Kind kind = Kind::InvoicePackage;
    qint64 id = 0;      // the invoice or tax invoice
    Period period;      // readings act, turnover
    bool blank = false; // readings act: current values left empty for filling by hand
    QDate from, to;     // payment history

    static DocumentRequest invoicePackage(qint64 invoiceId);
    static DocumentRequest taxInvoice(qint64 taxInvoiceId);
    static DocumentRequest readingsAct(Period period, bool blank);
    static DocumentRequest turnover(Period period);
    static DocumentRequest paymentHistory(QDate from, QDate to);
    // The list's id ("tax_invoice:45") as a request; nothing for an id this build does not know.
    static std::optional<DocumentRequest> fromItemId(const QString &id);

    // The key in the local store: the list's id for the listed kinds, and "readings_act_blank:
    // 202610", "turnover:202610", "payment_history:2026-01-01:2026-10-31" for the others.
    QString cacheId() const;
    // The server keeps these byte for byte: a copy with the server's sha256 is the document.
    bool isStoredKind() const { return kind == Kind::InvoicePackage || kind == Kind::TaxInvoice; }
    // The API path under /api/v1 and its query (with lang).
    QString path(AccountId account) const;
    QUrlQuery query(const QString &lang) const;
};

// The language documents are asked for (the PDF's, not the UI's): "uk" (default) or "ru", kept in
// the settings under documents/language.
QString documentLanguage();
void setDocumentLanguage(const QString &lang);
QStringList documentLanguages();

// GET /accounts/{id}/documents.
class DocumentsJob : public ApiJob
{
    Q_OBJECT
public:
    DocumentsJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
    void failWith(const Error &e) { fail(e); }
Q_SIGNALS:
    void finished(const QList<oblik::client::DocumentItem> &value, const QByteArray &body);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// GET of one document: the PDF bytes, their sha256 (checked against X-Oblik-Sha256 when the server
// sends it) and the file name the server suggests.
class DocumentJob : public ApiJob
{
    Q_OBJECT
public:
    DocumentJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
Q_SIGNALS:
    void finished(const QByteArray &pdf, const QString &sha256, const QString &fileName);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

} // namespace oblik::client
