// Without a QGuiApplication (a plain QCoreApplication) the renderer answers an error instead of
// crashing in the font code, and the QR payload, which needs no fonts, still works.

#include "documents/renderer.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::documents;

class TstRendererNoGui : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void failsWithoutGui()
    {
        QVERIFY(!qobject_cast<QGuiApplication *>(QCoreApplication::instance()));
        InvoicePackageData d;
        d.header.supplier.name = u"ТОВ «Волиньелектрозбут»"_s;
        d.header.supplier.iban = u"UA213223130000026007233566001"_s;
        d.invoice.number = u"KV-2026-15"_s;
        d.invoice.gross = Money::fromKopecks(123888);
        Renderer r(DocLanguage::Uk);
        const Result<RenderedDocument> doc = r.invoicePackage(d);
        QVERIFY(!doc.ok());
        QCOMPARE(doc.error().code(), u"document.render_failed"_s);
        QVERIFY(doc.error().detail().contains(u"QGuiApplication"_s));
        QVERIFY(!r.readingsAct({}).ok());
        QVERIFY(!r.taxInvoice({}).ok());
        QVERIFY(!r.turnover({}).ok());
        QVERIFY(!r.paymentHistory({}).ok());
        QVERIFY(paymentQrPayload(d, DocLanguage::Uk).startsWith(u"https://bank.gov.ua/qr/"_s));
    }
};

QTEST_GUILESS_MAIN(TstRendererNoGui)
#include "tst_renderernogui.moc"
