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
        const Error error = Error::make(f.code, {}, f.args);
        const QString hint = format::calcErrorHint(error);
        const QString reason = client::errorText(error) + (hint.isEmpty() ? QString() : u" "_s + hint);
        r.cells = {textCell(f.number.isEmpty() ? QString::number(f.accountId) : f.number),
                   textCell(reason, f.code + u"\n"_s + reason)};
        rows.append(r);
    }
    setRows(rows);
}

} // namespace oblik::client
