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

namespace oblik::http {
class AuthService;
class Router;
class ReadingRoutes;
class BillingRoutes;
class DocumentRoutes;

class ApiRoutes
{
public:
    // Both may be null when the routes are only listed, never called.
    ApiRoutes(store::Database *db, AuthService *auth);

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
};

} // namespace oblik::http
