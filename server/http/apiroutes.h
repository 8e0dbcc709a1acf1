#pragma once
// The /api/v1 routes of docs/architecture.md and docs/api/openapi.yaml, and how each one answers.

#include "core/error.h"
#include "domain/entities.h"
#include "http/request.h"
#include "http/response.h"

#include <memory>

namespace oblik::store {
class Database;
}
namespace oblik::docs {
class DocumentSigner;
}
namespace oblik::crypto {
struct TrustSettings;
}

namespace oblik::http {
class AuthService;
class Router;
class ReadingRoutes;
class BillingRoutes;
class DocumentRoutes;
class SignatureRoutes;

class ApiRoutes
{
public:
    // Both may be null when the routes are only listed, never called.
    ApiRoutes(store::Database *db, AuthService *auth);

    // The supplier's signing key and the trust settings (docs/signatures.md); before registerRoutes.
    void setSigning(std::shared_ptr<const docs::DocumentSigner> signer,
                    std::shared_ptr<const crypto::TrustSettings> trust);
    void registerRoutes(Router &router);
    // "GET /api/v1/health" lines, without a database.
    static QStringList list();

    static constexpr int kDefaultLimit = 100;
    static constexpr int kMaxLimit = 1000;
    static constexpr int kMaxQueryLength = 100;

private:
    Response health(const Request &request);
    Response login(const Request &request);
    Response logout(const Request &request);
    Response me(const Request &request);
    Response accounts(const Request &request);
    Response account(const Request &request);

    // The caller's user from "Authorization: Bearer <token>", or auth.unauthorized.
    Result<domain::User> caller(const Request &request, QString *tokenOut = nullptr);
    static Response failure(const Error &error);

    store::Database *m_db;
    AuthService *m_auth;
    std::shared_ptr<ReadingRoutes> m_readings;
    std::shared_ptr<BillingRoutes> m_billing;
    std::shared_ptr<DocumentRoutes> m_documents;
    std::shared_ptr<SignatureRoutes> m_signatures;
    std::shared_ptr<const docs::DocumentSigner> m_signer;
    std::shared_ptr<const crypto::TrustSettings> m_trust;
};

} // namespace oblik::http
