#include "views/documentopener.h"

#include "api/apiclient.h"
#include "api/errortext.h"
#include "local/localstore.h"
#include "views/documentviewer.h"

#include <QLoggingCategory>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDocuments, "oblik.client.documents")

namespace oblik::client {

DocumentOpener::DocumentOpener(ApiClient *api, QObject *parent) : QObject(parent), m_api(api) {}

DocumentOpener::~DocumentOpener()
{
    for (const QPointer<QObject> &job : std::as_const(m_jobs))
        if (auto *j = qobject_cast<ApiJob *>(job.data()))
            j->abort();
}

QString DocumentOpener::server() const
{
    return m_api->hostKey();
}

QString DocumentOpener::fileNameFor(const QString &title)
{
    // Characters no file system takes, and runs of spaces, out of the proposed name.
    static const QRegularExpression forbidden(u"[\\\\/:*?\"<>|\\x00-\\x1f]+"_s);
    QString name = title;
    name.replace(forbidden, u"-"_s);
    name = name.simplified();
    if (name.isEmpty())
        name = u"document"_s;
    return name + u".pdf"_s;
}

QList<DocumentViewer *> DocumentOpener::viewers() const
{
    QList<DocumentViewer *> out;
    for (const QPointer<DocumentViewer> &v : m_open)
        if (v)
            out.append(v);
    return out;
}

DocumentViewer *DocumentOpener::open(const Target &target, QWidget *parent)
{
    const QString key = u"%1/%2"_s.arg(target.account.value()).arg(target.request.cacheId());
    // A window closed a moment ago is deleted later: it does not count as open.
    if (const QPointer<DocumentViewer> open = m_open.value(key); open && open->isVisible()) {
        open->show();
        open->raise();
        open->activateWindow();
        return open;
    }
    auto *viewer = new DocumentViewer(parent);
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    viewer->setLanguage(documentLanguage());
    viewer->setWindowTitle(target.title);
    // The documents list's kinds can be signed and packaged (docs/signatures.md).
    if (target.request.kind == DocumentRequest::Kind::InvoicePackage ||
        target.request.kind == DocumentRequest::Kind::TaxInvoice ||
        (target.request.kind == DocumentRequest::Kind::ReadingsAct && !target.request.blank))
        viewer->setDocumentId(target.request.cacheId());
    m_open.insert(key, viewer);
    connect(viewer, &QObject::destroyed, this, [this, key, viewer] {
        // The entry may name a newer window of the same document by now.
        if (const QPointer<DocumentViewer> current = m_open.value(key); !current || current == viewer)
            m_open.remove(key);
        if (auto *job = qobject_cast<ApiJob *>(m_jobs.take(viewer).data()))
            job->abort();
    });
    connect(viewer, &DocumentViewer::languageRequested, this, [this, viewer, target](const QString &lang) {
        setDocumentLanguage(lang);
        load(viewer, target);
    });
    connect(viewer, &DocumentViewer::retryRequested, this, [this, viewer, target] { load(viewer, target); });
    viewer->show();
    Q_EMIT viewerOpened(viewer);
    load(viewer, target);
    return viewer;
}

void DocumentOpener::load(DocumentViewer *viewer, const Target &t)
{
    if (auto *old = qobject_cast<ApiJob *>(m_jobs.take(viewer).data()))
        old->abort();
    const QString lang = viewer->language();
    const QString fileName = t.fileName.isEmpty() ? fileNameFor(t.title) : t.fileName;
    std::optional<CachedDocument> cached;
    if (m_store)
        cached = m_store->cachedDocument(server(), t.account, t.request.cacheId(), lang);
    std::optional<QDateTime> shown;
    QString shownSha;
    if (cached && viewer->openBytes(cached->pdf, t.title, fileName)) {
        shown = QDateTime::fromMSecsSinceEpoch(cached->fetchedAtMs);
        shownSha = cached->sha256;
        if (t.request.isStoredKind() && !t.knownSha.isEmpty() && t.knownSha == cached->sha256) {
            // The issued document, byte for byte what the server keeps: nothing to download.
            viewer->clearStatus();
            Q_EMIT viewerLoaded(viewer, true, {});
            return;
        }
        viewer->showCached(*shown);
    }
    if (shown && t.request.isStoredKind()) {
        // The list tells the server's sha256 for a few hundred bytes: usually the copy is it.
        viewer->showBusy(tr("Checking for a newer copy…"));
        auto *job = m_api->documents(t.account);
        m_jobs.insert(viewer, job);
        connect(job, &DocumentsJob::finished, viewer,
                [this, viewer, t, lang, shown, shownSha](const QList<DocumentItem> &items) {
                    m_jobs.remove(viewer);
                    for (const DocumentItem &item : items) {
                        if (item.id == t.request.cacheId() && !item.sha256.isEmpty() &&
                            item.sha256 == shownSha) {
                            viewer->clearStatus();
                            Q_EMIT viewerLoaded(viewer, true, {});
                            return;
                        }
                    }
                    download(viewer, t, lang, shown, shownSha);
                });
        connect(job, &ApiJob::failed, viewer, [this, viewer, shown](const Error &e) {
            m_jobs.remove(viewer);
            viewer->showCached(*shown, errorText(e));
            Q_EMIT viewerLoaded(viewer, false, e);
        });
        return;
    }
    download(viewer, t, lang, shown, shownSha);
}

void DocumentOpener::download(DocumentViewer *viewer, const Target &t, const QString &lang,
                              const std::optional<QDateTime> &shown, const QString &shownSha)
{
    viewer->showBusy(shown ? tr("Checking for a newer copy…") : tr("Downloading the document…"));
    auto *job = m_api->document(t.account, t.request, lang);
    m_jobs.insert(viewer, job);
    const QString server = this->server();
    connect(job, &DocumentJob::finished, viewer,
            [this, viewer, t, lang, shown, shownSha, server](const QByteArray &pdf, const QString &sha,
                                                             const QString &name) {
                m_jobs.remove(viewer);
                if (m_store) {
                    if (const Error e =
                            m_store->cacheDocument(server, t.account, t.request.cacheId(), lang, sha, pdf);
                        !e.isNull())
                        qCWarning(lcDocuments) << "not kept in the local store:" << e.detail();
                }
                if (!shown || sha != shownSha) {
                    const QString fileName = !t.fileName.isEmpty() ? t.fileName
                                             : !name.isEmpty()     ? name
                                                                   : fileNameFor(t.title);
                    if (!viewer->openBytes(pdf, t.title, fileName)) {
                        Q_EMIT viewerLoaded(
                            viewer, true, Error::make(u"document.unreadable"_s, {}, {}, viewer->loadError()));
                        return;
                    }
                }
                viewer->clearStatus();
                Q_EMIT viewerLoaded(viewer, true, {});
            });
    connect(job, &ApiJob::failed, viewer, [this, viewer, shown](const Error &e) {
        m_jobs.remove(viewer);
        qCInfo(lcDocuments) << "document failed:" << e.code() << e.detail();
        if (shown)
            viewer->showCached(*shown, errorText(e));
        else
            viewer->showError(errorText(e));
        Q_EMIT viewerLoaded(viewer, false, e);
    });
}

void DocumentOpener::fetch(const Target &t, const QString &lang, QObject *context, FetchCallback done)
{
    std::optional<CachedDocument> cached;
    if (m_store)
        cached = m_store->cachedDocument(server(), t.account, t.request.cacheId(), lang);
    if (cached && t.request.isStoredKind() && !t.knownSha.isEmpty() && t.knownSha == cached->sha256) {
        done(Fetched{cached->pdf, cached->sha256, {}});
        return;
    }
    auto *job = m_api->document(t.account, t.request, lang);
    const QString server = this->server();
    connect(job, &DocumentJob::finished, context,
            [this, t, lang, server, done](const QByteArray &pdf, const QString &sha, const QString &) {
                if (m_store)
                    m_store->cacheDocument(server, t.account, t.request.cacheId(), lang, sha, pdf);
                done(Fetched{pdf, sha, {}});
            });
    connect(job, &ApiJob::failed, context, [cached, done](const Error &e) {
        if (cached)
            done(Fetched{cached->pdf, cached->sha256, QDateTime::fromMSecsSinceEpoch(cached->fetchedAtMs)});
        else
            done(e);
    });
}

} // namespace oblik::client
