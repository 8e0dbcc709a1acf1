#pragma once
// A PDF document on screen (docs/documents.md, "Client"): pages with previous/next and "page n of
// N", zoom in/out, fit width and fit page, find (Ctrl+F: next/previous, "3 of 12 found", every hit
// highlighted and the current one framed, the view moved to it), print with preview (each page
// rendered by QPdfDocument::render at the printer's resolution, A4, the chosen page range) and save
// as (the exact bytes). It opens from bytes, so a document the local store kept opens at once; a
// line above the pages says where the bytes came from ("As of <time>"), that a download runs, or
// what went wrong, in words. Fetching is not its business: DocumentOpener feeds it.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMainWindow>
#include <QRectF>

class QBuffer;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QPdfDocument;
class QPdfSearchModel;
class QPrinter;
class QPushButton;
class QSpinBox;
class QToolBar;
class QToolButton;

namespace oblik::client {

class BusyIndicator;
class DocumentPageView;
class SignaturePanel;

class DocumentViewer : public QMainWindow
{
    Q_OBJECT
public:
    explicit DocumentViewer(QWidget *parent = nullptr);
    ~DocumentViewer() override;

    // Shows the PDF (the previous one goes); false, with the reason in words on the status line,
    // when it does not load. The page on screen stays when the same document is shown again
    // (a refreshed copy).
    bool openBytes(const QByteArray &pdf, const QString &title, const QString &fileName = {});
    bool hasDocument() const;
    QByteArray bytes() const { return m_bytes; }
    QString title() const { return m_title; }
    // The name Save as proposes ("<number>.pdf").
    QString fileName() const { return m_fileName; }
    // The reason the last openBytes failed, in words; empty after a success.
    QString loadError() const { return m_loadError; }

    // The status line: a download runs; the bytes are the local store's copy of `at` (with why
    // they are not fresher, "" while the download runs); a failure in words (Retry offered); none.
    void showBusy(const QString &text);
    void showCached(const QDateTime &at, const QString &why = {});
    void showError(const QString &text);
    void showNote(const QString &text);
    void clearStatus();
    QLabel *statusLabel() const { return m_status; }
    BusyIndicator *busyIndicator() const { return m_busy; }
    QPushButton *retryButton() const { return m_retry; }

    // The document language offered in the toolbar ("uk", "ru"); changing it emits
    // languageRequested. Hidden for a document that has only one language (none so far).
    void setLanguage(const QString &lang);
    QString language() const;
    QComboBox *languageBox() const { return m_language; }

    // Pages (0-based) and zoom.
    int pageCount() const;
    int currentPage() const;
    void goToPage(int page);
    void nextPage();
    void previousPage();
    void zoomIn();
    void zoomOut();
    void fitWidth();
    void fitPage();
    // Pixels per point on screen relative to 100 % (1.0 = the page at its printed size).
    qreal zoomFactor() const;

    // Find: every hit of the text in the document (case-insensitive), the current one framed.
    void showFindBar();
    void find(const QString &text);
    void findNext();
    void findPrevious();
    int resultCount() const { return int(m_hits.size()); }
    int currentResult() const { return m_currentHit; } // -1: none
    // The page of a hit, for tests.
    int resultPage(int index) const;
    QString findStatus() const;
    QLineEdit *findField() const { return m_findText; }
    QWidget *findBar() const { return m_findBar; }

    // Writes the exact bytes; the reason in words on failure ("" = saved).
    QString saveTo(const QString &path) const;
    // Renders the pages of the printer's range (all when none) onto it, one PDF page per sheet
    // scaled to the paper; answers how many pages were printed (0 = nothing: no document, or the
    // printer could not start).
    int printTo(QPrinter *printer) const;
    // The pages printTo prints (0-based) for the printer's range.
    QList<int> pagesToPrint(const QPrinter *printer) const;

    // Signatures (docs/signatures.md, "Client"): a side panel listing every signature of the PDF,
    // verified on this computer when shown, with Sign… and Save with signatures…. The document's id
    // in the documents list ("tax_invoice:45"; empty for documents that cannot be signed) lets the
    // owner answer the requests.
    void setDocumentId(const QString &docId);
    QString documentId() const { return m_documentId; }
    void showSignatures(bool show = true);
    bool signaturesShown() const;
    SignaturePanel *signaturePanel() const { return m_signaturePanel; }
    QDockWidget *signatureDock() const { return m_signatureDock; }
    QPushButton *signButton() const { return m_signButton; }
    QPushButton *packageButton() const { return m_packageButton; }
    // Whether Sign… is offered (a signer is set up and the document is a signable one).
    void setSigningAvailable(bool available);

    QPdfDocument *pdfDocument() const { return m_document; }
    DocumentPageView *pageView() const { return m_view; }
    QToolBar *toolBar() const { return m_toolBar; }

public Q_SLOTS:
    void saveAs();
    void printPreview();

Q_SIGNALS:
    void languageRequested(const QString &lang);
    void retryRequested();
    void signRequested();
    void packageRequested();
    // The signature panel was shown or its document changed while shown: the owner may add the
    // server's verdict (SignaturePanel::setServerSignatures).
    void signaturesVerifying();
    // The preview dialog is open (tests and screenshots close it).
    void printPreviewOpened(QWidget *dialog);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Hit
    {
        int page = 0;
        QList<QRectF> rects; // in points on the page
    };
    void retranslate();
    void updatePageControls();
    void updateFindStatus();
    void showHit(int index);
    void setStatus(const QString &text, const QString &color, bool retry);

    QByteArray m_bytes;
    QBuffer *m_buffer = nullptr;
    QString m_title;
    QString m_fileName;
    QString m_loadError;
    QPdfDocument *m_document;
    QPdfSearchModel *m_search;
    DocumentPageView *m_view;
    QToolBar *m_toolBar;
    QAction *m_previous, *m_next, *m_zoomIn, *m_zoomOut, *m_fitWidth, *m_fitPage, *m_find, *m_print, *m_save;
    QSpinBox *m_page;
    QLabel *m_pageOf;
    QLabel *m_zoomLabel;
    QLabel *m_languageLabel;
    QComboBox *m_language;
    BusyIndicator *m_busy;
    QLabel *m_status;
    QPushButton *m_retry;
    QWidget *m_findBar;
    QLabel *m_findLabel;
    QLineEdit *m_findText;
    QToolButton *m_findPrevious, *m_findNext, *m_findClose;
    QLabel *m_findStatus;
    QAction *m_signatures;
    QDockWidget *m_signatureDock;
    SignaturePanel *m_signaturePanel;
    QPushButton *m_signButton;
    QPushButton *m_packageButton;
    QString m_documentId;
    bool m_signingAvailable = false;
    QList<Hit> m_hits;
    int m_currentHit = -1;
    QString m_statusKind;
    QDateTime m_cachedAt;
    QString m_statusWhy;
};

} // namespace oblik::client
