#pragma once
// One personal account at a glance: who and where (header), under which contracts, and the
// metering tree with the meters that need attention marked.

#include "domain/entities.h"

#include <QWidget>

class QGridLayout;
class QLabel;
class QSettings;
class QSplitter;
class QTableView;
class QTreeView;

namespace oblik::client {

class AccountTreeModel;
class ContractListModel;

class AccountOverview : public QWidget
{
    Q_OBJECT
public:
    explicit AccountOverview(QWidget *parent = nullptr);

    void setAccount(const domain::AccountDetail &account);
    void clear();
    bool hasAccount() const { return m_hasAccount; }
    const domain::AccountDetail &account() const;

    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

    AccountTreeModel *treeModel() const { return m_treeModel; }
    ContractListModel *contractModel() const { return m_contractModel; }
    QTreeView *treeView() const { return m_tree; }
    QTableView *contractView() const { return m_contracts; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void fillHeader();
    void fitColumns();
    void showColumnMenu(const QPoint &pos);

    bool m_hasAccount = false;
    AccountTreeModel *m_treeModel;
    ContractListModel *m_contractModel;
    QLabel *m_title;
    QLabel *m_consumer;
    QLabel *m_taxIdCaption, *m_addressCaption, *m_districtCaption, *m_supplierCaption, *m_openedCaption;
    QLabel *m_taxId, *m_address, *m_district, *m_supplier, *m_opened;
    QLabel *m_contractsTitle;
    QLabel *m_treeTitle;
    QLabel *m_summary;
    QTableView *m_contracts;
    QTreeView *m_tree;
    QSplitter *m_splitter;
};

} // namespace oblik::client
