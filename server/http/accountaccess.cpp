#include "http/accountaccess.h"

#include "store/accountrepository.h"
#include "store/database.h"
#include "store/sqlsupport.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace oblik::http {

std::optional<qint64> positiveId(const QString &text)
{
    bool ok = !text.isEmpty() && text.size() <= 18;
    for (const QChar c : text)
        ok = ok && c.unicode() >= u'0' && c.unicode() <= u'9';
    const qint64 id = ok ? text.toLongLong(&ok) : 0;
    if (!ok || id <= 0)
        return std::nullopt;
    return id;
}

Result<std::optional<VisibleAccount>> visibleAccount(store::Database &db, const domain::User &user, qint64 id)
{
    const store::AccessScope scope = store::AccessScope::of(user);
    QString condition;
    QVariant value;
    switch (scope.role) {
    case domain::Role::Consumer:
        condition = u"a.id IN (SELECT ua.account_id FROM user_accounts ua WHERE ua.user_id = ?)"_s;
        value = scope.userId.value();
        break;
    case domain::Role::Clerk:
        condition = u"c.district_id = ?"_s;
        value = scope.districtId ? scope.districtId->value() : qint64(-1);
        break;
    case domain::Role::Admin:
        condition = u"d.supplier_id = ?"_s;
        value = scope.supplierId ? scope.supplierId->value() : qint64(-1);
        break;
    }
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    if (!store::execPrepared(
            q,
            u"SELECT a.id, a.number, k.id, k.consumer_class, k.self_calculation, c.district_id, "
            u"d.supplier_id FROM accounts a JOIN contracts k ON k.id = a.contract_id "
            u"JOIN consumers c ON c.id = k.consumer_id JOIN districts d ON d.id = c.district_id "
            u"WHERE a.id = ? AND "_s +
                condition,
            {id, value}))
        return store::queryError(q, u"finding an account"_s);
    if (!q.next())
        return std::optional<VisibleAccount>();
    VisibleAccount a;
    a.id = AccountId(q.value(0).toLongLong());
    a.number = q.value(1).toString();
    a.contract = ContractId(q.value(2).toLongLong());
    a.consumerClass = q.value(3).toString();
    a.selfCalculation = q.value(4).toInt() != 0;
    a.district = DistrictId(q.value(5).toLongLong());
    a.supplier = SupplierId(q.value(6).toLongLong());
    return std::optional<VisibleAccount>(a);
}

} // namespace oblik::http
