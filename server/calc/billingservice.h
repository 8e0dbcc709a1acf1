#pragma once
// The billing operations behind the HTTP routes and the CLI (docs/billing.md, "Proposed API"):
// calculating one account-period for a consumer or a clerk, registering a payment, and running bill
// runs on a worker thread with progress and cancel. Access rules are the caller's (the routes check
// that the account is visible with store::AccountRepository first).

#include "billing/calculation.h"
#include "billing/issue.h"
#include "calc/billrun.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "store/ledgerrepository.h"
#include "store/ledgerwriter.h"

#include <QHash>
#include <QMutex>
#include <memory>

namespace oblik::store {
class Database;
}

namespace oblik::calc {

struct CalculationOutcome
{
    qint64 calculationId = 0;                // 0 when nothing changed
    QList<store::StoredInvoice> invoices;    // a first calculation's invoices, with lines
    QList<store::StoredInvoice> corrections; // a recalculation's correction invoices, with lines
    QList<billing::PointBreakdown> breakdown;
};

class BillingService
{
public:
    BillingService(store::Database &db, const Clock &clock = Clock::system());
    ~BillingService();

    // One account-period in one transaction: InputLoader, billing::calculate with the requester (a
    // consumer needs contracts.self_calculation: calc.self_not_allowed), billing::correction against
    // LedgerRepository::effectiveDocuments, LedgerWriter::write. Errors are the calc.* codes with args.
    Result<CalculationOutcome> calculate(AccountId account, Period period, billing::Requester requester,
                                         std::optional<UserId> user);
    // The same inside the caller's write transaction (the HTTP route's store::runIdempotent, which
    // stores its answer in the transaction of the writes).
    Result<CalculationOutcome> calculateInTransaction(AccountId account, Period period,
                                                      billing::Requester requester,
                                                      std::optional<UserId> user);

    // A clerk's services invoice (billing::servicesInvoice under the supplier's VAT rule of the
    // period), dated today, pay by today + kPayWithinDays, with its tax invoice and charge posting;
    // the account's credit on services pays it. Inside the caller's write transaction; the account is
    // locked first. Errors: request.invalid_field naming the line's field, calc.parameter_missing.
    Result<store::StoredInvoice> issueServicesInTransaction(AccountId account, DistrictId district,
                                                            SupplierId supplier, Period period,
                                                            const QList<billing::ServiceLine> &lines);

    // Own transaction; allocation included.
    Result<store::StoredPayment> registerPayment(const store::PaymentWrite &payment);
    Result<store::StoredPayment> registerPaymentInTransaction(const store::PaymentWrite &payment);

    // Starts a bill run on a worker thread (QThreadPool); answers its id at once.
    Result<qint64> startBillRun(SupplierId supplier, std::optional<DistrictId> district, Period period,
                                std::optional<UserId> user, BillRunKind kind = BillRunKind::Calculation);
    Error cancelBillRun(qint64 runId); // billrun.not_running when it is not running
    Error resumeBillRun(qint64 runId); // billrun.already_running / billrun.done
    Result<std::optional<BillRunStatus>> billRun(qint64 runId) const; // with failures
    // Blocks until every run started here has stopped (server shutdown, tests).
    void waitForRuns();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace oblik::calc
