// The references of calculations and invoices (migration 10, docs/billing.md "Reference checks per
// statement"; an invoice's lines are stored with it since migration 14, and its tax invoice is read from
// it since migration 15): on PostgreSQL they are
// checked once per statement by triggers instead of declared foreign keys, on SQLite by the declared keys.
// Both drivers must refuse the same things: a row that refers to a missing row (inserted one by one, in a
// multi-row statement, through LedgerWriter's COPY, or updated to point nowhere), deleting or renumbering a
// row that is referred to. On PostgreSQL a delete of a parent also waits for a transaction that is still
// inserting a row referring to it, and then fails.

#include "storefixture.h"
#include "storetest.h"

#include "billing/ledger.h"
#include "store/ledgerwriter.h"
#include "store/migrator.h"
#include "store/sqlsupport.h"

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::store;
using test::insertRow;

namespace {

constexpr qint64 kMissing = 987654321;

// The statement's error when it failed (empty when it succeeded).
QString execError(QSqlDatabase c, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery q(c);
    if (values.isEmpty() ? q.exec(sql) : execPrepared(q, sql, values))
        return {};
    const QString text = q.lastError().text();
    return text.isEmpty() ? u"failed without a message"_s : text;
}

bool isForeignKeyError(const QString &error)
{
    return error.contains(u"foreign key"_s, Qt::CaseInsensitive);
}

qint64 scalar(QSqlDatabase c, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery q(c);
    if (!execPrepared(q, sql, values) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

} // namespace

class TestReferenceChecks : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_url;
    std::unique_ptr<Database> m_db;
    qint64 m_district = 0, m_emptyDistrict = 0, m_account = 0, m_otherAccount = 0, m_calculation = 0,
           m_invoice = 0, m_correction = 0;

    bool postgres() const { return m_db->dialect().kind() == SqlDialect::Kind::Postgres; }

    qint64 newCalculation(QSqlDatabase c, const QVariant &account, int seq)
    {
        return insertRow(c, u"calculations"_s,
                         {{"account_id", account},
                          {"period", 202610},
                          {"seq", seq},
                          {"requester", u"clerk"_s},
                          {"vat_rate_bp", 2000},
                          {"vat_mode", u"extracted"_s},
                          {"created_at", 1}});
    }

    qint64 newInvoice(QSqlDatabase c, const QString &number, const QVariant &account,
                      const QVariant &calculation, const QVariant &district, const QVariant &corrects)
    {
        return insertRow(c, u"invoices"_s,
                         {{"account_id", account},
                          {"calculation_id", calculation},
                          {"district_id", district},
                          {"number", number},
                          {"type", u"active_energy"_s},
                          {"article", u"active_energy"_s},
                          {"period", 202610},
                          {"date", u"2026-11-05"_s},
                          {"due_date", u"2026-11-15"_s},
                          {"net_kopecks", 1000},
                          {"vat_kopecks", 200},
                          {"gross_kopecks", 1200},
                          {"corrects_invoice_id", corrects},
                          {"created_at", 1}});
    }

private Q_SLOTS:
    void initTestCase_data() { test::addDriverRows(); }

    void init()
    {
        OBLIK_FRESH_DATABASE(url, m_dir);
        m_url = url;
        OBLIK_OPEN_DATABASE(db, url);
        m_db = std::move(db);
        QVERIFY(Migrator(*m_db).migrate().ok());
        QSqlDatabase c = m_db->connection();
        const qint64 s =
            insertRow(c, u"suppliers"_s,
                      {{"name", u"S"_s}, {"edrpou", u"1"_s}, {"iban", u"UA1"_s}, {"address", u"A"_s}});
        m_district =
            insertRow(c, u"districts"_s,
                      {{"supplier_id", s}, {"code", u"ZH1"_s}, {"name", u"D1"_s}, {"address", u"a"_s}});
        // A district without consumers: only the correction invoice refers to it, so nothing but the
        // reference check keeps it.
        m_emptyDistrict =
            insertRow(c, u"districts"_s,
                      {{"supplier_id", s}, {"code", u"ZH2"_s}, {"name", u"D2"_s}, {"address", u"b"_s}});
        m_account = test::insertHouseholdAccount(c, m_district, 1);
        m_otherAccount = test::insertHouseholdAccount(c, m_district, 2);
        m_calculation = newCalculation(c, m_account, 1);
        m_invoice = newInvoice(c, u"M-1"_s, m_account, m_calculation, m_district, test::null());
        m_correction = newInvoice(c, u"M-2"_s, m_account, m_calculation, m_emptyDistrict, m_invoice);
        for (qint64 id :
             {m_district, m_emptyDistrict, m_account, m_otherAccount, m_calculation, m_invoice, m_correction})
            QVERIFY(id > 0);
    }

    // A row that refers to a missing row is refused when it is inserted; the same row with the
    // reference set (or NULL where the column allows it) is accepted.
    void insertReferringToMissingRow_data()
    {
        QTest::addColumn<QString>("column");
        QTest::newRow("calculations.account_id") << u"calculations.account_id"_s;
        QTest::newRow("invoices.account_id") << u"invoices.account_id"_s;
        QTest::newRow("invoices.calculation_id") << u"invoices.calculation_id"_s;
        QTest::newRow("invoices.district_id") << u"invoices.district_id"_s;
        QTest::newRow("invoices.corrects_invoice_id") << u"invoices.corrects_invoice_id"_s;
    }
    void insertReferringToMissingRow()
    {
        QFETCH(QString, column);
        QSqlDatabase c = m_db->connection();
        const auto pick = [&](const QString &name, QVariant good) {
            return column.endsWith(u'.' + name) ? QVariant(kMissing) : good;
        };
        const QString table = column.section(u'.', 0, 0);
        const auto insertOne = [&](bool broken, int n) -> qint64 {
            const auto value = [&](const QString &name, QVariant good) {
                return broken ? pick(name, good) : good;
            };
            if (table == u"calculations"_s)
                return newCalculation(c, value(u"account_id"_s, m_account), 10 + n);
            return newInvoice(c, u"M-%1"_s.arg(100 + n), value(u"account_id"_s, m_account),
                              value(u"calculation_id"_s, m_calculation), value(u"district_id"_s, m_district),
                              value(u"corrects_invoice_id"_s, m_invoice));
        };
        const qint64 before = scalar(c, u"SELECT COUNT(*) FROM "_s + table);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"insert into .* failed: .*foreign key"_s,
                                                              QRegularExpression::CaseInsensitiveOption));
        QCOMPARE(insertOne(true, 1), -1);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM "_s + table), before);
        QVERIFY(insertOne(false, 2) > 0);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM "_s + table), before + 1);
    }

    // In one multi-row statement a single bad row fails the whole statement, wherever it is.
    void multiRowStatementWithOneBadRow()
    {
        QSqlDatabase c = m_db->connection();
        QString sql =
            u"INSERT INTO invoices (account_id, calculation_id, district_id, number, type, article, "
            u"period, date, due_date, net_kopecks, vat_kopecks, gross_kopecks, corrects_invoice_id, "
            u"created_at) VALUES "_s;
        for (const char *number : {"M-A", "M-B", "M-C"})
            sql += u"(%1, %2, %3, '%4', 'correction', 'active_energy', 202610, '2026-11-20', '2026-11-30', "
                   u"10, 2, 12, ?, 1)%5"_s.arg(m_account)
                       .arg(m_calculation)
                       .arg(m_district)
                       .arg(QString::fromLatin1(number), number[2] == 'C' ? QString() : u", "_s);
        const QString error = execError(c, sql, {m_invoice, m_correction, kMissing});
        QVERIFY2(isForeignKeyError(error), qPrintable(error));
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM invoices"_s), 2);
        QCOMPARE(execError(c, sql, {m_invoice, m_correction, m_invoice}), QString());
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM invoices"_s), 5);
    }

    // The bulk path: LedgerWriter (COPY on PostgreSQL) with a calculation of a missing account fails,
    // and its transaction leaves nothing behind.
    void ledgerWriterRefusesMissingAccount()
    {
        billing::InvoiceLine line;
        line.kind = billing::LineKind::ActiveEnergy;
        line.zone = domain::Zone::Total;
        line.quantity = Energy::fromMilli(1000);
        line.tariff = Tariff::fromHundredThousandths(100000);
        line.net = Money::fromKopecks(1000);
        line.vat = Money::fromKopecks(200);
        line.gross = Money::fromKopecks(1200);
        billing::InvoiceDraft d;
        d.lines = {line};
        d.net = line.net;
        d.vat = line.vat;
        d.gross = line.gross;
        const auto write = [&](qint64 missingAccount) {
            CalculationWrite good, bad;
            good.account = AccountId(m_otherAccount);
            good.district = DistrictId(m_district);
            good.period = Period(2026, 10);
            good.requester = billing::Requester::BillRun;
            good.invoices = {d};
            good.corrects = {0};
            good.date = QDate(2026, 11, 5);
            good.dueDate = good.date.addDays(10);
            bad = good;
            bad.account = AccountId(missingAccount);
            Transaction t(m_db->connection());
            LedgerWriter writer(*m_db);
            auto r = writer.write(
                missingAccount ? QList<CalculationWrite>{good, bad} : QList<CalculationWrite>{good}, 1);
            if (r)
                t.commit();
            return r;
        };
        const qint64 calculations = scalar(m_db->connection(), u"SELECT COUNT(*) FROM calculations"_s);
        auto refused = write(kMissing);
        QVERIFY(!refused.ok());
        QVERIFY2(isForeignKeyError(refused.error().detail()), qPrintable(refused.error().detail()));
        QCOMPARE(scalar(m_db->connection(), u"SELECT COUNT(*) FROM calculations"_s), calculations);
        auto accepted = write(0);
        QVERIFY2(accepted.ok(), qPrintable(accepted.error().detail()));
        QCOMPARE(scalar(m_db->connection(), u"SELECT COUNT(*) FROM calculations"_s), calculations + 1);
    }

    // Pointing an existing row at a missing row is refused too.
    void updateToMissingRow_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("column");
        QTest::newRow("calculations.account_id") << u"calculations"_s << u"account_id"_s;
        QTest::newRow("invoices.calculation_id") << u"invoices"_s << u"calculation_id"_s;
        QTest::newRow("invoices.corrects_invoice_id") << u"invoices"_s << u"corrects_invoice_id"_s;
    }
    void updateToMissingRow()
    {
        QFETCH(QString, table);
        QFETCH(QString, column);
        QSqlDatabase c = m_db->connection();
        const QString error = execError(c, u"UPDATE %1 SET %2 = ?"_s.arg(table, column), {kMissing});
        QVERIFY2(isForeignKeyError(error), qPrintable(error));
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM %1 WHERE %2 = ?"_s.arg(table, column), {kMissing}), 0);
    }

    // A row that is referred to cannot be deleted, nor its id changed; a row nobody refers to can be
    // deleted.
    void deleteReferredRow_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("which");
        QTest::newRow("accounts") << u"accounts"_s << u"account"_s;
        QTest::newRow("calculations") << u"calculations"_s << u"calculation"_s;
        QTest::newRow("districts") << u"districts"_s << u"district"_s;
        QTest::newRow("invoices") << u"invoices"_s << u"invoice"_s;
    }
    void deleteReferredRow()
    {
        QFETCH(QString, table);
        QFETCH(QString, which);
        const qint64 id = which == u"account"_s       ? m_account
                          : which == u"calculation"_s ? m_calculation
                          : which == u"district"_s    ? m_emptyDistrict
                                                      : m_invoice;
        QSqlDatabase c = m_db->connection();
        QString error = execError(c, u"DELETE FROM %1 WHERE id = ?"_s.arg(table), {id});
        QVERIFY2(isForeignKeyError(error), qPrintable(error));
        error = execError(c, u"UPDATE %1 SET id = ? WHERE id = ?"_s.arg(table), {kMissing, id});
        QVERIFY2(isForeignKeyError(error), qPrintable(error));
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM %1 WHERE id = ?"_s.arg(table), {id}), 1);
    }
    void deleteUnreferredRow()
    {
        QSqlDatabase c = m_db->connection();
        // The correction is referred to by nothing (its tax invoice is read from it): it goes.
        QCOMPARE(execError(c, u"DELETE FROM invoices WHERE id = ?"_s, {m_correction}), QString());
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM invoices"_s), 1);
        // An account without calculations or invoices can go (its contract and consumer stay).
        QCOMPARE(execError(c, u"DELETE FROM accounts WHERE id = ?"_s, {m_otherAccount}), QString());
    }

    // PostgreSQL: a delete of a parent waits for a transaction that inserts a row referring to it,
    // and fails once that transaction has committed (no orphan can come out of the race).
    void deleteWaitsForInsertingTransaction()
    {
        if (!postgres())
            QSKIP("SQLite has one writer at a time");
        auto second = Database::open(m_url);
        QVERIFY2(second.ok(), qPrintable(second.error().detail()));
        QSqlDatabase inserter = m_db->connection();
        QSqlDatabase deleter = second.value()->connection();
        QVERIFY(deleter.transaction());
        QCOMPARE(execError(deleter, u"SET LOCAL lock_timeout = '300ms'"_s), QString());
        // Nothing refers to the correction yet: deleting it alone would succeed.
        QVERIFY(inserter.transaction());
        QVERIFY(newInvoice(inserter, u"M-3"_s, m_account, m_calculation, m_district, m_correction) > 0);
        const QString blocked = execError(deleter, u"DELETE FROM invoices WHERE id = ?"_s, {m_correction});
        QVERIFY2(blocked.contains(u"lock"_s, Qt::CaseInsensitive), qPrintable(blocked));
        QVERIFY(deleter.rollback());
        QVERIFY(inserter.commit());
        const QString refused = execError(deleter, u"DELETE FROM invoices WHERE id = ?"_s, {m_correction});
        QVERIFY2(isForeignKeyError(refused), qPrintable(refused));
        QCOMPARE(scalar(inserter, u"SELECT COUNT(*) FROM invoices"_s), 3);
    }

    // What a declared key accepts is accepted: an invoice and its correction in one statement, both
    // deleted in one statement, a change of a column that is no reference, a reference set to NULL.
    void acceptsWhatDeclaredKeysAccept()
    {
        QSqlDatabase c = m_db->connection();
        const QString insert =
            u"INSERT INTO invoices (id, account_id, calculation_id, district_id, number, type, article, "
            u"period, "
            u"date, due_date, net_kopecks, vat_kopecks, gross_kopecks, corrects_invoice_id, created_at) "
            u"VALUES "
            u"(?, ?, ?, ?, 'M-900', 'active_energy', 'active_energy', 202610, '2026-11-05', '2026-11-15', "
            u"1000, 200, 1200, NULL, 1), "
            u"(?, ?, ?, ?, 'M-901', 'correction', 'active_energy', 202610, '2026-11-20', '2026-11-30', "
            u"-100, -20, -120, ?, 1)"_s;
        QCOMPARE(execError(c, insert,
                           {900000, m_account, m_calculation, m_district, 900001, m_account, m_calculation,
                            m_district, 900000}),
                 QString());
        QCOMPARE(execError(c, u"UPDATE invoices SET signature_status = 'supplier_signed' WHERE id = ?"_s,
                           {m_invoice}),
                 QString());
        QCOMPARE(
            execError(c, u"UPDATE invoices SET corrects_invoice_id = NULL WHERE id = ?"_s, {m_correction}),
            QString());
        QCOMPARE(execError(c, u"DELETE FROM invoices WHERE id IN (?, ?)"_s, {900000, 900001}), QString());
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM invoices"_s), 2);
    }

    // PostgreSQL: an insert that refers to a row a running transaction is deleting waits for it, and
    // fails once the delete has committed.
    void insertWaitsForDeletingTransaction()
    {
        if (!postgres())
            QSKIP("SQLite has one writer at a time");
        auto second = Database::open(m_url);
        QVERIFY2(second.ok(), qPrintable(second.error().detail()));
        QSqlDatabase deleter = m_db->connection();
        QSqlDatabase inserter = second.value()->connection();
        QVERIFY(deleter.transaction());
        QCOMPARE(execError(deleter, u"DELETE FROM invoices WHERE id = ?"_s, {m_correction}), QString());
        QCOMPARE(execError(inserter, u"SET lock_timeout = '300ms'"_s), QString());
        // Not prepared: the lock is already needed to prepare the statement.
        const QString insert =
            u"INSERT INTO invoices (account_id, calculation_id, district_id, number, type, article, period, "
            u"date, due_date, net_kopecks, vat_kopecks, gross_kopecks, corrects_invoice_id, created_at) "
            u"VALUES (%1, %2, %3, 'M-3', 'correction', 'active_energy', 202610, '2026-11-20', '2026-11-30', "
            u"10, 2, 12, %4, 1)"_s.arg(m_account)
                .arg(m_calculation)
                .arg(m_district)
                .arg(m_correction);
        const QString waited = execError(inserter, insert);
        QVERIFY2(waited.contains(u"lock"_s, Qt::CaseInsensitive), qPrintable(waited));
        QVERIFY(deleter.commit());
        const QString refused = execError(inserter, insert);
        QVERIFY2(isForeignKeyError(refused), qPrintable(refused));
        QCOMPARE(execError(inserter, u"SET lock_timeout = 0"_s), QString());
    }

    // PostgreSQL, REPEATABLE READ: an insert whose snapshot still sees a parent that a concurrent
    // transaction has deleted fails with a serialization failure (the checks lock the parents there),
    // and a delete of a parent is refused outside READ COMMITTED.
    void repeatableReadIsSafe()
    {
        if (!postgres())
            QSKIP("SQLite has one writer at a time");
        auto second = Database::open(m_url);
        QVERIFY2(second.ok(), qPrintable(second.error().detail()));
        QSqlDatabase early = m_db->connection();
        QSqlDatabase deleter = second.value()->connection();
        QVERIFY(early.transaction());
        QCOMPARE(execError(early, u"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"_s), QString());
        QCOMPARE(scalar(early, u"SELECT COUNT(*) FROM accounts WHERE id = ?"_s, {m_otherAccount}),
                 1); // snapshot
        QCOMPARE(execError(deleter, u"DELETE FROM accounts WHERE id = ?"_s, {m_otherAccount}), QString());
        const QString error = execError(early,
                                        u"INSERT INTO calculations (account_id, period, seq, requester, "
                                        u"vat_rate_bp, vat_mode, created_at) "
                                        u"VALUES (?, 202610, 7, 'clerk', 2000, 'extracted', 1)"_s,
                                        {m_otherAccount});
        QVERIFY2(error.contains(u"serializ"_s, Qt::CaseInsensitive) || isForeignKeyError(error),
                 qPrintable(error));
        QVERIFY(early.rollback());
        QCOMPARE(
            scalar(deleter, u"SELECT COUNT(*) FROM calculations WHERE account_id = ?"_s, {m_otherAccount}),
            0);

        QVERIFY(deleter.transaction());
        QCOMPARE(execError(deleter, u"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"_s), QString());
        const QString refused = execError(deleter, u"DELETE FROM invoices WHERE id = ?"_s, {m_correction});
        QVERIFY2(refused.contains(u"READ COMMITTED"_s), qPrintable(refused));
        QVERIFY(deleter.rollback());
    }

    // PostgreSQL: TRUNCATE of a parent is refused while a referring table has rows (as a declared key
    // refuses it), and allowed when the referring tables are truncated in the same command.
    void truncate()
    {
        if (!postgres())
            QSKIP("SQLite has no TRUNCATE");
        QSqlDatabase c = m_db->connection();
        const QString refused = execError(c, u"TRUNCATE calculations"_s);
        QVERIFY2(isForeignKeyError(refused) || refused.contains(u"cannot truncate"_s), qPrintable(refused));
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM calculations"_s), 1);
        QCOMPARE(execError(c, u"TRUNCATE calculations, invoices CASCADE"_s), QString());
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM calculations"_s), 0);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM tax_invoices"_s), 0);
    }

    // PostgreSQL: the error keeps the declared key's SQLSTATE and names the constraint and the key.
    void postgresErrorLooksLikeADeclaredKey()
    {
        if (!postgres())
            QSKIP("SQLite keeps its declared keys");
        QSqlQuery q(m_db->connection());
        QVERIFY(!execPrepared(q, u"UPDATE invoices SET calculation_id = ?"_s, {kMissing}));
        QCOMPARE(q.lastError().nativeErrorCode(), u"23503"_s);
        QVERIFY2(q.lastError().text().contains(u"invoices_calculation_id_fkey"_s),
                 qPrintable(q.lastError().text()));
        QVERIFY2(q.lastError().text().contains(QString::number(kMissing)) ||
                     q.lastError().databaseText().contains(u"invoices"_s),
                 qPrintable(q.lastError().text()));
        // The declared keys the migration replaced are gone; calculations.requested_by (NULL in a bill
        // run, so never checked there) and the postings' keys stay declared.
        QSqlQuery keys(m_db->connection());
        QVERIFY(keys.exec(u"SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid IN "
                          u"('calculations'::regclass, 'invoices'::regclass)"_s));
        QStringList declared;
        while (keys.next())
            declared << keys.value(0).toString();
        QCOMPARE(declared, QStringList{u"calculations_requested_by_fkey"_s});
        QCOMPARE(
            scalar(
                m_db->connection(),
                u"SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = 'postings'::regclass"_s),
            3);
    }

    // PostgreSQL: a statement's check probes the parent's primary key once per new row even when the
    // statistics say the parent is empty (migration 11). Such statistics are what a VACUUM leaves after
    // a rolled-back bill run; they are written into pg_class directly here (the test cluster's user is a
    // superuser) because a VACUUM decides by itself whether it truncates the pages. Planned from them,
    // the check used to rescan the whole parent for every new row (40,000 invoice lines against 40,000
    // invoices: 47 s; 60,000: over 100 s; the lines are stored with their invoice since migration 14 and
    // tax invoices are read from it since migration 15, so corrections are the referring rows here). Probing,
    // the statement takes about a second; the 30-second timeout turns the old behaviour into a failure
    // instead of a hang.
    void checksIgnoreMisleadingStatistics()
    {
        if (!postgres())
            QSKIP("SQLite keeps its declared keys");
        QSqlDatabase c = m_db->connection();
        constexpr int n = 60000;
        QCOMPARE(execError(
                     c,
                     u"INSERT INTO invoices (account_id, calculation_id, district_id, number, type, article, "
                     u"period, date, due_date, net_kopecks, vat_kopecks, gross_kopecks, created_at) "
                     u"SELECT ?, ?, ?, 'S-' || g, 'active_energy', 'active_energy', 202610, '2026-11-05', "
                     u"'2026-11-15', 1000, 200, 1200, 1 FROM generate_series(1, ?) g"_s,
                     {m_account, m_calculation, m_district, n}),
                 QString());
        QCOMPARE(execError(c, u"UPDATE pg_class SET reltuples = 0, relpages = pg_relation_size(oid) / 8192 "
                              u"WHERE oid = 'invoices'::regclass"_s),
                 QString());
        // Also a relcache invalidation, so that this session plans with the statistics just written.
        QCOMPARE(execError(c, u"ALTER TABLE invoices SET (autovacuum_enabled = false)"_s), QString());
        QCOMPARE(execError(c, u"SET statement_timeout = '30s'"_s), QString());
        const QString corrections =
            u"INSERT INTO invoices (account_id, calculation_id, district_id, number, type, article, period, "
            u"date, due_date, net_kopecks, vat_kopecks, gross_kopecks, corrects_invoice_id, created_at) "
            u"SELECT ?, ?, ?, 'C-' || number, 'correction', 'active_energy', 202610, '2026-11-20', "
            u"'2026-11-30', 10, 2, 12, id, 1 FROM invoices WHERE number LIKE 'S-%'"_s;
        const QString error = execError(c, corrections, {m_account, m_calculation, m_district});
        QCOMPARE(execError(c, u"RESET statement_timeout"_s), QString());
        QCOMPARE(error, QString());
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM invoices WHERE corrects_invoice_id IS NOT NULL"_s), n + 1);
        // A correction of a missing invoice is still refused under the same statistics.
        QVERIFY(isForeignKeyError(execError(
            c,
            u"INSERT INTO invoices (account_id, calculation_id, district_id, number, type, article, period, "
            u"date, due_date, net_kopecks, vat_kopecks, gross_kopecks, corrects_invoice_id, created_at) "
            u"VALUES (?, ?, ?, 'C-Z', 'correction', 'active_energy', 202610, '2026-11-20', '2026-11-30', "
            u"10, 2, 12, ?, 1)"_s,
            {m_account, m_calculation, m_district, kMissing})));
        // Every insert check carries the settings, not only the one exercised above.
        QCOMPARE(scalar(c,
                        u"SELECT COUNT(*) FROM pg_proc WHERE proname LIKE 'oblik\\_%\\_refs\\_exist' AND "
                        u"'enable_hashjoin=off' = ANY(proconfig) AND 'enable_seqscan=off' = ANY(proconfig) "
                        u"AND 'enable_material=off' = ANY(proconfig)"_s),
                 2);
    }

    void cleanup() { m_db.reset(); }
};

QTEST_GUILESS_MAIN(TestReferenceChecks)
#include "tst_referencechecks.moc"
