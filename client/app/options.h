#pragma once
// The command line of `oblik`.

#include <QString>
#include <QStringList>
#include <optional>

namespace oblik::client {

struct Options
{
    QString server;     // --server URL
    QString language;   // --lang uk|ru|en (this session only)
    QString login;      // --login NAME (fills the field)
    QString account;    // --account NUMBER (opened after signing in)
    QString screenshot; // --screenshot FILE (debug: save the window once the account is shown)
    // Empty: run. Otherwise the text to print (help, version) and the exit code.
    std::optional<int> exitCode;
    QString output;
    bool outputIsError = false;
};

// The language asked for on the command line, before the full parse (so that --help can be
// printed in it); empty when none.
QString languageFromArguments(const QStringList &arguments);
Options parseOptions(const QStringList &arguments);

} // namespace oblik::client
