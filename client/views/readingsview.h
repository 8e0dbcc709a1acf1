#pragma once
// The readings form: the account's registers in a tree (objects -> registers), the current value
// typed in place (Enter moves to the next row that takes a value), the preliminary consumption of
// the account above, how many values are not sent yet, and a button that queues them for sending.
// It never waits for the network: typing writes to the local store only.

#include "core/error.h"
#include "domain/entities.h"

#include <QTreeView>
#include <QWidget>

class QLabel;
class QPushButton;

namespace oblik::client {

class LocalStore;
class ReadingsModel;

// The tree of the form: Enter commits the value and opens the next row's editor in the same column.
class ReadingsTree : public QTreeView
{
    Q_OBJECT
public:
    using QTreeView::QTreeView;

protected:
    void closeEditor(QWidget *editor, QAbstractItemDelegate::EndEditHint hint) override;
};

class ReadingsView : public QWidget
{
    Q_OBJECT
public:
    explicit ReadingsView(QWidget *parent = nullptr);
    ~ReadingsView() override;

    void setStore(LocalStore *store);
    void setAccount(const domain::AccountDetail &account, Period period, QDate today);
    void clear();
    // After a sync changed states: re-read the local store.
    void refresh();
    // "Online" / "Offline: <why>" next to the send button.
    void setOnline(bool online, const QString &why = {});

    ReadingsModel *model() const { return m_model; }
    ReadingsTree *treeView() const { return m_tree; }
    QPushButton *sendButton() const { return m_send; }
    QLabel *totalLabel() const { return m_total; }
    bool hasUnsentValues() const;
    // Asks before leaving when values are not sent yet; true = leave.
    bool confirmLeave();

Q_SIGNALS:
    // The user asked to send the values that pass the rules.
    void sendRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateSummary();

    ReadingsModel *m_model;
    ReadingsTree *m_tree;
    QLabel *m_title;
    QLabel *m_total;
    QLabel *m_unsent;
    QLabel *m_online;
    QPushButton *m_send;
    bool m_isOnline = true;
    QString m_offlineWhy;
};

} // namespace oblik::client
