#include "api/certificatestore.h"

#include <QCryptographicHash>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace oblik::client {

CertificateStore::CertificateStore() : m_settings(std::make_unique<QSettings>()) {}

CertificateStore::CertificateStore(const QString &iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{}

CertificateStore::~CertificateStore() = default;

QString CertificateStore::keyFor(const QString &hostKey) const
{
    // QSettings escapes ':' in INI keys itself; only '/' (a group separator) must not appear.
    QString host = hostKey.toLower();
    host.replace(u'/', u'_');
    return u"tls/pinned/"_s + host;
}

bool CertificateStore::isTrusted(const QString &hostKey, const QString &fingerprint) const
{
    const QString fp = normalizeFingerprint(fingerprint);
    return !fp.isEmpty() && fingerprints(hostKey).contains(fp);
}

bool CertificateStore::isTrusted(const QString &hostKey, const QSslCertificate &certificate) const
{
    return !certificate.isNull() && isTrusted(hostKey, fingerprintOf(certificate));
}

void CertificateStore::trust(const QString &hostKey, const QString &fingerprint)
{
    const QString fp = normalizeFingerprint(fingerprint);
    if (fp.isEmpty() || hostKey.isEmpty())
        return;
    QStringList list = fingerprints(hostKey);
    if (list.contains(fp))
        return;
    list.append(fp);
    m_settings->setValue(keyFor(hostKey), list);
    m_settings->sync();
}

void CertificateStore::untrust(const QString &hostKey, const QString &fingerprint)
{
    const QString fp = normalizeFingerprint(fingerprint);
    QStringList list = fingerprints(hostKey);
    if (!list.removeAll(fp))
        return;
    if (list.isEmpty())
        m_settings->remove(keyFor(hostKey));
    else
        m_settings->setValue(keyFor(hostKey), list);
    m_settings->sync();
}

QStringList CertificateStore::fingerprints(const QString &hostKey) const
{
    const QStringList stored = m_settings->value(keyFor(hostKey)).toStringList();
    QStringList out;
    for (const QString &s : stored) {
        const QString fp = normalizeFingerprint(s);
        if (!fp.isEmpty() && !out.contains(fp))
            out.append(fp);
    }
    return out;
}

QString CertificateStore::fingerprintOf(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    const QByteArray digest = certificate.digest(QCryptographicHash::Sha256);
    return QString::fromLatin1(digest.toHex(':').toUpper());
}

QString CertificateStore::normalizeFingerprint(const QString &fingerprint)
{
    QByteArray hex;
    for (const QChar c : fingerprint) {
        if (c == u':' || c == u' ' || c == u'-')
            continue;
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F')))
            return {};
        hex.append(char(c.toLatin1()));
    }
    if (hex.size() != 64)
        return {};
    return QString::fromLatin1(QByteArray::fromHex(hex).toHex(':').toUpper());
}

} // namespace oblik::client
