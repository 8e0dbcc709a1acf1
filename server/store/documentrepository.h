#pragma once
// Documents the server issued (migration 8, docs/documents.md): an invoice package, a tax invoice or
// a processed period's readings act, rendered once and stored with its SHA-256, so every later request
// answers the same bytes. Unique by (kind, account, period, number, language): when two requests render
// the same document at once, one row wins and the other reads it (store() answers the winner).

#include "core/error.h"
#include "core/ids.h"
#include "core/period.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace oblik::store {
class Database;

enum class DocumentKind { InvoicePackage, TaxInvoice, ReadingsAct };
QString toString(DocumentKind kind); // "invoice_package", "tax_invoice", "readings_act"
std::optional<DocumentKind> documentKindFromString(const QString &s);

struct DocumentKey
{
    DocumentKind kind = DocumentKind::InvoicePackage;
    AccountId account;
    Period period;
    QString number;   // the invoice's, the tax invoice's or the act's number
    QString language; // "uk" | "ru"
};

// A stored document without its bytes (lists).
struct StoredDocumentInfo
{
    qint64 id = 0;
    DocumentKey key;
    qint64 invoiceId = 0;    // invoice packages and tax invoices (the tax invoice's invoice)
    qint64 taxInvoiceId = 0; // tax invoices
    qint64 createdAt = 0;    // ms since the epoch
    QString sha256;          // lower-case hex of the content
    qint64 size = 0;
    int pages = 0;
    QString signatureStatus; // "unsigned" until issue 7
};

struct StoredDocument
{
    StoredDocumentInfo info;
    QByteArray content;
    bool inserted = false; // store(): this call's row won (false: another one was already there)
};

struct DocumentWrite
{
    DocumentKey key;
    qint64 invoiceId = 0;
    qint64 taxInvoiceId = 0;
    QByteArray content;
    int pages = 0;
    qint64 createdAt = 0;
    QString signatureStatus = QStringLiteral("unsigned"); // "supplier_signed" when signed at issue
};

class DocumentRepository
{
public:
    explicit DocumentRepository(Database &db);

    // The stored document with its bytes, or nothing.
    Result<std::optional<StoredDocument>> find(const DocumentKey &key) const;
    // Inserts (own statement, no transaction needed); on a unique-key conflict leaves the stored row
    // as it is and answers it. The hash and the size are computed here.
    Result<StoredDocument> store(const DocumentWrite &document);
    // By the row's id, or by what a documents-list id names (issue 7): an invoice package by its
    // invoice id, a tax invoice by its id, a readings act by its period (yyyymm), in one language.
    Result<std::optional<StoredDocument>> findById(qint64 id) const;
    Result<std::optional<StoredDocument>> findByRef(AccountId account, DocumentKind kind, qint64 ref,
                                                    const QString &language) const;
    // Every stored document of the account, without bytes, newest period first.
    Result<QList<StoredDocumentInfo>> list(AccountId account) const;

    static QString sha256Hex(const QByteArray &content);

private:
    Database &m_db;
};

} // namespace oblik::store
