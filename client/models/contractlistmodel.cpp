#include "models/contractlistmodel.h"

#include "models/displayformat.h"

namespace oblik::client {

ContractListModel::ContractListModel(QObject *parent) : QAbstractTableModel(parent) {}

void ContractListModel::setContracts(const QList<domain::Contract> &contracts)
{
    beginResetModel();
    m_contracts = contracts;
    endResetModel();
}

void ContractListModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_contracts.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int ContractListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_contracts.size());
}

int ContractListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

// The consumer classes of the supplier's tariffs by voltage: class 1 takes energy at 35 kV and
// above, class 2 below. An unknown code is shown as it is.
QString ContractListModel::consumerClassText(const QString &code)
{
    if (code == u"class_1")
        return tr("Class 1 (35 kV and above)");
    if (code == u"class_2")
        return tr("Class 2 (below 35 kV)");
    return code;
}

QVariant ContractListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const domain::Contract &c = m_contracts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NumberColumn:
            return c.number;
        case SignedOnColumn:
            return format::date(c.signedOn);
        case ClassColumn:
            return consumerClassText(c.consumerClass);
        case BillingDayColumn:
            return c.billingDay;
        case WindowColumn:
            return tr("%n working day(s)", nullptr, c.windowWorkingDays);
        case SignedActColumn:
            return format::yesNo(c.requiresSignedAct);
        case SelfCalculationColumn:
            return format::yesNo(c.selfCalculation);
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case BillingDayColumn:
            return tr("Readings are accepted from day %1 of the month for %n working day(s).", nullptr,
                      c.windowWorkingDays)
                .arg(c.billingDay);
        case SignedActColumn:
            return c.requiresSignedAct ? tr("The readings act must be signed before the calculation.")
                                       : tr("No signed readings act is needed before the calculation.");
        case SelfCalculationColumn:
            return c.selfCalculation ? tr("The consumer may run the calculation itself.")
                                     : tr("The district office runs the calculation.");
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == BillingDayColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case ContractIdRole:
        return c.id.value();
    }
    return {};
}

QVariant ContractListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == WindowColumn)
        return tr("How long the readings window stays open after the billing day");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NumberColumn:
        return tr("Contract");
    case SignedOnColumn:
        return tr("Signed on");
    case ClassColumn:
        return tr("Consumer class");
    case BillingDayColumn:
        return tr("Billing day");
    case WindowColumn:
        return tr("Readings window");
    case SignedActColumn:
        return tr("Signed act required");
    case SelfCalculationColumn:
        return tr("Self-calculation");
    }
    return {};
}

} // namespace oblik::client
