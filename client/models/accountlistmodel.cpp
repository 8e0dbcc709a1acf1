#include "models/accountlistmodel.h"

#include "models/displayformat.h"
#include "models/modelicons.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

AccountListModel::AccountListModel(QObject *parent) : QAbstractTableModel(parent) {}

void AccountListModel::setAccounts(const QList<domain::AccountSummary> &accounts)
{
    beginResetModel();
    m_accounts = accounts;
    endResetModel();
}

const domain::AccountSummary *AccountListModel::accountAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_accounts.size())
        return nullptr;
    return &m_accounts.at(index.row());
}

void AccountListModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_accounts.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int AccountListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_accounts.size());
}

int AccountListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AccountListModel::data(const QModelIndex &index, int role) const
{
    const domain::AccountSummary *a = accountAt(index);
    if (!a)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NumberColumn:
            return a->number;
        case ConsumerColumn:
            return a->consumerName;
        case AddressColumn:
            return a->address;
        case ContractColumn:
            return a->contractNumber;
        case DistrictColumn:
            return a->districtName;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ConsumerColumn)
            return format::consumerKind(a->consumerKind);
        return {};
    case Qt::DecorationRole:
        if (index.column() == NumberColumn)
            return icons::node(icons::Node::Account);
        return {};
    case AccountIdRole:
        return a->id.value();
    case SearchTextRole:
        return QStringList{a->number, a->consumerName, a->address, a->contractNumber, a->districtName}.join(
            u'\n');
    }
    return {};
}

QVariant AccountListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NumberColumn:
        return tr("Account");
    case ConsumerColumn:
        return tr("Consumer");
    case AddressColumn:
        return tr("Address");
    case ContractColumn:
        return tr("Contract");
    case DistrictColumn:
        return tr("District office");
    }
    return {};
}

} // namespace oblik::client
