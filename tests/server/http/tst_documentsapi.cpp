// The documents API (docs/documents.md) over real HTTPS against a real `oblik-server serve` on the
// billed demo district: SQLite, or PostgreSQL when built as tst_documentsapi_postgres (needs
// OBLIK_TEST_PG_URL; skipped without it unless CI=true). PDFs are read back with pdftotext and checked
// with qpdf (poppler-utils, qpdf), so what is asserted is what a reader of the document sees.

#include "httptestsupport.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace oblik::test;
using namespace Qt::StringLiterals;

namespace {

QString money(qint64 kopecks)
{
    const qint64 a = kopecks < 0 ? -kopecks : kopecks;
    return u"%1%2,%3"_s.arg(kopecks < 0 ? u"-"_s : QString()).arg(a / 100).arg(a % 100, 2, 10, QChar(u'0'));
}

QString period(int yyyymm)
{
    return u"%1-%2"_s.arg(yyyymm / 100).arg(yyyymm % 100, 2, 10, QChar(u'0'));
}

// Text without any kind of space, so "1 238,88" (with a no-break or narrow space as the renderer's
// locale groups digits) matches "1238,88".
QString squeezed(const QString &s)
{
    QString out;
    for (const QChar c : s) {
        if (!c.isSpace() && c != QChar(0x00A0) && c != QChar(0x202F) && c != QChar(0x2009))
            out += c;
    }
    return out;
}

QString pdfText(const QByteArray &pdf, QString *error)
{
    QProcess p;
    p.start(u"pdftotext"_s, {u"-layout"_s, u"-"_s, u"-"_s});
    if (!p.waitForStarted(10000)) {
        *error = u"pdftotext: "_s + p.errorString();
        return {};
    }
    p.write(pdf);
    p.closeWriteChannel();
    p.waitForFinished(60000);
    if (p.exitCode() != 0)
        *error = QString::fromUtf8(p.readAllStandardError());
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

class TestDocumentsApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void listsDocuments();
    void invoicePackageIsStoredOnce();
    void taxInvoiceTurnoverAndPaymentHistory();
    void anotherConsumersAccountIsNotFound();
    void blankActHasNoCurrentValues();
    void badRangeAndPeriod();
    void cliWritesAValidPdf();
    void concurrentFirstRequestsStoreOneRow();

private:
    bool sql(const QString &statement, const QVariantList &values = {}, QList<QVariantList> *rows = nullptr);
    qint64 scalar(const QString &statement, const QVariantList &values = {});
    FixtureDb fixture() const;
    QJsonArray documents(qint64 account, const QString &token);

    QTemporaryDir m_dir;
    QString m_dbUrl, m_dbName;
    QUrl m_adminUrl;
    ServerProcess m_server;
    std::unique_ptr<HttpsClient> m_client;
    QString m_accountant, m_household;
    qint64 m_accountantAccount = 0, m_householdAccount = 0;
};

bool TestDocumentsApi::sql(const QString &statement, const QVariantList &values, QList<QVariantList> *rows)
{
    return fixtureSql(fixture(), statement, values, rows);
}

qint64 TestDocumentsApi::scalar(const QString &statement, const QVariantList &values)
{
    return fixtureScalar(fixture(), statement, values);
}

FixtureDb TestDocumentsApi::fixture() const
{
#ifdef OBLIK_DOCUMENTS_ON_POSTGRES
    return FixtureDb{true, {}, m_adminUrl, m_dbName};
#else
    return FixtureDb{false, m_dbUrl, {}, {}};
#endif
}

QJsonArray TestDocumentsApi::documents(qint64 account, const QString &token)
{
    const HttpReply r = m_client->get(u"/api/v1/accounts/%1/documents"_s.arg(account), token);
    if (r.status != 200)
        qWarning("documents: %d %s", r.status, r.body.constData());
    return r.json().value(u"items"_s).toArray();
}

void TestDocumentsApi::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (QStandardPaths::findExecutable(u"pdftotext"_s).isEmpty() ||
        QStandardPaths::findExecutable(u"qpdf"_s).isEmpty())
        QFAIL("pdftotext and qpdf are needed (poppler-utils, qpdf; scripts/bootstrap installs them)");
#ifdef OBLIK_DOCUMENTS_ON_POSTGRES
    const QString url = qEnvironmentVariable("OBLIK_TEST_PG_URL");
    if (url.isEmpty()) {
        if (qEnvironmentVariable("CI") == u"true")
            QFAIL("OBLIK_TEST_PG_URL is not set (CI=true)");
        QSKIP("OBLIK_TEST_PG_URL is not set: no PostgreSQL to test against");
    }
    m_adminUrl = QUrl(url);
    const QString name = u"oblik_documents_%1"_s.arg(QRandomGenerator::global()->bounded(1u << 30));
    QVERIFY(sql(u"CREATE DATABASE "_s + name)); // our own name: a fixed prefix and a number
    m_dbName = name;
    QUrl dbUrl = m_adminUrl;
    dbUrl.setPath(u'/' + m_dbName);
    m_dbUrl = dbUrl.toString();
#else
    m_dbUrl = sqliteUrl(m_dir.filePath(u"oblik.db"_s));
#endif
    // The default demo: 60 accounts, 12 closed periods billed and paid.
    const CliRun demo = runServerCli({u"demo"_s, u"--db"_s, m_dbUrl});
    QVERIFY2(demo.exitCode == 0 && !demo.crashed, demo.err.constData());
    QVERIFY(scalar(u"SELECT COUNT(*) FROM invoices"_s) > 0);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM documents"_s), 0);

    QVERIFY2(m_server.start({u"--db"_s, m_dbUrl, u"--listen"_s, u"127.0.0.1:0"_s, u"--state-dir"_s,
                             m_dir.filePath(u"tls"_s)}),
             qPrintable(m_server.error()));
    m_client =
        std::make_unique<HttpsClient>(m_server.baseUrl(), loadCertificate(m_server.announcedCertificate()));
    m_accountant = m_client->login(u"accountant"_s);
    m_household = m_client->login(u"household"_s);
    QVERIFY(!m_accountant.isEmpty() && !m_household.isEmpty());
    m_accountantAccount = m_client->firstAccountId(m_accountant);
    m_householdAccount = m_client->firstAccountId(m_household);
    QVERIFY(m_accountantAccount > 0 && m_householdAccount > 0 && m_accountantAccount != m_householdAccount);
}

void TestDocumentsApi::cleanupTestCase()
{
    if (m_server.process())
        QCOMPARE(m_server.stop(), 0);
}

void TestDocumentsApi::listsDocuments()
{
    const QJsonArray items = documents(m_accountantAccount, m_accountant);
    const qint64 invoices =
        scalar(u"SELECT COUNT(*) FROM invoices WHERE account_id = ?"_s, {m_accountantAccount});
    const qint64 taxes = scalar(u"SELECT COUNT(*) FROM tax_invoices t JOIN invoices i ON i.id = t.invoice_id "
                                u"WHERE i.account_id = ?"_s,
                                {m_accountantAccount});
    const qint64 periods =
        scalar(u"SELECT COUNT(DISTINCT r.period) FROM readings r JOIN registers g ON g.id = r.register_id "
               u"JOIN meters m ON m.id = g.meter_id JOIN metering_points p ON p.id = m.metering_point_id "
               u"JOIN objects o ON o.id = p.object_id WHERE o.account_id = ? AND r.state <> 'rejected'"_s,
               {m_accountantAccount});
    QVERIFY(invoices > 0 && periods > 0);
    QCOMPARE(qint64(items.size()), invoices + taxes + periods);
    QString previous = u"9999-12-31"_s;
    QHash<QString, int> kinds;
    for (const QJsonValue &v : items) {
        const QJsonObject o = v.toObject();
        const QString kind = o.value(u"kind"_s).toString();
        ++kinds[kind];
        QVERIFY(o.value(u"id"_s).toString().startsWith(kind + u':'));
        QVERIFY2(o.value(u"date"_s).toString() <= previous, "newest first");
        previous = o.value(u"date"_s).toString();
        QCOMPARE(o.value(u"stored"_s).toBool(), false); // nothing rendered yet
        QVERIFY(o.value(u"sha256"_s).isNull());
        QCOMPARE(o.value(u"signature_status"_s).toString(), u"unsigned"_s);
        QCOMPARE(o.value(u"amount"_s).isNull(), kind == u"readings_act");
        QVERIFY(!o.value(u"number"_s).toString().isEmpty());
    }
    QCOMPARE(kinds.value(u"invoice_package"_s), invoices);
    QCOMPARE(kinds.value(u"tax_invoice"_s), taxes);
    QCOMPARE(kinds.value(u"readings_act"_s), periods);
}

void TestDocumentsApi::invoicePackageIsStoredOnce()
{
    QList<QVariantList> rows;
    QVERIFY(
        sql(u"SELECT i.id, i.number, i.gross_kopecks, c.edrpou FROM invoices i "
            u"JOIN accounts a ON a.id = i.account_id JOIN contracts k ON k.id = a.contract_id "
            u"JOIN consumers c ON c.id = k.consumer_id WHERE i.account_id = ? AND i.gross_kopecks > 100000 "
            u"ORDER BY i.id DESC"_s,
            {m_accountantAccount}, &rows));
    QVERIFY(!rows.isEmpty());
    const qint64 invoice = rows.first().at(0).toLongLong();
    const QString number = rows.first().at(1).toString();
    const qint64 gross = rows.first().at(2).toLongLong();
    const QString edrpou = rows.first().at(3).toString();
    QCOMPARE(edrpou.size(), 8);

    const QString path = u"/api/v1/accounts/%1/invoices/%2/document"_s.arg(m_accountantAccount).arg(invoice);
    const HttpReply first = m_client->get(path, m_accountant);
    QVERIFY2(first.status == 200, first.body.left(500).constData());
    QCOMPARE(first.header("Content-Type"), QByteArray("application/pdf"));
    QVERIFY(first.body.startsWith("%PDF-1."));
    const QByteArray sha = QCryptographicHash::hash(first.body, QCryptographicHash::Sha256).toHex();
    QCOMPARE(first.header("X-Oblik-Sha256"), sha);
    QCOMPARE(first.header("ETag"), '"' + sha + '"');
    QCOMPARE(first.header("Content-Disposition"), "inline; filename=\"" + number.toLatin1() + ".pdf\"");

    QString error;
    const QString text = pdfText(first.body, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(text.contains(number), qPrintable(text.left(2000)));
    QVERIFY2(squeezed(text).contains(money(gross)), qPrintable(money(gross) + u'\n' + text.left(2000)));
    QVERIFY2(text.contains(edrpou), qPrintable(text.left(2000)));

    QCOMPARE(scalar(u"SELECT COUNT(*) FROM documents WHERE invoice_id = ?"_s, {invoice}), 1);
    const HttpReply second = m_client->get(path, m_accountant);
    QCOMPARE(second.status, 200);
    QVERIFY2(second.body == first.body, "the stored bytes, byte for byte");
    QCOMPARE(second.header("ETag"), first.header("ETag"));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM documents WHERE invoice_id = ?"_s, {invoice}), 1);
    QCOMPARE(scalar(u"SELECT size FROM documents WHERE invoice_id = ?"_s, {invoice}),
             qint64(first.body.size()));

    // The list says so.
    bool seen = false;
    for (const QJsonValue &v : documents(m_accountantAccount, m_accountant)) {
        const QJsonObject o = v.toObject();
        if (o.value(u"id"_s).toString() == u"invoice_package:%1"_s.arg(invoice)) {
            seen = true;
            QCOMPARE(o.value(u"stored"_s).toBool(), true);
            QCOMPARE(o.value(u"sha256"_s).toString().toLatin1(), sha);
        }
    }
    QVERIFY(seen);

    // Another language is another document (rendered and stored once too).
    const HttpReply ru = m_client->get(path + u"?lang=ru"_s, m_accountant);
    QCOMPARE(ru.status, 200);
    QVERIFY(ru.body != first.body);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM documents WHERE invoice_id = ?"_s, {invoice}), 2);
    QCOMPARE(m_client->get(path + u"?lang=de"_s, m_accountant).status, 400);
    // Not an invoice of the account.
    const HttpReply missing = m_client->get(
        u"/api/v1/accounts/%1/invoices/999999999/document"_s.arg(m_accountantAccount), m_accountant);
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json().value(u"code"_s).toString(), u"document.not_found"_s);
}

void TestDocumentsApi::taxInvoiceTurnoverAndPaymentHistory()
{
    QList<QVariantList> rows;
    QVERIFY(sql(u"SELECT t.id, t.number, i.period FROM tax_invoices t JOIN invoices i ON i.id = t.invoice_id "
                u"WHERE i.account_id = ? ORDER BY t.id DESC"_s,
                {m_accountantAccount}, &rows));
    QVERIFY2(!rows.isEmpty(), "the demo issues tax invoices");
    const qint64 tax = rows.first().at(0).toLongLong();
    const QString number = rows.first().at(1).toString();
    const int p = rows.first().at(2).toInt();
    const HttpReply t = m_client->get(
        u"/api/v1/accounts/%1/tax-invoices/%2/document"_s.arg(m_accountantAccount).arg(tax), m_accountant);
    QVERIFY2(t.status == 200, t.body.left(500).constData());
    QString error;
    QVERIFY(pdfText(t.body, &error).contains(number));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM documents WHERE tax_invoice_id = ?"_s, {tax}), 1);

    const HttpReply turnover = m_client->get(
        u"/api/v1/accounts/%1/turnover/document?period=%2"_s.arg(m_accountantAccount).arg(period(p)),
        m_accountant);
    QVERIFY2(turnover.status == 200, turnover.body.left(500).constData());
    QCOMPARE(turnover.header("Content-Type"), QByteArray("application/pdf"));
    const HttpReply history = m_client->get(
        u"/api/v1/accounts/%1/payments/document?from=2020-01-01&to=2024-12-31"_s.arg(m_accountantAccount),
        m_accountant);
    QVERIFY2(history.status == 200, history.body.left(500).constData());
    // Neither is stored.
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM documents WHERE kind NOT IN ('invoice_package', 'tax_invoice', "
                    u"'readings_act')"_s),
             0);
}

void TestDocumentsApi::anotherConsumersAccountIsNotFound()
{
    const qint64 invoice =
        scalar(u"SELECT MAX(id) FROM invoices WHERE account_id = ?"_s, {m_householdAccount});
    QVERIFY(invoice > 0);
    for (const QString &path :
         {u"/api/v1/accounts/%1/documents"_s.arg(m_householdAccount),
          u"/api/v1/accounts/%1/invoices/%2/document"_s.arg(m_householdAccount).arg(invoice),
          u"/api/v1/accounts/%1/readings-act?period=2026-01"_s.arg(m_householdAccount),
          u"/api/v1/accounts/%1/invoices/%2/document"_s.arg(m_accountantAccount).arg(invoice)}) {
        const HttpReply r = m_client->get(path, m_accountant);
        QCOMPARE(r.status, 404);
        QVERIFY(r.header("Content-Type").startsWith("application/problem+json"));
    }
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM documents WHERE invoice_id = ?"_s, {invoice}), 0);
    QCOMPARE(m_client->get(u"/api/v1/accounts/%1/documents"_s.arg(m_householdAccount), QString()).status,
             401);
}

void TestDocumentsApi::blankActHasNoCurrentValues()
{
    const qint64 account = m_accountantAccount;
    const QString token = m_accountant;
    const QString tree =
        u"FROM readings r JOIN registers g ON g.id = r.register_id JOIN meters m ON m.id = "
        u"g.meter_id JOIN metering_points mp ON mp.id = m.metering_point_id JOIN objects o ON "
        u"o.id = mp.object_id WHERE o.account_id = ? "_s;
    const int p = int(scalar(u"SELECT MAX(r.period) "_s + tree + u"AND r.state = 'processed'"_s, {account}));
    QVERIFY(p > 0);
    // The integer parts of the period's readings: five digits or more, so they match nothing else.
    QList<QVariantList> rows;
    QVERIFY(sql(u"SELECT r.value_milli "_s + tree + u"AND r.period = ?"_s, {account, p}, &rows));
    QStringList current;
    for (const QVariantList &r : rows) {
        if (r.at(0).toLongLong() / 1000 >= 10000)
            current << QString::number(r.at(0).toLongLong() / 1000);
    }
    QVERIFY2(!current.isEmpty(), "the account has readings of five digits");
    const bool allProcessed =
        scalar(u"SELECT COUNT(*) "_s + tree + u"AND r.period = ? AND r.state <> 'processed'"_s,
               {account, p}) == 0;
    const QString base = u"/api/v1/accounts/%1/readings-act?period=%2"_s.arg(account).arg(period(p));
    const HttpReply filled = m_client->get(base, token);
    QVERIFY2(filled.status == 200, filled.body.left(500).constData());
    const HttpReply blank = m_client->get(base + u"&blank=1"_s, token);
    QVERIFY2(blank.status == 200, blank.body.left(500).constData());
    QString error;
    const QString filledText = squeezed(pdfText(filled.body, &error));
    const QString blankText = squeezed(pdfText(blank.body, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    for (const QString &v : current) {
        QVERIFY2(filledText.contains(v), qPrintable(v + u" in the filled act"_s));
        QVERIFY2(!blankText.contains(v), qPrintable(v + u" in the blank act"_s));
    }
    // The filled act of a processed period is stored once; the blank one never.
    const QString storedActs =
        u"SELECT COUNT(*) FROM documents WHERE kind = 'readings_act' AND account_id = ?"_s;
    QCOMPARE(scalar(storedActs, {account}), allProcessed ? 1 : 0);
    QCOMPARE(m_client->get(base, token).body, filled.body);
    QVERIFY(m_client->get(base + u"&blank=1"_s, token).status == 200);
    QCOMPARE(scalar(storedActs, {account}), allProcessed ? 1 : 0);
}

void TestDocumentsApi::badRangeAndPeriod()
{
    const QString payments = u"/api/v1/accounts/%1/payments/document"_s.arg(m_accountantAccount);
    HttpReply r = m_client->get(payments + u"?from=2026-10-01&to=2026-01-01"_s, m_accountant);
    QCOMPARE(r.status, 422);
    QCOMPARE(r.json().value(u"code"_s).toString(), u"document.bad_range"_s);
    QCOMPARE(r.json().value(u"field"_s).toString(), u"from"_s);
    r = m_client->get(payments + u"?from=2019-01-01&to=2024-01-02"_s, m_accountant);
    QCOMPARE(r.status, 422);
    QCOMPARE(r.json().value(u"code"_s).toString(), u"document.bad_range"_s);
    QCOMPARE(r.json().value(u"field"_s).toString(), u"to"_s);
    r = m_client->get(payments + u"?from=2019-01-01&to=2024-01-01"_s, m_accountant); // exactly 5 years
    QCOMPARE(r.status, 200);
    r = m_client->get(payments + u"?from=2026-01-01"_s, m_accountant);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(u"field"_s).toString(), u"to"_s);
    for (const QString &path : {u"/api/v1/accounts/%1/readings-act?period=2026-13"_s,
                                u"/api/v1/accounts/%1/turnover/document?period=yesterday"_s}) {
        r = m_client->get(path.arg(m_accountantAccount), m_accountant);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.json().value(u"code"_s).toString(), u"period.invalid"_s);
        QCOMPARE(r.json().value(u"field"_s).toString(), u"period"_s);
    }
}

void TestDocumentsApi::cliWritesAValidPdf()
{
    QList<QVariantList> rows;
    QVERIFY(sql(u"SELECT i.id, i.number FROM invoices i WHERE i.account_id = ? ORDER BY i.id"_s,
                {m_householdAccount}, &rows));
    QVERIFY(!rows.isEmpty());
    const qint64 invoice = rows.first().at(0).toLongLong();
    const QString number = rows.first().at(1).toString();
    const QString file = m_dir.filePath(u"cli.pdf"_s);
    const CliRun run =
        runServerCli({u"document"_s, u"--db"_s, m_dbUrl, u"--invoice"_s, number, u"--out"_s, file});
    QVERIFY2(run.exitCode == 0 && !run.crashed, run.err.constData());
    QProcess qpdf;
    qpdf.start(u"qpdf"_s, {u"--check"_s, file});
    QVERIFY(qpdf.waitForFinished(60000));
    QVERIFY2(qpdf.exitCode() == 0, qpdf.readAllStandardOutput().constData());
    // Stored like the API stores it: the API now answers the same bytes.
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM documents WHERE invoice_id = ?"_s, {invoice}), 1);
    const HttpReply api = m_client->get(
        u"/api/v1/accounts/%1/invoices/%2/document"_s.arg(m_householdAccount).arg(invoice), m_household);
    QCOMPARE(api.status, 200);
    QVERIFY(api.body == bytes);

    // A blank act, and the errors in words.
    QList<QVariantList> numbers;
    QVERIFY(sql(u"SELECT number FROM accounts WHERE id = ?"_s, {m_householdAccount}, &numbers));
    const CliRun act =
        runServerCli({u"document"_s, u"--db"_s, m_dbUrl, u"--act"_s, numbers.first().first().toString(),
                      u"--period"_s, u"2026-01"_s, u"--blank"_s, u"--out"_s, m_dir.filePath(u"act.pdf"_s)});
    QVERIFY2(act.exitCode == 0, act.err.constData());
    const CliRun missing = runServerCli({u"document"_s, u"--db"_s, m_dbUrl, u"--invoice"_s, u"NO-SUCH"_s,
                                         u"--out"_s, m_dir.filePath(u"none.pdf"_s)});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.err.contains("NO-SUCH"));
    QVERIFY(!QFile::exists(m_dir.filePath(u"none.pdf"_s)));
}

void TestDocumentsApi::concurrentFirstRequestsStoreOneRow()
{
    const qint64 invoice = scalar(u"SELECT MAX(i.id) FROM invoices i WHERE i.account_id = ? AND NOT EXISTS "
                                  u"(SELECT 1 FROM documents d WHERE d.invoice_id = i.id)"_s,
                                  {m_accountantAccount});
    QVERIFY(invoice > 0);
    // Four requests in flight at once on their own connections: one row wins, every answer is its bytes.
    QNetworkAccessManager nam;
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates({loadCertificate(m_server.announcedCertificate())});
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 4; ++i) {
        QNetworkRequest request(
            QUrl(m_server.baseUrl().toString() +
                 u"/api/v1/accounts/%1/invoices/%2/document"_s.arg(m_accountantAccount).arg(invoice)));
        request.setSslConfiguration(ssl);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setRawHeader("Authorization", "Bearer " + m_accountant.toLatin1());
        request.setRawHeader("Connection", "close");
        replies.append(nam.get(request));
    }
    QEventLoop loop;
    int finished = 0;
    for (QNetworkReply *r : replies)
        connect(r, &QNetworkReply::finished, &loop, [&] {
            if (++finished == replies.size())
                loop.quit();
        });
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    loop.exec();
    QCOMPARE(finished, int(replies.size()));
    QByteArray first;
    for (QNetworkReply *r : replies) {
        QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QByteArray body = r->readAll();
        if (first.isEmpty())
            first = body;
        QVERIFY2(body == first, "every answer is the stored row's bytes");
        r->deleteLater();
    }
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM documents WHERE invoice_id = ?"_s, {invoice}), 1);
    QCOMPARE(scalar(u"SELECT sha256 = ? FROM documents WHERE invoice_id = ?"_s,
                    {QString::fromLatin1(QCryptographicHash::hash(first, QCryptographicHash::Sha256).toHex()),
                     invoice}),
             1);
}

QTEST_GUILESS_MAIN(TestDocumentsApi)
#include "tst_documentsapi.moc"
