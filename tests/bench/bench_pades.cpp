// sign.pades_ms (scripts/bench, docs/signatures.md): the median time of signPdf (parse with qpdf,
// write the incremental update, CAdES over the two byte ranges, embed) of an invoice package
// rendered by Oblik::Documents' Renderer, with good.p12 of a fresh test PKI. Beside it
// sign.pades_openssl_ms: `openssl cms -sign` of the same signed bytes with the same key (one process
// per signature, what a script would do), in the same run.
// Usage: bench_pades [--repeat N]
#include "core/money.h"
#include "crypto/pades.h"
#include "documents/renderer.h"
#include "support/testpki.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QTextStream>

#include <algorithm>

using namespace oblik;
using namespace oblik::documents;
using namespace Qt::StringLiterals;

namespace {

Money uah(qint64 kopecks)
{
    return Money::fromKopecks(kopecks);
}

billing::InvoiceLine line(domain::Zone zone, qint64 milli, qint64 net, qint64 vat)
{
    billing::InvoiceLine l;
    l.kind = billing::LineKind::ActiveEnergy;
    l.zone = zone;
    l.quantity = Energy::fromMilli(milli);
    l.tariff = Tariff::fromHundredThousandths(432000);
    l.coefficient = {1, zone == domain::Zone::Night ? 2 : 1};
    l.net = uah(net);
    l.vat = uah(vat);
    l.gross = uah(net + vat);
    return l;
}

InvoicePackageData package()
{
    InvoicePackageData d;
    d.header.supplier = {u"ТОВ «Волиньелектрозбут»"_s,
                         u"42093239"_s,
                         u"420932303019"_s,
                         u"UA213223130000026007233566001"_s,
                         u"АТ «Ощадбанк»"_s,
                         u"43000, м. Луцьк, вул. Коперника, 6"_s,
                         u"+380 332 777 111"_s};
    d.header.districtName = u"Ковельський ЦОК"_s;
    d.header.districtAddress = u"м. Ковель, вул. Незалежності, 120"_s;
    d.header.consumer = {u"ТОВ «Агрофірма Колос»"_s, u"31234567"_s,
                         u"312345603011"_s,          u"UA903052992990004149123456789"_s,
                         u"АТ КБ «ПриватБанк»"_s,    u"45000, с. Зелене, вул. Шевченка, 14"_s,
                         u"+380 67 123 45 67"_s};
    d.header.accountNumber = u"KV-000123"_s;
    d.header.contractNumber = u"Д-2025/117"_s;
    d.header.contractDate = QDate(2025, 1, 15);
    d.invoice.number = u"KV-2026-15"_s;
    d.invoice.type = billing::InvoiceType::ActiveEnergy;
    d.invoice.article = billing::Article::ActiveEnergy;
    d.invoice.period = Period(2026, 10);
    d.invoice.date = QDate(2026, 11, 5);
    d.invoice.dueDate = QDate(2026, 11, 20);
    d.invoice.lines = {line(domain::Zone::Day, 840000, 302400, 60480),
                       line(domain::Zone::Night, 420000, 75600, 15120)};
    d.invoice.net = uah(378000);
    d.invoice.vat = uah(75600);
    d.invoice.gross = uah(453600);
    d.openingBalance = uah(120050);
    d.chargedInPeriod = uah(453600);
    d.paidInPeriod = uah(220050);
    d.toPay = uah(353600);
    d.paymentQr = true;
    return d;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    int repeat = 21;
    const QStringList args = app.arguments();
    const qsizetype at = args.indexOf(u"--repeat"_s);
    if (at >= 0 && at + 1 < args.size())
        repeat = std::max(1, args.at(at + 1).toInt());
    QTextStream err(stderr), out(stdout);

    testing::TestPki pki;
    if (!pki.ok()) {
        err << "bench_pades: " << pki.error() << Qt::endl;
        return 1;
    }
    const Result<crypto::SigningKey> key =
        crypto::SigningKey::fromPkcs12File(pki.path(u"good.p12"_s), testing::TestPki::p12Password());
    if (!key) {
        err << "bench_pades: " << key.error().code() << Qt::endl;
        return 1;
    }
    const Result<RenderedDocument> doc = Renderer(DocLanguage::Uk).invoicePackage(package());
    if (!doc) {
        err << "bench_pades: render " << doc.error().code() << Qt::endl;
        return 1;
    }
    const QByteArray pdf = doc.value().pdf;

    QList<double> ours, openssl;
    QByteArray signedPdf;
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer t;
        t.start();
        const Result<QByteArray> s = crypto::signPdf(pdf, key.value());
        const double ms = t.nsecsElapsed() / 1e6;
        if (!s) {
            err << "bench_pades: signPdf " << s.error().code() << Qt::endl;
            return 1;
        }
        signedPdf = s.value();
        ours.append(ms);
    }

    // openssl over the same signed bytes (what signPdf's CAdES step covers), one process each.
    const crypto::pdf::PreparedPdf prepared = crypto::pdf::prepare(pdf, {}).value();
    const QString bytesPath = pki.tempPath() + u"/signed-bytes.bin"_s;
    {
        QFile f(bytesPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(prepared.signedBytes()) < 0)
            return 1;
    }
    for (int i = 0; i < std::max(5, repeat / 2); ++i) {
        QElapsedTimer t;
        t.start();
        QProcess p;
        p.start(u"openssl"_s, {u"cms"_s, u"-sign"_s, u"-binary"_s, u"-outform"_s, u"DER"_s, u"-cades"_s,
                               u"-md"_s, u"sha256"_s, u"-signer"_s, pki.path(u"good.pem"_s), u"-inkey"_s,
                               pki.path(u"good.key.pem"_s), u"-certfile"_s, pki.path(u"intermediate.pem"_s),
                               u"-in"_s, bytesPath, u"-out"_s, pki.tempPath() + u"/openssl.p7s"_s});
        if (!p.waitForFinished(60000) || p.exitCode() != 0) {
            err << "bench_pades: openssl cms -sign failed" << Qt::endl;
            return 1;
        }
        openssl.append(t.nsecsElapsed() / 1e6);
    }

    err << "bench_pades: invoice package " << pdf.size() << " bytes, signed " << signedPdf.size()
        << " bytes, " << repeat << " runs" << Qt::endl;
    out << "sign.pades_ms: " << QString::number(median(ours), 'f', 1) << " ms" << Qt::endl;
    out << "sign.pades_openssl_ms: " << QString::number(median(openssl), 'f', 1) << " ms" << Qt::endl;
    return 0;
}
