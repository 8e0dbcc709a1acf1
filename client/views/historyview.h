#pragma once
// The history of readings: earlier periods per object, metering point, meter and zone, each with
// its date, value, consumption and state, for a range of periods chosen above the tree. It shows
// what it is given (from the server, or the local store's copy when offline) and asks for a range
// by signal; it never waits on the network.

#include "core/period.h"
#include "domain/entities.h"
#include "domain/readingrecord.h"

#include <QDateTime>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QStandardItemModel;
class QTreeView;

namespace oblik::client {

class HistoryView : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryView(QWidget *parent = nullptr);
    ~HistoryView() override;

    // The tree that names meters and points; `latest` is the newest period offered in the range
    // selector (the default range is the twelve periods up to it).
    void setAccount(const domain::AccountDetail &account, Period latest);
    void clear();
    // The readings of the shown range, newest first. `cachedAt` valid = read from the local store
    // (offline), with when it was fetched.
    void setReadings(const QList<domain::ReadingRecord> &items, const QDateTime &cachedAt = {});
    // A line under the selector: "Loading…", "Offline: …".
    void setStatus(const QString &text);

    Period from() const;
    Period to() const;
    void setRange(Period from, Period to);

    QTreeView *treeView() const { return m_tree; }
    QStandardItemModel *model() const { return m_model; }
    QComboBox *fromBox() const { return m_from; }
    QComboBox *toBox() const { return m_to; }
    QPushButton *showButton() const { return m_show; }
    QLabel *statusLabel() const { return m_status; }

Q_SIGNALS:
    void rangeRequested(oblik::Period from, oblik::Period to);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void fillPeriods(Period latest);
    void rebuild();

    domain::AccountDetail m_account;
    QList<domain::ReadingRecord> m_items;
    QDateTime m_cachedAt;
    QComboBox *m_from;
    QComboBox *m_to;
    QPushButton *m_show;
    QLabel *m_fromLabel;
    QLabel *m_toLabel;
    QLabel *m_status;
    QTreeView *m_tree;
    QStandardItemModel *m_model;
};

} // namespace oblik::client
