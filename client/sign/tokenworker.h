#pragma once
// The token worker (docs/signatures.md, "Client"): a QObject that lives on its own QThread and owns
// every crypto::Pkcs11Module (one per configured module path) and every key the user opened. A token
// answers slowly (a smart card's RSA signature takes a second; a login can take longer), so nothing
// in the UI thread ever calls into a token: the UI talks to the worker only by queued signals and
// slots (SigningController wraps that). Every two seconds it asks each module for its tokens, so a
// card inserted or removed shows up by itself.

#include "core/error.h"
#include "crypto/certificate.h"
#include "crypto/pkcs11.h"
#include "crypto/signingkey.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <map>
#include <memory>
#include <optional>

class QTimer;

namespace oblik::client::sign {

// A token present in a reader, with the module that sees it.
struct TokenEntry
{
    QString modulePath;
    crypto::TokenInfo info;
};

// A certificate with a private key on a token, ready to be listed.
struct CertificateEntry
{
    QString modulePath;
    QString tokenSerial;
    QString tokenLabel;
    QByteArray id;
    crypto::CertificateInfo certificate;
    bool protectedAuthPath = false;
    // Why it cannot sign now ("expired on 01.01.2026", "not for signing documents"); empty: usable.
    QString unusableReason;
    bool usable() const { return unusableReason.isEmpty(); }
    // How a key opened from it is named in the worker.
    QString keyRef() const;
};

// A document to sign: an opaque key the caller gets back, and the PDF.
struct SignRequest
{
    QString documentKey;
    QByteArray pdf;
};

// The reason a certificate cannot sign at time now, in words; empty when it can.
QString unusableReason(const crypto::CertificateInfo &c, const QDateTime &now);

class TokenWorker : public QObject
{
    Q_OBJECT
public:
    explicit TokenWorker(QObject *parent = nullptr);
    ~TokenWorker() override;

    // Thread-safe: asks a running signDocuments() to stop after the current document.
    void requestCancel() { m_cancel.store(true); }
    // How often the tokens are polled (2 s; tests shorten it).
    void setPollInterval(int ms);

public Q_SLOTS:
    // Loads the modules (the ones already loaded stay) and polls at once; starts the poll timer.
    void setModulePaths(const QStringList &paths);
    // Enumerates the tokens now; emits tokensChanged and certificatesReady when the set changed
    // (or always when force).
    void pollTokens(bool force = false);
    // Logs in to the token and keeps the key of the certificate: loginFinished(keyRef, error).
    void login(const QString &modulePath, const QString &tokenSerial, const QByteArray &certificateId,
               const QString &pin);
    // Opens a PKCS#12 key file on this thread: loginFinished("file:" + path, error).
    void openKeyFile(const QString &path, const QString &password);
    // Signs each PDF (PAdES) with the key keyRef, emitting signFinished or signFailed per document,
    // progress(done, total) after each, and batchFinished at the end or after a cancel.
    void signDocuments(const QString &keyRef, const QList<oblik::client::sign::SignRequest> &requests,
                       const QString &reason);
    // Forgets every key (the tokens' sessions end with them).
    void forgetKeys();

Q_SIGNALS:
    void tokensChanged(const QList<oblik::client::sign::TokenEntry> &tokens);
    void certificatesReady(const QList<oblik::client::sign::CertificateEntry> &certificates);
    // A module that cannot be loaded (wrong path, not a PKCS#11 library).
    void moduleFailed(const QString &path, const oblik::Error &error);
    // error null: the key is open under keyRef. Else crypto.pin_incorrect (args "low" | "final" | ""),
    // crypto.pin_locked, crypto.p12_password, ... and the token's state after the failure (for the
    // PIN dialog's words; empty for a key file).
    void loginFinished(const QString &keyRef, const oblik::Error &error,
                       const oblik::client::sign::TokenEntry &tokenAfter);
    void signFinished(const QString &documentKey, const QByteArray &signedPdf);
    void signFailed(const QString &documentKey, const oblik::Error &error);
    void progress(int done, int total);
    void batchFinished(int signedCount, int failedCount, bool cancelled);

private:
    crypto::Pkcs11Module *module(const QString &path);
    std::optional<crypto::TokenInfo> tokenInfo(const QString &modulePath, const QString &serial);

    QTimer *m_timer = nullptr;
    int m_pollMs = 2000;
    QStringList m_paths;
    std::map<QString, std::unique_ptr<crypto::Pkcs11Module>> m_modules;
    QStringList m_failedPaths;
    QHash<QString, crypto::SigningKey> m_keys;
    QStringList m_lastTokenKeys; // to tell whether the set of tokens changed
    std::atomic<bool> m_cancel{false};
};

} // namespace oblik::client::sign

Q_DECLARE_METATYPE(oblik::client::sign::TokenEntry)
Q_DECLARE_METATYPE(oblik::client::sign::CertificateEntry)
Q_DECLARE_METATYPE(oblik::client::sign::SignRequest)
