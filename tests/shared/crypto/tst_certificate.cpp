// Certificates as Oblik shows them (shared/crypto/certificate.h), read from the test PKI and compared
// with what the openssl command line says about the same files.

#include "crypto/certificate.h"
#include "shared/crypto/cmsutil.h"
#include "support/testpki.h"

#include <QRegularExpression>
#include <QTest>
#include <memory>

using namespace oblik;
using namespace oblik::crypto;
using namespace oblik::testing;
using namespace Qt::StringLiterals;

class TstCertificate : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestPki> m_pki;

    QString opensslField(const QString &file, const QString &option)
    {
        return openssl({u"x509"_s, u"-in"_s, m_pki->path(file), u"-noout"_s, option}).output.trimmed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_pki = std::make_unique<TestPki>();
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
    }

    void fields()
    {
        auto c = parseCertificate(m_pki->read(u"good.pem"_s));
        QVERIFY(c);
        const CertificateInfo &i = c.value();
        // RFC 4514 order (the last RDN first); `openssl ca` wrote this subject as CN, O, C, serialNumber.
        QCOMPARE(i.subject, u"serialNumber=TINUA-1234567890, C=UA, O=TOV Teplomerezha, CN=Ivan Petrenko"_s);
        QCOMPARE(i.commonName, u"Ivan Petrenko"_s);
        QCOMPARE(i.organization, u"TOV Teplomerezha"_s);
        QCOMPARE(i.taxId, u"TINUA-1234567890"_s);
        QCOMPARE(i.issuer, u"CN=Oblik Test Signing CA, O=Oblik Test, C=UA"_s);
        QCOMPARE(i.issuerCommonName, u"Oblik Test Signing CA"_s);
        QCOMPARE(i.keyAlgorithm, u"RSA-2048"_s);
        QVERIFY(i.hasKeyUsage);
        QCOMPARE(i.keyUsage, unsigned(KeyUsage::DigitalSignature) | unsigned(KeyUsage::NonRepudiation));
        QVERIFY(i.allowsSigning());
        QVERIFY(!i.isCa);
        QCOMPARE(i.displayName(), u"Ivan Petrenko (TOV Teplomerezha)"_s);
        QVERIFY(i.validAt(QDateTime::currentDateTimeUtc()));
        // The same as openssl says.
        QCOMPARE(u"serial="_s + i.serialHex, opensslField(u"good.pem"_s, u"-serial"_s));
        const QString fp = openssl({u"x509"_s, u"-in"_s, m_pki->path(u"good.pem"_s), u"-noout"_s,
                                    u"-fingerprint"_s, u"-sha256"_s})
                               .output.trimmed();
        QCOMPARE(fp.section(u'=', 1).remove(u':').toLower(), i.sha256Hex);
        const QString notAfter = opensslField(u"good.pem"_s, u"-enddate"_s).section(u'=', 1);
        QCOMPARE(i.notAfter.timeSpec(), Qt::UTC);
        QCOMPARE(i.notAfter.toString(u"MMM d HH:mm:ss yyyy"_s), notAfter.simplified().remove(u" GMT"_s));
    }

    void kinds_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<bool>("signing");
        QTest::addColumn<bool>("ca");
        QTest::addColumn<QString>("display");
        QTest::newRow("ec") << u"good-ec.pem"_s << u"ECDSA P-256"_s << true << false
                            << u"Olena Kovalenko (TOV Teplomerezha)"_s;
        QTest::newRow("encryption only") << u"nokeyusage.pem"_s << u"RSA-2048"_s << false << false
                                         << u"Encryption Only (TOV Teplomerezha)"_s;
        QTest::newRow("root") << u"root.pem"_s << u"RSA-2048"_s << false << true
                              << u"Oblik Test Root CA (Oblik Test)"_s;
        QTest::newRow("intermediate") << u"intermediate.pem"_s << u"RSA-2048"_s << false << true
                                      << u"Oblik Test Signing CA (Oblik Test)"_s;
    }
    void kinds()
    {
        QFETCH(QString, file);
        auto c = parseCertificate(m_pki->read(file));
        QVERIFY(c);
        QTEST(c.value().keyAlgorithm, "algorithm");
        QTEST(c.value().allowsSigning(), "signing");
        QTEST(c.value().isCa, "ca");
        QTEST(c.value().displayName(), "display");
    }

    void expiredDates()
    {
        auto c = parseCertificate(m_pki->read(u"expired.pem"_s));
        QVERIFY(c);
        QCOMPARE(c.value().notBefore, QDateTime(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC));
        QCOMPARE(c.value().notAfter, QDateTime(QDate(2021, 1, 1), QTime(0, 0), Qt::UTC));
        QVERIFY(!c.value().validAt(QDateTime::currentDateTimeUtc()));
        QVERIFY(c.value().validAt(QDateTime(QDate(2020, 6, 1), QTime(0, 0), Qt::UTC)));
    }

    void derAndBundles()
    {
        auto pem = parseCertificate(m_pki->read(u"good.pem"_s));
        auto der = parseCertificate(pem.value().der);
        QVERIFY(der);
        QCOMPARE(der.value().sha256Hex, pem.value().sha256Hex);
        auto bundle = parseCertificates(m_pki->read(u"chain.pem"_s));
        QVERIFY(bundle);
        QCOMPARE(bundle.value().size(), 2);
        QCOMPARE(bundle.value()[0].commonName, u"Oblik Test Signing CA"_s);
        QCOMPARE(bundle.value()[1].commonName, u"Oblik Test Root CA"_s);
        // The first of a bundle.
        QCOMPARE(parseCertificate(m_pki->read(u"chain.pem"_s)).value().commonName,
                 u"Oblik Test Signing CA"_s);
        // No leading/trailing text problems.
        QVERIFY(parseCertificate("junk\n" + m_pki->read(u"good.pem"_s) + "more junk\n"));
    }

    void invalid_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("not a certificate");
        QTest::newRow("broken pem") << QByteArray(
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    }
    void invalid()
    {
        QFETCH(QByteArray, bytes);
        auto c = parseCertificate(bytes);
        QVERIFY(!c);
        QCOMPARE(c.error().code(), u"crypto.certificate_invalid"_s);
        QVERIFY(!c.error().message().isEmpty());
    }

    void truncatedDer()
    {
        const QByteArray der = parseCertificate(m_pki->read(u"good.pem"_s)).value().der;
        QVERIFY(!parseCertificate(der.left(der.size() / 2)));
    }
};

QTEST_GUILESS_MAIN(TstCertificate)
#include "tst_certificate.moc"
