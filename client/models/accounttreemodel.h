#pragma once
// The metering tree of one personal account: objects -> metering points -> meters, and the
// registers of a meter when it has more than one zone (a one-zone meter shows its reading on its
// own row). Meters that cannot take readings (faulty, verification expired) and meters whose
// verification is due soon are marked through HealthRole, the icon, and the row colours.

#include "domain/entities.h"
#include "models/meterhealth.h"

#include <QAbstractItemModel>
#include <QDate>
#include <QHash>

namespace oblik::client {

class AccountTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    // What a reader looks for first (is the meter usable, what did it last show) comes before
    // the meter's technical data.
    enum Column {
        NameColumn,    // object name / point code and name / "Meter" / register zone
        KindColumn,    // A, R, G
        VoltageColumn, // kV
        ParentColumn,  // the point this one is a sub-consumer of
        MeterNumberColumn,
        StatusColumn,
        VerificationColumn, // verification due date
        LastPeriodColumn,
        LastReadingColumn,
        ConsumptionColumn,
        ModelColumn,
        ZonesColumn,
        DigitsColumn,
        DecimalsColumn,
        RatioColumn,
        ColumnCount
    };
    enum class NodeType { Object, MeteringPoint, Meter, Register };
    Q_ENUM(NodeType)
    enum Role {
        NodeTypeRole = Qt::UserRole + 1, // int(NodeType)
        IdRole,                          // qint64 id of the row's entity
        HealthRole,                      // int(MeterHealth), meters and their registers only
        BlockedRole,                     // bool: readings refused for this meter
    };

    explicit AccountTreeModel(QObject *parent = nullptr);

    void setAccount(const domain::AccountDetail &account);
    void clear();
    const domain::AccountDetail &account() const { return m_account; }

    // The day the verification rules are judged against (today by default; tests fix it).
    void setToday(const QDate &today);
    QDate today() const { return m_today; }
    void retranslate();

    // Counts for the overview's summary line.
    int meterCount() const;
    int meterCount(MeterHealth health) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        NodeType type = NodeType::Object;
        int parent = -1; // node index; -1 for the invisible root
        int row = 0;     // row under its parent
        QList<int> children;
        int object = -1, point = -1, meter = -1, reg = -1; // indexes into m_account
    };

    void build();
    const Node *nodeOf(const QModelIndex &index) const;
    const domain::SiteObject &objectOf(const Node &n) const;
    const domain::MeteringPoint &pointOf(const Node &n) const;
    const domain::Meter &meterOf(const Node &n) const;
    const domain::Register *registerOf(const Node &n) const; // a one-zone meter's only register too
    QVariant display(const Node &n, int column) const;
    QVariant toolTip(const Node &n, int column) const;
    void emitAllChanged(const QModelIndex &parent);

    domain::AccountDetail m_account;
    QDate m_today;
    QList<Node> m_nodes;            // m_nodes[0] is the invisible root
    QHash<qint64, int> m_pointById; // for the "sub-consumer of" column: id -> node
};

} // namespace oblik::client
