// CAdES-BES detached signatures (shared/crypto/cades.h): made with keys from PKCS#12 files (RSA and
// EC), accepted by `openssl cms -verify` and by verifyCades; parallel signatures; PAdES-style
// signatures without signing-time; signing-certificate-v2 present.

#include "crypto/cades.h"
#include "crypto/signingkey.h"
#include "crypto/verification.h"
#include "shared/crypto/cmsutil.h"
#include "support/testpki.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTest>
#include <memory>

using namespace oblik;
using namespace oblik::crypto;
using namespace oblik::testing;
using namespace Qt::StringLiterals;

class TstCades : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestPki> m_pki;
    QByteArray m_data;

    SigningKey key(const QString &user)
    {
        auto k = SigningKey::fromPkcs12File(m_pki->path(user + u".p12"_s), TestPki::p12Password());
        if (!k)
            qWarning() << k.error().code() << k.error().detail();
        return k ? k.value() : SigningKey();
    }
    TrustSettings trust() const
    {
        TrustSettings t;
        t.anchorsDer = {parseCertificate(m_pki->read(u"root.pem"_s)).value().der};
        return t;
    }
    // `openssl cms -verify` of cms over data against the test root; the output on failure.
    Run opensslVerify(const QByteArray &cms, const QByteArray &data)
    {
        const QString cmsPath = m_pki->tempPath() + u"/sig.p7s"_s,
                      dataPath = m_pki->tempPath() + u"/data.bin"_s;
        writeFile(cmsPath, cms);
        writeFile(dataPath, data);
        return openssl({u"cms"_s, u"-verify"_s, u"-binary"_s, u"-inform"_s, u"DER"_s, u"-in"_s, cmsPath,
                        u"-content"_s, dataPath, u"-CAfile"_s, m_pki->path(u"root.pem"_s),
                        u"-certfile"_s, // OpenSSL 3.0 has no -untrusted for cms

                        m_pki->path(u"chain.pem"_s), u"-purpose"_s, u"any"_s, u"-out"_s, u"/dev/null"_s});
    }
    QString printCms(const QByteArray &cms)
    {
        const QString cmsPath = m_pki->tempPath() + u"/print.p7s"_s;
        writeFile(cmsPath, cms);
        return openssl({u"cms"_s, u"-cmsout"_s, u"-print"_s, u"-inform"_s, u"DER"_s, u"-in"_s, cmsPath})
            .output;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_pki = std::make_unique<TestPki>();
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
        m_data.resize(100000);
        for (qsizetype i = 0; i < m_data.size(); ++i)
            m_data[i] = char(QRandomGenerator::global()->bounded(256));
    }

    void keyFromPkcs12_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("algorithm");
        QTest::newRow("rsa") << u"good"_s << u"RSA-2048"_s;
        QTest::newRow("ec") << u"good-ec"_s << u"ECDSA P-256"_s;
    }
    void keyFromPkcs12()
    {
        QFETCH(QString, user);
        QFETCH(QString, algorithm);
        const SigningKey k = key(user);
        QVERIFY(!k.isNull());
        QVERIFY(!k.onToken());
        QCOMPARE(k.certificate().keyAlgorithm, algorithm);
        QCOMPARE(k.certificate().issuerCommonName, u"Oblik Test Signing CA"_s);
        // The chain nearest first: the intermediate, then the root.
        QCOMPARE(k.chain().size(), 2);
        QCOMPARE(k.chain()[0].commonName, u"Oblik Test Signing CA"_s);
        QCOMPARE(k.chain()[1].commonName, u"Oblik Test Root CA"_s);
    }

    void pkcs12Errors()
    {
        auto wrong = SigningKey::fromPkcs12File(m_pki->path(u"good.p12"_s), u"not-the-password"_s);
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code(), u"crypto.p12_password"_s);
        QVERIFY(!wrong.error().message().isEmpty());
        auto garbage = SigningKey::fromPkcs12("not a pkcs12 file", TestPki::p12Password());
        QVERIFY(!garbage);
        QCOMPARE(garbage.error().code(), u"crypto.p12_invalid"_s);
        auto missing = SigningKey::fromPkcs12File(m_pki->path(u"no-such.p12"_s), TestPki::p12Password());
        QVERIFY(!missing);
        QCOMPARE(missing.error().code(), u"crypto.file_unreadable"_s);
    }

    void signAndVerify_data() { keyFromPkcs12_data(); }
    void signAndVerify()
    {
        QFETCH(QString, user);
        const SigningKey k = key(user);
        QVERIFY(!k.isNull());
        auto cms = signDetached(k, m_data);
        QVERIFY2(cms, qPrintable(cms.error().detail() + cms.error().args().join(u' ')));
        const Run r = opensslVerify(cms.value(), m_data);
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        auto report = verifyCades(cms.value(), m_data, trust());
        QVERIFY(report);
        QCOMPARE(report.value().signatures.size(), 1);
        const SignatureReport &s = report.value().signatures[0];
        QVERIFY2(s.isValid(), qPrintable(report.value().toText()));
        QCOMPARE(s.signer.sha256Hex, k.certificate().sha256Hex);
        QCOMPARE(s.format, u"CAdES-BES"_s);
        QVERIFY(qAbs(s.signingTime.secsTo(QDateTime::currentDateTimeUtc())) < 120);
        QCOMPARE(s.chain.size(), 3); // signer, intermediate (from the CMS), root (the anchor)
        QVERIFY(report.value().allValid());

        // The same CMS over other bytes fails both verifiers.
        QByteArray other = m_data;
        other[7] = char(other[7] ^ 1);
        QVERIFY(opensslVerify(cms.value(), other).exitCode != 0);
        auto bad = verifyCades(cms.value(), other, trust());
        QVERIFY(bad);
        QVERIFY(bad.value().signatures[0].problems.contains(SignatureProblem::Modified));
    }

    void attributes()
    {
        const SigningKey k = key(u"good"_s);
        const QDateTime when(QDate(2026, 11, 20), QTime(10, 30), Qt::UTC);
        CadesOptions withTime;
        withTime.signingTime = when;
        auto a = signDetached(k, m_data, withTime);
        QVERIFY(a);
        const QString printed = printCms(a.value());
        QVERIFY2(printed.contains(u"signingTime"_s), qPrintable(printed));
        QVERIFY2(printed.contains(u"signingCertificateV2"_s), qPrintable(printed));
        QVERIFY(printed.contains(u"messageDigest"_s));
        QVERIFY(printed.contains(u"contentType"_s));
        auto report = verifyCades(a.value(), m_data, trust());
        QCOMPARE(report.value().signatures[0].signingTime, when);

        CadesOptions noTime;
        noTime.withSigningTime = false;
        auto b = signDetached(k, m_data, noTime);
        QVERIFY(b);
        const QString printedB = printCms(b.value());
        QVERIFY2(!printedB.contains(u"signingTime"_s), qPrintable(printedB));
        QVERIFY(printedB.contains(u"signingCertificateV2"_s));
        QVERIFY2(opensslVerify(b.value(), m_data).exitCode == 0,
                 qPrintable(opensslVerify(b.value(), m_data).output));
        auto reportB = verifyCades(b.value(), m_data, trust());
        QVERIFY(reportB.value().allValid());
        QVERIFY(reportB.value().signatures[0].signingTime.isNull());

        // Without the chain only the signer's certificate is inside: 1 certificate, not 2.
        CadesOptions noChain;
        noChain.withChain = false;
        auto c = signDetached(k, m_data, noChain);
        QVERIFY(c);
        QCOMPARE(printCms(c.value()).count(u"d.certificate:"_s), 1);
        QCOMPARE(printCms(a.value()).count(u"d.certificate:"_s), 2); // signer + intermediate, not the root
    }

    void signDigest()
    {
        const SigningKey k = key(u"good-ec"_s);
        auto cms = signDetachedDigest(k, QCryptographicHash::hash(m_data, QCryptographicHash::Sha256));
        QVERIFY(cms);
        const Run r = opensslVerify(cms.value(), m_data);
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        auto wrong = signDetachedDigest(k, "short");
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code(), u"crypto.sign_failed"_s);
    }

    void parallel()
    {
        const SigningKey first = key(u"good"_s), second = key(u"good-ec"_s);
        auto one = signDetached(first, m_data);
        QVERIFY(one);
        auto two = addParallelSignature(one.value(), second, m_data);
        QVERIFY2(two, qPrintable(two.error().code() + two.error().args().join(u' ')));
        // Both signers verified by openssl (it checks every SignerInfo) and by us.
        const Run r = opensslVerify(two.value(), m_data);
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        auto report = verifyCades(two.value(), m_data, trust());
        QVERIFY(report);
        QCOMPARE(report.value().signatures.size(), 2);
        QVERIFY2(report.value().allValid(), qPrintable(report.value().toText()));
        QStringList signers;
        for (const SignatureReport &s : report.value().signatures)
            signers.append(s.signer.commonName);
        signers.sort();
        QCOMPARE(signers, (QStringList{u"Ivan Petrenko"_s, u"Olena Kovalenko"_s}));
        // The earlier SignerInfo stays byte for byte.
        const QList<QByteArray> before = signerInfos(one.value()), after = signerInfos(two.value());
        QCOMPARE(before.size(), 1);
        QCOMPARE(after.size(), 2);
        QVERIFY(after.contains(before[0]));
        // A third by the first signer again (its certificate is already inside): still valid.
        auto three = addParallelSignature(two.value(), first, m_data);
        QVERIFY(three);
        QVERIFY(opensslVerify(three.value(), m_data).exitCode == 0);
        for (const QByteArray &si : after)
            QVERIFY(signerInfos(three.value()).contains(si));
    }

    void unsupportedKeys_data()
    {
        QTest::addColumn<QStringList>("genpkey");
        QTest::addColumn<QString>("algorithm");
        QTest::newRow("rsa-1024") << QStringList{u"-algorithm"_s, u"RSA"_s, u"-pkeyopt"_s,
                                                 u"rsa_keygen_bits:1024"_s}
                                  << u"RSA-1024"_s;
        QTest::newRow("ec-p384") << QStringList{u"-algorithm"_s, u"EC"_s, u"-pkeyopt"_s,
                                                u"ec_paramgen_curve:P-384"_s}
                                 << u"ECDSA P-384"_s;
    }
    void unsupportedKeys()
    {
        QFETCH(QStringList, genpkey);
        QFETCH(QString, algorithm);
        const QString dir = m_pki->tempPath();
        QCOMPARE(openssl(QStringList{u"genpkey"_s} + genpkey + QStringList{u"-out"_s, dir + u"/weak.key"_s})
                     .exitCode,
                 0);
        QCOMPARE(openssl({u"req"_s, u"-new"_s, u"-x509"_s, u"-key"_s, dir + u"/weak.key"_s, u"-subj"_s,
                          u"/CN=Weak"_s, u"-days"_s, u"30"_s, u"-out"_s, dir + u"/weak.pem"_s})
                     .exitCode,
                 0);
        QCOMPARE(openssl({u"pkcs12"_s, u"-export"_s, u"-inkey"_s, dir + u"/weak.key"_s, u"-in"_s,
                          dir + u"/weak.pem"_s, u"-passout"_s, u"pass:test-pass"_s, u"-out"_s,
                          dir + u"/weak.p12"_s})
                     .exitCode,
                 0);
        auto k = SigningKey::fromPkcs12File(dir + u"/weak.p12"_s, TestPki::p12Password());
        QVERIFY(!k);
        QCOMPARE(k.error().code(), u"crypto.key_unsupported"_s);
        QCOMPARE(k.error().args().value(0), algorithm);
    }

    void foreignSignatures()
    {
        // A CAdES made by openssl: verified by us, and a parallel signature added to it keeps its
        // SignerInfo byte for byte and is accepted by openssl.
        const QString dir = m_pki->tempPath();
        QVERIFY(writeFile(dir + u"/doc.bin"_s, m_data));
        auto sign = [&](const QString &md, const QString &out) {
            return openssl({u"cms"_s, u"-sign"_s, u"-binary"_s, u"-cades"_s, u"-md"_s, md, u"-in"_s,
                            dir + u"/doc.bin"_s, u"-outform"_s, u"DER"_s, u"-out"_s, out, u"-signer"_s,
                            m_pki->path(u"good.pem"_s), u"-inkey"_s, m_pki->path(u"good.key.pem"_s),
                            u"-certfile"_s, m_pki->path(u"intermediate.pem"_s)});
        };
        const Run made = sign(u"sha256"_s, dir + u"/theirs.p7s"_s);
        QVERIFY2(made.exitCode == 0, qPrintable(made.output));
        QFile f(dir + u"/theirs.p7s"_s);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray theirs = f.readAll();
        auto report = verifyCades(theirs, m_data, trust());
        QVERIFY(report);
        QVERIFY2(report.value().allValid(), qPrintable(report.value().toText()));
        auto both = addParallelSignature(theirs, key(u"good-ec"_s), m_data);
        QVERIFY(both);
        QVERIFY(signerInfos(both.value()).contains(signerInfos(theirs).value(0)));
        const Run r = opensslVerify(both.value(), m_data);
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        QVERIFY(verifyCades(both.value(), m_data, trust()).value().allValid());

        // SHA-1: verified, but reported as a weak algorithm (invalid).
        const Run sha1 = sign(u"sha1"_s, dir + u"/sha1.p7s"_s);
        QVERIFY2(sha1.exitCode == 0, qPrintable(sha1.output));
        QFile g(dir + u"/sha1.p7s"_s);
        QVERIFY(g.open(QIODevice::ReadOnly));
        auto weak = verifyCades(g.readAll(), m_data, trust());
        QVERIFY(weak);
        QCOMPARE(weak.value().signatures.value(0).problems,
                 QList<SignatureProblem>{SignatureProblem::WeakAlgorithm});
        QCOMPARE(weak.value().signatures.value(0).status, SignatureStatus::Invalid);
    }

    void parallelToAnAttachedSignedData()
    {
        // openssl -nodetach puts the content inside: the parallel signature gives a detached CMS
        // (as cades.h promises); content that is not the data is refused.
        const QString dir = m_pki->tempPath();
        QVERIFY(writeFile(dir + u"/attached.bin"_s, m_data));
        const QString out = dir + u"/attached.p7s"_s;
        const Run made =
            openssl({u"cms"_s, u"-sign"_s, u"-binary"_s, u"-cades"_s, u"-nodetach"_s, u"-md"_s, u"sha256"_s,
                     u"-in"_s, dir + u"/attached.bin"_s, u"-outform"_s, u"DER"_s, u"-out"_s, out,
                     u"-signer"_s, m_pki->path(u"good.pem"_s), u"-inkey"_s, m_pki->path(u"good.key.pem"_s)});
        QVERIFY2(made.exitCode == 0, qPrintable(made.output));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray attached = f.readAll();
        QVERIFY(attached.contains(m_data));
        auto both = addParallelSignature(attached, key(u"good-ec"_s), m_data);
        QVERIFY(both);
        QVERIFY2(!both.value().contains(m_data), "the content is still inside the SignedData");
        QVERIFY(signerInfos(both.value()).contains(signerInfos(attached).value(0)));
        QVERIFY(verifyCades(both.value(), m_data, trust()).value().allValid());
        const Run r = opensslVerify(both.value(), m_data);
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    }

    void parallelErrors()
    {
        const SigningKey k = key(u"good"_s);
        auto one = signDetached(k, m_data);
        QVERIFY(one);
        auto mismatch = addParallelSignature(one.value(), k, m_data + "x");
        QVERIFY(!mismatch);
        QCOMPARE(mismatch.error().code(), u"crypto.cms_content_mismatch"_s);
        auto garbage = addParallelSignature("not a cms", k, m_data);
        QVERIFY(!garbage);
        QCOMPARE(garbage.error().code(), u"crypto.cms_invalid"_s);
        auto notCms = verifyCades("not a cms", m_data, trust());
        QVERIFY(!notCms);
        QCOMPARE(notCms.error().code(), u"crypto.cms_invalid"_s);
    }
};

QTEST_GUILESS_MAIN(TstCades)
#include "tst_cades.moc"
