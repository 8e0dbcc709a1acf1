// The oblik-server command line: exit statuses, one-line errors, demo's refusal on data, own TLS
// certificates, and that the registered routes and docs/api/openapi.yaml list the same operations.

#include "httptestsupport.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace oblik::test;

class TestServerCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void version();
    void help();
    void usageErrors_data();
    void usageErrors();
    void initAndMigrateAreRepeatable();
    void serveNeedsAMigratedDatabase();
    void demoRefusesOnData();
    void holidays();
    void unusableCertificate_data();
    void unusableCertificate();
    void ownCertificate();
    void routesMatchOpenApi();

private:
    QTemporaryDir m_dir;
    QString m_demoDb;
};

void TestServerCli::initTestCase()
{
    QVERIFY(QFile::exists(serverBinary()));
    m_demoDb = m_dir.filePath(QStringLiteral("demo.db"));
    const CliRun demo = runServerCli({QStringLiteral("demo"), QStringLiteral("--db"), sqliteUrl(m_demoDb),
                                      QStringLiteral("--accounts"), QStringLiteral("8")});
    QVERIFY2(demo.exitCode == 0, demo.err.constData());
}

void TestServerCli::version()
{
    const CliRun run = runServerCli({QStringLiteral("--version")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(QRegularExpression(QStringLiteral("^oblik-server \\d+\\.\\d+\\.\\d+\\n$"))
                 .match(QString::fromUtf8(run.out))
                 .hasMatch(),
             run.out.constData());
}

void TestServerCli::help()
{
    const CliRun run = runServerCli({QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    for (const char *command : {"init", "migrate", "demo", "serve", "holidays", "routes"})
        QVERIFY2(run.out.contains(command), command);
    const CliRun serve = runServerCli({QStringLiteral("serve"), QStringLiteral("--help")});
    QCOMPARE(serve.exitCode, 0);
    for (const char *option : {"--listen", "--cert", "--key", "--max-body", "--session-idle", "--session-max",
                               "--lockout-attempts", "--lockout-seconds", "--state-dir"})
        QVERIFY2(serve.out.contains(option), option);
}

void TestServerCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no command") << QStringList{};
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("routes"), QStringLiteral("--frob")};
    QTest::newRow("init without --db") << QStringList{QStringLiteral("init")};
    for (const char *command : {"init", "migrate", "demo", "serve"}) {
        QTest::addRow("%s --db nonsense:x", command)
            << QStringList{QLatin1String(command), QStringLiteral("--db"), QStringLiteral("nonsense:x")};
    }
    QTest::newRow("serve bad listen")
        << QStringList{QStringLiteral("serve"), QStringLiteral("--db"), QStringLiteral("sqlite:/tmp/x.db"),
                       QStringLiteral("--listen"), QStringLiteral("nowhere")};
    QTest::newRow("serve bad max-body")
        << QStringList{QStringLiteral("serve"), QStringLiteral("--db"), QStringLiteral("sqlite:/tmp/x.db"),
                       QStringLiteral("--max-body"), QStringLiteral("lots")};
    QTest::newRow("demo bad accounts")
        << QStringList{QStringLiteral("demo"), QStringLiteral("--db"), QStringLiteral("sqlite:/tmp/x.db"),
                       QStringLiteral("--accounts"), QStringLiteral("-3")};
}

void TestServerCli::usageErrors()
{
    QFETCH(QStringList, args);
    const CliRun run = runServerCli(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!run.crashed);
    QCOMPARE(run.errLines().size(), 1); // one line that says what is wrong
    QVERIFY(run.err.startsWith("oblik-server: "));
    QVERIFY(run.out.isEmpty());
}

void TestServerCli::initAndMigrateAreRepeatable()
{
    const QString db = sqliteUrl(m_dir.filePath(QStringLiteral("fresh.db")));
    for (const char *command : {"init", "init", "migrate"}) {
        const CliRun run = runServerCli({QLatin1String(command), QStringLiteral("--db"), db});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.out.contains("schema version"));
    }
}

void TestServerCli::serveNeedsAMigratedDatabase()
{
    const CliRun run = runServerCli({QStringLiteral("serve"), QStringLiteral("--db"),
                                     sqliteUrl(m_dir.filePath(QStringLiteral("empty.db"))),
                                     QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("migrate"), run.err.constData());
    QVERIFY(!run.out.contains("listening on"));
}

static QMap<QString, qint64> tableCounts(const QString &path)
{
    QMap<QString, qint64> counts;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("counts"));
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QStringList tables;
            QSqlQuery names(
                QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"), db);
            while (names.next())
                tables << names.value(0).toString();
            for (const QString &t : tables) {
                // Table names come from sqlite_master of our own file, not from input.
                QSqlQuery q(QStringLiteral("SELECT count(*) FROM \"%1\"").arg(t), db);
                counts.insert(t, q.next() ? q.value(0).toLongLong() : -1);
            }
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("counts"));
    return counts;
}

void TestServerCli::demoRefusesOnData()
{
    const QMap<QString, qint64> before = tableCounts(m_demoDb);
    QVERIFY(before.value(QStringLiteral("accounts")) > 0);
    const CliRun run = runServerCli({QStringLiteral("demo"), QStringLiteral("--db"), sqliteUrl(m_demoDb)});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.errLines().size(), 1);
    QVERIFY2(run.err.contains("already holds data"), run.err.constData());
    QCOMPARE(tableCounts(m_demoDb), before);
}

void TestServerCli::holidays()
{
    const QString db = sqliteUrl(m_demoDb);
    auto run = [&](QStringList args) {
        return runServerCli(QStringList{QStringLiteral("holidays"), QStringLiteral("--db"), db} + args);
    };
    // The demo keeps no holidays (under martial law they are working days).
    CliRun r = run({QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.trimmed(), QByteArray());
    r = run({QStringLiteral("add"), QStringLiteral("2026-12-25"), QStringLiteral("Christmas"),
             QStringLiteral("Day")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("2026-01-01"), QStringLiteral("New Year")}).exitCode,
             0);
    r = run({QStringLiteral("add"), QStringLiteral("2026-12-25"), QStringLiteral("Again")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("2026-12-25"));
    r = run({QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.trimmed(), QByteArray("2026-01-01 New Year\n2026-12-25 Christmas Day"));
    QCOMPARE(run({QStringLiteral("remove"), QStringLiteral("2026-12-25")}).exitCode, 0);
    QCOMPARE(run({QStringLiteral("remove"), QStringLiteral("2026-12-25")}).exitCode, 1);
    QCOMPARE(run({QStringLiteral("list")}).out.trimmed(), QByteArray("2026-01-01 New Year"));
    QCOMPARE(run({QStringLiteral("remove"), QStringLiteral("2026-01-01")}).exitCode, 0);
    // Wrong usage: exit status 2, nothing changed.
    QCOMPARE(run({}).exitCode, 2);
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("2026-13-01"), QStringLiteral("X")}).exitCode, 2);
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("2026-12-24")}).exitCode, 2);
    QCOMPARE(run({QStringLiteral("drop")}).exitCode, 2);
    QCOMPARE(run({QStringLiteral("list"), QStringLiteral("--supplier"), QStringLiteral("x")}).exitCode, 2);
    QCOMPARE(run({QStringLiteral("list")}).out.trimmed(), QByteArray());
}

void TestServerCli::unusableCertificate_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("passKey");
    const QString missing = m_dir.filePath(QStringLiteral("missing.pem"));
    const QString junk = m_dir.filePath(QStringLiteral("junk.pem"));
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a certificate\n");
    f.close();
    QTest::newRow("missing cert") << missing << missing << true;
    QTest::newRow("junk cert") << junk << junk << true;
    QTest::newRow("cert without key") << junk << QString() << false;
}

void TestServerCli::unusableCertificate()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(bool, passKey);
    QStringList args{QStringLiteral("serve"),
                     QStringLiteral("--db"),
                     sqliteUrl(m_demoDb),
                     QStringLiteral("--listen"),
                     QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--cert"),
                     cert};
    if (passKey)
        args << QStringLiteral("--key") << key;
    const CliRun run = runServerCli(args, 30000);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.errLines().size(), 1);
    QVERIFY(!run.out.contains("listening on"));
}

void TestServerCli::ownCertificate()
{
    // Make a certificate by running once with a state folder, then hand its files in as our own.
    const QString stateDir = m_dir.filePath(QStringLiteral("own-tls"));
    {
        ServerProcess first;
        QVERIFY2(first.start({QStringLiteral("--db"), sqliteUrl(m_demoDb), QStringLiteral("--listen"),
                              QStringLiteral("127.0.0.1:0"), QStringLiteral("--state-dir"), stateDir}),
                 qPrintable(first.error()));
        QCOMPARE(first.stop(), 0);
    }
    const QString cert = stateDir + QStringLiteral("/dev-cert.pem");
    const QString key = stateDir + QStringLiteral("/dev-key.pem");
    QVERIFY(QFile::exists(cert) && QFile::exists(key));
    QCOMPARE(QFile::permissions(key) & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());

    // A key that belongs to another certificate is refused.
    const QString otherDir = m_dir.filePath(QStringLiteral("other-tls"));
    {
        ServerProcess second;
        QVERIFY2(second.start({QStringLiteral("--db"), sqliteUrl(m_demoDb), QStringLiteral("--listen"),
                               QStringLiteral("127.0.0.1:0"), QStringLiteral("--state-dir"), otherDir}),
                 qPrintable(second.error()));
        QCOMPARE(second.stop(), 0);
    }
    const CliRun mismatch = runServerCli({QStringLiteral("serve"), QStringLiteral("--db"),
                                          sqliteUrl(m_demoDb), QStringLiteral("--cert"), cert,
                                          QStringLiteral("--key"), otherDir + QStringLiteral("/dev-key.pem")},
                                         30000);
    QCOMPARE(mismatch.exitCode, 2);
    QCOMPARE(mismatch.errLines().size(), 1);

    ServerProcess own;
    QVERIFY2(own.start({QStringLiteral("--db"), sqliteUrl(m_demoDb), QStringLiteral("--listen"),
                        QStringLiteral("127.0.0.1:0"), QStringLiteral("--cert"), cert,
                        QStringLiteral("--key"), key}),
             qPrintable(own.error()));
    QVERIFY2(!own.stderrText().contains("self-signed development certificate"), own.stderrText().constData());
    HttpsClient client(own.baseUrl(), loadCertificate(cert));
    const HttpReply r = client.get(QStringLiteral("/api/v1/health"));
    QVERIFY2(r.networkError.isEmpty(), qPrintable(r.networkError));
    QCOMPARE(r.status, 200);
    QCOMPARE(own.stop(), 0);
}

// (method, path) pairs from the spec: paths are "  /api...:" lines, methods "    get:" lines below.
static QSet<QString> openApiOperations(const QString &file)
{
    QSet<QString> ops;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return ops;
    static const QRegularExpression pathLine(QStringLiteral("^  (/api\\S*):\\s*$"));
    static const QRegularExpression methodLine(QStringLiteral("^    (get|post|put|delete|patch):\\s*$"));
    static const QRegularExpression topLevel(QStringLiteral("^\\S"));
    QString path;
    bool inPaths = false;
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).chopped(1);
        if (topLevel.match(line).hasMatch()) {
            inPaths = line.startsWith(u"paths:");
            path.clear();
            continue;
        }
        if (!inPaths)
            continue;
        if (const auto m = pathLine.match(line); m.hasMatch())
            path = m.captured(1);
        else if (const auto m2 = methodLine.match(line); m2.hasMatch() && !path.isEmpty())
            ops.insert(m2.captured(1).toUpper() + u' ' + path);
    }
    return ops;
}

void TestServerCli::routesMatchOpenApi()
{
    const CliRun run = runServerCli({QStringLiteral("routes")});
    QCOMPARE(run.exitCode, 0);
    QSet<QString> routes;
    for (const QByteArray &line : run.out.split('\n')) {
        if (!line.trimmed().isEmpty())
            routes.insert(QString::fromUtf8(line.trimmed()));
    }
    QVERIFY(routes.contains(QStringLiteral("GET /api/v1/health")));
    QVERIFY(routes.contains(QStringLiteral("GET /api/v1/accounts/{id}")));
    const QSet<QString> spec = openApiOperations(QStringLiteral(OBLIK_SOURCE_DIR "/docs/api/openapi.yaml"));
    QVERIFY(!spec.isEmpty());
    const QSet<QString> notInSpec = routes - spec;
    const QSet<QString> notServed = spec - routes;
    QVERIFY2(notInSpec.isEmpty(), qPrintable(QStringList(notInSpec.values()).join(u", ")));
    QVERIFY2(notServed.isEmpty(), qPrintable(QStringList(notServed.values()).join(u", ")));
}

QTEST_GUILESS_MAIN(TestServerCli)
#include "tst_servercli.moc"
