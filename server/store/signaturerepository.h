#pragma once
// Signatures of stored documents (migration 9, docs/signatures.md): one document_signatures row per
// signature received (the supplier's at issue, each consumer upload, valid or rejected), the
// document's signature_status and, for an accepted PAdES upload, its new content, and the signed
// readings act (readings_acts). Plain rows: verification is the caller's (crypto::verifyPdf/Cades).
// Writes run on the calling thread's connection, inside the caller's transaction when there is one.

#include "core/error.h"
#include "core/ids.h"
#include "core/period.h"
#include "store/documentrepository.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace oblik::store {
class Database;

struct SignatureRow
{
    qint64 id = 0;
    qint64 documentId = 0;
    QString side;         // "supplier" | "consumer"
    QString format;       // "pades" | "cades"
    UserId user;          // who uploaded it (none for the supplier's)
    QString userLogin;    // read back (list), empty when none
    QString status;       // "valid" | "rejected"
    QStringList problems; // crypto::problemCode()s, empty when valid
    QString signerName, signerOrganization, signerTaxId;
    QString certificateSerial, certificateIssuer, certificateSha256;
    QByteArray certificate; // DER, empty when the signature carried none
    QStringList chain;      // subjects, signer first
    QDateTime signingTime;  // UTC, null when the signature says none
    qint64 receivedAt = 0;  // ms since the epoch
    qint64 coveredLength = 0;
    QString coveredSha256; // hex of the first coveredLength bytes of the document
    QString fieldName;     // PAdES: the signature field; empty for CAdES
    QByteArray cms;        // CAdES: the detached CMS as uploaded; empty for PAdES
};

class SignatureRepository
{
public:
    explicit SignatureRepository(Database &db);

    // The stored document a documents-list id names: invoice_package by invoice id, tax_invoice by tax
    // invoice id, readings_act by period (yyyymm), in the language given. Nothing when not stored.
    Result<std::optional<StoredDocument>> document(AccountId account, DocumentKind kind, qint64 ref,
                                                   const QString &language) const;
    Result<std::optional<StoredDocument>> documentById(qint64 documentId) const;

    // Inserts a row; answers its id.
    Result<qint64> insert(const SignatureRow &row);
    // The document's rows, oldest first, with the uploader's login.
    Result<QList<SignatureRow>> list(qint64 documentId) const;

    // documents.signature_status; for an invoice package in its supplier's document language also
    // invoices.signature_status (the invoices list reads it).
    Error setStatus(qint64 documentId, const QString &status);
    // An accepted PAdES upload: the new content (hash and size computed here) and status, only if the
    // stored sha256 is still expectedSha256 (compare and set: of two concurrent uploads of the same
    // revision one wins, the other sees false and starts again from the new content).
    Result<bool> replaceContent(qint64 documentId, const QString &expectedSha256, const QByteArray &content,
                                const QString &status);

    // A valid consumer signature on the readings act of (account, period): readings_acts gets
    // signed_at, signed_by and document_id (inserted or updated).
    Error signReadingsAct(AccountId account, Period period, qint64 signedAtMs, UserId by, qint64 documentId);
    // True when the readings act of (account, period) is signed (consumer writes are then refused).
    Result<bool> readingsActSigned(AccountId account, Period period) const;

private:
    Database &m_db;
};

} // namespace oblik::store
