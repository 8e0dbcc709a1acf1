#include "http/signatureroutes.h"

#include "crypto/cades.h"
#include "crypto/container.h"
#include "crypto/pades.h"
#include "crypto/verification.h"
#include "docs/documentsource.h"
#include "docs/translation.h"
#include "http/accountaccess.h"
#include "http/logging.h"
#include "http/problems.h"
#include "http/router.h"
#include "store/database.h"
#include "store/idempotency.h"
#include "store/signaturerepository.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimeZone>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace oblik::http {

namespace {

const QByteArray kProblemType = QByteArrayLiteral("application/problem+json");

// How far a claimed signing time may lie before the document's issue or after its receipt (clocks).
constexpr qint64 kClockSlackSeconds = 5 * 60;

// Signature errors as problems (docs/signatures.md): 404 document.not_issued / document.not_found,
// 409 signature.no_cades, 422 for the upload's own faults, 413 too large, the rest as elsewhere.
Response failure(const Error &error)
{
    const QString &code = error.code();
    if (code == u"document.not_issued" || code == u"document.not_found")
        return Response::problem(protocol::Problem::fromError(404, error));
    if (code == u"signature.no_cades")
        return Response::problem(protocol::Problem::fromError(409, error));
    if (code.startsWith(u"signature.") || code == u"request.idempotency_mismatch")
        return Response::problem(protocol::Problem::fromError(422, error));
    if (code == u"request.too_large")
        return Response::problem(protocol::Problem::fromError(413, error));
    const protocol::Problem problem = problems::fromError(error);
    if (problem.status >= 500)
        qCWarning(lcHttp).noquote() << "internal error:" << error.code() << error.detail();
    return Response::problem(problem);
}

QString query(const Request &r, const QString &name)
{
    return r.query.queryItemValue(name, QUrl::FullyDecoded);
}

QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QJsonValue isoOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QJsonValue textOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

// The caller's language for explanations: Accept-Language's first uk/ru/en, else the server's.
QString callerLanguage(const Request &r)
{
    const QList<QByteArray> parts = r.header("Accept-Language").split(',');
    for (const QByteArray &part : parts) {
        const QByteArray tag = part.split(';').value(0).trimmed().left(2).toLower();
        if (tag == "uk" || tag == "ru" || tag == "en")
            return QString::fromLatin1(tag);
    }
    return {};
}

// A file name without anything a header or a file system could choke on.
QString plainName(const QString &number)
{
    QString out;
    for (const QChar c : number) {
        const char16_t u = c.unicode();
        const bool plain = (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') ||
                           u == u'-' || u == u'_' || u == u'.';
        out += plain ? c : u'_';
    }
    return out.isEmpty() ? u"document"_s : out;
}

// "invoice_package:123", "tax_invoice:45", "readings_act:202610".
struct DocRef
{
    store::DocumentKind kind = store::DocumentKind::InvoicePackage;
    qint64 ref = 0;
    QString text;
};

std::optional<DocRef> parseDocId(const QString &encoded)
{
    const QString text = QUrl::fromPercentEncoding(encoded.toUtf8());
    const qsizetype colon = text.indexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    const auto kind = store::documentKindFromString(text.left(colon));
    const auto ref = positiveId(text.mid(colon + 1));
    if (!kind || !ref)
        return std::nullopt;
    if (*kind == store::DocumentKind::ReadingsAct && !Period::fromYyyymm(int(*ref)).isValid())
        return std::nullopt;
    return DocRef{*kind, *ref, text};
}

// What a route works on: the caller, the account, the stored document in the language asked for.
struct Target
{
    domain::User user;
    VisibleAccount account;
    DocRef ref;
    store::StoredDocument document;
};

QJsonObject itemJson(const store::SignatureRow &r)
{
    QJsonObject signer{{u"name"_s, r.signerName},
                       {u"organization"_s, r.signerOrganization},
                       {u"tax_id"_s, r.signerTaxId},
                       {u"serial"_s, r.certificateSerial},
                       {u"issuer"_s, r.certificateIssuer},
                       {u"not_before"_s, QJsonValue(QJsonValue::Null)},
                       {u"not_after"_s, QJsonValue(QJsonValue::Null)},
                       {u"sha256"_s, r.certificateSha256}};
    if (!r.certificate.isEmpty()) {
        if (auto c = crypto::parseCertificate(r.certificate)) {
            signer.insert(u"not_before"_s, isoOrNull(c.value().notBefore));
            signer.insert(u"not_after"_s, isoOrNull(c.value().notAfter));
        }
    }
    return QJsonObject{
        {u"id"_s, r.id},
        {u"side"_s, r.side},
        {u"format"_s, r.format},
        {u"status"_s, r.status},
        {u"problems"_s, QJsonArray::fromStringList(r.problems)},
        {u"signer"_s, signer},
        {u"chain"_s, QJsonArray::fromStringList(r.chain)},
        {u"signing_time"_s, isoOrNull(r.signingTime)},
        {u"received_at"_s, isoOrNull(QDateTime::fromMSecsSinceEpoch(r.receivedAt, Qt::UTC))},
        {u"user"_s, textOrNull(r.userLogin)},
        {u"field"_s, textOrNull(r.fieldName)},
        {u"covered_length"_s, r.coveredLength},
        {u"covered_sha256"_s, r.coveredSha256},
    };
}

store::SignatureRow rowFrom(const crypto::SignatureReport &s, qint64 documentId, const QString &format,
                            UserId user, qint64 nowMs)
{
    store::SignatureRow r;
    r.documentId = documentId;
    r.side = u"consumer"_s;
    r.format = format;
    r.user = user;
    r.status = s.isValid() ? u"valid"_s : u"rejected"_s;
    for (crypto::SignatureProblem p : s.problems)
        r.problems << crypto::problemCode(p);
    r.signerName = s.signer.commonName;
    r.signerOrganization = s.signer.organization;
    r.signerTaxId = s.signer.taxId;
    r.certificateSerial = s.signer.serialHex;
    r.certificateIssuer = s.signer.issuer;
    r.certificateSha256 = s.signer.sha256Hex;
    r.certificate = s.signer.der;
    for (const crypto::CertificateInfo &c : s.chain)
        r.chain << c.subject;
    if (r.chain.isEmpty() && !s.signer.isNull())
        r.chain << s.signer.subject;
    r.signingTime = s.signingTime;
    r.receivedAt = nowMs;
    r.fieldName = s.fieldName;
    return r;
}

// Problems that mean an earlier signature no longer holds for the uploaded bytes (the upload changed
// the signed revision or more than signatures after it). Trust problems of an earlier signature (a
// root this server does not trust, a certificate expired since) are not the uploader's doing.
bool breaksEarlier(crypto::SignatureProblem p)
{
    using P = crypto::SignatureProblem;
    return p == P::Modified || p == P::ModifiedAfterSigning || p == P::BadSignature || p == P::Malformed;
}

// The titles and advice of the rejected signatures' problems, in the caller's language (the crypto
// library's texts are in the server's language; the server runs in English as a rule, and those
// English texts are looked up in the caller's translation).
QString explanation(const QList<crypto::SignatureReport> &rejected, const QString &language)
{
    QStringList lines;
    for (const crypto::SignatureReport &s : rejected) {
        const QString who = s.signer.isNull() ? s.fieldName : s.signer.displayName();
        if (!who.isEmpty())
            lines << who + u':';
        for (crypto::SignatureProblem p : s.problems) {
            lines << docs::translateIn(language, "oblik::crypto", crypto::problemTitle(p)) + u' ' +
                         docs::translateIn(language, "oblik::crypto", crypto::problemAdvice(p));
        }
    }
    return lines.join(u'\n');
}

// What an upload comes to, worked out before the write transaction (verification takes a while and
// must not hold the database's write lock).
struct Plan
{
    std::optional<Response> early; // answered as it is, nothing written
    qint64 documentId = 0;
    QString expectedSha256; // the stored content it was checked against
    QByteArray newContent;  // PAdES, all valid: the uploaded PDF
    QList<store::SignatureRow> rows;
    QList<crypto::SignatureReport> rejected;
    QStringList problems; // every rejected signature's codes, once each
    bool allValid = true;
};

Response problemWithFields(int status, const Error &error, const QJsonObject &extra)
{
    protocol::Problem p = protocol::Problem::fromError(status, error);
    QJsonObject o = p.toJson();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        o.insert(it.key(), it.value());
    Response r;
    r.status = status;
    r.contentType = kProblemType;
    r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return r;
}

} // namespace

SignatureRoutes::SignatureRoutes(store::Database *db, Authenticate authenticate,
                                 std::shared_ptr<const crypto::TrustSettings> trust)
    : m_db(db), m_authenticate(std::move(authenticate)), m_trust(std::move(trust))
{
    if (!m_trust)
        m_trust = std::make_shared<const crypto::TrustSettings>();
}

SignatureRoutes::~SignatureRoutes() = default;

void SignatureRoutes::registerRoutes(Router &router)
{
    auto bind = [this](Response (SignatureRoutes::*method)(const Request &)) {
        return [this, method](const Request &r) { return (this->*method)(r); };
    };
    router.add("GET", u"/api/v1/accounts/{id}/documents/{docId}/signatures"_s, bind(&SignatureRoutes::list));
    router.add("POST", u"/api/v1/accounts/{id}/documents/{docId}/signatures"_s,
               bind(&SignatureRoutes::upload));
    router.add("GET", u"/api/v1/accounts/{id}/documents/{docId}/package"_s, bind(&SignatureRoutes::package));
}

// The caller, the account (404 when not visible) and the stored document of the path (404
// document.not_issued when not stored in the language asked for); or the answer to give.
#define OBLIK_SIGNATURE_TARGET(request, target)                                                              \
    Target target;                                                                                           \
    {                                                                                                        \
        auto user_ = m_authenticate(request);                                                                \
        if (!user_)                                                                                          \
            return failure(user_.error());                                                                   \
        const auto accountId_ = positiveId(request.params.value(u"id"_s));                                   \
        if (!accountId_)                                                                                     \
            return Response::problem(problems::notFound());                                                  \
        auto found_ = visibleAccount(*m_db, user_.value(), *accountId_);                                     \
        if (!found_)                                                                                         \
            return failure(found_.error());                                                                  \
        if (!found_.value())                                                                                 \
            return Response::problem(problems::notFound());                                                  \
        const auto ref_ = parseDocId(request.params.value(u"docId"_s));                                      \
        if (!ref_)                                                                                           \
            return failure(Error::make(u"document.not_found"_s));                                            \
        QString language_ = query(request, u"lang"_s).toLower();                                             \
        if (!language_.isEmpty() && language_ != u"uk" && language_ != u"ru")                                \
            return failure(Error::make(u"request.invalid_field"_s, u"lang"_s));                              \
        if (language_.isEmpty()) {                                                                           \
            auto settings_ = docs::DocumentSource(*m_db).settings(found_.value()->id);                       \
            if (!settings_)                                                                                  \
                return failure(settings_.error());                                                           \
            language_ = settings_.value() ? settings_.value()->language : u"uk"_s;                           \
        }                                                                                                    \
        auto document_ = store::SignatureRepository(*m_db).document(found_.value()->id, ref_->kind,          \
                                                                    ref_->ref, language_);                   \
        if (!document_)                                                                                      \
            return failure(document_.error());                                                               \
        if (!document_.value())                                                                              \
            return failure(Error::make(u"document.not_issued"_s));                                           \
        target.user = user_.value();                                                                         \
        target.account = *found_.value();                                                                    \
        target.ref = *ref_;                                                                                  \
        target.document = *document_.value();                                                                \
    }

Response SignatureRoutes::list(const Request &request)
{
    OBLIK_SIGNATURE_TARGET(request, target)
    auto rows = store::SignatureRepository(*m_db).list(target.document.info.id);
    if (!rows)
        return failure(rows.error());
    QJsonArray items;
    for (const store::SignatureRow &r : rows.value())
        items.append(itemJson(r));
    return Response::json({{u"document"_s, target.ref.text},
                           {u"sha256"_s, target.document.info.sha256},
                           {u"signature_status"_s, target.document.info.signatureStatus},
                           {u"items"_s, items}});
}

Response SignatureRoutes::upload(const Request &request)
{
    if (request.body.size() > kMaxUploadBytes)
        return Response::problem(problems::tooLarge(kMaxUploadBytes));
    OBLIK_SIGNATURE_TARGET(request, target)
    if (target.user.role != domain::Role::Consumer) // consumers sign; the supplier signed at issue
        return Response::problem(problems::notFound());
    const QByteArray idempotencyKey = request.header("Idempotency-Key").trimmed();
    if (idempotencyKey.size() > 200)
        return failure(Error::make(u"request.invalid_field"_s, u"Idempotency-Key"_s));
    const QByteArray type = request.header("Content-Type").split(';').value(0).trimmed().toLower();
    bool isPdf = false;
    if (type == "application/pdf")
        isPdf = true;
    else if (type == "application/pkcs7-signature" || type == "application/pkcs7-mime")
        isPdf = false;
    else if (type.isEmpty() || type == "application/octet-stream")
        isPdf = crypto::looksLikePdf(request.body);
    else
        return failure(Error::make(u"request.invalid_field"_s, u"Content-Type"_s));
    if (request.body.isEmpty())
        return failure(Error::make(u"signature.missing"_s));

    const QString language = callerLanguage(request);
    const crypto::TrustSettings &trust = *m_trust;
    const UserId by = target.user.id;
    const bool isAct = target.ref.kind == store::DocumentKind::ReadingsAct;
    const QString format = isPdf ? u"pades"_s : u"cades"_s;

    // Verifies the upload against the stored document as it is now.
    const auto makePlan = [&](const store::StoredDocument &doc) -> Plan {
        Plan plan;
        plan.documentId = doc.info.id;
        plan.expectedSha256 = doc.info.sha256;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QByteArray &stored = doc.content;
        QList<crypto::SignatureReport> fresh;
        QList<crypto::SignatureReport> earlierBroken;
        if (isPdf) {
            if (!request.body.startsWith(stored)) {
                plan.early = failure(Error::make(u"signature.not_an_update"_s));
                return plan;
            }
            if (request.body.size() == stored.size()) {
                plan.early = failure(Error::make(u"signature.missing"_s));
                return plan;
            }
            auto report = crypto::verifyPdf(request.body, trust);
            if (!report) {
                plan.early =
                    failure(Error::make(u"signature.not_an_update"_s, {}, {}, report.error().message()));
                return plan;
            }
            for (const crypto::SignatureReport &s : report.value().signatures) {
                if (s.signedLength > stored.size()) {
                    fresh << s;
                } else if (std::any_of(s.problems.begin(), s.problems.end(), breaksEarlier)) {
                    earlierBroken << s;
                }
            }
            if (fresh.isEmpty()) {
                plan.early = failure(Error::make(u"signature.missing"_s));
                return plan;
            }
        } else {
            auto report = crypto::verifyCades(request.body, stored, trust);
            if (!report) {
                plan.early = problemWithFields(
                    422, Error::make(u"signature.invalid"_s, {}, {}, report.error().message()),
                    {{u"problems"_s, QJsonArray{crypto::problemCode(crypto::SignatureProblem::Malformed)}},
                     {u"explanation"_s,
                      docs::translateIn(language, "oblik::crypto",
                                        crypto::problemTitle(crypto::SignatureProblem::Malformed))}});
                return plan;
            }
            // A SignerInfo already recorded valid for these bytes (a .p7s sent again with one more
            // parallel signature) is not new.
            auto existing = store::SignatureRepository(*m_db).list(doc.info.id);
            if (!existing) {
                plan.early = failure(existing.error());
                return plan;
            }
            for (const crypto::SignatureReport &s : report.value().signatures) {
                const bool known = std::any_of(
                    existing.value().begin(), existing.value().end(), [&](const store::SignatureRow &r) {
                        return r.format == u"cades" && r.status == u"valid" &&
                               r.coveredSha256 == doc.info.sha256 &&
                               r.certificateSha256 == s.signer.sha256Hex && r.signingTime == s.signingTime;
                    });
                if (!known)
                    fresh << s;
            }
            if (fresh.isEmpty()) {
                plan.early = failure(Error::make(u"signature.missing"_s));
                return plan;
            }
        }
        // An earlier signature broken by the upload rejects every new one, with its problems.
        QList<crypto::SignatureProblem> inherited;
        for (const crypto::SignatureReport &s : earlierBroken) {
            for (crypto::SignatureProblem p : s.problems) {
                if (breaksEarlier(p) && !inherited.contains(p))
                    inherited << p;
            }
        }
        const QDateTime received = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
        const QDateTime issued = QDateTime::fromMSecsSinceEpoch(doc.info.createdAt, Qt::UTC);
        for (crypto::SignatureReport s : fresh) {
            auto add = [&s](crypto::SignatureProblem p) {
                if (!s.problems.contains(p)) {
                    while (s.problemArgs.size() < s.problems.size())
                        s.problemArgs << QString();
                    s.problems << p;
                    s.problemArgs << QString();
                }
            };
            for (crypto::SignatureProblem p : inherited)
                add(p);
            // A B-B/BES signing time is only what the signer's computer claimed: it must fall within
            // the document's lifetime (issue to receipt, with a few minutes for clocks), and the
            // certificates must still be valid now as well (a key whose certificate has expired
            // must not sign with a back-dated time).
            if (s.signingTime.isValid() &&
                ((doc.info.createdAt > 0 && s.signingTime < issued.addSecs(-kClockSlackSeconds)) ||
                 s.signingTime > received.addSecs(kClockSlackSeconds)))
                add(crypto::SignatureProblem::SigningTimeImplausible);
            QList<crypto::CertificateInfo> certificates = s.chain;
            if (!s.signer.isNull())
                certificates.prepend(s.signer);
            for (const crypto::CertificateInfo &c : certificates) {
                if (c.isNull())
                    continue;
                if (received > c.notAfter)
                    add(crypto::SignatureProblem::Expired);
                else if (received < c.notBefore)
                    add(crypto::SignatureProblem::NotYetValid);
            }
            if (!s.problems.isEmpty() && s.status == crypto::SignatureStatus::Valid)
                s.status = crypto::SignatureStatus::Invalid;
            store::SignatureRow row = rowFrom(s, doc.info.id, format, by, now);
            if (isPdf) {
                const qint64 length = qMin<qint64>(s.signedLength, request.body.size());
                row.coveredLength = length;
                row.coveredSha256 = sha256Hex(request.body.left(length));
            } else {
                row.coveredLength = stored.size();
                row.coveredSha256 = doc.info.sha256;
                row.cms = request.body;
            }
            if (!s.isValid()) {
                plan.allValid = false;
                plan.rejected << s;
                for (const QString &code : row.problems) {
                    if (!plan.problems.contains(code))
                        plan.problems << code;
                }
            }
            plan.rows << row;
        }
        if (plan.allValid && isPdf)
            plan.newContent = request.body;
        return plan;
    };

    // Writes what the plan says in the caller's transaction; signature.retry when the document
    // changed since it was verified (another upload won): then everything starts again.
    const auto write = [&](const Plan &plan) -> Result<store::StoredAnswer> {
        store::SignatureRepository repo(*m_db);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QString sha = plan.expectedSha256;
        if (plan.allValid && isPdf) {
            auto swapped =
                repo.replaceContent(plan.documentId, plan.expectedSha256, plan.newContent, u"received"_s);
            if (!swapped)
                return swapped.error();
            if (!swapped.value())
                return Error::make(u"signature.retry"_s);
            sha = sha256Hex(plan.newContent);
        } else {
            auto current = repo.documentById(plan.documentId);
            if (!current)
                return current.error();
            if (!current.value() || current.value()->info.sha256 != plan.expectedSha256)
                return Error::make(u"signature.retry"_s);
            if (Error e = repo.setStatus(plan.documentId, plan.allValid ? u"received"_s : u"rejected"_s);
                !e.isNull())
                return e;
        }
        QJsonArray items;
        for (store::SignatureRow row : plan.rows) {
            auto id = repo.insert(row);
            if (!id)
                return id.error();
            row.id = id.value();
            row.userLogin = target.user.login;
            items.append(itemJson(row));
        }
        store::StoredAnswer answer;
        if (plan.allValid) {
            if (isAct) {
                if (Error e = repo.signReadingsAct(target.account.id, Period::fromYyyymm(int(target.ref.ref)),
                                                   now, by, plan.documentId);
                    !e.isNull())
                    return e;
            }
            answer.status = 201;
            answer.body = QJsonDocument(QJsonObject{{u"document"_s, target.ref.text},
                                                    {u"sha256"_s, sha},
                                                    {u"signature_status"_s, u"received"_s},
                                                    {u"items"_s, items}})
                              .toJson(QJsonDocument::Compact);
        } else {
            const Response r = problemWithFields(422, Error::make(u"signature.invalid"_s),
                                                 {{u"problems"_s, QJsonArray::fromStringList(plan.problems)},
                                                  {u"explanation"_s, explanation(plan.rejected, language)},
                                                  {u"signature_status"_s, u"rejected"_s},
                                                  {u"items"_s, items}});
            answer.status = 422;
            answer.body = r.body;
        }
        return answer;
    };

    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(request.method);
    hash.addData(" ");
    hash.addData(request.path.toUtf8());
    hash.addData("\n");
    hash.addData(request.query.toString(QUrl::FullyEncoded).toUtf8());
    hash.addData("\n");
    hash.addData(request.body);
    const QByteArray requestHash = hash.result().toHex();

    store::StoredDocument doc = target.document;
    for (int attempt = 0; attempt < 5; ++attempt) {
        Result<store::StoredAnswer> answer = Error::make(u"signature.retry"_s);
        if (!idempotencyKey.isEmpty()) {
            // A repeat is answered from the store before the plan is even looked at.
            std::optional<Plan> plan;
            answer = store::runIdempotent(*m_db, by, QString::fromLatin1(idempotencyKey), requestHash,
                                          QDateTime::currentMSecsSinceEpoch(),
                                          [&]() -> Result<store::StoredAnswer> {
                                              if (!plan)
                                                  return Error::make(u"signature.plan"_s);
                                              if (plan->early) {
                                                  store::StoredAnswer a;
                                                  a.status = plan->early->status;
                                                  a.body = plan->early->body;
                                                  return a;
                                              }
                                              return write(*plan);
                                          });
            if (!answer && answer.error().code() == u"signature.plan") {
                // Not a repeat: verify outside the transaction, then write.
                plan = makePlan(doc);
                answer = store::runIdempotent(*m_db, by, QString::fromLatin1(idempotencyKey), requestHash,
                                              QDateTime::currentMSecsSinceEpoch(),
                                              [&]() -> Result<store::StoredAnswer> {
                                                  if (plan->early) {
                                                      store::StoredAnswer a;
                                                      a.status = plan->early->status;
                                                      a.body = plan->early->body;
                                                      return a;
                                                  }
                                                  return write(*plan);
                                              });
            }
        } else {
            const Plan plan = makePlan(doc);
            if (plan.early)
                return *plan.early;
            store::Transaction tx(m_db->connection());
            if (!tx.isActive())
                return failure(Error::make(u"db.query_failed"_s, {}, {}, u"cannot begin a transaction"_s));
            answer = write(plan);
            if (answer && !tx.commit())
                return failure(Error::make(u"db.query_failed"_s, {}, {}, u"commit failed"_s));
        }
        if (!answer && answer.error().code() == u"signature.retry") {
            auto again = store::SignatureRepository(*m_db).documentById(doc.info.id);
            if (!again)
                return failure(again.error());
            if (!again.value())
                return failure(Error::make(u"document.not_issued"_s));
            doc = *again.value();
            continue;
        }
        if (!answer)
            return failure(answer.error());
        Response r;
        r.status = answer.value().status;
        r.body = answer.value().body;
        if (r.status >= 400)
            r.contentType = kProblemType;
        if (answer.value().repeated)
            r.setHeader("Idempotent-Replayed", "true");
        return r;
    }
    return failure(Error::make(u"db.query_failed"_s, {}, {}, u"the document kept changing"_s));
}

Response SignatureRoutes::package(const Request &request)
{
    OBLIK_SIGNATURE_TARGET(request, target)
    const QString format = query(request, u"format"_s).isEmpty() ? u"zip"_s : query(request, u"format"_s);
    if (format != u"zip" && format != u"asics")
        return failure(Error::make(u"request.invalid_field"_s, u"format"_s));
    auto rows = store::SignatureRepository(*m_db).list(target.document.info.id);
    if (!rows)
        return failure(rows.error());
    const QByteArray &content = target.document.content;
    const QString name = plainName(target.document.info.key.number);
    const QString pdfName = name + u".pdf"_s;

    Response r;
    if (format == u"asics") {
        // The newest valid CAdES signature over the current bytes.
        const store::SignatureRow *cades = nullptr;
        for (const store::SignatureRow &row : rows.value()) {
            if (row.format == u"cades" && row.status == u"valid" &&
                row.coveredSha256 == target.document.info.sha256 && !row.cms.isEmpty())
                cades = &row;
        }
        if (!cades)
            return failure(Error::make(u"signature.no_cades"_s));
        auto container = crypto::asicS(pdfName, content, cades->cms);
        if (!container)
            return failure(container.error());
        r.contentType = QByteArrayLiteral("application/vnd.etsi.asic-s+zip");
        r.body = container.value();
        r.setHeader("Content-Disposition", "attachment; filename=\"" + name.toLatin1() + ".asics\"");
        return r;
    }

    QList<crypto::ZipEntry> entries;
    entries.append({pdfName, content, {}});
    // The report: every signature of the current PDF, then each CAdES signature over what it covers.
    QString report = u"%1  SHA-256 %2\n\n"_s.arg(pdfName, target.document.info.sha256);
    if (auto pdfReport = crypto::verifyPdf(content, *m_trust))
        report += pdfReport.value().toText();
    QList<qint64> revisions; // lengths of earlier revisions a CAdES signature covers, in order
    QSet<QByteArray> seen;
    int n = 0;
    for (const store::SignatureRow &row : rows.value()) {
        if (row.format != u"cades" || row.status != u"valid" || row.cms.isEmpty() || seen.contains(row.cms))
            continue;
        seen.insert(row.cms);
        ++n;
        entries.append({u"%1.%2.p7s"_s.arg(name).arg(n), row.cms, {}});
        const QByteArray covered = content.left(row.coveredLength);
        if (row.coveredLength != content.size() && !revisions.contains(row.coveredLength)) {
            revisions << row.coveredLength;
            entries.append({u"%1.r%2.pdf"_s.arg(name).arg(revisions.size()), covered, {}});
        }
        report += u"\n%1.%2.p7s\n"_s.arg(name).arg(n);
        if (auto cadesReport = crypto::verifyCades(row.cms, covered, *m_trust))
            report += cadesReport.value().toText();
    }
    entries.append({u"signatures.txt"_s, report.toUtf8(), {}});
    auto zip = crypto::zipArchive(entries);
    if (!zip)
        return failure(zip.error());
    r.contentType = QByteArrayLiteral("application/zip");
    r.body = zip.value();
    r.setHeader("Content-Disposition", "attachment; filename=\"" + name.toLatin1() + ".zip\"");
    return r;
}

} // namespace oblik::http
