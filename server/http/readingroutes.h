#pragma once
// The readings routes of docs/readings-contract.md: readings of a period, saving (idempotent, per
// item results), submitting, history, the sync feed and the clerk's queue and decisions.

#include "core/error.h"
#include "domain/entities.h"
#include "http/request.h"
#include "http/response.h"

#include <functional>

namespace oblik::store {
class Database;
}

namespace oblik::http {
class Router;

class ReadingRoutes
{
public:
    using Authenticate = std::function<Result<domain::User>(const Request &)>;
    // db may be null when the routes are only listed.
    ReadingRoutes(store::Database *db, Authenticate authenticate);
    void registerRoutes(Router &router);

    static constexpr int kMaxItems = 1000;
    static constexpr int kMaxFeedLimit = 1000;

private:
    Response periodReadings(const Request &request);
    Response saveReadings(const Request &request);
    Response submitReadings(const Request &request);
    Response history(const Request &request);
    Response sync(const Request &request);
    Response clerkQueue(const Request &request);
    Response clerkDecide(const Request &request);

    store::Database *m_db;
    Authenticate m_authenticate;
};

} // namespace oblik::http
