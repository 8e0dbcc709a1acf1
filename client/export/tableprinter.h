#pragma once
// Prints a table snapshot on A4 pages: the table's title, its heading (account, period) and the
// time of printing on the first page, the header row repeated on every page, numbers
// right-aligned, tree levels indented, totals in bold, "Page 1 of 3" at the foot of each page.
// Painted with QPainter row by row, not laid out as an HTML table in a QTextDocument: that took
// 18 s for 960 rows on the test machine (its table layout grows faster than the rows), while a
// readings form has 5,000 and more.

#include "export/tablesnapshot.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

class QPagedPaintDevice;
class QPrinter;

namespace oblik::client {

class TablePrinter
{
    Q_DECLARE_TR_FUNCTIONS(oblik::client::TablePrinter)
public:
    // More than 6 columns or more than about 100 characters across: landscape.
    static bool prefersLandscape(const TableSnapshot &table);
    // Renders every page on the printer (a real printer, a PDF file, the preview's pages); the
    // printer's page range, when one was chosen, is respected. Returns the number of pages.
    static int print(const TableSnapshot &table, QPrinter *printer,
                     const QDateTime &printedAt = QDateTime::currentDateTime());
};

} // namespace oblik::client
