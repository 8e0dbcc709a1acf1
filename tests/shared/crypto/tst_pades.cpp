// signPdf (pades.h) with our own CAdES and keys from PKCS#12 files: pdfsig and verifyPdf accept
// what it makes, the CMS is PAdES B-B (no signing-time attribute, signing-certificate-v2, the time is
// /M), and a second signer keeps the first valid.
#include "crypto/pades.h"
#include "crypto/verification.h"
#include "pdftestsupport.h"
#include "support/testpki.h"

#include <QtTest>

using namespace oblik;
using namespace oblik::crypto;
using namespace oblik::testing;

class TstPades : public QObject
{
    Q_OBJECT

    TestPki *m_pki = nullptr;
    QString m_nss;
    QTemporaryDir m_tmp;
    QByteArray m_pdf;

    QString tmp(const QString &name) const { return m_tmp.path() + QLatin1Char('/') + name; }

    SigningKey key(const QString &user)
    {
        const Result<SigningKey> k =
            SigningKey::fromPkcs12File(m_pki->path(user + QStringLiteral(".p12")), TestPki::p12Password());
        return k ? k.value() : SigningKey();
    }

    QByteArray pdfsig(const QByteArray &pdf)
    {
        writeFile(tmp(QStringLiteral("pdfsig.pdf")), pdf);
        return runProcess(QStringLiteral("pdfsig"),
                          {QStringLiteral("-nssdir"), m_nss, tmp(QStringLiteral("pdfsig.pdf"))})
            .out;
    }

    VerificationReport verify(const QByteArray &pdf, const QStringList &crls = {})
    {
        const Result<TrustSettings> trust =
            TrustSettings::fromFiles({m_pki->path(QStringLiteral("root.pem"))}, crls);
        if (!trust)
            return {};
        const Result<VerificationReport> report = verifyPdf(pdf, trust.value());
        return report ? report.value() : VerificationReport();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_pki = new TestPki;
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
        m_nss = m_pki->nssDatabase();
        QVERIFY(!m_nss.isEmpty());
        m_pdf = invoicePdf();
    }
    void cleanupTestCase() { delete m_pki; }

    void looksLikePdf()
    {
        QVERIFY(crypto::looksLikePdf(m_pdf));
        QVERIFY(!crypto::looksLikePdf("PK\x03\x04"));
        QVERIFY(!crypto::looksLikePdf(QByteArray()));
    }

    void signsAndVerifies_data()
    {
        QTest::addColumn<QString>("user");
        QTest::newRow("RSA-2048") << QStringLiteral("good");
        QTest::newRow("ECDSA P-256") << QStringLiteral("good-ec");
    }
    void signsAndVerifies()
    {
        QFETCH(QString, user);
        const SigningKey k = key(user);
        QVERIFY(!k.isNull());
        pdf::SignatureFieldOptions options;
        options.reason = QStringLiteral("Issued by the supplier");
        // Now: the test PKI's certificates were made a moment ago.
        options.signingTime =
            QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), QTimeZone::utc());
        const Result<QByteArray> signedPdf = signPdf(m_pdf, k, options);
        QVERIFY2(signedPdf.ok(), qPrintable(signedPdf.ok() ? QString() : signedPdf.error().code()));
        QVERIFY(signedPdf.value().startsWith(m_pdf));

        const QByteArray report = pdfsig(signedPdf.value());
        QVERIFY2(report.contains("Signature Validation: Signature is Valid."), report.constData());
        QVERIFY2(report.contains("Certificate Validation: Certificate is Trusted."), report.constData());
        QVERIFY2(report.contains("Signature Type: ETSI.CAdES.detached"), report.constData());

        const VerificationReport ours = verify(signedPdf.value());
        QCOMPARE(ours.signatures.size(), 1);
        QVERIFY2(ours.allValid(), qPrintable(ours.toText()));
        const SignatureReport &s = ours.signatures.front();
        QCOMPARE(s.format, QStringLiteral("PAdES-B-B"));
        QCOMPARE(s.signingTime, options.signingTime); // from /M: the CMS has no signing-time
        QCOMPARE(s.name, k.certificate().commonName);
        QCOMPARE(s.reason, options.reason);
        QCOMPARE(s.signer.sha256Hex, k.certificate().sha256Hex);

        // B-B: signing-certificate-v2, no signing-time attribute.
        const pdf::EmbeddedSignature e = pdf::signatures(signedPdf.value()).value().front();
        writeFile(tmp(QStringLiteral("cms.der")), e.cms);
        const ProcessResult printed =
            runProcess(QStringLiteral("openssl"),
                       {QStringLiteral("cms"), QStringLiteral("-cmsout"), QStringLiteral("-print"),
                        QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                        tmp(QStringLiteral("cms.der"))});
        QCOMPARE(printed.exitCode, 0);
        QVERIFY2(printed.out.contains("signingCertificateV2"), printed.out.constData());
        QVERIFY(!printed.out.contains("signingTime"));
    }

    void twoSigners()
    {
        const Result<QByteArray> first = signPdf(m_pdf, key(QStringLiteral("supplier")));
        QVERIFY(first.ok());
        const Result<QByteArray> second = signPdf(first.value(), key(QStringLiteral("good")));
        QVERIFY(second.ok());
        QVERIFY(second.value().startsWith(first.value()));
        const QByteArray report = pdfsig(second.value());
        QCOMPARE(report.count("Signature Validation: Signature is Valid."), 2);
        const VerificationReport ours = verify(second.value());
        QCOMPARE(ours.signatures.size(), 2);
        QVERIFY2(ours.allValid(), qPrintable(ours.toText()));
        QCOMPARE(ours.signatures.at(0).signedLength, qint64(first.value().size()));
        QVERIFY(!ours.signatures.at(0).coversWholeFile);
        QVERIFY(ours.signatures.at(1).coversWholeFile);
    }

    void signerProblems_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("problem");
        QTest::newRow("revoked") << QStringLiteral("revoked") << int(SignatureStatus::Invalid)
                                 << int(SignatureProblem::Revoked);
        // The stranger's key file lacks its chain: untrusted root or incomplete chain, both indeterminate.
        QTest::newRow("untrusted root")
            << QStringLiteral("stranger") << int(SignatureStatus::Indeterminate) << -1;
    }
    void signerProblems()
    {
        QFETCH(QString, user);
        QFETCH(int, status);
        QFETCH(int, problem);
        const Result<QByteArray> signedPdf = signPdf(m_pdf, key(user));
        QVERIFY(signedPdf.ok());
        const VerificationReport ours =
            verify(signedPdf.value(), {m_pki->path(QStringLiteral("intermediate.crl.pem"))});
        QCOMPARE(ours.signatures.size(), 1);
        QCOMPARE(int(ours.signatures.front().status), status);
        if (problem >= 0)
            QVERIFY2(ours.signatures.front().problems.contains(SignatureProblem(problem)),
                     qPrintable(ours.toText()));
    }

    void unsignedPdfHasAnEmptyReport()
    {
        const Result<VerificationReport> r = verifyPdf(m_pdf, {});
        QVERIFY(r.ok());
        QVERIFY(r.value().signatures.isEmpty());
        QVERIFY(!r.value().allValid());
        QCOMPARE(verifyPdf("not a pdf", {}).error().code(), QStringLiteral("crypto.pdf_invalid"));
    }
};

QTEST_MAIN(TstPades)
#include "tst_pades.moc"
