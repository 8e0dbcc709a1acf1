// Amounts and numbers in words, Ukrainian and Russian: every row written out by hand.
#include "documents/amountinwords.h"

#include <QTest>

using namespace oblik;
using namespace oblik::documents;

Q_DECLARE_METATYPE(oblik::documents::DocLanguage)
Q_DECLARE_METATYPE(oblik::documents::Gender)

class TstAmountInWords : public QObject
{
    Q_OBJECT

private:
    static void row(const char *amount, DocLanguage language, const char *expected)
    {
        const QByteArray name = (language == DocLanguage::Uk ? "uk " : "ru ") + QByteArray(amount);
        QTest::newRow(name.constData())
            << QString::fromUtf8(amount) << language << QString::fromUtf8(expected);
    }

private Q_SLOTS:
    void amount_data()
    {
        QTest::addColumn<QString>("amount");
        QTest::addColumn<DocLanguage>("language");
        QTest::addColumn<QString>("expected");
        const auto uk = DocLanguage::Uk;
        row("0", uk, "Нуль гривень 00 копійок");
        row("0.01", uk, "Нуль гривень 01 копійка");
        row("0.02", uk, "Нуль гривень 02 копійки");
        row("0.05", uk, "Нуль гривень 05 копійок");
        row("0.11", uk, "Нуль гривень 11 копійок");
        row("0.21", uk, "Нуль гривень 21 копійка");
        row("0.22", uk, "Нуль гривень 22 копійки");
        row("1", uk, "Одна гривня 00 копійок");
        row("2", uk, "Дві гривні 00 копійок");
        row("3", uk, "Три гривні 00 копійок");
        row("4", uk, "Чотири гривні 00 копійок");
        row("5", uk, "П'ять гривень 00 копійок");
        row("10", uk, "Десять гривень 00 копійок");
        row("11", uk, "Одинадцять гривень 00 копійок");
        row("12.02", uk, "Дванадцять гривень 02 копійки");
        row("13", uk, "Тринадцять гривень 00 копійок");
        row("14", uk, "Чотирнадцять гривень 00 копійок");
        row("15", uk, "П'ятнадцять гривень 00 копійок");
        row("16", uk, "Шістнадцять гривень 00 копійок");
        row("17", uk, "Сімнадцять гривень 00 копійок");
        row("18", uk, "Вісімнадцять гривень 00 копійок");
        row("19", uk, "Дев'ятнадцять гривень 00 копійок");
        row("20", uk, "Двадцять гривень 00 копійок");
        row("21", uk, "Двадцять одна гривня 00 копійок");
        row("22", uk, "Двадцять дві гривні 00 копійок");
        row("25", uk, "Двадцять п'ять гривень 00 копійок");
        row("40", uk, "Сорок гривень 00 копійок");
        row("67", uk, "Шістдесят сім гривень 00 копійок");
        row("90", uk, "Дев'яносто гривень 00 копійок");
        row("99", uk, "Дев'яносто дев'ять гривень 00 копійок");
        row("100", uk, "Сто гривень 00 копійок");
        row("101", uk, "Сто одна гривня 00 копійок");
        row("111", uk, "Сто одинадцять гривень 00 копійок");
        row("200", uk, "Двісті гривень 00 копійок");
        row("300", uk, "Триста гривень 00 копійок");
        row("400", uk, "Чотириста гривень 00 копійок");
        row("500", uk, "П'ятсот гривень 00 копійок");
        row("999", uk, "Дев'ятсот дев'яносто дев'ять гривень 00 копійок");
        row("1000", uk, "Одна тисяча гривень 00 копійок");
        row("1001", uk, "Одна тисяча одна гривня 00 копійок");
        row("2000", uk, "Дві тисячі гривень 00 копійок");
        row("3000", uk, "Три тисячі гривень 00 копійок");
        row("4000", uk, "Чотири тисячі гривень 00 копійок");
        row("5000", uk, "П'ять тисяч гривень 00 копійок");
        row("11000", uk, "Одинадцять тисяч гривень 00 копійок");
        row("12000", uk, "Дванадцять тисяч гривень 00 копійок");
        row("21000", uk, "Двадцять одна тисяча гривень 00 копійок");
        row("22000", uk, "Двадцять дві тисячі гривень 00 копійок");
        row("100000", uk, "Сто тисяч гривень 00 копійок");
        row("1000000", uk, "Один мільйон гривень 00 копійок");
        row("2000000", uk, "Два мільйони гривень 00 копійок");
        row("5000000", uk, "П'ять мільйонів гривень 00 копійок");
        row("21000000", uk, "Двадцять один мільйон гривень 00 копійок");
        row("1234567.01", uk,
            "Один мільйон двісті тридцять чотири тисячі п'ятсот шістдесят сім гривень 01 копійка");
        row("1000000000", uk, "Один мільярд гривень 00 копійок");
        row("2000000000", uk, "Два мільярди гривень 00 копійок");
        row("999999999999.99", uk,
            "Дев'ятсот дев'яносто дев'ять мільярдів дев'ятсот дев'яносто дев'ять мільйонів "
            "дев'ятсот дев'яносто дев'ять тисяч дев'ятсот дев'яносто дев'ять гривень 99 копійок");
        row("1238.88", uk, "Одна тисяча двісті тридцять вісім гривень 88 копійок");
        row("-1238.88", uk, "Мінус одна тисяча двісті тридцять вісім гривень 88 копійок");
        row("-0.05", uk, "Мінус нуль гривень 05 копійок");
        row("1000000000000", uk, "1000000000000 гривень 00 копійок");

        const auto ru = DocLanguage::Ru;
        row("0", ru, "Ноль гривен 00 копеек");
        row("0.01", ru, "Ноль гривен 01 копейка");
        row("0.02", ru, "Ноль гривен 02 копейки");
        row("0.05", ru, "Ноль гривен 05 копеек");
        row("0.11", ru, "Ноль гривен 11 копеек");
        row("0.21", ru, "Ноль гривен 21 копейка");
        row("0.22", ru, "Ноль гривен 22 копейки");
        row("1", ru, "Одна гривна 00 копеек");
        row("2", ru, "Две гривны 00 копеек");
        row("3", ru, "Три гривны 00 копеек");
        row("4", ru, "Четыре гривны 00 копеек");
        row("5", ru, "Пять гривен 00 копеек");
        row("10", ru, "Десять гривен 00 копеек");
        row("11", ru, "Одиннадцать гривен 00 копеек");
        row("12.02", ru, "Двенадцать гривен 02 копейки");
        row("13", ru, "Тринадцать гривен 00 копеек");
        row("14", ru, "Четырнадцать гривен 00 копеек");
        row("15", ru, "Пятнадцать гривен 00 копеек");
        row("16", ru, "Шестнадцать гривен 00 копеек");
        row("17", ru, "Семнадцать гривен 00 копеек");
        row("18", ru, "Восемнадцать гривен 00 копеек");
        row("19", ru, "Девятнадцать гривен 00 копеек");
        row("20", ru, "Двадцать гривен 00 копеек");
        row("21", ru, "Двадцать одна гривна 00 копеек");
        row("22", ru, "Двадцать две гривны 00 копеек");
        row("25", ru, "Двадцать пять гривен 00 копеек");
        row("40", ru, "Сорок гривен 00 копеек");
        row("67", ru, "Шестьдесят семь гривен 00 копеек");
        row("90", ru, "Девяносто гривен 00 копеек");
        row("99", ru, "Девяносто девять гривен 00 копеек");
        row("100", ru, "Сто гривен 00 копеек");
        row("101", ru, "Сто одна гривна 00 копеек");
        row("111", ru, "Сто одиннадцать гривен 00 копеек");
        row("200", ru, "Двести гривен 00 копеек");
        row("300", ru, "Триста гривен 00 копеек");
        row("400", ru, "Четыреста гривен 00 копеек");
        row("500", ru, "Пятьсот гривен 00 копеек");
        row("999", ru, "Девятьсот девяносто девять гривен 00 копеек");
        row("1000", ru, "Одна тысяча гривен 00 копеек");
        row("1001", ru, "Одна тысяча одна гривна 00 копеек");
        row("2000", ru, "Две тысячи гривен 00 копеек");
        row("3000", ru, "Три тысячи гривен 00 копеек");
        row("4000", ru, "Четыре тысячи гривен 00 копеек");
        row("5000", ru, "Пять тысяч гривен 00 копеек");
        row("11000", ru, "Одиннадцать тысяч гривен 00 копеек");
        row("12000", ru, "Двенадцать тысяч гривен 00 копеек");
        row("21000", ru, "Двадцать одна тысяча гривен 00 копеек");
        row("22000", ru, "Двадцать две тысячи гривен 00 копеек");
        row("100000", ru, "Сто тысяч гривен 00 копеек");
        row("1000000", ru, "Один миллион гривен 00 копеек");
        row("2000000", ru, "Два миллиона гривен 00 копеек");
        row("5000000", ru, "Пять миллионов гривен 00 копеек");
        row("21000000", ru, "Двадцать один миллион гривен 00 копеек");
        row("1234567.01", ru,
            "Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь гривен 01 копейка");
        row("1000000000", ru, "Один миллиард гривен 00 копеек");
        row("2000000000", ru, "Два миллиарда гривен 00 копеек");
        row("999999999999.99", ru,
            "Девятьсот девяносто девять миллиардов девятьсот девяносто девять миллионов "
            "девятьсот девяносто девять тысяч девятьсот девяносто девять гривен 99 копеек");
        row("1238.88", ru, "Одна тысяча двести тридцать восемь гривен 88 копеек");
        row("-1238.88", ru, "Минус одна тысяча двести тридцать восемь гривен 88 копеек");
        row("-0.05", ru, "Минус ноль гривен 05 копеек");
        row("1000000000000", ru, "1000000000000 гривен 00 копеек");
    }

    void amount()
    {
        QFETCH(QString, amount);
        QFETCH(DocLanguage, language);
        QFETCH(QString, expected);
        const Result<Money> money = Money::parse(amount);
        QVERIFY(money.ok());
        QCOMPARE(amountInWords(money.value(), language), expected);
    }

    void number_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<Gender>("gender");
        QTest::addColumn<DocLanguage>("language");
        QTest::addColumn<QString>("expected");
        const auto uk = DocLanguage::Uk;
        const auto ru = DocLanguage::Ru;
        const auto m = Gender::Masculine;
        const auto f = Gender::Feminine;
        const auto n = Gender::Neuter;
        auto add = [](const char *name, qint64 v, Gender g, DocLanguage l, const char *e) {
            QTest::newRow(name) << v << g << l << QString::fromUtf8(e);
        };
        add("uk 0", 0, m, uk, "нуль");
        add("uk 1 m", 1, m, uk, "один");
        add("uk 1 f", 1, f, uk, "одна");
        add("uk 1 n", 1, n, uk, "одне");
        add("uk 2 m", 2, m, uk, "два");
        add("uk 2 f", 2, f, uk, "дві");
        add("uk 2 n", 2, n, uk, "два");
        add("uk 121 f", 121, f, uk, "сто двадцять одна");
        add("uk 121 m", 121, m, uk, "сто двадцять один");
        add("uk 2002 n", 2002, n, uk, "дві тисячі два");
        add("uk 1001 m", 1001, m, uk, "одна тисяча один");
        add("uk 1000001 f", 1000001, f, uk, "один мільйон одна");
        add("uk 2000012 m", 2000012, m, uk, "два мільйони дванадцять");
        add("uk -5", -5, m, uk, "мінус п'ять");
        add("uk beyond", 1000000000000LL, m, uk, "1000000000000");
        add("ru 0", 0, m, ru, "ноль");
        add("ru 1 m", 1, m, ru, "один");
        add("ru 1 f", 1, f, ru, "одна");
        add("ru 1 n", 1, n, ru, "одно");
        add("ru 2 f", 2, f, ru, "две");
        add("ru 2 n", 2, n, ru, "два");
        add("ru 21000 m", 21000, m, ru, "двадцать одна тысяча");
        add("ru 22 f", 22, f, ru, "двадцать две");
        add("ru 3000002 f", 3000002, f, ru, "три миллиона две");
        add("ru -41 f", -41, f, ru, "минус сорок одна");
    }

    void number()
    {
        QFETCH(qint64, value);
        QFETCH(Gender, gender);
        QFETCH(DocLanguage, language);
        QFETCH(QString, expected);
        QCOMPARE(numberInWords(value, gender, language), expected);
    }

    void extremes()
    {
        // The largest and smallest amounts a Money holds do not crash and keep their figures.
        const QString max =
            amountInWords(Money::fromKopecks(std::numeric_limits<qint64>::max()), DocLanguage::Uk);
        QVERIFY2(max.startsWith(QStringLiteral("92233720368547758 гривень 07 копійок")), qPrintable(max));
        const QString min =
            amountInWords(Money::fromKopecks(std::numeric_limits<qint64>::min()), DocLanguage::Ru);
        QVERIFY2(min.startsWith(QStringLiteral("Минус 92233720368547758 гривен 08 копеек")), qPrintable(min));
    }

    void language_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<DocLanguage>("language");
        QTest::newRow("uk") << QStringLiteral("uk") << true << DocLanguage::Uk;
        QTest::newRow("RU") << QStringLiteral("RU") << true << DocLanguage::Ru;
        QTest::newRow("en") << QStringLiteral("en") << false << DocLanguage::Uk;
        QTest::newRow("empty") << QString() << false << DocLanguage::Uk;
    }

    void language()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(DocLanguage, language);
        const auto parsed = docLanguageFromString(text);
        QCOMPARE(parsed.has_value(), valid);
        if (valid) {
            QVERIFY(*parsed == language);
            QCOMPARE(toString(*parsed), text.toLower());
        }
    }
};

QTEST_GUILESS_MAIN(TstAmountInWords)
#include "tst_amountinwords.moc"
