#include "models/turnovermodel.h"

#include "models/billingformat.h"
#include "models/displayformat.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

TurnoverModel::TurnoverModel(QObject *parent) : BillingTableModel(parent) {}

QStringList TurnoverModel::headers() const
{
    return {tr("Article"), tr("Opening debit"), tr("Opening credit"), tr("Charged"),
            tr("Paid"),    tr("Closing debit"), tr("Closing credit")};
}

void TurnoverModel::setItems(const QList<billing::TurnoverRow> &items)
{
    m_items = items;
    rebuild();
}

void TurnoverModel::rebuild()
{
    QList<Row> rows;
    qint64 sums[6] = {};
    for (const billing::TurnoverRow &t : std::as_const(m_items)) {
        const Money values[6] = {t.openingDebit, t.openingCredit, t.charged,
                                 t.paid,         t.closingDebit,  t.closingCredit};
        Row r;
        r.cells = {textCell(format::article(t.article))};
        for (int i = 0; i < 6; ++i) {
            sums[i] += values[i].kopecks();
            r.cells.append(moneyCell(values[i]));
        }
        rows.append(r);
    }
    std::optional<Row> totals;
    if (!rows.isEmpty()) {
        Row t;
        t.cells = {textCell(tr("Total"))};
        for (qint64 s : sums)
            t.cells.append(moneyCell(Money::fromKopecks(s)));
        totals = t;
    }
    setRows(rows, totals);
}

} // namespace oblik::client
