#pragma once
// The requests of the API (docs/architecture.md, "HTTP API"), one job class each.

#include "api/apijob.h"
#include "domain/entities.h"
#include "protocol/codec.h"

namespace oblik::client {

class LoginJob : public ApiJob
{
    Q_OBJECT
public:
    LoginJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
Q_SIGNALS:
    void finished(const oblik::protocol::LoginResponse &response);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

class LogoutJob : public ApiJob
{
    Q_OBJECT
public:
    LogoutJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
Q_SIGNALS:
    void finished();

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

class MeJob : public ApiJob
{
    Q_OBJECT
public:
    MeJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
Q_SIGNALS:
    void finished(const oblik::domain::User &user);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

class AccountsJob : public ApiJob
{
    Q_OBJECT
public:
    AccountsJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
Q_SIGNALS:
    void finished(const oblik::protocol::AccountList &list);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

class AccountJob : public ApiJob
{
    Q_OBJECT
public:
    AccountJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
Q_SIGNALS:
    void finished(const oblik::domain::AccountDetail &account);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// GET /health: whether the server is there at all (no login needed).
class HealthJob : public ApiJob
{
    Q_OBJECT
public:
    HealthJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
Q_SIGNALS:
    void finished(const QString &serverVersion);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// A request whose answer is handed over as raw JSON, for callers that decode it themselves (the
// sync engine applies save answers and feed pages to its local store).
class RawJob : public ApiJob
{
    Q_OBJECT
public:
    RawJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
Q_SIGNALS:
    void finished(const QByteArray &body);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

} // namespace oblik::client
