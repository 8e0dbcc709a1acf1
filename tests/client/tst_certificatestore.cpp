// CertificateStore: pins per server, survive a restart (a new store on the same file), unpin,
// fingerprint spelling, and a real certificate's SHA-256.

#include "api/certificateinfo.h"
#include "api/certificatestore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using oblik::client::CertificateInfo;
using oblik::client::CertificateStore;

namespace {
const QString fpA =
    u"AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99"_s;
const QString fpB =
    u"01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF"_s;

} // namespace

class TestCertificateStore : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString iniFile() const { return m_dir.filePath(u"pins.ini"_s); }

private Q_SLOTS:
    void init() { QFile::remove(iniFile()); }

    void pinAndUnpin()
    {
        CertificateStore store(iniFile());
        QVERIFY(!store.isTrusted(u"127.0.0.1:8443"_s, fpA));
        store.trust(u"127.0.0.1:8443"_s, fpA);
        QVERIFY(store.isTrusted(u"127.0.0.1:8443"_s, fpA));
        // Pinned for that server only: another port or host is another server.
        QVERIFY(!store.isTrusted(u"127.0.0.1:8444"_s, fpA));
        QVERIFY(!store.isTrusted(u"localhost:8443"_s, fpA));
        // Another certificate for the same server is not trusted.
        QVERIFY(!store.isTrusted(u"127.0.0.1:8443"_s, fpB));
        store.trust(u"127.0.0.1:8443"_s, fpB);
        QCOMPARE(store.fingerprints(u"127.0.0.1:8443"_s), (QStringList{fpA, fpB}));
        store.untrust(u"127.0.0.1:8443"_s, fpA);
        QVERIFY(!store.isTrusted(u"127.0.0.1:8443"_s, fpA));
        QVERIFY(store.isTrusted(u"127.0.0.1:8443"_s, fpB));
        store.untrust(u"127.0.0.1:8443"_s, fpB);
        QVERIFY(store.fingerprints(u"127.0.0.1:8443"_s).isEmpty());
    }

    void survivesRestart()
    {
        {
            CertificateStore store(iniFile());
            store.trust(u"oblik.example.ua:443"_s, fpA);
        }
        CertificateStore again(iniFile());
        QVERIFY(again.isTrusted(u"oblik.example.ua:443"_s, fpA));
        QVERIFY(again.isTrusted(u"OBLIK.example.ua:443"_s, fpA)); // host names are case-insensitive
    }

    void trustTwiceKeepsOne()
    {
        CertificateStore store(iniFile());
        store.trust(u"h:1"_s, fpA);
        store.trust(u"h:1"_s, fpA.toLower());
        QCOMPARE(store.fingerprints(u"h:1"_s).size(), 1);
    }

    void normalize_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("stored form") << fpA << fpA;
        QTest::newRow("lower case") << fpA.toLower() << fpA;
        QTest::newRow("no colons") << QString(fpA).remove(u':') << fpA;
        QTest::newRow("spaces") << QString(fpA).replace(u':', u' ') << fpA;
        QTest::newRow("too short") << fpA.left(30) << QString();
        QTest::newRow("not hex") << QString(fpA).replace(u'A', u'Z') << QString();
        QTest::newRow("empty") << QString() << QString();
    }

    void normalize()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(CertificateStore::normalizeFingerprint(input), expected);
    }

    void garbageIsNeverTrusted()
    {
        CertificateStore store(iniFile());
        store.trust(u"h:1"_s, u"not a fingerprint"_s);
        QVERIFY(store.fingerprints(u"h:1"_s).isEmpty());
        QVERIFY(!store.isTrusted(u"h:1"_s, QString()));
        QVERIFY(!store.isTrusted(u"h:1"_s, QSslCertificate()));
    }

    void certificateFingerprint()
    {
        // A real self-signed certificate, made by openssl like the server's development one.
        const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
        if (openssl.isEmpty())
            QSKIP("openssl not installed");
        const QString certFile = m_dir.filePath(u"cert.pem"_s);
        QProcess p;
        p.start(openssl,
                {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                 u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-keyout"_s, m_dir.filePath(u"key.pem"_s),
                 u"-out"_s, certFile, u"-days"_s, u"30"_s, u"-subj"_s, u"/CN=oblik.test/O=Oblik tests"_s});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const auto certs = QSslCertificate::fromPath(certFile);
        QCOMPARE(certs.size(), 1);
        // The same digest openssl prints for it.
        QProcess fp;
        fp.start(openssl, {u"x509"_s, u"-in"_s, certFile, u"-noout"_s, u"-fingerprint"_s, u"-sha256"_s});
        QVERIFY(fp.waitForFinished(30000));
        const QString line =
            QString::fromLatin1(fp.readAllStandardOutput()).trimmed(); // sha256 Fingerprint=AB:..
        const QString expected = line.section(u'=', 1);
        QCOMPARE(CertificateStore::fingerprintOf(certs.first()), expected);
        const CertificateInfo info = CertificateInfo::fromCertificate(u"h:1"_s, certs.first());
        QCOMPARE(info.fingerprint, expected);
        QVERIFY(info.subject.contains(u"oblik.test"_s));
        QVERIFY(info.subject.contains(u"Oblik tests"_s));
        QVERIFY(info.validFrom.isValid() && info.validUntil > info.validFrom);
        CertificateStore store(iniFile());
        store.trust(u"h:1"_s, expected);
        QVERIFY(store.isTrusted(u"h:1"_s, certs.first()));
    }

    void infoRoundTripsThroughError()
    {
        CertificateInfo info;
        info.hostKey = u"127.0.0.1:8443"_s;
        info.fingerprint = fpA;
        info.subject = u"oblik.test, Oblik"_s;
        info.issuer = u"oblik.test"_s;
        info.validFrom = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
        info.validUntil = QDateTime(QDate(2036, 1, 1), QTime(0, 0), Qt::UTC);
        const oblik::Error e = info.toError(u"self-signed"_s);
        QCOMPARE(e.code(), u"network.tls_untrusted"_s);
        const auto back = CertificateInfo::fromError(e);
        QVERIFY(back);
        QCOMPARE(back->hostKey, info.hostKey);
        QCOMPARE(back->fingerprint, info.fingerprint);
        QCOMPARE(back->subject, info.subject);
        QCOMPARE(back->issuer, info.issuer);
        QCOMPARE(back->validFrom, info.validFrom);
        QCOMPARE(back->validUntil, info.validUntil);
        QVERIFY(!CertificateInfo::fromError(oblik::Error::make(u"network.timeout"_s)));
    }
};

QTEST_GUILESS_MAIN(TestCertificateStore)
#include "tst_certificatestore.moc"
