#include "views/documentviewer.h"

#include "models/displayformat.h"
#include "translations/languages.h"
#include "views/busyindicator.h"
#include "views/documentpageview.h"
#include "views/signaturepanel.h"

#include <QAction>
#include <QBuffer>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QEvent>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPaintEngine>
#include <QPainter>
#include <QPdfDocument>
#include <QPdfLink>
#include <QPdfPageNavigator>
#include <QPdfSearchModel>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QPushButton>
#include <QSaveFile>
#include <QScreen>
#include <QScrollBar>
#include <QShortcut>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {
constexpr qreal kZoomStep = 1.25;
constexpr qreal kZoomMin = 0.25;
constexpr qreal kZoomMax = 6.0;
// A page rendered for printing: the printer's resolution, but not beyond this (an A4 page at
// 1200 dpi would be a 550 MB image; 600 dpi is what a laser printer prints text at).
constexpr int kMaxPrintDpi = 600;
constexpr int kPreviewDpi = 150;

QString loadErrorText(QPdfDocument::Error e)
{
    switch (e) {
    case QPdfDocument::Error::None:
        return {};
    case QPdfDocument::Error::InvalidFileFormat:
    case QPdfDocument::Error::DataNotYetAvailable:
    case QPdfDocument::Error::FileNotFound:
    case QPdfDocument::Error::Unknown:
        return DocumentViewer::tr("The document could not be opened: the file is not a readable PDF.");
    case QPdfDocument::Error::IncorrectPassword:
    case QPdfDocument::Error::UnsupportedSecurityScheme:
        return DocumentViewer::tr("The document could not be opened: it is protected by a password.");
    }
    return DocumentViewer::tr("The document could not be opened.");
}
} // namespace

DocumentViewer::DocumentViewer(QWidget *parent)
    : QMainWindow(parent), m_document(new QPdfDocument(this)), m_search(new QPdfSearchModel(this)),
      m_view(new DocumentPageView), m_toolBar(new QToolBar), m_page(new QSpinBox), m_pageOf(new QLabel),
      m_zoomLabel(new QLabel), m_languageLabel(new QLabel), m_language(new QComboBox),
      m_busy(new BusyIndicator), m_status(new QLabel), m_retry(new QPushButton), m_findBar(new QWidget),
      m_findLabel(new QLabel), m_findText(new QLineEdit), m_findPrevious(new QToolButton),
      m_findNext(new QToolButton), m_findClose(new QToolButton), m_findStatus(new QLabel)
{
    setObjectName(u"DocumentViewer"_s);
    setWindowFlag(Qt::Window);
    // A page at about 100 % with the whole toolbar (Ukrainian labels are the longest, Signatures
    // included), as high as
    // the screen allows.
    const QScreen *screen = QGuiApplication::primaryScreen();
    const int height = screen ? std::min(1000, screen->availableGeometry().height() - 80) : 900;
    resize(1120, std::max(480, height));
    m_search->setDocument(m_document);
    m_view->setObjectName(u"documentPages"_s);
    m_view->setDocument(m_document);
    m_view->setPageMode(QPdfView::PageMode::MultiPage);
    m_view->setZoomMode(QPdfView::ZoomMode::FitToWidth);
    m_view->setPageSpacing(12);
    m_view->setDocumentMargins(QMargins(12, 12, 12, 12));

    // The toolbar: pages, zoom, find, print, save, the document's language.
    m_toolBar->setObjectName(u"documentToolBar"_s);
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    addToolBar(m_toolBar);
    // Previous and next as arrows (their names in the tooltips): the toolbar keeps room for the
    // language at 800 px.
    const auto arrow = [this](QAction *action) {
        auto *button = new QToolButton;
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonIconOnly);
        button->setAutoRaise(true);
        m_toolBar->addWidget(button);
    };
    m_previous = new QAction(style()->standardIcon(QStyle::SP_ArrowUp), QString(), this);
    m_previous->setObjectName(u"documentPrevious"_s);
    m_previous->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    connect(m_previous, &QAction::triggered, this, &DocumentViewer::previousPage);
    arrow(m_previous);
    m_page->setObjectName(u"documentPage"_s);
    m_page->setMinimum(1);
    m_page->setKeyboardTracking(false);
    m_toolBar->addWidget(m_page);
    m_pageOf->setObjectName(u"documentPageCount"_s);
    m_pageOf->setContentsMargins(4, 0, 4, 0);
    m_toolBar->addWidget(m_pageOf);
    m_next = new QAction(style()->standardIcon(QStyle::SP_ArrowDown), QString(), this);
    m_next->setObjectName(u"documentNext"_s);
    m_next->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    connect(m_next, &QAction::triggered, this, &DocumentViewer::nextPage);
    arrow(m_next);
    m_toolBar->addSeparator();
    m_zoomOut = m_toolBar->addAction(QString(), this, &DocumentViewer::zoomOut);
    m_zoomOut->setShortcut(QKeySequence::ZoomOut);
    m_zoomLabel->setObjectName(u"documentZoom"_s);
    m_zoomLabel->setMinimumWidth(m_zoomLabel->fontMetrics().horizontalAdvance(u"0000 %"_s));
    m_zoomLabel->setAlignment(Qt::AlignCenter);
    m_toolBar->addWidget(m_zoomLabel);
    m_zoomIn = m_toolBar->addAction(QString(), this, &DocumentViewer::zoomIn);
    m_zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    m_fitWidth = m_toolBar->addAction(QString(), this, &DocumentViewer::fitWidth);
    m_fitWidth->setCheckable(true);
    m_fitPage = m_toolBar->addAction(QString(), this, &DocumentViewer::fitPage);
    m_fitPage->setCheckable(true);
    m_toolBar->addSeparator();
    m_find = m_toolBar->addAction(QString(), this, &DocumentViewer::showFindBar);
    m_find->setShortcut(QKeySequence::Find);
    m_print = m_toolBar->addAction(QString(), this, &DocumentViewer::printPreview);
    m_print->setShortcut(QKeySequence::Print);
    m_save = m_toolBar->addAction(QString(), this, &DocumentViewer::saveAs);
    m_save->setShortcut(QKeySequence::Save);
    m_signatures = m_toolBar->addAction(QString());
    m_signatures->setObjectName(u"documentSignatures"_s);
    m_signatures->setCheckable(true);
    auto *spacer = new QWidget;
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_toolBar->addWidget(spacer);
    m_languageLabel->setBuddy(m_language);
    m_languageLabel->setContentsMargins(8, 0, 4, 0);
    m_toolBar->addWidget(m_languageLabel);
    m_language->setObjectName(u"documentLanguage"_s);
    for (const QString &lang : {u"uk"_s, u"ru"_s})
        m_language->addItem(i18n::nativeName(lang), lang); // each language by its own name
    m_toolBar->addWidget(m_language);
    connect(m_language, &QComboBox::activated, this,
            [this] { Q_EMIT languageRequested(m_language->currentData().toString()); });

    connect(m_page, &QSpinBox::valueChanged, this, [this](int value) {
        if (value - 1 != currentPage())
            goToPage(value - 1);
    });
    connect(m_view->pageNavigator(), &QPdfPageNavigator::currentPageChanged, this,
            [this] { updatePageControls(); });
    connect(m_view, &QPdfView::zoomFactorChanged, this, [this] { updatePageControls(); });
    connect(m_view, &QPdfView::zoomModeChanged, this, [this] { updatePageControls(); });

    // The status line above the pages.
    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto *statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(8, 4, 8, 4);
    m_status->setObjectName(u"documentStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retry->setObjectName(u"documentRetry"_s);
    m_retry->setVisible(false);
    connect(m_retry, &QPushButton::clicked, this, &DocumentViewer::retryRequested);
    statusRow->addWidget(m_busy);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_retry);
    auto *statusBox = new QWidget;
    statusBox->setObjectName(u"documentStatusRow"_s);
    statusBox->setLayout(statusRow);
    layout->addWidget(statusBox);
    layout->addWidget(m_view, 1);

    // The find bar under the pages, shown by Ctrl+F.
    m_findBar->setObjectName(u"documentFindBar"_s);
    auto *findRow = new QHBoxLayout(m_findBar);
    findRow->setContentsMargins(8, 4, 8, 4);
    m_findLabel->setBuddy(m_findText);
    m_findText->setObjectName(u"documentFindText"_s);
    m_findText->setClearButtonEnabled(true);
    m_findText->setMaximumWidth(320);
    m_findPrevious->setArrowType(Qt::UpArrow);
    m_findNext->setArrowType(Qt::DownArrow);
    m_findClose->setIcon(style()->standardIcon(QStyle::SP_DialogCloseButton));
    m_findClose->setAutoRaise(true);
    m_findStatus->setObjectName(u"documentFindStatus"_s);
    findRow->addWidget(m_findLabel);
    findRow->addWidget(m_findText, 1);
    findRow->addWidget(m_findPrevious);
    findRow->addWidget(m_findNext);
    findRow->addWidget(m_findStatus, 1);
    findRow->addWidget(m_findClose);
    m_findBar->setVisible(false);
    layout->addWidget(m_findBar);
    setCentralWidget(central);

    // The signature panel on the right, hidden until asked for (verifying costs time).
    m_signatureDock = new QDockWidget(this);
    m_signatureDock->setObjectName(u"signatureDock"_s);
    m_signatureDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    auto *dockBody = new QWidget;
    auto *dockLayout = new QVBoxLayout(dockBody);
    dockLayout->setContentsMargins(0, 0, 0, 0);
    m_signaturePanel = new SignaturePanel;
    m_signButton = new QPushButton;
    m_signButton->setObjectName(u"viewerSign"_s);
    m_signButton->setVisible(false);
    m_packageButton = new QPushButton;
    m_packageButton->setObjectName(u"viewerSavePackage"_s);
    m_packageButton->setVisible(false);
    connect(m_signButton, &QPushButton::clicked, this, &DocumentViewer::signRequested);
    connect(m_packageButton, &QPushButton::clicked, this, &DocumentViewer::packageRequested);
    auto *dockButtons = new QHBoxLayout;
    dockButtons->setContentsMargins(4, 0, 4, 4);
    dockButtons->addWidget(m_signButton);
    dockButtons->addWidget(m_packageButton);
    dockButtons->addStretch(1);
    dockLayout->addWidget(m_signaturePanel, 1);
    dockLayout->addLayout(dockButtons);
    m_signatureDock->setWidget(dockBody);
    m_signatureDock->setMinimumWidth(360);
    addDockWidget(Qt::RightDockWidgetArea, m_signatureDock);
    m_signatureDock->hide();
    connect(m_signatures, &QAction::toggled, this, [this](bool on) { showSignatures(on); });
    connect(m_signatureDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (!visible && m_signatureDock->isHidden()) // closed by its own button
            m_signatures->setChecked(false);
    });

    // Typing searches after a short pause (a long document is not searched at every key).
    auto *findDelay = new QTimer(this);
    findDelay->setSingleShot(true);
    findDelay->setInterval(250);
    connect(m_findText, &QLineEdit::textEdited, findDelay, qOverload<>(&QTimer::start));
    connect(findDelay, &QTimer::timeout, this, [this] { find(m_findText->text()); });
    connect(m_findText, &QLineEdit::returnPressed, this, [this, findDelay] {
        if (findDelay->isActive() || m_findText->text() != m_search->searchString()) {
            findDelay->stop();
            find(m_findText->text());
        } else {
            findNext();
        }
    });
    connect(m_findNext, &QToolButton::clicked, this, &DocumentViewer::findNext);
    connect(m_findPrevious, &QToolButton::clicked, this, &DocumentViewer::findPrevious);
    connect(m_findClose, &QToolButton::clicked, this, [this] {
        m_findBar->setVisible(false);
        find(QString());
        m_view->setFocus();
    });
    auto *next = new QShortcut(QKeySequence::FindNext, this);
    connect(next, &QShortcut::activated, this, &DocumentViewer::findNext);
    auto *previous = new QShortcut(QKeySequence::FindPrevious, this);
    connect(previous, &QShortcut::activated, this, &DocumentViewer::findPrevious);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), m_findBar, nullptr, nullptr,
                                 Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, m_findClose, &QToolButton::click);

    retranslate();
    updatePageControls();
}

DocumentViewer::~DocumentViewer()
{
    // The view and the search read the document: detach them before it goes.
    m_search->setDocument(nullptr);
    m_view->setDocument(nullptr);
}

bool DocumentViewer::openBytes(const QByteArray &pdf, const QString &title, const QString &fileName)
{
    const bool same = hasDocument() && title == m_title;
    const int page = currentPage();
    const QString searching = m_search->searchString();
    m_title = title;
    m_fileName = fileName.isEmpty() ? title + u".pdf"_s : fileName;
    setWindowTitle(title);
    m_hits.clear();
    m_currentHit = -1;
    m_view->setHighlights({}, -1);
    m_document->close();
    // The document reads from the buffer for as long as it is open: both live here.
    m_bytes = pdf;
    delete m_buffer;
    m_buffer = new QBuffer(&m_bytes, this);
    m_buffer->open(QIODevice::ReadOnly);
    m_document->load(m_buffer);
    if (m_document->status() != QPdfDocument::Status::Ready) {
        m_loadError =
            loadErrorText(m_document->error() == QPdfDocument::Error::None ? QPdfDocument::Error::Unknown
                                                                           : m_document->error());
        m_document->close();
        showError(m_loadError);
        updatePageControls();
        return false;
    }
    m_loadError.clear();
    updatePageControls();
    if (signaturesShown()) {
        m_signaturePanel->setPdf(m_bytes);
        Q_EMIT signaturesVerifying();
    }
    if (same && page > 0) // a refreshed copy: stay where the reader was
        QTimer::singleShot(0, this, [this, page] { goToPage(page); });
    if (!searching.isEmpty())
        find(searching);
    return true;
}

void DocumentViewer::setDocumentId(const QString &docId)
{
    m_documentId = docId;
    m_packageButton->setVisible(!docId.isEmpty());
    m_signButton->setVisible(!docId.isEmpty() && m_signingAvailable);
}

void DocumentViewer::setSigningAvailable(bool available)
{
    m_signingAvailable = available;
    m_signButton->setVisible(!m_documentId.isEmpty() && available);
}

void DocumentViewer::showSignatures(bool show)
{
    if (m_signatures->isChecked() != show) {
        m_signatures->setChecked(show); // comes back here through toggled
        return;
    }
    if (show == !m_signatureDock->isHidden())
        return;
    m_signatureDock->setVisible(show);
    if (show) {
        if (hasDocument())
            m_signaturePanel->setPdf(m_bytes);
        Q_EMIT signaturesVerifying();
    }
}

bool DocumentViewer::signaturesShown() const
{
    return !m_signatureDock->isHidden();
}

bool DocumentViewer::hasDocument() const
{
    return m_document->status() == QPdfDocument::Status::Ready && m_document->pageCount() > 0;
}

void DocumentViewer::setStatus(const QString &text, const QString &color, bool retry)
{
    m_status->setText(text);
    m_status->setStyleSheet(color.isEmpty() ? QString() : u"color: %1;"_s.arg(color));
    m_status->setVisible(!text.isEmpty());
    m_retry->setVisible(retry);
}

void DocumentViewer::showBusy(const QString &text)
{
    m_busy->start(text);
    if (m_statusKind == u"cached"_s)
        showCached(m_cachedAt, {});
    else if (m_statusKind != u"note"_s)
        setStatus(QString(), QString(), false);
}

void DocumentViewer::showCached(const QDateTime &at, const QString &why)
{
    m_statusKind = u"cached"_s;
    m_cachedAt = at;
    m_statusWhy = why;
    if (!why.isEmpty())
        m_busy->stop();
    const QString when = format::dateTime(at);
    QString text;
    if (!why.isEmpty())
        text = tr("As of %1 (saved on this computer). %2").arg(when, why);
    else
        text = tr("As of %1 (saved on this computer).").arg(when);
    setStatus(text, u"#8d6e00"_s, !why.isEmpty());
}

void DocumentViewer::showError(const QString &text)
{
    m_statusKind = u"error"_s;
    m_statusWhy = text;
    m_busy->stop();
    setStatus(text, u"#c62828"_s, true);
}

void DocumentViewer::showNote(const QString &text)
{
    m_statusKind = u"note"_s;
    m_statusWhy = text;
    m_busy->stop();
    setStatus(text, QString(), false);
}

void DocumentViewer::clearStatus()
{
    m_statusKind.clear();
    m_statusWhy.clear();
    m_busy->stop();
    setStatus(QString(), QString(), false);
}

void DocumentViewer::setLanguage(const QString &lang)
{
    const int index = m_language->findData(lang);
    if (index >= 0)
        m_language->setCurrentIndex(index);
}

QString DocumentViewer::language() const
{
    return m_language->currentData().toString();
}

int DocumentViewer::pageCount() const
{
    return hasDocument() ? m_document->pageCount() : 0;
}

int DocumentViewer::currentPage() const
{
    return hasDocument() ? std::clamp(m_view->pageNavigator()->currentPage(), 0, pageCount() - 1) : 0;
}

void DocumentViewer::goToPage(int page)
{
    if (!hasDocument())
        return;
    page = std::clamp(page, 0, pageCount() - 1);
    const QRect g = m_view->pageGeometry(page);
    m_view->verticalScrollBar()->setValue(page == 0 ? 0 : g.top() - m_view->pageSpacing() / 2);
    // The view names the page under 40 % of its height the current one; a last page shorter than
    // the view may not get there by scrolling, so the navigator is told.
    if (m_view->pageNavigator()->currentPage() != page)
        m_view->pageNavigator()->jump(page, {}, m_view->zoomFactor());
    updatePageControls();
}

void DocumentViewer::nextPage()
{
    goToPage(currentPage() + 1);
}

void DocumentViewer::previousPage()
{
    goToPage(currentPage() - 1);
}

qreal DocumentViewer::zoomFactor() const
{
    if (!hasDocument() || m_view->zoomMode() == QPdfView::ZoomMode::Custom)
        return m_view->zoomFactor();
    // Fit modes: what the page's width on screen makes of it.
    const qreal z = m_view->effectiveZoom(currentPage());
    return z > 0 ? z : 1.0;
}

void DocumentViewer::zoomIn()
{
    const qreal z = std::min(kZoomMax, zoomFactor() * kZoomStep);
    const int page = currentPage();
    m_view->setZoomMode(QPdfView::ZoomMode::Custom);
    m_view->setZoomFactor(z);
    goToPage(page);
}

void DocumentViewer::zoomOut()
{
    const qreal z = std::max(kZoomMin, zoomFactor() / kZoomStep);
    const int page = currentPage();
    m_view->setZoomMode(QPdfView::ZoomMode::Custom);
    m_view->setZoomFactor(z);
    goToPage(page);
}

void DocumentViewer::fitWidth()
{
    const int page = currentPage();
    m_view->setZoomMode(QPdfView::ZoomMode::FitToWidth);
    goToPage(page);
}

void DocumentViewer::fitPage()
{
    const int page = currentPage();
    m_view->setZoomMode(QPdfView::ZoomMode::FitInView);
    goToPage(page);
}

void DocumentViewer::updatePageControls()
{
    const int count = pageCount();
    const QSignalBlocker block(m_page);
    m_page->setMaximum(std::max(1, count));
    m_page->setValue(currentPage() + 1);
    m_page->setEnabled(count > 1);
    m_pageOf->setText(tr("of %1").arg(count));
    m_previous->setEnabled(count > 0 && currentPage() > 0);
    m_next->setEnabled(count > 0 && currentPage() < count - 1);
    for (QAction *a : {m_zoomIn, m_zoomOut, m_fitWidth, m_fitPage, m_find, m_print, m_save})
        a->setEnabled(count > 0);
    m_fitWidth->setChecked(m_view->zoomMode() == QPdfView::ZoomMode::FitToWidth);
    m_fitPage->setChecked(m_view->zoomMode() == QPdfView::ZoomMode::FitInView);
    m_zoomLabel->setText(count > 0 ? tr("%1 %").arg(qRound(zoomFactor() * 100)) : QString());
}

void DocumentViewer::showFindBar()
{
    if (!hasDocument())
        return;
    m_findBar->setVisible(true);
    m_findText->setFocus();
    m_findText->selectAll();
}

void DocumentViewer::find(const QString &text)
{
    m_search->setSearchString(text);
    m_hits.clear();
    m_currentHit = -1;
    if (!text.trimmed().isEmpty() && hasDocument()) {
        // resultsOnPage searches the page at once (the model would otherwise take a timer tick per
        // page): a count is known the moment the text is.
        for (int page = 0; page < m_document->pageCount(); ++page) {
            const QList<QPdfLink> links = m_search->resultsOnPage(page);
            for (const QPdfLink &l : links)
                m_hits.append({page, l.rectangles()});
        }
    }
    QList<DocumentPageView::Highlight> highlights;
    highlights.reserve(m_hits.size());
    for (const Hit &h : std::as_const(m_hits))
        highlights.append({h.page, h.rects});
    m_view->setHighlights(highlights, -1);
    if (!m_hits.isEmpty()) {
        // The first hit at or after the page on screen.
        int first = 0;
        const int page = currentPage();
        for (int i = 0; i < m_hits.size(); ++i)
            if (m_hits[i].page >= page) {
                first = i;
                break;
            }
        showHit(first);
    }
    updateFindStatus();
}

void DocumentViewer::showHit(int index)
{
    if (index < 0 || index >= m_hits.size())
        return;
    m_currentHit = index;
    QList<DocumentPageView::Highlight> highlights;
    for (const Hit &h : std::as_const(m_hits))
        highlights.append({h.page, h.rects});
    m_view->setHighlights(highlights, index);
    const Hit &hit = m_hits[index];
    QRectF area;
    for (const QRectF &r : hit.rects)
        area = area.united(m_view->toContent(hit.page, r));
    m_view->scrollToContent(area);
    if (m_view->pageNavigator()->currentPage() != hit.page)
        m_view->pageNavigator()->jump(hit.page, {}, m_view->zoomFactor());
    m_view->scrollToContent(area); // the jump scrolls to the page's top: back to the hit
    updatePageControls();
    updateFindStatus();
}

void DocumentViewer::findNext()
{
    if (m_hits.isEmpty())
        return;
    showHit((m_currentHit + 1) % int(m_hits.size()));
}

void DocumentViewer::findPrevious()
{
    if (m_hits.isEmpty())
        return;
    showHit((m_currentHit - 1 + int(m_hits.size())) % int(m_hits.size()));
}

int DocumentViewer::resultPage(int index) const
{
    return index >= 0 && index < m_hits.size() ? m_hits[index].page : -1;
}

QString DocumentViewer::findStatus() const
{
    return m_findStatus->text();
}

void DocumentViewer::updateFindStatus()
{
    QString text;
    if (m_search->searchString().trimmed().isEmpty())
        text.clear();
    else if (m_hits.isEmpty())
        text = tr("Not found");
    else
        text = tr("%1 of %2 found").arg(m_currentHit + 1).arg(m_hits.size());
    m_findStatus->setText(text);
    m_findStatus->setStyleSheet(m_hits.isEmpty() && !text.isEmpty() ? u"color: #c62828;"_s : QString());
    m_findNext->setEnabled(m_hits.size() > 1);
    m_findPrevious->setEnabled(m_hits.size() > 1);
}

QString DocumentViewer::saveTo(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("The file %1 could not be written: %2").arg(path, file.errorString());
    if (file.write(m_bytes) != m_bytes.size() || !file.commit())
        return tr("The file %1 could not be written: %2").arg(path, file.errorString());
    return {};
}

void DocumentViewer::saveAs()
{
    if (!hasDocument())
        return;
    QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(this, tr("Save document"), dir + u'/' + m_fileName,
                                                      tr("PDF documents (*.pdf)"));
    if (path.isEmpty())
        return;
    if (const QString error = saveTo(path); !error.isEmpty())
        QMessageBox::warning(this, tr("Save document"), error);
    else
        showNote(tr("Saved to %1.").arg(QDir::toNativeSeparators(path)));
}

QList<int> DocumentViewer::pagesToPrint(const QPrinter *printer) const
{
    QList<int> pages;
    const int count = pageCount();
    if (count == 0)
        return pages;
    if (printer->printRange() == QPrinter::CurrentPage)
        return {currentPage()};
    const QPageRanges ranges = printer->pageRanges();
    for (int p = 1; p <= count; ++p)
        if (ranges.isEmpty() || ranges.contains(p))
            pages.append(p - 1);
    return pages;
}

int DocumentViewer::printTo(QPrinter *printer) const
{
    const QList<int> pages = pagesToPrint(printer);
    if (pages.isEmpty())
        return 0;
    QPainter painter;
    if (!painter.begin(printer))
        return 0;
    // The preview records every page as a picture in memory: a page there needs screen
    // sharpness, not paper's (a 600 dpi A4 image is 139 MB).
    const bool preview = painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Picture;
    const int dpi = std::min(printer->resolution(), preview ? kPreviewDpi : kMaxPrintDpi);
    const QRectF paper = printer->paperRect(QPrinter::DevicePixel);
    const QRectF page = printer->pageRect(QPrinter::DevicePixel);
    // The document's pages carry their own margins: the whole sheet when the printer allows it.
    const QRectF area =
        printer->fullPage() ? QRectF(QPointF(0, 0), paper.size()) : QRectF(QPointF(0, 0), page.size());
    int printed = 0;
    for (const int p : pages) {
        if (printed > 0 && !printer->newPage())
            break;
        const QSizeF points = m_document->pagePointSize(p);
        const QSize pixels = (points * dpi / 72.0).toSize();
        const QImage image = m_document->render(p, pixels);
        if (image.isNull())
            break;
        QSizeF target = points;
        target.scale(area.size(), Qt::KeepAspectRatio);
        const QRectF rect(area.topLeft() + QPointF((area.width() - target.width()) / 2,
                                                   (area.height() - target.height()) / 2),
                          target);
        painter.drawImage(rect, image);
        ++printed;
    }
    painter.end();
    return printed;
}

void DocumentViewer::printPreview()
{
    if (!hasDocument())
        return;
    QPrinter printer(QPrinter::HighResolution);
    printer.setPageSize(QPageSize(QPageSize::A4));
    // A readings act is landscape: the sheet follows the document's first page.
    const QSizeF first = m_document->pagePointSize(0);
    printer.setPageOrientation(first.width() > first.height() ? QPageLayout::Landscape
                                                              : QPageLayout::Portrait);
    printer.setFullPage(true);
    printer.setDocName(m_title);
    printer.setFromTo(1, pageCount());
    QPrintPreviewDialog dialog(&printer, this);
    dialog.setWindowTitle(tr("Print %1").arg(m_title));
    dialog.resize(900, 900);
    connect(&dialog, &QPrintPreviewDialog::paintRequested, this, [this](QPrinter *p) { printTo(p); });
    QTimer::singleShot(0, this, [this, &dialog] { Q_EMIT printPreviewOpened(&dialog); });
    dialog.exec();
}

void DocumentViewer::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void DocumentViewer::retranslate()
{
    m_toolBar->setWindowTitle(tr("Document"));
    m_previous->setText(tr("Previous page"));
    m_previous->setToolTip(
        tr("Previous page (%1)").arg(m_previous->shortcut().toString(QKeySequence::NativeText)));
    m_next->setText(tr("Next page"));
    m_next->setToolTip(tr("Next page (%1)").arg(m_next->shortcut().toString(QKeySequence::NativeText)));
    m_page->setToolTip(tr("Page"));
    m_zoomOut->setText(tr("−"));
    m_zoomOut->setToolTip(
        tr("Zoom out (%1)").arg(QKeySequence(QKeySequence::ZoomOut).toString(QKeySequence::NativeText)));
    m_zoomIn->setText(tr("+"));
    m_zoomIn->setToolTip(
        tr("Zoom in (%1)").arg(QKeySequence(QKeySequence::ZoomIn).toString(QKeySequence::NativeText)));
    m_fitWidth->setText(tr("Fit width"));
    m_fitPage->setText(tr("Fit page"));
    m_find->setText(tr("Find…"));
    m_find->setToolTip(tr("Find text in the document (%1)")
                           .arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
    m_print->setText(tr("Print…"));
    m_save->setText(tr("Save as…"));
    m_signatures->setText(tr("Signatures"));
    m_signatures->setToolTip(tr("Show the signatures of the document, checked on this computer"));
    m_signatureDock->setWindowTitle(tr("Signatures"));
    m_signButton->setText(tr("Sign…"));
    m_packageButton->setText(tr("Save with signatures…"));
    m_languageLabel->setText(tr("Document &language:"));
    m_language->setToolTip(tr("The language the document is printed in"));
    m_retry->setText(tr("&Retry"));
    m_findLabel->setText(tr("Fi&nd:"));
    m_findText->setPlaceholderText(tr("Text to find"));
    m_findPrevious->setToolTip(tr("Previous match (Shift+F3)"));
    m_findNext->setToolTip(tr("Next match (F3)"));
    m_findClose->setToolTip(tr("Close the find bar (Esc)"));
    if (m_statusKind == u"cached"_s)
        showCached(m_cachedAt, m_statusWhy);
    updatePageControls();
    updateFindStatus();
}

} // namespace oblik::client
