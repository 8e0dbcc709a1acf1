#pragma once
// The personal accounts a login may open, one row each, for the account picker.

#include "domain/entities.h"

#include <QAbstractTableModel>

namespace oblik::client {

class AccountListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NumberColumn, ConsumerColumn, AddressColumn, ContractColumn, DistrictColumn, ColumnCount };
    enum Role {
        AccountIdRole = Qt::UserRole + 1, // qint64
        SearchTextRole,                   // everything a filter box may match, in one string
    };

    explicit AccountListModel(QObject *parent = nullptr);

    void setAccounts(const QList<domain::AccountSummary> &accounts);
    const QList<domain::AccountSummary> &accounts() const { return m_accounts; }
    // The row's account, or nullptr for an index of another model or out of range.
    const domain::AccountSummary *accountAt(const QModelIndex &index) const;
    // Header texts follow the current language.
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<domain::AccountSummary> m_accounts;
};

} // namespace oblik::client
