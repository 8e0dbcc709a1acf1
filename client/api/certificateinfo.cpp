#include "api/certificateinfo.h"

#include "api/certificatestore.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {
QString nameOf(const QSslCertificate &c, bool issuer)
{
    // A readable one-line distinguished name: CN first, then the organisation, the way people
    // recognise a server.
    const auto get = [&](QSslCertificate::SubjectInfo i) {
        return (issuer ? c.issuerInfo(i) : c.subjectInfo(i)).join(u", "_s);
    };
    QStringList parts;
    for (const auto i :
         {QSslCertificate::CommonName, QSslCertificate::Organization, QSslCertificate::OrganizationalUnitName,
          QSslCertificate::LocalityName, QSslCertificate::CountryName}) {
        const QString v = get(i);
        if (!v.isEmpty())
            parts.append(v);
    }
    if (parts.isEmpty())
        return issuer ? c.issuerDisplayName() : c.subjectDisplayName();
    return parts.join(u", "_s);
}
} // namespace

CertificateInfo CertificateInfo::fromCertificate(const QString &hostKey, const QSslCertificate &certificate)
{
    CertificateInfo info;
    info.hostKey = hostKey;
    info.fingerprint = CertificateStore::fingerprintOf(certificate);
    info.subject = nameOf(certificate, false);
    info.issuer = nameOf(certificate, true);
    info.validFrom = certificate.effectiveDate().toUTC();
    info.validUntil = certificate.expiryDate().toUTC();
    return info;
}

Error CertificateInfo::toError(const QString &detail) const
{
    return Error::make(u"network.tls_untrusted"_s, {},
                       {hostKey, fingerprint, subject, validFrom.toString(Qt::ISODate),
                        validUntil.toString(Qt::ISODate), issuer},
                       detail);
}

std::optional<CertificateInfo> CertificateInfo::fromError(const Error &error)
{
    if (error.code() != u"network.tls_untrusted"_s || error.args().size() < 5)
        return std::nullopt;
    const QStringList &a = error.args();
    CertificateInfo info;
    info.hostKey = a.at(0);
    info.fingerprint = a.at(1);
    info.subject = a.at(2);
    info.validFrom = QDateTime::fromString(a.at(3), Qt::ISODate);
    info.validUntil = QDateTime::fromString(a.at(4), Qt::ISODate);
    if (a.size() > 5)
        info.issuer = a.at(5);
    if (CertificateStore::normalizeFingerprint(info.fingerprint).isEmpty())
        return std::nullopt;
    return info;
}

} // namespace oblik::client
