#include "http/tlscredentials.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace oblik::http {

namespace {

template <typename T, void (*F)(T *)> struct Deleter
{
    void operator()(T *p) const { F(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

QString opensslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("unknown OpenSSL error");
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return QString::fromLatin1(buffer);
}

Error unreadable(const QString &field, const QString &detail)
{
    return Error::make(QStringLiteral("tls.unreadable"), field, {}, detail);
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(size));
}

// The key as Qt wants it: Qt needs the algorithm up front, OpenSSL tells it.
QSslKey toQtKey(EVP_PKEY *pkey, QString *error)
{
    BioPtr out(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PrivateKey(out.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr)) {
        *error = opensslError();
        return {};
    }
    QSsl::KeyAlgorithm algorithm;
    switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
        algorithm = QSsl::Rsa;
        break;
    case EVP_PKEY_EC:
        algorithm = QSsl::Ec;
        break;
    case EVP_PKEY_DSA:
        algorithm = QSsl::Dsa;
        break;
    default:
        algorithm = QSsl::Opaque;
        break;
    }
    if (algorithm == QSsl::Opaque) {
        *error = QStringLiteral("unsupported key type (use RSA or EC)");
        return {};
    }
    QSslKey key(bioBytes(out.get()), algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull())
        *error = QStringLiteral("Qt could not load the key");
    return key;
}

QByteArray readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    // Certificates and keys are small; refuse to slurp something that is obviously not one.
    const QByteArray data = file.read(1024 * 1024);
    if (data.isEmpty())
        *error = QStringLiteral("empty file");
    return data;
}

} // namespace

QString TlsCredentials::fingerprint() const
{
    const QByteArray digest = certificate.digest(QCryptographicHash::Sha256).toHex().toUpper();
    QString out;
    for (qsizetype i = 0; i < digest.size(); i += 2) {
        if (i)
            out += u':';
        out += QString::fromLatin1(digest.mid(i, 2));
    }
    return out;
}

Result<TlsCredentials> TlsCredentials::load(const QString &certPath, const QString &keyPath)
{
    QString error;
    const QByteArray certPem = readFile(certPath, &error);
    if (certPem.isEmpty())
        return unreadable(QStringLiteral("cert"), certPath + u": " + error);
    const QByteArray keyPem = readFile(keyPath, &error);
    if (keyPem.isEmpty())
        return unreadable(QStringLiteral("key"), keyPath + u": " + error);

    BioPtr certBio(BIO_new_mem_buf(certPem.constData(), int(certPem.size())));
    X509Ptr x509(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
    if (!x509)
        return unreadable(QStringLiteral("cert"),
                          certPath + u": no PEM certificate (" + opensslError() + u')');
    BioPtr keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
    PkeyPtr pkey(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
    if (!pkey)
        return unreadable(QStringLiteral("key"),
                          keyPath + u": no unencrypted PEM private key (" + opensslError() + u')');
    if (X509_check_private_key(x509.get(), pkey.get()) != 1)
        return unreadable(QStringLiteral("key"), keyPath + u": the key does not belong to " + certPath);

    TlsCredentials creds;
    const QList<QSslCertificate> certs = QSslCertificate::fromData(certPem, QSsl::Pem);
    if (certs.isEmpty())
        return unreadable(QStringLiteral("cert"), certPath + u": Qt could not load the certificate");
    creds.certificate = certs.first();
    creds.chain = certs.mid(1);
    creds.key = toQtKey(pkey.get(), &error);
    if (creds.key.isNull())
        return unreadable(QStringLiteral("key"), keyPath + u": " + error);
    creds.certificatePath = QFileInfo(certPath).absoluteFilePath();
    return creds;
}

static Result<bool> generate(const QString &certPath, const QString &keyPath)
{
    auto fail = [](const QString &what) {
        return Error::make(QStringLiteral("tls.generate_failed"), {}, {}, what + u": " + opensslError());
    };
    PkeyPtr pkey(EVP_EC_gen("P-256"));
    if (!pkey)
        return fail(QStringLiteral("EC key"));
    X509Ptr x509(X509_new());
    if (!x509 || !X509_set_version(x509.get(), 2))
        return fail(QStringLiteral("certificate"));
    // A random 128-bit serial: two development certificates never look alike to a client.
    unsigned char serialBytes[16];
    if (RAND_bytes(serialBytes, sizeof serialBytes) != 1)
        return fail(QStringLiteral("serial"));
    serialBytes[0] &= 0x7f;
    BIGNUM *serial = BN_bin2bn(serialBytes, sizeof serialBytes, nullptr);
    if (!serial || !BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x509.get()))) {
        BN_free(serial);
        return fail(QStringLiteral("serial"));
    }
    BN_free(serial);
    X509_gmtime_adj(X509_getm_notBefore(x509.get()), -60 * 60);
    X509_gmtime_adj(X509_getm_notAfter(x509.get()), 365L * 24 * 60 * 60);
    X509_set_pubkey(x509.get(), pkey.get());
    X509_NAME *name = X509_get_subject_name(x509.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("Oblik development"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("localhost"),
                               -1, -1, 0);
    X509_set_issuer_name(x509.get(), name);

    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x509.get(), x509.get(), nullptr, nullptr, 0);
    // No keyUsage: OpenSSL would then want keyCertSign to treat the certificate as self-signed when a
    // client trusts it directly (which is how clients pin it).
    const std::pair<int, const char *> extensions[] = {
        {NID_subject_alt_name, "IP:127.0.0.1,IP:::1,DNS:localhost"},
        {NID_basic_constraints, "critical,CA:FALSE"},
        {NID_ext_key_usage, "serverAuth"},
        {NID_subject_key_identifier, "hash"},
    };
    for (const auto &[nid, value] : extensions) {
        ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
        if (!ext || !X509_add_ext(x509.get(), ext.get(), -1))
            return fail(QStringLiteral("extension"));
    }
    if (!X509_sign(x509.get(), pkey.get(), EVP_sha256()))
        return fail(QStringLiteral("signature"));

    BioPtr keyOut(BIO_new(BIO_s_mem()));
    BioPtr certOut(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PrivateKey(keyOut.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) ||
        !PEM_write_bio_X509(certOut.get(), x509.get()))
        return fail(QStringLiteral("PEM"));

    // The key first, readable by the owner only; then the certificate, each replaced atomically.
    QSaveFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::WriteOnly))
        return Error::make(QStringLiteral("tls.generate_failed"), {}, {},
                           keyPath + u": " + keyFile.errorString());
    keyFile.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    keyFile.write(bioBytes(keyOut.get()));
    if (!keyFile.commit())
        return Error::make(QStringLiteral("tls.generate_failed"), {}, {},
                           keyPath + u": " + keyFile.errorString());
    QFile::setPermissions(keyPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QSaveFile certFile(certPath);
    if (!certFile.open(QIODevice::WriteOnly))
        return Error::make(QStringLiteral("tls.generate_failed"), {}, {},
                           certPath + u": " + certFile.errorString());
    certFile.write(bioBytes(certOut.get()));
    if (!certFile.commit())
        return Error::make(QStringLiteral("tls.generate_failed"), {}, {},
                           certPath + u": " + certFile.errorString());
    return true;
}

Result<TlsCredentials> TlsCredentials::development(const QString &stateDir)
{
    if (!QDir().mkpath(stateDir))
        return Error::make(QStringLiteral("tls.generate_failed"), {}, {},
                           stateDir + u": cannot create the folder");
    QFile::setPermissions(stateDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString certPath = QDir(stateDir).filePath(QStringLiteral("dev-cert.pem"));
    const QString keyPath = QDir(stateDir).filePath(QStringLiteral("dev-key.pem"));

    if (QFile::exists(certPath) && QFile::exists(keyPath)) {
        auto existing = load(certPath, keyPath);
        if (existing &&
            existing.value().certificate.expiryDate() > QDateTime::currentDateTimeUtc().addDays(1)) {
            existing.value().developmentCertificate = true;
            return existing;
        }
    }
    auto made = generate(certPath, keyPath);
    if (!made)
        return made.error();
    auto loaded = load(certPath, keyPath);
    if (!loaded)
        return Error::make(QStringLiteral("tls.generate_failed"), {}, {}, loaded.error().detail());
    loaded.value().developmentCertificate = true;
    return loaded;
}

} // namespace oblik::http
