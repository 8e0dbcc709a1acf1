#include "models/invoicelinemodel.h"

#include "core/tariff.h"
#include "models/billingformat.h"
#include "models/displayformat.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

InvoiceLineModel::InvoiceLineModel(QObject *parent) : BillingTableModel(parent) {}

QStringList InvoiceLineModel::headers() const
{
    return {tr("Kind"),        tr("Zone / service"), tr("Quantity"), tr("Tariff, UAH"),
            tr("Coefficient"), tr("Without VAT"),    tr("VAT"),      tr("Amount")};
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
        // A services line says what the service was where an energy line names its zone, and counts
        // (1, 0,5) where energy lines measure kWh.
        const bool service = !l.description.isEmpty() || l.kind == u"services"_s;
        const QString quantity = service
                                     ? format::count(l.quantity.milli())
                                     // With its unit: reactive energy is in kvarh, everything else in kWh.
                                     : (l.kind == u"reactive_energy"_s ? tr("%1 kvarh") : tr("%1 kWh"))
                                           .arg(l.quantity.format(QLocale()));
        r.cells = {textCell(format::lineKind(l.kind)),
                   service ? textCell(l.description, l.description) : textCell(format::zoneCode(l.zone)),
                   numberCell(quantity, l.quantity.milli(), models::ExportValue::fromEnergy(l.quantity)),
                   numberCell(l.tariff, 0),
                   // "0.5" in the locale's digits ("0,5"), as the tariffs tab shows it.
                   numberCell(format::parameterValue(u"zone_coefficient"_s,
                                                     l.coefficient.isEmpty() ? u"1"_s : l.coefficient),
                              0),
                   moneyCell(l.net), moneyCell(l.vat), moneyCell(l.amount)};
        if (const auto t = oblik::Tariff::parse(l.tariff))
            r.cells[Tariff] = numberCell(
                t.value().format(QLocale()), t.value().hundredThousandths(),
                models::ExportValue::fromDecimal(t.value().hundredThousandths(), oblik::Tariff::Decimals));
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
                   moneyCell(Money::fromKopecks(net)),
                   moneyCell(Money::fromKopecks(vat)),
                   moneyCell(Money::fromKopecks(amount))};
        totals = t;
    }
    setRows(rows, totals);
}

} // namespace oblik::client
