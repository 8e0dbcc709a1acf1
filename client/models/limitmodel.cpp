#include "models/limitmodel.h"

#include "core/energy.h"
#include "models/billingformat.h"
#include "models/displayformat.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

LimitModel::LimitModel(QObject *parent) : BillingTableModel(parent) {}

QStringList LimitModel::headers() const
{
    return {tr("Monthly energy limit, kWh"), tr("Power limit, kW"), tr("Valid from"), tr("Valid to")};
}

void LimitModel::setLimits(const QList<billing::Limit> &items)
{
    m_items = items;
    rebuild();
}

// kW with 3 decimals from the server ("400.000") in the locale's digits, without the zero decimals
// of a whole number ("400", "12,5"): "400.000" read in Ukrainian would be four hundred thousand.
BillingTableModel::Cell LimitModel::powerCell(const QString &kw)
{
    const auto power = Energy::parse(kw); // the same fixed point: thousandths
    if (!power)
        return numberCell(kw, 0);
    qint64 milli = power.value().milli();
    int decimals = 3;
    while (decimals > 0 && milli % 10 == 0) {
        milli /= 10;
        --decimals;
    }
    return numberCell(power.value().format(QLocale(), decimals), power.value().milli(),
                      models::ExportValue::fromDecimal(power.value().milli(), 3));
}

void LimitModel::rebuild()
{
    QList<Row> rows;
    for (const billing::Limit &l : std::as_const(m_items)) {
        Row r;
        r.cells = {numberCell(l.monthlyEnergy.format(QLocale(), 0), l.monthlyEnergy.milli(),
                              models::ExportValue::fromEnergy(l.monthlyEnergy)),
                   powerCell(l.powerKw), textCell(format::period(l.validFrom)),
                   textCell(l.validTo.isValid() ? format::period(l.validTo) : tr("open-ended"))};
        r.cells[ValidFrom].key = QVariant::fromValue<qint64>(l.validFrom.yyyymm());
        rows.append(r);
    }
    setRows(rows);
}

} // namespace oblik::client
