#pragma once
// The signature routes of docs/signatures.md ("API"): the signatures of a stored document, a
// consumer's signature upload (PAdES: the stored PDF with signatures appended; CAdES: a detached CMS
// over the stored bytes), verified against the server's trust anchors and recorded valid or
// rejected, and the document with its signatures as a ZIP or an ASiC-S container. The same access
// rule as every account route: 404 for an account the caller may not see.

#include "core/error.h"
#include "domain/entities.h"
#include "http/request.h"
#include "http/response.h"

#include <functional>
#include <memory>

namespace oblik::store {
class Database;
}
namespace oblik::crypto {
struct TrustSettings;
}

namespace oblik::http {
class Router;

class SignatureRoutes
{
public:
    using Authenticate = std::function<Result<domain::User>(const Request &)>;
    // db may be null when the routes are only listed; trust null: no anchors (every consumer
    // signature is indeterminate, untrusted root).
    SignatureRoutes(store::Database *db, Authenticate authenticate,
                    std::shared_ptr<const crypto::TrustSettings> trust);
    ~SignatureRoutes();
    void registerRoutes(Router &router);

    // The largest upload (a signed PDF or a .p7s); the server's --max-body is raised to it for the
    // upload route only (BodyLimitGuard::limitFor).
    static constexpr qint64 kMaxUploadBytes = 32 * 1024 * 1024;

private:
    Response list(const Request &request);
    Response upload(const Request &request);
    Response package(const Request &request);

    store::Database *m_db;
    Authenticate m_authenticate;
    std::shared_ptr<const crypto::TrustSettings> m_trust;
};

} // namespace oblik::http
