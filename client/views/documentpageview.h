#pragma once
// QPdfView with what Qt 6.4's lacks (QPdfView::setSearchModel came in 6.6): the hits of a search
// drawn over the pages, the current one framed, and the geometry of each page on screen so that
// the viewer can scroll to a page or a hit. The geometry follows QPdfView's own layout (pages one
// under another, documentMargins around, pageSpacing between, centred horizontally), which 6.4
// keeps private.

#include <QList>
#include <QPdfView>
#include <QRectF>

namespace oblik::client {

class DocumentPageView : public QPdfView
{
    Q_OBJECT
public:
    struct Highlight
    {
        int page = 0;
        QList<QRectF> rects; // points on the page
    };

    explicit DocumentPageView(QWidget *parent = nullptr);

    void setHighlights(const QList<Highlight> &highlights, int current);
    // The page's rectangle in the scrolled content (pixels), empty for a page that is not there.
    QRect pageGeometry(int page) const;
    // A rectangle in points on a page, in the scrolled content.
    QRectF toContent(int page, const QRectF &points) const;
    // Screen pixels per point on the given page (1.0 at 100 %, logical DPI counted).
    qreal scaleOf(int page) const;
    // The zoom the page is shown at (1.0 = 100 %), also in the fit modes.
    qreal effectiveZoom(int page) const;
    // Scrolls so that the content rectangle is in view (a third from the top).
    void scrollToContent(const QRectF &rect);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<QSize> pageSizes() const;

    QList<Highlight> m_highlights;
    int m_current = -1;
};

} // namespace oblik::client
