// Migrations, transactions and per-thread connections, once per driver.

#include "storefixture.h"
#include "storetest.h"

#include "store/database.h"
#include "store/migrator.h"
#include "store/sqldialect.h"
#include "store/sqlscript.h"
#include "store/sqlsupport.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace oblik::store;

namespace {
qint64 scalar(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}
} // namespace

class TestMigrator : public QObject
{
    Q_OBJECT

    // Applies migrations 1..version by hand, as the server of that version did (Migrator::migrate
    // applies everything it knows).
    void migrateTo(Database &db, int version)
    {
        QSqlDatabase c = db.connection();
        {
            QSqlQuery q(c);
            QVERIFY(
                q.exec(u"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                       u"applied_at BIGINT NOT NULL)"_s));
        }
        for (const Migrator::Migration &m : Migrator::available()) {
            if (m.version > version)
                break;
            QFile file(m.resource);
            QVERIFY(file.open(QIODevice::ReadOnly));
            for (const QString &statement :
                 SqlScript::split(db.dialect().expandMigration(QString::fromUtf8(file.readAll())))) {
                QSqlQuery q(c);
                QVERIFY2(q.exec(statement),
                         qPrintable(q.lastError().text() + u" in "_s + statement.left(100)));
            }
            QVERIFY(test::insertRow(c, u"schema_migrations"_s,
                                    {{"version", m.version}, {"name", m.name}, {"applied_at", 1}},
                                    false) >= 0);
        }
    }

    // A supplier, its district ZH1 and one household account: {district, account}.
    static std::pair<qint64, qint64> districtWithAccount(QSqlDatabase c)
    {
        const qint64 supplier =
            test::insertRow(c, u"suppliers"_s,
                            {{"name", u"S"_s}, {"edrpou", u"1"_s}, {"iban", u"UA1"_s}, {"address", u"A"_s}});
        const qint64 district = test::insertRow(
            c, u"districts"_s,
            {{"supplier_id", supplier}, {"code", u"ZH1"_s}, {"name", u"D1"_s}, {"address", u"a"_s}});
        return {district, test::insertHouseholdAccount(c, district, 1)};
    }

    // A ledger as migration 14 left it: invoice 1 (active energy), its correction, a planned advance and a
    // services invoice; tax invoices with ids of their own (501 of the first, 502 of the correction,
    // correcting 501; the services invoice has none, as a hand-made row could), and a tax invoice
    // document (id 77) of the correction with a signature, and a document 90 that was removed.
    // Returns the invoices' ids.
    QList<qint64> ledgerOfMigration14(Database &db, qint64 taxGross = 120000)
    {
        migrateTo(db, 14);
        QSqlDatabase c = db.connection();
        const auto [district, account] = districtWithAccount(c);
        const auto invoice = [&](int n, const QString &type, qint64 gross, qint64 corrects) {
            return test::insertRow(c, u"invoices"_s,
                                   {{"account_id", account},
                                    {"district_id", district},
                                    {"number", u"ZH1-2026-%1"_s.arg(n)},
                                    {"type", type},
                                    {"article", type == u"services"_s ? u"services"_s : u"active_energy"_s},
                                    {"period", 202610},
                                    {"date", u"2026-11-0%1"_s.arg(n)},
                                    {"due_date", u"2026-11-15"_s},
                                    {"net_kopecks", gross / 6 * 5},
                                    {"vat_kopecks", gross - gross / 6 * 5},
                                    {"gross_kopecks", gross},
                                    {"corrects_invoice_id", corrects ? QVariant(corrects) : test::null()},
                                    {"created_at", 1}});
        };
        const qint64 first = invoice(1, u"active_energy"_s, 120000, 0);
        const qint64 correction = invoice(2, u"correction"_s, -6000, first);
        const qint64 advance = invoice(3, u"planned_advance"_s, 60000, 0);
        const qint64 services = invoice(4, u"services"_s, 3000, 0);
        const auto tax = [&](qint64 id, qint64 invoiceId, int n, qint64 gross, qint64 corrects) {
            return test::insertRow(
                c, u"tax_invoices"_s,
                {{"id", id},
                 {"invoice_id", invoiceId},
                 {"number", u"PN-ZH1-2026-%1"_s.arg(n)},
                 {"date", u"2026-11-0%1"_s.arg(n)},
                 {"net_kopecks", gross / 6 * 5},
                 {"vat_kopecks", gross - gross / 6 * 5},
                 {"gross_kopecks", gross},
                 {"corrects_tax_invoice_id", corrects ? QVariant(corrects) : test::null()}});
        };
        [&] {
            QVERIFY(first > 0 && correction > 0 && advance > 0 && services > 0);
            QCOMPARE(tax(501, first, 1, taxGross, 0), 501);
            QCOMPARE(tax(502, correction, 2, -6000, 501), 502);
            QCOMPARE(test::insertRow(c, u"documents"_s,
                                     {{"id", 77},
                                      {"account_id", account},
                                      {"kind", u"tax_invoice"_s},
                                      {"tax_invoice_id", 502},
                                      {"period", 202610},
                                      {"number", u"PN-ZH1-2026-2"_s},
                                      {"language", u"uk"_s},
                                      {"created_at", 1},
                                      {"sha256", u"00"_s},
                                      {"size", 3},
                                      {"pages", 1},
                                      {"content", QByteArray("pdf")}}),
                     77);
            QVERIFY(test::insertRow(c, u"document_signatures"_s,
                                    {{"document_id", 77},
                                     {"side", u"supplier"_s},
                                     {"format", u"pades"_s},
                                     {"status", u"valid"_s},
                                     {"received_at", 1},
                                     {"covered_length", 3},
                                     {"covered_sha256", u"00"_s}}) > 0);
            // A document issued and removed again: the highest id ever given (90) is above every
            // row's, as only SQLite's sqlite_sequence remembers.
            QCOMPARE(test::insertRow(c, u"documents"_s,
                                     {{"id", 90},
                                      {"account_id", account},
                                      {"kind", u"invoice_package"_s},
                                      {"period", 202610},
                                      {"number", u"ZH1-2026-1"_s},
                                      {"language", u"uk"_s},
                                      {"created_at", 1},
                                      {"sha256", u"00"_s},
                                      {"size", 3},
                                      {"pages", 1},
                                      {"content", QByteArray("pdf")}}),
                     90);
            QVERIFY(QSqlQuery(c).exec(u"DELETE FROM documents WHERE id = 90"_s));
        }();
        return {first, correction, advance, services};
    }

private Q_SLOTS:
    void initTestCase_data() { test::addDriverRows(); }

    // Migration 14 moves each invoice's lines into invoices.lines; invoice_lines becomes a view that
    // gives back the same rows. Applied here to a ledger written under migration 13, with a line whose
    // description needs escaping both in JSON and in SQL, and an invoice without lines.
    void linesMoveIntoTheirInvoice()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QSqlDatabase c = db->connection();
        migrateTo(*db, 13);
        if (QTest::currentTestFailed())
            return;
        const auto [district, account] = districtWithAccount(c);
        const auto invoice = [&](const QString &number) {
            return test::insertRow(c, u"invoices"_s,
                                   {{"account_id", account},
                                    {"district_id", district},
                                    {"number", number},
                                    {"type", u"services"_s},
                                    {"article", u"services"_s},
                                    {"period", 202610},
                                    {"date", u"2026-11-05"_s},
                                    {"due_date", u"2026-11-15"_s},
                                    {"net_kopecks", 101000},
                                    {"vat_kopecks", 20200},
                                    {"gross_kopecks", 121200},
                                    {"created_at", 1}});
        };
        const qint64 withLines = invoice(u"ZH1-2026-1"_s), without = invoice(u"ZH1-2026-2"_s);
        QVERIFY(withLines > 0 && without > 0);
        const QString awkward = u"Заміна \"лічильника\"\tз \\ пломбою\nта 'актом'"_s;
        // Written out of position order: the move keeps position order.
        for (const auto &[position, description, net] :
             {std::tuple{2, awkward, qint64(1000)}, std::tuple{1, u""_s, qint64(100000)}}) {
            QVERIFY(test::insertRow(c, u"invoice_lines"_s,
                                    {{"invoice_id", withLines},
                                     {"position", position},
                                     {"kind", u"services"_s},
                                     {"zone", u"total"_s},
                                     {"quantity_milli", 2500 * position},
                                     {"tariff_hundred_thousandths", 12345678 + position},
                                     {"coef_num", 3},
                                     {"coef_den", 2},
                                     {"net_kopecks", net},
                                     {"vat_kopecks", net / 5},
                                     {"gross_kopecks", net + net / 5},
                                     {"description", description}}) > 0);
        }

        auto migrated = Migrator(*db).migrate();
        QVERIFY2(migrated.ok(), qPrintable(migrated.error().detail()));
        QVERIFY(migrated.value() >= 14);
        QSqlQuery q(c);
        QVERIFY(execPrepared(
            q,
            u"SELECT invoice_id, position, kind, zone, quantity_milli, tariff_hundred_thousandths, "
            u"coef_num, coef_den, net_kopecks, vat_kopecks, gross_kopecks, description FROM "
            u"invoice_lines WHERE invoice_id IN (?, ?) ORDER BY invoice_id, position"_s,
            {withLines, without}));
        QStringList rows;
        while (q.next()) {
            QStringList row;
            for (int i = 0; i < 12; ++i)
                row << q.value(i).toString();
            rows << row.join(u'|');
        }
        const QString id = QString::number(withLines);
        QCOMPARE(rows, QStringList({id + u"|1|services|total|2500|12345679|3|2|100000|20000|120000|"_s,
                                    id + u"|2|services|total|5000|12345680|3|2|1000|200|1200|"_s + awkward}));
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM invoice_lines WHERE invoice_id = %1"_s.arg(without)), 0);
        // The table is gone: a line can only be written with its invoice.
        QSqlQuery insert(c);
        QVERIFY(!insert.exec(u"INSERT INTO invoice_lines (invoice_id, position, kind, zone, quantity_milli, "
                             u"tariff_hundred_thousandths, net_kopecks, vat_kopecks, gross_kopecks) VALUES "
                             u"(%1, 3, 'service', 'total', 1, 1, 1, 0, 1)"_s.arg(withLines)));
    }

    // Migration 15: a tax invoice is read from its invoice, with its invoice's id; the document that
    // referred to the old id refers to the new one, keeps its signature and its id's high-water mark;
    // a planned advance has none; the foreign keys hold (and are on again on SQLite).
    void taxInvoicesAreReadFromTheirInvoice()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        const QList<qint64> ids = ledgerOfMigration14(*db);
        if (QTest::currentTestFailed())
            return;
        const qint64 first = ids[0], correction = ids[1], advance = ids[2], services = ids[3];
        auto migrated = Migrator(*db).migrate();
        QVERIFY2(migrated.ok(), qPrintable(migrated.error().detail()));
        QVERIFY(migrated.value() >= 15);
        QSqlDatabase c = db->connection();
        QSqlQuery q(c);
        QVERIFY(q.exec(u"SELECT id, invoice_id, number, date, net_kopecks, vat_kopecks, gross_kopecks, "
                       u"corrects_tax_invoice_id FROM tax_invoices ORDER BY id"_s));
        QStringList rows;
        while (q.next()) {
            QStringList row;
            for (int i = 0; i < 8; ++i)
                row << (q.isNull(i) ? QString() : q.value(i).toString());
            rows << row.join(u'|');
        }
        const QString a = QString::number(first), b = QString::number(correction),
                      s = QString::number(services);
        QCOMPARE(rows, QStringList({a + u'|' + a + u"|PN-ZH1-2026-1|2026-11-01|100000|20000|120000|"_s,
                                    b + u'|' + b + u"|PN-ZH1-2026-2|2026-11-02|-5000|-1000|-6000|"_s + a,
                                    s + u'|' + s + u"|PN-ZH1-2026-4|2026-11-04|2500|500|3000|"_s}));
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM tax_invoices WHERE invoice_id = %1"_s.arg(advance)), 0);
        QCOMPARE(scalar(c, u"SELECT tax_invoice_id FROM documents WHERE id = 77"_s), correction);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM document_signatures WHERE document_id = 77"_s), 1);
        if (db->dialect().kind() == SqlDialect::Kind::Sqlite)
            QCOMPARE(scalar(c, u"PRAGMA foreign_keys"_s), 1);
        const auto document = [&](const QVariant &taxInvoice, const QString &number) {
            return test::insertRow(c, u"documents"_s,
                                   {{"account_id", scalar(c, u"SELECT MIN(id) FROM accounts"_s)},
                                    {"kind", u"tax_invoice"_s},
                                    {"tax_invoice_id", taxInvoice},
                                    {"period", 202610},
                                    {"number", number},
                                    {"language", u"uk"_s},
                                    {"created_at", 2},
                                    {"sha256", u"00"_s},
                                    {"size", 3},
                                    {"pages", 1},
                                    {"content", QByteArray("pdf")}});
        };
        const qint64 next = document(first, u"PN-ZH1-2026-1"_s);
        QVERIFY(next > 0);
        if (db->dialect().kind() == SqlDialect::Kind::Sqlite)
            QCOMPARE(next, 91); // the AUTOINCREMENT high-water mark (90) survived the rebuild
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"insert into .* failed: .*foreign key"_s,
                                                              QRegularExpression::CaseInsensitiveOption));
        QCOMPARE(document(987654321, u"PN-X"_s), -1);
        // A tax invoice cannot be written apart from its invoice any more.
        QSqlQuery insert(c);
        QVERIFY(!insert.exec(u"INSERT INTO tax_invoices (invoice_id, number, date, net_kopecks, vat_kopecks, "
                             u"gross_kopecks) VALUES (%1, 'PN-9', '2026-11-05', 10, 2, 12)"_s.arg(first)));
    }

    // A stored tax invoice that differs from its invoice would be lost by the view: the migration stops
    // and leaves everything as it was.
    void taxInvoiceThatDiffersStopsTheMigration()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        ledgerOfMigration14(*db, 120080);
        if (QTest::currentTestFailed())
            return;
        auto migrated = Migrator(*db).migrate();
        QVERIFY(!migrated.ok());
        QCOMPARE(migrated.error().code(), u"db.migration_failed"_s);
        QVERIFY2(migrated.error().detail().contains(u"tax_invoices_that_differ_from_their_invoice"_s),
                 qPrintable(migrated.error().detail()));
        QCOMPARE(Migrator(*db).currentVersion().value(), 14);
        QSqlDatabase c = db->connection();
        QCOMPARE(scalar(c, u"SELECT gross_kopecks FROM tax_invoices WHERE id = 501"_s), 120080);
        QCOMPARE(scalar(c, u"SELECT tax_invoice_id FROM documents WHERE id = 77"_s), 502);
        if (db->dialect().kind() == SqlDialect::Kind::Sqlite)
            QCOMPARE(scalar(c, u"PRAGMA foreign_keys"_s), 1);
    }

    void migratesEmptyDatabaseOnceAndRecordsIt()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        Migrator m(*db);

        const auto available = Migrator::available();
        QVERIFY(available.size() >= 2);
        QCOMPARE(available.at(0).version, 1);
        QCOMPARE(available.at(0).name, u"foundation"_s);
        QCOMPARE(available.at(1).version, 2);
        QCOMPARE(available.at(1).name, u"consumer_search"_s);
        QCOMPARE(m.latestVersion(), available.last().version);

        QCOMPARE(m.currentVersion().value(), 0);
        QCOMPARE(m.hasData().value(), false);
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto first = m.migrate();
        QVERIFY2(first.ok(), qPrintable(first.error().detail()));
        QCOMPARE(first.value(), m.latestVersion());
        QCOMPARE(m.currentVersion().value(), m.latestVersion());

        QSqlQuery q(db->connection());
        QVERIFY(q.exec(u"SELECT version, name, applied_at FROM schema_migrations ORDER BY version"_s));
        int rows = 0;
        while (q.next()) {
            QCOMPARE(q.value(0).toInt(), available.at(rows).version);
            QCOMPARE(q.value(1).toString(), available.at(rows).name);
            QVERIFY(q.value(2).toLongLong() >= before);
            ++rows;
        }
        QCOMPARE(rows, available.size());

        // Every table of the foundation exists and is usable, including the column of migration 2.
        const QStringList tables = db->connection().tables();
        for (const QString &t :
             {u"suppliers"_s, u"districts"_s, u"consumers"_s, u"contracts"_s, u"accounts"_s, u"objects"_s,
              u"metering_points"_s, u"meters"_s, u"registers"_s, u"readings"_s, u"users"_s,
              u"user_accounts"_s, u"sessions"_s, u"login_failures"_s})
            QVERIFY2(tables.contains(t), qPrintable(t));
        QCOMPARE(scalar(db->connection(), u"SELECT COUNT(name_folded) FROM consumers"_s), 0);

        // A second run applies nothing and records nothing.
        auto second = m.migrate();
        QVERIFY(second.ok());
        QCOMPARE(second.value(), first.value());
        QCOMPARE(scalar(db->connection(), u"SELECT COUNT(*) FROM schema_migrations"_s),
                 qint64(available.size()));

        // A fresh connection (another process, in effect) sees the same version.
        db.reset();
        OBLIK_OPEN_DATABASE(again, url);
        QCOMPARE(Migrator(*again).currentVersion().value(), m.latestVersion());
        QCOMPARE(Migrator(*again).migrate().value(), m.latestVersion());
    }

    void identitiesWorkAfterMigration()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        QSqlDatabase c = db->connection();
        QSqlQuery q(c);
        QVERIFY2(
            q.exec(
                u"INSERT INTO suppliers (name, edrpou, iban, address) VALUES ('A', '1', 'UA', 'x') RETURNING id"_s),
            qPrintable(q.lastError().text()));
        QVERIFY(q.next());
        const qint64 first = q.value(0).toLongLong();
        QVERIFY(first >= 1);
        // Explicit ids, as the demo writes them, then resetIdentity: the next automatic id follows.
        QVERIFY(q.exec(
            u"INSERT INTO suppliers (id, name, edrpou, iban, address) VALUES (500, 'B', '2', 'UA', 'y')"_s));
        QVERIFY(db->dialect().resetIdentity(c, u"suppliers"_s));
        QVERIFY(q.exec(
            u"INSERT INTO suppliers (name, edrpou, iban, address) VALUES ('C', '3', 'UA', 'z') RETURNING id"_s));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toLongLong(), 501);
        QVERIFY(!db->dialect().resetIdentity(c, u"suppliers; DROP TABLE users"_s));
        QCOMPARE(Migrator(*db).hasData().value(), true);
    }

    void foreignKeysAreEnforced()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        QSqlQuery q(db->connection());
        QVERIFY(!q.exec(
            u"INSERT INTO districts (supplier_id, code, name, address) VALUES (999, 'c', 'n', 'a')"_s));
    }

    void transactionRollsBackUnlessCommitted()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        QSqlDatabase c = db->connection();
        const QString insert =
            u"INSERT INTO login_failures (login, failures, first_failure_at) VALUES ('%1', 1, 0)"_s;
        {
            Transaction tx(c);
            QVERIFY(tx.isActive());
            QSqlQuery q(c);
            QVERIFY(q.exec(insert.arg(u"dropped"_s)));
            QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM login_failures"_s), 1); // visible inside
        }
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM login_failures"_s), 0);
        {
            Transaction tx(c);
            QSqlQuery q(c);
            QVERIFY(q.exec(insert.arg(u"kept"_s)));
            QVERIFY(tx.commit());
            QVERIFY(!tx.isActive());
            QVERIFY(!tx.commit()); // once only
        }
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM login_failures"_s), 1);

        // A failing migration leaves nothing behind: everything of it ran in one transaction.
        {
            Transaction tx(c);
            QSqlQuery q(c);
            QVERIFY(q.exec(u"CREATE TABLE half_done (x INTEGER)"_s));
        }
        QVERIFY(!c.tables().contains(u"half_done"_s));
    }

    void eachThreadHasItsOwnConnection()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        const QString mine = db->connection().connectionName();
        QCOMPARE(db->connection().connectionName(), mine); // reused within a thread

        QString theirs;
        qint64 count = -1;
        QThread *worker = QThread::create([&] {
            QSqlDatabase c = db->connection();
            theirs = c.connectionName();
            QSqlQuery q(c);
            q.exec(u"INSERT INTO login_failures (login, failures, first_failure_at) VALUES ('w', 1, 0)"_s);
            count = scalar(c, u"SELECT COUNT(*) FROM login_failures"_s);
        });
        worker->start();
        QVERIFY(worker->wait(30000));
        delete worker;
        QVERIFY(!theirs.isEmpty());
        QVERIFY(theirs != mine);
        QCOMPARE(count, 1);
        // The worker's connection went with its thread.
        QVERIFY(!QSqlDatabase::contains(theirs));
        QCOMPARE(scalar(db->connection(), u"SELECT COUNT(*) FROM login_failures"_s), 1);

        // Two databases never share a connection, and a closed database leaves none behind.
        OBLIK_OPEN_DATABASE(other, url);
        QVERIFY(other->connection().connectionName() != mine);
        const QString otherName = other->connection().connectionName();
        other.reset();
        QVERIFY(!QSqlDatabase::contains(otherName));
    }
};

QTEST_GUILESS_MAIN(TestMigrator)
#include "tst_migrator.moc"
