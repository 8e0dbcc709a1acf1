#include "models/accounttreemodel.h"

#include "models/displayformat.h"
#include "models/modelicons.h"

#include <QBrush>

using namespace Qt::StringLiterals;

namespace oblik::client {

AccountTreeModel::AccountTreeModel(QObject *parent)
    : QAbstractItemModel(parent), m_today(QDate::currentDate())
{
    m_nodes.append(Node{});
}

void AccountTreeModel::setAccount(const domain::AccountDetail &account)
{
    beginResetModel();
    m_account = account;
    build();
    endResetModel();
}

void AccountTreeModel::clear()
{
    setAccount(domain::AccountDetail());
}

void AccountTreeModel::setToday(const QDate &today)
{
    if (today == m_today)
        return;
    m_today = today;
    emitAllChanged({});
}

void AccountTreeModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    emitAllChanged({});
}

void AccountTreeModel::emitAllChanged(const QModelIndex &parent)
{
    const int rows = rowCount(parent);
    if (rows == 0)
        return;
    Q_EMIT dataChanged(index(0, 0, parent), index(rows - 1, ColumnCount - 1, parent));
    for (int r = 0; r < rows; ++r)
        emitAllChanged(index(r, 0, parent));
}

void AccountTreeModel::build()
{
    m_nodes.clear();
    m_nodes.append(Node{}); // root
    m_pointById.clear();
    const auto add = [this](Node n) {
        n.row = int(m_nodes[n.parent].children.size());
        const int at = int(m_nodes.size());
        m_nodes.append(n);
        m_nodes[n.parent].children.append(at);
        return at;
    };
    for (int o = 0; o < m_account.objects.size(); ++o) {
        const int objNode = add(Node{NodeType::Object, 0, 0, {}, o});
        const auto &object = m_account.objects.at(o);
        for (int p = 0; p < object.meteringPoints.size(); ++p) {
            const int pointNode = add(Node{NodeType::MeteringPoint, objNode, 0, {}, o, p});
            const auto &point = object.meteringPoints.at(p);
            m_pointById.insert(point.id.value(), pointNode);
            for (int m = 0; m < point.meters.size(); ++m) {
                const int meterNode = add(Node{NodeType::Meter, pointNode, 0, {}, o, p, m});
                const auto &meter = point.meters.at(m);
                if (meter.registers.size() > 1) {
                    for (int r = 0; r < meter.registers.size(); ++r)
                        add(Node{NodeType::Register, meterNode, 0, {}, o, p, m, r});
                }
            }
        }
    }
}

const AccountTreeModel::Node *AccountTreeModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const auto id = index.internalId();
    if (id == 0 || id >= quintptr(m_nodes.size()))
        return nullptr;
    return &m_nodes.at(int(id));
}

const domain::SiteObject &AccountTreeModel::objectOf(const Node &n) const
{
    return m_account.objects.at(n.object);
}

const domain::MeteringPoint &AccountTreeModel::pointOf(const Node &n) const
{
    return objectOf(n).meteringPoints.at(n.point);
}

const domain::Meter &AccountTreeModel::meterOf(const Node &n) const
{
    return pointOf(n).meters.at(n.meter);
}

const domain::Register *AccountTreeModel::registerOf(const Node &n) const
{
    if (n.type == NodeType::Register)
        return &meterOf(n).registers.at(n.reg);
    if (n.type == NodeType::Meter && meterOf(n).registers.size() == 1)
        return &meterOf(n).registers.first();
    return nullptr;
}

int AccountTreeModel::meterCount() const
{
    int count = 0;
    for (const Node &n : m_nodes)
        count += n.type == NodeType::Meter && n.parent > 0 ? 1 : 0;
    return count;
}

int AccountTreeModel::meterCount(MeterHealth health) const
{
    int count = 0;
    for (const Node &n : m_nodes) {
        if (n.type == NodeType::Meter && n.parent > 0 && meterHealth(meterOf(n), m_today) == health)
            ++count;
    }
    return count;
}

QModelIndex AccountTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    int parentNode = 0;
    if (parent.isValid()) {
        if (!nodeOf(parent) || parent.column() != 0)
            return {};
        parentNode = int(parent.internalId());
    }
    const Node &p = m_nodes.at(parentNode);
    if (row >= p.children.size())
        return {};
    return createIndex(row, column, quintptr(p.children.at(row)));
}

QModelIndex AccountTreeModel::parent(const QModelIndex &child) const
{
    const Node *n = nodeOf(child);
    if (!n || n->parent <= 0)
        return {};
    return createIndex(m_nodes.at(n->parent).row, 0, quintptr(n->parent));
}

int AccountTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_nodes.at(0).children.size());
    if (parent.column() != 0)
        return 0;
    const Node *n = nodeOf(parent);
    return n ? int(n->children.size()) : 0;
}

int AccountTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant AccountTreeModel::display(const Node &n, int column) const
{
    switch (n.type) {
    case NodeType::Object: {
        const auto &o = objectOf(n);
        if (column == NameColumn)
            return o.name;
        return {};
    }
    case NodeType::MeteringPoint: {
        const auto &p = pointOf(n);
        switch (column) {
        case NameColumn:
            return p.name.isEmpty() ? p.code : p.code + u"  "_s + p.name;
        case KindColumn:
            return format::pointKindShort(p.kind);
        case VoltageColumn:
            return format::voltage(p.voltageV);
        case ParentColumn:
            if (p.parentId) {
                const int parentNode = m_pointById.value(p.parentId->value(), -1);
                if (parentNode > 0)
                    return pointOf(m_nodes.at(parentNode)).code;
                return QString::number(p.parentId->value());
            }
            return {};
        }
        return {};
    }
    case NodeType::Meter: {
        const auto &m = meterOf(n);
        switch (column) {
        case NameColumn:
            return tr("Meter");
        case MeterNumberColumn:
            return m.number;
        case ModelColumn:
            return m.model;
        case DigitsColumn:
            return m.digits;
        case DecimalsColumn:
            return m.decimals;
        case RatioColumn:
            return m.ratio;
        case ZonesColumn: {
            QStringList zones;
            for (const auto &r : m.registers)
                zones.append(format::zone(r.zone));
            return zones.join(u", "_s);
        }
        case VerificationColumn:
            return format::date(m.verificationDue);
        case StatusColumn:
            return format::meterHealth(meterHealth(m, m_today));
        }
        break;
    }
    case NodeType::Register: {
        const auto &r = meterOf(n).registers.at(n.reg);
        if (column == NameColumn || column == ZonesColumn)
            return format::zone(r.zone);
        break;
    }
    }
    // The reading columns: a register's own, or a one-zone meter's only register.
    const domain::Register *r = registerOf(n);
    if (!r)
        return {};
    if (!r->lastReading) {
        if (column == LastReadingColumn)
            return tr("no readings yet");
        return {};
    }
    const domain::Reading &reading = *r->lastReading;
    switch (column) {
    case LastPeriodColumn:
        return format::period(reading.period);
    case LastReadingColumn:
        return format::energy(reading.value, meterOf(n).decimals);
    case ConsumptionColumn:
        return format::energy(reading.consumption);
    }
    return {};
}

QVariant AccountTreeModel::toolTip(const Node &n, int column) const
{
    switch (n.type) {
    case NodeType::Object:
        return objectOf(n).address;
    case NodeType::MeteringPoint: {
        const auto &p = pointOf(n);
        if (column == KindColumn)
            return format::pointKindLong(p.kind);
        if (column == ParentColumn && p.parentId)
            return tr("A sub-consumer: its consumption is subtracted from this metering point's.");
        return p.name;
    }
    case NodeType::Meter:
    case NodeType::Register: {
        const auto &m = meterOf(n);
        const MeterHealth h = meterHealth(m, m_today);
        switch (h) {
        case MeterHealth::Faulty:
            return tr("The meter is faulty: its readings are not accepted.");
        case MeterHealth::VerificationExpired:
            return tr("The verification was due on %1: readings are not accepted until the meter is "
                      "verified.")
                .arg(format::date(m.verificationDue));
        case MeterHealth::VerificationSoon:
            return tr("The verification is due on %1 (in %n day(s)).", nullptr,
                      int(m_today.daysTo(m.verificationDue)))
                .arg(format::date(m.verificationDue));
        case MeterHealth::Removed:
            return tr("The meter has been removed.");
        case MeterHealth::Ok:
            break;
        }
        if (column == RatioColumn)
            return tr("Transformation ratio: consumption = difference of readings × ratio");
        if (column == DigitsColumn)
            return tr("Digits before the decimal point on the meter's display");
        const domain::Register *r = registerOf(n);
        if (r && r->lastReading && (column == LastReadingColumn || column == LastPeriodColumn))
            return tr("Taken on %1").arg(format::date(r->lastReading->takenOn));
        return {};
    }
    }
    return {};
}

QVariant AccountTreeModel::data(const QModelIndex &index, int role) const
{
    const Node *n = nodeOf(index);
    if (!n)
        return {};
    const int column = index.column();
    const bool hasMeter = n->type == NodeType::Meter || n->type == NodeType::Register;
    const MeterHealth health = hasMeter ? meterHealth(meterOf(*n), m_today) : MeterHealth::Ok;
    switch (role) {
    case Qt::DisplayRole:
        return display(*n, column);
    case Qt::ToolTipRole:
        return toolTip(*n, column);
    case Qt::DecorationRole:
        if (column == NameColumn) {
            switch (n->type) {
            case NodeType::Object:
                return icons::node(icons::Node::Object);
            case NodeType::MeteringPoint:
                return icons::node(icons::Node::MeteringPoint);
            case NodeType::Meter:
                return icons::node(icons::Node::Meter);
            case NodeType::Register:
                return icons::node(icons::Node::Register);
            }
        }
        if (column == StatusColumn && n->type == NodeType::Meter && health != MeterHealth::Ok)
            return icons::health(health);
        return {};
    case Qt::ForegroundRole:
        if (hasMeter && (column == StatusColumn ||
                         (column == VerificationColumn && (health == MeterHealth::VerificationExpired ||
                                                           health == MeterHealth::VerificationSoon)))) {
            const QColor c = icons::healthForeground(health);
            if (c.isValid())
                return QBrush(c);
        }
        if (hasMeter && health == MeterHealth::Removed)
            return QBrush(icons::healthForeground(health));
        return {};
    case Qt::BackgroundRole:
        if (hasMeter) {
            const QColor c = icons::healthBackground(health);
            if (c.isValid())
                return QBrush(c);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == LastReadingColumn) {
            const domain::Register *r = registerOf(*n);
            if (r && !r->lastReading) // the words "no readings yet" read from the left
                return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
        switch (column) {
        case DigitsColumn:
        case DecimalsColumn:
        case RatioColumn:
        case LastReadingColumn:
        case ConsumptionColumn:
        case VoltageColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        case KindColumn:
            return QVariant::fromValue(Qt::AlignHCenter | Qt::AlignVCenter);
        }
        return {};
    case NodeTypeRole:
        return int(n->type);
    case IdRole:
        switch (n->type) {
        case NodeType::Object:
            return objectOf(*n).id.value();
        case NodeType::MeteringPoint:
            return pointOf(*n).id.value();
        case NodeType::Meter:
            return meterOf(*n).id.value();
        case NodeType::Register:
            return meterOf(*n).registers.at(n->reg).id.value();
        }
        return {};
    case HealthRole:
        if (hasMeter)
            return int(health);
        return {};
    case BlockedRole:
        if (hasMeter)
            return isBlocking(health);
        return {};
    }
    return {};
}

QVariant AccountTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractItemModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case KindColumn:
            return tr("A: active energy, R: reactive energy, G: generation");
        case ParentColumn:
            return tr("The metering point this one is a sub-consumer of");
        case DigitsColumn:
            return tr("Digits before the decimal point on the meter's display");
        case DecimalsColumn:
            return tr("Digits after the decimal point on the meter's display");
        case RatioColumn:
            return tr("Transformation ratio");
        case LastPeriodColumn:
            return tr("The period of the last reading");
        case LastReadingColumn:
            return tr("The last reading: what the meter's display showed");
        case ConsumptionColumn:
            return tr("Consumption of the last period, kWh");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Object / metering point / meter");
    case KindColumn:
        return tr("Type");
    case VoltageColumn:
        return tr("Voltage");
    case ParentColumn:
        return tr("Sub-consumer of");
    case MeterNumberColumn:
        return tr("Meter number");
    case ModelColumn:
        return tr("Model");
    case DigitsColumn:
        return tr("Digits");
    case DecimalsColumn:
        return tr("Decimals");
    case RatioColumn:
        return tr("Ratio");
    case ZonesColumn:
        return tr("Zones");
    case VerificationColumn:
        return tr("Verification due");
    case StatusColumn:
        return tr("Status");
    case LastPeriodColumn:
        return tr("Period");
    case LastReadingColumn:
        return tr("Reading");
    case ConsumptionColumn:
        return tr("Consumption, kWh");
    }
    return {};
}

} // namespace oblik::client
