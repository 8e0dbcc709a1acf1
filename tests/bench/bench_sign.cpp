// sign.p12_per_s, sign.pkcs11_per_s, sign.openssl_per_s, sign.openssl_ratio (docs/signatures.md,
// "Benchmarks"): CAdES-BES detached signatures of a 1 MB file per second with good.p12 of a fresh test
// PKI (signDetached: SHA-256 of the file, signed attributes, RSA-2048), the same with the key on a
// SoftHSM2 token (the signature computed by the token through libp11), and the rate of
// `openssl cms -sign -binary -cades -md sha256` (detached, DER, with the intermediate) of the same
// file and key, one process per signature, in the same run; ratio = ours (p12) / openssl's.
//   bench_sign [--seconds 3]     about that long per figure

#include "crypto/cades.h"
#include "crypto/pkcs11.h"
#include "crypto/signingkey.h"
#include "support/testpki.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <cstdio>
#include <functional>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::crypto;

namespace {

// Runs one() until `seconds` have passed (at least 3 times); signatures per second, or -1 on failure.
double rate(double seconds, const std::function<bool()> &one)
{
    QElapsedTimer t;
    t.start();
    int n = 0;
    while (n < 3 || t.nsecsElapsed() < qint64(seconds * 1e9)) {
        if (!one())
            return -1;
        ++n;
    }
    return n / (double(t.nsecsElapsed()) / 1e9);
}

void emit(const char *name, double value, const char *unit)
{
    std::printf("%s: %.1f %s\n", name, value, unit);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    double seconds = 3;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--seconds")
            seconds = args[i + 1].toDouble();
    }
    oblik::testing::TestPki pki;
    if (!pki.ok()) {
        std::fprintf(stderr, "bench_sign: %s\n", qPrintable(pki.error()));
        return 1;
    }
    QByteArray data(1 << 20, Qt::Uninitialized);
    for (qsizetype i = 0; i < data.size(); ++i)
        data[i] = char(QRandomGenerator::global()->bounded(256));
    const QString file = pki.tempPath() + u"/data.bin"_s;
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size())
        return 1;
    f.close();

    auto key = SigningKey::fromPkcs12File(pki.path(u"good.p12"_s), oblik::testing::TestPki::p12Password());
    if (!key) {
        std::fprintf(stderr, "bench_sign: %s\n", qPrintable(key.error().message()));
        return 1;
    }
    const double p12 = rate(seconds, [&] { return signDetached(key.value(), data).ok(); });
    emit("sign.p12_per_s", p12, "signatures/s");

    if (oblik::testing::TestPki::softhsmAvailable() &&
        pki.makeToken(u"Bench Token"_s, u"1234"_s, {u"good"_s})) {
        auto module = Pkcs11Module::load(oblik::testing::TestPki::softhsmModule());
        auto tokens = module ? module.value()->tokens() : Result<QList<TokenInfo>>(module.error());
        if (tokens && !tokens.value().isEmpty()) {
            auto tokenKey =
                module.value()->login(tokens.value()[0].serial, QByteArray::fromHex("01"), u"1234"_s);
            if (tokenKey)
                emit("sign.pkcs11_per_s",
                     rate(seconds, [&] { return signDetached(tokenKey.value(), data).ok(); }),
                     "signatures/s");
            else
                std::fprintf(stderr, "bench_sign: token login: %s\n", qPrintable(tokenKey.error().message()));
        }
    } else {
        std::fprintf(stderr, "bench_sign: no SoftHSM2 token: %s\n", qPrintable(pki.error()));
    }

    const QStringList opensslArgs{u"cms"_s,       u"-sign"_s,
                                  u"-binary"_s,   u"-cades"_s,
                                  u"-md"_s,       u"sha256"_s,
                                  u"-in"_s,       file,
                                  u"-outform"_s,  u"DER"_s,
                                  u"-out"_s,      pki.tempPath() + u"/o.p7s"_s,
                                  u"-signer"_s,   pki.path(u"good.pem"_s),
                                  u"-inkey"_s,    pki.path(u"good.key.pem"_s),
                                  u"-certfile"_s, pki.path(u"intermediate.pem"_s)};
    const double openssl = rate(seconds, [&] {
        QProcess p;
        p.start(u"openssl"_s, opensslArgs);
        return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    });
    emit("sign.openssl_per_s", openssl, "signatures/s");
    if (openssl > 0 && p12 > 0)
        std::printf("sign.openssl_ratio: %.2f x\n", p12 / openssl);
    return p12 > 0 && openssl > 0 ? 0 : 1;
}
