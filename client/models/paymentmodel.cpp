#include "models/paymentmodel.h"

#include "models/billingformat.h"
#include "models/displayformat.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

PaymentModel::PaymentModel(QObject *parent) : BillingTableModel(parent) {}

QStringList PaymentModel::headers() const
{
    return {tr("Paid on"), tr("Period"), tr("Article"), tr("Amount"), tr("Paid invoices"),
            tr("Credit"),  tr("Bank"),   tr("MFO"),     tr("Purpose")};
}

void PaymentModel::setPayments(const QList<billing::Payment> &items)
{
    m_items = items;
    rebuild();
}

void PaymentModel::rebuild()
{
    QList<Row> rows;
    for (const billing::Payment &p : std::as_const(m_items)) {
        Row r;
        r.id = p.id;
        QStringList allocated;
        for (const billing::Allocation &a : p.allocations)
            allocated << tr("%1: %2").arg(a.number.isEmpty() ? QString::number(a.invoiceId) : a.number,
                                          format::money(a.amount));
        // The paid invoices one a line (the row grows): a list joined on one line was cut off.
        r.cells = {dateCell(p.paidOn),
                   numberCell(format::period(p.period), p.period.isValid() ? p.period.yyyymm() : 0),
                   textCell(format::article(p.article)),
                   moneyCell(p.amount),
                   textCell(allocated.join(u"\n"_s), allocated.join(u"\n"_s)),
                   moneyCell(p.unallocated, true),
                   textCell(p.bank),
                   textCell(p.mfo),
                   textCell(p.purpose, p.purpose)};
        r.cells[PaidOn].number = false;
        r.cells[Period].number = false;
        rows.append(r);
    }
    setRows(rows);
}

} // namespace oblik::client
