#pragma once
// The billing answers of the API (docs/billing.md, "Proposed API") as values, and their decoders.
// Amounts arrive as decimal strings ("1238.88") and are parsed into Money: never floating point.
// A missing or malformed value fails the whole answer with network.bad_response naming the field,
// so a screen never shows a half-read document.

#include "core/energy.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/money.h"
#include "core/period.h"

#include <QByteArray>
#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace oblik::client::billing {

struct InvoiceLine
{
    QString kind; // active_energy, reactive_energy, over_limit, generation_credit, services, penalties
    QString zone; // total, day, night, peak, half_peak (or "" for lines without a zone)
    QString description; // what a services line is for ("Заміна лічильника"); "" for calculated lines
    Energy quantity;     // kWh, kvarh, or for a services line the count (3 decimals)
    QString tariff;      // "4.32168", 5 decimals as sent
    QString coefficient; // "1", "0.4", "2/3" as sent
    Money net;
    Money vat;
    Money amount; // gross
};

struct Invoice
{
    qint64 id = 0;
    QString number;
    QString type;    // planned_advance, active_energy, reactive_energy, over_limit, services, correction
    QString article; // active_energy, ...
    Period period;
    QDate date;
    QDate dueDate;
    Money amount; // gross, with VAT
    Money net;
    Money vat;
    Money paid;
    Money remaining; // max(0, amount - paid), as the server says
    QString signatureStatus;
    QString signatureReason; // the client's: why the server rejected the consumer's signature
    std::optional<qint64> correctsInvoiceId;
    QList<InvoiceLine> lines; // only in the detail answer
};

struct TaxInvoice
{
    qint64 id = 0;
    QString number;
    QDate date;
    Money net;
    Money vat;
    Money amount;
    qint64 invoiceId = 0;
    QString corrects; // the number of the tax invoice it corrects, "" when none
};

struct Allocation
{
    qint64 invoiceId = 0;
    QString number;
    Money amount;
};

struct Payment
{
    qint64 id = 0;
    QDate paidOn;
    Period period;
    QString article;
    Money amount;
    QString bank;
    QString mfo;
    QString purpose;
    QList<Allocation> allocations;
    Money unallocated;
};

struct TurnoverRow
{
    QString article;
    Money openingDebit;
    Money openingCredit;
    Money charged;
    Money paid;
    Money closingDebit;
    Money closingCredit;
    // closing debit - closing credit: > 0 is a debt, < 0 an overpayment.
    Money saldo() const { return Money::fromKopecks(closingDebit.kopecks() - closingCredit.kopecks()); }
};

struct Turnover
{
    Period period;
    QList<TurnoverRow> items;
};

struct TariffParameter
{
    QString
        parameter; // tariff, zone_coefficient, reactive_tariff, generation_tariff, over_limit_multiple, vat
    QString key;
    QString value;
    Period validFrom;
    Period validTo; // invalid = open-ended
};

struct Limit
{
    Energy monthlyEnergy;
    QString powerKw;
    Period validFrom;
    Period validTo;
};

struct Tariffs
{
    QList<TariffParameter> items;
    QList<Limit> limits;
};

struct CalculationResult
{
    qint64 calculationId = 0;
    QList<Invoice> invoices;
    QList<Invoice> corrections;
};

struct BillRunFailure
{
    qint64 accountId = 0;
    QString number;
    QString code;
    QStringList args;
};

struct BillRun
{
    qint64 id = 0;
    QString kind = QStringLiteral("calculation"); // calculation, advance (planned advances)
    QString state;                                // running, cancelled, done
    Period period;
    qint64 invoices = 0; // invoices issued; for an advance run the advances issued
    qint64 postings = 0; // always 0 for an advance run: an advance charges nothing
    qint64 accountsDone = 0;
    qint64 accountsTotal = 0;
    qint64 accountsFailed = 0;
    QList<BillRunFailure> failures;
    bool isRunning() const { return state == u"running"; }
};

// What a clerk registers (POST /payments).
struct PaymentRequest
{
    AccountId accountId;
    QString article = QStringLiteral("active_energy");
    Money amount;
    QDate paidOn;
    QString bank;
    QString mfo;
    QString purpose;
    QJsonObject toJson() const;
};

// One line of a services invoice as the clerk enters it (POST /accounts/{id}/services-invoices):
// the quantity in thousandths (negative credits an earlier service), the price per unit in kopecks.
struct ServicesLine
{
    QString description;
    qint64 quantityMilli = 0;
    Money price;
    // quantity x price rounded half away from zero to the kopeck, as the server rounds it
    // (3 x 12.35 = 37.05; 0.5 x 0.03 = 0.015 -> 0.02); money.overflow when it does not fit.
    Result<Money> amount() const;
};

struct ServicesInvoiceRequest
{
    AccountId accountId;
    Period period;
    QList<ServicesLine> lines;
    // {"period":"2026-11","lines":[{"description","quantity":"1.000","price":"850.00"}]}
    QJsonObject toJson() const;
    // The lines' amounts summed; money.overflow when a line or the sum does not fit.
    Result<Money> total() const;
};

Result<Invoice> invoiceFromJson(const QJsonObject &o, bool withLines = false);
Result<QList<Invoice>> invoicesFromJson(const QByteArray &body);
Result<Invoice> invoiceDetailFromJson(const QByteArray &body);
Result<QList<TaxInvoice>> taxInvoicesFromJson(const QByteArray &body);
Result<Payment> paymentFromJson(const QJsonObject &o);
Result<QList<Payment>> paymentsFromJson(const QByteArray &body);
Result<Turnover> turnoverFromJson(const QByteArray &body);
Result<Tariffs> tariffsFromJson(const QByteArray &body);
Result<CalculationResult> calculationFromJson(const QByteArray &body);
Result<Payment> registeredPaymentFromJson(const QByteArray &body);
Result<BillRun> billRunFromJson(const QByteArray &body);
// The 201 answer of a services invoice: {"invoice": <invoice with "lines">}.
Result<Invoice> issuedInvoiceFromJson(const QByteArray &body);

// The remaining amount of invoices with something left to pay, summed (unpaid invoices only).
Money totalRemaining(const QList<Invoice> &invoices);

} // namespace oblik::client::billing
