#pragma once
// The account of a route's path as the caller may see it (the rules of store::AccountRepository: a
// consumer its bound accounts, a clerk its district's, an admin its supplier's), with what the billing
// and documents routes need. Anything else is "not found" (404), never "forbidden".

#include "core/error.h"
#include "core/ids.h"
#include "domain/entities.h"

#include <QString>
#include <optional>

namespace oblik::store {
class Database;
}

namespace oblik::http {

struct VisibleAccount
{
    AccountId id;
    QString number;
    ContractId contract;
    QString consumerClass;
    bool selfCalculation = false;
    DistrictId district;
    SupplierId supplier;
};

Result<std::optional<VisibleAccount>> visibleAccount(store::Database &db, const domain::User &user,
                                                     qint64 id);

// A positive decimal id of at most 18 digits, or nothing (a path segment that is not an id is 404).
std::optional<qint64> positiveId(const QString &text);

} // namespace oblik::http
