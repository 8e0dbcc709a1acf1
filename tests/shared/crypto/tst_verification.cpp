// Verification of CAdES signatures (shared/crypto/verification.h) against the test PKI: one row per
// rule of docs/signatures.md, each with the problems expected, the status they give, and a
// non-empty explanation for each problem.

#include "crypto/cades.h"
#include "crypto/signingkey.h"
#include "crypto/verification.h"
#include "crypto/verification_p.h"
#include "shared/crypto/cmsutil.h"
#include "support/testpki.h"

#include <QFile>
#include <QProcess>
#include <QTest>
#include <memory>

using namespace oblik;
using namespace oblik::crypto;
using namespace oblik::testing;
using namespace Qt::StringLiterals;

// DER with one element replaced: the element at [start, end) of `der`, nested in `path` (outermost
// first), becomes `replacement`; every enclosing length is written again.
QByteArray derLength(qsizetype n)
{
    if (n < 0x80)
        return QByteArray(1, char(n));
    QByteArray len;
    for (qsizetype v = n; v > 0; v >>= 8)
        len.prepend(char(v & 0xff));
    return char(0x80 | len.size()) + len;
}
QByteArray replaceNested(const QByteArray &der, const QList<Der> &path, const Der &target,
                         const QByteArray &replacement)
{
    QByteArray inner = replacement;
    qsizetype start = target.start, end = target.end;
    for (qsizetype i = path.size() - 1; i >= 0; --i) {
        const Der &p = path[i];
        const QByteArray content = der.mid(p.content, start - p.content) + inner + der.mid(end, p.end - end);
        inner = char(p.tag) + derLength(content.size()) + content;
        start = p.start;
        end = p.end;
    }
    return der.left(start) + inner + der.mid(end);
}

class TstVerification : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestPki> m_pki;
    QByteArray der(const QString &file) const { return parseCertificate(m_pki->read(file)).value().der; }
    QByteArray crl(const QString &file) const
    {
        auto t = TrustSettings::fromFiles({}, {m_pki->path(file)});
        return t ? t.value().crlsDer.value(0) : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_pki = std::make_unique<TestPki>();
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
    }

    void verify_data()
    {
        // user: whose key file signs. options (comma-separated): nochain (the CMS without the
        // intermediate), trust-intermediate (the intermediate among the configured certificates),
        // other-root (the untrusted root among them), crl (intermediate.crl.pem), crl-root
        // (root.crl.pem), require-crl, change-data, flip-signature, later (verified as if in 2040),
        // no-anchors (nothing trusted), wrong-anchor (only the other root trusted).
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("options");
        QTest::addColumn<QStringList>("problems");
        QTest::addColumn<SignatureStatus>("status");
        const auto V = SignatureStatus::Valid, I = SignatureStatus::Invalid,
                   D = SignatureStatus::Indeterminate;
        QTest::newRow("good") << u"good"_s << u""_s << QStringList() << V;
        QTest::newRow("good EC") << u"good-ec"_s << u""_s << QStringList() << V;
        QTest::newRow("good, CRLs checked")
            << u"good"_s << u"crl,crl-root,require-crl"_s << QStringList() << V;
        QTest::newRow("expired") << u"expired"_s << u""_s << QStringList{u"expired"_s} << I;
        QTest::newRow("revoked, with the CRL") << u"revoked"_s << u"crl"_s << QStringList{u"revoked"_s} << I;
        QTest::newRow("revoked, no CRL given") << u"revoked"_s << u""_s << QStringList() << V;
        QTest::newRow("no key usage for signing")
            << u"nokeyusage"_s << u""_s << QStringList{u"wrong_key_usage"_s} << I;
        QTest::newRow("stranger") << u"stranger"_s << u"other-root"_s << QStringList{u"untrusted_root"_s}
                                  << D;
        // Without its root anywhere, a stranger's chain just stops: nothing tells a missing root from
        // a missing intermediate.
        QTest::newRow("stranger, root unknown")
            << u"stranger"_s << u""_s << QStringList{u"chain_incomplete"_s} << D;
        // Signatures carry the chain without the root: a CA whose issuer is unknown ends at a root
        // nobody configured, and with no anchors at all nothing is trusted.
        QTest::newRow("no trust anchors")
            << u"good"_s << u"no-anchors"_s << QStringList{u"untrusted_root"_s} << D;
        QTest::newRow("root not among the anchors")
            << u"good"_s << u"wrong-anchor"_s << QStringList{u"untrusted_root"_s} << D;
        QTest::newRow("data changed") << u"good"_s << u"change-data"_s << QStringList{u"modified"_s} << I;
        QTest::newRow("signature byte flipped")
            << u"good"_s << u"flip-signature"_s << QStringList{u"bad_signature"_s} << I;
        QTest::newRow("EC signature byte flipped")
            << u"good-ec"_s << u"flip-signature"_s << QStringList{u"bad_signature"_s} << I;
        QTest::newRow("missing intermediate")
            << u"good"_s << u"nochain"_s << QStringList{u"chain_incomplete"_s} << D;
        QTest::newRow("intermediate configured")
            << u"good"_s << u"nochain,trust-intermediate"_s << QStringList() << V;
        QTest::newRow("CRL required, none given")
            << u"good"_s << u"require-crl"_s << QStringList{u"crl_missing"_s} << D;
        QTest::newRow("CRL required, root's missing")
            << u"good"_s << u"crl,require-crl"_s << QStringList{u"crl_missing"_s} << D;
        QTest::newRow("CRL out of date") << u"good"_s << u"crl,later"_s << QStringList{u"crl_expired"_s} << D;
    }
    void verify()
    {
        QFETCH(QString, user);
        QFETCH(QString, options);
        QFETCH(QStringList, problems);
        QFETCH(SignatureStatus, status);
        const QStringList opts = options.split(u',', Qt::SkipEmptyParts);
        auto key = SigningKey::fromPkcs12File(m_pki->path(user + u".p12"_s), TestPki::p12Password());
        QVERIFY(key);
        QByteArray data = "Act of readings, October 2026: 12345.678 kWh";
        CadesOptions co;
        co.withChain = !opts.contains(u"nochain"_s);
        auto cms = signDetached(key.value(), data, co);
        QVERIFY(cms);
        QByteArray signature = cms.value();
        if (opts.contains(u"change-data"_s))
            data[4] = 'X';
        if (opts.contains(u"flip-signature"_s)) {
            // The signature value: the last OCTET STRING of the (only) SignerInfo.
            const Der ci = derAt(signature, 0);
            const Der sd =
                derChildren(signature, derChildren(signature, derChildren(signature, ci)[1])[0]).last();
            const Der si = derChildren(signature, sd)[0];
            const Der value = derChildren(signature, si).last();
            QCOMPARE(value.tag, 0x04);
            const qsizetype at = value.content + (value.end - value.content) / 2;
            signature[at] = char(signature[at] ^ 0x01);
        }
        TrustSettings trust;
        if (opts.contains(u"wrong-anchor"_s))
            trust.anchorsDer = {der(u"other-root.pem"_s)};
        else if (!opts.contains(u"no-anchors"_s))
            trust.anchorsDer = {der(u"root.pem"_s)};
        if (opts.contains(u"trust-intermediate"_s))
            trust.intermediatesDer.append(der(u"intermediate.pem"_s));
        if (opts.contains(u"other-root"_s))
            trust.intermediatesDer.append(der(u"other-root.pem"_s));
        if (opts.contains(u"crl"_s))
            trust.crlsDer.append(crl(u"intermediate.crl.pem"_s));
        if (opts.contains(u"crl-root"_s))
            trust.crlsDer.append(crl(u"root.crl.pem"_s));
        trust.requireCrl = opts.contains(u"require-crl"_s);
        if (opts.contains(u"later"_s))
            trust.now = QDateTime(QDate(2040, 1, 1), QTime(0, 0), Qt::UTC);

        auto report = verifyCades(signature, data, trust);
        QVERIFY(report);
        QCOMPARE(report.value().signatures.size(), 1);
        const SignatureReport &s = report.value().signatures[0];
        QStringList got;
        for (SignatureProblem p : s.problems)
            got.append(problemCode(p));
        QCOMPARE(got, problems);
        QCOMPARE(s.status, status);
        QCOMPARE(s.problemArgs.size(), s.problems.size());
        QCOMPARE(report.value().allValid(), status == SignatureStatus::Valid);
        QCOMPARE(s.signer.commonName, key.value().certificate().commonName);
        const QString text = report.value().toText();
        QVERIFY(text.contains(statusText(status)));
        for (qsizetype i = 0; i < s.problems.size(); ++i) {
            QVERIFY(!problemTitle(s.problems[i]).isEmpty());
            QVERIFY(!problemAdvice(s.problems[i]).isEmpty());
            QVERIFY2(text.contains(problemTitle(s.problems[i])), qPrintable(text));
            if (s.problems[i] == SignatureProblem::Revoked)
                QVERIFY2(s.problemArgs[i].contains(QString::number(QDate::currentDate().year())),
                         qPrintable(s.problemArgs[i]));
        }
        // The PAdES verification's entry point gives the same answer for the same bytes.
        const SignatureReport same = verifySignedDataOver(signature, data, trust, {}, u"PAdES-B-B"_s);
        QCOMPARE(same.problems, s.problems);
        QCOMPARE(same.format, u"PAdES-B-B"_s);
    }

    void fallbackTime()
    {
        // Without signing-time the caller's time (a PDF's /M) is the signing time.
        TrustSettings trust;
        trust.anchorsDer = {der(u"root.pem"_s)};
        CadesOptions co;
        co.withSigningTime = false;
        const QByteArray data = "pdf byte ranges";
        auto good = SigningKey::fromPkcs12File(m_pki->path(u"good.p12"_s), TestPki::p12Password());
        QVERIFY(good);
        auto cms = signDetached(good.value(), data, co);
        QVERIFY(cms);
        const QDateTime m = good.value().certificate().notBefore.addSecs(1); // the PKI was made moments ago
        const SignatureReport r = verifySignedDataOver(cms.value(), data, trust, m, u"PAdES-B-B"_s);
        QVERIFY2(r.isValid(), qPrintable(VerificationReport{{r}}.toText()));
        QCOMPARE(r.signingTime, m);
        // /M in 2020: the certificate (made today) was not yet valid then.
        const SignatureReport early = verifySignedDataOver(
            cms.value(), data, trust, QDateTime(QDate(2020, 6, 1), QTime(12, 0), Qt::UTC), u"PAdES-B-B"_s);
        QCOMPARE(early.problems, QList<SignatureProblem>{SignatureProblem::NotYetValid});
        QCOMPARE(early.status, SignatureStatus::Invalid);
        // No time at all: the current time (trust.now when set).
        const SignatureReport none = verifySignedDataOver(cms.value(), data, trust, {}, u"PAdES-B-B"_s);
        QVERIFY(none.isValid());
        QVERIFY(none.signingTime.isNull());
        trust.now = QDateTime(QDate(2045, 1, 1), QTime(0, 0), Qt::UTC);
        const SignatureReport later = verifySignedDataOver(cms.value(), data, trust, {}, u"PAdES-B-B"_s);
        QVERIFY(later.problems.contains(SignatureProblem::Expired));

        const SignatureReport garbage = verifySignedDataOver("junk", data, trust, {}, u"PAdES-B-B"_s);
        QCOMPARE(garbage.problems, QList<SignatureProblem>{SignatureProblem::Malformed});
        QCOMPARE(garbage.status, SignatureStatus::Invalid);
    }

    void signerCertificateSubstituted()
    {
        // A second certificate for the same key with the same issuer and serial (the CA's key is in
        // the test PKI): the SignerInfo still points at it and the signature still verifies, but the
        // signing-certificate-v2 attribute names the original certificate.
        const QString dir = m_pki->tempPath();
        const QString pki = m_pki->pkiDir();
        const QString serial = u"0x"_s + parseCertificate(m_pki->read(u"good.pem"_s)).value().serialHex;
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(u"sh"_s,
                {u"-c"_s,
                 u"openssl req -new -key '%1/good.key.pem' -subj '/C=UA/O=Somebody/CN=Substitute' "
                 u"-out '%2/sub.csr' && openssl x509 -req -in '%2/sub.csr' -CA '%1/intermediate.pem' "
                 u"-CAkey '%1/intermediate.key.pem' -set_serial %3 -days 30 -sha256 "
                 u"-extfile '%1/ext.cnf' -extensions user -outform DER -out '%2/sub.der'"_s.arg(pki, dir,
                                                                                                serial)});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAll().constData());
        QFile f(dir + u"/sub.der"_s);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray substitute = f.readAll();

        auto key = SigningKey::fromPkcs12File(m_pki->path(u"good.p12"_s), TestPki::p12Password());
        const QByteArray data = "invoice";
        auto cms = signDetached(key.value(), data);
        QVERIFY(cms);
        const QByteArray &c = cms.value();
        const Der ci = derAt(c, 0);
        const Der explicit0 = derChildren(c, ci)[1];
        const Der sd = derChildren(c, explicit0)[0];
        Der certs;
        for (const Der &d : derChildren(c, sd)) {
            if (d.tag == 0xa0)
                certs = d;
        }
        QCOMPARE(certs.tag, 0xa0);
        const QByteArray original = key.value().certificate().der;
        Der signerCert;
        for (const Der &d : derChildren(c, certs)) {
            if (c.mid(d.start, d.end - d.start) == original)
                signerCert = d;
        }
        QVERIFY(signerCert.tag == 0x30);
        const QByteArray forged = replaceNested(c, {ci, explicit0, sd, certs}, signerCert, substitute);
        QVERIFY(forged.contains(substitute));

        TrustSettings trust;
        trust.anchorsDer = {der(u"root.pem"_s)};
        auto report = verifyCades(forged, data, trust);
        QVERIFY(report);
        const SignatureReport &s = report.value().signatures.value(0);
        QCOMPARE(s.signer.commonName, u"Substitute"_s);
        QCOMPARE(s.problems, QList<SignatureProblem>{SignatureProblem::SignerCertMismatch});
        QCOMPARE(s.status, SignatureStatus::Invalid);
        // The untouched one is valid: the forgery alone makes the difference.
        QVERIFY(verifyCades(c, data, trust).value().allValid());
    }

    void etsiFormatsNeedSignedAttributes_data()
    {
        // extra: flags for `openssl cms -sign` beyond -binary -md sha256; format: what the caller
        // verifies the CMS as (verifyCades gives CAdES-BES, a PDF its SubFilter's format).
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QStringList>("problems");
        const QString cades = u"CAdES-BES"_s, pades = u"PAdES-B-B"_s,
                      legacy = u"PAdES (adbe.pkcs7.detached)"_s;
        QTest::newRow("CAdES with signing-certificate-v2")
            << QStringList{u"-cades"_s} << cades << QStringList();
        QTest::newRow("CAdES without signing-certificate")
            << QStringList() << cades << QStringList{u"malformed"_s};
        QTest::newRow("CAdES without signed attributes")
            << QStringList{u"-noattr"_s} << cades << QStringList{u"malformed"_s};
        QTest::newRow("PAdES-B-B with signing-certificate-v2")
            << QStringList{u"-cades"_s} << pades << QStringList();
        QTest::newRow("PAdES-B-B without signing-certificate")
            << QStringList() << pades << QStringList{u"malformed"_s};
        QTest::newRow("PAdES-B-B without signed attributes")
            << QStringList{u"-noattr"_s} << pades << QStringList{u"malformed"_s};
        // Legacy PDF signatures often have neither; the signature itself still verifies.
        QTest::newRow("adbe.pkcs7.detached without signing-certificate")
            << QStringList() << legacy << QStringList();
        QTest::newRow("adbe.pkcs7.detached without signed attributes")
            << QStringList{u"-noattr"_s} << legacy << QStringList();
    }
    void etsiFormatsNeedSignedAttributes()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, format);
        QFETCH(QStringList, problems);
        const QString dir = m_pki->tempPath();
        const QByteArray data = "Act of readings, November 2026";
        QVERIFY(writeFile(dir + u"/ess.bin"_s, data));
        const QString out = dir + u"/ess.p7s"_s;
        QFile::remove(out);
        const Run made = openssl(
            QStringList{u"cms"_s, u"-sign"_s, u"-binary"_s, u"-md"_s, u"sha256"_s} + extra +
            QStringList{u"-in"_s, dir + u"/ess.bin"_s, u"-outform"_s, u"DER"_s, u"-out"_s, out, u"-signer"_s,
                        m_pki->path(u"good.pem"_s), u"-inkey"_s, m_pki->path(u"good.key.pem"_s),
                        u"-certfile"_s, m_pki->path(u"intermediate.pem"_s)});
        QVERIFY2(made.exitCode == 0, qPrintable(made.output));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray cms = f.readAll();
        TrustSettings trust;
        trust.anchorsDer = {der(u"root.pem"_s)};
        const SignatureReport r = format == u"CAdES-BES"_s
                                      ? verifyCades(cms, data, trust).value().signatures.value(0)
                                      : verifySignedDataOver(cms, data, trust, {}, format);
        QStringList got;
        for (SignatureProblem p : r.problems)
            got.append(problemCode(p));
        QCOMPARE(got, problems);
        QCOMPARE(r.isValid(), problems.isEmpty());
        QCOMPARE(r.signer.commonName, parseCertificate(m_pki->read(u"good.pem"_s)).value().commonName);
        // The signature value itself is right: the same bytes changed are "modified" or "bad_signature".
        const SignatureReport changed = verifySignedDataOver(cms, data + "x", trust, {}, format);
        QVERIFY(changed.problems.contains(SignatureProblem::Modified) ||
                changed.problems.contains(SignatureProblem::BadSignature));
    }

    void onePdfSignatureOneSigner()
    {
        // A PDF signature with two SignerInfos is not PAdES; its report must not be just the first's.
        TrustSettings trust;
        trust.anchorsDer = {der(u"root.pem"_s)};
        const QByteArray data = "pdf byte ranges";
        auto good = SigningKey::fromPkcs12File(m_pki->path(u"good.p12"_s), TestPki::p12Password());
        auto ec = SigningKey::fromPkcs12File(m_pki->path(u"good-ec.p12"_s), TestPki::p12Password());
        QVERIFY(good);
        QVERIFY(ec);
        CadesOptions co;
        co.withSigningTime = false;
        auto one = signDetached(good.value(), data, co);
        QVERIFY(one);
        QVERIFY(verifySignedDataOver(one.value(), data, trust, {}, u"PAdES-B-B"_s).isValid());
        auto two = addParallelSignature(one.value(), ec.value(), data, co);
        QVERIFY(two);
        QCOMPARE(verifySignerInfos(two.value(), data, trust, {}, u"CAdES-BES"_s).size(), 2);
        const SignatureReport r = verifySignedDataOver(two.value(), data, trust, {}, u"PAdES-B-B"_s);
        QCOMPARE(r.problems, QList<SignatureProblem>{SignatureProblem::Malformed});
        QCOMPARE(r.problemArgs.size(), r.problems.size());
        QCOMPARE(r.status, SignatureStatus::Invalid);
    }

    void codes()
    {
        for (int i = 0; i <= int(SignatureProblem::SigningTimeImplausible); ++i) {
            const auto p = SignatureProblem(i);
            QVERIFY(!problemCode(p).isEmpty());
            QCOMPARE(problemFromCode(problemCode(p)), std::optional<SignatureProblem>(p));
            QVERIFY(!problemTitle(p).isEmpty());
            QVERIFY(!problemAdvice(p).isEmpty());
        }
        QCOMPARE(problemCode(SignatureProblem::UntrustedRoot), u"untrusted_root"_s);
        QCOMPARE(problemFromCode(u"no-such"_s), std::nullopt);
        QVERIFY(!VerificationReport().allValid());
    }

    void trustFromFiles()
    {
        auto t =
            TrustSettings::fromFiles({m_pki->path(u"chain.pem"_s)}, {m_pki->path(u"intermediate.crl.pem"_s)});
        QVERIFY(t);
        QCOMPARE(t.value().anchorsDer.size(), 2);
        QCOMPARE(t.value().crlsDer.size(), 1);
        auto missing = TrustSettings::fromFiles({m_pki->path(u"none.pem"_s)});
        QCOMPARE(missing.error().code(), u"crypto.file_unreadable"_s);
        auto notCert = TrustSettings::fromFiles({m_pki->path(u"ext.cnf"_s)});
        QCOMPARE(notCert.error().code(), u"crypto.certificate_invalid"_s);
        auto notCrl = TrustSettings::fromFiles({}, {m_pki->path(u"root.pem"_s)});
        QCOMPARE(notCrl.error().code(), u"crypto.crl_invalid"_s);
        QCOMPARE(notCrl.error().args().value(0), m_pki->path(u"root.pem"_s));
    }
};

QTEST_GUILESS_MAIN(TstVerification)
#include "tst_verification.moc"
