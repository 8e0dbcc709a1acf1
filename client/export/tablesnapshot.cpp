#include "export/tablesnapshot.h"

#include <QAbstractItemModel>
#include <QAbstractItemView>
#include <QDate>
#include <QFont>
#include <QHeaderView>
#include <QLocale>
#include <QTableView>
#include <QTreeView>

namespace oblik::client {

namespace {

using models::ExportValue;

// A column without ExportRole: typed display data keeps its type, anything else is its text.
ExportValue fallbackValue(const QVariant &display)
{
    switch (display.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::Short:
        return ExportValue::fromInteger(display.toLongLong());
    case QMetaType::QDate:
        return ExportValue::fromDate(display.toDate());
    default:
        return ExportValue::fromText(display.toString());
    }
}

QString displayText(const QVariant &display)
{
    if (display.typeId() == QMetaType::QDate)
        return QLocale().toString(display.toDate(), QLocale::ShortFormat);
    return display.toString();
}

void appendRows(const QAbstractItemModel *model, const QModelIndex &parent, int level,
                const QList<int> &columns, TableSnapshot &out)
{
    const int rows = model->rowCount(parent);
    for (int r = 0; r < rows; ++r) {
        TableSnapshot::Row row;
        row.level = level;
        row.values.reserve(columns.size());
        row.texts.reserve(columns.size());
        for (int c : columns) {
            const QModelIndex index = model->index(r, c, parent);
            const QVariant display = index.data(Qt::DisplayRole);
            const QVariant raw = index.data(models::ExportRole);
            row.values.append(raw.canConvert<ExportValue>() ? raw.value<ExportValue>()
                                                            : fallbackValue(display));
            row.texts.append(displayText(display));
        }
        const QVariant font = model->index(r, 0, parent).data(Qt::FontRole);
        row.bold = font.isValid() && font.value<QFont>().bold();
        out.rows.append(std::move(row));
        const QModelIndex first = model->index(r, 0, parent);
        if (model->hasChildren(first))
            appendRows(model, first, level + 1, columns, out);
    }
}

} // namespace

int TableSnapshot::textWidth(int column) const
{
    if (column < 0 || column >= columnCount())
        return 0;
    qsizetype width = 0;
    for (const QString &line : headers[column].split(QLatin1Char('\n')))
        width = std::max(width, line.size());
    for (const Row &row : rows)
        width = std::max(width, row.texts.value(column).size() + 2 * row.level);
    return int(width);
}

TableSnapshot TableSnapshot::fromModel(const QAbstractItemModel *model, const QList<int> &wanted)
{
    TableSnapshot out;
    if (!model)
        return out;
    QList<int> columns = wanted;
    if (columns.isEmpty())
        for (int c = 0; c < model->columnCount(); ++c)
            columns.append(c);
    for (int c : columns)
        out.headers.append(model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    appendRows(model, {}, 0, columns, out);
    // A column is numeric when its values are numbers (empty cells aside).
    for (int i = 0; i < columns.size(); ++i) {
        bool anyNumber = false, anyText = false;
        for (const Row &row : std::as_const(out.rows)) {
            const ExportValue &v = row.values[i];
            if (v.isNumber())
                anyNumber = true;
            else if (v.kind == ExportValue::Kind::Text && !v.text.isEmpty())
                anyText = true;
        }
        out.numeric.append(anyNumber && !anyText);
    }
    return out;
}

TableSnapshot TableSnapshot::fromView(const QAbstractItemView *view)
{
    if (!view || !view->model())
        return {};
    const QHeaderView *header = nullptr;
    if (const auto *table = qobject_cast<const QTableView *>(view))
        header = table->horizontalHeader();
    else if (const auto *tree = qobject_cast<const QTreeView *>(view))
        header = tree->header();
    QList<int> columns;
    if (header) {
        for (int visual = 0; visual < header->count(); ++visual) {
            const int logical = header->logicalIndex(visual);
            if (logical >= 0 && !header->isSectionHidden(logical))
                columns.append(logical);
        }
    } else {
        columns.append(0);
    }
    return fromModel(view->model(), columns);
}

} // namespace oblik::client
