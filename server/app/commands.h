#pragma once
// The subcommands of oblik-server. Each returns the process exit status:
// 0 done, 1 failed at run time (nothing or only complete steps changed), 2 wrong usage.

#include <QCommandLineParser>

namespace oblik::app {

// 3: a bill run was cancelled (Ctrl-C / SIGTERM) and can be resumed by running it again.
enum ExitStatus { ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitCancelled = 3 };

struct Command
{
    QString name;
    QString description;
    QList<QCommandLineOption> options;
    int (*run)(const QCommandLineParser &parser);
    int maxArguments = 0; // positional arguments after the command's name
};

QList<Command> commands();
// `sign` and `verify` (signcommands.cpp, docs/signatures.md "Command line").
Command signCommand();
Command verifyCommand();

// One line on stderr, e.g. "oblik-server: the database URL ...".
void printError(const QString &message);
void printOut(const QString &line);

} // namespace oblik::app
