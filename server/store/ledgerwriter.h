#pragma once
// Writes the results of calculations in bulk (docs/billing.md): for each account-period, a row in
// `calculations`, its invoices (numbers from the district's series, reserved in one statement per
// district and year for the whole batch) with their lines, and one charge/correction posting per
// invoice (a tax invoice is read from its invoice: the `tax_invoices` view of migration 15, number
// "PN-<invoice number>", id = the invoice's); then LedgerRepository::allocateCredit for the accounts
// written. One call = the caller's one transaction. Ids are reserved up front (PostgreSQL: nextval
// of the identity sequences in one statement per table; SQLite: max(id) under its write lock) so
// that rows referencing each other can be written in bulk without reading ids back:
// on PostgreSQL through COPY on the driver's native handle (libpq), elsewhere through BulkInserter.
// Never a round trip per row.

#include "billing/calculation.h"
#include "core/error.h"
#include "core/ids.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <optional>
#include <vector>

namespace oblik::store {
class Database;

struct CalculationWrite
{
    AccountId account;
    DistrictId district;
    Period period;
    billing::Requester requester = billing::Requester::Clerk;
    std::optional<UserId> requestedBy;
    qint64 billRunId = 0;
    billing::VatRule vat;
    // The documents to issue: the first calculation's invoices, or the corrections
    // (billing::correction against LedgerRepository::effectiveDocuments). Empty = nothing changed:
    // nothing at all is written for this account-period (a repeated calculation never doubles a charge).
    QList<billing::InvoiceDraft> invoices;
    // Per invoice (same order): the invoice it corrects (0 for a first calculation's invoice).
    QList<qint64> corrects;
    QDate date;    // invoice and tax invoice date
    QDate dueDate; // pay by
};

struct WrittenCalculation
{
    AccountId account;
    qint64 calculationId = 0; // 0 when nothing was written
    QList<qint64> invoiceIds; // same order as CalculationWrite::invoices
    QStringList numbers;
    int postings = 0;
};

// A document issued without a calculation (billing/issue.h): a planned advance (no tax invoice, no
// posting: a request for payment) or a services invoice (a tax invoice and a charge posting, as a
// calculated invoice has).
struct IssueWrite
{
    AccountId account;
    DistrictId district;
    Period period;
    billing::InvoiceDraft invoice;
    billing::VatRule vat; // the rule it was issued under (kept with the invoice)
    QDate date, dueDate;
};

struct IssuedInvoice
{
    qint64 id = 0;
    QString number;
};

struct LedgerWriteStats
{
    qint64 calculations = 0, invoices = 0, lines = 0, taxInvoices = 0, postings = 0;
};

class LedgerWriter
{
public:
    explicit LedgerWriter(Database &db);
    // Inside the caller's transaction (store::Transaction on the calling thread's connection).
    Result<QList<WrittenCalculation>> write(const QList<CalculationWrite> &batch, qint64 nowMs);
    // Documents without a calculation, numbered from their districts' series, in the caller's
    // transaction; then the accounts' credit pays what they charge (allocateCredit). Multi-row
    // INSERTs on every driver (a clerk's invoice, or a chunk of an advance run). A second planned
    // advance of an account-period violates invoices_one_advance (db.query_failed).
    Result<QList<IssuedInvoice>> issue(const QList<IssueWrite> &documents, qint64 nowMs);
    const LedgerWriteStats &stats() const { return m_stats; } // totals since construction
    // The caller has locked every account it writes (FOR NO KEY UPDATE in this transaction, as the
    // bill run does per chunk), so allocateCredit does not lock them a second time.
    void setAccountsLocked(bool locked) { m_accountsLocked = locked; }

private:
    struct Prepared;
    Result<QList<qint64>> reserveIds(const QString &table, qint64 n);
    Result<QStringList> takeNumbers(const QList<std::pair<DistrictId, QDate>> &invoices);
    Error copyRows(const std::vector<Prepared> &rows, qint64 nowMs);
    Error insertRows(const std::vector<Prepared> &rows, qint64 nowMs);
    Error afterWrite(const QList<AccountId> &accounts, qint64 nowMs);

    Database &m_db;
    LedgerWriteStats m_stats;
    QHash<qint64, QString> m_districtCodes;
    QHash<QString, QString> m_sequences; // PostgreSQL: table -> its id sequence, looked up once
    bool m_accountsLocked = false;
};

} // namespace oblik::store
