#include "store/documentrepository.h"

#include "store/database.h"
#include "store/sqlsupport.h"

#include <QCryptographicHash>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace oblik::store {

QString toString(DocumentKind kind)
{
    switch (kind) {
    case DocumentKind::InvoicePackage:
        return u"invoice_package"_s;
    case DocumentKind::TaxInvoice:
        return u"tax_invoice"_s;
    case DocumentKind::ReadingsAct:
        return u"readings_act"_s;
    }
    return {};
}

std::optional<DocumentKind> documentKindFromString(const QString &s)
{
    for (DocumentKind k :
         {DocumentKind::InvoicePackage, DocumentKind::TaxInvoice, DocumentKind::ReadingsAct}) {
        if (toString(k) == s)
            return k;
    }
    return std::nullopt;
}

namespace {

const QString kInfoColumns = u"id, kind, account_id, period, number, language, invoice_id, tax_invoice_id, "
                             u"created_at, sha256, size, pages, signature_status"_s;

std::optional<StoredDocumentInfo> infoFrom(const QSqlQuery &q)
{
    const auto kind = documentKindFromString(q.value(1).toString());
    if (!kind)
        return std::nullopt;
    StoredDocumentInfo i;
    i.id = q.value(0).toLongLong();
    i.key.kind = *kind;
    i.key.account = AccountId(q.value(2).toLongLong());
    i.key.period = Period::fromYyyymm(q.value(3).toInt());
    i.key.number = q.value(4).toString();
    i.key.language = q.value(5).toString();
    i.invoiceId = q.value(6).toLongLong();
    i.taxInvoiceId = q.value(7).toLongLong();
    i.createdAt = q.value(8).toLongLong();
    i.sha256 = q.value(9).toString();
    i.size = q.value(10).toLongLong();
    i.pages = q.value(11).toInt();
    i.signatureStatus = q.value(12).toString();
    return i;
}

QVariant idOrNull(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

} // namespace

DocumentRepository::DocumentRepository(Database &db) : m_db(db) {}

QString DocumentRepository::sha256Hex(const QByteArray &content)
{
    return QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
}

Result<std::optional<StoredDocument>> DocumentRepository::find(const DocumentKey &key) const
{
    using Found = std::optional<StoredDocument>;
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!execPrepared(
            q,
            u"SELECT "_s + kInfoColumns +
                u", content FROM documents WHERE kind = ? AND account_id = ? AND period = ? "
                u"AND number = ? AND language = ?"_s,
            {toString(key.kind), key.account.value(), key.period.yyyymm(), key.number, key.language}))
        return queryError(q, u"finding a document"_s);
    if (!q.next())
        return Found();
    auto info = infoFrom(q);
    if (!info)
        return Error::make(u"db.query_failed"_s, {}, {}, u"documents: unknown kind"_s);
    StoredDocument d;
    d.info = *info;
    d.content = q.value(13).toByteArray();
    return Found(d);
}

namespace {

Result<std::optional<StoredDocument>> findOne(Database &database, const QString &where,
                                              const QVariantList &values)
{
    using Found = std::optional<StoredDocument>;
    QSqlDatabase db = database.connection();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!execPrepared(q, u"SELECT "_s + kInfoColumns + u", content FROM documents WHERE "_s + where, values))
        return queryError(q, u"finding a document"_s);
    if (!q.next())
        return Found();
    auto info = infoFrom(q);
    if (!info)
        return Error::make(u"db.query_failed"_s, {}, {}, u"documents: unknown kind"_s);
    StoredDocument d;
    d.info = *info;
    d.content = q.value(13).toByteArray();
    return Found(d);
}

} // namespace

Result<std::optional<StoredDocument>> DocumentRepository::findById(qint64 id) const
{
    return findOne(m_db, u"id = ?"_s, {id});
}

Result<std::optional<StoredDocument>> DocumentRepository::findByRef(AccountId account, DocumentKind kind,
                                                                    qint64 ref, const QString &language) const
{
    const QString column = kind == DocumentKind::InvoicePackage ? u"invoice_id"_s
                           : kind == DocumentKind::TaxInvoice   ? u"tax_invoice_id"_s
                                                                : u"period"_s;
    // The column name is one of three constants above; the values are bound.
    return findOne(m_db, u"kind = ? AND account_id = ? AND language = ? AND "_s + column + u" = ?"_s,
                   {toString(kind), account.value(), language, ref});
}

Result<StoredDocument> DocumentRepository::store(const DocumentWrite &w)
{
    QSqlDatabase db = m_db.connection();
    const QString sha = sha256Hex(w.content);
    bool inserted = false;
    {
        // ON CONFLICT DO NOTHING (SQLite 3.24+, PostgreSQL 9.5+): a concurrent writer of the same key
        // waits for the first one's commit and then inserts nothing; the row it reads next is the
        // winner's, byte for byte.
        QSqlQuery q(db);
        if (!execPrepared(
                q,
                u"INSERT INTO documents (account_id, kind, invoice_id, tax_invoice_id, period, number, "
                u"language, created_at, sha256, size, pages, content, signature_status) "
                u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                u"ON CONFLICT (kind, account_id, period, number, language) DO NOTHING"_s,
                {w.key.account.value(), toString(w.key.kind), idOrNull(w.invoiceId), idOrNull(w.taxInvoiceId),
                 w.key.period.yyyymm(), w.key.number, w.key.language, w.createdAt, sha,
                 qint64(w.content.size()), w.pages, w.content, w.signatureStatus}))
            return queryError(q, u"storing a document"_s);
        inserted = q.numRowsAffected() == 1;
    }
    auto stored = find(w.key);
    if (!stored)
        return stored.error();
    if (!stored.value())
        return Error::make(u"db.query_failed"_s, {}, {}, u"a stored document is gone"_s);
    StoredDocument d = *stored.value();
    d.inserted = inserted && d.info.sha256 == sha;
    return d;
}

Result<QList<StoredDocumentInfo>> DocumentRepository::list(AccountId account) const
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!execPrepared(q,
                      u"SELECT "_s + kInfoColumns +
                          u" FROM documents WHERE account_id = ? ORDER BY period DESC, id DESC"_s,
                      {account.value()}))
        return queryError(q, u"listing documents"_s);
    QList<StoredDocumentInfo> out;
    while (q.next()) {
        auto info = infoFrom(q);
        if (info)
            out.append(*info);
    }
    return out;
}

} // namespace oblik::store
