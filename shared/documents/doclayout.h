#pragma once
// The renderer's one layout engine (internal): blocks of text, requisites boxes, bordered tables
// with column weights, header rows repeated after a page break, signature lines, and a footer
// "Page N of M" on every page. Blocks are laid out first into a display list (positions measured
// with the PDF device's font metrics), then painted, because the page count is only known at the
// end. Units are millimetres on A4; the PDF device works at 1200 dpi.

#include <QFont>
#include <QHash>
#include <QList>
#include <QPageLayout>
#include <QPair>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

class QPdfWriter;
class QBuffer;
class QFontMetricsF;

namespace oblik::documents::detail {

// The family name of the embedded DejaVu Sans, registered once per process; empty when the
// resource could not be registered (then rendering fails with an error, never a system font).
QString documentFontFamily();

struct Style
{
    qreal sizePt = 9;
    bool bold = false;
    Qt::Alignment align = Qt::AlignLeft;
};

struct Cell
{
    Cell(QString text = {}, int span = 1, std::optional<Qt::Alignment> align = {}, int rowSpan = 1)
        : text(std::move(text)), span(span), rowSpan(rowSpan), align(align)
    {}
    QString text;
    int span = 1;
    // Header rows only: a cell spanning the header rows below it (2), or the place such a cell
    // covers (0, not drawn).
    int rowSpan = 1;
    std::optional<Qt::Alignment> align; // the column's when unset
};

struct Row
{
    Row(QList<Cell> cells = {}, bool bold = false, bool shaded = false, qreal minHeightMm = 0)
        : cells(std::move(cells)), bold(bold), shaded(shaded), minHeightMm(minHeightMm)
    {}
    QList<Cell> cells;
    bool bold = false;
    bool shaded = false;
    qreal minHeightMm = 0;
};

struct Column
{
    qreal weight = 1; // share of the table's width
    Qt::Alignment align = Qt::AlignLeft;
};

struct Table
{
    QList<Column> columns;
    QList<Row> header; // repeated at the top of each page the table continues on
    QList<Row> rows;
    qreal fontPt = 8;
};

// "Label: value" lines under a bold heading, in a framed box (supplier, consumer).
struct Box
{
    QString heading;
    QStringList lines;
};

struct RenderOutput
{
    QByteArray pdf;
    int pages = 0;
};

class DocLayout
{
public:
    DocLayout(QString title, QPageLayout::Orientation orientation = QPageLayout::Portrait);
    ~DocLayout();
    DocLayout(const DocLayout &) = delete;
    DocLayout &operator=(const DocLayout &) = delete;

    bool isValid() const; // false when the fonts are missing

    qreal contentWidth() const; // mm
    qreal remaining() const;    // mm left on the current page

    // Starts a new page (each document of a package starts on its own page); nothing when the
    // current page is still empty.
    void newPage();
    // Footer text (bottom left) of the pages from the current one on.
    void setFooter(const QString &text);
    void ensure(qreal heightMm); // a page break unless heightMm fits

    void title(const QString &text, qreal sizePt = 13);
    void text(const QString &text, Style style = {});
    void space(qreal mm);
    void hline(qreal widthMm = 0.3);
    void boxes(const QList<Box> &boxes); // side by side, equal widths, the same height
    void table(const Table &table);
    // Signature lines side by side: "Role ______________ / ______________ /" with captions.
    void signatures(const QStringList &roles, const QString &signatureCaption, const QString &nameCaption);

    // A block of the given height at the cursor (after ensure), for free drawing.
    QRectF reserve(qreal heightMm);
    void drawText(const QRectF &rectMm, const QString &text, Style style = {});
    void fill(const QRectF &rectMm); // black
    qreal textHeight(const QString &text, qreal widthMm, Style style = {}) const;

    // Paints every page with "pageFormat" ("Page %1 of %2") in the footer.
    RenderOutput finish(const QString &pageFormat);

private:
    struct Private;
    std::unique_ptr<Private> d;
    Style fitted(const QString &text, qreal widthMm, Style style) const;
    qreal rowHeight(const Table &t, const Row &row, const QList<qreal> &widths, QList<Style> *styles,
                    bool header) const;
    void drawRow(const Row &row, const QList<qreal> &widths, const QList<Style> &styles, qreal height,
                 bool header, const QList<qreal> &spannedHeights = {});
};

} // namespace oblik::documents::detail
