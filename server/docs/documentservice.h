#pragma once
// Documents as the API and the command line issue them (docs/documents.md): an invoice package, a
// tax invoice, and the filled readings act of a period whose readings are all processed are rendered
// once, stored with their SHA-256 (store::DocumentRepository) and answered from the store on every
// later request, byte for byte; a blank act, an act whose readings are not all processed, a turnover
// statement and a payment history are rendered on each request and not stored. Rendering runs on the
// calling thread with that thread's own documents::Renderer (one per thread and language). Access rules
// are the caller's.

#include "core/clock.h"
#include "core/error.h"
#include "docs/documentsource.h"
#include "documents/language.h"
#include "store/documentrepository.h"

#include <QByteArray>
#include <functional>
#include <memory>
#include <optional>

namespace oblik::store {
class Database;
}

namespace oblik::docs {
class DocumentSigner;

struct IssuedDocument
{
    QByteArray pdf;
    QString sha256; // hex
    int pages = 0;
    QString number;        // for the file name
    bool stored = false;   // answered from (or just written to) the documents table
    bool rendered = false; // rendered by this request
};

// One entry of GET /accounts/{id}/documents.
struct DocumentListItem
{
    QString id; // "invoice_package:123", "tax_invoice:45", "readings_act:202610"
    store::DocumentKind kind = store::DocumentKind::InvoicePackage;
    QString number;
    QDate date;
    Period period;
    std::optional<Money> amount; // none for an act
    bool stored = false;
    QString sha256; // empty when not stored
    QString signatureStatus;
};

// What the batch rendered for one account-period (documents command, benchmarks).
struct BatchCounts
{
    qint64 documents = 0, pages = 0, packages = 0, taxInvoices = 0, acts = 0;
    qint64 reused = 0; // already stored: answered from the store, not rendered
};

class DocumentService
{
public:
    explicit DocumentService(store::Database &db, const Clock &clock = Clock::system());

    // With a signer, every document stored from now on is signed by the supplier first (PAdES,
    // docs/signatures.md): stored as supplier_signed with its document_signatures row. Without one
    // documents are stored unsigned. Documents rendered on each request (not stored) are not signed.
    void setSigner(std::shared_ptr<const DocumentSigner> signer) { m_signer = std::move(signer); }
    const std::shared_ptr<const DocumentSigner> &signer() const { return m_signer; }

    // The document's language: the one asked for, else the supplier's document_language.
    // nullopt: the account has no such invoice / tax invoice.
    Result<std::optional<IssuedDocument>> invoicePackage(AccountId account, qint64 invoiceId,
                                                         std::optional<documents::DocLanguage> language);
    Result<std::optional<IssuedDocument>> taxInvoice(AccountId account, qint64 taxInvoiceId,
                                                     std::optional<documents::DocLanguage> language);
    Result<IssuedDocument> readingsAct(AccountId account, Period period, bool blank,
                                       std::optional<documents::DocLanguage> language);
    Result<IssuedDocument> turnover(AccountId account, Period period,
                                    std::optional<documents::DocLanguage> language);
    Result<IssuedDocument> paymentHistory(AccountId account, QDate from, QDate to,
                                          std::optional<documents::DocLanguage> language);

    // Every invoice package and tax invoice of the account (stored or not) and the readings act of
    // every period with readings, newest first.
    Result<QList<DocumentListItem>> list(AccountId account) const;

    // The batch: renders (and with store, stores or reuses) every document of the gathered
    // account-period; each rendered or reused document is handed to sink (may be empty).
    using Sink =
        std::function<void(store::DocumentKind kind, const QString &number, const IssuedDocument &doc)>;
    Result<BatchCounts> renderPeriod(const PeriodDocuments &documents,
                                     std::optional<documents::DocLanguage> language, bool store,
                                     const Sink &sink = {});

    DocumentSource &source() { return m_source; }

private:
    store::Database &m_db;
    const Clock &m_clock;
    DocumentSource m_source;
    std::shared_ptr<const DocumentSigner> m_signer;
};

} // namespace oblik::docs
