// LedgerWriter (docs/billing.md, "Bill run"): the bulk write of calculation results, once per driver
// (COPY on PostgreSQL, multi-row INSERTs on SQLite). Every expectation is checked against the rows
// read back with plain SELECTs: invoice numbers, ids and references, net + VAT == gross, postings
// equal to the invoices' gross with the right kind and side, and transactions.

#include "storefixture.h"
#include "storetest.h"

#include "billing/ledger.h"
#include "store/ledgerrepository.h"
#include "store/ledgerwriter.h"
#include "store/migrator.h"
#include "store/sqlsupport.h"

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::store;
using test::insertRow;

namespace {

// A document of one active energy line of `gross` kopecks (VAT 20% extracted from gross).
billing::InvoiceDraft draft(qint64 gross, billing::InvoiceType type = billing::InvoiceType::ActiveEnergy,
                            billing::Article article = billing::Article::ActiveEnergy)
{
    const auto split = billing::splitVat(Money::fromKopecks(gross), billing::VatRule{}).value();
    billing::InvoiceLine line;
    line.kind = article == billing::Article::ReactiveEnergy ? billing::LineKind::ReactiveEnergy
                                                            : billing::LineKind::ActiveEnergy;
    line.zone = domain::Zone::Total;
    line.quantity = Energy::fromMilli(gross * 10);
    line.tariff = Tariff::fromHundredThousandths(10000);
    line.net = split.net;
    line.vat = split.vat;
    line.gross = split.gross;
    billing::InvoiceDraft d;
    d.type = type;
    d.article = article;
    d.lines = {line};
    d.net = split.net;
    d.vat = split.vat;
    d.gross = split.gross;
    return d;
}

qint64 scalar(QSqlDatabase c, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery q(c);
    if (!execPrepared(q, sql, values) || !q.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return -1;
    }
    return q.value(0).toLongLong();
}

QStringList rows(QSqlDatabase c, const QString &sql)
{
    QSqlQuery q(c);
    QStringList out;
    if (!q.exec(sql))
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    while (q.next())
        out << q.value(0).toString() + u'|' + q.value(1).toString() + u'|' + q.value(2).toString();
    return out;
}

QStringList strings(QSqlDatabase c, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery q(c);
    QStringList out;
    if (!execPrepared(q, sql, values))
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    while (q.next())
        out << q.value(0).toString();
    return out;
}

} // namespace

class TestLedgerWriter : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    qint64 d1 = 0, d2 = 0;
    QList<qint64> m_accounts; // a0..a3 in d1, a4 in d2
    // A district code with the characters COPY's text format must escape, and Cyrillic (UTF-8).
    const QString kOddCode = u"Д\\2\tx"_s;
    const QDate kDate{2026, 11, 5};
    const Period kPeriod{2026, 10};

    CalculationWrite calc(int accountIndex, QList<billing::InvoiceDraft> invoices,
                          QList<qint64> corrects = {}) const
    {
        CalculationWrite w;
        w.account = AccountId(m_accounts.at(accountIndex));
        w.district = DistrictId(accountIndex < 4 ? d1 : d2);
        w.period = kPeriod;
        w.requester = billing::Requester::BillRun;
        w.invoices = std::move(invoices);
        w.corrects = corrects.isEmpty() ? QList<qint64>(w.invoices.size(), 0) : corrects;
        w.date = kDate;
        w.dueDate = kDate.addDays(10);
        return w;
    }

    Result<QList<WrittenCalculation>> writeCommitted(const QList<CalculationWrite> &batch)
    {
        Transaction t(m_db->connection());
        if (!t.isActive())
            return Error::make(u"db.query_failed"_s);
        LedgerWriter writer(*m_db);
        auto r = writer.write(batch, 1'790'000'000'000);
        if (r && !t.commit())
            return Error::make(u"db.query_failed"_s, {}, {}, u"commit"_s);
        return r;
    }

    qint64 count(const QString &table)
    {
        return scalar(m_db->connection(), u"SELECT COUNT(*) FROM "_s + table);
    }

private Q_SLOTS:
    void initTestCase_data() { test::addDriverRows(); }

    void init()
    {
        OBLIK_FRESH_DATABASE(url, m_dir);
        OBLIK_OPEN_DATABASE(db, url);
        m_db = std::move(db);
        QVERIFY(Migrator(*m_db).migrate().ok());
        QSqlDatabase c = m_db->connection();
        const qint64 s =
            insertRow(c, u"suppliers"_s,
                      {{"name", u"S"_s}, {"edrpou", u"1"_s}, {"iban", u"UA1"_s}, {"address", u"A"_s}});
        d1 = insertRow(c, u"districts"_s,
                       {{"supplier_id", s}, {"code", u"ZH1"_s}, {"name", u"D1"_s}, {"address", u"a"_s}});
        d2 = insertRow(c, u"districts"_s,
                       {{"supplier_id", s}, {"code", kOddCode}, {"name", u"D2"_s}, {"address", u"b"_s}});
        m_accounts.clear();
        for (int i = 0; i < 5; ++i)
            m_accounts << test::insertHouseholdAccount(c, i < 4 ? d1 : d2, i + 1);
        QVERIFY(!m_accounts.contains(-1));
    }

    void numbersAreConsecutivePerDistrictAcrossBatches()
    {
        auto first = writeCommitted({calc(0, {draft(123888), draft(5000, billing::InvoiceType::ReactiveEnergy,
                                                                   billing::Article::ReactiveEnergy)}),
                                     calc(4, {draft(58419)}), calc(1, {draft(100)})});
        QVERIFY2(first.ok(), qPrintable(first.error().detail()));
        QCOMPARE(first.value().size(), 3);
        QCOMPARE(first.value().at(0).numbers, QStringList({u"ZH1-2026-1"_s, u"ZH1-2026-2"_s}));
        QCOMPARE(first.value().at(1).numbers, QStringList({kOddCode + u"-2026-1"_s}));
        QCOMPARE(first.value().at(2).numbers, QStringList({u"ZH1-2026-3"_s}));

        auto second = writeCommitted({calc(2, {draft(700)}), calc(4, {draft(800)}), calc(3, {draft(900)})});
        QVERIFY2(second.ok(), qPrintable(second.error().detail()));
        QCOMPARE(second.value().at(0).numbers, QStringList({u"ZH1-2026-4"_s}));
        QCOMPARE(second.value().at(1).numbers, QStringList({kOddCode + u"-2026-2"_s}));
        QCOMPARE(second.value().at(2).numbers, QStringList({u"ZH1-2026-5"_s}));

        QSqlDatabase c = m_db->connection();
        // As stored (the odd code went through COPY's escaping intact).
        QCOMPARE(strings(c, u"SELECT number FROM invoices WHERE district_id = ? ORDER BY id"_s, {d2}),
                 QStringList({kOddCode + u"-2026-1"_s, kOddCode + u"-2026-2"_s}));
        QCOMPARE(strings(c, u"SELECT number FROM invoices WHERE district_id = ? ORDER BY id"_s, {d1}),
                 QStringList(
                     {u"ZH1-2026-1"_s, u"ZH1-2026-2"_s, u"ZH1-2026-3"_s, u"ZH1-2026-4"_s, u"ZH1-2026-5"_s}));
        QCOMPARE(scalar(c, u"SELECT last_number FROM invoice_series WHERE district_id = ? AND year = 2026"_s,
                        {d1}),
                 5);
        // Tax invoices: "PN-" + the invoice's number.
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM tax_invoices t JOIN invoices i ON i.id = t.invoice_id "
                           u"WHERE t.number <> 'PN-' || i.number"_s),
                 0);
        QCOMPARE(count(u"tax_invoices"_s), 7); // one per invoice
        // Another year starts its own series.
        CalculationWrite next = calc(0, {draft(1000)});
        next.date = QDate(2027, 1, 5);
        auto third = writeCommitted({next});
        QVERIFY(third.ok());
        QCOMPARE(third.value().at(0).numbers, QStringList({u"ZH1-2027-1"_s}));
    }

    // Pure ASCII text with a backslash and a tab (the fast path of the COPY text) is escaped too.
    void asciiTextWithEscapes()
    {
        QSqlDatabase c = m_db->connection();
        const QString code = u"A\\b\tc"_s;
        const qint64 district = insertRow(c, u"districts"_s,
                                          {{"supplier_id", scalar(c, u"SELECT MIN(id) FROM suppliers"_s)},
                                           {"code", code},
                                           {"name", u"D3"_s},
                                           {"address", u"c"_s}});
        QVERIFY(district > 0);
        CalculationWrite w = calc(0, {draft(1000)});
        w.district = DistrictId(district);
        auto written = writeCommitted({w});
        QVERIFY2(written.ok(), qPrintable(written.error().detail()));
        QCOMPARE(strings(c, u"SELECT number FROM invoices WHERE district_id = ?"_s, {district}),
                 QStringList{code + u"-2026-1"_s});
        QCOMPARE(strings(c,
                         u"SELECT t.number FROM tax_invoices t JOIN invoices i ON i.id = t.invoice_id "
                         u"WHERE i.district_id = ?"_s,
                         {district}),
                 QStringList{u"PN-"_s + code + u"-2026-1"_s});
    }

    void idsAndReferences()
    {
        auto written =
            writeCommitted({calc(0, {draft(123888), draft(5000, billing::InvoiceType::ReactiveEnergy,
                                                          billing::Article::ReactiveEnergy)}),
                            calc(1, {}), calc(4, {draft(58419)})});
        QVERIFY2(written.ok(), qPrintable(written.error().detail()));
        const auto &w = written.value();
        QCOMPARE(w.at(1).calculationId, 0); // nothing to issue: nothing written
        QVERIFY(w.at(1).invoiceIds.isEmpty());
        QSqlDatabase c = m_db->connection();
        QCOMPARE(count(u"calculations"_s), 2);
        for (int i : {0, 2}) {
            QVERIFY(w.at(i).calculationId > 0);
            QCOMPARE(
                scalar(c, u"SELECT account_id FROM calculations WHERE id = ?"_s, {w.at(i).calculationId}),
                w.at(i).account.value());
            QCOMPARE(scalar(c, u"SELECT seq FROM calculations WHERE id = ?"_s, {w.at(i).calculationId}), 1);
            for (qsizetype k = 0; k < w.at(i).invoiceIds.size(); ++k) {
                const qint64 id = w.at(i).invoiceIds.at(k);
                QCOMPARE(scalar(c, u"SELECT calculation_id FROM invoices WHERE id = ?"_s, {id}),
                         w.at(i).calculationId);
                QCOMPARE(strings(c, u"SELECT number FROM invoices WHERE id = ?"_s, {id}),
                         QStringList{w.at(i).numbers.at(k)});
                QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM invoice_lines WHERE invoice_id = ?"_s, {id}), 1);
                QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM tax_invoices WHERE invoice_id = ?"_s, {id}), 1);
                QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM postings WHERE invoice_id = ?"_s, {id}), 1);
            }
        }
        QCOMPARE(w.at(0).postings, 2);
        QCOMPARE(scalar(c,
                        u"SELECT requester = 'bill_run' AND bill_run_id IS NULL AND requested_by IS NULL "
                        u"AND vat_rate_bp = 2000 AND vat_mode = 'extracted' FROM calculations WHERE id = ?"_s,
                        {w.at(0).calculationId}),
                 1);
        QCOMPARE(strings(c,
                         u"SELECT type || '/' || article || '/' || period || '/' || date || '/' || due_date "
                         u"FROM invoices WHERE id = ?"_s,
                         {w.at(0).invoiceIds.at(1)}),
                 QStringList{u"reactive_energy/reactive_energy/202610/2026-11-05/2026-11-15"_s});

        // A second calculation of the account-period gets seq 2.
        auto again = writeCommitted(
            {calc(0, {draft(100, billing::InvoiceType::Correction)}, {w.at(0).invoiceIds.at(0)})});
        QVERIFY(again.ok());
        QCOMPARE(
            scalar(c, u"SELECT seq FROM calculations WHERE id = ?"_s, {again.value().at(0).calculationId}),
            2);
    }

    void amountsAndPostings()
    {
        auto written =
            writeCommitted({calc(0, {draft(123888), draft(5001, billing::InvoiceType::ReactiveEnergy,
                                                          billing::Article::ReactiveEnergy)}),
                            calc(4, {draft(58419)}), calc(2, {draft(-1234)})});
        QVERIFY2(written.ok(), qPrintable(written.error().detail()));
        const qint64 original = written.value().at(0).invoiceIds.at(0);
        // A correction of the first invoice, down by 238.88.
        auto corrected =
            writeCommitted({calc(0, {draft(-23888, billing::InvoiceType::Correction)}, {original})});
        QVERIFY2(corrected.ok(), qPrintable(corrected.error().detail()));
        const qint64 correction = corrected.value().at(0).invoiceIds.at(0);

        QSqlDatabase c = m_db->connection();
        for (const QString &table : {u"invoices"_s, u"invoice_lines"_s, u"tax_invoices"_s})
            QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM "_s + table +
                                   u" WHERE net_kopecks + vat_kopecks <> gross_kopecks"_s),
                     0);
        // Lines add up to their invoice, tax invoices repeat it.
        QCOMPARE(scalar(c,
                        u"SELECT COUNT(*) FROM invoices i WHERE gross_kopecks <> (SELECT SUM(gross_kopecks) "
                        u"FROM invoice_lines l WHERE l.invoice_id = i.id) OR net_kopecks <> (SELECT "
                        u"SUM(net_kopecks) FROM invoice_lines l WHERE l.invoice_id = i.id)"_s),
                 0);
        QCOMPARE(
            scalar(
                c,
                u"SELECT COUNT(*) FROM tax_invoices t JOIN invoices i ON i.id = t.invoice_id WHERE "
                u"t.gross_kopecks <> i.gross_kopecks OR t.vat_kopecks <> i.vat_kopecks OR t.date <> i.date"_s),
            0);
        QCOMPARE(scalar(c, u"SELECT net_kopecks FROM invoices WHERE id = ?"_s, {original}), 103240);
        QCOMPARE(scalar(c, u"SELECT vat_kopecks FROM invoices WHERE id = ?"_s, {original}), 20648);

        // One posting per invoice: +gross as a debit, -gross as a credit; charge or correction by type.
        QCOMPARE(count(u"postings"_s), count(u"invoices"_s));
        QCOMPARE(scalar(c,
                        u"SELECT COUNT(*) FROM postings p JOIN invoices i ON i.id = p.invoice_id WHERE "
                        u"(CASE WHEN p.side = 'debit' THEN p.amount_kopecks ELSE -p.amount_kopecks END) <> "
                        u"i.gross_kopecks OR p.account_id <> i.account_id OR p.period <> i.period OR "
                        u"p.article <> i.article OR p.date <> i.date OR p.payment_id IS NOT NULL"_s),
                 0);
        QCOMPARE(
            strings(
                c,
                u"SELECT kind || '/' || side || '/' || amount_kopecks FROM postings WHERE invoice_id = ?"_s,
                {original}),
            QStringList{u"charge/debit/123888"_s});
        QCOMPARE(
            strings(
                c,
                u"SELECT kind || '/' || side || '/' || amount_kopecks FROM postings WHERE invoice_id = ?"_s,
                {written.value().at(2).invoiceIds.at(0)}),
            QStringList{u"charge/credit/1234"_s});
        QCOMPARE(
            strings(
                c,
                u"SELECT kind || '/' || side || '/' || amount_kopecks FROM postings WHERE invoice_id = ?"_s,
                {correction}),
            QStringList{u"correction/credit/23888"_s});
        // The correction points at the invoice, its tax invoice at the corrected tax invoice.
        QCOMPARE(scalar(c, u"SELECT corrects_invoice_id FROM invoices WHERE id = ?"_s, {correction}),
                 original);
        QCOMPARE(scalar(c, u"SELECT corrects_tax_invoice_id FROM tax_invoices WHERE invoice_id = ?"_s,
                        {correction}),
                 scalar(c, u"SELECT id FROM tax_invoices WHERE invoice_id = ?"_s, {original}));
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM tax_invoices WHERE corrects_tax_invoice_id IS NOT NULL"_s),
                 1);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM invoices WHERE corrects_invoice_id IS NOT NULL"_s), 1);
    }

    void emptyBatchWritesNothing()
    {
        auto none = writeCommitted({});
        QVERIFY(none.ok());
        QVERIFY(none.value().isEmpty());
        auto unchanged = writeCommitted({calc(0, {}), calc(4, {})});
        QVERIFY(unchanged.ok());
        QCOMPARE(unchanged.value().size(), 2);
        for (const QString &table : {u"calculations"_s, u"invoices"_s, u"invoice_lines"_s, u"tax_invoices"_s,
                                     u"postings"_s, u"invoice_series"_s})
            QCOMPARE(count(table), 0);
    }

    void rollbackLeavesNothing()
    {
        {
            Transaction t(m_db->connection());
            QVERIFY(t.isActive());
            LedgerWriter writer(*m_db);
            auto r = writer.write({calc(0, {draft(100), draft(200)}), calc(4, {draft(300)})}, 1);
            QVERIFY2(r.ok(), qPrintable(r.error().detail()));
            QCOMPARE(writer.stats().invoices, 3);
            QCOMPARE(writer.stats().postings, 3);
            QCOMPARE(count(u"postings"_s), 3); // visible inside the transaction
        }                                      // not committed
        for (const QString &table : {u"calculations"_s, u"invoices"_s, u"invoice_lines"_s, u"tax_invoices"_s,
                                     u"postings"_s, u"invoice_series"_s})
            QCOMPARE(count(table), 0);
        // No number was consumed.
        auto after = writeCommitted({calc(1, {draft(100)}), calc(4, {draft(300)})});
        QVERIFY2(after.ok(), qPrintable(after.error().detail()));
        QCOMPARE(after.value().at(0).numbers, QStringList{u"ZH1-2026-1"_s});
        QCOMPARE(after.value().at(1).numbers, QStringList{kOddCode + u"-2026-1"_s});
        QCOMPARE(scalar(m_db->connection(), u"SELECT MIN(seq) FROM calculations"_s), 1);
    }

    // An account's credit (a payment not yet allocated) pays the invoice just written.
    void creditPaysNewInvoices()
    {
        QSqlDatabase c = m_db->connection();
        const qint64 payment = insertRow(c, u"payments"_s,
                                         {{"account_id", m_accounts.at(0)},
                                          {"article", u"active_energy"_s},
                                          {"amount_kopecks", 50000},
                                          {"paid_on", u"2026-10-20"_s},
                                          {"period", 202610},
                                          {"created_at", 1}});
        QVERIFY(payment > 0);
        auto written = writeCommitted({calc(0, {draft(123888)}), calc(1, {draft(700)})});
        QVERIFY2(written.ok(), qPrintable(written.error().detail()));
        QCOMPARE(rows(c, u"SELECT payment_id, invoice_id, amount_kopecks FROM allocations"_s),
                 QStringList{u"%1|%2|50000"_s.arg(payment).arg(written.value().at(0).invoiceIds.at(0))});
    }

    // A correction that lowers a charge is credit: written, it pays the open invoice at once (no
    // payment behind the allocation), so the original asks 1238.88 - 238.88 = 1000.00. An account's
    // negative invoice with nothing open stays credit for its next invoice: -12.34 pays 12.34 of 7.00 +
    // 10.00, oldest first (7.00, then 5.34).
    void creditNotePaysOpenInvoices()
    {
        QSqlDatabase c = m_db->connection();
        auto written = writeCommitted({calc(0, {draft(123888)}), calc(2, {draft(-1234)})});
        QVERIFY2(written.ok(), qPrintable(written.error().detail()));
        const qint64 original = written.value().at(0).invoiceIds.at(0);
        auto corrected =
            writeCommitted({calc(0, {draft(-23888, billing::InvoiceType::Correction)}, {original})});
        QVERIFY2(corrected.ok(), qPrintable(corrected.error().detail()));
        QCOMPARE(rows(c, u"SELECT COALESCE(payment_id, 0), invoice_id, amount_kopecks FROM allocations "
                         u"ORDER BY id"_s),
                 QStringList{u"0|%1|23888"_s.arg(original)});
        auto later = writeCommitted({calc(2, {draft(700)})});
        QVERIFY2(later.ok(), qPrintable(later.error().detail()));
        auto latest = writeCommitted({calc(2, {draft(1000)})});
        QVERIFY2(latest.ok(), qPrintable(latest.error().detail()));
        QCOMPARE(rows(c, u"SELECT COALESCE(payment_id, 0), invoice_id, amount_kopecks FROM allocations "
                         u"WHERE invoice_id <> %1 ORDER BY id"_s.arg(original)),
                 (QStringList{u"0|%1|700"_s.arg(later.value().at(0).invoiceIds.at(0)),
                              u"0|%1|534"_s.arg(latest.value().at(0).invoiceIds.at(0))}));
        auto check = LedgerRepository(*m_db).check();
        QVERIFY(check.ok());
        QVERIFY2(check.value().ok(), qPrintable(check.value().problems.value(0).detail()));
    }

    void cleanup() { m_db.reset(); }
};

QTEST_GUILESS_MAIN(TestLedgerWriter)
#include "tst_ledgerwriter.moc"
