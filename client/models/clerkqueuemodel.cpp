#include "models/clerkqueuemodel.h"

#include "models/exportvalue.h"

#include "models/displayformat.h"

#include <QBrush>
#include <QColor>
#include <QSet>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace oblik::client {

using domain::ReadingState;

ClerkQueueModel::ClerkQueueModel(QObject *parent) : QAbstractTableModel(parent) {}

QString ClerkQueueModel::stateText(ReadingState s)
{
    switch (s) {
    case ReadingState::Draft:
        return tr("Draft");
    case ReadingState::Ready:
        return tr("Ready");
    case ReadingState::Submitted:
        return tr("Submitted");
    case ReadingState::Processed:
        return tr("Processed");
    case ReadingState::Rejected:
        return tr("Rejected");
    }
    return {};
}

void ClerkQueueModel::setPage(const protocol::ClerkQueue &page)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(page.items.size());
    for (const protocol::ClerkReading &item : page.items)
        m_rows.append(Row{item, std::nullopt, {}, false});
    m_total = page.total;
    endResetModel();
}

void ClerkQueueModel::appendPage(const protocol::ClerkQueue &page)
{
    QSet<qint64> shown;
    for (const Row &r : std::as_const(m_rows))
        shown.insert(r.item.reading.id);
    QList<Row> fresh;
    for (const protocol::ClerkReading &item : page.items) {
        if (!shown.contains(item.reading.id))
            fresh.append(Row{item, std::nullopt, {}, false});
    }
    if (!fresh.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size() - 1));
        m_rows.append(fresh);
        endInsertRows();
    }
    m_total = page.total;
}

void ClerkQueueModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_total = 0;
    endResetModel();
}

void ClerkQueueModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int ClerkQueueModel::rowOfReading(qint64 readingId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).item.reading.id == readingId)
            return i;
    }
    return -1;
}

void ClerkQueueModel::setPrevious(AccountId account, Period period, const QHash<qint64, Energy> &values)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &r = m_rows[i];
        if (r.item.reading.accountId != account || !(r.item.reading.period == period))
            continue;
        const auto it = values.constFind(r.item.reading.registerId.value());
        std::optional<Energy> previous;
        if (it != values.cend())
            previous = it.value();
        if (previous.has_value() == r.previous.has_value() &&
            (!previous || previous->milli() == r.previous->milli()))
            continue;
        r.previous = previous;
        Q_EMIT dataChanged(index(i, PreviousColumn), index(i, PreviousColumn));
    }
}

int ClerkQueueModel::applyDecision(const protocol::ItemResults &results)
{
    int saved = 0;
    for (const protocol::ItemResult &result : results.items) {
        const int i = rowOfReading(result.id);
        if (i < 0)
            continue;
        Row &r = m_rows[i];
        if (result.status == u"saved"_s && result.reading) {
            r.item.reading = *result.reading;
            // Accepted or rejected now: no longer outside the range that matters for a decision.
            r.outcome = result.reading->state == ReadingState::Rejected ? tr("Rejected") : tr("Accepted");
            r.refused = false;
            ++saved;
        } else {
            if (result.reading)
                r.item.reading = *result.reading;
            r.outcome = result.problem ? result.problem->toError().message() : tr("Not changed");
            r.refused = true;
        }
        Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
    }
    return saved;
}

int ClerkQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClerkQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClerkQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const domain::ReadingRecord &r = row.item.reading;
    switch (role) {
    case ReadingIdRole:
        return r.id;
    case RangeWarningRole:
        return row.item.rangeWarning;
    case StateRole:
        return int(r.state);
    case RefusedRole:
        return row.refused;
    case SortRole:
        return sortValue(row, index.column());
    case models::ExportRole:
        // Numbers and dates as such for .xlsx; other columns export their display text.
        switch (index.column()) {
        case TakenOnColumn:
            return QVariant::fromValue(models::ExportValue::fromDate(r.takenOn));
        case PreviousColumn:
            return QVariant::fromValue(row.previous ? models::ExportValue::fromEnergy(*row.previous)
                                                    : models::ExportValue::fromText({}));
        case ValueColumn:
            return QVariant::fromValue(models::ExportValue::fromEnergy(r.value));
        case ConsumptionColumn:
            return QVariant::fromValue(models::ExportValue::fromEnergy(r.consumption));
        }
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case AccountColumn:
            return row.item.accountNumber;
        case ConsumerColumn:
            return row.item.consumerName;
        case MeterColumn:
            return row.item.meterNumber;
        case PeriodColumn:
            return format::period(r.period);
        case TakenOnColumn:
            return format::date(r.takenOn);
        case PreviousColumn:
            return row.previous ? format::energy(*row.previous) : QString();
        case ValueColumn:
            return format::energy(r.value);
        case ConsumptionColumn:
            return format::energy(r.consumption);
        case RangeColumn:
            return row.item.rangeWarning ? tr("Outside the usual range") : QString();
        case StateColumn:
            if (r.state == ReadingState::Rejected && !r.rejectionReason.isEmpty())
                return tr("Rejected: %1").arg(r.rejectionReason);
            if (r.state == ReadingState::Processed && !r.overrideReason.isEmpty())
                return tr("Processed (range overridden: %1)").arg(r.overrideReason);
            return stateText(r.state);
        case ResultColumn:
            return row.outcome;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == RangeColumn && row.item.rangeWarning)
            return tr("The consumption is below half or above four times the average of the last 12 closed "
                      "periods. Accepting it needs “override the range check” and a reason.");
        if (index.column() == ResultColumn || index.column() == StateColumn)
            return data(index, Qt::DisplayRole);
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case PreviousColumn:
        case ValueColumn:
        case ConsumptionColumn:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == RangeColumn && row.item.rangeWarning)
            return QBrush(QColor(0xb2, 0x6a, 0x00));
        if (index.column() == ResultColumn)
            return QBrush(row.refused ? QColor(0xc6, 0x28, 0x28) : QColor(0x2e, 0x7d, 0x32));
        if (index.column() == StateColumn && r.state == ReadingState::Rejected)
            return QBrush(QColor(0xc6, 0x28, 0x28));
        return {};
    }
    return {};
}

QVariant ClerkQueueModel::sortValue(const Row &row, int column) const
{
    const domain::ReadingRecord &r = row.item.reading;
    switch (column) {
    case AccountColumn:
        return row.item.accountNumber;
    case ConsumerColumn:
        return row.item.consumerName;
    case MeterColumn:
        return row.item.meterNumber;
    case PeriodColumn:
        return r.period.yyyymm();
    case TakenOnColumn:
        return r.takenOn;
    case PreviousColumn:
        return row.previous ? row.previous->milli() : qint64(-1);
    case ValueColumn:
        return r.value.milli();
    case ConsumptionColumn:
        return r.consumption.milli();
    case RangeColumn:
        return row.item.rangeWarning ? 1 : 0;
    case StateColumn:
        return int(r.state);
    case ResultColumn:
        return row.outcome;
    }
    return {};
}

void ClerkQueueModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount || m_rows.size() < 2)
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<qint64> idsBefore;
    for (const QModelIndex &i : before)
        idsBefore.append(m_rows.at(i.row()).item.reading.id);
    auto less = [this, column](const Row &a, const Row &b) {
        const QVariant x = sortValue(a, column), y = sortValue(b, column);
        const QPartialOrdering c = QVariant::compare(x, y);
        return c == QPartialOrdering::Less;
    };
    if (order == Qt::AscendingOrder)
        std::stable_sort(m_rows.begin(), m_rows.end(), less);
    else
        std::stable_sort(m_rows.begin(), m_rows.end(),
                         [&less](const Row &a, const Row &b) { return less(b, a); });
    QModelIndexList after;
    for (int k = 0; k < before.size(); ++k)
        after.append(index(rowOfReading(idsBefore.at(k)), before.at(k).column()));
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

QVariant ClerkQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case AccountColumn:
        return tr("Account");
    case ConsumerColumn:
        return tr("Consumer");
    case MeterColumn:
        return tr("Meter");
    case PeriodColumn:
        return tr("Period");
    case TakenOnColumn:
        return tr("Taken on");
    case PreviousColumn:
        return tr("Previous");
    case ValueColumn:
        return tr("Value");
    case ConsumptionColumn:
        return tr("Consumption, kWh");
    case RangeColumn:
        return tr("Range check");
    case StateColumn:
        return tr("State");
    case ResultColumn:
        return tr("Result");
    }
    return {};
}

} // namespace oblik::client
