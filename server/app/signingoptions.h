#pragma once
// The supplier's signing key and the trust settings of `serve` and `documents` (docs/signatures.md,
// "Configuration"): --sign-key FILE.p12|pkcs11:URI, --sign-pin-file F, and for serve --trust CA.pem,
// --crl FILE (both repeatable) and --require-crl. Kept apart from commands.cpp, which the other
// commands share.

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <memory>

namespace oblik::docs {
class DocumentSigner;
}
namespace oblik::crypto {
struct TrustSettings;
}

namespace oblik::app {

// --sign-key and --sign-pin-file; with trust also --trust, --crl and --require-crl.
QList<QCommandLineOption> signingOptions(bool withTrust);

// Opens the key once (a wrong PIN or password stops here, with the reason on stderr) and reads the
// trust files. False with *status set (ExitUsage, ExitFailed) after printing why. Logs whether
// documents will be signed.
bool loadSigning(const QCommandLineParser &parser, bool withTrust,
                 std::shared_ptr<const docs::DocumentSigner> *signer,
                 std::shared_ptr<const crypto::TrustSettings> *trust, int *status);

} // namespace oblik::app
