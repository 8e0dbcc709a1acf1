// Tariff: hundred-thousandths of a hryvnia per kWh, five decimals.

#include "core/tariff.h"

#include <QTest>

using namespace Qt::StringLiterals;
using oblik::Tariff;

class TestTariff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void text_data();
    void text();
};

void TestTariff::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("units");
    QTest::addColumn<QString>("error");

    QTest::newRow("five decimals") << u"4.32168"_s << qint64(432168) << QString();
    QTest::newRow("two decimals, comma") << u"4,32"_s << qint64(432000) << QString();
    QTest::newRow("whole") << u"2"_s << qint64(200000) << QString();
    QTest::newRow("smallest step") << u"0.00001"_s << qint64(1) << QString();
    QTest::newRow("six decimals") << u"4.321685"_s << qint64(0) << u"tariff.too_many_decimals"_s;
    QTest::newRow("letters") << u"four"_s << qint64(0) << u"tariff.invalid"_s;
    QTest::newRow("too large") << u"92233720368547.75808"_s << qint64(0) << u"tariff.overflow"_s;
}

void TestTariff::parse()
{
    QFETCH(QString, text);
    QFETCH(qint64, units);
    QFETCH(QString, error);

    const oblik::Result<Tariff> r = Tariff::parse(text);
    if (error.isEmpty()) {
        QVERIFY2(r.ok(), qPrintable(r.error().code()));
        QCOMPARE(r.value().hundredThousandths(), units);
    } else {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), error);
    }
}

void TestTariff::text_data()
{
    QTest::addColumn<qint64>("units");
    QTest::addColumn<QString>("api");
    QTest::addColumn<QString>("uk2"); // Ukrainian locale, two decimals

    QTest::newRow("4.32168") << qint64(432168) << u"4.32168"_s << u"4,32"_s;
    QTest::newRow("4.32") << qint64(432000) << u"4.32000"_s << u"4,32"_s;
    QTest::newRow("2.64500 rounds up") << qint64(264500) << u"2.64500"_s << u"2,65"_s;
}

void TestTariff::text()
{
    QFETCH(qint64, units);
    QFETCH(QString, api);
    QFETCH(QString, uk2);
    const Tariff t = Tariff::fromHundredThousandths(units);
    QCOMPARE(t.toString(), api);
    QCOMPARE(t.format(QLocale(u"uk_UA"_s), 2), uk2);
}

QTEST_GUILESS_MAIN(TestTariff)
#include "tst_tariff.moc"
