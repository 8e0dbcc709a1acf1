#include "signingoptions.h"

#include "commands.h"

#include "crypto/verification.h"
#include "docs/documentsigner.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

namespace oblik::app {

Q_LOGGING_CATEGORY(lcSigning, "oblik.server.sign")

namespace {

QCommandLineOption option(const QString &name, const char *description, const QString &valueName = {})
{
    if (valueName.isEmpty())
        return QCommandLineOption(name, QCoreApplication::translate("oblik-server", description));
    return QCommandLineOption(name, QCoreApplication::translate("oblik-server", description), valueName);
}

QString errorText(const Error &e)
{
    const QString message = e.message();
    return e.detail().isEmpty() || message.contains(e.detail())
               ? message
               : message + QStringLiteral(" (") + e.detail() + u')';
}

} // namespace

QList<QCommandLineOption> signingOptions(bool withTrust)
{
    QList<QCommandLineOption> out{
        option(QStringLiteral("sign-key"),
               QT_TRANSLATE_NOOP("oblik-server",
                                 "The supplier's signing key: a PKCS#12 file or a pkcs11: URI. "
                                 "Documents are signed (PAdES) before they are stored."),
               QStringLiteral("FILE.p12|pkcs11:URI")),
        option(QStringLiteral("sign-pin-file"),
               QT_TRANSLATE_NOOP("oblik-server", "A file whose first line is the key's PIN or password "
                                                 "(default: OBLIK_PIN, else the URI's pin-source)."),
               QStringLiteral("file"))};
    if (withTrust) {
        out << option(QStringLiteral("trust"),
                      QT_TRANSLATE_NOOP("oblik-server",
                                        "A trusted CA certificate (PEM or DER) for consumers' "
                                        "signatures; may be repeated."),
                      QStringLiteral("CA.pem"))
            << option(QStringLiteral("crl"),
                      QT_TRANSLATE_NOOP("oblik-server", "A certificate revocation list; may be repeated."),
                      QStringLiteral("file"))
            << option(QStringLiteral("require-crl"),
                      QT_TRANSLATE_NOOP("oblik-server",
                                        "Refuse a consumer's signature when a CA of its chain "
                                        "has no CRL given with --crl."));
    }
    return out;
}

bool loadSigning(const QCommandLineParser &parser, bool withTrust,
                 std::shared_ptr<const docs::DocumentSigner> *signer,
                 std::shared_ptr<const crypto::TrustSettings> *trust, int *status)
{
    if (withTrust) {
        auto settings = crypto::TrustSettings::fromFiles(parser.values(QStringLiteral("trust")),
                                                         parser.values(QStringLiteral("crl")));
        if (!settings) {
            printError(QCoreApplication::translate("oblik-server", "cannot use the trust settings: %1")
                           .arg(errorText(settings.error())));
            *status = ExitUsage;
            return false;
        }
        settings.value().requireCrl = parser.isSet(QStringLiteral("require-crl"));
        *trust = std::make_shared<const crypto::TrustSettings>(settings.value());
        if (settings.value().anchorsDer.isEmpty())
            qCInfo(lcSigning) << "no --trust: consumers' signatures cannot be verified (untrusted root)";
        else
            qCInfo(lcSigning) << "consumers' signatures are verified against"
                              << settings.value().anchorsDer.size() << "trust anchor(s) and"
                              << settings.value().crlsDer.size() << "CRL(s)";
    }
    if (!parser.isSet(QStringLiteral("sign-key"))) {
        if (parser.isSet(QStringLiteral("sign-pin-file"))) {
            printError(QCoreApplication::translate("oblik-server", "--sign-pin-file needs --sign-key"));
            *status = ExitUsage;
            return false;
        }
        qCInfo(lcSigning) << "no --sign-key: documents are stored unsigned";
        return true;
    }
    const QString keySpec = parser.value(QStringLiteral("sign-key"));
    QString pin;
    if (parser.isSet(QStringLiteral("sign-pin-file"))) {
        auto read = docs::DocumentSigner::readPinFile(parser.value(QStringLiteral("sign-pin-file")));
        if (!read) {
            printError(QCoreApplication::translate("oblik-server", "cannot read the PIN file: %1")
                           .arg(errorText(read.error())));
            *status = ExitUsage;
            return false;
        }
        pin = read.value();
    } else if (qEnvironmentVariableIsSet("OBLIK_PIN")) {
        pin = qEnvironmentVariable("OBLIK_PIN");
    }
    auto opened = docs::DocumentSigner::open(keySpec, pin);
    if (!opened) {
        printError(
            QCoreApplication::translate("oblik-server", "cannot open the signing key %1: %2")
                .arg(keySpec.startsWith(QStringLiteral("pkcs11:")) ? QStringLiteral("(pkcs11)") : keySpec,
                     errorText(opened.error())));
        *status = ExitFailed;
        return false;
    }
    *signer = opened.value();
    const crypto::CertificateInfo &c = opened.value()->certificate();
    qCInfo(lcSigning).noquote() << "documents are signed by" << c.subject << "serial" << c.serialHex
                                << "valid until" << c.notAfter.toString(Qt::ISODate)
                                << (opened.value()->onToken() ? "(token)" : "(key file)");
    return true;
}

} // namespace oblik::app
