#pragma once
// Smart cards and USB tokens through any PKCS#11 module (libp11 over the module's C_ functions;
// docs/signatures.md). The module path is configurable: SoftHSM2 in tests
// (/usr/lib/softhsm/libsofthsm2.so), the vendor's library on a user's machine.
// Not thread-safe: use one Pkcs11Module from one thread (the client's token worker thread).

#include "core/error.h"
#include "crypto/certificate.h"
#include "crypto/signingkey.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <memory>

namespace oblik::crypto {

struct TokenInfo
{
    QString slotDescription;
    QString label;
    QString manufacturer;
    QString model;
    QString serial; // the token's serial: how Oblik names a token between calls
    bool loginRequired = true;
    bool protectedAuthPath = false; // the PIN is typed on the reader's own keypad
    // What the token says about its user PIN. PKCS#11 gives no number of tries, only these flags.
    bool pinCountLow = false; // an earlier PIN was wrong: "few tries left"
    bool pinFinalTry = false; // one more wrong PIN locks it
    bool pinLocked = false;   // locked: only the security officer (the issuer) can unlock it
};

struct TokenCertificate
{
    QString tokenSerial;
    QByteArray id; // CKA_ID (the key with the same id signs)
    QString label; // CKA_LABEL
    CertificateInfo certificate;
};

class Pkcs11Module
{
public:
    ~Pkcs11Module();
    // crypto.module_load_failed (args: path, reason).
    static Result<std::unique_ptr<Pkcs11Module>> load(const QString &modulePath);
    QString path() const;

    // The tokens present now. Called again it notices tokens inserted and removed meanwhile.
    Result<QList<TokenInfo>> tokens();
    // The certificates on a token that have a private key with the same CKA_ID (read without login
    // when the token allows it, else empty until login). crypto.token_absent (args: serial).
    Result<QList<TokenCertificate>> certificates(const QString &tokenSerial);
    // Logs in with the user PIN and returns the key of certificate id. Errors:
    // crypto.pin_incorrect (args: "low" | "final" | "" from the token's flags after the failure),
    // crypto.pin_locked, crypto.pin_invalid (length or characters the token refuses),
    // crypto.token_absent, crypto.key_not_found (args: id hex), crypto.key_unsupported.
    Result<SigningKey> login(const QString &tokenSerial, const QByteArray &certificateId, const QString &pin);

private:
    Pkcs11Module();
    struct Private;
    std::unique_ptr<Private> d;
};

// "pkcs11:token=Oblik%20Test%20Token;id=%01;object=good?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/etc/oblik/pin"
// (RFC 7512) as the server configuration and `oblik-server sign --key` take it.
struct Pkcs11Uri
{
    QString token;      // token label
    QString serial;     // token serial (either this or token)
    QByteArray id;      // CKA_ID
    QString object;     // CKA_LABEL
    QString modulePath; // module-path
    QString pinSource;  // pin-source (file:PATH or a path)
    QString pinValue;   // pin-value
    // crypto.uri_invalid (args: the uri, what is wrong).
    static Result<Pkcs11Uri> parse(const QString &uri);
};

// Loads the module, finds the token and certificate the URI names, logs in with the PIN (pin given
// here, else pin-value, else the first line of the pin-source file). Errors as Pkcs11Module's.
// The module stays loaded for as long as the key lives.
Result<SigningKey> openPkcs11Key(const Pkcs11Uri &uri, const QString &pin = {});

} // namespace oblik::crypto
