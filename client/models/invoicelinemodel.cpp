#include "models/invoicelinemodel.h"

#include "core/tariff.h"
#include "models/billingformat.h"
#include "models/displayformat.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

InvoiceLineModel::InvoiceLineModel(QObject *parent) : BillingTableModel(parent) {}

QStringList InvoiceLineModel::headers() const
{
    return {tr("Kind"),        tr("Zone"),        tr("Quantity"), tr("Tariff, UAH"),
            tr("Coefficient"), tr("Without VAT"), tr("VAT"),      tr("Amount")};
}

void InvoiceLineModel::setLines(const QList<billing::InvoiceLine> &items)
{
    m_lines = items;
    rebuild();
}

void InvoiceLineModel::rebuild()
{
    QList<Row> rows;
    qint64 net = 0, vat = 0, amount = 0;
    for (const billing::InvoiceLine &l : std::as_const(m_lines)) {
        net += l.net.kopecks();
        vat += l.vat.kopecks();
        amount += l.amount.kopecks();
        Row r;
        r.cells = {textCell(format::lineKind(l.kind)),
                   textCell(format::zoneCode(l.zone)),
                   numberCell(l.quantity.format(QLocale()), l.quantity.milli()),
                   numberCell(l.tariff, 0),
                   numberCell(l.coefficient.isEmpty() ? u"1"_s : l.coefficient, 0),
                   numberCell(format::money(l.net), l.net.kopecks()),
                   numberCell(format::money(l.vat), l.vat.kopecks()),
                   numberCell(format::money(l.amount), l.amount.kopecks())};
        if (const auto t = oblik::Tariff::parse(l.tariff))
            r.cells[Tariff] = numberCell(t.value().format(QLocale()), t.value().hundredThousandths());
        rows.append(r);
    }
    std::optional<Row> totals;
    if (!rows.isEmpty()) {
        Row t;
        t.cells = {textCell(tr("Total")),
                   textCell({}),
                   textCell({}),
                   textCell({}),
                   textCell({}),
                   numberCell(format::money(Money::fromKopecks(net)), net),
                   numberCell(format::money(Money::fromKopecks(vat)), vat),
                   numberCell(format::money(Money::fromKopecks(amount)), amount)};
        totals = t;
    }
    setRows(rows, totals);
}

} // namespace oblik::client
