#pragma once
// Recalculating a period never edits what was issued: the difference between the previous
// calculation of an account-period and the new one becomes correction documents, one per article
// whose amounts changed, with a line per (kind, zone, tariff, coefficient) that changed.

#include "billing/calculation.h"

#include <QList>

namespace oblik::billing {

// Documents of type Correction whose lines are current - previous: quantity, net, VAT and gross
// (negative where the new calculation charges less; a line whose tariff changed appears once
// reversed at the old tariff and once at the new one). Amounts are differences of amounts already
// rounded, so nothing is rounded again and net + VAT == gross holds for every line and document;
// previous + correction == current, article by article. Empty when nothing changed.
// Error calc.correction_mismatch when the two are not of the same account and period.
Result<QList<InvoiceDraft>> correction(const Calculation &previous, const Calculation &current);

} // namespace oblik::billing
