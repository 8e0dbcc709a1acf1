#include "documents/doclayout.h"

#include <QBuffer>
#include <QFile>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QLoggingCategory>
#include <QMutex>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <algorithm>
#include <numeric>
#include <tuple>

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

namespace {

quint32 be32(const uchar *p)
{
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | p[3];
}
quint16 be16(const uchar *p)
{
    return quint16((p[0] << 8) | p[1]);
}
void put32(QByteArray &a, qsizetype at, quint32 v)
{
    a[at] = char(v >> 24);
    a[at + 1] = char(v >> 16);
    a[at + 2] = char(v >> 8);
    a[at + 3] = char(v);
}
void append32(QByteArray &a, quint32 v)
{
    a.append(4, 0);
    put32(a, a.size() - 4, v);
}
void append16(QByteArray &a, quint16 v)
{
    a.append(char(v >> 8));
    a.append(char(v));
}
quint32 checksum(const QByteArray &data, qsizetype from, qsizetype length)
{
    quint32 sum = 0;
    const auto *p = reinterpret_cast<const uchar *>(data.constData()) + from;
    for (qsizetype i = 0; i < length; i += 4) {
        quint32 v = 0;
        for (int k = 0; k < 4; ++k)
            v = (v << 8) | (i + k < length ? p[i + k] : 0);
        sum += v;
    }
    return sum;
}

// A name table naming the font "Oblik DejaVu Sans" (PostScript "OblikDejaVuSans-..."), keeping the
// original's copyright and licence records (IDs 0, 13, 14). The distinct family is what makes Qt use
// this embedded file: under the original name, fontconfig preferred the system's copy of DejaVu
// Sans. (The Bitstream Vera licence also asks modified fonts to carry another name.)
QByteArray renamed(const QByteArray &name, bool bold)
{
    struct Record
    {
        quint16 platform, encoding, language, id;
        QByteArray text;
    };
    QList<Record> records;
    const auto *p = reinterpret_cast<const uchar *>(name.constData());
    if (name.size() >= 6) {
        const int count = be16(p + 2), strings = be16(p + 4);
        for (int i = 0; i < count && 6 + 12 * (i + 1) <= name.size(); ++i) {
            const uchar *r = p + 6 + 12 * i;
            const quint16 id = be16(r + 6);
            if (be16(r) != 3 || (id != 0 && id != 13 && id != 14))
                continue;
            const int length = be16(r + 8), offset = be16(r + 10);
            if (strings + offset + length <= name.size())
                records.append({3, be16(r + 2), be16(r + 4), id, name.mid(strings + offset, length)});
        }
    }
    auto utf16be = [](const QString &s) {
        QByteArray b;
        for (QChar c : s)
            append16(b, c.unicode());
        return b;
    };
    const QString style = bold ? u"Bold"_s : u"Book"_s;
    const QStringList ours{u"Oblik DejaVu Sans"_s,
                           style,
                           u"Oblik DejaVu Sans "_s + style,
                           u"Oblik DejaVu Sans "_s + style,
                           u"Version 2.37 without hinting"_s,
                           u"OblikDejaVuSans-"_s + style};
    for (int i = 0; i < ours.size(); ++i)
        records.append({3, 1, 0x0409, quint16(i + 1), utf16be(ours[i])});
    std::sort(records.begin(), records.end(), [](const Record &a, const Record &b) {
        return std::tie(a.platform, a.encoding, a.language, a.id) <
               std::tie(b.platform, b.encoding, b.language, b.id);
    });
    QByteArray out, strings;
    append16(out, 0);
    append16(out, quint16(records.size()));
    append16(out, quint16(6 + 12 * records.size()));
    for (const Record &r : records) {
        append16(out, r.platform);
        append16(out, r.encoding);
        append16(out, r.language);
        append16(out, r.id);
        append16(out, quint16(r.text.size()));
        append16(out, quint16(strings.size()));
        strings.append(r.text);
    }
    return out + strings;
}

// The TrueType font without its hinting programs (fpgm, prep, cvt, per-glyph instructions). Qt's
// PDF writer loads every embedded glyph through FreeType with hinting at the font's design size,
// which ran the TrueType interpreter for a quarter of the rendering time; PDF viewers never use the
// hints of an embedded font for print-size text anyway. Outlines and metrics are unchanged. Empty on
// any inconsistency (the caller then registers the original font).
QByteArray withoutHinting(const QByteArray &font, bool bold)
{
    const auto *data = reinterpret_cast<const uchar *>(font.constData());
    const qsizetype size = font.size();
    if (size < 12)
        return {};
    const int numTables = be16(data + 4);
    if (12 + 16 * qsizetype(numTables) > size)
        return {};
    struct Table
    {
        QByteArray tag;
        QByteArray body;
    };
    QList<Table> tables;
    QByteArray head, maxp, loca, glyf;
    for (int i = 0; i < numTables; ++i) {
        const uchar *rec = data + 12 + 16 * i;
        const quint32 offset = be32(rec + 8), length = be32(rec + 12);
        if (qsizetype(offset) + length > size)
            return {};
        Table t{QByteArray(reinterpret_cast<const char *>(rec), 4), font.mid(offset, length)};
        if (t.tag == "head")
            head = t.body;
        else if (t.tag == "maxp")
            maxp = t.body;
        else if (t.tag == "loca")
            loca = t.body;
        else if (t.tag == "glyf")
            glyf = t.body;
        tables.append(t);
    }
    if (head.size() < 54 || maxp.size() < 6 || loca.isEmpty() || glyf.isEmpty())
        return {};
    const bool longLoca = be16(reinterpret_cast<const uchar *>(head.constData()) + 50) == 1;
    const int numGlyphs = be16(reinterpret_cast<const uchar *>(maxp.constData()) + 4);
    if (loca.size() < (numGlyphs + 1) * (longLoca ? 4 : 2))
        return {};
    const auto *l = reinterpret_cast<const uchar *>(loca.constData());
    auto glyphOffset = [&](int i) -> quint32 {
        return longLoca ? be32(l + 4 * i) : quint32(be16(l + 2 * i)) * 2;
    };

    QByteArray newGlyf, newLoca;
    for (int g = 0; g < numGlyphs; ++g) {
        append32(newLoca, quint32(newGlyf.size()));
        const quint32 from = glyphOffset(g), to = glyphOffset(g + 1);
        if (to < from || to > quint32(glyf.size()))
            return {};
        if (to == from)
            continue;
        const QByteArray glyph = glyf.mid(from, to - from);
        const auto *p = reinterpret_cast<const uchar *>(glyph.constData());
        const qsizetype n = glyph.size();
        if (n < 10)
            return {};
        const auto contours = qint16(be16(p));
        if (contours >= 0) {
            const qsizetype lenAt = 10 + 2 * qsizetype(contours);
            if (lenAt + 2 > n)
                return {};
            const qsizetype instructions = be16(p + lenAt);
            if (lenAt + 2 + instructions > n)
                return {};
            newGlyf.append(glyph.left(lenAt));
            append16(newGlyf, 0);
            newGlyf.append(glyph.mid(lenAt + 2 + instructions));
        } else {
            QByteArray composite = glyph;
            qsizetype at = 10;
            quint16 flags = 0;
            do {
                if (at + 4 > n)
                    return {};
                flags = be16(p + at);
                const quint16 cleared = flags & ~quint16(0x0100); // WE_HAVE_INSTRUCTIONS
                composite[at] = char(cleared >> 8);
                composite[at + 1] = char(cleared);
                at += 4 + ((flags & 0x0001) ? 4 : 2);
                if (flags & 0x0008)
                    at += 2;
                else if (flags & 0x0040)
                    at += 4;
                else if (flags & 0x0080)
                    at += 8;
            } while (flags & 0x0020); // MORE_COMPONENTS
            if (at > n)
                return {};
            newGlyf.append(composite.left(at));
        }
        while (newGlyf.size() % 4)
            newGlyf.append('\0');
    }
    append32(newLoca, quint32(newGlyf.size()));
    put32(head, 8, 0); // checkSumAdjustment, recomputed below
    head[50] = 0;
    head[51] = 1; // long loca

    static const QByteArrayList dropped{"fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX"};
    QList<Table> kept;
    for (Table &t : tables) {
        if (dropped.contains(t.tag))
            continue;
        if (t.tag == "head")
            t.body = head;
        else if (t.tag == "loca")
            t.body = newLoca;
        else if (t.tag == "glyf")
            t.body = newGlyf;
        else if (t.tag == "name")
            t.body = renamed(t.body, bold);
        kept.append(t);
    }
    QByteArray out;
    append32(out, be32(data));
    const int count = int(kept.size());
    int power = 1, log2 = 0;
    while (power * 2 <= count) {
        power *= 2;
        ++log2;
    }
    append16(out, quint16(count));
    append16(out, quint16(power * 16));
    append16(out, quint16(log2));
    append16(out, quint16(count * 16 - power * 16));
    const qsizetype directory = out.size();
    out.append(16 * count, 0);
    qsizetype headAt = -1;
    for (int i = 0; i < count; ++i) {
        const qsizetype offset = out.size();
        out.append(kept[i].body);
        while (out.size() % 4)
            out.append('\0');
        const qsizetype rec = directory + 16 * i;
        out.replace(rec, 4, kept[i].tag);
        put32(out, rec + 4, checksum(out, offset, kept[i].body.size()));
        put32(out, rec + 8, quint32(offset));
        put32(out, rec + 12, quint32(kept[i].body.size()));
        if (kept[i].tag == "head")
            headAt = offset;
    }
    if (headAt >= 0)
        put32(out, headAt + 8, 0xB1B0AFBA - checksum(out, 0, out.size()));
    return out;
}

int addFont(const QString &resource, bool bold)
{
    QFile file(resource);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray original = file.readAll();
    const QByteArray light = withoutHinting(original, bold);
    if (!light.isEmpty()) {
        const int id = QFontDatabase::addApplicationFontFromData(light);
        if (id >= 0)
            return id;
    }
    qCWarning(lcDocLayout) << "could not prepare" << resource;
    return -1;
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
        const int regular = addFont(u":/oblik/documents/fonts/DejaVuSans.ttf"_s, false);
        const int bold = addFont(u":/oblik/documents/fonts/DejaVuSans-Bold.ttf"_s, true);
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
        if (cell.rowSpan == 1)
            h = std::max(h, textHeight(cell.text, w - 2 * kCellPadX, s));
        column += cell.span;
    }
    return std::max(h + 2 * kCellPadY, row.minHeightMm);
}

void DocLayout::drawRow(const Row &row, const QList<qreal> &widths, const QList<Style> &styles, qreal height,
                        bool header, const QList<qreal> &spannedHeights)
{
    qreal x = kMarginLeft;
    int column = 0;
    for (int c = 0; c < row.cells.size(); ++c) {
        const Cell &cell = row.cells[c];
        qreal w = 0;
        for (int i = 0; i < cell.span && column + i < widths.size(); ++i)
            w += widths[column + i];
        if (cell.rowSpan == 0) { // covered by the cell above
            x += w;
            column += cell.span;
            continue;
        }
        qreal h = height;
        for (int r = 0; r + 1 < cell.rowSpan && r < spannedHeights.size(); ++r)
            h += spannedHeights[r];
        const QRectF rect(x, d->y, w, h);
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
            drawRow(t.header[i], widths, headerStyles[i], headerHeights[i], true, headerHeights.mid(i + 1));
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
