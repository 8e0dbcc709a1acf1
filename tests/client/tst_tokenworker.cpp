// The token worker on a real SoftHSM2 token (docs/signatures.md, "Client"): the tokens and
// certificates listed from the worker's thread (expired and non-signing ones marked unusable), a
// token made while it runs showing up at the next poll, a wrong PIN reported with its code, a PDF
// signed on the worker's thread and verified with crypto::verifyPdf, a key file opened there too;
// while the worker signs, a timer on the main thread keeps ticking (the UI is never blocked).

#include "crypto/verification.h"
#include "sign/signingcontroller.h"
#include "signsupport.h"
#include "support/testpki.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client::sign;
using oblik::testing::TestPki;

class TestTokenWorker : public QObject
{
    Q_OBJECT
    std::unique_ptr<TestPki> m_pki;

    crypto::TrustSettings trust() const
    {
        auto t = crypto::TrustSettings::fromFiles({m_pki->path(u"root.pem"_s)});
        crypto::TrustSettings out = t ? t.value() : crypto::TrustSettings{};
        // A token holds the user's certificate only: the signature carries no intermediate, so the
        // verifier is given it (as a user's trust settings would).
        if (auto i = crypto::TrustSettings::fromFiles({m_pki->path(u"intermediate.pem"_s)}))
            out.intermediatesDer += i.value().anchorsDer;
        return out;
    }
    // A copy: the controller's list is replaced at every poll that changes something.
    static std::optional<CertificateEntry> find(const QList<CertificateEntry> &list, const QString &id)
    {
        for (const CertificateEntry &c : list)
            if (QString::fromLatin1(c.id.toHex()) == id)
                return c;
        return std::nullopt;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!TestPki::softhsmAvailable())
            QSKIP("SoftHSM2 is not installed");
        m_pki = std::make_unique<TestPki>();
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
        QVERIFY2(m_pki->makeToken(), qPrintable(m_pki->error()));
    }

    void tokensAndCertificatesListed()
    {
        SigningController c({TestPki::softhsmModule()}, nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(c.hasPolled(), 20000);
        bool found = false;
        for (const TokenEntry &t : c.tokens())
            found = found || t.info.label == u"Oblik Test Token"_s;
        QVERIFY(found);
        const auto &certs = c.certificates();
        QCOMPARE(certs.size(), 5); // good good-ec expired revoked nokeyusage
        // ids 01.. in the order the token was made
        const auto good = find(certs, u"01"_s);
        const auto goodEc = find(certs, u"02"_s);
        const auto expired = find(certs, u"03"_s);
        const auto nokeyusage = find(certs, u"05"_s);
        QVERIFY(good && goodEc && expired && nokeyusage);
        QVERIFY2(good->usable(), qPrintable(good->unusableReason));
        QVERIFY(goodEc->usable());
        QVERIFY(goodEc->certificate.keyAlgorithm.contains(u"P-256"_s));
        QVERIFY(!expired->usable());
        QVERIFY2(expired->unusableReason.startsWith(u"Expired"_s), qPrintable(expired->unusableReason));
        QVERIFY(!nokeyusage->usable());
        QVERIFY(nokeyusage->unusableReason.contains(u"signing"_s));
        QCOMPARE(good->tokenLabel, u"Oblik Test Token"_s);
    }

    void tokenMadeWhileRunningAppears()
    {
        SigningController c({TestPki::softhsmModule()}, nullptr);
        c.setPollInterval(200);
        QTRY_VERIFY_WITH_TIMEOUT(c.hasPolled(), 20000);
        const qsizetype before = c.tokens().size();
        QSignalSpy changed(&c, &SigningController::tokensChanged);
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
        p.start(u"softhsm2-util"_s, {u"--init-token"_s, u"--free"_s, u"--label"_s, u"Second Token"_s,
                                     u"--so-pin"_s, u"12345678"_s, u"--pin"_s, u"5678"_s});
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0, p.readAll().constData());
        // The next poll (every 200 ms here, 2 s in the application) notices it.
        QTRY_VERIFY_WITH_TIMEOUT(c.tokens().size() > before, 10000);
        bool found = false;
        for (const TokenEntry &t : c.tokens())
            found = found || t.info.label == u"Second Token"_s;
        QVERIFY(found);
        QVERIFY(!changed.isEmpty());
    }

    void wrongPinReportedWithItsCode()
    {
        SigningController c({TestPki::softhsmModule()}, nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(c.hasPolled(), 20000);
        const auto good = find(c.certificates(), u"01"_s);
        QVERIFY(good);
        QSignalSpy done(&c, &SigningController::loginFinished);
        c.login(*good, u"0000"_s);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 20000);
        const Error e = done.first().at(1).value<Error>();
        QCOMPARE(e.code(), u"crypto.pin_incorrect"_s);
        QVERIFY(!loginErrorText(e).isEmpty());
        // A right PIN afterwards opens the key (the token is not locked by one mistake).
        c.login(*good, u"1234"_s);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 20000);
        QVERIFY2(done.at(1).at(1).value<Error>().isNull(),
                 qPrintable(done.at(1).at(1).value<Error>().code()));
        QCOMPARE(done.at(1).at(0).toString(), good->keyRef());
    }

    void signsOnTheWorkerThreadWithoutBlockingTheUi_data()
    {
        QTest::addColumn<QString>("source");
        QTest::newRow("token RSA") << u"01"_s;
        QTest::newRow("token ECDSA P-256") << u"02"_s;
        QTest::newRow("key file") << u"file"_s;
    }
    void signsOnTheWorkerThreadWithoutBlockingTheUi()
    {
        QFETCH(QString, source);
        SigningController c({TestPki::softhsmModule()}, nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(c.hasPolled(), 20000);
        QSignalSpy login(&c, &SigningController::loginFinished);
        if (source == u"file"_s) {
            c.openKeyFile(m_pki->path(u"good.p12"_s), TestPki::p12Password());
        } else {
            const auto entry = find(c.certificates(), source);
            QVERIFY(entry);
            c.login(*entry, u"1234"_s);
        }
        QTRY_COMPARE_WITH_TIMEOUT(login.size(), 1, 20000);
        QVERIFY2(login.first().at(1).value<Error>().isNull(),
                 qPrintable(login.first().at(1).value<Error>().code()));
        const QString keyRef = login.first().at(0).toString();

        // Where the signature is computed: recorded from the worker's own signal, directly.
        QThread *signingThread = nullptr;
        connect(
            c.worker(), &TokenWorker::signFinished, c.worker(),
            [&signingThread] { signingThread = QThread::currentThread(); }, Qt::DirectConnection);
        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(5);
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        QList<SignRequest> requests;
        const QByteArray pdf = oblik::testing::makePdf();
        const int count = 12;
        for (int i = 0; i < count; ++i)
            requests.append({u"doc-%1"_s.arg(i), pdf});
        QSignalSpy signedSpy(&c, &SigningController::signFinished);
        QSignalSpy progress(&c, &SigningController::progress);
        QSignalSpy batch(&c, &SigningController::batchFinished);
        ticker.start();
        QElapsedTimer clock;
        clock.start();
        c.sign(keyRef, requests, u"Test"_s);
        QTRY_COMPARE_WITH_TIMEOUT(batch.size(), 1, 60000);
        const qint64 ms = clock.elapsed();
        ticker.stop();
        QCOMPARE(signedSpy.size(), count);
        QCOMPARE(progress.size(), count);
        QCOMPARE(progress.last().at(0).toInt(), count);
        QVERIFY(signingThread != nullptr);
        QVERIFY(signingThread != QThread::currentThread());
        QCOMPARE(signingThread, c.workerThread());
        // The main thread's event loop ran all along: at least one tick per 100 ms of signing.
        QVERIFY2(ticks >= ms / 100, qPrintable(u"%1 ticks in %2 ms"_s.arg(ticks).arg(ms)));

        const QByteArray signedPdf = signedSpy.first().at(1).toByteArray();
        QVERIFY(signedPdf.startsWith(pdf)); // an incremental update
        auto report = crypto::verifyPdf(signedPdf, trust());
        QVERIFY2(report.ok(), qPrintable(report.error().code()));
        QCOMPARE(report.value().signatures.size(), 1);
        QVERIFY2(report.value().allValid(), qPrintable(report.value().toText()));
    }

    void cancelStopsAfterTheCurrentDocument()
    {
        SigningController c({}, nullptr);
        QSignalSpy login(&c, &SigningController::loginFinished);
        c.openKeyFile(m_pki->path(u"good.p12"_s), TestPki::p12Password());
        QTRY_COMPARE_WITH_TIMEOUT(login.size(), 1, 20000);
        QList<SignRequest> requests;
        const QByteArray pdf = oblik::testing::makePdf();
        for (int i = 0; i < 200; ++i)
            requests.append({u"doc-%1"_s.arg(i), pdf});
        QSignalSpy batch(&c, &SigningController::batchFinished);
        QSignalSpy signedSpy(&c, &SigningController::signFinished);
        c.sign(login.first().at(0).toString(), requests, u"Test"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!signedSpy.isEmpty(), 20000);
        c.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(batch.size(), 1, 20000);
        QCOMPARE(batch.first().at(2).toBool(), true);
        QVERIFY(signedSpy.size() < 200);
    }

    void wrongKeyFilePassword()
    {
        SigningController c({}, nullptr);
        QSignalSpy login(&c, &SigningController::loginFinished);
        c.openKeyFile(m_pki->path(u"good.p12"_s), u"not-the-password"_s);
        QTRY_COMPARE_WITH_TIMEOUT(login.size(), 1, 20000);
        QCOMPARE(login.first().at(1).value<Error>().code(), u"crypto.p12_password"_s);
    }

    void pinStateInWords_data()
    {
        QTest::addColumn<bool>("low");
        QTest::addColumn<bool>("final");
        QTest::addColumn<bool>("locked");
        QTest::addColumn<QString>("words");
        QTest::newRow("fine") << false << false << false << QString();
        QTest::newRow("count low") << true << false << false
                                   << u"An earlier PIN was wrong: few tries left."_s;
        QTest::newRow("final try") << true << true << false << u"One more wrong PIN locks the card."_s;
        QTest::newRow("locked") << false << false << true
                                << u"The PIN is locked: ask your certificate issuer to unlock it."_s;
    }
    void pinStateInWords()
    {
        QFETCH(bool, low);
        QFETCH(bool, final);
        QFETCH(bool, locked);
        QFETCH(QString, words);
        crypto::TokenInfo t;
        t.pinCountLow = low;
        t.pinFinalTry = final;
        t.pinLocked = locked;
        QCOMPARE(pinStateText(t), words);
    }
};

QTEST_MAIN(TestTokenWorker)
#include "tst_tokenworker.moc"
