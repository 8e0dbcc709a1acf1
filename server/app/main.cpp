// oblik-server: `oblik-server <command> [options]`; see --help and docs/operations.md.

#include "commands.h"
#include "translations/languages.h"

#include <algorithm>

#include <QCoreApplication>
#include <QGuiApplication>
#include <QSet>

using namespace oblik::app;

namespace {

// The first argument that is not an option or an option's value.
QString findCommand(const QStringList &args, const QList<Command> &cmds)
{
    QSet<QString> valued;
    for (const Command &c : cmds) {
        for (const QCommandLineOption &o : c.options) {
            if (!o.valueName().isEmpty()) {
                for (const QString &n : o.names())
                    valued.insert(n);
            }
        }
    }
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == u"--")
            return args.value(i + 1);
        if (a.startsWith(u'-')) {
            QString name = a.mid(a.startsWith(u"--") ? 2 : 1);
            if (name.contains(u'='))
                continue;
            if (valued.contains(name))
                ++i; // skip the value
            continue;
        }
        return a;
    }
    return {};
}

QString overview(const QList<Command> &cmds)
{
    QString text = QCoreApplication::translate("oblik-server", "Commands:") + u'\n';
    // The names in one column, as wide as the longest and two spaces (check-ledger is 12 letters).
    qsizetype width = 0;
    for (const Command &c : cmds)
        width = std::max(width, c.name.size());
    for (const Command &c : cmds)
        text += u"  " + c.name.leftJustified(width + 2) + c.description + u'\n';
    return text;
}

} // namespace

int main(int argc, char *argv[])
{
    // A QGuiApplication, because documents are drawn with QPainter (its text needs the font machinery
    // of Qt GUI), on the "offscreen" platform: a server has no display, and none is ever used. An
    // administrator's QT_QPA_PLATFORM is respected (docs/documents.md).
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt GUI asks for the user session's runtime folder while it starts; a server (a system service)
    // has no session, and Qt's warning about it ("XDG_RUNTIME_DIR not set") would be a second line on
    // stderr of every command. Only that one message is dropped, only while the application starts.
    static QtMessageHandler previous = nullptr;
    previous =
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &text) {
            if (type == QtWarningMsg && text.startsWith(u"QStandardPaths: XDG_RUNTIME_DIR not set"))
                return;
            previous(type, context, text);
        });
    QGuiApplication app(argc, argv);
    qInstallMessageHandler(previous);
    QCoreApplication::setApplicationName(QStringLiteral("oblik-server"));
    QCoreApplication::setOrganizationName(QStringLiteral("Oblik"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OBLIK_VERSION));
    // Messages in the administrator's language (LANGUAGE / LANG: uk, ru, else English).
    oblik::i18n::Translators translators;
    translators.install(oblik::i18n::systemLanguage());

    const QList<Command> cmds = commands();
    const QStringList args = QCoreApplication::arguments();
    const QString name = findCommand(args, cmds);

    const Command *command = nullptr;
    for (const Command &c : cmds) {
        if (c.name == name)
            command = &c;
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "oblik-server", "Oblik server: the consumer cabinet's HTTPS API and its database tools."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("command"),
        QCoreApplication::translate("oblik-server", "init, migrate, demo, serve, holidays or routes."),
        QStringLiteral("<command>"));
    if (command) {
        parser.setApplicationDescription(command->description);
        parser.addOptions(command->options);
    }
    if (!parser.parse(args)) {
        printError(parser.errorText());
        return ExitUsage;
    }
    if (parser.isSet(version)) {
        printOut(QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion());
        return ExitOk;
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        if (!command)
            text += u'\n' + overview(cmds);
        printOut(text.trimmed());
        return ExitOk;
    }
    if (name.isEmpty()) {
        printError(QCoreApplication::translate(
            "oblik-server",
            "no command given; try --help (commands: init, migrate, demo, serve, holidays, routes)"));
        return ExitUsage;
    }
    if (!command) {
        printError(
            QCoreApplication::translate("oblik-server", "unknown command \"%1\"; try --help").arg(name));
        return ExitUsage;
    }
    if (parser.positionalArguments().size() > 1 + command->maxArguments) {
        printError(QCoreApplication::translate("oblik-server", "unexpected argument \"%1\"")
                       .arg(parser.positionalArguments().at(1 + command->maxArguments)));
        return ExitUsage;
    }
    return command->run(parser);
}
