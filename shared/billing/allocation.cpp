#include "billing/allocation.h"

#include <algorithm>

namespace oblik::billing {

AllocationResult allocate(Money available, Article article, const QList<OpenInvoice> &invoices)
{
    AllocationResult result;
    result.credit = available;
    if (!available.isPositive())
        return result;
    QList<const OpenInvoice *> open;
    for (const OpenInvoice &i : invoices) {
        if (i.article == article && i.remaining().isPositive())
            open.append(&i);
    }
    std::stable_sort(open.begin(), open.end(), [](const OpenInvoice *a, const OpenInvoice *b) {
        if (a->date != b->date)
            return a->date < b->date;
        if (a->period != b->period)
            return a->period < b->period;
        return a->invoiceId < b->invoiceId;
    });
    qint64 left = available.kopecks();
    for (const OpenInvoice *i : open) {
        if (left == 0)
            break;
        const qint64 take = qMin(left, i->remaining().kopecks());
        result.allocations.append(Allocation{i->invoiceId, Money::fromKopecks(take)});
        left -= take;
    }
    result.credit = Money::fromKopecks(left);
    return result;
}

} // namespace oblik::billing
