// `oblik-server sign` and `oblik-server verify` (docs/signatures.md, "Command line") run as a process:
// PAdES by default for a PDF (pdfsig accepts it), CAdES for anything else (openssl cms -verify
// accepts it), --add-to a parallel signature, the exit statuses of verify with the explanation
// printed, PINs from --pin-file and OBLIK_PIN, and a key on a SoftHSM2 token by pkcs11: URI.
// Built twice: tst_signcli (key files) and tst_signcli_token (OBLIK_SIGNCLI_TOKEN, label token).
#include "crypto/verification.h"
#include "pdftestsupport.h"
#include "support/testpki.h"

#include <QProcessEnvironment>
#include <QtTest>

using namespace oblik;
using namespace oblik::crypto;
using namespace oblik::testing;

#ifdef OBLIK_SIGNCLI_TOKEN
static constexpr bool kTokenBuild = true;
#else
static constexpr bool kTokenBuild = false;
#endif

class TstSignCli : public QObject
{
    Q_OBJECT

    TestPki *m_pki = nullptr;
    QTemporaryDir m_tmp;
    QString m_server;

    QString tmp(const QString &name) const { return m_tmp.path() + QLatin1Char('/') + name; }

    ProcessResult server(const QStringList &args, const QMap<QString, QString> &env = {})
    {
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.remove(QStringLiteral("OBLIK_PIN"));
        e.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
        for (auto it = env.begin(); it != env.end(); ++it)
            e.insert(it.key(), it.value());
        p.setProcessEnvironment(e);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.setStandardInputFile(QProcess::nullDevice()); // not a terminal: no PIN prompt
        p.start(m_server, args);
        ProcessResult r;
        if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit) {
            r.out = p.readAll() + p.errorString().toLocal8Bit();
            return r;
        }
        r.exitCode = p.exitCode();
        r.out = p.readAll();
        return r;
    }

    QStringList sign(const QString &key, const QString &in, const QString &out, const QStringList &extra = {})
    {
        return QStringList{QStringLiteral("sign"),
                           QStringLiteral("--key"),
                           key,
                           QStringLiteral("--in"),
                           in,
                           QStringLiteral("--out"),
                           out} +
               extra;
    }

    QString p12(const QString &user) const { return m_pki->path(user + QStringLiteral(".p12")); }
    QString pinFile() const { return m_tmp.path() + QStringLiteral("/pin.txt"); }

    QStringList trust() const
    {
        return {QStringLiteral("--trust"), m_pki->path(QStringLiteral("root.pem")), QStringLiteral("--crl"),
                m_pki->path(QStringLiteral("intermediate.crl.pem"))};
    }

    int opensslVerify(const QString &content, const QString &p7s)
    {
        const ProcessResult r = runProcess(
            QStringLiteral("openssl"),
            {QStringLiteral("cms"), QStringLiteral("-verify"), QStringLiteral("-binary"),
             QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), p7s,
             QStringLiteral("-content"), content,
             // OpenSSL 3.0's cms has no -untrusted: the intermediate comes with the root in -CAfile.
             QStringLiteral("-CAfile"), m_pki->path(QStringLiteral("chain.pem")), QStringLiteral("-purpose"),
             QStringLiteral("any"), QStringLiteral("-out"), QStringLiteral("/dev/null")});
        if (r.exitCode != 0)
            qWarning("openssl cms -verify: %s", r.out.constData());
        return r.exitCode;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server =
            qEnvironmentVariable("OBLIK_SERVER_BIN", QStringLiteral(OBLIK_BINARY_DIR "/bin/oblik-server"));
        QVERIFY2(QFile::exists(m_server), qPrintable(m_server));
        m_pki = new TestPki;
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
        QVERIFY(writeFile(pinFile(), TestPki::p12Password().toUtf8() + "\n"));
        QVERIFY(writeFile(tmp(QStringLiteral("invoice.pdf")), invoicePdf()));
        QVERIFY(
            writeFile(tmp(QStringLiteral("act.txt")), QByteArray("Readings act 2026-10: 12345.678 kWh\n")));
    }
    void cleanupTestCase() { delete m_pki; }

    void padesByDefaultForPdf()
    {
        if (kTokenBuild)
            QSKIP("key files: tst_signcli");
        const QString out = tmp(QStringLiteral("signed.pdf"));
        ProcessResult r = server(sign(
            p12(QStringLiteral("good")), tmp(QStringLiteral("invoice.pdf")), out,
            {QStringLiteral("--pin-file"), pinFile(), QStringLiteral("--reason"), QStringLiteral("Agreed")}));
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QVERIFY2(r.out.contains("PAdES"), r.out.constData());
        const QByteArray signedPdf = readFile(out);
        QVERIFY(signedPdf.startsWith(readFile(tmp(QStringLiteral("invoice.pdf")))));
        const ProcessResult sig =
            runProcess(QStringLiteral("pdfsig"), {QStringLiteral("-nssdir"), m_pki->nssDatabase(), out});
        QVERIFY2(sig.out.contains("Signature is Valid.") && sig.out.contains("Certificate is Trusted."),
                 sig.out.constData());

        r = server(QStringList{QStringLiteral("verify"), out} + trust());
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QVERIFY2(r.out.contains("Ivan Petrenko"), r.out.constData());
        QVERIFY2(r.out.contains("Agreed"), r.out.constData());
    }

    void cadesForOtherFilesAndParallel()
    {
        if (kTokenBuild)
            QSKIP("key files: tst_signcli");
        const QString act = tmp(QStringLiteral("act.txt")), p7s = tmp(QStringLiteral("act.txt.p7s"));
        ProcessResult r = server(sign(p12(QStringLiteral("good")), act, p7s),
                                 {{QStringLiteral("OBLIK_PIN"), TestPki::p12Password()}});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QCOMPARE(opensslVerify(act, p7s), 0);
        r = server(QStringList{QStringLiteral("verify"), act, QStringLiteral("--signature"), p7s} + trust());
        QVERIFY2(r.exitCode == 0, r.out.constData());

        // --add-to: the supplier's signature beside the consumer's, both checked by openssl and by us.
        const QString both = tmp(QStringLiteral("act.both.p7s"));
        r = server(sign(p12(QStringLiteral("supplier")), act, both,
                        {QStringLiteral("--add-to"), p7s, QStringLiteral("--pin-file"), pinFile()}));
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QCOMPARE(opensslVerify(act, both), 0);
        r = server(QStringList{QStringLiteral("verify"), act, QStringLiteral("--signature"), both} + trust());
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QVERIFY2(r.out.contains("Ivan Petrenko"), r.out.constData());
        QCOMPARE(r.out.count("is valid"), 2);

        // --cades for a PDF: a detached signature of the PDF's bytes.
        const QString pdfP7s = tmp(QStringLiteral("invoice.pdf.p7s"));
        r = server(sign(p12(QStringLiteral("good")), tmp(QStringLiteral("invoice.pdf")), pdfP7s,
                        {QStringLiteral("--cades"), QStringLiteral("--pin-file"), pinFile()}));
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QCOMPARE(opensslVerify(tmp(QStringLiteral("invoice.pdf")), pdfP7s), 0);
    }

    void verifyExplainsWhatIsWrong_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("explanation");
        QTest::newRow("revoked") << QStringLiteral("revoked") << problemTitle(SignatureProblem::Revoked);
        QTest::newRow("untrusted") << QStringLiteral("stranger") << QString();
    }
    void verifyExplainsWhatIsWrong()
    {
        if (kTokenBuild)
            QSKIP("key files: tst_signcli");
        QFETCH(QString, user);
        QFETCH(QString, explanation);
        const QString out = tmp(user + QStringLiteral(".pdf"));
        ProcessResult r = server(sign(p12(user), tmp(QStringLiteral("invoice.pdf")), out,
                                      {QStringLiteral("--pin-file"), pinFile()}));
        QVERIFY2(r.exitCode == 0, r.out.constData());
        r = server(QStringList{QStringLiteral("verify"), out} + trust());
        QVERIFY2(r.exitCode == 1, r.out.constData());
        QVERIFY2(r.out.contains("NOT valid") || r.out.contains("could not be fully checked"),
                 r.out.constData());
        if (!explanation.isEmpty())
            QVERIFY2(QString::fromUtf8(r.out).simplified().contains(explanation.simplified()),
                     r.out.constData());
        // Without any trust anchor even the good one is not trusted.
        r = server({QStringLiteral("verify"), tmp(QStringLiteral("signed.pdf"))});
        QVERIFY2(r.exitCode == 1, r.out.constData());
    }

    void usageAndInputErrors()
    {
        if (kTokenBuild)
            QSKIP("key files: tst_signcli");
        // Unreadable input: 2.
        ProcessResult r =
            server(QStringList{QStringLiteral("verify"), tmp(QStringLiteral("missing.pdf"))} + trust());
        QCOMPARE(r.exitCode, 2);
        // No signature at all: 1.
        r = server(QStringList{QStringLiteral("verify"), tmp(QStringLiteral("invoice.pdf"))} + trust());
        QCOMPARE(r.exitCode, 1);
        // No PIN and stdin is not a terminal: says how to give one.
        r = server(
            sign(p12(QStringLiteral("good")), tmp(QStringLiteral("act.txt")), tmp(QStringLiteral("x.p7s"))));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.contains("--pin-file"), r.out.constData());
        // A wrong password: fails with the reason.
        r = server(
            sign(p12(QStringLiteral("good")), tmp(QStringLiteral("act.txt")), tmp(QStringLiteral("x.p7s"))),
            {{QStringLiteral("OBLIK_PIN"), QStringLiteral("wrong")}});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(!QFile::exists(tmp(QStringLiteral("x.p7s"))));
        // --pades for a text file.
        r = server(sign(p12(QStringLiteral("good")), tmp(QStringLiteral("act.txt")),
                        tmp(QStringLiteral("x.pdf")),
                        {QStringLiteral("--pades"), QStringLiteral("--pin-file"), pinFile()}));
        QCOMPARE(r.exitCode, 2);
    }

    void tokenKeyByUri()
    {
        if (!kTokenBuild)
            QSKIP("the token rows: tst_signcli_token");
        if (!TestPki::softhsmAvailable())
            QSKIP("SoftHSM2 is not installed");
        QVERIFY2(m_pki->makeToken(), qPrintable(m_pki->error()));
        QVERIFY(writeFile(tmp(QStringLiteral("token-pin.txt")), "1234\n"));
        const QString uri = QStringLiteral("pkcs11:token=Oblik%20Test%20Token;object=good?module-path=") +
                            TestPki::softhsmModule();
        const QMap<QString, QString> env{{QStringLiteral("SOFTHSM2_CONF"), m_pki->softhsmConf()}};

        const QString out = tmp(QStringLiteral("token-signed.pdf"));
        ProcessResult r = server(sign(uri, tmp(QStringLiteral("invoice.pdf")), out,
                                      {QStringLiteral("--pin-file"), tmp(QStringLiteral("token-pin.txt"))}),
                                 env);
        QVERIFY2(r.exitCode == 0, r.out.constData());
        // The token holds no CA certificates, so the signature carries only the signer's: the
        // intermediate comes from --trust (chain.pem: intermediate and root).
        r = server(QStringList{QStringLiteral("verify"), out} + trust());
        QVERIFY2(r.exitCode == 1, r.out.constData());
        r = server({QStringLiteral("verify"), out, QStringLiteral("--trust"),
                    m_pki->path(QStringLiteral("chain.pem")), QStringLiteral("--crl"),
                    m_pki->path(QStringLiteral("intermediate.crl.pem"))});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        const ProcessResult sig =
            runProcess(QStringLiteral("pdfsig"), {QStringLiteral("-nssdir"), m_pki->nssDatabase(), out});
        QVERIFY2(sig.out.contains("Signature is Valid."), sig.out.constData());

        const QString p7s = tmp(QStringLiteral("token-act.p7s"));
        r = server(sign(uri, tmp(QStringLiteral("act.txt")), p7s),
                   {{QStringLiteral("OBLIK_PIN"), QStringLiteral("1234")},
                    {QStringLiteral("SOFTHSM2_CONF"), m_pki->softhsmConf()}});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QCOMPARE(opensslVerify(tmp(QStringLiteral("act.txt")), p7s), 0);

        // A wrong PIN: fails with the token's reason.
        QVERIFY(writeFile(tmp(QStringLiteral("bad-pin.txt")), "9999\n"));
        r = server(sign(uri, tmp(QStringLiteral("act.txt")), tmp(QStringLiteral("bad.p7s")),
                        {QStringLiteral("--pin-file"), tmp(QStringLiteral("bad-pin.txt"))}),
                   env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(!QFile::exists(tmp(QStringLiteral("bad.p7s"))));
    }
};

QTEST_MAIN(TstSignCli)
#include "tst_signcli.moc"
