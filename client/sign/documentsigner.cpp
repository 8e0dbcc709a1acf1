#include "sign/documentsigner.h"

#include "api/apiclient.h"
#include "api/signaturejobs.h"
#include "local/localstore.h"
#include "sign/signingcontroller.h"

#include <QCryptographicHash>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcToken)

namespace oblik::client::sign {

namespace {

QString sha256Hex(const QByteArray &b)
{
    return QString::fromLatin1(QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex());
}

} // namespace

DocumentSigner::DocumentSigner(SigningController *controller, ApiClient *api, LocalStore *store,
                               QObject *parent)
    : QObject(parent), m_controller(controller), m_api(api), m_store(store)
{
    connect(m_controller, &SigningController::signFinished, this, &DocumentSigner::onSigned);
    connect(m_controller, &SigningController::signFailed, this, &DocumentSigner::onSignFailed);
    connect(m_controller, &SigningController::batchFinished, this, &DocumentSigner::onBatchFinished);
    connect(m_controller, &SigningController::progress, this, [this](int done, int total) {
        if (m_busy)
            Q_EMIT progress(done, total, tr("Signing %1 of %2…").arg(done).arg(total));
    });
    if (m_api)
        connect(m_api, &ApiClient::onlineChanged, this, [this](bool online) {
            if (online)
                deliverPending();
        });
}

QString DocumentSigner::server() const
{
    return m_api ? m_api->hostKey() : QString();
}

void DocumentSigner::signDocuments(AccountId account, const QList<DocumentItem> &items, const QString &lang,
                                   const QString &keyRef)
{
    if (m_busy)
        return;
    m_busy = true;
    m_cancelled = false;
    m_account = account;
    m_lang = lang;
    m_keyRef = keyRef;
    m_items = items;
    m_fetchIndex = 0;
    m_bytes.clear();
    m_errors.clear();
    m_signed = 0;
    fetchNext();
}

void DocumentSigner::cancel()
{
    if (!m_busy)
        return;
    m_cancelled = true;
    m_controller->cancel();
}

void DocumentSigner::fetchNext()
{
    if (m_cancelled) {
        finishBatch(true);
        return;
    }
    if (m_fetchIndex >= m_items.size()) {
        startSigning();
        return;
    }
    const DocumentItem item = m_items[m_fetchIndex];
    Q_EMIT progress(m_fetchIndex, int(m_items.size()),
                    tr("Getting %1 (%2 of %3)…").arg(item.number).arg(m_fetchIndex + 1).arg(m_items.size()));
    const auto request = DocumentRequest::fromItemId(item.id);
    if (!request || (!request->isStoredKind() && item.kind != u"readings_act"_s)) {
        m_errors.append(tr("%1: this document cannot be signed").arg(item.number));
        ++m_fetchIndex;
        QMetaObject::invokeMethod(this, &DocumentSigner::fetchNext, Qt::QueuedConnection);
        return;
    }
    // The copy in the cache is signed when it is the server's current one (same sha256); else the
    // current bytes are downloaded first: the upload must start with exactly the stored bytes.
    if (m_store) {
        if (auto cached = m_store->cachedDocument(server(), m_account, request->cacheId(), m_lang);
            cached && (item.sha256.isEmpty() || cached->sha256 == item.sha256)) {
            m_bytes.insert(item.id, cached->pdf);
            ++m_fetchIndex;
            QMetaObject::invokeMethod(this, &DocumentSigner::fetchNext, Qt::QueuedConnection);
            return;
        }
    }
    if (!m_api) {
        m_errors.append(tr("%1: not connected to the server").arg(item.number));
        ++m_fetchIndex;
        QMetaObject::invokeMethod(this, &DocumentSigner::fetchNext, Qt::QueuedConnection);
        return;
    }
    auto *job = m_api->document(m_account, *request, m_lang);
    const QString cacheId = request->cacheId();
    connect(job, &DocumentJob::finished, this,
            [this, item, cacheId](const QByteArray &pdf, const QString &sha256, const QString &) {
                if (m_store)
                    m_store->cacheDocument(server(), m_account, cacheId, m_lang, sha256, pdf);
                m_bytes.insert(item.id, pdf);
                ++m_fetchIndex;
                fetchNext();
            });
    connect(job, &ApiJob::failed, this, [this, item](const Error &e) {
        m_errors.append(u"%1: %2"_s.arg(item.number, e.message()));
        ++m_fetchIndex;
        fetchNext();
    });
}

void DocumentSigner::startSigning()
{
    QList<SignRequest> requests;
    for (const DocumentItem &item : std::as_const(m_items))
        if (m_bytes.contains(item.id))
            requests.append(SignRequest{item.id, m_bytes.value(item.id)});
    if (requests.isEmpty()) {
        finishBatch(false);
        return;
    }
    Q_EMIT progress(0, int(requests.size()), tr("Signing 1 of %1…").arg(requests.size()));
    m_controller->sign(m_keyRef, requests, tr("Signed by the consumer"));
}

void DocumentSigner::onSigned(const QString &docId, const QByteArray &signedPdf)
{
    if (!m_busy)
        return;
    // Kept before anything is sent: a client closed now delivers it at its next start.
    auto id = m_store ? m_store->addPendingSignature(server(), m_account, docId, m_lang, signedPdf)
                      : Result<qint64>(Error::make(u"local.open_failed"_s));
    if (!id) {
        m_errors.append(u"%1: %2"_s.arg(docId, id.error().message()));
        return;
    }
    ++m_signed;
    Q_EMIT statusChanged(m_account, docId);
    upload(id.value());
}

void DocumentSigner::onSignFailed(const QString &docId, const Error &error)
{
    if (!m_busy)
        return;
    QString number = docId;
    for (const DocumentItem &i : std::as_const(m_items))
        if (i.id == docId)
            number = i.number;
    m_errors.append(u"%1: %2"_s.arg(number, error.message()));
}

void DocumentSigner::onBatchFinished(int, int, bool cancelled)
{
    if (m_busy)
        finishBatch(cancelled || m_cancelled);
}

void DocumentSigner::finishBatch(bool cancelled)
{
    m_busy = false;
    m_bytes.clear();
    Q_EMIT finished(m_signed, m_errors, cancelled);
}

void DocumentSigner::deliverPending()
{
    if (!m_store || !m_api)
        return;
    for (const PendingSignature &p : m_store->pendingSignatures(server()))
        upload(p.id);
}

void DocumentSigner::upload(qint64 pendingId)
{
    if (!m_store || !m_api || m_delivering.contains(pendingId))
        return;
    std::optional<PendingSignature> found;
    for (const PendingSignature &p : m_store->pendingSignatures(server()))
        if (p.id == pendingId)
            found = p;
    if (!found)
        return;
    const PendingSignature p = *found;
    m_delivering.insert(pendingId);
    auto *job = m_api->uploadSignature(p.accountId, p.docId, p.lang, p.pdf, p.idempotencyKey);
    connect(job, &SignatureUploadJob::accepted, this, [this, p](const QString &status, const QByteArray &) {
        m_delivering.remove(p.id);
        if (!m_store)
            return;
        m_store->markSignatureAnswered(p.id, status, {}, {});
        // The server's document is now the signed one: the cache keeps it under its new sha256.
        if (auto req = DocumentRequest::fromItemId(p.docId))
            m_store->cacheDocument(server(), p.accountId, req->cacheId(), p.lang, sha256Hex(p.pdf), p.pdf);
        qCInfo(lcToken) << "signature of" << p.docId << "delivered:" << status;
        Q_EMIT delivered(p.accountId, p.docId, status, QString());
        Q_EMIT statusChanged(p.accountId, p.docId);
    });
    connect(job, &SignatureUploadJob::rejected, this,
            [this, p](const QString &code, const QString &explanation, const QStringList &problems) {
                m_delivering.remove(p.id);
                if (!m_store)
                    return;
                m_store->markSignatureAnswered(p.id, u"rejected"_s, explanation,
                                               problems.isEmpty() ? QStringList{code} : problems);
                qCInfo(lcToken) << "signature of" << p.docId << "rejected:" << code << problems;
                Q_EMIT delivered(p.accountId, p.docId, u"rejected"_s, explanation);
                Q_EMIT statusChanged(p.accountId, p.docId);
            });
    connect(job, &ApiJob::failed, this, [this, p, job](const Error &e) {
        m_delivering.remove(p.id);
        if (!m_store)
            return;
        const int http = job->httpStatus();
        // Permanent refusals end the wait; an expired session (401), throttling or a server in
        // trouble leave it pending for the next attempt.
        if (http == 400 || http == 403 || http == 404 || http == 409 || http == 413 || http == 415) {
            // A permanent refusal (404: the document is not issued, 413: too large): answered.
            m_store->markSignatureAnswered(p.id, u"rejected"_s, e.message(), {e.code()});
            Q_EMIT delivered(p.accountId, p.docId, u"rejected"_s, e.message());
            Q_EMIT statusChanged(p.accountId, p.docId);
            return;
        }
        // Network or server trouble: stays pending, delivered at the next start or when online.
        m_store->recordSignatureAttempt(p.id, e.code());
        qCInfo(lcToken) << "signature of" << p.docId << "kept for later:" << e.code();
    });
}

LocalSignatureStatus DocumentSigner::status(AccountId account, const QString &docId,
                                            const QString &serverCode) const
{
    LocalSignatureStatus s{serverCode, {}};
    if (!m_store)
        return s;
    const auto latest = m_store->latestSignature(server(), account, docId);
    if (!latest)
        return s;
    if (latest->state == u"pending"_s)
        return {u"signed_by_me"_s, {}};
    if (latest->state == u"rejected"_s && (serverCode == u"rejected"_s || serverCode.isEmpty() ||
                                           serverCode == u"supplier_signed"_s || serverCode == u"unsigned"_s))
        return {u"rejected"_s, latest->explanation};
    if (latest->state == u"received"_s && serverCode != u"rejected"_s)
        return {u"received"_s, {}};
    return s;
}

QList<DocumentItem> DocumentSigner::withLocalStatus(AccountId account, QList<DocumentItem> items) const
{
    for (DocumentItem &i : items) {
        const LocalSignatureStatus s = status(account, i.id, i.signatureStatus);
        i.signatureStatus = s.code;
        i.signatureReason = s.reason;
    }
    return items;
}

} // namespace oblik::client::sign
