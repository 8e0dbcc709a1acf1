#include "docs/documentsigner.h"

#include "crypto/pades.h"
#include "crypto/pdfsignature.h"
#include "crypto/pkcs11.h"
#include "docs/translation.h"

#include <QCoreApplication>
#include <QFile>
#include <QMutexLocker>

using namespace Qt::StringLiterals;

namespace oblik::docs {

namespace {
const char *const kReason = QT_TRANSLATE_NOOP("oblik::docs::DocumentSigner", "Issued by the supplier");
}

DocumentSigner::DocumentSigner(crypto::SigningKey key) : m_key(std::move(key)) {}

Result<QString> DocumentSigner::readPinFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(u"crypto.file_unreadable"_s, {}, {path}, f.errorString());
    QString line = QString::fromUtf8(f.readLine());
    while (line.endsWith(u'\n') || line.endsWith(u'\r'))
        line.chop(1);
    return line;
}

Result<std::shared_ptr<DocumentSigner>> DocumentSigner::open(const QString &keySpec, const QString &pin)
{
    Result<crypto::SigningKey> key = Error::make(u"crypto.key_not_found"_s);
    if (keySpec.startsWith(u"pkcs11:", Qt::CaseInsensitive)) {
        auto uri = crypto::Pkcs11Uri::parse(keySpec);
        if (!uri)
            return uri.error();
        key = crypto::openPkcs11Key(uri.value(), pin);
    } else {
        key = crypto::SigningKey::fromPkcs12File(keySpec, pin);
    }
    if (!key)
        return key.error();
    return std::make_shared<DocumentSigner>(key.value());
}

QString DocumentSigner::reason(documents::DocLanguage language)
{
    return translateIn(documents::toString(language), "oblik::docs::DocumentSigner",
                       QString::fromLatin1(kReason));
}

Result<QByteArray> DocumentSigner::sign(const QByteArray &pdf, documents::DocLanguage language,
                                        const QDateTime &at) const
{
    crypto::pdf::SignatureFieldOptions options;
    options.fieldName = u"Signature1"_s; // documents are signed once, when issued: the first field
    options.name = m_key.certificate().commonName;
    options.reason = reason(language);
    options.signingTime = at;
    // A token's session serves one operation at a time; a key file needs no lock.
    if (m_key.onToken()) {
        QMutexLocker lock(&m_tokenMutex);
        return crypto::signPdf(pdf, m_key, options);
    }
    return crypto::signPdf(pdf, m_key, options);
}

} // namespace oblik::docs
