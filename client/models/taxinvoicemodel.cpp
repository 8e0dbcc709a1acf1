#include "models/taxinvoicemodel.h"

#include "models/billingformat.h"
#include "models/displayformat.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

TaxInvoiceModel::TaxInvoiceModel(QObject *parent) : BillingTableModel(parent) {}

QStringList TaxInvoiceModel::headers() const
{
    return {tr("Number"),   tr("Date"),    tr("Without VAT"), tr("VAT"),
            tr("With VAT"), tr("Invoice"), tr("Corrects")};
}

void TaxInvoiceModel::setTaxInvoices(const QList<billing::TaxInvoice> &items)
{
    m_items = items;
    rebuild();
}

void TaxInvoiceModel::setInvoiceNumbers(const QHash<qint64, QString> &numbers)
{
    m_invoiceNumbers = numbers;
    rebuild();
}

void TaxInvoiceModel::rebuild()
{
    QList<Row> rows;
    for (const billing::TaxInvoice &t : std::as_const(m_items)) {
        Row r;
        r.id = t.id;
        const QString invoice = m_invoiceNumbers.value(t.invoiceId);
        r.cells = {textCell(t.number),  dateCell(t.date),  moneyCell(t.net),    moneyCell(t.vat),
                   moneyCell(t.amount), textCell(invoice), textCell(t.corrects)};
        r.cells[Invoice].number = false;
        rows.append(r);
    }
    setRows(rows);
}

} // namespace oblik::client
