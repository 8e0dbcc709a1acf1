// oblik: the desktop client.

#include "app/appcontroller.h"
#include "app/options.h"
#include "translations/languages.h"

#include <QApplication>
#include <QSettings>
#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(u"Oblik"_s);
    QCoreApplication::setApplicationName(u"oblik"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(OBLIK_VERSION));
}

// --help and --version must work without a display (in a terminal over ssh, in CI).
bool wantsTextOnly(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "-h" || a == "--help" || a == "--help-all" || a == "-v" || a == "--version" || a == "-?")
            return true;
    }
    return false;
}

// Parses the command line with the language already chosen, so that --help speaks it too.
oblik::client::Options parse(const QStringList &arguments)
{
    oblik::i18n::Translators early; // removed again when this returns: the controller installs its own
    QString lang = oblik::client::languageFromArguments(arguments);
    if (lang.isEmpty())
        lang = oblik::i18n::normalize(QSettings().value(u"ui/language"_s).toString());
    if (lang.isEmpty())
        lang = oblik::i18n::systemLanguage();
    early.install(lang);
    return oblik::client::parseOptions(arguments);
}

int printAndExit(const oblik::client::Options &options)
{
    std::fputs(options.output.toLocal8Bit().constData(), options.outputIsError ? stderr : stdout);
    return *options.exitCode;
}

} // namespace

int main(int argc, char *argv[])
{
    if (wantsTextOnly(argc, argv)) {
        QCoreApplication core(argc, argv);
        setIdentity();
        return printAndExit(parse(core.arguments()));
    }

    QApplication app(argc, argv);
    setIdentity();
    QGuiApplication::setApplicationDisplayName(u"Oblik"_s);
    const oblik::client::Options options = parse(app.arguments());
    if (options.exitCode)
        return printAndExit(options);

    oblik::client::AppController controller(options);
    controller.start();
    return app.exec();
}
