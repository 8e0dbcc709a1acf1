#pragma once
// Payment allocation: a payment of an article pays the oldest unpaid invoices of that article first;
// what is left after every invoice is paid stays on the account as credit (an overpayment), which
// the next invoice of the article takes first (allocate the credit the same way when it is issued).

#include "billing/article.h"
#include "core/money.h"
#include "core/period.h"

#include <QDate>
#include <QList>

namespace oblik::billing {

// An issued invoice as allocation sees it: how much it asks (gross) and how much is already paid.
struct OpenInvoice
{
    qint64 invoiceId = 0;
    Article article = Article::ActiveEnergy;
    Period period;
    QDate date;
    Money amount; // gross; an invoice of zero or less (a credit note) takes no payment
    Money paid;

    Money remaining() const { return Money::fromKopecks(qMax<qint64>(0, amount.kopecks() - paid.kopecks())); }
};

struct Allocation
{
    qint64 invoiceId = 0;
    Money amount;
    friend bool operator==(const Allocation &, const Allocation &) = default;
};

struct AllocationResult
{
    QList<Allocation> allocations; // in the order paid, oldest invoice first
    Money credit;                  // what no invoice took
};

// Allocates `available` (a payment, or a credit balance) to the invoices of `article`, oldest first
// (by date, then period, then id), each up to its remaining amount. Invoices of other articles are
// ignored. Nothing is allocated from an amount of zero or less: it all stays as `credit`.
AllocationResult allocate(Money available, Article article, const QList<OpenInvoice> &invoices);

} // namespace oblik::billing
