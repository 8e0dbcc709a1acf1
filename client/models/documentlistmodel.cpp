#include "models/documentlistmodel.h"

#include "models/billingformat.h"
#include "models/displayformat.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace oblik::client {

DocumentListModel::DocumentListModel(QObject *parent) : BillingTableModel(parent) {}

QStringList DocumentListModel::headers() const
{
    return {tr("Type"), tr("Number"), tr("Date"), tr("Period"), tr("Amount"), tr("Signature"), tr("Stored")};
}

QString DocumentListModel::kindText(const QString &kind)
{
    if (kind == u"invoice_package"_s)
        return tr("Invoice package");
    if (kind == u"tax_invoice"_s)
        return tr("Tax invoice");
    if (kind == u"readings_act"_s)
        return tr("Readings act");
    return kind;
}

void DocumentListModel::setItems(const QList<DocumentItem> &items)
{
    m_items = items;
    rebuild();
}

const DocumentItem *DocumentListModel::item(qint64 id) const
{
    return id >= 1 && id <= m_items.size() ? &m_items[id - 1] : nullptr;
}

void DocumentListModel::rebuild()
{
    QList<Row> rows;
    rows.reserve(m_items.size());
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        const DocumentItem &d = m_items[i];
        Row r;
        r.id = i + 1;
        Cell stored = textCell(d.stored ? tr("Yes") : tr("No"),
                               d.stored ? tr("The server keeps the issued copy byte for byte.")
                                        : tr("Rendered when it is opened."));
        r.cells = {textCell(kindText(d.kind)),
                   textCell(d.number),
                   dateCell(d.date),
                   numberCell(format::period(d.period), d.period.yyyymm()),
                   d.amount ? moneyCell(*d.amount)
                            : numberCell(QString(), std::numeric_limits<qint64>::min()),
                   textCell(format::signatureStatus(d.signatureStatus), d.signatureReason),
                   stored};
        r.cells[Date].number = false;
        r.cells[Month].number = false;
        rows.append(r);
    }
    setRows(rows);
}

} // namespace oblik::client
