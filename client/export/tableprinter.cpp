#include "export/tableprinter.h"

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPrinter>

using namespace Qt::StringLiterals;

namespace oblik::client {

bool TablePrinter::prefersLandscape(const TableSnapshot &table)
{
    int width = 0;
    for (int c = 0; c < table.columnCount(); ++c)
        width += qMin(table.textWidth(c), 40) + 2;
    return table.columnCount() > 6 || width > 100;
}

namespace {

QString oneLine(QString s)
{
    s.replace(u'\n', u' ');
    return s;
}

} // namespace

int TablePrinter::print(const TableSnapshot &table, QPrinter *printer, const QDateTime &printedAt)
{
    QPainter painter;
    if (!painter.begin(printer))
        return 0;
    // The painter's origin is the printable area's top left; sizes in device pixels.
    const QRectF area = printer->pageLayout().paintRectPixels(printer->resolution());
    const qreal width = area.width();
    const qreal height = area.height();
    const int columns = table.columnCount();

    QFont font; // the application's font: the same as on screen
    font.setPointSizeF(columns > 9 ? 7.0 : 8.0);
    QFont bold = font;
    bold.setBold(true);
    QFont titleFont = font;
    titleFont.setPointSizeF(font.pointSizeF() + 4);
    titleFont.setBold(true);
    const QFontMetricsF fm(font, printer);
    const QFontMetricsF fmBold(bold, printer);
    const QFontMetricsF fmTitle(titleFont, printer);
    const qreal pad = fm.averageCharWidth() * 0.6;
    const qreal line = fm.lineSpacing();
    const qreal rowHeight = line + pad;
    const qreal indent = fm.averageCharWidth() * 2;

    // Column widths: the widest text (bold header), then scaled to the page's width.
    QList<QStringList> headerLines;
    int headerLineCount = 1;
    QList<qreal> widths(columns, 0);
    for (int c = 0; c < columns; ++c) {
        headerLines.append(table.headers[c].split(u'\n'));
        headerLineCount = std::max(headerLineCount, int(headerLines[c].size()));
        for (const QString &h : headerLines[c])
            widths[c] = std::max(widths[c], fmBold.horizontalAdvance(h));
    }
    for (const TableSnapshot::Row &row : table.rows) {
        const QFontMetricsF &m = row.bold ? fmBold : fm;
        for (int c = 0; c < columns && c < row.texts.size(); ++c)
            widths[c] = std::max(widths[c], m.horizontalAdvance(oneLine(row.texts[c])) +
                                                (c == 0 ? indent * row.level : 0));
    }
    qreal natural = 0;
    for (qreal &w : widths) {
        w += 2 * pad;
        natural += w;
    }
    if (natural > 0) {
        // Wider than the page: every column shrinks in proportion and long texts are elided.
        // Narrower: the columns keep their widths (a table of two columns is not stretched).
        const qreal scale = natural > width ? width / natural : 1.0;
        for (qreal &w : widths)
            w *= scale;
    }
    qreal tableWidth = 0;
    for (qreal w : widths)
        tableWidth += w;

    const qreal headerHeight = headerLineCount * line + pad;
    const qreal footerHeight = line * 1.5;
    const QString printedLine = tr("Printed %1").arg(QLocale().toString(printedAt, QLocale::ShortFormat));
    qreal titleHeight = 0;
    if (!table.title.isEmpty())
        titleHeight += fmTitle.lineSpacing() * 1.2;
    titleHeight += line * (table.heading.isEmpty() ? 1 : 2) + line * 0.5;

    // Pagination first, for "Page n of m".
    const int firstRows = std::max(1, int((height - titleHeight - headerHeight - footerHeight) / rowHeight));
    const int otherRows = std::max(1, int((height - headerHeight - footerHeight) / rowHeight));
    const int rows = int(table.rows.size());
    const int pages = rows <= firstRows ? 1 : 1 + (rows - firstRows + otherRows - 1) / otherRows;
    const int fromPage = printer->fromPage() > 0 ? printer->fromPage() : 1;
    const int toPage = printer->toPage() > 0 ? std::min(printer->toPage(), pages) : pages;

    const QColor grid(0x88, 0x88, 0x88);
    const QColor headerFill(0xee, 0xee, 0xee);
    bool firstPrinted = true;
    int next = 0; // the first row of the page
    for (int page = 1; page <= pages; ++page) {
        const int count = page == 1 ? firstRows : otherRows;
        const int begin = next;
        const int end = std::min(rows, begin + count);
        next = end;
        if (page < fromPage || page > toPage)
            continue;
        if (!firstPrinted)
            printer->newPage();
        firstPrinted = false;
        qreal y = 0;
        if (page == 1) {
            if (!table.title.isEmpty()) {
                painter.setFont(titleFont);
                painter.drawText(QRectF(0, y, width, fmTitle.lineSpacing()), Qt::AlignLeft | Qt::AlignVCenter,
                                 table.title);
                y += fmTitle.lineSpacing() * 1.2;
            }
            painter.setFont(font);
            if (!table.heading.isEmpty()) {
                painter.drawText(QRectF(0, y, width, line), Qt::AlignLeft | Qt::AlignVCenter,
                                 fm.elidedText(oneLine(table.heading), Qt::ElideRight, width));
                y += line;
            }
            painter.drawText(QRectF(0, y, width, line), Qt::AlignLeft | Qt::AlignVCenter, printedLine);
            y += line * 1.5;
        }
        // The header row.
        painter.setFont(bold);
        painter.setPen(grid);
        painter.fillRect(QRectF(0, y, tableWidth, headerHeight), headerFill);
        qreal x = 0;
        for (int c = 0; c < columns; ++c) {
            const QRectF cell(x, y, widths[c], headerHeight);
            painter.setPen(grid);
            painter.drawRect(cell);
            painter.setPen(Qt::black);
            const Qt::Alignment align =
                (table.numeric.value(c) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop;
            for (int l = 0; l < headerLines[c].size(); ++l)
                painter.drawText(QRectF(x + pad, y + pad / 2 + l * line, widths[c] - 2 * pad, line), align,
                                 fmBold.elidedText(headerLines[c][l], Qt::ElideRight, widths[c] - 2 * pad));
            x += widths[c];
        }
        y += headerHeight;
        // The rows.
        for (int r = begin; r < end; ++r) {
            const TableSnapshot::Row &row = table.rows[r];
            const QFontMetricsF &m = row.bold ? fmBold : fm;
            painter.setFont(row.bold ? bold : font);
            x = 0;
            for (int c = 0; c < columns; ++c) {
                const QRectF cell(x, y, widths[c], rowHeight);
                painter.setPen(grid);
                painter.drawRect(cell);
                painter.setPen(Qt::black);
                const qreal left = c == 0 ? indent * row.level : 0;
                const qreal room = widths[c] - 2 * pad - left;
                const QString text =
                    m.elidedText(oneLine(row.texts.value(c)), Qt::ElideRight, std::max<qreal>(room, 0));
                const Qt::Alignment align =
                    (table.numeric.value(c) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter;
                painter.drawText(QRectF(x + pad + left, y, room, rowHeight), align, text);
                x += widths[c];
            }
            y += rowHeight;
        }
        // The foot: page numbers.
        painter.setFont(font);
        painter.setPen(Qt::black);
        painter.drawText(QRectF(0, height - line, width, line), Qt::AlignRight | Qt::AlignVCenter,
                         tr("Page %1 of %2").arg(page).arg(pages));
    }
    painter.end();
    return pages;
}

} // namespace oblik::client
