// PKCS#11 tokens through libp11 (shared/crypto/pkcs11.h) on a SoftHSM2 token made from the test PKI:
// listing tokens and certificates, wrong PIN, login and a CAdES signature computed by the token and
// accepted by openssl (RSA and EC), a token inserted while the module is loaded, RFC 7512 URIs and
// openPkcs11Key with a pin-source file. SoftHSM2 cannot lock a PIN (it has no retry counter), so the
// CKR_PIN_LOCKED and "few tries left" mappings are checked on the mapping function itself.

#include "crypto/cades.h"
#include "crypto/pkcs11.h"
#include "crypto/pkcs11_p.h"
#include "crypto/verification.h"
#include "shared/crypto/cmsutil.h"
#include "support/testpki.h"

#include <QCryptographicHash>
#include <QTest>
#include <memory>
#include <openssl/evp.h>
#include <openssl/x509.h>

using namespace oblik;
using namespace oblik::crypto;
using namespace oblik::testing;
using namespace Qt::StringLiterals;

class TstPkcs11 : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestPki> m_pki;
    std::unique_ptr<Pkcs11Module> m_module;
    QString m_serial;

    Run opensslVerify(const QByteArray &cms, const QByteArray &data)
    {
        const QString cmsPath = m_pki->tempPath() + u"/sig.p7s"_s,
                      dataPath = m_pki->tempPath() + u"/data.bin"_s;
        writeFile(cmsPath, cms);
        writeFile(dataPath, data);
        return openssl({u"cms"_s, u"-verify"_s, u"-binary"_s, u"-inform"_s, u"DER"_s, u"-in"_s, cmsPath,
                        // The token holds no CA certificates, so the CMS has only the signer's: openssl
                        // 3.0's cms has no -untrusted (and -certfile only finds signers), hence the
                        // intermediate comes with the root in -CAfile.
                        u"-content"_s, dataPath, u"-CAfile"_s, m_pki->path(u"chain.pem"_s), u"-purpose"_s,
                        u"any"_s, u"-out"_s, u"/dev/null"_s});
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!TestPki::softhsmAvailable())
            QSKIP("SoftHSM2 is not installed (scripts/bootstrap installs it)");
        m_pki = std::make_unique<TestPki>();
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
        QVERIFY2(m_pki->makeToken(), qPrintable(m_pki->error()));
        auto module = Pkcs11Module::load(TestPki::softhsmModule());
        QVERIFY2(module, qPrintable(module.error().args().join(u' ')));
        m_module = std::move(module).value();
    }

    void loadErrors()
    {
        auto missing = Pkcs11Module::load(u"/nonexistent/libnothing.so"_s);
        QVERIFY(!missing);
        QCOMPARE(missing.error().code(), u"crypto.module_load_failed"_s);
        QCOMPARE(missing.error().args().value(0), u"/nonexistent/libnothing.so"_s);
    }

    void listTokensAndCertificates()
    {
        auto tokens = m_module->tokens();
        QVERIFY(tokens);
        QCOMPARE(tokens.value().size(), 1);
        const TokenInfo &t = tokens.value()[0];
        QCOMPARE(t.label, u"Oblik Test Token"_s);
        QVERIFY(!t.serial.isEmpty());
        QVERIFY(t.loginRequired);
        QVERIFY(!t.pinLocked);
        m_serial = t.serial;
        auto certs = m_module->certificates(m_serial);
        QVERIFY(certs);
        QStringList labels;
        for (const TokenCertificate &c : certs.value())
            labels.append(c.label);
        QCOMPARE(labels, (QStringList{u"good"_s, u"good-ec"_s, u"expired"_s, u"revoked"_s, u"nokeyusage"_s}));
        QCOMPARE(certs.value()[0].id, QByteArray::fromHex("01"));
        QCOMPARE(certs.value()[0].certificate.commonName, u"Ivan Petrenko"_s);
        QCOMPARE(certs.value()[1].certificate.keyAlgorithm, u"ECDSA P-256"_s);
        auto absent = m_module->certificates(u"no-such-serial"_s);
        QVERIFY(!absent);
        QCOMPARE(absent.error().code(), u"crypto.token_absent"_s);
    }

    void wrongPin()
    {
        auto key = m_module->login(m_serial, QByteArray::fromHex("01"), u"9999"_s);
        QVERIFY(!key);
        QCOMPARE(key.error().code(), u"crypto.pin_incorrect"_s);
        QCOMPARE(key.error().args().size(), 1); // "", "low" or "final" from the token's flags
        QVERIFY(!key.error().message().isEmpty());
        auto noKey = m_module->login(m_serial, QByteArray::fromHex("77"), u"1234"_s);
        QVERIFY(!noKey);
        QCOMPARE(noKey.error().code(), u"crypto.key_not_found"_s);
        QCOMPARE(noKey.error().args().value(0), u"77"_s);
    }

    void loginErrorMapping_data()
    {
        QTest::addColumn<qulonglong>("ckr");
        QTest::addColumn<bool>("countLow");
        QTest::addColumn<bool>("finalTry");
        QTest::addColumn<bool>("locked");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("arg");
        // CKR_PIN_INCORRECT = 0xa0, CKR_PIN_INVALID = 0xa1, CKR_PIN_LEN_RANGE = 0xa2, CKR_PIN_LOCKED =
        // 0xa4, CKR_TOKEN_NOT_PRESENT = 0xe0, CKR_DEVICE_REMOVED = 0x32, CKR_USER_ALREADY_LOGGED_IN = 0x100
        QTest::newRow("incorrect") << 0xa0ull << false << false << false << u"crypto.pin_incorrect"_s
                                   << u""_s;
        QTest::newRow("incorrect, few left")
            << 0xa0ull << true << false << false << u"crypto.pin_incorrect"_s << u"low"_s;
        QTest::newRow("incorrect, final")
            << 0xa0ull << true << true << false << u"crypto.pin_incorrect"_s << u"final"_s;
        QTest::newRow("incorrect, now locked")
            << 0xa0ull << false << false << true << u"crypto.pin_locked"_s << u""_s;
        QTest::newRow("locked") << 0xa4ull << false << false << true << u"crypto.pin_locked"_s << u""_s;
        QTest::newRow("invalid") << 0xa1ull << false << false << false << u"crypto.pin_invalid"_s << u""_s;
        QTest::newRow("length") << 0xa2ull << false << false << false << u"crypto.pin_invalid"_s << u""_s;
        QTest::newRow("not present") << 0xe0ull << false << false << false << u"crypto.token_absent"_s
                                     << u"S1"_s;
        QTest::newRow("removed") << 0x32ull << false << false << false << u"crypto.token_absent"_s << u"S1"_s;
        QTest::newRow("already logged in") << 0x100ull << false << false << false << QString() << QString();
    }
    void loginErrorMapping()
    {
        QFETCH(qulonglong, ckr);
        QFETCH(bool, countLow);
        QFETCH(bool, finalTry);
        QFETCH(bool, locked);
        QFETCH(QString, code);
        QFETCH(QString, arg);
        TokenInfo after;
        after.serial = u"S1"_s;
        after.pinCountLow = countLow;
        after.pinFinalTry = finalTry;
        after.pinLocked = locked;
        const Error e = detail::pkcs11LoginError(ckr, after);
        QCOMPARE(e.code(), code);
        if (!code.isEmpty() && !arg.isEmpty())
            QCOMPARE(e.args().value(0), arg);
    }

    void signOnToken_data()
    {
        QTest::addColumn<QByteArray>("id");
        QTest::addColumn<QString>("algorithm");
        QTest::newRow("rsa") << QByteArray::fromHex("01") << u"RSA-2048"_s;
        QTest::newRow("ec") << QByteArray::fromHex("02") << u"ECDSA P-256"_s;
    }
    void signOnToken()
    {
        QFETCH(QByteArray, id);
        QFETCH(QString, algorithm);
        auto key = m_module->login(m_serial, id, u"1234"_s);
        QVERIFY2(key, qPrintable(key.error().code() + u' ' + key.error().args().join(u' ') +
                                 key.error().detail()));
        QVERIFY(key.value().onToken());
        QCOMPARE(key.value().certificate().keyAlgorithm, algorithm);
        QCOMPARE(key.value().chain().size(), 0); // the token holds no CA certificates

        // The raw signature is made by the token and verifies with the certificate's public key.
        const QByteArray data = QByteArray(1 << 20, 'x');
        auto sig = key.value().signSha256(data);
        QVERIFY2(sig, qPrintable(sig.error().args().join(u' ')));
        const QByteArray der = key.value().certificate().der;
        const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
        X509 *cert = d2i_X509(nullptr, &p, der.size());
        QVERIFY(cert);
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        const bool ok =
            EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, X509_get0_pubkey(cert)) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(sig.value().constData()),
                             size_t(sig.value().size()),
                             reinterpret_cast<const unsigned char *>(data.constData()),
                             size_t(data.size())) == 1;
        EVP_MD_CTX_free(ctx);
        X509_free(cert);
        QVERIFY(ok);

        // A CAdES signature with the token key: openssl accepts it (the chain comes from chain.pem).
        auto cms = signDetached(key.value(), data);
        QVERIFY2(cms, qPrintable(cms.error().args().join(u' ')));
        const Run r = opensslVerify(cms.value(), data);
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        TrustSettings trust;
        trust.anchorsDer = {parseCertificate(m_pki->read(u"root.pem"_s)).value().der};
        trust.intermediatesDer = {parseCertificate(m_pki->read(u"intermediate.pem"_s)).value().der};
        auto report = verifyCades(cms.value(), data, trust);
        QVERIFY(report);
        QVERIFY2(report.value().allValid(), qPrintable(report.value().toText()));
    }

    void tokenInserted()
    {
        // No key is alive any more: the module may be reloaded to see the new token.
        auto before = m_module->tokens();
        QVERIFY(before);
        const qsizetype n = before.value().size();
        // A second token into the same token folder while the module is loaded.
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        const QString dir = QFileInfo(m_pki->softhsmConf()).absolutePath();
        p.start(QStringLiteral(OBLIK_SOURCE_DIR) + u"/tests/support/make-softhsm-token.sh"_s,
                {dir, m_pki->pkiDir(), u"Second Token"_s, u"4321"_s, u"supplier"_s});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAll().constData());
        auto after = m_module->tokens();
        QVERIFY(after);
        QCOMPARE(after.value().size(), n + 1);
        QString serial;
        for (const TokenInfo &t : after.value()) {
            if (t.label == u"Second Token")
                serial = t.serial;
        }
        QVERIFY(!serial.isEmpty());
        auto certs = m_module->certificates(serial);
        QVERIFY(certs);
        QCOMPARE(certs.value().size(), 1);
        QCOMPARE(certs.value()[0].certificate.commonName, u"Supplier Seal"_s);
        // While a key lives the module stays loaded; listing still works.
        auto key = m_module->login(serial, QByteArray::fromHex("01"), u"4321"_s);
        QVERIFY(key);
        auto again = m_module->tokens();
        QVERIFY(again);
        QCOMPARE(again.value().size(), n + 1);
        QVERIFY(key.value().signSha256("still works"));
    }

    void tokenRemoved()
    {
        auto before = m_module->tokens();
        QVERIFY(before);
        QString serial;
        for (const TokenInfo &t : before.value()) {
            if (t.label == u"Second Token")
                serial = t.serial;
        }
        if (serial.isEmpty())
            QSKIP("tokenInserted did not run");
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(u"softhsm2-util"_s, {u"--delete-token"_s, u"--serial"_s, serial});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAll().constData());
        auto after = m_module->tokens();
        QVERIFY(after);
        QCOMPARE(after.value().size(), before.value().size() - 1);
        auto certs = m_module->certificates(serial);
        QVERIFY(!certs);
        QCOMPARE(certs.error().code(), u"crypto.token_absent"_s);
        auto key = m_module->login(serial, QByteArray::fromHex("01"), u"4321"_s);
        QVERIFY(!key);
        QCOMPARE(key.error().code(), u"crypto.token_absent"_s);
    }

    void uri_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QByteArray>("id");
        QTest::addColumn<QString>("object");
        QTest::addColumn<QString>("module");
        QTest::addColumn<QString>("pinSource");
        QTest::addColumn<QString>("pinValue");
        QTest::newRow("full")
            << u"pkcs11:token=Oblik%20Test%20Token;id=%01;object=good?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/etc/oblik/pin"_s
            << true << u"Oblik Test Token"_s << QByteArray::fromHex("01") << u"good"_s
            << u"/usr/lib/softhsm/libsofthsm2.so"_s << u"file:/etc/oblik/pin"_s << QString();
        QTest::newRow("pin-value, binary id")
            << u"pkcs11:id=%A0%ff%00;type=private?pin-value=12%2634"_s << true << QString()
            << QByteArray::fromHex("a0ff00") << QString() << QString() << QString() << u"12&34"_s;
        QTest::newRow("utf-8 label") << u"pkcs11:object=%D0%9A%D0%BB%D1%8E%D1%87"_s << true << QString()
                                     << QByteArray() << u"Ключ"_s << QString() << QString() << QString();
        QTest::newRow("not pkcs11") << u"file:/x.p12"_s << false << QString() << QByteArray() << QString()
                                    << QString() << QString() << QString();
        QTest::newRow("bad percent") << u"pkcs11:id=%zz"_s << false << QString() << QByteArray() << QString()
                                     << QString() << QString() << QString();
        QTest::newRow("cut percent") << u"pkcs11:id=%0"_s << false << QString() << QByteArray() << QString()
                                     << QString() << QString() << QString();
        QTest::newRow("no value") << u"pkcs11:token"_s << false << QString() << QByteArray() << QString()
                                  << QString() << QString() << QString();
        QTest::newRow("twice") << u"pkcs11:object=a;object=b"_s << false << QString() << QByteArray()
                               << QString() << QString() << QString() << QString();
    }
    void uri()
    {
        QFETCH(QString, uri);
        QFETCH(bool, valid);
        auto parsed = Pkcs11Uri::parse(uri);
        QCOMPARE(parsed.ok(), valid);
        if (!valid) {
            QCOMPARE(parsed.error().code(), u"crypto.uri_invalid"_s);
            QCOMPARE(parsed.error().args().value(0), uri);
            return;
        }
        QTEST(parsed.value().token, "token");
        QTEST(parsed.value().id, "id");
        QTEST(parsed.value().object, "object");
        QTEST(parsed.value().modulePath, "module");
        QTEST(parsed.value().pinSource, "pinSource");
        QTEST(parsed.value().pinValue, "pinValue");
    }

    void openWithPinSource()
    {
        const QString pinFile = m_pki->tempPath() + u"/pin.txt"_s;
        QVERIFY(writeFile(pinFile, "1234\n"));
        auto uri = Pkcs11Uri::parse(u"pkcs11:token=Oblik%20Test%20Token;object=good-ec?module-path="_s +
                                    TestPki::softhsmModule() + u"&pin-source=file:"_s + pinFile);
        QVERIFY(uri);
        auto key = openPkcs11Key(uri.value());
        QVERIFY2(key, qPrintable(key.error().code() + u' ' + key.error().args().join(u' ')));
        QCOMPARE(key.value().certificate().commonName, u"Olena Kovalenko"_s);
        // The module object is gone; the key keeps it loaded and still signs.
        const QByteArray data = "payment order";
        auto cms = signDetached(key.value(), data);
        QVERIFY(cms);
        QVERIFY(opensslVerify(cms.value(), data).exitCode == 0);

        QVERIFY(writeFile(pinFile, "0000\n"));
        auto wrong = openPkcs11Key(uri.value());
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code(), u"crypto.pin_incorrect"_s);
        auto pinGiven = openPkcs11Key(uri.value(), u"1234"_s); // the pin given wins over the file
        QVERIFY(pinGiven);
        auto noToken = Pkcs11Uri::parse(u"pkcs11:token=Absent?module-path="_s + TestPki::softhsmModule());
        auto absent = openPkcs11Key(noToken.value(), u"1234"_s);
        QVERIFY(!absent);
        QCOMPARE(absent.error().code(), u"crypto.token_absent"_s);
    }

    void cleanupTestCase() { m_module.reset(); }
};

QTEST_GUILESS_MAIN(TstPkcs11)
#include "tst_pkcs11.moc"
