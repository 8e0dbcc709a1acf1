// The turnover statement derived from postings: reference 004 reproduced, the identity
// opening + charged - paid = closing on every row, and the debit/credit split of balances.

#include "billingfixtures.h"

#include "billing/ledger.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace billingtest;

class TestTurnover : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reference004();
    void rows_data();
    void rows();
    void postingSides();
    void chargePostingsOfCalculation();
    void checkLedger();
    void names();
};

namespace {
const AccountId kAccount(7);

Posting posting(const char *when, Article article, PostingKind kind, const char *signedAmount)
{
    return makePosting(kAccount, article, period(when), kind, money(QString::fromLatin1(signedAmount)));
}

QString row(const TurnoverRow &r)
{
    return toString(r.article) + u' ' + r.openingDebit.toString() + u' ' + r.openingCredit.toString() + u' ' +
           r.charged.toString() + u' ' + r.paid.toString() + u' ' + r.closingDebit.toString() + u' ' +
           r.closingCredit.toString();
}
} // namespace

void TestTurnover::reference004()
{
    // Zhytomyroblenergo, 01.2018: active energy opening credit 735.22 (an advance paid in 12.2017),
    // charged 3535.56 (invoice 1563), paid 1000.00 -> closing debit 1800.34; reactive charged 44.17
    // (invoice 1564) -> closing debit 44.17; over-limit all zero.
    const QList<Posting> postings{
        posting("2017-12", Article::ActiveEnergy, PostingKind::Payment, "-735.22"),
        posting("2018-01", Article::ActiveEnergy, PostingKind::Charge, "3535.56"),
        posting("2018-01", Article::ActiveEnergy, PostingKind::Payment, "-1000.00"),
        posting("2018-01", Article::ReactiveEnergy, PostingKind::Charge, "44.17"),
    };
    const Result<QList<TurnoverRow>> statement = turnover(postings, kAccount, period("2018-01"));
    QVERIFY(statement.ok());
    QStringList got;
    for (const TurnoverRow &r : statement.value()) {
        QVERIFY(r.isConsistent());
        got.append(row(r));
    }
    // article, opening debit, opening credit, charged, paid, closing debit, closing credit
    QCOMPARE(got, (QStringList{u"active_energy 0.00 735.22 3535.56 1000.00 1800.34 0.00"_s,
                               u"reactive_energy 0.00 0.00 44.17 0.00 44.17 0.00"_s,
                               u"over_limit 0.00 0.00 0.00 0.00 0.00 0.00"_s,
                               u"services 0.00 0.00 0.00 0.00 0.00 0.00"_s,
                               u"penalties 0.00 0.00 0.00 0.00 0.00 0.00"_s}));
    QCOMPARE(balance(postings, kAccount, Article::ActiveEnergy).value(), money(u"1800.34"_s));
    QCOMPARE(balance(postings, kAccount, Article::ActiveEnergy, period("2017-12")).value(),
             money(u"-735.22"_s));
}

void TestTurnover::rows_data()
{
    // Postings as "period kind signed-amount" (debit > 0, credit < 0) of one article; the statement of
    // 2026-10.
    QTest::addColumn<QStringList>("postings");
    QTest::addColumn<QString>(
        "expected"); // opening debit, opening credit, charged, paid, closing debit, closing credit

    QTest::newRow("debt carried: 100 + 50 - 30 = 120")
        << QStringList{u"2026-09 charge 100.00"_s, u"2026-10 charge 50.00"_s, u"2026-10 payment -30.00"_s}
        << u"100.00 0.00 50.00 30.00 120.00 0.00"_s;
    QTest::newRow("overpaid: 0 + 100 - 150 = credit 50")
        << QStringList{u"2026-10 charge 100.00"_s, u"2026-10 payment -150.00"_s}
        << u"0.00 0.00 100.00 150.00 0.00 50.00"_s;
    QTest::newRow("credit carried without movement")
        << QStringList{u"2026-08 payment -50.00"_s} << u"0.00 50.00 0.00 0.00 0.00 50.00"_s;
    QTest::newRow("credit used up by a charge: -50 + 80 = 30")
        << QStringList{u"2026-08 payment -50.00"_s, u"2026-10 charge 80.00"_s}
        << u"0.00 50.00 80.00 0.00 30.00 0.00"_s;
    QTest::newRow("negative correction lowers charged: 100 - 30 = 70")
        << QStringList{u"2026-10 charge 100.00"_s, u"2026-10 correction -30.00"_s}
        << u"0.00 0.00 70.00 0.00 70.00 0.00"_s;
    QTest::newRow("correction of an earlier period is in the opening")
        << QStringList{u"2026-09 charge 100.00"_s, u"2026-09 correction -30.00"_s}
        << u"70.00 0.00 0.00 0.00 70.00 0.00"_s;
    QTest::newRow("a refund (debit payment) lowers paid")
        << QStringList{u"2026-09 payment -100.00"_s, u"2026-10 payment 20.00"_s}
        << u"0.00 100.00 0.00 -20.00 0.00 80.00"_s;
    QTest::newRow("settled to zero") << QStringList{u"2026-10 charge 99.99"_s, u"2026-10 payment -99.99"_s}
                                     << u"0.00 0.00 99.99 99.99 0.00 0.00"_s;
    QTest::newRow("later periods do not count")
        << QStringList{u"2026-10 charge 10.00"_s, u"2026-11 charge 500.00"_s, u"2026-11 payment -7.00"_s}
        << u"0.00 0.00 10.00 0.00 10.00 0.00"_s;
}

void TestTurnover::rows()
{
    QFETCH(QStringList, postings);
    QFETCH(QString, expected);

    QList<Posting> list;
    for (const QString &text : postings) {
        const QStringList parts = text.split(u' ');
        const PostingKind kind = postingKindFromString(parts[1]).value();
        list.append(makePosting(kAccount, Article::OverLimit, Period::parse(parts[0]).value(), kind,
                                money(parts[2])));
    }
    // Postings of another account and another article must not leak in.
    list.append(makePosting(AccountId(8), Article::OverLimit, period("2026-10"), PostingKind::Charge,
                            money(u"1.00"_s)));
    list.append(
        makePosting(kAccount, Article::Services, period("2026-10"), PostingKind::Charge, money(u"2.00"_s)));

    const Result<QList<TurnoverRow>> statement = turnover(list, kAccount, period("2026-10"));
    QVERIFY(statement.ok());
    const TurnoverRow r = statement.value().at(2);
    QVERIFY(r.article == Article::OverLimit);
    QCOMPARE(row(r), u"over_limit "_s + expected);
    QVERIFY(r.isConsistent());
    QCOMPARE(r.opening().kopecks() + r.charged.kopecks() - r.paid.kopecks(), r.closing().kopecks());
    QCOMPARE(r.closing(), balance(list, kAccount, Article::OverLimit, period("2026-10")).value());
}

void TestTurnover::postingSides()
{
    const Posting debit = posting("2026-10", Article::ActiveEnergy, PostingKind::Charge, "12.34");
    QVERIFY(debit.side == Side::Debit);
    QCOMPARE(debit.amount, money(u"12.34"_s));
    const Posting credit = posting("2026-10", Article::ActiveEnergy, PostingKind::Correction, "-12.34");
    QVERIFY(credit.side == Side::Credit);
    QCOMPARE(credit.amount, money(u"12.34"_s)); // amounts are never negative
    QCOMPARE(credit.signedAmount(), money(u"-12.34"_s));
    QVERIFY(postingKindFromString(u"payment"_s) == PostingKind::Payment);
    QVERIFY(sideFromString(u"credit"_s) == Side::Credit);
    QVERIFY(!postingKindFromString(u"gift"_s));

    TurnoverRow both;
    both.openingDebit = money(u"1.00"_s);
    both.openingCredit = money(u"1.00"_s);
    QVERIFY(!both.isConsistent()); // a balance is a debit or a credit, never both
    TurnoverRow wrong;
    wrong.charged = money(u"5.00"_s);
    QVERIFY(!wrong.isConsistent()); // 0 + 5 - 0 != 0
}

void TestTurnover::chargePostingsOfCalculation()
{
    const Calculation calc =
        calculate(input({point(1, u"P1"_s, PointKind::Active, {{Zone::Total, "840"}}),
                         point(2, u"R1"_s, PointKind::Reactive, {{Zone::Total, "1000"}})}),
                  standardParameters())
            .value();
    const QList<Posting> postings =
        chargePostings(calc.account, calc.period, calc.invoices, QDate(2026, 11, 5), {101, 102});
    QCOMPARE(postings.size(), 2);
    QVERIFY(postings[0].article == Article::ActiveEnergy);
    QVERIFY(postings[0].kind == PostingKind::Charge);
    QCOMPARE(postings[0].signedAmount(), money(u"3630.21"_s));
    QCOMPARE(postings[0].documentId, 101);
    QVERIFY(postings[1].article == Article::ReactiveEnergy);
    QCOMPARE(postings[1].signedAmount(), money(u"150.00"_s));

    // A negative correction document posts as a credit of kind correction.
    InvoiceDraft correction;
    correction.type = InvoiceType::Correction;
    correction.article = Article::ActiveEnergy;
    correction.gross = money(u"-172.87"_s);
    const Posting c = chargePostings(calc.account, calc.period, {correction}, QDate(2026, 12, 1)).first();
    QVERIFY(c.kind == PostingKind::Correction);
    QVERIFY(c.side == Side::Credit);
    QCOMPARE(c.amount, money(u"172.87"_s));
}

void TestTurnover::checkLedger()
{
    const QList<Posting> postings{
        posting("2017-12", Article::ActiveEnergy, PostingKind::Payment, "-735.22"),
        posting("2018-01", Article::ActiveEnergy, PostingKind::Charge, "3535.56"),
        posting("2018-01", Article::ActiveEnergy, PostingKind::Payment, "-1000.00"),
    };
    QList<TurnoverRow> stored = turnover(postings, kAccount, period("2018-01")).value();
    QVERIFY(billing::checkLedger(postings, stored, kAccount).isNull());

    stored[0].closingDebit = money(u"1800.35"_s); // a kopeck off
    const Error e = billing::checkLedger(postings, stored, kAccount);
    QCOMPARE(e.code(), u"ledger.mismatch"_s);
    QVERIFY2(e.detail().contains(u"1800.34"_s), qPrintable(e.detail()));

    QList<Posting> malformed = postings;
    malformed[1].amount = money(u"-1.00"_s);
    QCOMPARE(billing::checkLedger(malformed, {}, kAccount).code(), u"ledger.mismatch"_s);
}

void TestTurnover::names()
{
    // The stable text forms the database and the API use, and their way back.
    QStringList articles;
    for (Article a : kAllArticles) {
        articles.append(toString(a));
        QVERIFY(articleFromString(toString(a)) == a);
    }
    QCOMPARE(articles, (QStringList{u"active_energy"_s, u"reactive_energy"_s, u"over_limit"_s, u"services"_s,
                                    u"penalties"_s}));
    for (InvoiceType t : {InvoiceType::PlannedAdvance, InvoiceType::ActiveEnergy, InvoiceType::ReactiveEnergy,
                          InvoiceType::OverLimit, InvoiceType::Services, InvoiceType::Correction})
        QVERIFY(invoiceTypeFromString(toString(t)) == t);
    QCOMPARE(toString(InvoiceType::PlannedAdvance), u"planned_advance"_s);
    for (LineKind k :
         {LineKind::ActiveEnergy, LineKind::ReactiveEnergy, LineKind::OverLimit, LineKind::GenerationCredit})
        QVERIFY(lineKindFromString(toString(k)) == k);
    QVERIFY(articleOf(LineKind::GenerationCredit) ==
            Article::ActiveEnergy); // the credit lowers active energy
    QVERIFY(!articleFromString(u"gas"_s));
}

QTEST_GUILESS_MAIN(TestTurnover)
#include "tst_turnover.moc"
