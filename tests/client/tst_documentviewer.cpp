// The document viewer on a real PDF (written here by QPdfWriter: three A4 pages of known text),
// offscreen: pages and navigation, find with its count and the page of each hit, save writing the
// exact bytes, printing to a real PDF printer (the page range respected) and the print preview;
// a file that is not a PDF said in words. The documents list model under QAbstractItemModelTester,
// the documents cache of the local store (migration 5) on a real SQLite file, and the opener
// showing the store's copy at once when the server cannot be reached.

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "api/documentjobs.h"
#include "fixtures.h"
#include "local/localstore.h"
#include "models/documentlistmodel.h"
#include "views/busyindicator.h"
#include "views/documentopener.h"
#include "views/documentpageview.h"
#include "views/documentviewer.h"
#include "views/readingsview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QPdfDocument>
#include <QPdfWriter>
#include <QPrintPreviewDialog>
#include <QPrintPreviewWidget>
#include <QPrinter>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;

namespace {

QString fontFamily()
{
    // The same font on every machine (the renderer embeds DejaVu too): no system lookup.
    static const QString family = [] {
        const int id =
            QFontDatabase::addApplicationFont(u"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"_s);
        const QStringList families = QFontDatabase::applicationFontFamilies(id);
        return families.isEmpty() ? u"DejaVu Sans"_s : families.first();
    }();
    return family;
}

// Three A4 pages: "kilowatt" twice on page 1, once on page 2, never on page 3; "Рахунок" once on
// page 3; every page says "Page n of 3".
QByteArray makePdf(QPageLayout::Orientation orientation = QPageLayout::Portrait)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageOrientation(orientation);
    writer.setResolution(300);
    writer.setTitle(u"Test document"_s);
    QPainter p(&writer);
    QFont font(fontFamily());
    font.setPointSize(14);
    p.setFont(font);
    const QStringList pages[] = {
        {u"Invoice 2026-10-000123"_s, u"Energy: 350 kilowatt hours"_s, u"Reactive: 12 kilowatt hours"_s},
        {u"Breakdown of the charge"_s, u"Zone day: 200 kilowatt hours"_s},
        {u"Рахунок сплачено"_s, u"Acceptance act"_s},
    };
    for (int page = 0; page < 3; ++page) {
        if (page > 0)
            writer.newPage();
        int y = 300;
        for (const QString &line : pages[page]) {
            p.drawText(200, y, line);
            y += 150;
        }
        p.drawText(200, 3300, u"Page %1 of 3"_s.arg(page + 1));
    }
    p.end();
    return bytes;
}

QString sha256(const QByteArray &b)
{
    return QString::fromLatin1(QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex());
}

int pdfPages(const QString &path)
{
    QPdfDocument doc;
    doc.load(path);
    return doc.status() == QPdfDocument::Status::Ready ? doc.pageCount() : -1;
}

DocumentItem item(const QString &id, const QString &kind, const QString &number, QDate date, Period period,
                  std::optional<Money> amount, bool stored)
{
    DocumentItem d;
    d.id = id;
    d.kind = kind;
    d.number = number;
    d.date = date;
    d.period = period;
    d.amount = amount;
    d.stored = stored;
    d.sha256 = stored ? u"ab"_s.repeated(32) : QString();
    d.signatureStatus = u"unsigned"_s;
    return d;
}

} // namespace

class TestDocumentViewer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
        m_pdf = makePdf();
        QVERIFY(m_pdf.startsWith("%PDF-"));
    }

    void opensPagesAndNavigates()
    {
        DocumentViewer v;
        v.resize(800, 900);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QVERIFY(v.openBytes(m_pdf, u"Invoice package 2026-10-000123"_s));
        QCOMPARE(v.pageCount(), 3);
        QCOMPARE(v.currentPage(), 0);
        QCOMPARE(v.windowTitle(), u"Invoice package 2026-10-000123"_s);
        QCOMPARE(v.fileName(), u"Invoice package 2026-10-000123.pdf"_s);
        QCOMPARE(v.findChild<QLabel *>(u"documentPageCount"_s)->text(), u"of 3"_s);
        QCOMPARE(v.findChild<QSpinBox *>(u"documentPage"_s)->value(), 1);

        v.nextPage();
        QTRY_COMPARE(v.currentPage(), 1);
        QCOMPARE(v.findChild<QSpinBox *>(u"documentPage"_s)->value(), 2);
        v.goToPage(2);
        QTRY_COMPARE(v.currentPage(), 2);
        v.nextPage(); // the last page stays
        QCOMPARE(v.currentPage(), 2);
        v.previousPage();
        QTRY_COMPARE(v.currentPage(), 1);
        // Typing a page number goes there.
        v.findChild<QSpinBox *>(u"documentPage"_s)->setValue(1);
        QTRY_COMPARE(v.currentPage(), 0);
        // The page the view shows on screen is where the viewer says.
        QVERIFY(v.pageView()->pageGeometry(0).top() <= v.pageView()->pageGeometry(1).top());
    }

    void zooms()
    {
        DocumentViewer v;
        v.resize(800, 900);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QVERIFY(v.openBytes(m_pdf, u"doc"_s));
        const qreal fit = v.zoomFactor();
        QVERIFY2(fit > 0.3 && fit < 3, qPrintable(QString::number(fit)));
        v.zoomIn();
        QVERIFY(qAbs(v.zoomFactor() - fit * 1.25) < 0.01);
        v.zoomOut();
        v.zoomOut();
        QVERIFY(qAbs(v.zoomFactor() - fit / 1.25) < 0.01);
        v.fitPage();
        // The whole page in the view: its height fits.
        QVERIFY(v.pageView()->pageGeometry(0).height() <= v.pageView()->viewport()->height());
        v.fitWidth();
        QVERIFY(qAbs(v.pageView()->pageGeometry(0).width() -
                     (v.pageView()->viewport()->width() - v.pageView()->documentMargins().left() -
                      v.pageView()->documentMargins().right())) <= 2);
    }

    void findsText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("count");
        QTest::addColumn<QList<int>>("pages");
        QTest::addColumn<QString>("status");
        QTest::newRow("on two pages") << u"kilowatt"_s << 3 << QList<int>{0, 0, 1} << u"1 of 3 found"_s;
        QTest::newRow("case does not matter")
            << u"KILOWATT"_s << 3 << QList<int>{0, 0, 1} << u"1 of 3 found"_s;
        QTest::newRow("cyrillic, last page") << u"рахунок"_s << 1 << QList<int>{2} << u"1 of 1 found"_s;
        QTest::newRow("every page") << u"of 3"_s << 3 << QList<int>{0, 1, 2} << u"1 of 3 found"_s;
        QTest::newRow("absent") << u"gigawatt"_s << 0 << QList<int>{} << u"Not found"_s;
    }

    void findsText()
    {
        QFETCH(QString, text);
        QFETCH(int, count);
        QFETCH(QList<int>, pages);
        QFETCH(QString, status);
        DocumentViewer v;
        v.resize(800, 900);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QVERIFY(v.openBytes(m_pdf, u"doc"_s));
        v.showFindBar();
        QVERIFY(v.findBar()->isVisible());
        v.find(text);
        QCOMPARE(v.resultCount(), count);
        QList<int> got;
        for (int i = 0; i < v.resultCount(); ++i)
            got << v.resultPage(i);
        QCOMPARE(got, pages);
        QCOMPARE(v.findStatus(), status);
        if (count == 0) {
            QCOMPARE(v.currentResult(), -1);
            return;
        }
        QCOMPARE(v.currentResult(), 0);
        // Next moves on and wraps; the view follows the hit's page.
        for (int i = 1; i <= count; ++i) {
            v.findNext();
            QCOMPARE(v.currentResult(), i % count);
            QTRY_COMPARE(v.currentPage(), pages[i % count]);
        }
        v.findPrevious();
        QCOMPARE(v.currentResult(), count - 1);
        QCOMPARE(v.findStatus(), u"%1 of %2 found"_s.arg(count).arg(count));
        QTRY_COMPARE(v.currentPage(), pages.last());
    }

    void findByTypingAndEnter()
    {
        DocumentViewer v;
        v.resize(800, 900);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QVERIFY(v.openBytes(m_pdf, u"doc"_s));
        QTest::keyClick(&v, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(v.findBar()->isVisible());
        QTest::keyClicks(v.findField(), u"kilowatt"_s);
        QTest::keyClick(v.findField(), Qt::Key_Return);
        QCOMPARE(v.resultCount(), 3);
        QCOMPARE(v.currentResult(), 0);
        QTest::keyClick(v.findField(), Qt::Key_Return);
        QCOMPARE(v.currentResult(), 1);
        QTest::keyClick(v.findField(), Qt::Key_Escape);
        QTRY_VERIFY(!v.findBar()->isVisible());
        QCOMPARE(v.resultCount(), 0);
    }

    void savesTheExactBytes()
    {
        DocumentViewer v;
        QVERIFY(v.openBytes(m_pdf, u"doc"_s));
        QTemporaryDir dir;
        const QString path = dir.filePath(u"saved.pdf"_s);
        QCOMPARE(v.saveTo(path), QString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), m_pdf);
        // A folder that does not exist: the reason in words.
        QVERIFY(!v.saveTo(dir.filePath(u"missing/dir/x.pdf"_s)).isEmpty());
    }

    void printsToAPrinter_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<QList<int>>("pages");
        QTest::newRow("all") << 0 << 0 << QList<int>{0, 1, 2};
        QTest::newRow("2-3") << 2 << 3 << QList<int>{1, 2};
        QTest::newRow("only 1") << 1 << 1 << QList<int>{0};
    }

    void printsToAPrinter()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(QList<int>, pages);
        DocumentViewer v;
        QVERIFY(v.openBytes(m_pdf, u"doc"_s));
        QTemporaryDir dir;
        const QString out = dir.filePath(u"printed.pdf"_s);
        QPrinter printer(QPrinter::ScreenResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(out);
        printer.setPageSize(QPageSize(QPageSize::A4));
        printer.setFullPage(true);
        if (from > 0) {
            printer.setPrintRange(QPrinter::PageRange);
            printer.setFromTo(from, to);
        }
        QCOMPARE(v.pagesToPrint(&printer), pages);
        QCOMPARE(v.printTo(&printer), int(pages.size()));
        QCOMPARE(pdfPages(out), int(pages.size()));
        // The printed sheet is A4 and carries the page's picture (not a blank sheet).
        QPdfDocument printed;
        printed.load(out);
        const QSizeF size = printed.pagePointSize(0);
        QVERIFY2(qAbs(size.width() - 595) < 2 && qAbs(size.height() - 842) < 2,
                 qPrintable(u"%1x%2"_s.arg(size.width()).arg(size.height())));
        const QImage img = printed.render(0, QSize(298, 421));
        int dark = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x)
                dark += qGray(img.pixel(x, y)) < 128;
        QVERIFY2(dark > 50, qPrintable(QString::number(dark)));
    }

    void printPreviewRendersEveryPage()
    {
        DocumentViewer v;
        v.show();
        QVERIFY(v.openBytes(m_pdf, u"doc"_s));
        int previewPages = -1;
        connect(&v, &DocumentViewer::printPreviewOpened, this, [&previewPages](QWidget *dialog) {
            auto *preview = dialog->findChild<QPrintPreviewWidget *>();
            QTRY_VERIFY(preview && preview->pageCount() > 0);
            previewPages = preview->pageCount();
            static_cast<QDialog *>(dialog)->reject();
        });
        v.printPreview();
        QCOMPARE(previewPages, 3);
    }

    void previewSheetFollowsTheDocument_data()
    {
        QTest::addColumn<int>("orientation");
        QTest::newRow("portrait invoice") << int(QPageLayout::Portrait);
        QTest::newRow("landscape act") << int(QPageLayout::Landscape);
    }

    void previewSheetFollowsTheDocument()
    {
        QFETCH(int, orientation);
        DocumentViewer v;
        v.show();
        QVERIFY(v.openBytes(makePdf(QPageLayout::Orientation(orientation)), u"doc"_s));
        int seen = -1;
        QString size;
        connect(&v, &DocumentViewer::printPreviewOpened, this, [&](QWidget *dialog) {
            const QPrinter *printer = static_cast<QPrintPreviewDialog *>(dialog)->printer();
            seen = int(printer->pageLayout().orientation());
            size = printer->pageLayout().pageSize().key();
            static_cast<QDialog *>(dialog)->reject();
        });
        v.printPreview();
        QCOMPARE(seen, orientation);
        QCOMPARE(size, u"A4"_s);
    }

    void notAPdfIsSaidInWords()
    {
        DocumentViewer v;
        v.show();
        QVERIFY(!v.openBytes("<html>Bad gateway</html>", u"doc"_s));
        QVERIFY(!v.hasDocument());
        QCOMPARE(v.pageCount(), 0);
        QVERIFY(v.loadError().contains(u"not a readable PDF"_s));
        QVERIFY(v.statusLabel()->isVisible());
        QCOMPARE(v.statusLabel()->text(), v.loadError());
        QVERIFY(v.retryButton()->isVisible());
        // And a good one after it opens.
        QVERIFY(v.openBytes(m_pdf, u"doc"_s));
        QCOMPARE(v.pageCount(), 3);
        QCOMPARE(v.loadError(), QString());
    }

    void requestsName_data()
    {
        QTest::addColumn<QString>("listId");
        QTest::addColumn<QString>("cacheId");
        QTest::addColumn<QString>("path");
        QTest::newRow("invoice package")
            << u"invoice_package:123"_s << u"invoice_package:123"_s << u"/accounts/7/invoices/123/document"_s;
        QTest::newRow("tax invoice") << u"tax_invoice:45"_s << u"tax_invoice:45"_s
                                     << u"/accounts/7/tax-invoices/45/document"_s;
        QTest::newRow("readings act")
            << u"readings_act:202610"_s << u"readings_act:202610"_s << u"/accounts/7/readings-act"_s;
        QTest::newRow("unknown kind") << u"signature:1"_s << QString() << QString();
        QTest::newRow("bad number") << u"tax_invoice:x"_s << QString() << QString();
    }

    void requestsName()
    {
        QFETCH(QString, listId);
        QFETCH(QString, cacheId);
        QFETCH(QString, path);
        const auto r = DocumentRequest::fromItemId(listId);
        QCOMPARE(r.has_value(), !cacheId.isEmpty());
        if (!r)
            return;
        QCOMPARE(r->cacheId(), cacheId);
        QCOMPARE(r->path(AccountId(7)), path);
        QCOMPARE(r->query(u"ru"_s).queryItemValue(u"lang"_s), u"ru"_s);
    }

    void otherRequests()
    {
        const auto blank = DocumentRequest::readingsAct(Period(2026, 10), true);
        QCOMPARE(blank.cacheId(), u"readings_act_blank:202610"_s);
        QCOMPARE(blank.query(u"uk"_s).toString(), u"period=2026-10&blank=1&lang=uk"_s);
        QVERIFY(!blank.isStoredKind());
        const auto turnover = DocumentRequest::turnover(Period(2026, 9));
        QCOMPARE(turnover.path(AccountId(2)), u"/accounts/2/turnover/document"_s);
        QCOMPARE(turnover.query(u"uk"_s).toString(), u"period=2026-09&lang=uk"_s);
        const auto history = DocumentRequest::paymentHistory(QDate(2026, 1, 1), QDate(2026, 10, 31));
        QCOMPARE(history.path(AccountId(2)), u"/accounts/2/payments/document"_s);
        QCOMPARE(history.query(u"ru"_s).toString(), u"from=2026-01-01&to=2026-10-31&lang=ru"_s);
        QCOMPARE(history.cacheId(), u"payment_history:2026-01-01:2026-10-31"_s);
        QVERIFY(DocumentRequest::invoicePackage(5).isStoredKind());
        QVERIFY(DocumentRequest::taxInvoice(5).isStoredKind());
    }

    void documentsListDecodes()
    {
        const QByteArray body = R"({"items": [
            {"id": "invoice_package:123", "kind": "invoice_package", "number": "2026-10-000123",
             "date": "2026-11-01", "period": "2026-10", "amount": "1238.88", "stored": true,
             "sha256": "ABCDEF", "signature_status": "unsigned"},
            {"id": "readings_act:202610", "kind": "readings_act", "number": "A-202610",
             "date": "2026-10-31", "period": "2026-10", "amount": null, "stored": false,
             "sha256": null, "signature_status": "unsigned"}]})";
        const auto list = documentsFromJson(body);
        QVERIFY(list);
        QCOMPARE(list.value().size(), 2);
        QCOMPARE(list.value()[0].amount->kopecks(), 123888);
        QCOMPARE(list.value()[0].sha256, u"abcdef"_s);
        QVERIFY(!list.value()[1].amount);
        QCOMPARE(list.value()[1].sha256, QString());
        // An amount as a JSON number went through a double: refused.
        QVERIFY(!documentsFromJson(R"({"items": [{"id": "tax_invoice:1", "kind": "tax_invoice",
            "period": "2026-10", "amount": 12.5}]})"));
        QVERIFY(!documentsFromJson("[]"));
    }

    void documentListModel()
    {
        DocumentListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(m.columnCount(), int(DocumentListModel::ColumnCount));
        m.setItems({item(u"invoice_package:123"_s, u"invoice_package"_s, u"2026-10-000123"_s,
                         QDate(2026, 11, 1), Period(2026, 10), Money::fromKopecks(123888), true),
                    item(u"tax_invoice:45"_s, u"tax_invoice"_s, u"45"_s, QDate(2026, 10, 31),
                         Period(2026, 10), Money::fromKopecks(2000000), false),
                    item(u"readings_act:202610"_s, u"readings_act"_s, u"A-1"_s, QDate(2026, 10, 31),
                         Period(2026, 10), std::nullopt, false)});
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.text(0, DocumentListModel::Kind), u"Invoice package"_s);
        QCOMPARE(m.text(1, DocumentListModel::Kind), u"Tax invoice"_s);
        QCOMPARE(m.text(2, DocumentListModel::Kind), u"Readings act"_s);
        QCOMPARE(m.text(0, DocumentListModel::Signature), u"Not signed"_s);
        QCOMPARE(m.text(0, DocumentListModel::Stored), u"Yes"_s);
        QCOMPARE(m.text(1, DocumentListModel::Stored), u"No"_s);
        QCOMPARE(m.text(2, DocumentListModel::Amount), QString());
        QVERIFY(m.text(0, DocumentListModel::Amount).contains(u"238.88"_s));
        QVERIFY(!m.text(0, DocumentListModel::Month).isEmpty());
        // Sorted by amount (kopecks, not text): the act (none) first, then 1 238,88, 20 000,00;
        // the ids still name the right items.
        m.sort(DocumentListModel::Amount, Qt::AscendingOrder);
        QCOMPARE(m.text(0, DocumentListModel::Kind), u"Readings act"_s);
        QCOMPARE(m.text(2, DocumentListModel::Kind), u"Tax invoice"_s);
        const qint64 id = m.index(2, 0).data(BillingTableModel::IdRole).toLongLong();
        QVERIFY(m.item(id));
        QCOMPARE(m.item(id)->id, u"tax_invoice:45"_s);
        QVERIFY(!m.item(0));
        QVERIFY(!m.item(4));
        m.setItems({});
        QCOMPARE(m.rowCount(), 0);
    }

    void storeKeepsDocuments()
    {
        QTemporaryDir dir;
        LocalStore store;
        QCOMPARE(store.open(dir.filePath(u"s.db"_s)).code(), QString());
        QCOMPARE(store.schemaVersion(), LocalStore::latestSchemaVersion());
        const AccountId account(3);
        QVERIFY(!store.cachedDocument(u"h:1"_s, account, u"invoice_package:1"_s, u"uk"_s));
        QVERIFY(
            store
                .cacheDocument(u"h:1"_s, account, u"invoice_package:1"_s, u"uk"_s, sha256(m_pdf), m_pdf, 1000)
                .isNull());
        const auto c = store.cachedDocument(u"h:1"_s, account, u"invoice_package:1"_s, u"uk"_s);
        QVERIFY(c);
        QCOMPARE(c->pdf, m_pdf);
        QCOMPARE(c->sha256, sha256(m_pdf));
        QCOMPARE(c->fetchedAtMs, 1000);
        // Another language, server or account is another document.
        QVERIFY(!store.cachedDocument(u"h:1"_s, account, u"invoice_package:1"_s, u"ru"_s));
        QVERIFY(!store.cachedDocument(u"h:2"_s, account, u"invoice_package:1"_s, u"uk"_s));
        QVERIFY(!store.cachedDocument(u"h:1"_s, AccountId(4), u"invoice_package:1"_s, u"uk"_s));
        // A newer download replaces the copy.
        QVERIFY(
            store.cacheDocument(u"h:1"_s, account, u"invoice_package:1"_s, u"uk"_s, u"x"_s, "%PDF-2", 2000)
                .isNull());
        QCOMPARE(store.cachedDocument(u"h:1"_s, account, u"invoice_package:1"_s, u"uk"_s)->pdf, "%PDF-2");
    }

    void opensFromTheStoreOffline()
    {
        // Downloaded once (kept in the store), then the server is gone: the viewer opens the copy
        // at once, marked with its time, and says why it is not fresher.
        QTemporaryDir dir;
        LocalStore store;
        QVERIFY(store.open(dir.filePath(u"s.db"_s)).isNull());
        CertificateStore certificates;
        ApiClient api(&certificates);
        api.setBaseUrl(QUrl(u"https://127.0.0.1:1"_s)); // nobody listens there
        const AccountId account(3);
        const auto request = DocumentRequest::readingsAct(Period(2026, 10), false);
        QSettings().setValue(u"documents/language"_s, u"uk"_s);
        QVERIFY(store
                    .cacheDocument(api.hostKey(), account, request.cacheId(), u"uk"_s, sha256(m_pdf), m_pdf,
                                   QDateTime(QDate(2026, 11, 20), QTime(10, 30)).toMSecsSinceEpoch())
                    .isNull());
        DocumentOpener opener(&api);
        opener.setStore(&store);
        bool done = false;
        bool fromServer = true;
        connect(&opener, &DocumentOpener::viewerLoaded, this,
                [&](DocumentViewer *, bool server, const Error &) {
                    done = true;
                    fromServer = server;
                });
        DocumentViewer *v = opener.open({account, request, u"Readings act"_s, {}, {}}, nullptr);
        QVERIFY(v);
        // At once, before any answer.
        QCOMPARE(v->pageCount(), 3);
        QCOMPARE(v->bytes(), m_pdf);
        QVERIFY(v->statusLabel()->text().startsWith(u"As of "_s));
        QTRY_VERIFY(done);
        QVERIFY(!fromServer);
        QVERIFY(v->statusLabel()->text().startsWith(u"As of "_s));
        QVERIFY2(v->statusLabel()->text().size() >
                     u"As of 20/11/2026 10:30 (saved on this computer)."_s.size(),
                 qPrintable(v->statusLabel()->text())); // the reason follows
        QVERIFY(v->retryButton()->isVisible());
        QCOMPARE(v->pageCount(), 3);
        // Opening the same document again raises the same window; once closed, a new one.
        QCOMPARE(opener.open({account, request, u"Readings act"_s, {}, {}}, nullptr), v);
        v->close();
        done = false;
        DocumentViewer *again = opener.open({account, request, u"Readings act"_s, {}, {}}, nullptr);
        QVERIFY(again != v || again->isVisible());
        QCOMPARE(again->bytes(), m_pdf);
        QTRY_VERIFY(done);
        v = again;
        // Nothing kept and offline: the error in words, no pages.
        bool failed = false;
        connect(&opener, &DocumentOpener::viewerLoaded, this,
                [&](DocumentViewer *, bool, const Error &e) { failed = !e.isNull(); });
        DocumentViewer *none = opener.open(
            {account, DocumentRequest::turnover(Period(2026, 10)), u"Turnover statement"_s, {}, {}}, nullptr);
        QTRY_VERIFY(failed);
        QCOMPARE(none->pageCount(), 0);
        QVERIFY(!none->statusLabel()->text().isEmpty());
        QVERIFY(none->retryButton()->isVisible());
        v->close();
        none->close();
    }

    void storedCopyWithTheListsShaIsNotDownloaded()
    {
        QTemporaryDir dir;
        LocalStore store;
        QVERIFY(store.open(dir.filePath(u"s.db"_s)).isNull());
        CertificateStore certificates;
        ApiClient api(&certificates);
        api.setBaseUrl(QUrl(u"https://127.0.0.1:1"_s));
        const AccountId account(3);
        const auto request = DocumentRequest::invoicePackage(123);
        QSettings().setValue(u"documents/language"_s, u"uk"_s);
        QVERIFY(store.cacheDocument(api.hostKey(), account, request.cacheId(), u"uk"_s, sha256(m_pdf), m_pdf)
                    .isNull());
        DocumentOpener opener(&api);
        opener.setStore(&store);
        bool fromServer = false;
        connect(&opener, &DocumentOpener::viewerLoaded, this,
                [&](DocumentViewer *, bool server, const Error &) { fromServer = server; });
        DocumentViewer *v = opener.open({account, request, u"Invoice package"_s, {}, sha256(m_pdf)}, nullptr);
        // Confirmed by the list at once: no request, no "as of".
        QVERIFY(fromServer);
        QCOMPARE(v->pageCount(), 3);
        QVERIFY(!v->statusLabel()->isVisible());
        QVERIFY(!v->busyIndicator()->isBusy());
        v->close();
    }

    void readingsFormAsksForTheAct_data()
    {
        QTest::addColumn<int>("action");
        QTest::addColumn<bool>("blank");
        QTest::newRow("filled") << 0 << false;
        QTest::newRow("blank") << 1 << true;
    }

    void readingsFormAsksForTheAct()
    {
        QFETCH(int, action);
        QFETCH(bool, blank);
        ReadingsView view;
        QVERIFY(!view.readingsActButton()->isEnabled()); // no account yet
        view.setAccount(oblik::testing::accountFixture(), Period(2026, 10), QDate(2026, 11, 3));
        QVERIFY(view.readingsActButton()->isEnabled());
        QList<std::pair<Period, bool>> asked;
        connect(&view, &ReadingsView::readingsActRequested, this, [&asked](Period p, bool b) {
            asked.append({p, b});
        });
        view.readingsActButton()->menu()->actions().at(action)->trigger();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.first().first.yyyymm(), 202610);
        QCOMPARE(asked.first().second, blank);
    }

    void screenshot()
    {
        // OBLIK_SCREENSHOT_DIR=DIR: the viewer with a search on screen (hits highlighted, the
        // current one framed), to look at.
        const QString dir = qEnvironmentVariable("OBLIK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("OBLIK_SCREENSHOT_DIR not set");
        DocumentViewer v;
        v.resize(860, 700);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QVERIFY(v.openBytes(m_pdf, u"Invoice package 2026-10-000123"_s));
        v.showCached(QDateTime(QDate(2026, 11, 20), QTime(10, 30)));
        v.showFindBar();
        v.findField()->setText(u"kilowatt"_s);
        v.find(u"kilowatt"_s);
        v.findNext();
        QTest::qWait(1500); // pages render on a thread
        QVERIFY(v.grab().save(dir + u"/document-viewer.png"_s));
        v.zoomIn();
        v.zoomIn();
        v.find(u"рахунок"_s);
        QTest::qWait(1500);
        QVERIFY(v.grab().save(dir + u"/document-viewer-zoomed.png"_s));
    }

private:
    QByteArray m_pdf;
};

QTEST_MAIN(TestDocumentViewer)
#include "tst_documentviewer.moc"
