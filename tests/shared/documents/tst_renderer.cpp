// The documents as PDFs, checked the way a reader would: pdftotext finds the numbers, requisites,
// totals and amounts in words; qpdf --check accepts the file; pdffonts shows only embedded DejaVu
// fonts (the library's own copy); pdfinfo counts the pages the renderer reported; the same input gives the
// same text. Labels are checked through the Renderer's own translation (English until uk/ru are translated).

#include "documents/amountinwords.h"
#include "documents/renderer.h"

#include <QElapsedTimer>

#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTranslator>
#include <ctime>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::documents;

namespace {

Money uah(qint64 kopecks)
{
    return Money::fromKopecks(kopecks);
}

DocumentHeader header()
{
    DocumentHeader h;
    h.supplier = {u"ТОВ «Волиньелектрозбут»"_s,
                  u"42093239"_s,
                  u"420932303019"_s,
                  u"UA213223130000026007233566001"_s,
                  u"АТ «Ощадбанк»"_s,
                  u"43000, м. Луцьк, вул. Коперника, 6"_s,
                  u"+380 332 777 111"_s};
    h.districtName = u"Ковельський ЦОК"_s;
    h.districtAddress = u"м. Ковель, вул. Незалежності, 120"_s;
    h.districtPhone = u"+380 3352 5 11 22"_s;
    h.consumer = {u"ТОВ «Агрофірма Колос»"_s, u"31234567"_s,
                  u"312345603011"_s,          u"UA903052992990004149123456789"_s,
                  u"АТ КБ «ПриватБанк»"_s,    u"45000, с. Зелене, вул. Шевченка, 14"_s,
                  u"+380 67 123 45 67"_s};
    h.accountNumber = u"KV-000123"_s;
    h.contractNumber = u"Д-2025/117"_s;
    h.contractDate = QDate(2025, 1, 15);
    return h;
}

billing::InvoiceLine line(billing::LineKind kind, domain::Zone zone, qint64 milli, qint64 tariff, qint64 num,
                          qint64 den, qint64 net, qint64 vat)
{
    billing::InvoiceLine l;
    l.kind = kind;
    l.zone = zone;
    l.quantity = Energy::fromMilli(milli);
    l.tariff = Tariff::fromHundredThousandths(tariff);
    l.coefficient = {num, den};
    l.net = uah(net);
    l.vat = uah(vat);
    l.gross = uah(net + vat);
    return l;
}

billing::PointBreakdown point(const QString &code, domain::Zone zone, qint64 consumption, qint64 subtracted)
{
    billing::PointBreakdown p;
    p.code = code;
    p.kind = domain::PointKind::Active;
    p.scheme = billing::ZoneScheme::TwoZones;
    p.zone = zone;
    p.consumption = Energy::fromMilli(consumption);
    p.subtracted = Energy::fromMilli(subtracted);
    p.payable = Energy::fromMilli(consumption - subtracted);
    return p;
}

// Two zones: day 840 kWh x 4.32 = 3 628,80; night 420 kWh x 4.32 x 0.5 = 907,20 (with VAT 20%).
InvoicePackageData package(bool qr = false)
{
    InvoicePackageData d;
    d.header = header();
    d.invoice.number = u"KV-2026-15"_s;
    d.invoice.type = billing::InvoiceType::ActiveEnergy;
    d.invoice.article = billing::Article::ActiveEnergy;
    d.invoice.period = Period(2026, 10);
    d.invoice.date = QDate(2026, 11, 5);
    d.invoice.dueDate = QDate(2026, 11, 20);
    d.invoice.lines = {
        line(billing::LineKind::ActiveEnergy, domain::Zone::Day, 840000, 432000, 1, 1, 302400, 60480),
        line(billing::LineKind::ActiveEnergy, domain::Zone::Night, 420000, 432000, 1, 2, 75600, 15120)};
    d.invoice.net = uah(378000);
    d.invoice.vat = uah(75600);
    d.invoice.gross = uah(453600);
    d.invoice.paid = uah(100000);
    d.breakdown = {point(u"P-0001"_s, domain::Zone::Day, 900000, 60000),
                   point(u"P-0001"_s, domain::Zone::Night, 450000, 30000)};
    d.openingBalance = uah(120050);
    d.chargedInPeriod = uah(453600);
    d.paidInPeriod = uah(220050);
    d.toPay = uah(353600);
    d.paymentQr = qr;
    return d;
}

ReadingsActData act(int rows, bool blank)
{
    ReadingsActData d;
    d.header = header();
    d.period = Period(2026, 10);
    d.date = QDate(2026, 11, 1);
    d.blank = blank;
    for (int i = 0; i < rows; ++i) {
        ReadingsActRow r;
        r.objectName = u"Склад № %1"_s.arg(i / 3 + 1);
        r.pointCode = u"P-%1"_s.arg(i + 1, 4, 10, QChar(u'0'));
        r.meterNumber = u"NIK-%1"_s.arg(700000 + i);
        r.meterModel = u"NIK 2303"_s;
        r.ratio = i % 5 == 0 ? 40 : 1;
        r.zone = i % 2 ? domain::Zone::Night : domain::Zone::Day;
        r.previousDate = QDate(2026, 10, 1);
        r.previousValue = Energy::fromMilli((10000 + i) * 1000 + 125);
        r.currentDate = QDate(2026, 10, 31);
        r.currentValue = Energy::fromMilli((30000 + i) * 1000 + 750);
        r.consumption = Energy::fromMilli(((30000 + i) * 1000 + 750 - (10000 + i) * 1000 - 125) * r.ratio);
        r.state = u"processed"_s;
        d.rows.append(r);
    }
    return d;
}

TaxInvoiceData taxInvoice()
{
    TaxInvoiceData d;
    d.header = header();
    d.number = u"ПН-2026-0415"_s;
    d.date = QDate(2026, 10, 31);
    d.invoiceNumber = u"KV-2026-15"_s;
    d.period = Period(2026, 10);
    d.lines = package().invoice.lines;
    d.net = uah(378000);
    d.vat = uah(75600);
    d.gross = uah(453600);
    return d;
}

TurnoverData turnover()
{
    TurnoverData d;
    d.header = header();
    d.period = Period(2026, 10);
    d.date = QDate(2026, 11, 2);
    const qint64 v[5][6] = {{120050, 0, 453600, 220050, 353600, 0},
                            {0, 1500, 9870, 10000, 0, 1630},
                            {31000, 0, 0, 31000, 0, 0},
                            {0, 0, 54000, 0, 54000, 0},
                            {1234, 0, 0, 0, 1234, 0}};
    for (int i = 0; i < 5; ++i) {
        billing::TurnoverRow r;
        r.article = billing::kAllArticles[i];
        r.period = d.period;
        r.openingDebit = uah(v[i][0]);
        r.openingCredit = uah(v[i][1]);
        r.charged = uah(v[i][2]);
        r.paid = uah(v[i][3]);
        r.closingDebit = uah(v[i][4]);
        r.closingCredit = uah(v[i][5]);
        d.rows.append(r);
    }
    return d;
}

PaymentHistoryData payments()
{
    PaymentHistoryData d;
    d.header = header();
    d.from = QDate(2026, 1, 1);
    d.to = QDate(2026, 11, 24);
    d.date = QDate(2026, 11, 25);
    for (int i = 0; i < 14; ++i) {
        PaymentHistoryRow r;
        r.paidOn = QDate(2026, 11, 20).addDays(-21 * i);
        r.article = i % 4 == 3 ? billing::Article::ReactiveEnergy : billing::Article::ActiveEnergy;
        r.amount = uah(100000 + i * 1111);
        r.bank = u"АТ КБ «ПриватБанк»"_s;
        r.purpose = u"Оплата за електроенергію, рахунок № KV-2026-%1, о/р KV-000123"_s.arg(15 - i);
        r.invoiceNumbers = {u"KV-2026-%1"_s.arg(15 - i)};
        r.unallocated = i == 0 ? uah(5025) : Money();
        d.rows.append(r);
    }
    return d;
}

struct Tool
{
    int exitCode = -1;
    QString out;
};

Tool run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())};
}

// Group separators of uk/ru numbers are U+00A0 / U+202F; a reader types a space.
QString normalised(QString s)
{
    s.replace(QChar(0x00A0), u' ').replace(QChar(0x202F), u' ');
    return s;
}

QString flat(const QString &s)
{
    return normalised(s).simplified();
}

} // namespace

class TstRenderer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_file = 0;

    QString write(const QByteArray &pdf)
    {
        // Named after the test, so that OBLIK_KEEP_DOCUMENTS=1 leaves files one can look at.
        QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');
        const QString path = m_dir.filePath(u"%1%2-%3.pdf"_s
                                                .arg(QString::fromLatin1(QTest::currentTestFunction()),
                                                     tag.isEmpty() ? QString() : u"-"_s + tag)
                                                .arg(++m_file));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(pdf) != pdf.size())
            return {};
        return path;
    }
    // The text as pdftotext finds it (layout mode keeps table rows on one line).
    QString text(const QByteArray &pdf, bool layout = true)
    {
        QStringList args;
        if (layout)
            args << u"-layout"_s;
        args << write(pdf) << u"-"_s;
        const Tool t = run(u"pdftotext"_s, args);
        return t.exitCode == 0 ? normalised(t.out) : QString();
    }
    // A label as the Renderer prints it in the language: its translation, else the English source.
    static QString label(DocLanguage language, const char *source)
    {
        QTranslator t;
        if (t.load(u":/i18n/oblik_"_s + toString(language) + u".qm"_s)) {
            const QString s = t.translate("oblik::documents::Renderer", source);
            if (!s.isEmpty())
                return s;
        }
        return QString::fromUtf8(source);
    }
    static QString money(qint64 kopecks, DocLanguage language)
    {
        return normalised(Money::fromKopecks(kopecks).format(
            language == DocLanguage::Ru ? QLocale(QLocale::Russian, QLocale::Russia)
                                        : QLocale(QLocale::Ukrainian, QLocale::Ukraine)));
    }
    static QString energy(qint64 milli, DocLanguage language)
    {
        return normalised(Energy::fromMilli(milli).format(
            language == DocLanguage::Ru ? QLocale(QLocale::Russian, QLocale::Russia)
                                        : QLocale(QLocale::Ukrainian, QLocale::Ukraine)));
    }
    // The checks every document passes.
    void checkPdf(const RenderedDocument &doc)
    {
        QVERIFY(doc.pdf.startsWith("%PDF-1."));
        QVERIFY(doc.pages > 0);
        QVERIFY(!doc.title.isEmpty());
        const QString path = write(doc.pdf);
        const Tool check = run(u"qpdf"_s, {u"--check"_s, path});
        QVERIFY2(check.exitCode == 0, qPrintable(check.out));
        const Tool info = run(u"pdfinfo"_s, {path});
        QCOMPARE(info.exitCode, 0);
        const QRegularExpressionMatch pages = QRegularExpression(u"Pages:\\s+(\\d+)"_s).match(info.out);
        QVERIFY(pages.hasMatch());
        QCOMPARE(pages.captured(1).toInt(), doc.pages);
        QVERIFY2(info.out.contains(doc.title), qPrintable(info.out));
        QVERIFY(QRegularExpression(u"Page size:\\s+(595(\\.\\d+)? x 84[12]|84[12](\\.\\d+)? x 595)"_s)
                    .match(info.out)
                    .hasMatch());
        // pdffonts: name type encoding emb sub uni object ID; every font embedded, all DejaVu Sans.
        const Tool fonts = run(u"pdffonts"_s, {path});
        QCOMPARE(fonts.exitCode, 0);
        const QStringList lines = fonts.out.split(u'\n', Qt::SkipEmptyParts).mid(2);
        QVERIFY2(!lines.isEmpty(), qPrintable(fonts.out));
        bool regular = false, bold = false;
        for (const QString &l : lines) {
            const QStringList cols = l.split(u' ', Qt::SkipEmptyParts);
            QVERIFY2(cols.size() >= 7, qPrintable(l));
            // The library's own copy (renamed, without hinting), never the system's DejaVu Sans.
            QVERIFY2(cols[0].contains(u"OblikDejaVuSans"_s), qPrintable(l));
            QVERIFY2(cols[cols.size() - 5] == u"yes"_s, qPrintable(u"not embedded: "_s + l));
            regular |= !cols[0].contains(u"Bold"_s);
            bold |= cols[0].contains(u"Bold"_s);
        }
        QVERIFY2(regular && bold, qPrintable(fonts.out));
    }
    void checkPageNumbers(const QString &t, const RenderedDocument &doc, DocLanguage language)
    {
        const QString format = label(language, "Page %1 of %2");
        for (int i = 1; i <= doc.pages; ++i)
            QVERIFY2(t.contains(format.arg(i).arg(doc.pages)), qPrintable(format.arg(i).arg(doc.pages)));
        QVERIFY(!t.contains(format.arg(doc.pages + 1).arg(doc.pages)));
    }
    void checkParties(const QString &flatText)
    {
        const DocumentHeader h = header();
        for (const QString &s :
             {h.supplier.name, h.supplier.edrpou, h.supplier.ipn, h.supplier.iban, h.supplier.bank,
              h.supplier.phone, h.consumer.name, h.consumer.edrpou, h.consumer.iban, h.consumer.bank,
              h.accountNumber, h.contractNumber, h.districtName})
            QVERIFY2(flatText.contains(s), qPrintable(s));
    }
    // Dark pixels of the first page rendered at 40 dpi: how much is drawn.
    qint64 inkOnFirstPage(const QByteArray &pdf)
    {
        const QString path = write(pdf);
        const QString out = m_dir.filePath(u"ink%1"_s.arg(m_file));
        const Tool t = run(u"pdftoppm"_s, {u"-r"_s, u"40"_s, u"-f"_s, u"1"_s, u"-l"_s, u"1"_s, u"-gray"_s,
                                           u"-singlefile"_s, path, out});
        if (t.exitCode != 0)
            return -1;
        QImage image(out + u".pgm"_s);
        if (image.isNull())
            return -1;
        image = image.convertToFormat(QImage::Format_Grayscale8);
        qint64 ink = 0;
        for (int y = 0; y < image.height(); ++y) {
            const uchar *row = image.constScanLine(y);
            for (int x = 0; x < image.width(); ++x)
                ink += row[x] < 128;
        }
        return ink;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (qEnvironmentVariableIntValue("OBLIK_KEEP_DOCUMENTS")) {
            m_dir.setAutoRemove(false);
            qInfo("documents kept in %s", qPrintable(m_dir.path()));
        }
        for (const QString &tool : {u"pdftotext"_s, u"pdfinfo"_s, u"pdffonts"_s, u"qpdf"_s, u"pdftoppm"_s})
            QVERIFY2(run(tool, {u"-v"_s}).exitCode >= 0,
                     qPrintable(tool + u" is missing (poppler-utils, qpdf)"_s));
    }

    void invoicePackage_data()
    {
        QTest::addColumn<DocLanguage>("language");
        QTest::newRow("uk") << DocLanguage::Uk;
        QTest::newRow("ru") << DocLanguage::Ru;
    }
    void invoicePackage()
    {
        QFETCH(DocLanguage, language);
        Renderer renderer(language);
        QVERIFY(renderer.language() == language);
        const Result<RenderedDocument> doc = renderer.invoicePackage(package(true));
        QVERIFY2(doc.ok(), qPrintable(doc.ok() ? QString() : doc.error().detail()));
        checkPdf(doc.value());
        // Invoice, breakdown, information message, acceptance act, zone-tariff act: a page each.
        QCOMPARE(doc.value().pages, 5);
        const QString t = text(doc.value().pdf);
        const QString f = flat(text(doc.value().pdf, false));
        checkPageNumbers(t, doc.value(), language);
        checkParties(f);
        QVERIFY(t.contains(u"KV-2026-15"_s));
        QVERIFY(t.contains(u"05.11.2026"_s));
        QVERIFY(t.contains(u"20.11.2026"_s)); // due date
        // Lines: quantities, tariff, coefficients, net / VAT / gross per line and the totals.
        for (qint64 m : {840000, 420000, 900000, 450000, 60000, 30000})
            QVERIFY2(t.contains(energy(m, language)), qPrintable(energy(m, language)));
        QVERIFY(t.contains(language == DocLanguage::Ru ? u"4,32000"_s : u"4,32000"_s));
        QVERIFY(t.contains(u"0,5"_s));
        for (qint64 k : {302400, 60480, 362880, 75600, 15120, 90720, 378000, 453600, 120050, 220050, 353600})
            QVERIFY2(t.contains(money(k, language)), qPrintable(money(k, language)));
        // Amounts in words: the invoice's total and what the information message asks to pay.
        QVERIFY2(f.contains(flat(amountInWords(uah(453600), language))), qPrintable(f));
        QVERIFY(f.contains(flat(amountInWords(uah(353600), language))));
        // The zone act and the breakdown: point amounts rounded once (840 x 4.32 = 3 628,80).
        QVERIFY(t.count(u"P-0001"_s) >= 4);
        // The act names both parties' signature lines.
        QVERIFY(f.contains(label(language, "Supplier")));
        QVERIFY(f.contains(label(language, "Consumer")));
        QVERIFY(f.contains(label(language, "Act of reconciliation of zone-tariff metering")));
    }

    void packageWithoutZonesHasFourDocuments()
    {
        InvoicePackageData d = package();
        d.breakdown = {point(u"P-0009"_s, domain::Zone::Total, 1000000, 0)};
        d.invoice.lines = {
            line(billing::LineKind::ActiveEnergy, domain::Zone::Total, 1000000, 432000, 1, 1, 360000, 72000)};
        Renderer r(DocLanguage::Uk);
        const Result<RenderedDocument> doc = r.invoicePackage(d);
        QVERIFY(doc.ok());
        QCOMPARE(doc.value().pages, 4);
        QVERIFY(!text(doc.value().pdf)
                     .contains(label(DocLanguage::Uk, "Act of reconciliation of zone-tariff metering")));
    }

    // A meter replaced within the period by one of another scheme: the point has two night rows (two
    // zones at 0.5, three zones at 0.4) and the invoice two night lines. Each row is priced with its own
    // line: 100 kWh x 4.32 x 0.5 = 216,00 and 100 kWh x 4.32 x 0.4 = 172,80, not 216,00 twice.
    void replacedMeterRowsTakeTheirOwnLine()
    {
        InvoicePackageData d = package();
        billing::PointBreakdown half = point(u"P-0007"_s, domain::Zone::Night, 100000, 0);
        half.coefficient = {1, 2};
        half.tariff = Tariff::fromHundredThousandths(432000);
        billing::PointBreakdown threeZones = point(u"P-0007"_s, domain::Zone::Night, 100000, 0);
        threeZones.scheme = billing::ZoneScheme::ThreeZones;
        threeZones.coefficient = {2, 5};
        threeZones.tariff = Tariff::fromHundredThousandths(432000);
        d.breakdown = {half, threeZones};
        d.invoice.lines = {
            line(billing::LineKind::ActiveEnergy, domain::Zone::Night, 100000, 432000, 1, 2, 18000, 3600),
            line(billing::LineKind::ActiveEnergy, domain::Zone::Night, 100000, 432000, 2, 5, 14400, 2880)};
        d.invoice.net = uah(32400);
        d.invoice.vat = uah(6480);
        d.invoice.gross = uah(38880);
        Renderer r(DocLanguage::Uk);
        const Result<RenderedDocument> doc = r.invoicePackage(d);
        QVERIFY(doc.ok());
        const QString t = text(doc.value().pdf);
        // Each amount shows on the invoice's line, the breakdown's row and the zone act's row (a row
        // priced with the wrong line would show 216,00 twice more and 172,80 only once).
        QCOMPARE(t.count(money(21600, DocLanguage::Uk)), t.count(money(17280, DocLanguage::Uk)));
        QVERIFY(t.count(money(17280, DocLanguage::Uk)) >= 3);
    }

    // Two points of voltage classes with different tariffs (4.32 below 27.5 kV, 3.90 from it): the same
    // zone and coefficient, two lines. Each row is priced with its own tariff's line: 100 kWh x 3.90 =
    // 390,00, not 432,00 twice.
    void rowsOfTwoVoltageClassesTakeTheirOwnLine()
    {
        InvoicePackageData d = package();
        billing::PointBreakdown low = point(u"P-0001"_s, domain::Zone::Total, 100000, 0);
        low.scheme = billing::ZoneScheme::OneZone;
        low.tariff = Tariff::fromHundredThousandths(432000);
        billing::PointBreakdown high = point(u"P-0002"_s, domain::Zone::Total, 100000, 0);
        high.scheme = billing::ZoneScheme::OneZone;
        high.tariff = Tariff::fromHundredThousandths(390000);
        d.breakdown = {low, high};
        d.invoice.lines = {
            line(billing::LineKind::ActiveEnergy, domain::Zone::Total, 100000, 432000, 1, 1, 36000, 7200),
            line(billing::LineKind::ActiveEnergy, domain::Zone::Total, 100000, 390000, 1, 1, 32500, 6500)};
        d.invoice.net = uah(68500);
        d.invoice.vat = uah(13700);
        d.invoice.gross = uah(82200);
        Renderer r(DocLanguage::Uk);
        const Result<RenderedDocument> doc = r.invoicePackage(d);
        QVERIFY(doc.ok());
        const QString t = text(doc.value().pdf);
        // Each amount on the invoice's line and the breakdown's row (one-zone: no zone act).
        QCOMPARE(t.count(money(43200, DocLanguage::Uk)), t.count(money(39000, DocLanguage::Uk)));
        QVERIFY(t.count(money(39000, DocLanguage::Uk)) >= 2);
    }

    // A generation point's row lowers the invoice like its line: 100 kWh x 3.00 = −300,00, so that the
    // breakdown's rows add up to the total under them.
    void generationRowIsNegative()
    {
        InvoicePackageData d = package();
        billing::PointBreakdown active = point(u"P-0001"_s, domain::Zone::Total, 1000000, 0);
        active.scheme = billing::ZoneScheme::OneZone;
        billing::PointBreakdown generation = point(u"G-0001"_s, domain::Zone::Total, 100000, 0);
        generation.kind = domain::PointKind::Generation;
        generation.scheme = billing::ZoneScheme::OneZone;
        d.breakdown = {active, generation};
        d.invoice.lines = {
            line(billing::LineKind::ActiveEnergy, domain::Zone::Total, 1000000, 432000, 1, 1, 360000, 72000),
            line(billing::LineKind::GenerationCredit, domain::Zone::Total, 100000, 300000, 1, 1, -25000,
                 -5000)};
        d.invoice.net = uah(335000);
        d.invoice.vat = uah(67000);
        d.invoice.gross = uah(402000);
        Renderer r(DocLanguage::Uk);
        const Result<RenderedDocument> doc = r.invoicePackage(d);
        QVERIFY(doc.ok());
        const QString t = text(doc.value().pdf);
        // The invoice's line and the breakdown's row both show the credit as negative: 300,00 never
        // without its minus sign.
        const QString credit = money(30000, DocLanguage::Uk);
        const QString negative = money(-30000, DocLanguage::Uk);
        QVERIFY(t.count(negative) >= 2);
        QCOMPARE(t.count(credit), t.count(negative));
    }

    // A services invoice: each line shows its own description and its price in hryvnias (not as a
    // 5-decimal tariff); the package has no breakdown page (no metering points) but the act of
    // transfer of goods (services). A planned advance is the invoice page alone.
    void servicesAndAdvancePackages()
    {
        InvoicePackageData d = package();
        d.breakdown.clear();
        d.invoice.type = billing::InvoiceType::Services;
        d.invoice.article = billing::Article::Services;
        billing::InvoiceLine meter =
            line(billing::LineKind::Services, domain::Zone::Total, 1000, 85000000, 1, 1, 70833, 14167);
        meter.description = u"Заміна лічильника (лічильник замовника)"_s;
        billing::InvoiceLine seal =
            line(billing::LineKind::Services, domain::Zone::Total, 2000, 12000000, 1, 1, 20000, 4000);
        seal.description = u"Пломбування засобу обліку"_s;
        d.invoice.lines = {meter, seal};
        d.invoice.net = uah(90833);
        d.invoice.vat = uah(18167);
        d.invoice.gross = uah(109000);
        Renderer r(DocLanguage::Uk);
        const Result<RenderedDocument> doc = r.invoicePackage(d);
        QVERIFY(doc.ok());
        const QString t = text(doc.value().pdf);
        QVERIFY(t.contains(u"Заміна лічильника"_s));
        QVERIFY(t.contains(u"Пломбування засобу обліку"_s));
        QVERIFY2(t.contains(money(85000, DocLanguage::Uk)), qPrintable(t.left(3000)));
        QVERIFY2(!t.contains(u"850,00000"_s), "a service's price printed as a tariff");
        QVERIFY(!t.contains(u"Активна електрична енергія"_s));
        // Invoice, information message, act: three pages, the act of goods (services).
        QCOMPARE(doc.value().pages, 3);
        QVERIFY(t.contains(u"Акт приймання-передачі товарів (послуг)"_s));

        InvoicePackageData a = package();
        a.invoice.type = billing::InvoiceType::PlannedAdvance;
        a.breakdown.clear();
        const Result<RenderedDocument> advance = r.invoicePackage(a);
        QVERIFY(advance.ok());
        QCOMPARE(advance.value().pages, 1);
        QVERIFY(text(advance.value().pdf).contains(u"аванс"_s));
        // Settled (its period billed): it says so, and asks for nothing (no "remaining" line).
        a.invoice.settled = true;
        a.invoice.paid = uah(1000);
        const Result<RenderedDocument> settled = r.invoicePackage(a);
        QVERIFY(settled.ok());
        const QString st = text(settled.value().pdf);
        QVERIFY2(st.contains(u"аванс погашено"_s), qPrintable(st.left(2000)));
        QVERIFY(!st.contains(u"залишок"_s));
    }

    // An invoice with many lines: its table continues on the next page under a repeated header,
    // and the totals, amount in words and the QR code follow the last line.
    void longInvoiceContinuesOnNextPage()
    {
        InvoicePackageData d = package(true);
        d.invoice.lines.clear();
        qint64 net = 0, vat = 0;
        for (int i = 0; i < 45; ++i) {
            d.invoice.lines.append(line(billing::LineKind::ActiveEnergy, domain::Zone::Total,
                                        (100 + i) * 1000, 432000, 1, 1, 36000 + i * 360, 7200 + i * 72));
            net += 36000 + i * 360;
            vat += 7200 + i * 72;
        }
        d.invoice.net = uah(net);
        d.invoice.vat = uah(vat);
        d.invoice.gross = uah(net + vat);
        d.breakdown.clear();
        Renderer r(DocLanguage::Uk);
        const Result<RenderedDocument> doc = r.invoicePackage(d);
        QVERIFY(doc.ok());
        checkPdf(doc.value());
        // Invoice 2 pages, breakdown 2 (45 rows of lines without points), message, act 2.
        QVERIFY2(doc.value().pages >= 6, qPrintable(QString::number(doc.value().pages)));
        const QString t = text(doc.value().pdf);
        const QStringList pages = t.split(u'\f');
        QVERIFY(pages.size() >= 2);
        const QString head = label(DocLanguage::Uk, "Description");
        QVERIFY(pages[0].contains(head) && pages[1].contains(head));
        QVERIFY(!pages[0].contains(money(net + vat, DocLanguage::Uk)));
        QVERIFY(pages[1].contains(money(net + vat, DocLanguage::Uk)));
        QVERIFY(flat(pages[1]).contains(flat(amountInWords(uah(net + vat), DocLanguage::Uk))));
        QVERIFY(pages[1].contains(u"144,000"_s)); // the last line's quantity
    }

    // A correction invoice lowers the charge: negative amounts, in figures and words.
    void correctionInvoice()
    {
        InvoicePackageData d = package();
        d.invoice.type = billing::InvoiceType::Correction;
        d.invoice.correctsNumber = u"KV-2026-09"_s;
        d.invoice.lines = {
            line(billing::LineKind::ActiveEnergy, domain::Zone::Total, -100000, 432000, 1, 1, -36000, -7200)};
        d.invoice.net = uah(-36000);
        d.invoice.vat = uah(-7200);
        d.invoice.gross = uah(-43200);
        d.invoice.paid = Money();
        d.breakdown.clear();
        Renderer r(DocLanguage::Ru);
        const Result<RenderedDocument> doc = r.invoicePackage(d);
        QVERIFY(doc.ok());
        const QString f = flat(text(doc.value().pdf, false));
        QVERIFY(f.contains(u"KV-2026-09"_s));
        QVERIFY(f.contains(money(-43200, DocLanguage::Ru)));
        QVERIFY(f.contains(flat(amountInWords(uah(-43200), DocLanguage::Ru))));
        QVERIFY(!f.contains(label(DocLanguage::Ru, "Total to pay:")));
        // Nothing remains to pay on a credit: no QR code even where the supplier enabled it.
        d.paymentQr = true;
        const Result<RenderedDocument> withQr = r.invoicePackage(d);
        QVERIFY(withQr.ok());
        QCOMPARE(inkOnFirstPage(withQr.value().pdf), inkOnFirstPage(doc.value().pdf));
    }

    void acceptanceActKind_data()
    {
        QTest::addColumn<int>("article");
        QTest::addColumn<QString>("title");
        QTest::newRow("active") << int(billing::Article::ActiveEnergy)
                                << u"Act of acceptance and transfer of electric energy No. %1 dated %2"_s;
        QTest::newRow("over-limit") << int(billing::Article::OverLimit)
                                    << u"Act of acceptance and transfer of electric energy No. %1 dated %2"_s;
        QTest::newRow("reactive") << int(billing::Article::ReactiveEnergy)
                                  << u"Act of reactive energy compensation No. %1 dated %2"_s;
        QTest::newRow("services") << int(billing::Article::Services)
                                  << u"Act of transfer of goods (services) No. %1 dated %2"_s;
    }
    void acceptanceActKind()
    {
        QFETCH(int, article);
        QFETCH(QString, title);
        InvoicePackageData d = package();
        d.invoice.article = billing::Article(article);
        Renderer r(DocLanguage::Uk);
        const Result<RenderedDocument> doc = r.invoicePackage(d);
        QVERIFY(doc.ok());
        const QString f = flat(text(doc.value().pdf, false));
        const QByteArray source = title.toUtf8();
        const QString expected =
            label(DocLanguage::Uk, source.constData()).arg(u"KV-2026-15"_s, u"05.11.2026"_s);
        QVERIFY2(f.contains(expected), qPrintable(expected));
    }

    void paymentQrPayload_data()
    {
        QTest::addColumn<qint64>("gross");
        QTest::addColumn<qint64>("paid");
        QTest::addColumn<QString>("amount");
        QTest::newRow("unpaid") << qint64(453600) << qint64(0) << u"UAH4536.00"_s;
        QTest::newRow("part paid") << qint64(453600) << qint64(100000) << u"UAH3536.00"_s;
        QTest::newRow("overpaid") << qint64(453600) << qint64(500000) << u"UAH0.00"_s;
        QTest::newRow("kopecks") << qint64(123888) << qint64(0) << u"UAH1238.88"_s;
    }
    void paymentQrPayload()
    {
        QFETCH(qint64, gross);
        QFETCH(qint64, paid);
        QFETCH(QString, amount);
        InvoicePackageData d = package(true);
        d.invoice.gross = uah(gross);
        d.invoice.paid = uah(paid);
        const QString payload = documents::paymentQrPayload(d, DocLanguage::Uk);
        const QString prefix = u"https://bank.gov.ua/qr/"_s;
        QVERIFY(payload.startsWith(prefix));
        const QString encoded = payload.mid(prefix.size());
        QVERIFY2(QRegularExpression(u"^[A-Za-z0-9_-]+$"_s).match(encoded).hasMatch(), qPrintable(encoded));
        const auto decoded = QByteArray::fromBase64Encoding(
            encoded.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        QVERIFY(decoded);
        const QStringList lines = QString::fromUtf8(*decoded).split(u'\n');
        QCOMPARE(lines.size(), 13);
        QCOMPARE(lines[0], u"BCD"_s);
        QCOMPARE(lines[1], u"002"_s);
        QCOMPARE(lines[2], u"1"_s);
        QCOMPARE(lines[3], u"UCT"_s);
        QCOMPARE(lines[4], QString());
        QCOMPARE(lines[5], u"ТОВ «Волиньелектрозбут»"_s);
        QCOMPARE(lines[6], u"UA213223130000026007233566001"_s);
        QCOMPARE(lines[7], amount);
        QCOMPARE(lines[8], u"42093239"_s);
        QCOMPARE(lines[9], QString());
        QCOMPARE(lines[10], QString());
        QVERIFY(lines[11].contains(u"KV-2026-15"_s));
        QVERIFY(lines[11].contains(u"KV-000123"_s));
        QVERIFY(lines[11].size() <= 140);
        QCOMPARE(lines[12], QString());
    }

    void qrCodeIsDrawnOnlyWhenEnabled()
    {
        Renderer r(DocLanguage::Uk);
        const Result<RenderedDocument> with = r.invoicePackage(package(true));
        const Result<RenderedDocument> without = r.invoicePackage(package(false));
        QVERIFY(with.ok() && without.ok());
        const qint64 inkWith = inkOnFirstPage(with.value().pdf);
        const qint64 inkWithout = inkOnFirstPage(without.value().pdf);
        QVERIFY(inkWith > 0 && inkWithout > 0);
        // A 34 mm QR code is about half dark: at 40 dpi (1.57 px/mm) some 1 000 px more ink.
        QVERIFY2(inkWith > inkWithout + 600, qPrintable(u"%1 vs %2"_s.arg(inkWith).arg(inkWithout)));
        // The other pages are the same text.
        QCOMPARE(with.value().pages, without.value().pages);
    }

    void readingsAct_data()
    {
        QTest::addColumn<bool>("blank");
        QTest::addColumn<DocLanguage>("language");
        QTest::newRow("filled uk") << false << DocLanguage::Uk;
        QTest::newRow("blank uk") << true << DocLanguage::Uk;
        QTest::newRow("filled ru") << false << DocLanguage::Ru;
    }
    void readingsAct()
    {
        QFETCH(bool, blank);
        QFETCH(DocLanguage, language);
        const ReadingsActData data = act(120, blank);
        Renderer r(language);
        const Result<RenderedDocument> doc = r.readingsAct(data);
        QVERIFY(doc.ok());
        checkPdf(doc.value());
        QVERIFY2(doc.value().pages >= 3, qPrintable(QString::number(doc.value().pages)));
        const QString t = text(doc.value().pdf);
        checkPageNumbers(t, doc.value(), language);
        checkParties(flat(text(doc.value().pdf, false)));
        // The table's header is repeated on every page the table continues on.
        const QString head = label(language, "Object");
        QCOMPARE(t.count(head), doc.value().pages);
        for (const ReadingsActRow &row : data.rows) {
            QVERIFY2(t.contains(row.pointCode), qPrintable(row.pointCode));
            QVERIFY(t.contains(row.meterNumber));
            QVERIFY(t.contains(energy(row.previousValue->milli(), language)));
            // A blank act has no current values and no consumption: they are filled in by hand.
            QCOMPARE(t.contains(energy(row.currentValue->milli(), language)), !blank);
            QCOMPARE(t.contains(energy(row.consumption->milli(), language)), !blank);
        }
        QCOMPARE(t.contains(u"31.10.2026"_s), !blank);
        QCOMPARE(t.count(label(language, "processed")), blank ? 0 : int(data.rows.size()));
        QVERIFY(t.contains(u"01.10.2026"_s));
    }

    void taxInvoice()
    {
        const TaxInvoiceData data = ::taxInvoice();
        Renderer r(DocLanguage::Uk);
        const Result<RenderedDocument> doc = r.taxInvoice(data);
        QVERIFY(doc.ok());
        checkPdf(doc.value());
        const QString t = text(doc.value().pdf);
        const QString f = flat(text(doc.value().pdf, false));
        checkParties(f);
        checkPageNumbers(t, doc.value(), DocLanguage::Uk);
        QVERIFY(t.contains(u"ПН-2026-0415"_s));
        QVERIFY(t.contains(u"KV-2026-15"_s));
        QVERIFY(t.contains(u"31.10.2026"_s));
        QVERIFY(f.contains(header().consumer.ipn));
        for (qint64 k : {378000, 75600, 453600, 302400, 60480})
            QVERIFY2(t.contains(money(k, DocLanguage::Uk)), qPrintable(money(k, DocLanguage::Uk)));
        QVERIFY(f.contains(flat(amountInWords(uah(453600), DocLanguage::Uk))));
        QVERIFY(doc.value().title.contains(u"ПН-2026-0415"_s));
    }

    void turnoverStatement()
    {
        const TurnoverData data = ::turnover();
        Renderer r(DocLanguage::Uk);
        const Result<RenderedDocument> doc = r.turnover(data);
        QVERIFY(doc.ok());
        checkPdf(doc.value());
        const QString t = text(doc.value().pdf);
        const QString f = flat(text(doc.value().pdf, false));
        checkParties(f);
        // Each row's figures, and the total row the renderer sums (computed here independently).
        qint64 sums[6] = {};
        for (const billing::TurnoverRow &row : data.rows) {
            const qint64 v[6] = {row.openingDebit.kopecks(), row.openingCredit.kopecks(),
                                 row.charged.kopecks(),      row.paid.kopecks(),
                                 row.closingDebit.kopecks(), row.closingCredit.kopecks()};
            QString expected;
            for (int i = 0; i < 6; ++i) {
                sums[i] += v[i];
                expected += money(v[i], DocLanguage::Uk) + u' ';
            }
            QVERIFY2(flat(t).contains(expected.trimmed()), qPrintable(expected));
        }
        QString totals;
        for (qint64 s : sums)
            totals += money(s, DocLanguage::Uk) + u' ';
        QVERIFY2(flat(t).contains(totals.trimmed()), qPrintable(totals + u"\n"_s + t));
        // Closing debt 4 088,34 - 16,30 = 4 072,04, in words.
        QCOMPARE(sums[4] - sums[5], qint64(407204));
        QVERIFY(f.contains(money(407204, DocLanguage::Uk)));
        QVERIFY(f.contains(flat(amountInWords(uah(407204), DocLanguage::Uk))));
    }

    void paymentHistory()
    {
        const PaymentHistoryData data = ::payments();
        Renderer r(DocLanguage::Ru);
        const Result<RenderedDocument> doc = r.paymentHistory(data);
        QVERIFY(doc.ok());
        checkPdf(doc.value());
        const QString t = text(doc.value().pdf);
        const QString f = flat(text(doc.value().pdf, false));
        checkParties(f);
        qint64 total = 0;
        for (const PaymentHistoryRow &row : data.rows) {
            total += row.amount.kopecks();
            QVERIFY(t.contains(row.paidOn.toString(u"dd.MM.yyyy"_s)));
            QVERIFY(t.contains(money(row.amount.kopecks(), DocLanguage::Ru)));
            QVERIFY(f.contains(row.invoiceNumbers.first()));
        }
        QVERIFY(t.contains(money(5025, DocLanguage::Ru)));
        QVERIFY(t.contains(money(total, DocLanguage::Ru)));
        QVERIFY(f.contains(flat(amountInWords(uah(total), DocLanguage::Ru))));
        QVERIFY(t.contains(u"01.01.2026"_s) && t.contains(u"24.11.2026"_s));
    }

    void sameInputSameText()
    {
        Renderer r(DocLanguage::Uk);
        const InvoicePackageData d = package(true);
        const Result<RenderedDocument> a = r.invoicePackage(d);
        const Result<RenderedDocument> b = Renderer(DocLanguage::Uk).invoicePackage(d);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(text(a.value().pdf), text(b.value().pdf));
        QCOMPARE(a.value().pages, b.value().pages);
        const Result<RenderedDocument> c = r.readingsAct(act(40, false));
        const Result<RenderedDocument> e = r.readingsAct(act(40, false));
        QCOMPARE(text(c.value().pdf), text(e.value().pdf));
        // And a different input gives a different text (the comparison can fail).
        InvoicePackageData other = d;
        other.invoice.number = u"KV-2026-16"_s;
        QVERIFY(text(r.invoicePackage(other).value().pdf) != text(a.value().pdf));
    }

    // The server renders on several threads at once, each with its own Renderer and language.
    void rendersOnThreads()
    {
        const InvoicePackageData d = package(true);
        const QString uk = text(Renderer(DocLanguage::Uk).invoicePackage(d).value().pdf);
        const QString ru = text(Renderer(DocLanguage::Ru).invoicePackage(d).value().pdf);
        QList<QByteArray> results(4);
        QList<QThread *> threads;
        for (int i = 0; i < results.size(); ++i) {
            threads.append(QThread::create([&results, &d, i] {
                Renderer r(i % 2 ? DocLanguage::Ru : DocLanguage::Uk);
                for (int k = 0; k < 3; ++k) {
                    const Result<RenderedDocument> doc = r.invoicePackage(d);
                    results[i] = doc.ok() ? doc.value().pdf : QByteArray();
                }
            }));
            threads.last()->start();
        }
        for (QThread *t : threads) {
            QVERIFY(t->wait(120000));
            delete t;
        }
        for (int i = 0; i < results.size(); ++i)
            QCOMPARE(text(results[i]), i % 2 ? ru : uk);
    }

    void emptyDocumentsRender()
    {
        Renderer r(DocLanguage::Uk);
        TurnoverData t;
        t.header = header();
        t.period = Period(2026, 10);
        QVERIFY(r.turnover(t).ok());
        PaymentHistoryData p;
        p.header = header();
        p.from = QDate(2026, 1, 1);
        p.to = QDate(2026, 2, 1);
        const Result<RenderedDocument> doc = r.paymentHistory(p);
        QVERIFY(doc.ok());
        QCOMPARE(doc.value().pages, 1);
        QVERIFY(r.readingsAct(act(0, true)).ok());
    }

    // Not a timed test: prints the rate for docs/documents.md (the benchmark measures it properly).
    void packagesPerSecond()
    {
        Renderer r(DocLanguage::Uk);
        const InvoicePackageData d = package(true);
        QVERIFY(r.invoicePackage(d).ok());
        // CPU time of this thread as well as wall time: on a busy machine the wall clock says little.
        auto cpuMs = [] {
            timespec ts{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
            return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
        };
        QElapsedTimer timer;
        timer.start();
        const double cpu0 = cpuMs();
        int n = 0;
        while (timer.elapsed() < 2000 || n < 5) {
            QVERIFY(r.invoicePackage(d).ok());
            ++n;
        }
        const double cpu = cpuMs() - cpu0;
        qInfo("invoice packages: %d in %lld ms wall = %.1f per second; %.0f ms CPU = %.1f per CPU second "
              "(one thread)",
              n, qint64(timer.elapsed()), n * 1000.0 / timer.elapsed(), cpu, n * 1000.0 / cpu);
    }
};

QTEST_MAIN(TstRenderer)
#include "tst_renderer.moc"
