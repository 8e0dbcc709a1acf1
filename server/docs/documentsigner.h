#pragma once
// The supplier's signature on the documents it issues (docs/signatures.md, "Server"): one key,
// opened once when the server (or the documents command) starts, from a PKCS#12 file or a PKCS#11
// token (pkcs11: URI). Each document is signed with PAdES (crypto::signPdf) before it is stored.
// A token's key serves one thread at a time (a mutex); a key file's is used by several at once.

#include "core/error.h"
#include "crypto/certificate.h"
#include "crypto/signingkey.h"
#include "documents/language.h"

#include <QByteArray>
#include <QDateTime>
#include <QMutex>
#include <QString>
#include <memory>

namespace oblik::docs {

class DocumentSigner
{
public:
    explicit DocumentSigner(crypto::SigningKey key);

    // keySpec: "pkcs11:..." (RFC 7512) or the path of a PKCS#12 file. pin: the token's PIN or the
    // file's password (the URI's pin-value or pin-source when empty for a token). Errors of
    // crypto::SigningKey::fromPkcs12File and crypto::openPkcs11Key (crypto.p12_password,
    // crypto.pin_incorrect, ...).
    static Result<std::shared_ptr<DocumentSigner>> open(const QString &keySpec, const QString &pin);
    // The first line of a PIN file (without the line break). crypto.file_unreadable (args: path).
    static Result<QString> readPinFile(const QString &path);

    const crypto::CertificateInfo &certificate() const { return m_key.certificate(); }
    QList<crypto::CertificateInfo> chain() const { return m_key.chain(); }
    bool onToken() const { return m_key.onToken(); }

    // The PDF with the supplier's PAdES signature appended (field "Signature1" on a fresh document,
    // /Reason "Issued by the supplier" in the document's language, /M = at).
    Result<QByteArray> sign(const QByteArray &pdf, documents::DocLanguage language,
                            const QDateTime &at) const;

    // "Issued by the supplier" in the document's language (the Renderer's translations).
    static QString reason(documents::DocLanguage language);

private:
    crypto::SigningKey m_key;
    mutable QMutex m_tokenMutex;
};

} // namespace oblik::docs
