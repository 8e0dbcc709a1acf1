#pragma once
// The billing routes of docs/billing.md ("API"): invoices with their lines, tax invoices, payments,
// the turnover statement and the tariffs of an account; calculating an account-period; registering
// a payment; and bill runs (start, progress, cancel, resume). Every account route answers 404 for an
// account the caller may not see.

#include "core/error.h"
#include "domain/entities.h"
#include "http/request.h"
#include "http/response.h"

#include <functional>
#include <memory>

namespace oblik::store {
class Database;
}
namespace oblik::calc {
class BillingService;
}

namespace oblik::http {
class Router;

class BillingRoutes
{
public:
    using Authenticate = std::function<Result<domain::User>(const Request &)>;
    // db may be null when the routes are only listed.
    BillingRoutes(store::Database *db, Authenticate authenticate);
    ~BillingRoutes(); // cancels running bill runs and waits for them
    void registerRoutes(Router &router);

    // The request bodies here are a few fields: anything larger is refused (request.too_large).
    static constexpr qsizetype kMaxBodyBytes = 16 * 1024;
    // A services invoice: 50 lines of 200 Cyrillic characters (2 bytes each in UTF-8) and their JSON.
    static constexpr qsizetype kMaxServicesBodyBytes = 64 * 1024;

private:
    Response invoices(const Request &request);
    Response invoice(const Request &request);
    Response taxInvoices(const Request &request);
    Response payments(const Request &request);
    Response turnover(const Request &request);
    Response tariffs(const Request &request);
    Response calculate(const Request &request);
    Response registerPayment(const Request &request);
    Response issueServices(const Request &request);
    Response startBillRun(const Request &request);
    Response billRun(const Request &request);
    Response cancelBillRun(const Request &request);
    Response resumeBillRun(const Request &request);

    store::Database *m_db;
    Authenticate m_authenticate;
    std::unique_ptr<calc::BillingService> m_service;
};

} // namespace oblik::http
