#pragma once
// The contracts of one personal account, one row each.

#include "domain/entities.h"

#include <QAbstractTableModel>

namespace oblik::client {

class ContractListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NumberColumn,
        SignedOnColumn,
        ClassColumn,
        BillingDayColumn,
        WindowColumn,
        SignedActColumn,
        SelfCalculationColumn,
        ColumnCount
    };
    enum Role { ContractIdRole = Qt::UserRole + 1 };

    explicit ContractListModel(QObject *parent = nullptr);

    void setContracts(const QList<domain::Contract> &contracts);
    const QList<domain::Contract> &contracts() const { return m_contracts; }
    void retranslate();
    static QString consumerClassText(const QString &code);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<domain::Contract> m_contracts;
};

} // namespace oblik::client
