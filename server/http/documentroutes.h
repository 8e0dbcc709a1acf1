#pragma once
// The documents routes of docs/documents.md ("API"): the account's documents list and its documents as
// PDF (invoice package, tax invoice, readings act, turnover statement, payment history). Every route
// answers 404 for an account the caller may not see. Documents render on the request's worker thread
// (HttpServer's pool), each thread with its own documents::Renderer.

#include "core/error.h"
#include "domain/entities.h"
#include "http/request.h"
#include "http/response.h"

#include <functional>
#include <memory>

namespace oblik::store {
class Database;
}
namespace oblik::docs {
class DocumentService;
class DocumentSigner;
} // namespace oblik::docs

namespace oblik::http {
class Router;

class DocumentRoutes
{
public:
    using Authenticate = std::function<Result<domain::User>(const Request &)>;
    // db may be null when the routes are only listed.
    DocumentRoutes(store::Database *db, Authenticate authenticate);
    ~DocumentRoutes();
    // The supplier's key: documents stored from now on are signed (docs/signatures.md).
    void setSigner(std::shared_ptr<const docs::DocumentSigner> signer);
    void registerRoutes(Router &router);

    // The longest date range of a payment history (document.bad_range beyond it).
    static constexpr int kMaxRangeYears = 5;

private:
    Response list(const Request &request);
    Response invoicePackage(const Request &request);
    Response taxInvoice(const Request &request);
    Response readingsAct(const Request &request);
    Response turnover(const Request &request);
    Response paymentHistory(const Request &request);

    store::Database *m_db;
    Authenticate m_authenticate;
    std::unique_ptr<docs::DocumentService> m_service;
};

} // namespace oblik::http
