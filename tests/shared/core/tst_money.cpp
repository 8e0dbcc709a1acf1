// Money: parsing what people type, the API and locale forms, and arithmetic that refuses to overflow.

#include "core/money.h"

#include <QTest>
#include <limits>

using namespace Qt::StringLiterals;
using oblik::Money;

namespace {
constexpr qint64 kMax = std::numeric_limits<qint64>::max();
constexpr qint64 kMin = std::numeric_limits<qint64>::min();
} // namespace

class TestMoney : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void toString_data();
    void toString();
    void format_data();
    void format();
    void formatUkrainian();
    void arithmetic_data();
    void arithmetic();
    void roundTrip_data();
    void roundTrip();
};

void TestMoney::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("kopecks");
    QTest::addColumn<QString>("error"); // empty: parses to kopecks

    QTest::newRow("API form") << u"1238.88"_s << qint64(123888) << QString();
    QTest::newRow("space group, comma decimal") << u"1 238,88"_s << qint64(123888) << QString();
    QTest::newRow("one decimal") << u"1238,8"_s << qint64(123880) << QString();
    QTest::newRow("negative whole") << u"-5"_s << qint64(-500) << QString();
    QTest::newRow("plus sign") << u"+5"_s << qint64(500) << QString();
    QTest::newRow("unicode minus") << u"\u22125"_s << qint64(-500) << QString();
    QTest::newRow("surrounding spaces") << u"  7  "_s << qint64(700) << QString();
    QTest::newRow("no-break space group") << u"1\u00a0238,88"_s << qint64(123888) << QString();
    QTest::newRow("thin space group") << u"1\u2009238.88"_s << qint64(123888) << QString();
    QTest::newRow("narrow no-break space group") << u"1\u202f238.88"_s << qint64(123888) << QString();
    QTest::newRow("two groups") << u"1 234 567.89"_s << qint64(123456789) << QString();
    QTest::newRow("leading decimal point") << u".5"_s << qint64(50) << QString();
    QTest::newRow("trailing decimal point") << u"5."_s << qint64(500) << QString();
    QTest::newRow("two decimals with zero") << u"0.50"_s << qint64(50) << QString();
    QTest::newRow("zero") << u"0"_s << qint64(0) << QString();
    QTest::newRow("largest") << u"92233720368547758.07"_s << kMax << QString();
    QTest::newRow("smallest") << u"-92233720368547758.08"_s << kMin << QString();

    QTest::newRow("half a kopeck") << u"0.005"_s << qint64(0) << u"money.too_many_decimals"_s;
    QTest::newRow("zero third decimal") << u"0.500"_s << qint64(0) << u"money.too_many_decimals"_s;
    QTest::newRow("letters") << u"abc"_s << qint64(0) << u"money.invalid"_s;
    QTest::newRow("empty") << QString() << qint64(0) << u"money.invalid"_s;
    QTest::newRow("only spaces") << u"   "_s << qint64(0) << u"money.invalid"_s;
    QTest::newRow("lone point") << u"."_s << qint64(0) << u"money.invalid"_s;
    QTest::newRow("lone minus") << u"-"_s << qint64(0) << u"money.invalid"_s;
    QTest::newRow("group of two") << u"12 38"_s << qint64(0) << u"money.invalid"_s;
    QTest::newRow("first group of four") << u"1238 000"_s << qint64(0) << u"money.invalid"_s;
    QTest::newRow("doubled space") << u"1  238"_s << qint64(0) << u"money.invalid"_s;
    QTest::newRow("space in decimals") << u"1.2 3"_s << qint64(0) << u"money.invalid"_s;
    QTest::newRow("comma groups and point") << u"1,238.88"_s << qint64(0) << u"money.invalid"_s;
    QTest::newRow("two points") << u"1.2.3"_s << qint64(0) << u"money.invalid"_s;
    QTest::newRow("exponent") << u"1e3"_s << qint64(0) << u"money.invalid"_s;
    QTest::newRow("currency sign") << u"5 грн"_s << qint64(0) << u"money.invalid"_s;
    QTest::newRow("arabic-indic digit") << u"\u0663"_s << qint64(0) << u"money.invalid"_s;
    QTest::newRow("one kopeck past largest") << u"92233720368547758.08"_s << qint64(0) << u"money.overflow"_s;
    QTest::newRow("one kopeck below smallest")
        << u"-92233720368547758.09"_s << qint64(0) << u"money.overflow"_s;
    QTest::newRow("thirty digits") << u"123456789012345678901234567890"_s << qint64(0) << u"money.overflow"_s;
}

void TestMoney::parse()
{
    QFETCH(QString, text);
    QFETCH(qint64, kopecks);
    QFETCH(QString, error);

    const oblik::Result<Money> r = Money::parse(text);
    if (error.isEmpty()) {
        QVERIFY2(r.ok(), qPrintable(r.error().code()));
        QCOMPARE(r.value().kopecks(), kopecks);
    } else {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), error);
        QVERIFY(!r.error().message().isEmpty());
    }
}

void TestMoney::toString_data()
{
    QTest::addColumn<qint64>("kopecks");
    QTest::addColumn<QString>("expected");

    QTest::newRow("ordinary") << qint64(123888) << u"1238.88"_s;
    QTest::newRow("zero") << qint64(0) << u"0.00"_s;
    QTest::newRow("seven kopecks") << qint64(7) << u"0.07"_s;
    QTest::newRow("minus five kopecks") << qint64(-5) << u"-0.05"_s;
    QTest::newRow("minus five hryvnias") << qint64(-500) << u"-5.00"_s;
    QTest::newRow("no groups") << qint64(123456789) << u"1234567.89"_s;
    QTest::newRow("smallest") << kMin << u"-92233720368547758.08"_s;
}

void TestMoney::toString()
{
    QFETCH(qint64, kopecks);
    QFETCH(QString, expected);
    QCOMPARE(Money::fromKopecks(kopecks).toString(), expected);
}

void TestMoney::format_data()
{
    // The pattern uses G for the locale's group separator and D for its decimal point, so the rows
    // check where they go and the locale decides which characters they are.
    QTest::addColumn<QString>("locale");
    QTest::addColumn<qint64>("kopecks");
    QTest::addColumn<QString>("pattern");

    QTest::newRow("uk") << u"uk_UA"_s << qint64(123888) << u"1G238D88"_s;
    QTest::newRow("uk million") << u"uk_UA"_s << qint64(100000000) << u"1G000G000D00"_s;
    QTest::newRow("uk small negative") << u"uk_UA"_s << qint64(-5) << u"-0D05"_s;
    QTest::newRow("uk under a thousand") << u"uk_UA"_s << qint64(99999) << u"999D99"_s;
    QTest::newRow("ru") << u"ru_RU"_s << qint64(123888) << u"1G238D88"_s;
    QTest::newRow("en") << u"en_US"_s << qint64(-123888) << u"-1G238D88"_s;
    QTest::newRow("de") << u"de_DE"_s << qint64(123888) << u"1G238D88"_s;
}

void TestMoney::format()
{
    QFETCH(QString, locale);
    QFETCH(qint64, kopecks);
    QFETCH(QString, pattern);

    const QLocale l(locale);
    QString expected;
    for (QChar c : std::as_const(pattern)) {
        if (c == u'G')
            expected += l.groupSeparator();
        else if (c == u'D')
            expected += l.decimalPoint();
        else if (c == u'-')
            expected += l.negativeSign();
        else
            expected += c;
    }
    QCOMPARE(Money::fromKopecks(kopecks).format(l), expected);
}

void TestMoney::formatUkrainian()
{
    // What a Ukrainian user sees, spelled out: no-break space between groups, comma before kopecks.
    QCOMPARE(Money::fromKopecks(123888).format(QLocale(u"uk_UA"_s)), u"1\u00a0238,88"_s);
    QCOMPARE(Money::fromKopecks(123888).format(QLocale(u"en_US"_s)), u"1,238.88"_s);
}

void TestMoney::arithmetic_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<qint64>("a");
    QTest::addColumn<qint64>("b");
    QTest::addColumn<qint64>("result");
    QTest::addColumn<bool>("overflows");

    QTest::newRow("1.50 + 2.75") << u"add"_s << qint64(150) << qint64(275) << qint64(425) << false;
    QTest::newRow("1.50 - 2.75") << u"subtract"_s << qint64(150) << qint64(275) << qint64(-125) << false;
    QTest::newRow("1.50 x 3") << u"multiply"_s << qint64(150) << qint64(3) << qint64(450) << false;
    QTest::newRow("-1.50 x -3") << u"multiply"_s << qint64(-150) << qint64(-3) << qint64(450) << false;
    QTest::newRow("negate 1.50") << u"negate"_s << qint64(150) << qint64(0) << qint64(-150) << false;
    QTest::newRow("max + 0.01") << u"add"_s << kMax << qint64(1) << qint64(0) << true;
    QTest::newRow("min - 0.01") << u"subtract"_s << kMin << qint64(1) << qint64(0) << true;
    QTest::newRow("max - min") << u"subtract"_s << kMax << kMin << qint64(0) << true;
    QTest::newRow("max x 2") << u"multiply"_s << kMax << qint64(2) << qint64(0) << true;
    QTest::newRow("min x -1") << u"multiply"_s << kMin << qint64(-1) << qint64(0) << true;
    QTest::newRow("negate min") << u"negate"_s << kMin << qint64(0) << qint64(0) << true;
    QTest::newRow("max + min") << u"add"_s << kMax << kMin << qint64(-1) << false;
}

void TestMoney::arithmetic()
{
    QFETCH(QString, op);
    QFETCH(qint64, a);
    QFETCH(qint64, b);
    QFETCH(qint64, result);
    QFETCH(bool, overflows);

    const Money ma = Money::fromKopecks(a);
    const Money mb = Money::fromKopecks(b);
    const oblik::Result<Money> r = op == u"add"_s        ? ma.add(mb)
                                   : op == u"subtract"_s ? ma.subtract(mb)
                                   : op == u"multiply"_s ? ma.multiply(b)
                                                         : ma.negated();
    if (overflows) {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), u"money.overflow"_s);
    } else {
        QVERIFY(r.ok());
        QCOMPARE(r.value().kopecks(), result);
    }
}

void TestMoney::roundTrip_data()
{
    QTest::addColumn<qint64>("kopecks");
    for (qint64 k :
         {qint64(0), qint64(1), qint64(-1), qint64(99), qint64(100), qint64(-123456789), kMax, kMin})
        QTest::addRow("%lld", static_cast<long long>(k)) << k;
}

void TestMoney::roundTrip()
{
    // Whatever we print, in the API form or in any locale's form, we can read back.
    QFETCH(qint64, kopecks);
    const Money m = Money::fromKopecks(kopecks);
    QCOMPARE(Money::parse(m.toString()).value(), m);
    for (const QString &name : {u"uk_UA"_s, u"ru_RU"_s, u"fr_FR"_s})
        QCOMPARE(Money::parse(m.format(QLocale(name))).value(), m);
}

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
