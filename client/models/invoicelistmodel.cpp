#include "models/invoicelistmodel.h"

#include "models/billingformat.h"
#include "models/displayformat.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace oblik::client {

InvoiceListModel::InvoiceListModel(QObject *parent) : BillingTableModel(parent) {}

QStringList InvoiceListModel::headers() const
{
    return {tr("Number"), tr("Period"),    tr("Formed"), tr("Pay by"),   tr("Charged"),
            tr("Paid"),   tr("Remaining"), tr("Type"),   tr("Signature")};
}

void InvoiceListModel::setUnpaidOnly(bool unpaidOnly)
{
    m_unpaidOnly = unpaidOnly;
    rebuild();
}

void InvoiceListModel::setInvoices(const QList<billing::Invoice> &invoices)
{
    m_invoices = invoices;
    // Newest first, whatever order arrived: by date, then by id (a correction after its invoice).
    std::stable_sort(m_invoices.begin(), m_invoices.end(),
                     [](const billing::Invoice &a, const billing::Invoice &b) {
                         return a.date != b.date ? a.date > b.date : a.id > b.id;
                     });
    rebuild();
}

std::optional<billing::Invoice> InvoiceListModel::invoiceAt(int row) const
{
    const qint64 id = index(row, 0).data(IdRole).toLongLong();
    for (const billing::Invoice &i : m_invoices)
        if (i.id == id && id != 0)
            return i;
    return std::nullopt;
}

Money InvoiceListModel::totalRemaining() const
{
    return billing::totalRemaining(m_invoices);
}

void InvoiceListModel::rebuild()
{
    QList<Row> rows;
    qint64 charged = 0, paid = 0, remaining = 0;
    for (const billing::Invoice &i : std::as_const(m_invoices)) {
        if (m_unpaidOnly && !i.remaining.isPositive())
            continue;
        charged += i.amount.kopecks();
        paid += i.paid.kopecks();
        remaining += i.remaining.kopecks();
        const bool overdue =
            i.remaining.isPositive() && i.dueDate.isValid() && i.dueDate < QDate::currentDate();
        Row r;
        r.id = i.id;
        r.cells = {textCell(i.number),
                   numberCell(format::period(i.period), i.period.isValid() ? i.period.yyyymm() : 0),
                   dateCell(i.date),
                   dateCell(i.dueDate),
                   moneyCell(i.amount),
                   moneyCell(i.paid),
                   moneyCell(i.remaining),
                   textCell(format::invoiceType(i.type)),
                   textCell(format::signatureStatus(i.signatureStatus), i.signatureReason)};
        r.cells[Period].number = false;
        if (overdue)
            r.cells[PayBy].toolTip = tr("Overdue: the payment was due on %1.").arg(format::date(i.dueDate));
        if (i.correctsInvoiceId)
            r.cells[Type].toolTip = tr("Corrects an earlier invoice of the period.");
        rows.append(r);
    }
    std::optional<Row> totals;
    if (m_unpaidOnly && !rows.isEmpty()) {
        Row t;
        t.cells = {textCell(tr("Total")),
                   textCell({}),
                   textCell({}),
                   textCell({}),
                   moneyCell(Money::fromKopecks(charged)),
                   moneyCell(Money::fromKopecks(paid)),
                   moneyCell(Money::fromKopecks(remaining)),
                   textCell({}),
                   textCell({})};
        totals = t;
    }
    setRows(rows, totals);
}

} // namespace oblik::client
