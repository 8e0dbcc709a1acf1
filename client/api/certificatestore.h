#pragma once
// The server certificates the user chose to trust, pinned by SHA-256 fingerprint per server
// (host:port). Kept in QSettings so a self-signed server is confirmed once, not at every start.

#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <memory>

class QSettings;

namespace oblik::client {

class CertificateStore
{
public:
    // Uses the application's default QSettings.
    CertificateStore();
    // Uses an INI file of its own (tests, portable setups).
    explicit CertificateStore(const QString &iniFile);
    ~CertificateStore();
    CertificateStore(const CertificateStore &) = delete;
    CertificateStore &operator=(const CertificateStore &) = delete;

    bool isTrusted(const QString &hostKey, const QString &fingerprint) const;
    bool isTrusted(const QString &hostKey, const QSslCertificate &certificate) const;
    void trust(const QString &hostKey, const QString &fingerprint);
    void untrust(const QString &hostKey, const QString &fingerprint);
    QStringList fingerprints(const QString &hostKey) const;

    // "AB:CD:..." (upper-case hex pairs), the form shown to users and stored.
    static QString fingerprintOf(const QSslCertificate &certificate);
    // Accepts any spelling ("abcd..", "AB:CD", "ab cd") and gives the stored form; empty if the
    // text is not 32 bytes of hex.
    static QString normalizeFingerprint(const QString &fingerprint);

private:
    QString keyFor(const QString &hostKey) const;
    std::unique_ptr<QSettings> m_settings;
};

} // namespace oblik::client
