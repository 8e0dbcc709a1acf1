// EDRPOU and IPN check digits, checked against real, published codes.
//
// EDRPOU rows (legal entities, public registry data): 00032129 JSC Oschadbank, 00100227 NEC Ukrenergo,
// 20077720 NJSC Naftogaz of Ukraine, 14360570 JSC CB PrivatBank, 40075815 JSC Ukrzaliznytsia; and,
// for the rarer branches of the algorithm, codes from python-stdnum's list of valid EDRPOU found online
// (tests/test_ua_edrpou.doctest): 02070987 and 26615223 need the second pass (weights + 2), 43808820
// gives 10 twice and so ends in 0, 32855961 is its documented example. The IPN rows come from
// python-stdnum's tests/test_ua_rntrc.doctest (1759013776 is its documented example).

#include "domain/taxid.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik::domain;

class TestTaxId : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void edrpou_data();
    void edrpou();
    void ipn_data();
    void ipn();
    void completeRejectsBadInput();
};

void TestTaxId::edrpou_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("error");

    QTest::newRow("Oschadbank, weights 1..7") << u"00032129"_s << QString();
    QTest::newRow("Ukrenergo") << u"00100227"_s << QString();
    QTest::newRow("Naftogaz, remainder 0") << u"20077720"_s << QString();
    QTest::newRow("PrivatBank") << u"14360570"_s << QString();
    QTest::newRow("Ukrzaliznytsia, 4xxxxxxx: weights 7,1..6") << u"40075815"_s << QString();
    QTest::newRow("3xxxxxxx: weights 7,1..6") << u"32855961"_s << QString();
    QTest::newRow("second pass, weights 3..9") << u"02070987"_s << QString();
    QTest::newRow("second pass, 2xxxxxxx") << u"26615223"_s << QString();
    QTest::newRow("10 twice -> 0, weights 9,3..8") << u"43808820"_s << QString();

    QTest::newRow("Oschadbank with last digit wrong") << u"00032128"_s << u"tax_id.edrpou_checksum"_s;
    QTest::newRow("two digits swapped") << u"00031229"_s << u"tax_id.edrpou_checksum"_s;
    QTest::newRow("python-stdnum's invalid example") << u"32855968"_s << u"tax_id.edrpou_checksum"_s;
    QTest::newRow("43808820 with 10 as 1") << u"43808821"_s << u"tax_id.edrpou_checksum"_s;
    QTest::newRow("seven digits") << u"0003212"_s << u"tax_id.edrpou_format"_s;
    QTest::newRow("nine digits") << u"000321290"_s << u"tax_id.edrpou_format"_s;
    QTest::newRow("letters") << u"VV855961"_s << u"tax_id.edrpou_format"_s;
    QTest::newRow("spaces are not trimmed") << u" 00032129"_s << u"tax_id.edrpou_format"_s;
    QTest::newRow("empty") << QString() << u"tax_id.edrpou_format"_s;
}

void TestTaxId::edrpou()
{
    QFETCH(QString, code);
    QFETCH(QString, error);

    const oblik::Error e = validateEdrpou(code);
    QCOMPARE(e.code(), error);
    if (!error.isEmpty())
        QCOMPARE(e.field(), u"edrpou"_s);
    if (error.isEmpty() || error.endsWith(u"checksum"_s)) {
        // completeEdrpou computes the same digit the validator expects.
        const QString completed = completeEdrpou(code.left(7));
        QCOMPARE(completed == code, error.isEmpty());
        QVERIFY(validateEdrpou(completed).isNull());
    }
}

void TestTaxId::ipn_data()
{
    QTest::addColumn<QString>("number");
    QTest::addColumn<QString>("error");

    QTest::newRow("documented example") << u"1759013776"_s << QString();
    QTest::newRow("1941106083") << u"1941106083"_s << QString();
    QTest::newRow("2530414071") << u"2530414071"_s << QString();
    QTest::newRow("2200300272") << u"2200300272"_s << QString();
    QTest::newRow("3451517675") << u"3451517675"_s << QString();
    QTest::newRow("3366800663") << u"3366800663"_s << QString();
    QTest::newRow("mod 11 = 10 -> 0: 2182917600") << u"2182917600"_s << QString();
    // -9 mod 11 is 2 (mathematical mod), not -9 as C++'s % would say.
    QTest::newRow("negative sum: 900000000 -> 2") << u"9000000002"_s << QString();

    QTest::newRow("documented invalid example") << u"1759013770"_s << u"tax_id.ipn_checksum"_s;
    QTest::newRow("negative sum, C++ remainder") << u"9000000009"_s << u"tax_id.ipn_checksum"_s;
    QTest::newRow("nine digits") << u"175901377"_s << u"tax_id.ipn_format"_s;
    QTest::newRow("letters") << u"VV59013776"_s << u"tax_id.ipn_format"_s;
    QTest::newRow("grouped") << u"25 30 41 40 71"_s << u"tax_id.ipn_format"_s;
}

void TestTaxId::ipn()
{
    QFETCH(QString, number);
    QFETCH(QString, error);

    const oblik::Error e = validateIpn(number);
    QCOMPARE(e.code(), error);
    if (!error.isEmpty())
        QCOMPARE(e.field(), u"ipn"_s);
    if (error.isEmpty() || error.endsWith(u"checksum"_s)) {
        const QString completed = completeIpn(number.left(9));
        QCOMPARE(completed == number, error.isEmpty());
        QVERIFY(validateIpn(completed).isNull());
    }
}

void TestTaxId::completeRejectsBadInput()
{
    QVERIFY(completeEdrpou(u"000321"_s).isEmpty());
    QVERIFY(completeEdrpou(u"0003212a"_s).isEmpty());
    QVERIFY(completeIpn(u"17590137"_s).isEmpty());
    QVERIFY(completeIpn(u"17590137x"_s).isEmpty());
    QCOMPARE(completeEdrpou(u"0003212"_s), u"00032129"_s);
    QCOMPARE(completeIpn(u"175901377"_s), u"1759013776"_s);
}

QTEST_GUILESS_MAIN(TestTaxId)
#include "tst_taxid.moc"
