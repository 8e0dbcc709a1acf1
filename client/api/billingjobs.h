#pragma once
// The billing requests of the API (docs/billing.md, "Proposed API"), one job class each. Each
// emits the decoded answer and the body it came from (the screens keep the body in the local store
// to open offline).

#include "api/apijob.h"
#include "api/billingtypes.h"

namespace oblik::client {

// GET /accounts/{id}/invoices[?period=]: newest first.
class InvoicesJob : public ApiJob
{
    Q_OBJECT
public:
    InvoicesJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
    void failWith(const Error &e) { fail(e); }
Q_SIGNALS:
    void finished(const QList<oblik::client::billing::Invoice> &value, const QByteArray &body);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// GET /accounts/{id}/invoices/{invoiceId}: the invoice with its lines.
class InvoiceJob : public ApiJob
{
    Q_OBJECT
public:
    InvoiceJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
    void failWith(const Error &e) { fail(e); }
Q_SIGNALS:
    void finished(const oblik::client::billing::Invoice &value, const QByteArray &body);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// GET /accounts/{id}/tax-invoices.
class TaxInvoicesJob : public ApiJob
{
    Q_OBJECT
public:
    TaxInvoicesJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
    void failWith(const Error &e) { fail(e); }
Q_SIGNALS:
    void finished(const QList<oblik::client::billing::TaxInvoice> &value, const QByteArray &body);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// GET /accounts/{id}/payments, each with its allocations.
class PaymentsJob : public ApiJob
{
    Q_OBJECT
public:
    PaymentsJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
    void failWith(const Error &e) { fail(e); }
Q_SIGNALS:
    void finished(const QList<oblik::client::billing::Payment> &value, const QByteArray &body);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// GET /accounts/{id}/turnover?period=: one row per article.
class TurnoverJob : public ApiJob
{
    Q_OBJECT
public:
    TurnoverJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
    void failWith(const Error &e) { fail(e); }
Q_SIGNALS:
    void finished(const oblik::client::billing::Turnover &value, const QByteArray &body);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// GET /accounts/{id}/tariffs: the parameters in force over time and the limits.
class TariffsJob : public ApiJob
{
    Q_OBJECT
public:
    TariffsJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
    void failWith(const Error &e) { fail(e); }
Q_SIGNALS:
    void finished(const oblik::client::billing::Tariffs &value, const QByteArray &body);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// POST /accounts/{id}/calculate with an Idempotency-Key.
class CalculateJob : public ApiJob
{
    Q_OBJECT
public:
    CalculateJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
    void failWith(const Error &e) { fail(e); }
Q_SIGNALS:
    void finished(const oblik::client::billing::CalculationResult &value, const QByteArray &body);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// POST /payments (clerk) with an Idempotency-Key.
class RegisterPaymentJob : public ApiJob
{
    Q_OBJECT
public:
    RegisterPaymentJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
    void failWith(const Error &e) { fail(e); }
Q_SIGNALS:
    void finished(const oblik::client::billing::Payment &value, const QByteArray &body);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// POST /accounts/{id}/services-invoices (clerk) with an Idempotency-Key: the invoice issued, with
// its lines.
class IssueServicesInvoiceJob : public ApiJob
{
    Q_OBJECT
public:
    IssueServicesInvoiceJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
    void failWith(const Error &e) { fail(e); }
Q_SIGNALS:
    void finished(const oblik::client::billing::Invoice &value, const QByteArray &body);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// POST /bill-runs (a calculation or an advance run), GET /bill-runs/{id}, POST .../cancel and
// .../resume: the run's state.
class BillRunJob : public ApiJob
{
    Q_OBJECT
public:
    BillRunJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
    void failWith(const Error &e) { fail(e); }
Q_SIGNALS:
    void finished(const oblik::client::billing::BillRun &value, const QByteArray &body);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

} // namespace oblik::client
