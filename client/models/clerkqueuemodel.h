#pragma once
// The district clerk's readings queue (GET /api/v1/clerk/readings) as a flat table: one row per
// reading with its account, consumer, meter, period, date, previous and current value,
// consumption, a range warning, its state, and the outcome of the clerk's last decision on it.
// Pages are appended ("load more"); total() is the server's count for the current filters.
// Decisions (POST /clerk/readings/decide) come back per reading: a saved one replaces the row's
// reading (new state), a refused one keeps it and carries the refusal's text in the Result column.

#include "core/error.h"
#include "protocol/readings.h"

#include <QAbstractTableModel>
#include <QHash>
#include <optional>

namespace oblik::client {

class ClerkQueueModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        AccountColumn,
        ConsumerColumn,
        MeterColumn,
        PeriodColumn,
        TakenOnColumn,
        PreviousColumn,
        ValueColumn,
        ConsumptionColumn,
        RangeColumn,
        StateColumn,
        ResultColumn,
        ColumnCount
    };
    enum Role {
        ReadingIdRole = Qt::UserRole + 1, // qint64
        RangeWarningRole,                 // bool
        StateRole,                        // int(domain::ReadingState)
        RefusedRole,                      // bool: the last decision on the row was refused
        SortRole,                         // a value that orders the column
    };

    struct Row
    {
        protocol::ClerkReading item;
        std::optional<Energy> previous; // known once the account's previous period was read
        QString outcome;                // the last decision's result, in the user's words
        bool refused = false;
    };

    explicit ClerkQueueModel(QObject *parent = nullptr);

    // A fresh first page (replaces everything) or the next page (appended; rows already shown,
    // e.g. when the queue moved between pages, are not shown twice).
    void setPage(const protocol::ClerkQueue &page);
    void appendPage(const protocol::ClerkQueue &page);
    void clear();
    // After a language change: the headers and texts read again.
    void retranslate();

    qint64 total() const { return m_total; }
    bool hasMore() const { return m_rows.size() < m_total; }
    const Row &rowAt(int row) const { return m_rows.at(row); }
    int rowOfReading(qint64 readingId) const;

    // The previous period's values of one account (register id -> value), from
    // GET /accounts/{id}/readings?period=P: fills the Previous column of that account's rows of P.
    void setPrevious(AccountId account, Period period, const QHash<qint64, Energy> &values);

    // Applies POST /clerk/readings/decide's answer; returns how many were saved.
    int applyDecision(const protocol::ItemResults &results);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Orders the rows loaded so far (the API has one fixed order: period, account, register).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    static QString stateText(domain::ReadingState s);

private:
    QVariant sortValue(const Row &row, int column) const;

    QList<Row> m_rows;
    qint64 m_total = 0;
};

} // namespace oblik::client
