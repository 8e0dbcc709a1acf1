// Export and print of the client's tables: a real InvoiceListModel and a real ReadingsModel in
// their views, exported through TableExport to .xlsx (read back with unzip: amounts are numeric
// cells with the number format, texts shared strings, dates Excel dates, the header frozen) and
// .csv (read back with an RFC 4180 parser: ";" quotes and line breaks survive, decimal comma or
// point, the formula guard), printed to a PDF that pdftotext reads; failures say why with the path.
#include "api/billingtypes.h"
#include "export/csvtablewriter.h"
#include "export/tableprinter.h"
#include "export/xlsxtablewriter.h"
#include "models/exportvalue.h"
#include "models/invoicelistmodel.h"
#include "models/readingsmodel.h"
#include "views/billingpage.h"
#include "views/tableexport.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QMenu>
#include <QPrinter>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using namespace oblik::domain;
using oblik::models::ExportRole;
using oblik::models::ExportValue;

namespace {

const QDate kToday(2026, 12, 1);
const Period kPeriod(2026, 11);

QByteArray unzip(const QString &file, const QString &member)
{
    QProcess p;
    p.start(u"unzip"_s, {u"-p"_s, file, member});
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return {};
    return p.readAllStandardOutput();
}

struct Cell
{
    QString type;  // t attribute: "s" for a shared string, "" for a number
    QString value; // <v>
    int style = 0;
};

// A worksheet read back: cells by reference ("E2"), shared strings resolved, the style's number
// format code.
struct Sheet
{
    QHash<QString, Cell> cells;
    QStringList strings;
    QHash<int, QString> numFmtOfStyle;
    QByteArray xml;

    QString text(const QString &ref) const
    {
        const Cell c = cells.value(ref);
        return c.type == u"s"_s ? strings.value(c.value.toInt()) : QString();
    }
    QString format(const QString &ref) const { return numFmtOfStyle.value(cells.value(ref).style); }
};

Sheet readXlsx(const QString &file)
{
    Sheet s;
    s.xml = unzip(file, u"xl/worksheets/sheet1.xml"_s);
    QXmlStreamReader x(s.xml);
    QString ref;
    while (!x.atEnd()) {
        x.readNext();
        if (x.isStartElement() && x.name() == u"c"_s) {
            ref = x.attributes().value(u"r"_s).toString();
            s.cells[ref] = {
                x.attributes().value(u"t"_s).toString(), {}, x.attributes().value(u"s"_s).toInt()};
        } else if (x.isStartElement() && x.name() == u"v"_s) {
            s.cells[ref].value = x.readElementText();
        }
    }
    QXmlStreamReader sx(unzip(file, u"xl/sharedStrings.xml"_s));
    while (!sx.atEnd()) {
        sx.readNext();
        if (sx.isStartElement() && sx.name() == u"si"_s)
            s.strings.append(QString());
        else if (sx.isStartElement() && sx.name() == u"t"_s)
            s.strings.last() += sx.readElementText();
    }
    // Styles: the built-in number formats used here and the file's own.
    QHash<int, QString> codes = {
        {0, u"General"_s}, {1, u"0"_s}, {2, u"0.00"_s}, {3, u"#,##0"_s}, {4, u"#,##0.00"_s}};
    QXmlStreamReader st(unzip(file, u"xl/styles.xml"_s));
    bool inCellXfs = false;
    int xf = 0;
    while (!st.atEnd()) {
        st.readNext();
        if (st.isStartElement() && st.name() == u"numFmt"_s)
            codes[st.attributes().value(u"numFmtId"_s).toInt()] =
                st.attributes().value(u"formatCode"_s).toString();
        else if (st.isStartElement() && st.name() == u"cellXfs"_s)
            inCellXfs = true;
        else if (st.isEndElement() && st.name() == u"cellXfs"_s)
            inCellXfs = false;
        else if (inCellXfs && st.isStartElement() && st.name() == u"xf"_s)
            s.numFmtOfStyle[xf++] = codes.value(st.attributes().value(u"numFmtId"_s).toInt());
    }
    return s;
}

// RFC 4180 with ";" (or another separator): fields, quotes doubled inside quoted fields.
QList<QStringList> parseCsv(const QString &text, QChar sep)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == sep) {
            row.append(field);
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n') {
            row.append(field);
            field.clear();
            rows.append(row);
            row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    return rows;
}

billing::Invoice invoice(qint64 id, const QString &number, QDate date, qint64 amount, qint64 paid)
{
    billing::Invoice i;
    i.id = id;
    i.number = number;
    i.type = u"active_energy"_s;
    i.article = u"active_energy"_s;
    i.period = Period::fromDate(date).previous();
    i.date = date;
    i.dueDate = date.addDays(20);
    i.amount = Money::fromKopecks(amount);
    i.paid = Money::fromKopecks(paid);
    i.remaining = Money::fromKopecks(std::max<qint64>(0, amount - paid));
    i.signatureStatus = u"unsigned"_s;
    return i;
}

// `points` metering points in objects of five, one register each, the last reading set.
AccountDetail bigAccount(int points)
{
    AccountDetail a;
    a.id = AccountId(1);
    a.number = u"2000000001"_s;
    qint64 id = 1;
    for (int made = 0, o = 0; made < points; ++o) {
        SiteObject object;
        object.id = ObjectId(o + 1);
        object.name = u"Object %1"_s.arg(o + 1);
        for (int k = 0; k < 5 && made < points; ++k, ++made, ++id) {
            MeteringPoint p;
            p.id = MeteringPointId(id);
            p.code = u"%1"_s.arg(id, 6, 10, QChar(u'0'));
            p.name = u"Point %1"_s.arg(id);
            p.kind = PointKind::Active;
            Meter m;
            m.id = MeterId(id);
            m.number = u"M%1"_s.arg(id);
            m.model = u"NIK 2303"_s;
            m.digits = 6;
            m.ratio = 1;
            m.verificationDue = kToday.addYears(3);
            Register r;
            r.id = RegisterId(id);
            Reading last;
            last.period = kPeriod.previous();
            last.takenOn = QDate(2026, 11, 2);
            last.value = Energy::fromMilli(1000000 + id * 1000);
            r.lastReading = last;
            m.registers = {r};
            p.meters = {m};
            object.meteringPoints.append(p);
        }
        a.objects.append(object);
    }
    return a;
}

QString waitForExport(TableExport &exporter, TableExport::Format format, const QString &path,
                      qint64 *ms = nullptr)
{
    QSignalSpy done(&exporter, &TableExport::finished);
    if (!exporter.startExport(format, path))
        return u"not started"_s;
    if (!done.wait(120000))
        return u"timed out"_s;
    if (ms)
        *ms = done.first().at(2).toLongLong();
    return done.first().at(1).toString();
}

// Group separators (no-break spaces) as plain spaces, as pdftotext gives them.
QString spaced(QString s)
{
    s.replace(QChar(0x00A0), u' ');
    s.replace(QChar(0x202F), u' ');
    return s;
}

QString pdfText(const QString &pdf)
{
    QProcess p;
    p.start(u"pdftotext"_s, {u"-layout"_s, pdf, u"-"_s});
    p.waitForFinished(60000);
    return spaced(QString::fromUtf8(p.readAllStandardOutput()));
}

} // namespace

class TestTableExport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::Ukrainian, QLocale::Ukraine));
        QVERIFY(m_dir.isValid());
        // OBLIK_TEST_KEEP=1 keeps the files (.xlsx, .csv, .pdf) for a look.
        if (qEnvironmentVariableIsSet("OBLIK_TEST_KEEP")) {
            m_dir.setAutoRemove(false);
            qInfo("files kept in %s", qPrintable(m_dir.path()));
        }
        if (QStandardPaths::findExecutable(u"unzip"_s).isEmpty())
            QFAIL("unzip is not installed (scripts/bootstrap installs it)");
    }

    void plainNumber_data()
    {
        QTest::addColumn<ExportValue>("value");
        QTest::addColumn<QString>("point");
        QTest::addColumn<QString>("comma");
        QTest::newRow("money") << ExportValue::fromMoney(Money::fromKopecks(123888)) << u"1238.88"_s
                               << u"1238,88"_s;
        QTest::newRow("kopecks") << ExportValue::fromMoney(Money::fromKopecks(-5)) << u"-0.05"_s
                                 << u"-0,05"_s;
        QTest::newRow("zero") << ExportValue::fromMoney(Money()) << u"0.00"_s << u"0,00"_s;
        QTest::newRow("energy") << ExportValue::fromEnergy(Energy::fromMilli(12345678)) << u"12345.678"_s
                                << u"12345,678"_s;
        QTest::newRow("tariff") << ExportValue::fromDecimal(432168, 5) << u"4.32168"_s << u"4,32168"_s;
        QTest::newRow("integer") << ExportValue::fromInteger(-40) << u"-40"_s << u"-40"_s;
        QTest::newRow("billions") << ExportValue::fromMoney(Money::fromKopecks(99999999999999))
                                  << u"999999999999.99"_s << u"999999999999,99"_s;
        QTest::newRow("text") << ExportValue::fromText(u"12"_s) << QString() << QString();
    }

    void plainNumber()
    {
        QFETCH(ExportValue, value);
        QFETCH(QString, point);
        QFETCH(QString, comma);
        QCOMPARE(value.plainNumber(), point);
        QCOMPARE(value.plainNumber(u','), comma);
    }

    void invoicesToXlsx()
    {
        InvoiceListModel model;
        model.setUnpaidOnly(true);
        model.setInvoices({invoice(1, u"KV-2026-15"_s, QDate(2026, 11, 5), 123888, 0),
                           invoice(2, u"KV-2026-09"_s, QDate(2026, 10, 5), 50000, 10001)});
        QTableView view;
        view.setModel(&model);
        TableExport exporter(&view, u"Unpaid invoices"_s);
        exporter.setInteractive(false);
        QCOMPARE(TableExport::of(&view), &exporter);
        QCOMPARE(view.actions().size(), 3); // the context menu's entries
        view.setColumnHidden(InvoiceListModel::Signature, true);

        const QString path = m_dir.filePath(u"invoices.xlsx"_s);
        QCOMPARE(waitForExport(exporter, TableExport::Format::Xlsx, path), QString());
        const Sheet s = readXlsx(path);
        QVERIFY2(!s.xml.isEmpty(), "sheet1.xml could not be read");
        // Header: shared strings, bold; the hidden column is not exported.
        QCOMPARE(s.text(u"A1"_s), model.headerData(0, Qt::Horizontal).toString());
        QCOMPARE(s.text(u"E1"_s), model.headerData(InvoiceListModel::Charged, Qt::Horizontal).toString());
        QCOMPARE(s.text(u"H1"_s), model.headerData(InvoiceListModel::Type, Qt::Horizontal).toString());
        QVERIFY(!s.cells.contains(u"I1"_s));
        // Row 2: the newest invoice. The number is text, amounts are numbers with their format.
        QCOMPARE(s.cells[u"A2"_s].type, u"s"_s);
        QCOMPARE(s.text(u"A2"_s), u"KV-2026-15"_s);
        QCOMPARE(s.cells[u"E2"_s].type, QString());
        QCOMPARE(s.cells[u"E2"_s].value, u"1238.88"_s);
        QCOMPARE(s.format(u"E2"_s), u"#,##0.00"_s);
        QVERIFY2(s.xml.contains("<c r=\"E2\" s=\"") && !s.xml.contains("<c r=\"E2\" t=\"s\""),
                 s.xml.constData());
        QCOMPARE(s.cells[u"F3"_s].value, u"100.01"_s); // paid of the older invoice
        QCOMPARE(s.cells[u"G3"_s].value, u"399.99"_s);
        // Dates are Excel dates: days since 1899-12-30, shown dd.mm.yyyy.
        QCOMPARE(s.cells[u"C2"_s].type, QString());
        QCOMPARE(s.cells[u"C2"_s].value.toLongLong(), QDate(1899, 12, 30).daysTo(QDate(2026, 11, 5)));
        QCOMPARE(s.format(u"C2"_s), u"dd.mm.yyyy"_s);
        // The totals row: the sums as numbers.
        QCOMPARE(s.text(u"A4"_s), model.text(2, 0));
        QCOMPARE(s.cells[u"E4"_s].value, u"1738.88"_s);
        // The header row is frozen and filtered.
        QVERIFY(s.xml.contains("ySplit=\"1\""));
        QVERIFY(s.xml.contains("state=\"frozen\""));
        QVERIFY(s.xml.contains("<autoFilter"));
    }

    void readingsToXlsx()
    {
        // A readings form of 5,000 registers: the export runs on a worker and takes little time.
        ReadingsModel model;
        model.setAccount(bigAccount(5000), kPeriod, kToday);
        // The first register typed: a current value and its consumption; the second one wrong (a
        // decimal on a meter without decimals), which is exported as typed.
        const QModelIndex object = model.index(0, 0);
        QVERIFY(model.setData(model.index(0, ReadingsModel::CurrentValueColumn, object), u"1012"_s));
        QVERIFY(model.setData(model.index(1, ReadingsModel::CurrentValueColumn, object), u"1012,5"_s));
        QVERIFY(!model.index(1, ReadingsModel::CurrentValueColumn, object)
                     .data(ReadingsModel::ErrorRole)
                     .toString()
                     .isEmpty());
        QCOMPARE(model.registerRowCount(), 5000);
        QTreeView view;
        view.setModel(&model);
        TableExport exporter(&view, u"Readings"_s);
        exporter.setInteractive(false);
        exporter.setContext([] { return TableExport::Context{u"Account 2000000001; November 2026"_s, {}}; });

        // What runs on the GUI thread: reading the rows.
        QElapsedTimer snap;
        snap.start();
        QCOMPARE(exporter.snapshot().rows.size(), 6000);
        qInfo("export.snapshot_5k_rows_ms: %lld (on the GUI thread)", qint64(snap.elapsed()));

        const QString path = m_dir.filePath(u"readings.xlsx"_s);
        qint64 ms = 0;
        QElapsedTimer wall;
        wall.start();
        QCOMPARE(waitForExport(exporter, TableExport::Format::Xlsx, path, &ms), QString());
        qInfo("export.xlsx_5k_rows_ms: %lld (snapshot + write), %lld wall", ms, qint64(wall.elapsed()));
        QVERIFY2(ms < 20000, qPrintable(u"5,000 rows took %1 ms"_s.arg(ms)));
        const Sheet s = readXlsx(path);
        // Object row 2, its first register row 3 (outline level 1), the last register row 6001.
        QCOMPARE(s.text(u"A2"_s), u"Object 1"_s);
        QCOMPARE(s.cells[u"L2"_s].type, QString());  // the object's consumption: a number
        QCOMPARE(s.cells[u"I3"_s].value, u"1001"_s); // previous value 1001.000
        QCOMPARE(s.format(u"I3"_s), u"#,##0.000"_s);
        QCOMPARE(s.cells[u"K3"_s].type, QString());
        QCOMPARE(s.cells[u"K3"_s].value, u"1012"_s); // typed "1012", exported as the number
        QCOMPARE(s.format(u"K3"_s), u"#,##0.000"_s);
        QCOMPARE(s.cells[u"L3"_s].value, u"11"_s); // consumption
        QCOMPARE(s.cells[u"L2"_s].value, u"11"_s); // the object's
        QCOMPARE(s.text(u"K4"_s), u"1012,5"_s);    // the wrong value as typed, a text
        QCOMPARE(s.cells[u"H3"_s].value.toLongLong(), QDate(1899, 12, 30).daysTo(QDate(2026, 11, 2)));
        QVERIFY(s.cells.contains(u"A6001"_s));
        QVERIFY(!s.cells.contains(u"A6002"_s));
        QVERIFY(s.xml.contains("outlineLevel=\"1\""));

        // CSV of the same form, timed too.
        const QString csv = m_dir.filePath(u"readings.csv"_s);
        QCOMPARE(waitForExport(exporter, TableExport::Format::Csv, csv, &ms), QString());
        qInfo("export.csv_5k_rows_ms: %lld", ms);
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QStringList> rows = parseCsv(QString::fromUtf8(f.readAll().mid(3)), u';');
        QCOMPARE(rows.size(), 6001);
        QCOMPARE(rows[2][ReadingsModel::CurrentValueColumn], u"1012,000"_s);
    }

    void csvRoundTrip_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("amount");
        QTest::newRow("uk") << u"uk"_s << u"1238,88"_s;
        QTest::newRow("ru") << u"ru"_s << u"1238,88"_s;
        QTest::newRow("en") << u"en"_s << u"1238.88"_s;
    }

    void csvRoundTrip()
    {
        QFETCH(QString, language);
        QFETCH(QString, amount);
        QStandardItemModel model(0, 3);
        model.setHorizontalHeaderLabels({u"Purpose"_s, u"Amount"_s, u"Note; \"quoted\""_s});
        const QStringList texts = {u"Payment; for \"October\""_s, u"two\nlines"_s, u"=SUM(A1:A9)"_s,
                                   u"plain"_s, u"Оплата за жовтень"_s};
        for (const QString &t : texts) {
            auto *money = new QStandardItem(u"1 238,88"_s);
            money->setData(QVariant::fromValue(ExportValue::fromMoney(Money::fromKopecks(123888))),
                           ExportRole);
            model.appendRow({new QStandardItem(t), money, new QStandardItem(u"-"_s)});
        }
        QTableView view;
        view.setModel(&model);
        TableExport exporter(&view, u"Payments"_s);
        exporter.setInteractive(false);
        const QChar point = CsvTableWriter::decimalPointFor(QLocale(language));
        const QString path = m_dir.filePath(u"payments-%1.csv"_s.arg(language));
        QCOMPARE(CsvTableWriter::write(exporter.snapshot(), path, point), QString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        QVERIFY(bytes.contains("\r\n"));
        const QList<QStringList> rows = parseCsv(QString::fromUtf8(bytes.mid(3)), u';');
        QCOMPARE(rows.size(), texts.size() + 1);
        QCOMPARE(rows[0], (QStringList{u"Purpose"_s, u"Amount"_s, u"Note; \"quoted\""_s}));
        QCOMPARE(rows[1][0], texts[0]);
        QCOMPARE(rows[2][0], texts[1]);
        QCOMPARE(rows[3][0], u"'=SUM(A1:A9)"_s); // never a formula in someone's Excel
        QCOMPARE(rows[5][0], texts[4]);
        for (int r = 1; r < rows.size(); ++r) {
            QCOMPARE(rows[r].size(), 3);
            QCOMPARE(rows[r][1], amount); // no group separator, the language's decimal sign
            QCOMPARE(rows[r][2], u"'-"_s);
        }
        // The quoting itself, as written.
        QVERIFY(bytes.contains("\"Payment; for \"\"October\"\"\";1"));
    }

    void errorsNameThePath()
    {
        InvoiceListModel model;
        model.setInvoices({invoice(1, u"KV-1"_s, QDate(2026, 11, 5), 100, 0)});
        QTableView view;
        view.setModel(&model);
        TableExport exporter(&view, u"Invoices"_s);
        exporter.setInteractive(false);
        // A folder that cannot exist: its parent is a file.
        QFile file(m_dir.filePath(u"plain-file"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        for (const auto format : {TableExport::Format::Xlsx, TableExport::Format::Csv}) {
            const QString path = m_dir.filePath(u"plain-file/invoices.out"_s);
            const QString error = waitForExport(exporter, format, path);
            QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
            QVERIFY(!QFile::exists(path));
        }
        // An existing good file stays as it was when a later export to it fails? Not applicable;
        // but a successful export replaces it whole.
        const QString good = m_dir.filePath(u"again.csv"_s);
        QCOMPARE(waitForExport(exporter, TableExport::Format::Csv, good), QString());
        QCOMPARE(waitForExport(exporter, TableExport::Format::Csv, good), QString());
        QVERIFY(QFile(good).size() > 0);
    }

    void printToPdf()
    {
        if (QStandardPaths::findExecutable(u"pdftotext"_s).isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        InvoiceListModel model;
        model.setUnpaidOnly(true);
        model.setInvoices({invoice(1, u"KV-2026-15"_s, QDate(2026, 11, 5), 123888, 0),
                           invoice(2, u"KV-2026-09"_s, QDate(2026, 10, 5), 50000, 10001)});
        QTableView view;
        view.setModel(&model);
        TableExport exporter(&view, u"Unpaid invoices"_s);
        exporter.setContext([] { return TableExport::Context{u"Account 2001234567, Ivan Petrenko"_s, {}}; });
        const TableSnapshot table = exporter.snapshot();
        QVERIFY(TablePrinter::prefersLandscape(table)); // nine columns
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        const QString pdf = m_dir.filePath(u"invoices.pdf"_s);
        printer.setOutputFileName(pdf);
        TableExport::preparePrinter(&printer, table);
        exporter.printTo(&printer);
        const QString text = pdfText(pdf);
        QVERIFY2(text.contains(u"Unpaid invoices"_s), qPrintable(text));
        QVERIFY2(text.contains(u"Account 2001234567, Ivan Petrenko"_s), qPrintable(text));
        QVERIFY2(text.contains(u"KV-2026-15"_s) && text.contains(u"KV-2026-09"_s), qPrintable(text));
        QVERIFY2(text.contains(spaced(model.text(0, InvoiceListModel::Charged))),
                 qPrintable(text)); // "1 238,88"
        QVERIFY2(text.contains(spaced(model.text(2, InvoiceListModel::Remaining))),
                 qPrintable(text)); // the total
        QVERIFY2(text.contains(model.headerData(InvoiceListModel::Remaining, Qt::Horizontal).toString()),
                 qPrintable(text));
        // Landscape A4: wider than high.
        QProcess info;
        info.start(u"pdfinfo"_s, {pdf});
        info.waitForFinished(30000);
        const QString out = QString::fromUtf8(info.readAllStandardOutput());
        QVERIFY2(out.contains(u"842 x 595"_s) || out.contains(u"841.89 x 595.276"_s) ||
                     out.contains(u"841.92 x 595.2"_s),
                 qPrintable(out));
    }

    void printLongForm()
    {
        // The readings form of 5,000 meters on paper: fast, every page numbered, the last row there.
        ReadingsModel model;
        model.setAccount(bigAccount(5000), kPeriod, kToday);
        QTreeView view;
        view.setModel(&model);
        TableExport exporter(&view, u"Readings"_s);
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        const QString pdf = m_dir.filePath(u"readings.pdf"_s);
        printer.setOutputFileName(pdf);
        const TableSnapshot table = exporter.snapshot();
        TableExport::preparePrinter(&printer, table);
        QElapsedTimer t;
        t.start();
        const int pages = TablePrinter::print(table, &printer);
        qInfo("print.5k_rows_ms: %lld (%d pages)", qint64(t.elapsed()), pages);
        QVERIFY(pages > 50);
        const QString text = pdfText(pdf);
        QVERIFY(text.contains(u"Page 1 of %1"_s.arg(pages)));
        QVERIFY(text.contains(u"Page %1 of %1"_s.arg(pages)));
        QVERIFY(text.contains(u"Object 1000"_s));
        QVERIFY(text.contains(u"M5000"_s));
        // The header row on every page.
        const QString header = model.headerData(ReadingsModel::MeterNumberColumn, Qt::Horizontal).toString();
        QVERIFY(text.count(header) >= pages);
    }

    void billingPageOffersExport()
    {
        // A billing page: each table has the actions in its context menu and the bar's button
        // offers them, one submenu per table when there are several.
        InvoiceListModel invoices, unpaid;
        invoices.setInvoices({invoice(1, u"KV-2026-15"_s, QDate(2026, 11, 5), 123888, 0)});
        unpaid.setUnpaidOnly(true);
        unpaid.setInvoices(invoices.invoices());
        BillingPage page(u"testPage"_s);
        page.addTable(&invoices, u"invoiceTable"_s);
        page.setExportTitle(u"Invoices"_s);
        page.setExportContext([] {
            return TableExport::Context{u"Account 2001234567"_s, u"Invoices 2001234567"_s};
        });
        page.resize(1000, 300);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(page.exportButton()->isVisible());
        QCOMPARE(page.table()->contextMenuPolicy(), Qt::ActionsContextMenu);
        QCOMPARE(page.table()->actions(), page.tableExport()->actions());
        QCOMPARE(page.tableExport()->title(), u"Invoices"_s);
        QCOMPARE(page.tableExport()->snapshot().heading, u"Account 2001234567"_s);
        QCOMPARE(page.tableExport()->suggestedFileName(TableExport::Format::Xlsx),
                 u"Invoices 2001234567.xlsx"_s);
        QMenu *menu = page.exportButton()->menu();
        QMetaObject::invokeMethod(menu, "aboutToShow");
        QCOMPARE(menu->actions(), page.tableExport()->actions());
        if (qEnvironmentVariableIsSet("OBLIK_TEST_KEEP"))
            page.grab().save(m_dir.filePath(u"billingpage.png"_s));

        page.addTable(&unpaid, u"unpaidTable"_s);
        page.setTableTitle(1, u"Unpaid invoices"_s);
        QCOMPARE(page.tableExport(1)->title(), u"Unpaid invoices"_s);
        QMetaObject::invokeMethod(menu, "aboutToShow");
        QCOMPARE(menu->actions().size(), 2);
        QCOMPARE(menu->actions().at(0)->text(), u"Invoices"_s);
        QCOMPARE(menu->actions().at(1)->menu()->actions(), page.tableExport(1)->actions());
    }
};

QTEST_MAIN(TestTableExport)
#include "tst_tableexport.moc"
