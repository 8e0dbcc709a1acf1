#pragma once
// JSON codecs of the API's bodies, used by the server to answer and by the client to read.
// Shapes are those of docs/architecture.md and docs/api/openapi.yaml. A body that does not have
// the shape gives the Error `network.bad_response` naming the JSON path of the first bad member.

#include "core/error.h"
#include "domain/entities.h"

#include <QDateTime>
#include <QJsonObject>

namespace oblik::protocol {

struct AccountList
{
    QList<domain::AccountSummary> items;
    qint64 total = 0;
    int limit = 0;
    int offset = 0;
};

struct LoginResponse
{
    QString token;
    QDateTime expiresAt;
    int idleTimeoutS = 0;
    domain::User user;
};

QJsonObject toJson(const domain::User &u);
QJsonObject toJson(const domain::AccountSummary &a);
QJsonObject toJson(const domain::AccountDetail &a);
QJsonObject toJson(const AccountList &l);
QJsonObject toJson(const LoginResponse &r);

Result<domain::User> userFromJson(const QJsonObject &o);
Result<domain::AccountSummary> accountSummaryFromJson(const QJsonObject &o);
Result<domain::AccountDetail> accountDetailFromJson(const QJsonObject &o);
Result<AccountList> accountListFromJson(const QJsonObject &o);
Result<LoginResponse> loginResponseFromJson(const QJsonObject &o);

} // namespace oblik::protocol
