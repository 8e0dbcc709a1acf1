#pragma once
// Opens documents (docs/documents.md, "Client"): a DocumentViewer per document, fed first from the
// local store's copy (at once, online or not, marked "As of <time>") and then from the server. A
// document the server stores (invoice package, tax invoice) never changes: when the store's copy
// has the sha256 the server lists, nothing is downloaded; otherwise the new bytes replace the copy
// on screen and in the store. Documents rendered on request (readings act, turnover statement,
// payment history) are downloaded on every opening while online, the copy serving offline.

#include "api/documentjobs.h"
#include "core/error.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>

class QWidget;

namespace oblik::client {

class ApiClient;
class DocumentViewer;
class LocalStore;

class DocumentOpener : public QObject
{
    Q_OBJECT
public:
    struct Target
    {
        AccountId account;
        DocumentRequest request;
        QString title;    // the window's title: "Invoice package 2026-10-000123"
        QString fileName; // proposed by Save as; empty: from the title
        QString knownSha; // the server's sha256 from a fresh documents list (stored kinds)
    };
    // The PDF of a document in the document language, from the server or the store.
    struct Fetched
    {
        QByteArray pdf;
        QString sha256;
        QDateTime cachedAt; // valid: the store's copy (the server could not be asked)
    };
    using FetchCallback = std::function<void(const Result<Fetched> &)>;

    explicit DocumentOpener(ApiClient *api, QObject *parent = nullptr);
    ~DocumentOpener() override;

    void setStore(LocalStore *store) { m_store = store; }
    LocalStore *store() const { return m_store; }

    // Opens (or raises, when it is open already) the viewer of the document; the window is
    // non-modal and deleted on close.
    DocumentViewer *open(const Target &target, QWidget *parent);
    // The bytes of the document without a window (Save… from the list): the store's copy when
    // the server lists the same sha256, else a download (kept in the store); offline the copy.
    void fetch(const Target &target, const QString &lang, QObject *context, FetchCallback done);

    QList<DocumentViewer *> viewers() const;
    static QString fileNameFor(const QString &title);

Q_SIGNALS:
    void viewerOpened(oblik::client::DocumentViewer *viewer);
    // The viewer shows the document (fromServer: just downloaded or confirmed by the server's
    // sha256), or failed to (error set).
    void viewerLoaded(oblik::client::DocumentViewer *viewer, bool fromServer, const oblik::Error &error);

private:
    void load(DocumentViewer *viewer, const Target &target);
    void download(DocumentViewer *viewer, const Target &target, const QString &lang,
                  const std::optional<QDateTime> &shownCopy, const QString &shownSha);
    QString server() const;

    ApiClient *m_api;
    LocalStore *m_store = nullptr;
    QHash<QString, QPointer<DocumentViewer>> m_open; // account/cacheId -> viewer
    QHash<DocumentViewer *, QPointer<QObject>> m_jobs;
};

} // namespace oblik::client
