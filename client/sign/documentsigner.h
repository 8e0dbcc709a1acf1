#pragma once
// Signing documents of an account end to end (docs/signatures.md, "Client"): the bytes from the
// documents cache (downloaded first when missing or not the server's current copy), PAdES on the
// token worker, the signed bytes kept in the local store (pending_signatures) BEFORE the upload, the
// POST with its Idempotency-Key, and the server's answer as the document's local status. Pending
// uploads are delivered again at the next start and whenever the server is reachable again, so
// nothing is lost when the client is closed or offline in between.

#include "api/documentjobs.h"
#include "core/error.h"
#include "core/ids.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace oblik::client {
class ApiClient;
class LocalStore;
} // namespace oblik::client

namespace oblik::client::sign {

class SigningController;

// The document's status as the lists show it: the server's, overridden by what this client knows
// better (its signature waiting to be delivered, or the server's explanation of a rejection).
struct LocalSignatureStatus
{
    QString code;   // "signed_by_me", "received", "rejected", or the server's code
    QString reason; // the explanation of a rejection
};

class DocumentSigner : public QObject
{
    Q_OBJECT
public:
    // None owned; the store must be open while signing or delivering.
    DocumentSigner(SigningController *controller, ApiClient *api, LocalStore *store,
                   QObject *parent = nullptr);

    SigningController *controller() const { return m_controller; }
    void setStore(LocalStore *store) { m_store = store; }

    // Signs the documents with the key keyRef (opened on the worker); progress, then finished.
    void signDocuments(AccountId account, const QList<DocumentItem> &items, const QString &lang,
                       const QString &keyRef);
    bool isBusy() const { return m_busy; }
    void cancel();

    // Sends every pending signature of this server (at start, and when back online).
    void deliverPending();
    int deliveringCount() const { return int(m_delivering.size()); }

    // serverCode: the list's signature_status.
    LocalSignatureStatus status(AccountId account, const QString &docId, const QString &serverCode) const;
    // The items with the local statuses applied (and the rejection's explanation in signatureReason).
    QList<DocumentItem> withLocalStatus(AccountId account, QList<DocumentItem> items) const;

Q_SIGNALS:
    // stage: "download" or "sign"; done of total documents.
    void progress(int done, int total, const QString &text);
    // The whole batch: how many were signed (and kept for upload), which failed and why.
    void finished(int signedCount, const QStringList &errors, bool cancelled);
    // A document's local status changed (signed, delivered, rejected).
    void statusChanged(oblik::AccountId account, const QString &docId);
    // One delivery answered: state "received" or "rejected" (with the server's explanation).
    void delivered(oblik::AccountId account, const QString &docId, const QString &state,
                   const QString &explanation);

private:
    void fetchNext();
    void startSigning();
    void onSigned(const QString &documentKey, const QByteArray &signedPdf);
    void onSignFailed(const QString &documentKey, const Error &error);
    void onBatchFinished(int signedCount, int failedCount, bool cancelled);
    void upload(qint64 pendingId);
    QString server() const;
    void finishBatch(bool cancelled);

    SigningController *m_controller;
    QPointer<ApiClient> m_api;
    LocalStore *m_store;

    // the batch
    bool m_busy = false;
    bool m_cancelled = false;
    AccountId m_account;
    QString m_lang;
    QString m_keyRef;
    QList<DocumentItem> m_items;
    int m_fetchIndex = 0;
    QHash<QString, QByteArray> m_bytes; // docId -> the bytes to sign
    QStringList m_errors;
    int m_signed = 0;
    QSet<qint64> m_delivering;
};

} // namespace oblik::client::sign
