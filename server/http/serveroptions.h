#pragma once
// What `oblik-server serve` can tune; the defaults are the production values of docs/architecture.md.

#include <QHostAddress>
#include <QtGlobal>

#include <memory>

namespace oblik::docs {
class DocumentSigner;
}
namespace oblik::crypto {
struct TrustSettings;
}

namespace oblik::http {

struct AuthOptions
{
    qint64 sessionIdleS = 30 * 60;     // sliding: a session unused this long expires
    qint64 sessionMaxS = 12 * 60 * 60; // absolute: no session lives longer
    int lockoutAttempts = 5;           // failed logins for one login name ...
    qint64 lockoutWindowS = 15 * 60;   // ... within this window lock it ...
    qint64 lockoutS = 15 * 60;         // ... for this long
};

struct ServerOptions
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8443;
    qint64 maxBodyBytes = 1024 * 1024;
    // Threads that run handlers, each with its own database connection. Handlers mostly wait for the
    // database (a commit waits for its fsync), so more threads than cores let PostgreSQL commit
    // several transactions with one flush. 0: 4 per core, at least 8.
    int workers = 0;
    AuthOptions auth;
    // Signatures (docs/signatures.md): the supplier's key that signs every document stored (none:
    // documents are stored unsigned) and the trust anchors and CRLs consumers' signatures are
    // verified against (none: every consumer signature is indeterminate, untrusted root).
    std::shared_ptr<const docs::DocumentSigner> signer;
    std::shared_ptr<const crypto::TrustSettings> trust;
};

} // namespace oblik::http
