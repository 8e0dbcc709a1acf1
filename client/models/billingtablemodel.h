#pragma once
// The base of the billing lists: rows of display texts with typed sort keys (kopecks, days,
// numbers, text), a right-aligned column for every amount, and an optional totals row that stays
// last whatever the sort. Subclasses keep the items they were given and rebuild their rows from
// them in rebuild(), so a change of language re-reads every text. Cells made with moneyCell,
// dateCell or an explicit ExportValue answer models::ExportRole with their raw value.

#include "core/money.h"
#include "models/exportvalue.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QList>
#include <QStringList>
#include <QVariant>
#include <optional>

namespace oblik::client {

class BillingTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Roles {
        IdRole = Qt::UserRole + 1, // the item's id (invoice, payment, ...); 0 on the totals row
        SortRole,                  // the typed key the column sorts by
        TotalsRole,                // true on the totals row
    };

    explicit BillingTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Stable: equal keys keep their order. The totals row stays last.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Rows without the totals row.
    int itemCount() const { return int(m_rows.size()); }
    bool hasTotals() const { return m_totals.has_value(); }
    // The text of a cell, for tests and tooltips.
    QString text(int row, int column) const;
    // The language changed: texts and headers are built again.
    void retranslate();

protected:
    struct Cell
    {
        QString text;
        QVariant key; // qint64 for amounts (kopecks), days, numbers; QString otherwise
        bool number = false;
        QString toolTip;
        std::optional<models::ExportValue> exportValue; // none: exported as its text
    };
    struct Row
    {
        qint64 id = 0;
        QList<Cell> cells;
    };
    static Cell textCell(const QString &text, const QString &toolTip = {});
    static Cell numberCell(const QString &text, qint64 key);
    static Cell numberCell(const QString &text, qint64 key, const models::ExportValue &exportValue);
    // An amount in the locale's form, sorted and exported by its kopecks. emptyWhenZero: "" for
    // zero (the statement's debit/credit columns), exported empty too.
    static Cell moneyCell(Money money, bool emptyWhenZero = false);
    // A date in the locale's form (invalid: empty), sorted by its day, exported as a date.
    static Cell dateCell(const QDate &date);

    virtual QStringList headers() const = 0;
    // Builds the rows from the items (setRows); called on new items and on a language change.
    virtual void rebuild() = 0;
    void setRows(QList<Row> rows, std::optional<Row> totals = std::nullopt);

private:
    void applySort();
    const Row *rowAt(int row) const;

    QList<Row> m_rows;
    std::optional<Row> m_totals;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace oblik::client
