#pragma once
// A table's contents at one moment, for the export writers and the printer: the headers and, per
// row, each cell's raw value (models::ExportRole, or the display text when a column has none) and
// its display text. Taken on the GUI thread, since models are not thread-safe; the writers then
// run on a worker thread with a copy that the user's edits cannot change under them.

#include "models/exportvalue.h"

#include <QList>
#include <QString>
#include <QStringList>

class QAbstractItemModel;
class QAbstractItemView;

namespace oblik::client {

struct TableSnapshot
{
    struct Row
    {
        int level = 0;     // depth in a tree (0: top level)
        bool bold = false; // a totals or group row (the model's bold font)
        QList<models::ExportValue> values;
        QStringList texts; // as shown on screen
    };

    QString title;   // "Invoices"
    QString heading; // "Account 0123456, Ivan Petrenko · October 2026"
    QStringList headers;
    QList<bool> numeric; // columns of numbers (right-aligned when printed)
    QList<Row> rows;

    int columnCount() const { return int(headers.size()); }
    // The widest text of a column (header included), in characters: the writers' column widths.
    int textWidth(int column) const;

    // The view's visible columns in their on-screen order and every row in the view's order (a
    // tree depth first, collapsed branches included; rows a model has not fetched yet are not).
    static TableSnapshot fromView(const QAbstractItemView *view);
    // The given columns (all when empty) of every row.
    static TableSnapshot fromModel(const QAbstractItemModel *model, const QList<int> &columns = {});
};

} // namespace oblik::client
