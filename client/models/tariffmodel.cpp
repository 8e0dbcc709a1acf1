#include "models/tariffmodel.h"

#include "core/tariff.h"
#include "models/billingformat.h"
#include "models/displayformat.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

TariffModel::TariffModel(QObject *parent) : BillingTableModel(parent) {}

QStringList TariffModel::headers() const
{
    return {tr("Parameter"), tr("Applies to"), tr("Value"), tr("Valid from"), tr("Valid to")};
}

void TariffModel::setParameters(const QList<billing::TariffParameter> &items)
{
    m_items = items;
    rebuild();
}

void TariffModel::rebuild()
{
    QList<Row> rows;
    for (const billing::TariffParameter &t : std::as_const(m_items)) {
        Row r;
        r.cells = {textCell(format::parameterName(t.parameter)), textCell(format::parameterKey(t.key), t.key),
                   numberCell(t.value, 0), numberCell(format::period(t.validFrom), t.validFrom.yyyymm()),
                   numberCell(t.validTo.isValid() ? format::period(t.validTo) : tr("open-ended"),
                              t.validTo.isValid() ? t.validTo.yyyymm() : 999999)};
        r.cells[Value].key = t.value;
        // Prices in the locale's form with their five decimals, coefficients in the locale's digits,
        // the VAT rule in words.
        r.cells[Value].text = format::parameterValue(t.parameter, t.value);
        if (t.parameter.endsWith(u"tariff"_s)) {
            if (const auto price = oblik::Tariff::parse(t.value)) {
                r.cells[Value].text = price.value().format(QLocale());
                r.cells[Value].exportValue = models::ExportValue::fromDecimal(
                    price.value().hundredThousandths(), oblik::Tariff::Decimals);
            }
        }
        r.cells[ValidFrom].number = false;
        r.cells[ValidTo].number = false;
        rows.append(r);
    }
    setRows(rows);
}

} // namespace oblik::client
