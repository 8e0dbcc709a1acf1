#include "models/readingsmodel.h"

#include "models/exportvalue.h"

#include "domain/readings.h"
#include "local/localstore.h"
#include "models/displayformat.h"
#include "models/modelicons.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace oblik::client {

using domain::ReadingState;

namespace {
constexpr quintptr kTop = 0;
} // namespace

QString readingStateText(ReadingState s)
{
    switch (s) {
    case ReadingState::Draft:
        return ReadingsModel::tr("Draft");
    case ReadingState::Ready:
        return ReadingsModel::tr("Ready");
    case ReadingState::Submitted:
        return ReadingsModel::tr("Submitted for calculation");
    case ReadingState::Processed:
        return ReadingsModel::tr("Processed");
    case ReadingState::Rejected:
        return ReadingsModel::tr("Rejected");
    }
    return {};
}

ReadingsModel::ReadingsModel(QObject *parent) : QAbstractItemModel(parent) {}

ReadingsModel::~ReadingsModel() = default;

void ReadingsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_objects.clear();
    m_account = domain::AccountDetail();
    m_accountTotal = {};
    recount();
    endResetModel();
    Q_EMIT totalsChanged();
}

void ReadingsModel::setAccount(const domain::AccountDetail &account, Period period, QDate today)
{
    beginResetModel();
    m_account = account;
    m_period = period;
    m_today = today;
    m_rows.clear();
    m_objects.clear();
    QHash<qint64, LocalReading> local;
    if (m_store) {
        for (const LocalReading &r : m_store->readings(account.id, period))
            local.insert(r.registerId.value(), r);
    }
    for (const domain::SiteObject &o : account.objects) {
        ObjectNode node;
        node.object = o;
        node.object.meteringPoints.clear();
        const int objectIndex = int(m_objects.size());
        for (const domain::MeteringPoint &p : o.meteringPoints) {
            domain::MeteringPoint point = p;
            point.meters.clear();
            for (const domain::Meter &m : p.meters) {
                if (m.status == domain::MeterStatus::Removed)
                    continue;
                domain::Meter meter = m;
                meter.registers.clear();
                for (const domain::Register &reg : m.registers) {
                    Row row;
                    row.object = objectIndex;
                    row.point = point;
                    row.meter = meter;
                    row.reg = reg;
                    row.takenOn = today;
                    if (auto it = local.constFind(reg.id.value()); it != local.constEnd())
                        merge(row, *it);
                    evaluate(row);
                    node.rows.append(int(m_rows.size()));
                    m_rows.append(row);
                }
            }
        }
        m_objects.append(node);
    }
    for (int i = 0; i < m_objects.size(); ++i)
        recomputeObject(i);
    recomputeAccount();
    recount();
    endResetModel();
    Q_EMIT totalsChanged();
}

void ReadingsModel::setEntryOpen(bool open)
{
    if (m_entryOpen == open)
        return;
    m_entryOpen = open;
    recount();
    // Only the flags change; views ask again for every row.
    Q_EMIT layoutAboutToBeChanged();
    Q_EMIT layoutChanged();
    Q_EMIT totalsChanged();
}

QHash<qint64, qint64> ReadingsModel::movedRegisters(const domain::AccountDetail &before,
                                                    const domain::AccountDetail &after)
{
    struct Place
    {
        qint64 point = 0;
        domain::Zone zone = domain::Zone::Total;
        int registersOnMeter = 0;
    };
    QHash<qint64, Place> afterRegs;
    QMultiHash<qint64, qint64> afterByPoint; // point -> registers of its working meters
    for (const domain::SiteObject &o : after.objects)
        for (const domain::MeteringPoint &p : o.meteringPoints)
            for (const domain::Meter &m : p.meters) {
                if (m.status == domain::MeterStatus::Removed)
                    continue;
                for (const domain::Register &g : m.registers) {
                    afterRegs.insert(g.id.value(), {p.id.value(), g.zone, int(m.registers.size())});
                    afterByPoint.insert(p.id.value(), g.id.value());
                }
            }
    QHash<qint64, qint64> moved;
    for (const domain::SiteObject &o : before.objects)
        for (const domain::MeteringPoint &p : o.meteringPoints)
            for (const domain::Meter &m : p.meters)
                for (const domain::Register &g : m.registers) {
                    if (afterRegs.contains(g.id.value()))
                        continue;
                    const QList<qint64> candidates = afterByPoint.values(p.id.value());
                    qint64 target = 0;
                    for (qint64 c : candidates)
                        if (afterRegs.value(c).zone == g.zone)
                            target = c;
                    if (!target && candidates.size() == 1 && m.registers.size() == 1)
                        target = candidates.first();
                    if (target)
                        moved.insert(g.id.value(), target);
                }
    return moved;
}

void ReadingsModel::reloadFromStore()
{
    if (!m_store)
        return;
    QHash<qint64, LocalReading> local;
    for (const LocalReading &r : m_store->readings(m_account.id, m_period))
        local.insert(r.registerId.value(), r);
    for (Row &row : m_rows) {
        if (auto it = local.constFind(row.reg.id.value()); it != local.constEnd()) {
            merge(row, *it);
            evaluate(row);
        }
    }
    for (int i = 0; i < m_objects.size(); ++i)
        recomputeObject(i);
    recomputeAccount();
    recount();
    for (int i = 0; i < m_objects.size(); ++i) {
        const QModelIndex parentIndex = index(i, 0);
        Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
        if (!m_objects[i].rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0, parentIndex),
                               index(int(m_objects[i].rows.size()) - 1, ColumnCount - 1, parentIndex));
    }
    Q_EMIT totalsChanged();
}

void ReadingsModel::merge(Row &row, const LocalReading &local) const
{
    row.dirty = local.dirty;
    row.outboxSeq = local.outboxSeq;
    row.version = local.version;
    row.serverValue = local.serverValue;
    row.serverState = domain::readingStateFromString(local.serverState);
    row.rejection = local.rejectionReason;
    row.rejectionCode = local.rejectionCode;
    if (local.takenOn.isValid())
        row.takenOn = local.takenOn;
    if (local.dirty) {
        row.typed = local.typedText;
    } else if (!local.serverValue.isEmpty()) {
        // The server's value, as the meter shows it.
        const auto v = Energy::parse(local.serverValue);
        row.typed = v ? format::energy(v.value(), row.meter.decimals, QLocale::c()) : local.serverValue;
    }
}

void ReadingsModel::evaluate(Row &row) const
{
    row.lock = domain::checkMeterUsable(row.meter, m_today);
    row.expiresSoon = domain::verificationExpiresSoon(row.meter, m_today);
    row.value.reset();
    row.consumption.reset();
    row.valueError = {};
    if (row.typed.trimmed().isEmpty())
        return;
    const Result<Energy> value = domain::parseReadingValue(row.typed, row.meter);
    if (!value) {
        row.valueError = value.error();
        return;
    }
    row.value = value.value();
    if (!row.reg.lastReading)
        return; // the first reading of a register has nothing to be measured against
    const Result<Energy> used = domain::consumption(row.meter, row.reg.lastReading->value, value.value());
    if (!used) {
        row.valueError = used.error();
        return;
    }
    row.consumption = used.value();
}

void ReadingsModel::recomputeObject(int object)
{
    // Active energy only: reactive and generated energy are accounted separately. A sub-consumer's
    // consumption passed through the main point's meter, so it is subtracted.
    qint64 total = 0;
    for (int i : std::as_const(m_objects[object].rows)) {
        const Row &row = m_rows.at(i);
        if (row.point.kind != domain::PointKind::Active || !row.consumption)
            continue;
        total += row.point.parentId ? -row.consumption->milli() : row.consumption->milli();
    }
    m_objects[object].total = Energy::fromMilli(total);
}

void ReadingsModel::recomputeAccount()
{
    qint64 total = 0;
    for (const ObjectNode &o : std::as_const(m_objects))
        total += o.total.milli();
    m_accountTotal = Energy::fromMilli(total);
}

Energy ReadingsModel::objectConsumption(int objectRow) const
{
    return objectRow >= 0 && objectRow < m_objects.size() ? m_objects[objectRow].total : Energy();
}

int ReadingsModel::unsentCount() const
{
    return m_dirty;
}

bool ReadingsModel::isSendable(const Row &row) const
{
    // A value already queued is on its way under its command's key: offering it again would send
    // a second save of the same text under a new key.
    return row.dirty && row.outboxSeq == 0 && row.value && row.valueError.isNull() && row.lock.isNull() &&
           row.serverState != ReadingState::Processed;
}

bool ReadingsModel::isRefused(const Row &row) const
{
    return row.dirty && !row.rejectionCode.isEmpty() && row.rejectionCode != u"reading.meter_changed"_s;
}

void ReadingsModel::recount()
{
    m_dirty = m_sendable = m_ready = m_missing = m_refused = 0;
    QSet<qint64> changedPoints;
    for (const Row &row : std::as_const(m_rows)) {
        m_dirty += row.dirty ? 1 : 0;
        m_sendable += isSendable(row) ? 1 : 0;
        m_refused += isRefused(row) ? 1 : 0;
        if (row.rejectionCode == u"reading.meter_changed"_s)
            changedPoints.insert(row.point.id.value());
        if (!row.lock.isNull())
            continue;
        if (row.serverState == ReadingState::Ready)
            ++m_ready;
        if (!row.serverState || row.serverState == ReadingState::Rejected ||
            row.serverState == ReadingState::Draft)
            ++m_missing;
    }
    m_meterChangedPoints = int(changedPoints.size());
}

bool ReadingsModel::canSubmit() const
{
    return m_entryOpen && m_dirty == 0 && m_missing == 0 && m_ready > 0;
}

int ReadingsModel::registerRowCount() const
{
    return int(m_rows.size());
}

ReadingState ReadingsModel::stateOf(const Row &row) const
{
    if (row.dirty)
        return ReadingState::Draft;
    return row.serverState.value_or(ReadingState::Draft);
}

QList<ReadingsModel::Item> ReadingsModel::sendableItems() const
{
    QList<Item> out;
    for (const Row &row : m_rows) {
        if (!isSendable(row))
            continue;
        out.append(Item{row.reg.id, row.takenOn, *row.value, row.version, row.meter});
    }
    return out;
}

QModelIndex ReadingsModel::nextEditable(const QModelIndex &current) const
{
    if (!current.isValid() || current.internalId() == kTop)
        return {};
    const int column = current.column();
    int object = int(current.internalId() - 1);
    int row = current.row() + 1;
    for (; object < m_objects.size(); ++object, row = 0) {
        for (; row < m_objects[object].rows.size(); ++row) {
            const QModelIndex candidate = index(row, column, index(object, 0));
            if (flags(candidate) & Qt::ItemIsEditable)
                return candidate;
        }
    }
    return {};
}

QModelIndex ReadingsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_objects.size() ? createIndex(row, column, kTop) : QModelIndex();
    if (parent.internalId() != kTop || parent.column() != 0 || parent.row() >= m_objects.size())
        return {};
    if (row >= m_objects[parent.row()].rows.size())
        return {};
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex ReadingsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kTop)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kTop);
}

int ReadingsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_objects.size());
    if (parent.internalId() == kTop && parent.column() == 0 && parent.row() < m_objects.size())
        return int(m_objects[parent.row()].rows.size());
    return 0;
}

int ReadingsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

Qt::ItemFlags ReadingsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.internalId() == kTop)
        return f;
    const Row &row = m_rows.at(m_objects[int(index.internalId() - 1)].rows.at(index.row()));
    const bool editableColumn = index.column() == CurrentValueColumn || index.column() == CurrentDateColumn;
    if (editableColumn && m_entryOpen && row.lock.isNull() && row.serverState != ReadingState::Processed)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant ReadingsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == kTop)
        return objectData(index.row(), index.column(), role);
    const Row &row = m_rows.at(m_objects[int(index.internalId() - 1)].rows.at(index.row()));
    return registerData(row, index.column(), role);
}

QVariant ReadingsModel::objectData(int object, int column, int role) const
{
    const ObjectNode &o = m_objects.at(object);
    switch (role) {
    case IsObjectRole:
        return true;
    case Qt::DisplayRole:
        if (column == PointColumn)
            return o.object.name;
        if (column == ConsumptionColumn)
            return format::energy(o.total);
        return {};
    case models::ExportRole:
        if (column == ConsumptionColumn)
            return QVariant::fromValue(models::ExportValue::fromEnergy(o.total));
        return {};
    case Qt::ToolTipRole:
        if (column == ConsumptionColumn)
            return tr("Preliminary active energy of the object, sub-consumers subtracted");
        return o.object.address;
    case Qt::FontRole: {
        QFont f;
        f.setBold(true);
        return f;
    }
    case Qt::TextAlignmentRole:
        if (column == ConsumptionColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

// Numbers and dates as such for .xlsx; other columns export their display text.
QVariant ReadingsModel::exportData(const Row &row, int column) const
{
    using models::ExportValue;
    switch (column) {
    case RatioColumn:
        return QVariant::fromValue(ExportValue::fromInteger(row.meter.ratio));
    case PreviousDateColumn:
        return QVariant::fromValue(
            ExportValue::fromDate(row.reg.lastReading ? row.reg.lastReading->takenOn : QDate()));
    case PreviousValueColumn:
        if (row.reg.lastReading)
            return QVariant::fromValue(ExportValue::fromEnergy(row.reg.lastReading->value));
        return QVariant::fromValue(ExportValue::fromText({}));
    case CurrentDateColumn:
        return QVariant::fromValue(ExportValue::fromDate(row.lock.isNull() ? row.takenOn : QDate()));
    case CurrentValueColumn:
        // A value that passes the rules as a number; a wrong one as typed, so the file shows it.
        if (row.value && row.valueError.isNull())
            return QVariant::fromValue(ExportValue::fromEnergy(*row.value));
        return QVariant::fromValue(ExportValue::fromText(row.typed));
    case ConsumptionColumn:
        if (row.consumption)
            return QVariant::fromValue(ExportValue::fromEnergy(*row.consumption));
        return QVariant::fromValue(ExportValue::fromText({}));
    default:
        return {};
    }
}

QVariant ReadingsModel::registerData(const Row &row, int column, int role) const
{
    switch (role) {
    case IsObjectRole:
        return false;
    case RegisterIdRole:
        return row.reg.id.value();
    case LockedRole:
        return !row.lock.isNull();
    case ErrorRole:
        if (!row.valueError.isNull())
            return row.valueError.message();
        if (isRefused(row) || (row.dirty && row.rejectionCode == u"reading.meter_changed"_s))
            return row.rejection;
        return {};
    case StateRole:
        return int(stateOf(row));
    case DirtyRole:
        return row.dirty;
    case models::ExportRole:
        return exportData(row, column);
    case WarningRole:
        if (row.expiresSoon)
            return Error::make(u"reading.verification_expires_soon"_s, u"meter"_s,
                               {row.meter.verificationDue.toString(Qt::ISODate)})
                .message();
        return {};
    case Qt::EditRole:
        if (column == CurrentValueColumn)
            return row.typed;
        if (column == CurrentDateColumn)
            return row.takenOn;
        return registerData(row, column, Qt::DisplayRole);
    case Qt::DisplayRole:
        switch (column) {
        case PointColumn:
            return row.point.parentId ? tr("%1 %2 (sub-consumer)").arg(row.point.code, row.point.name)
                                      : row.point.code + u' ' + row.point.name;
        case KindColumn:
            return format::pointKindShort(row.point.kind);
        case MeterNumberColumn:
            return row.meter.number;
        case ModelColumn:
            return row.meter.model;
        case RatioColumn:
            return row.meter.ratio;
        case DigitsColumn:
            return row.meter.decimals > 0 ? u"%1+%2"_s.arg(row.meter.digits).arg(row.meter.decimals)
                                          : QString::number(row.meter.digits);
        case ZoneColumn:
            return format::zone(row.reg.zone);
        case PreviousDateColumn:
            return row.reg.lastReading ? format::date(row.reg.lastReading->takenOn) : QString();
        case PreviousValueColumn:
            return row.reg.lastReading ? format::energy(row.reg.lastReading->value, row.meter.decimals)
                                       : QString();
        case CurrentDateColumn:
            return row.lock.isNull() ? format::date(row.takenOn) : QString();
        case CurrentValueColumn:
            return row.typed; // as typed, also when it is wrong
        case ConsumptionColumn:
            return row.consumption ? format::energy(*row.consumption) : QString();
        case StateColumn: {
            if (!row.lock.isNull())
                return tr("Locked");
            const ReadingState s = stateOf(row);
            if (row.dirty && !row.rejectionCode.isEmpty())
                return tr("Refused: %1").arg(row.rejection);
            if (s == ReadingState::Draft)
                return row.dirty ? tr("Draft, saved locally")
                                 : (row.typed.isEmpty() ? QString() : readingStateText(s));
            if (s == ReadingState::Rejected && !row.rejection.isEmpty())
                return tr("Rejected: %1").arg(row.rejection);
            return readingStateText(s);
        }
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (!row.lock.isNull())
            return row.lock.message();
        if (column == CurrentValueColumn && !row.valueError.isNull())
            return row.valueError.message();
        if ((column == CurrentValueColumn || column == StateColumn) && row.dirty &&
            !row.rejectionCode.isEmpty())
            return row.rejection;
        if (row.expiresSoon)
            return registerData(row, column, WarningRole);
        if (column == StateColumn && !row.rejection.isEmpty())
            return row.rejection;
        if (column == PointColumn || column == ModelColumn)
            return registerData(row, column, Qt::DisplayRole); // the full text of an elided cell
        return {};
    case Qt::BackgroundRole:
        if (column == CurrentValueColumn &&
            (!row.valueError.isNull() || (row.dirty && !row.rejectionCode.isEmpty())))
            return QBrush(QColor(0xf8, 0xd7, 0xda));
        if (!row.lock.isNull())
            return QBrush(icons::healthBackground(MeterHealth::Faulty));
        if (row.expiresSoon)
            return QBrush(icons::healthBackground(MeterHealth::VerificationSoon));
        return {};
    case Qt::ForegroundRole:
        if (column == CurrentValueColumn &&
            (!row.valueError.isNull() || (row.dirty && !row.rejectionCode.isEmpty())))
            return QBrush(QColor(0x9a, 0x00, 0x07));
        if (!row.lock.isNull())
            return QBrush(icons::healthForeground(MeterHealth::Faulty));
        return {};
    case Qt::DecorationRole:
        if (column == MeterNumberColumn) {
            if (!row.lock.isNull())
                return icons::health(row.lock.code() == u"reading.meter_faulty"_s
                                         ? MeterHealth::Faulty
                                         : MeterHealth::VerificationExpired);
            if (row.expiresSoon)
                return icons::health(MeterHealth::VerificationSoon);
        }
        return {};
    case Qt::TextAlignmentRole:
        switch (column) {
        case RatioColumn:
        case DigitsColumn:
        case PreviousValueColumn:
        case CurrentValueColumn:
        case ConsumptionColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    default:
        return {};
    }
}

bool ReadingsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable))
        return false;
    const int object = int(index.internalId() - 1);
    Row &row = m_rows[m_objects[object].rows.at(index.row())];
    QString typed = row.typed;
    QDate takenOn = row.takenOn;
    if (index.column() == CurrentValueColumn) {
        typed = value.toString();
        if (typed == row.typed)
            return true;
    } else {
        takenOn = value.toDate();
        if (!takenOn.isValid() || takenOn == row.takenOn)
            return takenOn.isValid();
    }
    // On disk first: only then does the form say "saved locally".
    if (m_store) {
        if (Error e = m_store->saveTyped(m_account.id, m_period, row.reg.id, typed, takenOn); !e.isNull()) {
            Q_EMIT storeFailed(e);
            return false;
        }
    }
    // Only this row and its object are looked at: a keystroke on a form of thousands of rows costs
    // as much as on a small one.
    m_dirty -= row.dirty ? 1 : 0;
    m_sendable -= isSendable(row) ? 1 : 0;
    m_refused -= isRefused(row) ? 1 : 0;
    row.typed = typed;
    row.takenOn = takenOn;
    row.dirty = true;
    row.outboxSeq = 0; // typing again unqueues it, as in the store
    // A new text answers the server's refusal of the old one (the store forgets it too).
    if (row.rejectionCode != u"reading.meter_changed"_s)
        row.rejectionCode.clear();
    evaluate(row);
    m_dirty += 1;
    m_sendable += isSendable(row) ? 1 : 0;
    m_refused += isRefused(row) ? 1 : 0;
    const qint64 before = m_objects[object].total.milli();
    recomputeObject(object);
    m_accountTotal = Energy::fromMilli(m_accountTotal.milli() - before + m_objects[object].total.milli());
    Q_EMIT dataChanged(this->index(index.row(), 0, index.parent()),
                       this->index(index.row(), ColumnCount - 1, index.parent()));
    Q_EMIT dataChanged(this->index(object, ConsumptionColumn), this->index(object, ConsumptionColumn));
    Q_EMIT totalsChanged();
    return true;
}

QVariant ReadingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PointColumn:
        return tr("Metering point");
    case KindColumn:
        return tr("Type");
    case MeterNumberColumn:
        return tr("Meter");
    case ModelColumn:
        return tr("Model");
    case RatioColumn:
        return tr("Ratio");
    case DigitsColumn:
        return tr("Digits");
    case ZoneColumn:
        return tr("Zone");
    case PreviousDateColumn:
        return tr("Previous date");
    case PreviousValueColumn:
        return tr("Previous reading");
    case CurrentDateColumn:
        return tr("Date");
    case CurrentValueColumn:
        return tr("Current reading");
    case ConsumptionColumn:
        return tr("Consumption, kWh");
    case StateColumn:
        return tr("State");
    default:
        return {};
    }
}

} // namespace oblik::client
