#pragma once
// The bill run (docs/billing.md, "Bill run"): calculates every account of a district or of a
// supplier for a period, in chunks of accounts loaded with a fixed number of queries per chunk
// (accounts, points, registers, processed readings of the period, the range history, limits,
// signed acts, effective documents), calculated with billing::calculate, compared with what was
// already issued (billing::correction), and written with store::LedgerWriter, one transaction per
// chunk. Progress is stored in bill_runs (last_account_id, counts) in the chunk's transaction, so a
// run killed at any moment resumes after its last committed chunk, and an account-period calculated
// twice never doubles a charge. Failures (calc.* errors) are recorded per account in
// bill_run_failures and do not stop the run. Memory is bounded by the chunk size, not by the number
// of accounts.

#include "billing/calculation.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/period.h"

#include <QDate>
#include <QList>
#include <QString>
#include <atomic>
#include <functional>
#include <optional>

namespace oblik::store {
class Database;
}

namespace oblik::calc {

struct BillRunFailure
{
    AccountId account;
    QString accountNumber;
    Error error; // code, field, args (calc.parameter_missing names the parameter and period)
};

// What a run does: calculate the period (invoices, postings), or issue its planned advances
// (billing::plannedAdvance: one per account and period, no posting; docs/billing.md).
enum class BillRunKind { Calculation, Advance };
QString toString(BillRunKind k); // "calculation", "advance"
std::optional<BillRunKind> billRunKindFromString(const QString &s);

struct BillRunStatus
{
    qint64 id = 0;
    BillRunKind kind = BillRunKind::Calculation;
    SupplierId supplier;
    std::optional<DistrictId> district;
    Period period;
    QString state; // "running", "cancelled", "done"
    qint64 accountsTotal = 0, accountsDone = 0, accountsFailed = 0;
    qint64 invoices = 0, postings = 0; // written by this run (an advance run: advances, no postings)
    qint64 startedAtMs = 0, finishedAtMs = 0;
    QList<BillRunFailure> failures; // filled by BillRun::status(id, true)
};

struct BillRunOptions
{
    int chunkAccounts = 5000; // docs/billing.md, "measured": 2000 took 40 s for 100,000 accounts, 5000 32 s
    QDate today = QDate::currentDate(); // invoice date; pay-by = today + 10 days
    std::optional<UserId> requestedBy;
    // Called after each committed chunk (from the running thread).
    std::function<void(const BillRunStatus &)> progress;
    // Set from any thread to stop after the current chunk; the run's state becomes "cancelled".
    // (BillRun::requestCancel does the same through the table, from any process.)
    std::atomic_bool *cancel = nullptr;
};

class BillRun
{
public:
    explicit BillRun(store::Database &db);

    // Creates a run (state running) over the district (or the whole supplier when district is unset).
    Result<qint64> create(SupplierId supplier, std::optional<DistrictId> district, Period period,
                          std::optional<UserId> requestedBy = {},
                          BillRunKind kind = BillRunKind::Calculation);
    // Runs (or resumes: a cancelled or interrupted run continues after last_account_id) to the end
    // or to a cancel. Blocking; call it on a worker thread for the HTTP route.
    Result<BillRunStatus> run(qint64 runId, const BillRunOptions &options);
    Result<std::optional<BillRunStatus>> status(qint64 runId, bool withFailures = false) const;
    // Marks a running run cancelled in the table: whichever process runs it (this one, another server
    // sharing the database, or none since its server stopped) stops before its next chunk, and run()
    // resumes it later. False when the run is not running (done, cancelled already, or unknown).
    Result<bool> requestCancel(qint64 runId);
    // Turns a cancelled run back to running (run() does it too); done before a resume is answered, so
    // that the run's state reads "running" from then on.
    Error reopen(qint64 runId);
    // The newest run of (supplier, district, period, kind) that is not done, to resume from the CLI.
    Result<std::optional<qint64>> unfinished(SupplierId supplier, std::optional<DistrictId> district,
                                             Period period,
                                             BillRunKind kind = BillRunKind::Calculation) const;

private:
    // An advance run: per chunk of accounts (a fixed number of queries), the contracts' limits, the
    // active points' voltages and the advances already issued; billing::plannedAdvance for each
    // account without one (an account whose contract has no contracted monthly energy at all, a
    // household's, is passed over); LedgerWriter::issue; progress and failures as a calculation run
    // keeps them.
    Result<BillRunStatus> runAdvance(qint64 runId, BillRunStatus st, const BillRunOptions &options);
    store::Database &m_db;
};

} // namespace oblik::calc
