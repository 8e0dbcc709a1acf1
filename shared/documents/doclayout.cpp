#include "documents/doclayout.h"

#include <QBuffer>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QLoggingCategory>
#include <QMutex>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <numeric>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDocLayout, "oblik.documents.layout")

namespace oblik::documents::detail {

namespace {

constexpr int kResolution = 1200; // dpi of the PDF device: fine enough for 0.1 mm positions
constexpr qreal kDevPerMm = kResolution / 25.4;
constexpr qreal kMarginLeft = 18, kMarginRight = 12, kMarginTop = 12, kMarginBottom = 16;
constexpr qreal kCellPadX = 1.2, kCellPadY = 0.9;
constexpr QRgb kShade = qRgb(234, 236, 240);

QRectF toDev(const QRectF &mm)
{
    return {mm.x() * kDevPerMm, mm.y() * kDevPerMm, mm.width() * kDevPerMm, mm.height() * kDevPerMm};
}

} // namespace

QString documentFontFamily()
{
    // Registered once per process; QFontDatabase is shared by every thread.
    static QMutex mutex;
    static QString family;
    static bool tried = false;
    QMutexLocker lock(&mutex);
    if (!tried) {
        tried = true;
        const int regular = QFontDatabase::addApplicationFont(u":/oblik/documents/fonts/DejaVuSans.ttf"_s);
        const int bold = QFontDatabase::addApplicationFont(u":/oblik/documents/fonts/DejaVuSans-Bold.ttf"_s);
        if (regular < 0 || bold < 0) {
            qCWarning(lcDocLayout) << "the embedded DejaVu Sans could not be registered";
        } else {
            const QStringList families = QFontDatabase::applicationFontFamilies(regular);
            if (!families.isEmpty())
                family = families.first();
        }
    }
    return family;
}

namespace {

struct Op
{
    enum Kind { Text, Line, Frame, Fill } kind = Text;
    QRectF rect; // mm; a line goes from topLeft to bottomRight
    QString text;
    int fontKey = 0;
    int flags = 0;
    qreal width = 0.2; // pen width, mm
    QRgb color = qRgb(0, 0, 0);
};

struct Page
{
    QList<Op> ops;
    QString footer;
};

} // namespace

struct DocLayout::Private
{
    QString title;
    QPageLayout::Orientation orientation;
    qreal pageW = 210, pageH = 297;
    QString family;
    QBuffer buffer;
    std::unique_ptr<QPdfWriter> writer;
    QHash<int, QFont> fonts;
    QHash<int, std::shared_ptr<QFontMetricsF>> metrics;
    QList<Page> pages;
    QString footer;
    qreal y = kMarginTop;

    static int key(const Style &s) { return int(s.sizePt * 10) * 2 + (s.bold ? 1 : 0); }
    const QFont &font(int key)
    {
        auto it = fonts.find(key);
        if (it == fonts.end()) {
            QFont f(family);
            f.setPointSizeF((key / 2) / 10.0);
            f.setBold(key % 2);
            // Never a glyph from a system font: missing glyphs stay missing, visibly.
            // No shaping: no ligatures ("ﬀ" would make "tariff" unsearchable in the PDF), and faster.
            f.setStyleStrategy(QFont::StyleStrategy(QFont::NoFontMerging | QFont::PreferNoShaping));
            f.setHintingPreference(QFont::PreferNoHinting);
            it = fonts.insert(key, f);
        }
        return *it;
    }
    const QFontMetricsF &fm(int key)
    {
        auto it = metrics.find(key);
        if (it == metrics.end())
            it = metrics.insert(key, std::make_shared<QFontMetricsF>(font(key), writer.get()));
        return **it;
    }
    qreal bottom() const { return pageH - kMarginBottom; }
    Page &page() { return pages.last(); }
    void add(Op op) { page().ops.append(std::move(op)); }
};

DocLayout::DocLayout(QString title, QPageLayout::Orientation orientation) : d(std::make_unique<Private>())
{
    d->title = std::move(title);
    d->orientation = orientation;
    if (orientation == QPageLayout::Landscape)
        std::swap(d->pageW, d->pageH);
    d->family = documentFontFamily();
    d->buffer.open(QIODevice::WriteOnly);
    d->writer = std::make_unique<QPdfWriter>(&d->buffer);
    d->writer->setResolution(kResolution);
    d->writer->setPageLayout(
        QPageLayout(QPageSize(QPageSize::A4), orientation, QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter));
    d->writer->setTitle(d->title);
    d->writer->setCreator(u"Oblik"_s);
    d->writer->setPdfVersion(QPagedPaintDevice::PdfVersion_1_4);
    d->pages.append(Page{});
}

DocLayout::~DocLayout() = default;

bool DocLayout::isValid() const
{
    return !d->family.isEmpty();
}

qreal DocLayout::contentWidth() const
{
    return d->pageW - kMarginLeft - kMarginRight;
}

qreal DocLayout::remaining() const
{
    return d->bottom() - d->y;
}

void DocLayout::newPage()
{
    if (d->page().ops.isEmpty()) {
        d->page().footer = d->footer;
        return;
    }
    d->pages.append(Page{{}, d->footer});
    d->y = kMarginTop;
}

void DocLayout::setFooter(const QString &text)
{
    d->footer = text;
    if (d->page().ops.isEmpty())
        d->page().footer = text;
}

void DocLayout::ensure(qreal heightMm)
{
    if (heightMm > remaining())
        newPage();
}

qreal DocLayout::textHeight(const QString &text, qreal widthMm, Style style) const
{
    const QFontMetricsF &fm = d->fm(Private::key(style));
    if (text.isEmpty())
        return fm.height() / kDevPerMm;
    const QRectF r =
        fm.boundingRect(QRectF(0, 0, widthMm * kDevPerMm, 1e7), int(Qt::TextWordWrap | style.align), text);
    return std::max(r.height(), fm.height()) / kDevPerMm;
}

void DocLayout::drawText(const QRectF &rectMm, const QString &text, Style style)
{
    if (text.isEmpty())
        return;
    d->fm(Private::key(style)); // the font exists before painting
    d->add({Op::Text, rectMm, text, Private::key(style), int(Qt::TextWordWrap | style.align)});
}

void DocLayout::fill(const QRectF &rectMm)
{
    d->add({Op::Fill, rectMm, {}, 0, 0, 0, qRgb(0, 0, 0)});
}

QRectF DocLayout::reserve(qreal heightMm)
{
    ensure(heightMm);
    const QRectF r(kMarginLeft, d->y, contentWidth(), heightMm);
    d->y += heightMm;
    return r;
}

void DocLayout::title(const QString &text, qreal sizePt)
{
    const Style s{sizePt, true, Qt::AlignHCenter | Qt::AlignTop};
    const qreal h = textHeight(text, contentWidth(), s);
    drawText(reserve(h), text, s);
    space(1.2);
}

void DocLayout::text(const QString &text, Style style)
{
    if (!(style.align & Qt::AlignVertical_Mask))
        style.align |= Qt::AlignTop;
    const qreal h = textHeight(text, contentWidth(), style);
    drawText(reserve(h), text, style);
}

void DocLayout::space(qreal mm)
{
    d->y = std::min(d->y + mm, d->bottom());
}

void DocLayout::hline(qreal widthMm)
{
    d->add({Op::Line,
            QRectF(QPointF(kMarginLeft, d->y), QPointF(kMarginLeft + contentWidth(), d->y)),
            {},
            0,
            0,
            widthMm});
    space(widthMm + 0.5);
}

void DocLayout::boxes(const QList<Box> &boxes)
{
    if (boxes.isEmpty())
        return;
    constexpr qreal gap = 4, pad = 1.8;
    const qreal w = (contentWidth() - gap * (boxes.size() - 1)) / boxes.size();
    const Style head{8.5, true, Qt::AlignLeft | Qt::AlignTop};
    const Style line{8, false, Qt::AlignLeft | Qt::AlignTop};
    qreal height = 0;
    for (const Box &b : boxes) {
        qreal h = textHeight(b.heading, w - 2 * pad, head) + 0.8;
        for (const QString &l : b.lines)
            h += textHeight(l, w - 2 * pad, line);
        height = std::max(height, h);
    }
    height += 2 * pad;
    const QRectF area = reserve(height);
    for (int i = 0; i < boxes.size(); ++i) {
        const Box &b = boxes[i];
        const QRectF frame(area.x() + i * (w + gap), area.y(), w, height);
        d->add({Op::Frame, frame, {}, 0, 0, 0.25});
        qreal y = frame.y() + pad;
        const qreal tw = w - 2 * pad;
        qreal h = textHeight(b.heading, tw, head);
        drawText(QRectF(frame.x() + pad, y, tw, h), b.heading, head);
        y += h + 0.8;
        for (const QString &l : b.lines) {
            h = textHeight(l, tw, line);
            drawText(QRectF(frame.x() + pad, y, tw, h), l, line);
            y += h;
        }
    }
    space(3);
}

static QList<qreal> columnWidths(const Table &t, qreal total)
{
    qreal sum = 0;
    for (const Column &c : t.columns)
        sum += c.weight;
    QList<qreal> widths;
    for (const Column &c : t.columns)
        widths.append(total * c.weight / (sum > 0 ? sum : 1));
    return widths;
}

static Qt::Alignment cellAlign(const Table &t, const Row &row, int column, const Cell &cell, bool header)
{
    if (cell.align)
        return *cell.align;
    Q_UNUSED(row);
    if (header)
        return Qt::AlignHCenter;
    return column < t.columns.size() ? t.columns[column].align : Qt::Alignment(Qt::AlignLeft);
}

// A cell's text style: the row's, made smaller (down to 5.5 pt) when a word does not fit the
// column, so that nothing is clipped or runs into the next cell.
Style DocLayout::fitted(const QString &text, qreal widthMm, Style style) const
{
    while (style.sizePt > 5.5) {
        const QFontMetricsF &fm = d->fm(Private::key(style));
        if (fm.horizontalAdvance(text) <= widthMm * kDevPerMm)
            break; // one line: fits
        const QRectF r = fm.boundingRect(QRectF(0, 0, widthMm * kDevPerMm, 1e7),
                                         int(Qt::TextWordWrap | style.align), text);
        if (r.width() <= widthMm * kDevPerMm + 0.5)
            break;
        style.sizePt -= 0.5;
    }
    return style;
}

qreal DocLayout::rowHeight(const Table &t, const Row &row, const QList<qreal> &widths, QList<Style> *styles,
                           bool header) const
{
    qreal h = 0;
    int column = 0;
    styles->clear();
    for (const Cell &cell : row.cells) {
        qreal w = 0;
        for (int i = 0; i < cell.span && column + i < widths.size(); ++i)
            w += widths[column + i];
        const Style s = fitted(
            cell.text, w - 2 * kCellPadX,
            Style{t.fontPt, row.bold || header, cellAlign(t, row, column, cell, header) | Qt::AlignVCenter});
        styles->append(s);
        h = std::max(h, textHeight(cell.text, w - 2 * kCellPadX, s));
        column += cell.span;
    }
    return std::max(h + 2 * kCellPadY, row.minHeightMm);
}

void DocLayout::drawRow(const Row &row, const QList<qreal> &widths, const QList<Style> &styles, qreal height,
                        bool header)
{
    qreal x = kMarginLeft;
    int column = 0;
    for (int c = 0; c < row.cells.size(); ++c) {
        const Cell &cell = row.cells[c];
        qreal w = 0;
        for (int i = 0; i < cell.span && column + i < widths.size(); ++i)
            w += widths[column + i];
        const QRectF rect(x, d->y, w, height);
        if (row.shaded || header)
            d->add({Op::Fill, rect, {}, 0, 0, 0, kShade});
        d->add({Op::Frame, rect, {}, 0, 0, 0.2});
        drawText(rect.adjusted(kCellPadX, kCellPadY, -kCellPadX, -kCellPadY), cell.text, styles[c]);
        x += w;
        column += cell.span;
    }
    d->y += height;
}

void DocLayout::table(const Table &t)
{
    const QList<qreal> widths = columnWidths(t, contentWidth());
    QList<qreal> headerHeights;
    QList<QList<Style>> headerStyles;
    qreal headerHeight = 0;
    for (const Row &r : t.header) {
        headerStyles.append(QList<Style>());
        headerHeights.append(rowHeight(t, r, widths, &headerStyles.last(), true));
        headerHeight += headerHeights.last();
    }
    auto drawHeader = [&] {
        for (int i = 0; i < t.header.size(); ++i)
            drawRow(t.header[i], widths, headerStyles[i], headerHeights[i], true);
    };
    QList<Style> styles;
    qreal first = 0;
    if (!t.rows.isEmpty())
        first = rowHeight(t, t.rows.first(), widths, &styles, false);
    ensure(headerHeight + first);
    drawHeader();
    for (const Row &r : t.rows) {
        const qreal h = rowHeight(t, r, widths, &styles, false);
        if (h > remaining()) {
            newPage();
            drawHeader();
        }
        drawRow(r, widths, styles, h, false);
    }
    space(2.5);
}

void DocLayout::signatures(const QStringList &roles, const QString &signatureCaption,
                           const QString &nameCaption)
{
    constexpr qreal gap = 10, lineGap = 9, height = 17;
    const int perRow = 2;
    const qreal w = (contentWidth() - gap * (perRow - 1)) / perRow;
    const Style role{9, true, Qt::AlignLeft | Qt::AlignTop};
    const Style caption{6.5, false, Qt::AlignHCenter | Qt::AlignTop};
    const Style slash{9, false, Qt::AlignHCenter | Qt::AlignBottom};
    for (int i = 0; i < roles.size(); i += perRow) {
        const QRectF area = reserve(height);
        for (int j = 0; j < perRow && i + j < roles.size(); ++j) {
            const qreal x = area.x() + j * (w + gap);
            drawText(QRectF(x, area.y(), w, 5), roles[i + j], role);
            const qreal ly = area.y() + lineGap;
            const qreal sigW = w * 0.45, nameX = x + sigW + 5, nameW = w - sigW - 5;
            d->add({Op::Line, QRectF(QPointF(x, ly), QPointF(x + sigW, ly)), {}, 0, 0, 0.2});
            drawText(QRectF(x + sigW, ly - 4.5, 5, 4.5), u"/"_s, slash);
            d->add({Op::Line, QRectF(QPointF(nameX, ly), QPointF(nameX + nameW - 4, ly)), {}, 0, 0, 0.2});
            drawText(QRectF(nameX + nameW - 4, ly - 4.5, 4, 4.5), u"/"_s, slash);
            drawText(QRectF(x, ly + 0.6, sigW, 3.5), signatureCaption, caption);
            drawText(QRectF(nameX, ly + 0.6, nameW - 4, 3.5), nameCaption, caption);
        }
    }
    space(2);
}

RenderOutput DocLayout::finish(const QString &pageFormat)
{
    RenderOutput out;
    if (!isValid())
        return out;
    if (d->pages.size() > 1 && d->pages.last().ops.isEmpty())
        d->pages.removeLast();
    const int footerKey = Private::key(Style{7, false});
    d->fm(footerKey);
    QPainter p;
    if (!p.begin(d->writer.get()))
        return out;
    p.setRenderHint(QPainter::Antialiasing, false);
    int lastFont = -1;
    QRgb lastPen = 1;
    qreal lastPenWidth = -1;
    auto setPen = [&](QRgb color, qreal widthMm) {
        if (color != lastPen || widthMm != lastPenWidth) {
            p.setPen(QPen(QColor(color), widthMm * kDevPerMm));
            lastPen = color;
            lastPenWidth = widthMm;
        }
    };
    for (int i = 0; i < d->pages.size(); ++i) {
        if (i > 0)
            d->writer->newPage();
        const Page &page = d->pages[i];
        for (const Op &op : page.ops) {
            switch (op.kind) {
            case Op::Text:
                if (op.fontKey != lastFont) {
                    p.setFont(d->font(op.fontKey));
                    lastFont = op.fontKey;
                }
                setPen(qRgb(0, 0, 0), 0.2);
                p.drawText(toDev(op.rect), op.flags, op.text);
                break;
            case Op::Line:
                setPen(op.color, op.width);
                p.drawLine(toDev(op.rect).topLeft(), toDev(op.rect).bottomRight());
                break;
            case Op::Frame:
                setPen(op.color, op.width);
                p.setBrush(Qt::NoBrush);
                p.drawRect(toDev(op.rect));
                break;
            case Op::Fill:
                p.fillRect(toDev(op.rect), QColor(op.color));
                break;
            }
        }
        // Footer: the document on the left, the page number on the right, under a thin line.
        const qreal fy = d->pageH - kMarginBottom + 6;
        const qreal w = d->pageW - kMarginLeft - kMarginRight;
        setPen(qRgb(120, 120, 120), 0.15);
        p.drawLine(
            toDev(QRectF(QPointF(kMarginLeft, fy - 1), QPointF(kMarginLeft + w, fy - 1))).topLeft(),
            toDev(QRectF(QPointF(kMarginLeft + w, fy - 1), QPointF(kMarginLeft + w, fy - 1))).topLeft());
        p.setFont(d->font(footerKey));
        lastFont = footerKey;
        setPen(qRgb(60, 60, 60), 0.2);
        const QString number = pageFormat.arg(i + 1).arg(d->pages.size());
        p.drawText(toDev(QRectF(kMarginLeft + w * 0.7, fy, w * 0.3, 4)), int(Qt::AlignRight | Qt::AlignTop),
                   number);
        if (!page.footer.isEmpty())
            p.drawText(toDev(QRectF(kMarginLeft, fy, w * 0.7, 4)), int(Qt::AlignLeft | Qt::AlignTop),
                       page.footer);
    }
    p.end();
    out.pdf = d->buffer.data();
    out.pages = int(d->pages.size());
    return out;
}

} // namespace oblik::documents::detail
