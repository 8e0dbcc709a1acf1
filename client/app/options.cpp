#include "app/options.h"

#include "translations/languages.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace oblik::client {

QString languageFromArguments(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == u"--lang"_s && i + 1 < arguments.size())
            return i18n::normalize(arguments.at(i + 1));
        if (a.startsWith(u"--lang="_s))
            return i18n::normalize(a.mid(7));
    }
    return {};
}

Options parseOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("oblik::client::Options", "Oblik: the electricity consumer's cabinet."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption server(
        u"server"_s, QCoreApplication::translate("oblik::client::Options", "The server to sign in to."),
        u"URL"_s);
    const QCommandLineOption lang(
        u"lang"_s,
        QCoreApplication::translate("oblik::client::Options", "The language of this session: uk, ru or en."),
        u"LANG"_s);
    const QCommandLineOption login(
        u"login"_s, QCoreApplication::translate("oblik::client::Options", "Fills in the login."), u"NAME"_s);
    const QCommandLineOption account(
        u"account"_s,
        QCoreApplication::translate("oblik::client::Options",
                                    "Opens this personal account after signing in."),
        u"NUMBER"_s);
    const QCommandLineOption screenshot(
        u"screenshot"_s,
        QCoreApplication::translate("oblik::client::Options",
                                    "Saves a picture of the window once the account is shown, then quits "
                                    "(signs in by itself when OBLIK_PASSWORD is set)."),
        u"FILE"_s);
    parser.addOptions({server, lang, login, account, screenshot});

    Options o;
    if (!parser.parse(arguments)) {
        o.exitCode = 2;
        o.output = parser.errorText() + u'\n';
        o.outputIsError = true;
        return o;
    }
    if (parser.isSet(help)) {
        o.exitCode = 0;
        o.output = parser.helpText();
        return o;
    }
    if (parser.isSet(version)) {
        o.exitCode = 0;
        o.output =
            QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion() + u'\n';
        return o;
    }
    if (!parser.positionalArguments().isEmpty()) {
        o.exitCode = 2;
        o.output = QCoreApplication::translate("oblik::client::Options", "Unexpected argument: %1")
                       .arg(parser.positionalArguments().first()) +
                   u'\n';
        o.outputIsError = true;
        return o;
    }
    if (parser.isSet(lang)) {
        o.language = i18n::normalize(parser.value(lang));
        if (o.language.isEmpty()) {
            o.exitCode = 2;
            o.output = QCoreApplication::translate("oblik::client::Options",
                                                   "Unknown language “%1”: use uk, ru or en.")
                           .arg(parser.value(lang)) +
                       u'\n';
            o.outputIsError = true;
            return o;
        }
    }
    o.server = parser.value(server);
    o.login = parser.value(login);
    o.account = parser.value(account);
    o.screenshot = parser.value(screenshot);
    return o;
}

} // namespace oblik::client
