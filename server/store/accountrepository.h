#pragma once
// Personal accounts as the caller may see them: a consumer its bound accounts, a clerk its
// district's, an admin its supplier's. Anything else is "not found".

#include "core/error.h"
#include "domain/entities.h"

#include <optional>

namespace oblik::store {
class Database;

struct AccessScope
{
    UserId userId;
    domain::Role role = domain::Role::Consumer;
    std::optional<DistrictId> districtId;
    std::optional<SupplierId> supplierId;
    static AccessScope of(const domain::User &u);
};

struct AccountPage
{
    QList<domain::AccountSummary> items;
    qint64 total = 0;
};

class AccountRepository
{
public:
    explicit AccountRepository(Database &db);
    // q matches the account number prefix or a part of the consumer's name (case-insensitive).
    Result<AccountPage> list(const AccessScope &scope, const QString &q, int limit, int offset) const;
    // The whole tree in a fixed number of queries (not one per object or meter).
    Result<std::optional<domain::AccountDetail>> load(const AccessScope &scope, AccountId id) const;

private:
    Database &m_db;
};

} // namespace oblik::store
