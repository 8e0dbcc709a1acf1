#pragma once
// The readings form: the account's registers in a tree (objects -> registers), the current value
// typed in place (Enter moves to the next row that takes a value), the period with its readings
// window and whether entry is open, the preliminary consumption of the account, how many values
// are not sent yet, and buttons that queue them for sending or submit the period to calculation.
// Banners above the tree say what needs the user: the server refused values (the marked cells say
// why), a meter was replaced by the supplier (with "Reload the list of metering points"), entry
// is closed (rows read-only). It never waits for the network: typing writes to the local store only.

#include "core/error.h"
#include "domain/entities.h"
#include "models/readingsentry.h"

#include <QTreeView>
#include <QWidget>

class QFrame;
class QLabel;
class QPushButton;
class QToolButton;
class QAction;

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
    // The period as the server (or, offline, the store) says: window, processed, open today.
    void setEntry(const ReadingsEntry &entry);
    std::optional<ReadingsEntry> entry() const { return m_entry; }
    // Nothing to show: the open period is not known (offline before the first answer), or why not.
    void showUnavailable(const QString &why);
    void clear();
    // After a sync changed states: re-read the local store.
    void refresh();
    // "Online" / "Offline: <why>" next to the send button.
    void setOnline(bool online, const QString &why = {});
    // A whole command the server refused for good (not retried); empty hides it.
    void showRefusal(const QString &text);
    // A submission to calculation waits in the outbox.
    void setSubmitPending(bool pending);

    ReadingsModel *model() const { return m_model; }
    ReadingsTree *treeView() const { return m_tree; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *submitButton() const { return m_submit; }
    QPushButton *reloadMetersButton() const { return m_reloadMeters; }
    QToolButton *readingsActButton() const { return m_act; }
    QLabel *totalLabel() const { return m_total; }
    QLabel *entryLabel() const { return m_entryLabel; }
    QFrame *meterBanner() const { return m_meterBanner; }
    QLabel *meterBannerText() const { return m_meterText; }
    QFrame *refusalBanner() const { return m_refusalBanner; }
    QLabel *refusalText() const { return m_refusalText; }
    QFrame *closedBanner() const { return m_closedBanner; }
    QLabel *closedText() const { return m_closedText; }
    bool hasUnsentValues() const;
    // Asks before leaving when values are not sent yet; true = leave.
    bool confirmLeave();

Q_SIGNALS:
    // The user asked to send the values that pass the rules.
    void sendRequested();
    // The user asked to transfer the period's saved readings to calculation.
    void submitRequested();
    // "Reload the list of metering points" after the supplier changed a meter.
    void reloadMetersRequested();
    // "Readings act": the period's act as a document, filled with the readings or blank (current
    // values left empty, for filling by hand).
    void readingsActRequested(oblik::Period period, bool blank);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateSummary();
    void updateEntry();

    ReadingsModel *m_model;
    ReadingsTree *m_tree;
    QLabel *m_title;
    QLabel *m_entryLabel;
    QLabel *m_total;
    QLabel *m_unsent;
    QLabel *m_online;
    QPushButton *m_send;
    QPushButton *m_submit;
    QFrame *m_meterBanner;
    QLabel *m_meterText;
    QPushButton *m_reloadMeters;
    QToolButton *m_act;
    QAction *m_actFilled;
    QAction *m_actBlank;
    QFrame *m_refusalBanner;
    QLabel *m_refusalText;
    QFrame *m_closedBanner;
    QLabel *m_closedText;
    QLabel *m_unavailable;
    std::optional<ReadingsEntry> m_entry;
    QString m_unavailableWhy;
    QString m_commandRefusal;
    bool m_submitPending = false;
    bool m_isOnline = true;
    QString m_offlineWhy;
};

} // namespace oblik::client
