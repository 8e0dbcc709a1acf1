#include "models/billingtablemodel.h"

#include "models/billingformat.h"
#include "models/displayformat.h"

#include <QFont>
#include <algorithm>

namespace oblik::client {

BillingTableModel::BillingTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int BillingTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size()) + (m_totals ? 1 : 0);
}

int BillingTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(headers().size());
}

const BillingTableModel::Row *BillingTableModel::rowAt(int row) const
{
    if (row >= 0 && row < m_rows.size())
        return &m_rows[row];
    if (m_totals && row == m_rows.size())
        return &*m_totals;
    return nullptr;
}

QString BillingTableModel::text(int row, int column) const
{
    const Row *r = rowAt(row);
    return r && column >= 0 && column < r->cells.size() ? r->cells[column].text : QString();
}

QVariant BillingTableModel::data(const QModelIndex &index, int role) const
{
    const Row *r = index.isValid() ? rowAt(index.row()) : nullptr;
    if (!r)
        return {};
    const bool totals = m_totals && r == &*m_totals;
    if (role == IdRole)
        return r->id;
    if (role == TotalsRole)
        return totals;
    if (index.column() >= r->cells.size())
        return {};
    const Cell &c = r->cells[index.column()];
    switch (role) {
    case Qt::DisplayRole:
        return c.text;
    case SortRole:
        return c.key;
    case models::ExportRole:
        return c.exportValue ? QVariant::fromValue(*c.exportValue) : QVariant();
    case Qt::ToolTipRole:
        return c.toolTip.isEmpty() ? QVariant() : QVariant(c.toolTip);
    case Qt::TextAlignmentRole:
        return c.number ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                        : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (totals) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    default:
        return {};
    }
}

QVariant BillingTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    const QStringList h = headers();
    if (role == Qt::DisplayRole && section >= 0 && section < h.size())
        return h[section];
    return {};
}

void BillingTableModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    applySort();
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void BillingTableModel::applySort()
{
    const int column = m_sortColumn;
    if (column < 0)
        return;
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    std::stable_sort(m_rows.begin(), m_rows.end(), [column, descending](const Row &a, const Row &b) {
        const QVariant ka = column < a.cells.size() ? a.cells[column].key : QVariant();
        const QVariant kb = column < b.cells.size() ? b.cells[column].key : QVariant();
        int c = 0;
        if (ka.typeId() == QMetaType::LongLong && kb.typeId() == QMetaType::LongLong) {
            const qint64 x = ka.toLongLong(), y = kb.toLongLong();
            c = x < y ? -1 : x > y ? 1 : 0;
        } else {
            c = QString::localeAwareCompare(ka.toString(), kb.toString());
        }
        return descending ? c > 0 : c < 0;
    });
}

void BillingTableModel::retranslate()
{
    rebuild();
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, std::max(0, columnCount() - 1));
}

BillingTableModel::Cell BillingTableModel::textCell(const QString &text, const QString &toolTip)
{
    return Cell{text, text, false, toolTip, std::nullopt};
}

BillingTableModel::Cell BillingTableModel::numberCell(const QString &text, qint64 key)
{
    return Cell{text, QVariant::fromValue<qint64>(key), true, {}, std::nullopt};
}

BillingTableModel::Cell BillingTableModel::numberCell(const QString &text, qint64 key,
                                                      const models::ExportValue &exportValue)
{
    Cell c = numberCell(text, key);
    c.exportValue = exportValue;
    return c;
}

BillingTableModel::Cell BillingTableModel::moneyCell(Money money, bool emptyWhenZero)
{
    if (emptyWhenZero && money.isZero())
        return numberCell(QString(), 0, models::ExportValue::fromText({}));
    return numberCell(format::money(money), money.kopecks(), models::ExportValue::fromMoney(money));
}

BillingTableModel::Cell BillingTableModel::dateCell(const QDate &date)
{
    return numberCell(date.isValid() ? format::date(date) : QString(),
                      date.isValid() ? date.toJulianDay() : 0, models::ExportValue::fromDate(date));
}

void BillingTableModel::setRows(QList<Row> rows, std::optional<Row> totals)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_totals = std::move(totals);
    applySort();
    endResetModel();
}

} // namespace oblik::client
