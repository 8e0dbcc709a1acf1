#pragma once
// The billing ledger as stored (migration 6, docs/billing.md): the supplier's parameters and the
// contracts' limits, issued invoices with their lines, tax invoices, payments and their allocation,
// postings (append-only: this class inserts and selects, it never updates or deletes a posting), the
// turnover statement derived from postings, and the ledger check.
// Reads run on the calling thread's connection; write methods run inside the caller's transaction
// (store::Transaction) unless they say they open their own.

#include "billing/allocation.h"
#include "billing/calculation.h"
#include "billing/ledger.h"
#include "billing/parameterset.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/money.h"
#include "core/period.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <functional>
#include <optional>

namespace oblik::store {
class Database;

struct StoredInvoice
{
    qint64 id = 0;
    AccountId account;
    DistrictId district;
    qint64 calculationId = 0;
    QString number; // "<district code>-<year>-<n>", from the district's series
    billing::InvoiceType type = billing::InvoiceType::ActiveEnergy;
    billing::Article article = billing::Article::ActiveEnergy;
    Period period;
    QDate date, dueDate;
    Money net, vat, gross;
    Money paid;                        // sum of its allocations
    QString signatureStatus;           // "unsigned" until issue 7
    qint64 correctsInvoiceId = 0;      // a correction: the period's first invoice of the same article
    QList<billing::InvoiceLine> lines; // filled by invoice(); empty in lists
    // A planned advance is never paid by allocation: its paid is how much of it the account's credit
    // on the article covers now (oldest advance first), and once its period is billed for the account
    // it is settled (paid and remaining 0: the charge's own paid and remaining apply).
    bool settled = false;
    Money remaining() const
    {
        return settled ? Money() : Money::fromKopecks(qMax<qint64>(0, gross.kopecks() - paid.kopecks()));
    }
};

struct StoredTaxInvoice
{
    qint64 id = 0;
    qint64 invoiceId = 0;
    QString number; // the tax invoice's own number (same series rule as invoices, prefix "PN-")
    QDate date;
    Money net, vat, gross;
    qint64 correctsTaxInvoiceId = 0;
    QString correctsNumber; // the corrected tax invoice's number, for the list
};

struct StoredAllocation
{
    qint64 invoiceId = 0;
    QString invoiceNumber;
    Money amount;
};

struct StoredPayment
{
    qint64 id = 0;
    AccountId account;
    billing::Article article = billing::Article::ActiveEnergy;
    Money amount;
    QDate paidOn;
    Period period; // the period of paidOn
    QString bank, mfo, purpose;
    QList<StoredAllocation> allocations;
    Money unallocated; // amount - sum of allocations: the credit it still holds
};

struct PaymentWrite
{
    AccountId account;
    billing::Article article = billing::Article::ActiveEnergy;
    Money amount; // > 0 (payment.amount_not_positive, field "amount")
    QDate paidOn; // not after today (payment.date_in_future, field "paid_on")
    QString bank, mfo, purpose;
    std::optional<UserId> registeredBy;
};

// One row of the account's "tariffs history and limits" screen.
struct ParameterRow
{
    QString parameter; // billing::parameter names
    QString key;       // ParameterSet key, "" for supplier-wide ones
    QString value;     // "4.32000" (tariff, 5 decimals), "2/5" or "0.4" (fraction), "20%; extracted" (vat)
    Period validFrom;
    std::optional<Period> validTo;
};

struct LimitRow
{
    Energy monthlyEnergy;
    qint64 powerW = 0;
    Period validFrom;
    std::optional<Period> validTo;
};

struct LedgerCheckReport
{
    qint64 accounts = 0, postings = 0, invoices = 0, payments = 0;
    QList<Error> problems; // ledger.mismatch with detail naming the account, document and difference
    bool ok() const { return problems.isEmpty(); }
};

class LedgerRepository
{
public:
    explicit LedgerRepository(Database &db);

    // ---- parameters ----
    // The supplier's whole parameter set (tariffs, zone coefficients, supplier parameters, VAT).
    Result<billing::ParameterSet> parameters(SupplierId supplier) const;
    // Writes (own transaction each): calc.parameter_overlap when it overlaps a stored value of the key.
    Error addTariff(SupplierId supplier, const QString &consumerClass, int voltageClass,
                    billing::Validity validity, Tariff price);
    Error addZoneCoefficient(SupplierId supplier, billing::ZoneScheme scheme, domain::Zone zone,
                             billing::Validity validity, billing::Fraction coefficient);
    // name: reactive_tariff | generation_tariff (value = hundred-thousandths), over_limit_multiple
    // (Fraction), vat (VatRule): use the typed helpers.
    Error addReactiveTariff(SupplierId supplier, billing::Validity validity, Tariff price);
    Error addGenerationTariff(SupplierId supplier, billing::Validity validity, Tariff price);
    Error addOverLimitMultiple(SupplierId supplier, billing::Validity validity, billing::Fraction multiple);
    Error addVat(SupplierId supplier, billing::Validity validity, billing::VatRule rule);
    Error addLimit(ContractId contract, billing::Validity validity, billing::ContractLimits limits);
    // The parameters that apply to an account (its class's tariffs, zone coefficients, supplier-wide
    // ones) and its contract's limits, oldest first.
    Result<QList<ParameterRow>> parameterRows(SupplierId supplier, const QString &consumerClass) const;
    Result<QList<LimitRow>> limitRows(ContractId contract) const;
    // Limits of many contracts at once (the bill run loads a chunk of accounts in a fixed number of queries).
    Result<QHash<ContractId, billing::Timeline<billing::ContractLimits>>>
    limits(const QList<ContractId> &contracts) const;
    // Accounts whose readings act of the period is signed (readings_acts.signed_at set).
    Result<QSet<AccountId>> signedActs(const QList<AccountId> &accounts, Period period) const;

    // ---- what a recalculation compares with ----
    // Per account: every invoice of the period (originals and corrections) summed per article and
    // line key (kind, zone, tariff, coefficient), lines summing to zero dropped: the documents the
    // account owes for the period now. billing::correction(previous = this, current = new) gives what
    // a recalculation must issue. An account never calculated for the period is absent.
    Result<QHash<AccountId, QList<billing::InvoiceDraft>>>
    effectiveDocuments(const QList<AccountId> &accounts, Period period) const;

    // ---- lists (newest first) ----
    Result<QList<StoredInvoice>> invoices(AccountId account, std::optional<Period> period = {}) const;
    Result<std::optional<StoredInvoice>> invoice(AccountId account, qint64 invoiceId) const; // with lines
    Result<QList<StoredTaxInvoice>> taxInvoices(AccountId account) const;
    Result<QList<StoredPayment>> payments(AccountId account) const;
    Result<QList<billing::Posting>> postings(AccountId account) const;
    // One row per article (kAllArticles order, zero rows included), derived from postings in SQL
    // (sums grouped by article, period before / equal, kind and side), not by loading every posting.
    Result<QList<billing::TurnoverRow>> turnover(AccountId account, Period period) const;

    // ---- many accounts of one period in a fixed number of queries (documents, docs/documents.md) ----
    // Every invoice of the period of the accounts, with lines, by account, then date and id.
    Result<QList<StoredInvoice>> periodInvoices(const QList<AccountId> &accounts, Period period) const;
    // The tax invoices of those invoices, by invoice id.
    Result<QList<StoredTaxInvoice>> periodTaxInvoices(const QList<AccountId> &accounts, Period period) const;
    // turnover() of each account.
    Result<QHash<AccountId, QList<billing::TurnoverRow>>> turnovers(const QList<AccountId> &accounts,
                                                                    Period period) const;

    // ---- payments (in the caller's transaction) ----
    // Stores the payment, allocates it to the oldest unpaid invoices of its article
    // (billing::allocate), writes its credit posting; the rest stays as credit.
    Result<StoredPayment> registerPayment(const PaymentWrite &payment, qint64 nowMs);
    // After new invoices were written: each account's credit on an article (what its credit notes,
    // invoices of a negative amount, have not paid yet; then payments' unallocated amounts, oldest
    // payment first) pays its open invoices, oldest first. An allocation from a credit note has no
    // payment. No postings (the payment and the credit note posted when they were issued). Called by
    // LedgerWriter::write for the accounts it wrote. Locks the accounts' rows first unless the caller already
    // holds them (accountsLocked).
    Error allocateCredit(const QList<AccountId> &accounts, qint64 nowMs, bool accountsLocked = false);

    // The ledgers' lock (PostgreSQL; SQLite's write transaction already serialises every writer): a
    // transaction-scoped advisory lock that every writer of an account's ledger takes before anything
    // else, shared, and that a bill run's chunk takes exclusive instead of locking its thousands of
    // account rows one by one (docs/billing.md, "The ledgers' lock"). So a chunk waits for the single
    // writers that began before it, and they wait for the chunk, as with the row locks, for 20 ms per
    // chunk less. Readings writers lock the account's row only, and do not wait for a bill run.
    static Error lockLedgers(QSqlDatabase &db, bool exclusive);

    // ---- check-ledger ----
    // Every invoice's gross equals the sum of its lines and its charge/correction posting; every
    // payment has one credit posting of its amount; allocations sum to no more than the payment and
    // the invoice; net + vat == gross everywhere; billing::checkLedger on each account's postings
    // against the turnover() rows of its periods. Streams accounts in chunks (memory does not grow
    // with the number of accounts). supplier unset = every supplier.
    Result<LedgerCheckReport>
    check(std::optional<SupplierId> supplier = {},
          const std::function<void(qint64 done, qint64 total)> &progress = {}) const;

private:
    Database &m_db;
};

} // namespace oblik::store
