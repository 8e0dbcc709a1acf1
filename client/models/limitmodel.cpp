#include "models/limitmodel.h"

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

void LimitModel::rebuild()
{
    QList<Row> rows;
    for (const billing::Limit &l : std::as_const(m_items)) {
        Row r;
        r.cells = {numberCell(l.monthlyEnergy.format(QLocale(), 0), l.monthlyEnergy.milli(),
                              models::ExportValue::fromEnergy(l.monthlyEnergy)),
                   numberCell(l.powerKw, 0), textCell(format::period(l.validFrom)),
                   textCell(l.validTo.isValid() ? format::period(l.validTo) : tr("open-ended"))};
        r.cells[ValidFrom].key = QVariant::fromValue<qint64>(l.validFrom.yyyymm());
        rows.append(r);
    }
    setRows(rows);
}

} // namespace oblik::client
