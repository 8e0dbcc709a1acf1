#include "models/billrunfailuremodel.h"

#include "api/errortext.h"
#include "models/billingformat.h"
#include "models/displayformat.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

BillRunFailureModel::BillRunFailureModel(QObject *parent) : BillingTableModel(parent) {}

QStringList BillRunFailureModel::headers() const
{
    return {tr("Account"), tr("Reason")};
}

void BillRunFailureModel::setFailures(const QList<billing::BillRunFailure> &items)
{
    m_items = items;
    rebuild();
}

void BillRunFailureModel::rebuild()
{
    QList<Row> rows;
    for (const billing::BillRunFailure &f : std::as_const(m_items)) {
        Row r;
        r.id = f.accountId;
        // In words (the parameter, the month, the energies in the reader's form); the code and its
        // arguments as the server sent them in the tooltip, for the supplier's administrator.
        const QString reason = format::billingErrorText(Error::make(f.code, {}, f.args));
        const QString raw = f.args.isEmpty() ? f.code : f.code + u" ["_s + f.args.join(u", "_s) + u']';
        r.cells = {textCell(f.number.isEmpty() ? QString::number(f.accountId) : f.number),
                   textCell(reason, raw + u"\n"_s + reason)};
        rows.append(r);
    }
    setRows(rows);
}

} // namespace oblik::client
