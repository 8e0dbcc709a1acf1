#include "api/billingjobs.h"

namespace oblik::client {

namespace {
template <typename Job, typename Decode> void decode(Job *job, const QByteArray &body, Decode decoder)
{
    auto value = decoder(body);
    if (!value) {
        job->failWith(value.error());
        return;
    }
    Q_EMIT job->finished(value.value(), body);
}
} // namespace

void InvoicesJob::handleSuccess(int, const QByteArray &body)
{
    decode(this, body, billing::invoicesFromJson);
}

void InvoiceJob::handleSuccess(int, const QByteArray &body)
{
    decode(this, body, billing::invoiceDetailFromJson);
}

void TaxInvoicesJob::handleSuccess(int, const QByteArray &body)
{
    decode(this, body, billing::taxInvoicesFromJson);
}

void PaymentsJob::handleSuccess(int, const QByteArray &body)
{
    decode(this, body, billing::paymentsFromJson);
}

void TurnoverJob::handleSuccess(int, const QByteArray &body)
{
    decode(this, body, billing::turnoverFromJson);
}

void TariffsJob::handleSuccess(int, const QByteArray &body)
{
    decode(this, body, billing::tariffsFromJson);
}

void CalculateJob::handleSuccess(int, const QByteArray &body)
{
    decode(this, body, billing::calculationFromJson);
}

void RegisterPaymentJob::handleSuccess(int, const QByteArray &body)
{
    decode(this, body, billing::registeredPaymentFromJson);
}

void IssueServicesInvoiceJob::handleSuccess(int, const QByteArray &body)
{
    decode(this, body, billing::issuedInvoiceFromJson);
}

void BillRunJob::handleSuccess(int, const QByteArray &body)
{
    decode(this, body, billing::billRunFromJson);
}

} // namespace oblik::client
