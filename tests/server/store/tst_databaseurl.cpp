// Database URLs, migration script splitting, dialect expansion and password hashes: the store's
// rules that need no database server.

#include "store/database.h"
#include "store/passwordhash.h"
#include "store/sqldialect.h"
#include "store/sqlscript.h"

#include <QDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik::store;

class TestDatabaseUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesGoodUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("postgres");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("redacted");

        QTest::newRow("sqlite absolute")
            << u"sqlite:/var/lib/oblik/oblik.db"_s << false << u"/var/lib/oblik/oblik.db"_s << QString()
            << QString() << QString() << 5432 << QString() << u"sqlite:/var/lib/oblik/oblik.db"_s;
        const QString rel = QDir::current().absoluteFilePath(u"data/oblik.db"_s);
        QTest::newRow("sqlite relative") << u"sqlite:data/oblik.db"_s << false << rel << QString()
                                         << QString() << QString() << 5432 << QString() << u"sqlite:"_s + rel;
        QTest::newRow("sqlite url form")
            << u"sqlite:///tmp/x.db"_s << false << u"/tmp/x.db"_s << QString() << QString() << QString()
            << 5432 << QString() << u"sqlite:/tmp/x.db"_s;
        QTest::newRow("sqlite spaces around")
            << u"  sqlite:/tmp/y.db "_s << false << u"/tmp/y.db"_s << QString() << QString() << QString()
            << 5432 << QString() << u"sqlite:/tmp/y.db"_s;
        QTest::newRow("pg full") << u"postgresql://oblik:s3cret@db.example.org:6543/ledger"_s << true
                                 << QString() << u"oblik"_s << u"s3cret"_s << u"db.example.org"_s << 6543
                                 << u"ledger"_s << u"postgresql://oblik@db.example.org:6543/ledger"_s;
        QTest::newRow("pg default port")
            << u"postgresql://oblik@127.0.0.1/oblik"_s << true << QString() << u"oblik"_s << QString()
            << u"127.0.0.1"_s << 5432 << u"oblik"_s << u"postgresql://oblik@127.0.0.1:5432/oblik"_s;
        QTest::newRow("pg percent-encoded password")
            << u"postgres://u:p%40ss%3Aw@h:1/n"_s << true << QString() << u"u"_s << u"p@ss:w"_s << u"h"_s << 1
            << u"n"_s << u"postgresql://u@h:1/n"_s;
        QTest::newRow("pg ipv6") << u"postgresql://u@[::1]:5433/n"_s << true << QString() << u"u"_s
                                 << QString() << u"::1"_s << 5433 << u"n"_s
                                 << u"postgresql://u@[::1]:5433/n"_s;
    }
    void parsesGoodUrls()
    {
        QFETCH(QString, url);
        QFETCH(bool, postgres);
        auto parsed = DatabaseUrl::parse(url);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().detail()));
        const DatabaseUrl &u = parsed.value();
        QCOMPARE(u.kind == SqlDialect::Kind::Postgres, postgres);
        QTEST(u.path, "path");
        QTEST(u.user, "user");
        QTEST(u.password, "password");
        QTEST(u.host, "host");
        QTEST(u.port, "port");
        QTEST(u.name, "name");
        QTEST(u.redacted(), "redacted");
        QVERIFY(!u.redacted().contains(u"s3cret"_s));
    }

    void refusesBadUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("detailMentions");
        QTest::newRow("empty") << QString() << u"empty"_s;
        QTest::newRow("blank") << u"   "_s << u"empty"_s;
        QTest::newRow("no scheme") << u"/tmp/oblik.db"_s << u"no scheme"_s;
        QTest::newRow("mysql") << u"mysql://u@h/n"_s << u"\"mysql\""_s;
        QTest::newRow("sqlite without path") << u"sqlite:"_s << u"no file path"_s;
        QTest::newRow("sqlite in memory") << u"sqlite::memory:"_s << u"in-memory"_s;
        QTest::newRow("pg without user") << u"postgresql://h:5432/n"_s << u"no user"_s;
        QTest::newRow("pg without host") << u"postgresql://u@/n"_s << u"no host"_s;
        QTest::newRow("pg without name") << u"postgresql://u@h:5432"_s << u"no database name"_s;
        QTest::newRow("pg name with slash") << u"postgresql://u@h/a/b"_s << u"no database name"_s;
        QTest::newRow("pg port not a number") << u"postgresql://u@h:abc/n"_s << u"malformed"_s;
        QTest::newRow("pg port too big") << u"postgresql://u@h:70000/n"_s << u"malformed"_s;
        QTest::newRow("pg port zero") << u"postgresql://u@h:0/n"_s << u"port"_s;
        QTest::newRow("pg query options") << u"postgresql://u@h/n?sslmode=require"_s << u"query"_s;
        QTest::newRow("pg without slashes") << u"postgresql:u@h/n"_s << u"malformed"_s;
    }
    void refusesBadUrls()
    {
        QFETCH(QString, url);
        QFETCH(QString, detailMentions);
        auto parsed = DatabaseUrl::parse(url);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code(), u"db.bad_url"_s);
        QCOMPARE(parsed.error().field(), u"db"_s);
        QVERIFY2(parsed.error().detail().contains(detailMentions), qPrintable(parsed.error().detail()));
    }

    void openRefusesBadUrlAndUnreachableServer()
    {
        auto bad = Database::open(u"oracle://x"_s);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code(), u"db.bad_url"_s);
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        auto unreachable = Database::open(u"postgresql://nobody@127.0.0.1:1/none"_s);
        QVERIFY(!unreachable.ok());
        QCOMPARE(unreachable.error().code(), u"db.open_failed"_s);
        QVERIFY(!unreachable.error().detail().isEmpty());
    }

    void splitsScripts_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QStringList>("statements");
        QTest::newRow("two") << u"CREATE TABLE a (x INT);\nCREATE TABLE b (y INT);\n"_s
                             << QStringList{u"CREATE TABLE a (x INT)"_s, u"CREATE TABLE b (y INT)"_s};
        QTest::newRow("no final semicolon") << u"SELECT 1"_s << QStringList{u"SELECT 1"_s};
        QTest::newRow("only comments and blanks")
            << u"-- nothing; here\n/* nor; here */\n ; ;"_s << QStringList{};
        QTest::newRow("semicolon in string")
            << u"INSERT INTO t VALUES ('a;b', 'it''s;');SELECT 2;"_s
            << QStringList{u"INSERT INTO t VALUES ('a;b', 'it''s;')"_s, u"SELECT 2"_s};
        QTest::newRow("semicolon in identifier")
            << u"CREATE TABLE \"x;y\" (a INT); SELECT 3"_s
            << QStringList{u"CREATE TABLE \"x;y\" (a INT)"_s, u"SELECT 3"_s};
        QTest::newRow("semicolon in comments")
            << u"SELECT 1 -- one; two\n; /* a; b */ SELECT 2;"_s
            << QStringList{u"SELECT 1 -- one; two"_s, u"/* a; b */ SELECT 2"_s};
        QTest::newRow("dollar quoted body")
            << u"CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql; SELECT 4;"_s
            << QStringList{
                   u"CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql"_s,
                   u"SELECT 4"_s};
        QTest::newRow("tagged dollar quote")
            << u"SELECT $fn$ a; b $fn$; SELECT 5"_s << QStringList{u"SELECT $fn$ a; b $fn$"_s, u"SELECT 5"_s};
        QTest::newRow("sqlite trigger")
            << u"CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET y = CASE WHEN 1 THEN 2 END; DELETE FROM c; END;\nSELECT 6;"_s
            << QStringList{
                   u"CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET y = CASE WHEN 1 THEN 2 END; DELETE FROM c; END"_s,
                   u"SELECT 6"_s};
        QTest::newRow("positional parameter is no dollar quote")
            << u"SELECT $1; SELECT 7"_s << QStringList{u"SELECT $1"_s, u"SELECT 7"_s};
    }
    void splitsScripts()
    {
        QFETCH(QString, script);
        QTEST(SqlScript::split(script), "statements");
    }

    void expandsPrimaryKeys()
    {
        const QString sql = u"CREATE TABLE t (id {{PK}}, x TEXT)"_s;
        QCOMPARE(SqlDialect::create(SqlDialect::Kind::Sqlite)->expandMigration(sql),
                 u"CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT)"_s);
        QCOMPARE(SqlDialect::create(SqlDialect::Kind::Postgres)->expandMigration(sql),
                 u"CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, x TEXT)"_s);
        QCOMPARE(SqlDialect::create(SqlDialect::Kind::Sqlite)->maxBindParameters(), 32766);
        QCOMPARE(SqlDialect::create(SqlDialect::Kind::Postgres)->maxBindParameters(), 65535);
    }

    void hashesPasswords()
    {
        const QString hash = hashPassword(u"oblik-demo"_s);
        QVERIFY(hash.startsWith(u"$argon2id$v=19$m=19456,t=2,p=1$"_s));
        QVERIFY(verifyPassword(hash, u"oblik-demo"_s));
        QVERIFY(!verifyPassword(hash, u"oblik-demO"_s));
        QVERIFY(!verifyPassword(hash, QString()));
        // A fresh salt every time.
        QVERIFY(hashPassword(u"oblik-demo"_s) != hash);
        // Non-ASCII passwords hash their UTF-8 bytes.
        const QString cyr = hashPassword(u"пароль-Їжак"_s);
        QVERIFY(verifyPassword(cyr, u"пароль-Їжак"_s));
        QVERIFY(!verifyPassword(cyr, u"пароль-їжак"_s));
        QVERIFY(!verifyPassword(u"not a hash"_s, u"oblik-demo"_s));
        QVERIFY(!verifyPassword(QString(), QString()));
        QVERIFY(!verifyPassword(u"$argon2i$v=19$m=19456,t=2,p=1$AAAA$AAAA"_s, u"x"_s));
    }
};

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "tst_databaseurl.moc"
