#include "store/signaturerepository.h"

#include "store/database.h"
#include "store/sqlsupport.h"

#include <QSqlQuery>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace oblik::store {

namespace {

QVariant nullInt()
{
    return QVariant(QMetaType::fromType<qint64>());
}

QVariant blobOrNull(const QByteArray &b)
{
    return b.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(b);
}

// Problem codes and chain subjects are stored one per line: neither contains a line break.
QString lines(const QStringList &list)
{
    return list.join(u'\n');
}

QStringList fromLines(const QString &text)
{
    return text.isEmpty() ? QStringList() : text.split(u'\n');
}

} // namespace

SignatureRepository::SignatureRepository(Database &db) : m_db(db) {}

Result<std::optional<StoredDocument>> SignatureRepository::document(AccountId account, DocumentKind kind,
                                                                    qint64 ref, const QString &language) const
{
    return DocumentRepository(m_db).findByRef(account, kind, ref, language);
}

Result<std::optional<StoredDocument>> SignatureRepository::documentById(qint64 documentId) const
{
    return DocumentRepository(m_db).findById(documentId);
}

Result<qint64> SignatureRepository::insert(const SignatureRow &r)
{
    QSqlQuery q(m_db.connection());
    const QString sql =
        u"INSERT INTO document_signatures (document_id, side, format, user_id, status, problems, "
        u"signer_name, "
        u"signer_organization, signer_tax_id, certificate_serial, certificate_issuer, certificate_sha256, "
        u"certificate, chain, signing_time, received_at, covered_length, covered_sha256, field_name, cms) "
        u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
    const QVariantList values{r.documentId,
                              r.side,
                              r.format,
                              r.user.isValid() ? QVariant(r.user.value()) : nullInt(),
                              r.status,
                              notNull(lines(r.problems)),
                              notNull(r.signerName),
                              notNull(r.signerOrganization),
                              notNull(r.signerTaxId),
                              notNull(r.certificateSerial),
                              notNull(r.certificateIssuer),
                              notNull(r.certificateSha256),
                              blobOrNull(r.certificate),
                              notNull(lines(r.chain)),
                              r.signingTime.isValid() ? QVariant(r.signingTime.toMSecsSinceEpoch())
                                                      : nullInt(),
                              r.receivedAt,
                              r.coveredLength,
                              notNull(r.coveredSha256),
                              notNull(r.fieldName),
                              blobOrNull(r.cms)};
    // RETURNING (SQLite 3.35+, PostgreSQL) gives the id on both drivers without lastInsertId's quirks.
    if (!execPrepared(q, sql + u" RETURNING id"_s, values))
        return queryError(q, u"recording a signature"_s);
    if (!q.next())
        return Error::make(u"db.query_failed"_s, {}, {}, u"recording a signature: no id"_s);
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    return id;
}

Result<QList<SignatureRow>> SignatureRepository::list(qint64 documentId) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!execPrepared(
            q,
            u"SELECT s.id, s.document_id, s.side, s.format, s.user_id, u.login, s.status, s.problems, "
            u"s.signer_name, s.signer_organization, s.signer_tax_id, s.certificate_serial, "
            u"s.certificate_issuer, s.certificate_sha256, s.certificate, s.chain, s.signing_time, "
            u"s.received_at, s.covered_length, s.covered_sha256, s.field_name, s.cms "
            u"FROM document_signatures s LEFT JOIN users u ON u.id = s.user_id "
            u"WHERE s.document_id = ? ORDER BY s.id"_s,
            {documentId}))
        return queryError(q, u"listing signatures"_s);
    QList<SignatureRow> out;
    while (q.next()) {
        SignatureRow r;
        r.id = q.value(0).toLongLong();
        r.documentId = q.value(1).toLongLong();
        r.side = q.value(2).toString();
        r.format = q.value(3).toString();
        r.user = UserId(q.value(4).isNull() ? 0 : q.value(4).toLongLong());
        r.userLogin = textOrEmpty(q.value(5));
        r.status = q.value(6).toString();
        r.problems = fromLines(q.value(7).toString());
        r.signerName = q.value(8).toString();
        r.signerOrganization = q.value(9).toString();
        r.signerTaxId = q.value(10).toString();
        r.certificateSerial = q.value(11).toString();
        r.certificateIssuer = q.value(12).toString();
        r.certificateSha256 = q.value(13).toString();
        r.certificate = q.value(14).toByteArray();
        r.chain = fromLines(q.value(15).toString());
        if (!q.value(16).isNull())
            r.signingTime = QDateTime::fromMSecsSinceEpoch(q.value(16).toLongLong(), Qt::UTC);
        r.receivedAt = q.value(17).toLongLong();
        r.coveredLength = q.value(18).toLongLong();
        r.coveredSha256 = q.value(19).toString();
        r.fieldName = q.value(20).toString();
        r.cms = q.value(21).toByteArray();
        out.append(r);
    }
    return out;
}

Error SignatureRepository::setStatus(qint64 documentId, const QString &status)
{
    QSqlDatabase db = m_db.connection();
    {
        QSqlQuery q(db);
        if (!execPrepared(q, u"UPDATE documents SET signature_status = ? WHERE id = ?"_s,
                          {status, documentId}))
            return queryError(q, u"setting a document's signature status"_s);
    }
    // The invoices list shows invoices.signature_status: kept equal to that of the invoice package in
    // its supplier's document language (the version the lists speak of).
    QSqlQuery q(db);
    if (!execPrepared(
            q,
            // The subquery does not refer to the updated row: one index probe, not a scan of invoices.
            u"UPDATE invoices SET signature_status = ? WHERE id = (SELECT d.invoice_id FROM documents d "
            u"JOIN invoices iv ON iv.id = d.invoice_id JOIN districts di ON di.id = iv.district_id "
            u"JOIN suppliers su ON su.id = di.supplier_id "
            u"WHERE d.id = ? AND d.kind = 'invoice_package' AND d.language = su.document_language)"_s,
            {status, documentId}))
        return queryError(q, u"setting an invoice's signature status"_s);
    return {};
}

Result<bool> SignatureRepository::replaceContent(qint64 documentId, const QString &expectedSha256,
                                                 const QByteArray &content, const QString &status)
{
    QSqlQuery q(m_db.connection());
    if (!execPrepared(q,
                      u"UPDATE documents SET content = ?, sha256 = ?, size = ?, signature_status = ? "
                      u"WHERE id = ? AND sha256 = ?"_s,
                      {content, DocumentRepository::sha256Hex(content), qint64(content.size()), status,
                       documentId, expectedSha256}))
        return queryError(q, u"storing a signed document"_s);
    if (q.numRowsAffected() != 1)
        return false;
    if (Error e = setStatus(documentId, status); !e.isNull())
        return e;
    return true;
}

Error SignatureRepository::signReadingsAct(AccountId account, Period period, qint64 signedAtMs, UserId by,
                                           qint64 documentId)
{
    QSqlQuery q(m_db.connection());
    // Upsert on the (account_id, period) key (SQLite 3.24+, PostgreSQL 9.5+). A later valid signature
    // of the same act keeps the first signing time: the period was locked from then on.
    if (!execPrepared(q,
                      u"INSERT INTO readings_acts (account_id, period, signed_at, signed_by, document_id) "
                      u"VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, period) DO UPDATE SET "
                      u"signed_at = COALESCE(readings_acts.signed_at, excluded.signed_at), "
                      u"signed_by = COALESCE(readings_acts.signed_by, excluded.signed_by), "
                      u"document_id = excluded.document_id"_s,
                      {account.value(), period.yyyymm(), signedAtMs,
                       by.isValid() ? QVariant(by.value()) : nullInt(), documentId}))
        return queryError(q, u"signing a readings act"_s);
    return {};
}

Result<bool> SignatureRepository::readingsActSigned(AccountId account, Period period) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!execPrepared(
            q, u"SELECT 1 FROM readings_acts WHERE account_id = ? AND period = ? AND signed_at IS NOT NULL"_s,
            {account.value(), period.yyyymm()}))
        return queryError(q, u"reading the readings act"_s);
    const bool signed_ = q.next();
    q.finish();
    return signed_;
}

} // namespace oblik::store
