#include "views/documentpageview.h"

#include <QGuiApplication>
#include <QPainter>
#include <QPdfDocument>
#include <QScreen>
#include <QScrollBar>

namespace oblik::client {

namespace {
qreal screenResolution()
{
    // What QPdfViewPrivate uses: the primary screen's logical DPI per point.
    const QScreen *screen = QGuiApplication::primaryScreen();
    return (screen ? screen->logicalDotsPerInch() : 96.0) / 72.0;
}
} // namespace

DocumentPageView::DocumentPageView(QWidget *parent) : QPdfView(parent) {}

void DocumentPageView::setHighlights(const QList<Highlight> &highlights, int current)
{
    m_highlights = highlights;
    m_current = current;
    viewport()->update();
}

QList<QSize> DocumentPageView::pageSizes() const
{
    QList<QSize> sizes;
    const QPdfDocument *doc = document();
    if (!doc || doc->status() != QPdfDocument::Status::Ready)
        return sizes;
    const qreal res = screenResolution();
    const QMargins m = documentMargins();
    const QSize vp = viewport()->size();
    const int count = pageMode() == PageMode::MultiPage ? doc->pageCount() : 0;
    for (int page = 0; page < count; ++page) {
        QSize size;
        switch (zoomMode()) {
        case ZoomMode::Custom:
            size = QSizeF(doc->pagePointSize(page) * res * zoomFactor()).toSize();
            break;
        case ZoomMode::FitToWidth: {
            size = QSizeF(doc->pagePointSize(page) * res).toSize();
            const qreal factor = qreal(vp.width() - m.left() - m.right()) / qreal(size.width());
            size *= factor;
            break;
        }
        case ZoomMode::FitInView: {
            const QSize area(vp + QSize(-m.left() - m.right(), -pageSpacing()));
            size = QSizeF(doc->pagePointSize(page) * res).toSize();
            size = size.scaled(area, Qt::KeepAspectRatio);
            break;
        }
        }
        sizes.append(size);
    }
    return sizes;
}

QRect DocumentPageView::pageGeometry(int page) const
{
    const QList<QSize> sizes = pageSizes();
    if (page < 0 || page >= sizes.size())
        return {};
    const QMargins m = documentMargins();
    int totalWidth = 0;
    for (const QSize &s : sizes)
        totalWidth = std::max(totalWidth, s.width());
    totalWidth += m.left() + m.right();
    int y = m.top();
    for (int p = 0; p < page; ++p)
        y += sizes[p].height() + pageSpacing();
    const int x = (std::max(totalWidth, viewport()->width()) - sizes[page].width()) / 2;
    return QRect(QPoint(x, y), sizes[page]);
}

qreal DocumentPageView::scaleOf(int page) const
{
    const QPdfDocument *doc = document();
    const QRect g = pageGeometry(page);
    if (!doc || g.isEmpty())
        return 0;
    return g.width() / doc->pagePointSize(page).width();
}

qreal DocumentPageView::effectiveZoom(int page) const
{
    return scaleOf(page) / screenResolution();
}

QRectF DocumentPageView::toContent(int page, const QRectF &points) const
{
    const QRect g = pageGeometry(page);
    const qreal s = scaleOf(page);
    if (g.isEmpty() || s <= 0)
        return {};
    return QRectF(QPointF(g.topLeft()) + points.topLeft() * s, points.size() * s);
}

void DocumentPageView::scrollToContent(const QRectF &rect)
{
    if (rect.isEmpty())
        return;
    const int vh = viewport()->height();
    const int vw = viewport()->width();
    verticalScrollBar()->setValue(int(rect.top() - vh / 3.0));
    if (rect.left() < horizontalScrollBar()->value() || rect.right() > horizontalScrollBar()->value() + vw)
        horizontalScrollBar()->setValue(int(rect.center().x() - vw / 2.0));
}

void DocumentPageView::paintEvent(QPaintEvent *event)
{
    QPdfView::paintEvent(event);
    if (m_highlights.isEmpty())
        return;
    QPainter painter(viewport());
    painter.setRenderHint(QPainter::Antialiasing);
    painter.translate(-horizontalScrollBar()->value(), -verticalScrollBar()->value());
    const QRect visible(QPoint(horizontalScrollBar()->value(), verticalScrollBar()->value()),
                        viewport()->size());
    for (int i = 0; i < m_highlights.size(); ++i) {
        const Highlight &h = m_highlights[i];
        if (!pageGeometry(h.page).intersects(visible))
            continue;
        const bool current = i == m_current;
        // Yellow like a highlighter, so the text stays readable; the current hit orange and framed
        // as one (its rectangles are one per glyph run).
        QRectF frame;
        for (const QRectF &r : h.rects) {
            const QRectF c = toContent(h.page, r).adjusted(-1, -1, 1, 1);
            painter.fillRect(c, current ? QColor(255, 165, 0, 110) : QColor(255, 230, 0, 90));
            frame = frame.united(c);
        }
        if (current && !frame.isEmpty()) {
            painter.setPen(QPen(QColor(230, 81, 0), 2));
            painter.drawRect(frame.adjusted(-1, -1, 1, 1));
        }
    }
}

} // namespace oblik::client
