#pragma once
// Gathers what each document shows (documents/documentdata.h) from the store: the requisites of the
// supplier, district, consumer, contract and account; invoices with their lines (LedgerRepository);
// the breakdown of the charge, recomputed as the invoice route does (calc::recomputeBreakdowns); the
// information message from the turnover of the invoice's period and article; readings acts; tax
// invoices; turnover statements and payment histories. Access rules are the caller's.
// periodDocuments() loads a chunk of accounts of one period in a fixed number of queries (the
// `documents` batch command), the single-document methods a chunk of one.

#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/period.h"
#include "documents/documentdata.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <optional>

namespace oblik::store {
class Database;
}

namespace oblik::docs {

// What a document's storage and list need besides the data.
struct InvoicePackageItem
{
    qint64 invoiceId = 0;
    documents::InvoicePackageData data;
};

struct TaxInvoiceItem
{
    qint64 taxInvoiceId = 0;
    qint64 invoiceId = 0;
    documents::TaxInvoiceData data;
};

struct ReadingsActItem
{
    QString number;            // "<account number>-<yyyymm>"
    bool allProcessed = false; // every register has a processed reading of the period: stored once
    bool hasReadings = false;  // at least one register has a reading of the period
    documents::ReadingsActData data;
};

// The account's own settings that decide how its documents are issued.
struct AccountDocumentSettings
{
    AccountId account;
    QString accountNumber;
    SupplierId supplier;
    QString language; // suppliers.document_language: "uk" | "ru"
    bool paymentQr = false;
};

struct PeriodDocuments
{
    AccountDocumentSettings settings;
    QList<InvoicePackageItem> packages;
    QList<TaxInvoiceItem> taxInvoices;
    ReadingsActItem act; // filled (not blank)
};

class DocumentSource
{
public:
    explicit DocumentSource(store::Database &db, const Clock &clock = Clock::system());

    Result<std::optional<AccountDocumentSettings>> settings(AccountId account) const;
    // nullopt: no such invoice of the account.
    Result<std::optional<InvoicePackageItem>> invoicePackage(AccountId account, qint64 invoiceId) const;
    Result<std::optional<TaxInvoiceItem>> taxInvoice(AccountId account, qint64 taxInvoiceId) const;
    Result<ReadingsActItem> readingsAct(AccountId account, Period period, bool blank) const;
    Result<documents::TurnoverData> turnover(AccountId account, Period period) const;
    Result<documents::PaymentHistoryData> paymentHistory(AccountId account, QDate from, QDate to) const;

    // Every invoice package, tax invoice and the filled readings act of the accounts for the period,
    // in the order of the accounts (ids that do not exist are left out).
    Result<QList<PeriodDocuments>> periodDocuments(const QList<AccountId> &accounts, Period period) const;

    // The periods in which the account has readings, newest first (the documents list's acts).
    Result<QList<Period>> periodsWithReadings(AccountId account) const;

    static QString actNumber(const QString &accountNumber, Period period);

private:
    store::Database &m_db;
    const Clock &m_clock;
};

} // namespace oblik::docs
