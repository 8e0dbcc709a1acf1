#pragma once
// The views' handle on the token worker (docs/signatures.md, "Client"): starts the worker's thread,
// forwards requests to it as queued calls and its answers back as signals on the UI thread, and
// remembers the last token and certificate lists so that a dialog opened later shows them at once.
// Nothing here waits for a token.

#include "sign/tokenworker.h"

#include <QHash>
#include <QObject>
#include <QThread>

namespace oblik::client::sign {

class SigningController : public QObject
{
    Q_OBJECT
public:
    // Starts the worker thread with the module paths of the settings (sign::modulePaths()).
    explicit SigningController(QObject *parent = nullptr);
    // The same with these module paths (tests).
    SigningController(const QStringList &modulePaths, QObject *parent);
    ~SigningController() override;

    // The worker (lives on workerThread()); only for queued connections and tests.
    TokenWorker *worker() const { return m_worker; }
    QThread *workerThread() const { return const_cast<QThread *>(&m_thread); }

    void setModulePaths(const QStringList &paths);
    QStringList modulePathsInUse() const { return m_paths; }
    void setPollInterval(int ms);
    void refresh();

    const QList<TokenEntry> &tokens() const { return m_tokens; }
    const QList<CertificateEntry> &certificates() const { return m_certificates; }
    // Whether the worker answered at least once since the start (the dialog says "Looking for
    // tokens…" before).
    bool hasPolled() const { return m_polled; }
    // The module libraries that could not be loaded since the paths were set, with the reason.
    const QHash<QString, Error> &moduleErrors() const { return m_moduleErrors; }

    void login(const CertificateEntry &certificate, const QString &pin);
    void openKeyFile(const QString &path, const QString &password);
    void sign(const QString &keyRef, const QList<SignRequest> &requests, const QString &reason);
    void cancel();
    void forgetKeys();

Q_SIGNALS:
    void tokensChanged(const QList<oblik::client::sign::TokenEntry> &tokens);
    void certificatesChanged(const QList<oblik::client::sign::CertificateEntry> &certificates);
    void moduleFailed(const QString &path, const oblik::Error &error);
    void loginFinished(const QString &keyRef, const oblik::Error &error,
                       const oblik::client::sign::TokenEntry &tokenAfter);
    void signFinished(const QString &documentKey, const QByteArray &signedPdf);
    void signFailed(const QString &documentKey, const oblik::Error &error);
    void progress(int done, int total);
    void batchFinished(int signedCount, int failedCount, bool cancelled);

private:
    void start();

    QThread m_thread;
    TokenWorker *m_worker;
    QStringList m_paths;
    QList<TokenEntry> m_tokens;
    QList<CertificateEntry> m_certificates;
    bool m_polled = false;
    QHash<QString, Error> m_moduleErrors;
};

// The PIN state of a token in words for the PIN dialog ("an earlier PIN was wrong: few tries
// left", ...); empty when nothing is to be said.
QString pinStateText(const crypto::TokenInfo &token);
// A login or key error in the PIN dialog's words: wrong PIN with the tries the token signals.
QString loginErrorText(const Error &error);

} // namespace oblik::client::sign
