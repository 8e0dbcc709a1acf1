// `oblik-server sign` and `oblik-server verify` (docs/signatures.md, "Command line"; docs/operations.md):
// sign a file with a key file or a token key (PAdES for a PDF, CAdES otherwise), and verify the
// signatures of a PDF or of detached .p7s files against the given trust anchors.
#include "commands.h"

#include "crypto/cades.h"
#include "crypto/pades.h"
#include "crypto/pkcs11.h"
#include "crypto/signingkey.h"
#include "crypto/verification.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace oblik::app {

namespace {

QCommandLineOption valueOption(const QString &name, const char *description, const QString &valueName)
{
    return QCommandLineOption(name, QCoreApplication::translate("oblik-server", description), valueName);
}

QCommandLineOption flagOption(const QString &name, const char *description)
{
    return QCommandLineOption(name, QCoreApplication::translate("oblik-server", description));
}

bool readFile(const QString &path, QByteArray *out)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    *out = f.readAll();
    return true;
}

// The PIN typed on the terminal without echo; stdin must be a terminal.
QString promptPin(const QString &prompt)
{
    QTextStream(stderr) << prompt << Qt::flush;
    termios old{};
    const bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (tty)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    QTextStream(stderr) << QStringLiteral("\n") << Qt::flush; // the Enter was not echoed
    return line;
}

struct Pin
{
    bool ok = true;
    QString value;
};

// --pin-file (its first line), else OBLIK_PIN, else a prompt on a terminal. A token URI that names
// its own pin-value or pin-source needs none of them.
Pin pinFor(const QCommandLineParser &parser, bool uriHasPin, const QString &keyText)
{
    if (parser.isSet(QStringLiteral("pin-file"))) {
        const QString path = parser.value(QStringLiteral("pin-file"));
        QByteArray bytes;
        if (!readFile(path, &bytes)) {
            printError(
                QCoreApplication::translate("oblik-server", "the PIN file %1 cannot be read").arg(path));
            return {false, {}};
        }
        const qsizetype eol = bytes.indexOf('\n');
        QByteArray line = eol >= 0 ? bytes.left(eol) : bytes;
        if (line.endsWith('\r'))
            line.chop(1);
        return {true, QString::fromUtf8(line)};
    }
    if (qEnvironmentVariableIsSet("OBLIK_PIN"))
        return {true, qEnvironmentVariable("OBLIK_PIN")};
    if (uriHasPin)
        return {true, {}};
    if (isatty(STDIN_FILENO))
        return {
            true,
            promptPin(QCoreApplication::translate("oblik-server", "PIN or password for %1: ").arg(keyText))};
    printError(QCoreApplication::translate(
        "oblik-server", "no PIN: give --pin-file FILE or set OBLIK_PIN (stdin is not a terminal to ask)"));
    return {false, {}};
}

int runSign(const QCommandLineParser &parser)
{
    for (const char *required : {"key", "in", "out"}) {
        if (!parser.isSet(QString::fromLatin1(required))) {
            printError(
                QCoreApplication::translate("oblik-server", "sign needs --key, --in and --out; try --help"));
            return ExitUsage;
        }
    }
    if (parser.isSet(QStringLiteral("cades")) && parser.isSet(QStringLiteral("pades"))) {
        printError(QCoreApplication::translate("oblik-server", "--cades and --pades exclude each other"));
        return ExitUsage;
    }
    const QString inPath = parser.value(QStringLiteral("in")), outPath = parser.value(QStringLiteral("out"));
    QByteArray data;
    if (!readFile(inPath, &data)) {
        printError(
            QCoreApplication::translate("oblik-server", "the input file %1 cannot be read").arg(inPath));
        return ExitUsage;
    }
    QByteArray existing;
    const bool addTo = parser.isSet(QStringLiteral("add-to"));
    if (addTo && !readFile(parser.value(QStringLiteral("add-to")), &existing)) {
        printError(QCoreApplication::translate("oblik-server", "the signature file %1 cannot be read")
                       .arg(parser.value(QStringLiteral("add-to"))));
        return ExitUsage;
    }
    const bool pades = !addTo && !parser.isSet(QStringLiteral("cades")) &&
                       (parser.isSet(QStringLiteral("pades")) || crypto::looksLikePdf(data));
    if (pades && !crypto::looksLikePdf(data)) {
        printError(QCoreApplication::translate("oblik-server", "--pades needs a PDF, and %1 is not one")
                       .arg(inPath));
        return ExitUsage;
    }
    if (addTo && parser.isSet(QStringLiteral("pades"))) {
        printError(QCoreApplication::translate(
            "oblik-server", "--add-to adds to a CAdES signature (.p7s); it does not go with --pades"));
        return ExitUsage;
    }

    // The key: a PKCS#12 file or a token key named by a pkcs11: URI.
    const QString keyText = parser.value(QStringLiteral("key"));
    crypto::SigningKey key;
    if (keyText.startsWith(QStringLiteral("pkcs11:"))) {
        const Result<crypto::Pkcs11Uri> uri = crypto::Pkcs11Uri::parse(keyText);
        if (!uri) {
            printError(uri.error().message());
            return ExitUsage;
        }
        const Pin pin =
            pinFor(parser, !uri.value().pinValue.isEmpty() || !uri.value().pinSource.isEmpty(), keyText);
        if (!pin.ok)
            return ExitUsage;
        const Result<crypto::SigningKey> opened = crypto::openPkcs11Key(uri.value(), pin.value);
        if (!opened) {
            printError(opened.error().message());
            return ExitFailed;
        }
        key = opened.value();
    } else {
        const Pin pin = pinFor(parser, false, keyText);
        if (!pin.ok)
            return ExitUsage;
        const Result<crypto::SigningKey> opened = crypto::SigningKey::fromPkcs12File(keyText, pin.value);
        if (!opened) {
            printError(opened.error().message());
            return ExitFailed;
        }
        key = opened.value();
    }

    Result<QByteArray> signedBytes = QByteArray();
    QString kind;
    if (pades) {
        crypto::pdf::SignatureFieldOptions options;
        options.reason = parser.value(QStringLiteral("reason"));
        signedBytes = crypto::signPdf(data, key, options);
        kind = QCoreApplication::translate("oblik-server", "PAdES signature in the PDF");
    } else if (addTo) {
        signedBytes = crypto::addParallelSignature(existing, key, data);
        kind = QCoreApplication::translate("oblik-server", "CAdES signature added to the existing ones");
    } else {
        signedBytes = crypto::signDetached(key, data);
        kind = QCoreApplication::translate("oblik-server", "CAdES detached signature");
    }
    if (!signedBytes) {
        printError(signedBytes.error().message());
        return ExitFailed;
    }
    QSaveFile out(outPath);
    if (!out.open(QIODevice::WriteOnly) || out.write(signedBytes.value()) != signedBytes.value().size() ||
        !out.commit()) {
        printError(QCoreApplication::translate("oblik-server", "%1 cannot be written: %2")
                       .arg(outPath, out.errorString()));
        return ExitFailed;
    }
    printOut(QCoreApplication::translate("oblik-server", "signed: %1 (%2, signer %3)")
                 .arg(outPath, kind, key.certificate().displayName()));
    return ExitOk;
}

int runVerify(const QCommandLineParser &parser)
{
    if (parser.positionalArguments().size() < 2) {
        printError(
            QCoreApplication::translate("oblik-server", "verify needs the file to verify; try --help"));
        return ExitUsage;
    }
    const QString path = parser.positionalArguments().at(1);
    QByteArray data;
    if (!readFile(path, &data)) {
        printError(QCoreApplication::translate("oblik-server", "the file %1 cannot be read").arg(path));
        return ExitUsage;
    }
    Result<crypto::TrustSettings> trust = crypto::TrustSettings::fromFiles(
        parser.values(QStringLiteral("trust")), parser.values(QStringLiteral("crl")));
    if (!trust) {
        printError(trust.error().message());
        return ExitUsage;
    }
    crypto::TrustSettings settings = trust.value();
    settings.requireCrl = parser.isSet(QStringLiteral("require-crl"));

    crypto::VerificationReport report;
    const QStringList signatureFiles = parser.values(QStringLiteral("signature"));
    if (!signatureFiles.isEmpty()) {
        for (const QString &file : signatureFiles) {
            QByteArray cms;
            if (!readFile(file, &cms)) {
                printError(QCoreApplication::translate("oblik-server", "the signature file %1 cannot be read")
                               .arg(file));
                return ExitUsage;
            }
            const Result<crypto::VerificationReport> one = crypto::verifyCades(cms, data, settings);
            if (!one) {
                printError(file + QStringLiteral(": ") + one.error().message());
                return ExitUsage;
            }
            report.signatures += one.value().signatures;
        }
    } else if (crypto::looksLikePdf(data)) {
        const Result<crypto::VerificationReport> pdf = crypto::verifyPdf(data, settings);
        if (!pdf) {
            printError(path + QStringLiteral(": ") + pdf.error().message());
            return ExitUsage;
        }
        report = pdf.value();
    }
    if (report.signatures.isEmpty()) {
        printOut(QCoreApplication::translate(
                     "oblik-server", "%1: no signatures (give the detached ones with --signature FILE.p7s)")
                     .arg(path));
        return ExitFailed;
    }
    printOut(report.toText().trimmed());
    return report.allValid() ? ExitOk : ExitFailed;
}

} // namespace

Command signCommand()
{
    return {QStringLiteral("sign"),
            QCoreApplication::translate(
                "oblik-server", "Sign a file: PAdES inside a PDF, else a detached CAdES signature (.p7s)."),
            {valueOption(
                 QStringLiteral("key"),
                 QT_TRANSLATE_NOOP("oblik-server", "The key: a PKCS#12 file or a pkcs11: URI (RFC 7512)."),
                 QStringLiteral("file|uri")),
             valueOption(
                 QStringLiteral("pin-file"),
                 QT_TRANSLATE_NOOP(
                     "oblik-server",
                     "A file whose first line is the PIN or the key file's password (else OBLIK_PIN, else "
                     "asked on the terminal)."),
                 QStringLiteral("file")),
             valueOption(QStringLiteral("in"), QT_TRANSLATE_NOOP("oblik-server", "The file to sign."),
                         QStringLiteral("file")),
             valueOption(QStringLiteral("out"),
                         QT_TRANSLATE_NOOP("oblik-server", "Where to write the signed PDF or the .p7s."),
                         QStringLiteral("file")),
             flagOption(QStringLiteral("cades"),
                        QT_TRANSLATE_NOOP("oblik-server", "A detached CAdES signature even for a PDF.")),
             flagOption(
                 QStringLiteral("pades"),
                 QT_TRANSLATE_NOOP("oblik-server", "A PAdES signature in the PDF (the default for a PDF).")),
             valueOption(QStringLiteral("reason"),
                         QT_TRANSLATE_NOOP("oblik-server", "The reason written into a PDF signature."),
                         QStringLiteral("text")),
             valueOption(QStringLiteral("add-to"),
                         QT_TRANSLATE_NOOP("oblik-server", "Add a parallel signature to this existing .p7s."),
                         QStringLiteral("file"))},
            &runSign};
}

Command verifyCommand()
{
    return {
        QStringLiteral("verify"),
        QCoreApplication::translate(
            "oblik-server",
            "Verify the signatures of a PDF or of detached .p7s files; exit 0 only when all are valid."),
        {valueOption(QStringLiteral("signature"),
                     QT_TRANSLATE_NOOP("oblik-server", "A detached signature of the file (repeatable)."),
                     QStringLiteral("file.p7s")),
         valueOption(QStringLiteral("trust"),
                     QT_TRANSLATE_NOOP("oblik-server", "Trusted CA certificates, PEM or DER (repeatable)."),
                     QStringLiteral("ca.pem")),
         valueOption(QStringLiteral("crl"),
                     QT_TRANSLATE_NOOP("oblik-server", "A certificate revocation list (repeatable)."),
                     QStringLiteral("file")),
         flagOption(QStringLiteral("require-crl"),
                    QT_TRANSLATE_NOOP("oblik-server", "Every CA of a chain must have a CRL here."))},
        &runVerify,
        1};
}

} // namespace oblik::app
