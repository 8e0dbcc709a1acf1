#pragma once
// Writes a table snapshot as an Excel workbook (.xlsx) through libxlsxwriter: one sheet, a bold
// header row that stays frozen, an autofilter, column widths from the texts, amounts and energy
// as numbers with a number format, dates as Excel dates, text as (shared) strings, tree levels as
// outline levels and totals rows in bold.

#include "export/tablesnapshot.h"

#include <QCoreApplication>
#include <QString>

namespace oblik::client {

class XlsxTableWriter
{
    Q_DECLARE_TR_FUNCTIONS(oblik::client::XlsxTableWriter)
public:
    // The number formats as stored in the file. Excel shows them with the reader's own separators
    // ("1 238,88" in Ukrainian Excel): in the file format "," is the group and "." the decimal sign.
    static QString numberFormat(models::ExportValue::Kind kind, int decimals);

    // "" on success, else what went wrong in words with the path. The file is written whole or not
    // at all (an existing file stays as it was when writing fails).
    static QString write(const TableSnapshot &table, const QString &path);
};

} // namespace oblik::client
