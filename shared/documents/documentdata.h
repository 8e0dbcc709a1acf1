#pragma once
// What each document shows: plain values gathered by the caller (the server from its store, the
// client from its cache), rendered by documents::Renderer. Nothing here reads a database.

#include "billing/article.h"
#include "billing/calculation.h"
#include "billing/ledger.h"
#include "billing/vat.h"
#include "core/energy.h"
#include "core/money.h"
#include "core/period.h"
#include "domain/entities.h"

#include <QDate>
#include <QList>
#include <QString>
#include <optional>

namespace oblik::documents {

// Requisites of the supplier or of the consumer, as printed in every document's header.
struct Party
{
    QString name;
    QString edrpou; // ЄДРПОУ / tax id of a legal entity (empty for a household)
    QString ipn;    // ІПН: VAT payer number (tax invoices), or a person's tax number
    QString iban;   // UA + 27 characters
    QString bank;   // bank name (may be empty)
    QString address;
    QString phone;
};

// Who the documents are about: the supplier, the district office, the consumer and its account.
struct DocumentHeader
{
    Party supplier;
    QString districtName, districtAddress, districtPhone;
    Party consumer;
    QString accountNumber;  // personal account number
    QString contractNumber; // the contract's number
    QDate contractDate;     // may be null
};

// An invoice as issued (store::StoredInvoice without the store types).
struct InvoiceDoc
{
    QString number;
    billing::InvoiceType type = billing::InvoiceType::ActiveEnergy;
    billing::Article article = billing::Article::ActiveEnergy;
    Period period;
    QDate date, dueDate;
    Money net, vat, gross;
    Money paid;           // allocated so far (information message); a planned advance: the credit covering it
    bool settled = false; // a planned advance whose period's charge was issued: nothing remains to pay
    QString correctsNumber; // a correction invoice: the number of the invoice it corrects
    int vatRateBp = 2000;   // basis points: 2000 = 20%
    billing::VatMode vatMode = billing::VatMode::ExtractedFromGross;
    QList<billing::InvoiceLine> lines;
};

// The invoice package: invoice (always; a planned advance is the invoice alone), breakdown of the
// charge (energy articles), information message, acceptance act (electricity supply for active
// energy and over-limit, reactive energy compensation for reactive energy, goods transfer for
// services), zone-tariff reconciliation act when the breakdown has zone registers (zone != Total).
struct InvoicePackageData
{
    DocumentHeader header;
    InvoiceDoc invoice;
    QList<billing::PointBreakdown> breakdown; // how each point's consumption became payable
    // Information message: the article's balance at the start of the period (positive = debt,
    // negative = credit), charged and paid in the period, and the amount to pay now.
    Money openingBalance, chargedInPeriod, paidInPeriod, toPay;
    // A payment QR code (NBU "QR code for credit transfer" format, see paymentQrPayload) is printed on
    // the invoice only when the supplier enabled it.
    bool paymentQr = false;
};

// Readings act / readings statement (PROM10 of reference 003): per contract and period, every
// metering point and register. Blank: current date, value and consumption are printed empty for
// filling in by hand (previous values are printed).
struct ReadingsActRow
{
    QString objectName;
    QString pointCode;
    domain::PointKind kind = domain::PointKind::Active;
    QString meterNumber, meterModel;
    int ratio = 1;
    int digits = 6;
    domain::Zone zone = domain::Zone::Total;
    QDate previousDate;
    std::optional<Energy> previousValue; // raw register value (not x ratio)
    QDate currentDate;
    std::optional<Energy> currentValue;
    std::optional<Energy> consumption; // (current - previous, roll-over aware) x ratio
    QString state;                     // "processed", "submitted", ... as the ledger has it (filled act)
};

struct ReadingsActData
{
    DocumentHeader header;
    Period period;
    QDate date; // the act's date
    bool blank = false;
    QList<ReadingsActRow> rows;
};

// Tax invoice (податкова накладна): number, date, lines, totals, the invoice it belongs to and, for a
// correction, the tax invoice it corrects.
struct TaxInvoiceData
{
    DocumentHeader header;
    QString number;
    QDate date;
    QString invoiceNumber;
    QString correctsNumber;
    Period period;
    int vatRateBp = 2000;
    QList<billing::InvoiceLine> lines;
    Money net, vat, gross;
};

// Turnover statement of one period (reference 004): one row per article, and a total row computed by
// the renderer.
struct TurnoverData
{
    DocumentHeader header;
    Period period;
    QDate date;
    QList<billing::TurnoverRow> rows;
};

// Payment history for a date range, newest first, with what each payment paid.
struct PaymentHistoryRow
{
    QDate paidOn;
    billing::Article article = billing::Article::ActiveEnergy;
    Money amount;
    QString bank, purpose;
    QStringList invoiceNumbers; // invoices it paid
    Money unallocated;
};

struct PaymentHistoryData
{
    DocumentHeader header;
    QDate from, to, date;
    QList<PaymentHistoryRow> rows;
};

} // namespace oblik::documents
