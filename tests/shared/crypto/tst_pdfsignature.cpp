// pdf::prepare/embed/signatures/onlySignaturesAppendedAfter (docs/signatures.md, "PAdES") on our own
// PDF and on PDFs made by other tools (qpdf: object and xref streams, linearized; a hand-written
// earlier update; indirect /Annots and /AcroForm), checked by the outside tools: qpdf --check and
// pdfsig with an NSS database trusting the test root. The CMS comes from `openssl cms -sign` so that
// this layer is tested apart from our CAdES code; tst_pades signs with our own.
#include "crypto/pdfsignature.h"
#include "crypto/verification.h"
#include "pdftestsupport.h"
#include "support/testpki.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QtTest>

using namespace oblik;
using namespace oblik::crypto;
using namespace oblik::testing;

static const char kRedSquare[] = "q 1 0 0 rg 0 0 300 300 re f Q";

class TstPdfSignature : public QObject
{
    Q_OBJECT

    TestPki *m_pki = nullptr;
    QString m_nss;
    QTemporaryDir m_tmp;
    QByteArray m_own;

    QString tmp(const QString &name) const { return m_tmp.path() + QLatin1Char('/') + name; }

    // openssl cms -sign over the prepared PDF's signed bytes as USER.
    QByteArray opensslCms(const pdf::PreparedPdf &prepared, const QString &user = QStringLiteral("good"))
    {
        writeFile(tmp(QStringLiteral("signed.bin")), prepared.signedBytes());
        const QString out = tmp(QStringLiteral("sig.der"));
        QFile::remove(out);
        const ProcessResult r =
            runProcess(QStringLiteral("openssl"),
                       {QStringLiteral("cms"), QStringLiteral("-sign"), QStringLiteral("-binary"),
                        QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-cades"),
                        QStringLiteral("-md"), QStringLiteral("sha256"), QStringLiteral("-signer"),
                        m_pki->path(user + QStringLiteral(".pem")), QStringLiteral("-inkey"),
                        m_pki->path(user + QStringLiteral(".key.pem")), QStringLiteral("-certfile"),
                        m_pki->path(QStringLiteral("chain.pem")), QStringLiteral("-in"),
                        tmp(QStringLiteral("signed.bin")), QStringLiteral("-out"), out});
        if (r.exitCode != 0)
            qWarning("openssl: %s", r.out.constData());
        return readFile(out);
    }

    QByteArray sign(const QByteArray &pdf, const QString &user = QStringLiteral("good"),
                    const QString &field = {})
    {
        pdf::SignatureFieldOptions options;
        options.fieldName = field;
        options.name = user;
        options.reason = QStringLiteral("Погоджено");
        options.location = QStringLiteral("Kyiv");
        options.signingTime = QDateTime(QDate(2026, 11, 25), QTime(12, 0), QTimeZone::utc());
        const Result<pdf::PreparedPdf> prepared = pdf::prepare(pdf, options);
        if (!prepared) {
            qWarning("prepare: %s %s", qPrintable(prepared.error().code()),
                     qPrintable(prepared.error().args().join(u' ')));
            return {};
        }
        const Result<QByteArray> embedded = pdf::embed(prepared.value(), opensslCms(prepared.value(), user));
        return embedded ? embedded.value() : QByteArray();
    }

    ProcessResult qpdfCheck(const QByteArray &pdf)
    {
        writeFile(tmp(QStringLiteral("check.pdf")), pdf);
        return runProcess(QStringLiteral("qpdf"),
                          {QStringLiteral("--check"), tmp(QStringLiteral("check.pdf"))});
    }

    QByteArray pdfsig(const QByteArray &pdf)
    {
        writeFile(tmp(QStringLiteral("pdfsig.pdf")), pdf);
        return runProcess(QStringLiteral("pdfsig"),
                          {QStringLiteral("-nssdir"), m_nss, tmp(QStringLiteral("pdfsig.pdf"))})
            .out;
    }

    VerificationReport verify(const QByteArray &pdf)
    {
        const Result<TrustSettings> trust =
            TrustSettings::fromFiles({m_pki->path(QStringLiteral("root.pem"))});
        if (!trust)
            return {};
        const Result<VerificationReport> report = verifyPdf(pdf, trust.value());
        return report ? report.value() : VerificationReport();
    }

    QByteArray variant(const QString &kind)
    {
        if (kind == u"own")
            return m_own;
        if (kind == u"object streams")
            return qpdfConvert(m_own, {QStringLiteral("--object-streams=generate")}, m_tmp.path());
        if (kind == u"linearized")
            return qpdfConvert(m_own, {QStringLiteral("--linearize")}, m_tmp.path());
        if (kind == u"cairo") {
            // Another producer: poppler's pdftocairo writes the same pages through cairo.
            writeFile(tmp(QStringLiteral("cairo-in.pdf")), m_own);
            runProcess(QStringLiteral("pdftocairo"),
                       {QStringLiteral("-pdf"), tmp(QStringLiteral("cairo-in.pdf")),
                        tmp(QStringLiteral("cairo-out.pdf"))});
            return readFile(tmp(QStringLiteral("cairo-out.pdf")));
        }
        if (kind == u"earlier update")
            return appendUpdate(m_own, {}, {"<< /Producer (an earlier update) /Title (Updated) >>"});
        if (kind == u"direct annots and acroform") {
            // A direct /Annots with a link and a direct /AcroForm whose /Fields hold a text field.
            QPDF q;
            q.setSuppressWarnings(true);
            q.processMemoryFile("own.pdf", m_own.constData(), size_t(m_own.size()));
            auto [pageNum, page] = firstPage(q);
            QPDFObjectHandle root = q.getRoot();
            page.removeKey("/Annots");
            std::string pageDict = page.unparseResolved();
            pageDict.replace(pageDict.rfind(">>"), 2,
                             " /Annots [ << /Type /Annot /Subtype /Link /Rect [10 10 100 30] /Border [0 0 0] "
                             "/A << /S /URI /URI (https://example.org/) >> >> @1 ] >>");
            std::string rootDict = root.unparseResolved();
            rootDict.replace(rootDict.rfind(">>"), 2,
                             " /AcroForm << /Fields [ @1 ] /DA (/Helv 0 Tf 0 g) >> >>");
            return appendUpdate(m_own,
                                {{pageNum, QByteArray::fromStdString(pageDict)},
                                 {root.getObjectID(), QByteArray::fromStdString(rootDict)}},
                                {"<< /Type /Annot /Subtype /Widget /FT /Tx /T (Comment) /V (text) /Rect [10 "
                                 "40 200 60] /F 4 >>"});
        }
        if (kind == u"indirect annots and acroform" || kind == u"indirect, object streams") {
            // A link annotation in an indirect /Annots and a form with a text field, rewritten by qpdf
            // so that the file is a plain outside-made one (no update of ours).
            QPDF q;
            q.setSuppressWarnings(true);
            q.processMemoryFile("own.pdf", m_own.constData(), size_t(m_own.size()));
            auto [pageNum, page] = firstPage(q);
            QPDFObjectHandle root = q.getRoot();
            std::string pageDict = page.unparseResolved();
            pageDict.replace(pageDict.rfind(">>"), 2, " /Annots @1 >>");
            std::string rootDict = root.unparseResolved();
            rootDict.replace(rootDict.rfind(">>"), 2, " /AcroForm @2 >>");
            const QByteArray updated =
                appendUpdate(m_own,
                             {{pageNum, QByteArray::fromStdString(pageDict)},
                              {root.getObjectID(), QByteArray::fromStdString(rootDict)}},
                             {"[@3 @4]", "<< /Fields @5 /DA (/Helv 0 Tf 0 g) >>",
                              "<< /Type /Annot /Subtype /Link /Rect [10 10 100 30] /Border [0 0 0] /A << /S "
                              "/URI /URI (https://example.org/) >> >>",
                              "<< /Type /Annot /Subtype /Widget /FT /Tx /T (Comment) /V (text) /Rect [10 40 "
                              "200 60] /F 4 >>",
                              "[@4]"});
            return qpdfConvert(updated,
                               kind == u"indirect annots and acroform"
                                   ? QStringList{QStringLiteral("--object-streams=disable")}
                                   : QStringList{QStringLiteral("--object-streams=generate")},
                               m_tmp.path());
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_tmp.setAutoRemove(qEnvironmentVariableIsEmpty("OBLIK_KEEP_TMP"));
        m_pki = new TestPki;
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
        m_nss = m_pki->nssDatabase();
        QVERIFY(!m_nss.isEmpty());
        m_own = invoicePdf(2);
        QVERIFY(m_own.startsWith("%PDF-"));
    }
    void cleanupTestCase() { delete m_pki; }

    void signsAnyWellFormedPdf_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("xref"); // what the update's cross reference must be
        QTest::newRow("own (QPdfWriter, classic xref)") << QStringLiteral("own") << QByteArray("table");
        QTest::newRow("object and xref streams") << QStringLiteral("object streams") << QByteArray("stream");
        QTest::newRow("linearized") << QStringLiteral("linearized") << QByteArray("table");
        QTest::newRow("cairo (pdftocairo)") << QStringLiteral("cairo") << QByteArray("table");
        QTest::newRow("earlier incremental update")
            << QStringLiteral("earlier update") << QByteArray("table");
        QTest::newRow("direct /Annots and /AcroForm (in an update)")
            << QStringLiteral("direct annots and acroform") << QByteArray("table");
        QTest::newRow("indirect /Annots and /AcroForm")
            << QStringLiteral("indirect annots and acroform") << QByteArray("table");
        QTest::newRow("indirect, object streams")
            << QStringLiteral("indirect, object streams") << QByteArray("stream");
    }
    void signsAnyWellFormedPdf()
    {
        QFETCH(QString, kind);
        QFETCH(QByteArray, xref);
        const QByteArray input = variant(kind);
        QVERIFY(!input.isEmpty());
        QVERIFY2(qpdfCheck(input).exitCode == 0, qpdfCheck(input).out.constData());

        const QByteArray once = sign(input);
        QVERIFY(!once.isEmpty());
        QVERIFY(once.startsWith(input));
        const QByteArray update = once.mid(input.size());
        QCOMPARE(update.contains("\nxref\n"), xref == "table");
        QCOMPARE(update.contains("/Type /XRef"), xref == "stream");
        const ProcessResult check = qpdfCheck(once);
        QVERIFY2(check.exitCode == 0, check.out.constData());
        QVERIFY2(!check.out.contains("WARNING"), check.out.constData());

        // Earlier fields and annotations stay, ours is added.
        auto counts = [](const QByteArray &pdf) {
            QPDF q;
            q.setSuppressWarnings(true);
            q.processMemoryFile("c.pdf", pdf.constData(), size_t(pdf.size()));
            QPDFObjectHandle fields = q.getRoot().getKey("/AcroForm").getKey("/Fields");
            QPDFObjectHandle page = q.getAllPages().front();
            QPDFObjectHandle annots = page.getKey("/Annots");
            return std::pair<int, int>(fields.isArray() ? fields.getArrayNItems() : 0,
                                       annots.isArray() ? annots.getArrayNItems() : 0);
        };
        QCOMPARE(counts(once).first, counts(input).first + 1);
        QCOMPARE(counts(once).second, counts(input).second + 1);
        QByteArray report = pdfsig(once);
        QCOMPARE(report.count("Signature Validation: Signature is Valid."), 1);
        QVERIFY2(report.contains("Certificate Validation: Certificate is Trusted."), report.constData());
        QVERIFY2(report.contains("Signed Ranges: [0 - "), report.constData());
        QVERIFY2(report.contains("Total document signed"), report.constData());

        Result<QList<pdf::EmbeddedSignature>> sigs = pdf::signatures(once);
        QVERIFY(sigs.ok());
        QCOMPARE(sigs.value().size(), 1);
        const pdf::EmbeddedSignature s = sigs.value().front();
        QCOMPARE(s.fieldName, QStringLiteral("Signature1"));
        QCOMPARE(s.subFilter, QStringLiteral("ETSI.CAdES.detached"));
        QVERIFY(s.rangesValid);
        QVERIFY(s.coversWholeFile);
        QCOMPARE(s.signedLength, qint64(once.size()));
        QCOMPARE(s.m, QDateTime(QDate(2026, 11, 25), QTime(12, 0), QTimeZone::utc()));
        QCOMPARE(s.reason, QStringLiteral("Погоджено"));
        QCOMPARE(s.location, QStringLiteral("Kyiv"));
        QCOMPARE(s.name, QStringLiteral("good"));
        QCOMPARE(s.signedBytes.size(), qsizetype(once.size()) - (s.byteRange[2] - s.byteRange[1]));
        QVERIFY(s.cms.startsWith('\x30'));
        QVERIFY(!s.cms.endsWith(QByteArray(8, '\0')));
        QCOMPARE(pdf::revisionEnds(once).last(), qint64(once.size()));
        QVERIFY(pdf::revisionEnds(once).contains(qint64(input.size()) + (input.endsWith('\n') ? 0 : 1)) ||
                pdf::revisionEnds(once).contains(qint64(input.size())));
        QString why;
        QVERIFY2(pdf::onlySignaturesAppendedAfter(once, input.size(), &why), qPrintable(why));
        VerificationReport ours = verify(once);
        QCOMPARE(ours.signatures.size(), 1);
        QVERIFY2(ours.allValid(), qPrintable(ours.toText()));
        QCOMPARE(ours.signatures.front().fieldName, QStringLiteral("Signature1"));
        QVERIFY(ours.signatures.front().coversWholeFile);
        QCOMPARE(ours.signatures.front().signedLength, qint64(once.size()));
        QCOMPARE(ours.signatures.front().reason, QStringLiteral("Погоджено"));
        QCOMPARE(ours.signatures.front().signer.commonName, QStringLiteral("Ivan Petrenko"));

        // A second signer: both valid for pdfsig, the first one's revision only had signatures added.
        const QByteArray twice = sign(once, QStringLiteral("supplier"));
        QVERIFY(twice.startsWith(once));
        QVERIFY2(qpdfCheck(twice).exitCode == 0, qpdfCheck(twice).out.constData());
        report = pdfsig(twice);
        QCOMPARE(report.count("Signature Validation: Signature is Valid."), 2);
        QCOMPARE(report.count("Certificate Validation: Certificate is Trusted."), 2);
        sigs = pdf::signatures(twice);
        QVERIFY(sigs.ok());
        QCOMPARE(sigs.value().size(), 2);
        QCOMPARE(sigs.value().at(0).fieldName, QStringLiteral("Signature1"));
        QCOMPARE(sigs.value().at(1).fieldName, QStringLiteral("Signature2"));
        QCOMPARE(sigs.value().at(0).signedLength, qint64(once.size()));
        QVERIFY(!sigs.value().at(0).coversWholeFile);
        QVERIFY(sigs.value().at(1).coversWholeFile);
        QVERIFY2(pdf::onlySignaturesAppendedAfter(twice, once.size(), &why), qPrintable(why));
        ours = verify(twice);
        QCOMPARE(ours.signatures.size(), 2);
        QVERIFY2(ours.allValid(), qPrintable(ours.toText()));
        QVERIFY(!ours.signatures.at(0).coversWholeFile);
        QCOMPARE(ours.signatures.at(0).signedLength, qint64(once.size()));

        // Content changed after signing (a new content stream on the first page): not only signatures.
        QPDF q;
        q.setSuppressWarnings(true);
        q.processMemoryFile("twice.pdf", twice.constData(), size_t(twice.size()));
        auto [pageNum, page] = firstPage(q);
        std::string pageDict = page.unparseResolved();
        const std::string contents = page.getKey("/Contents").unparse();
        pageDict.replace(pageDict.find(contents), contents.size(), "[ " + contents + " @1 ]");
        const QByteArray tampered =
            appendUpdate(twice, {{pageNum, QByteArray::fromStdString(pageDict)}},
                         {"<< /Length " + QByteArray::number(qsizetype(sizeof(kRedSquare) - 1)) +
                          " >>\nstream\n" + kRedSquare + "\nendstream"});
        QVERIFY2(qpdfCheck(tampered).exitCode == 0, qpdfCheck(tampered).out.constData());
        QVERIFY(!pdf::onlySignaturesAppendedAfter(tampered, twice.size(), &why));
        QVERIFY2(why.contains(QStringLiteral("page")), qPrintable(why));
        QVERIFY(!pdf::onlySignaturesAppendedAfter(tampered, once.size(), &why));
        ours = verify(tampered);
        QCOMPARE(ours.signatures.size(), 2);
        for (const SignatureReport &r : ours.signatures) {
            QCOMPARE(r.status, SignatureStatus::Invalid);
            QCOMPARE(r.problems, QList<SignatureProblem>{SignatureProblem::ModifiedAfterSigning});
        }
    }

    // A PDF signed by another program first (poppler's pdfsig with NSS: adbe.pkcs7.detached, a BER
    // CMS with indefinite lengths): we read and verify it, and our signature after it keeps it valid.
    void signsAfterAnotherProgramsSignature()
    {
        const ProcessResult imported = runProcess(
            QStringLiteral("pk12util"),
            {QStringLiteral("-i"), m_pki->path(QStringLiteral("good.p12")), QStringLiteral("-d"), m_nss,
             QStringLiteral("-W"), TestPki::p12Password(), QStringLiteral("-K"), QString()});
        QVERIFY2(imported.exitCode == 0, imported.out.constData());
        writeFile(tmp(QStringLiteral("poppler-in.pdf")), m_own);
        const ProcessResult added = runProcess(
            QStringLiteral("pdfsig"),
            {QStringLiteral("-nssdir"), m_nss, QStringLiteral("-add-signature"), QStringLiteral("-nick"),
             QStringLiteral("good"), QStringLiteral("-reason"), QStringLiteral("poppler"),
             QStringLiteral("-new-signature-field-name"), QStringLiteral("Poppler"),
             tmp(QStringLiteral("poppler-in.pdf")), tmp(QStringLiteral("poppler-out.pdf"))});
        const QByteArray popplerSigned = readFile(tmp(QStringLiteral("poppler-out.pdf")));
        QVERIFY2(!popplerSigned.isEmpty(), added.out.constData());

        VerificationReport ours = verify(popplerSigned);
        QCOMPARE(ours.signatures.size(), 1);
        QVERIFY2(ours.allValid(), qPrintable(ours.toText()));
        QCOMPARE(ours.signatures.front().format, QStringLiteral("PAdES (adbe.pkcs7.detached)"));
        QCOMPARE(ours.signatures.front().fieldName, QStringLiteral("Poppler"));
        QCOMPARE(ours.signatures.front().reason, QStringLiteral("poppler"));

        const QByteArray both = sign(popplerSigned, QStringLiteral("supplier"));
        QVERIFY(both.startsWith(popplerSigned));
        QCOMPARE(qpdfCheck(both).exitCode, 0);
        const QByteArray report = pdfsig(both);
        QCOMPARE(report.count("Signature Validation: Signature is Valid."), 2);
        ours = verify(both);
        QCOMPARE(ours.signatures.size(), 2);
        QVERIFY2(ours.allValid(), qPrintable(ours.toText()));
    }

    // The invisible signature does not change what the page looks like.
    void pageLooksTheSame()
    {
        const QByteArray signedPdf = sign(m_own);
        QVERIFY(!signedPdf.isEmpty());
        writeFile(tmp(QStringLiteral("a.pdf")), m_own);
        writeFile(tmp(QStringLiteral("b.pdf")), signedPdf);
        QCOMPARE(runProcess(QStringLiteral("pdftoppm"),
                            {QStringLiteral("-r"), QStringLiteral("60"), QStringLiteral("-png"),
                             tmp(QStringLiteral("a.pdf")), tmp(QStringLiteral("a"))})
                     .exitCode,
                 0);
        QCOMPARE(runProcess(QStringLiteral("pdftoppm"),
                            {QStringLiteral("-r"), QStringLiteral("60"), QStringLiteral("-png"),
                             tmp(QStringLiteral("b.pdf")), tmp(QStringLiteral("b"))})
                     .exitCode,
                 0);
        for (const QString &page : {QStringLiteral("-1.png"), QStringLiteral("-2.png")}) {
            const QByteArray a = readFile(tmp(QStringLiteral("a") + page));
            QVERIFY(!a.isEmpty());
            QCOMPARE(readFile(tmp(QStringLiteral("b") + page)), a);
        }
    }

    void missingFinalNewlineIsAddedInTheUpdate()
    {
        QByteArray input = m_own;
        while (input.endsWith('\n') || input.endsWith('\r'))
            input.chop(1);
        QVERIFY(input.endsWith("%%EOF"));
        const QByteArray out = sign(input);
        QVERIFY(out.startsWith(QByteArray(input + '\n')));
        QCOMPARE(qpdfCheck(out).exitCode, 0);
        QVERIFY(pdfsig(out).contains("Signature is Valid."));
    }

    void fieldNames()
    {
        const QByteArray named = sign(m_own, QStringLiteral("good"), QStringLiteral("Consumer"));
        QVERIFY(!named.isEmpty());
        QCOMPARE(pdf::signatures(named).value().front().fieldName, QStringLiteral("Consumer"));
        pdf::SignatureFieldOptions options;
        options.fieldName = QStringLiteral("Consumer");
        const Result<pdf::PreparedPdf> again = pdf::prepare(named, options);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code(), QStringLiteral("crypto.pdf_field_exists"));
        QCOMPARE(again.error().args(), QStringList{QStringLiteral("Consumer")});
        // The next default name skips taken ones.
        const QByteArray second = sign(named);
        QCOMPARE(pdf::signatures(second).value().at(1).fieldName, QStringLiteral("Signature1"));
    }

    void encryptedPdfIsRefused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("empty user password")
            << QStringList{QStringLiteral("--encrypt"), QString(), QStringLiteral("owner"),
                           QStringLiteral("256"), QStringLiteral("--")};
        QTest::newRow("user password")
            << QStringList{QStringLiteral("--encrypt"), QStringLiteral("user"), QStringLiteral("owner"),
                           QStringLiteral("256"), QStringLiteral("--")};
    }
    void encryptedPdfIsRefused()
    {
        QFETCH(QStringList, args);
        const QByteArray encrypted = qpdfConvert(m_own, args, m_tmp.path());
        QVERIFY(!encrypted.isEmpty());
        const Result<pdf::PreparedPdf> prepared = pdf::prepare(encrypted, {});
        QVERIFY(!prepared.ok());
        QCOMPARE(prepared.error().code(), QStringLiteral("crypto.pdf_encrypted"));
    }

    void notAPdf()
    {
        for (const QByteArray &bytes :
             {QByteArray("hello"), QByteArray("%PDF-1.7\ngarbage"), m_own.left(m_own.size() / 2)}) {
            const Result<pdf::PreparedPdf> prepared = pdf::prepare(bytes, {});
            QVERIFY(!prepared.ok());
            QCOMPARE(prepared.error().code(), QStringLiteral("crypto.pdf_invalid"));
        }
        QCOMPARE(pdf::signatures(QByteArray("nope")).error().code(), QStringLiteral("crypto.pdf_invalid"));
        QVERIFY(pdf::signatures(m_own).value().isEmpty());
    }

    void contentsTooSmall()
    {
        pdf::SignatureFieldOptions options;
        options.contentsCapacity = 100;
        const Result<pdf::PreparedPdf> prepared = pdf::prepare(m_own, options);
        QVERIFY(prepared.ok());
        QCOMPARE(prepared.value().byteRange[2] - prepared.value().byteRange[1], qint64(202));
        const QByteArray cms = opensslCms(prepared.value());
        QVERIFY(cms.size() > 100);
        const Result<QByteArray> embedded = pdf::embed(prepared.value(), cms);
        QVERIFY(!embedded.ok());
        QCOMPARE(embedded.error().code(), QStringLiteral("crypto.pdf_contents_too_small"));
        QCOMPARE(embedded.error().args(), QStringList{QString::number(cms.size())});
    }

    // The byte ranges cover everything but the /Contents string; a byte changed inside them is seen
    // by pdfsig (and by verifyPdf, tst_pades).
    void changedByteBreaksTheDigest()
    {
        const QByteArray signedPdf = sign(m_own);
        const pdf::EmbeddedSignature s = pdf::signatures(signedPdf).value().front();
        QByteArray changed = signedPdf;
        const qsizetype at = changed.indexOf("/Location (") + 11; // inside the signed range, same length
        changed[at] = changed[at] == 'X' ? 'Y' : 'X';
        QVERIFY(at < s.byteRange[1]);
        const QByteArray report = pdfsig(changed);
        QVERIFY2(!report.contains("Signature is Valid."), report.constData());
        QVERIFY2(report.contains("Digest Mismatch"), report.constData());
        const VerificationReport ours = verify(changed);
        QCOMPARE(ours.signatures.size(), 1);
        QCOMPARE(ours.signatures.front().status, SignatureStatus::Invalid);
        QVERIFY2(ours.signatures.front().problems.contains(SignatureProblem::Modified),
                 qPrintable(ours.toText()));
        const pdf::EmbeddedSignature again = pdf::signatures(changed).value().front();
        QVERIFY(again.rangesValid);
        QVERIFY(again.signedBytes != s.signedBytes);
    }

    void rangesThatSkipMoreAreNotValid()
    {
        const QByteArray signedPdf = sign(m_own);
        QVERIFY(pdf::signatures(signedPdf).value().front().rangesValid);
        // Move the gap's start one byte earlier (same width) so that it no longer is exactly the string.
        QByteArray moved = signedPdf;
        const pdf::EmbeddedSignature s = pdf::signatures(signedPdf).value().front();
        const QByteArray from = "/ByteRange [0 " + QByteArray::number(s.byteRange[1]);
        const QByteArray to = "/ByteRange [0 " + QByteArray::number(s.byteRange[1] - 1);
        QVERIFY(moved.contains(from));
        moved.replace(moved.indexOf(from), from.size(), to.leftJustified(from.size(), ' '));
        QVERIFY(!pdf::signatures(moved).value().front().rangesValid);
        const VerificationReport ours = verify(moved);
        QCOMPARE(ours.signatures.size(), 1);
        QCOMPARE(ours.signatures.front().problems, QList<SignatureProblem>{SignatureProblem::Malformed});
    }
};

QTEST_MAIN(TstPdfSignature)
#include "tst_pdfsignature.moc"
