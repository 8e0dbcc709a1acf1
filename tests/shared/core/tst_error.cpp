// Error and Result: codes, arguments, and the one catalog of translated messages.

#include "core/error.h"
#include "core/errorcatalog.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;
using oblik::Error;
using oblik::Result;

namespace {

// Marks every text it translates, so the test can see that messages pass through translation
// under the catalog's context.
class MarkingTranslator : public QTranslator
{
public:
    QString translate(const char *context, const char *sourceText, const char * = nullptr,
                      int = -1) const override
    {
        if (qstrcmp(context, "oblik::Error") != 0)
            return {};
        return u"[uk] "_s + QString::fromUtf8(sourceText);
    }
    bool isEmpty() const override { return false; }
};

const QString kGenericPrefix = u"An unexpected error occurred"_s;

} // namespace

class TestError : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nullError();
    void make();
    void result();
    void catalogHasCode_data();
    void catalogHasCode();
    void catalogTexts();
    void arguments_data();
    void arguments();
    void unknownCode();
    void translated();
};

void TestError::nullError()
{
    const Error e;
    QVERIFY(e.isNull());
    QVERIFY(e.message().isEmpty());
    QCOMPARE(e, Error());
}

void TestError::make()
{
    const Error e = Error::make(u"reading.too_many_digits"_s, u"value"_s, {u"6"_s}, u"1234567 on M-1"_s);
    QVERIFY(!e.isNull());
    QCOMPARE(e.code(), u"reading.too_many_digits"_s);
    QCOMPARE(e.field(), u"value"_s);
    QCOMPARE(e.args(), QStringList{u"6"_s});
    QCOMPARE(e.detail(), u"1234567 on M-1"_s);
    const Error moved = e.withField(u"registers[0].value"_s);
    QCOMPARE(moved.field(), u"registers[0].value"_s);
    QCOMPARE(moved.code(), e.code());
    QVERIFY(moved != e);
}

void TestError::result()
{
    const Result<int> good = 5;
    QVERIFY(good.ok());
    QVERIFY(bool(good));
    QCOMPARE(good.value(), 5);
    QVERIFY(good.error().isNull());

    const Result<int> bad = Error::make(u"money.overflow"_s);
    QVERIFY(!bad.ok());
    QVERIFY(!bad);
    QCOMPARE(bad.error().code(), u"money.overflow"_s);
    QCOMPARE(bad.valueOr(-1), -1);

    Result<QString> text = u"moved"_s;
    const QString out = std::move(text).value();
    QCOMPARE(out, u"moved"_s);
}

void TestError::catalogHasCode_data()
{
    QTest::addColumn<QString>("code");
    // Every code of docs/architecture.md and every code other parts are told to use.
    const QStringList codes{
        u"auth.invalid_credentials"_s,
        u"auth.locked"_s,
        u"auth.unauthorized"_s,
        u"request.malformed_json"_s,
        u"request.missing_field"_s,
        u"request.invalid_field"_s,
        u"request.too_large"_s,
        u"not_found"_s,
        u"method_not_allowed"_s,
        u"server.internal"_s,
        u"db.bad_url"_s,
        u"db.open_failed"_s,
        u"db.query_failed"_s,
        u"db.migration_failed"_s,
        u"demo.not_empty"_s,
        u"money.invalid"_s,
        u"money.too_many_decimals"_s,
        u"money.overflow"_s,
        u"energy.invalid"_s,
        u"energy.too_many_decimals"_s,
        u"energy.overflow"_s,
        u"tariff.invalid"_s,
        u"tariff.too_many_decimals"_s,
        u"tariff.overflow"_s,
        u"period.invalid"_s,
        u"tax_id.edrpou_format"_s,
        u"tax_id.edrpou_checksum"_s,
        u"tax_id.ipn_format"_s,
        u"tax_id.ipn_checksum"_s,
        u"reading.not_a_number"_s,
        u"reading.negative"_s,
        u"reading.too_many_digits"_s,
        u"reading.too_many_decimals"_s,
        u"reading.less_than_previous"_s,
        u"reading.meter_faulty"_s,
        u"reading.verification_expired"_s,
        u"reading.verification_expires_soon"_s,
        u"reading.outside_window"_s,
        u"reading.out_of_range"_s,
        u"reading.sub_exceeds_parent"_s,
        u"reading.meter_changed"_s,
        u"calc.parameter_missing"_s,
        u"calc.parameter_overlap"_s,
        u"calc.invalid_coefficient"_s,
        u"calc.self_not_allowed"_s,
        u"calc.act_not_signed"_s,
        u"calc.negative_consumption"_s,
        u"calc.out_of_range"_s,
        u"calc.readings_missing"_s,
        u"calc.correction_mismatch"_s,
        u"ledger.mismatch"_s,
        u"network.unreachable"_s,
        u"network.timeout"_s,
        u"network.tls_untrusted"_s,
        u"network.bad_response"_s,
    };
    for (const QString &code : codes)
        QTest::newRow(qPrintable(code)) << code;
}

void TestError::catalogHasCode()
{
    QFETCH(QString, code);
    QVERIFY(oblik::isKnownErrorCode(code));
    const QString text = Error::make(code, {}, {u"A"_s, u"B"_s}).message();
    QVERIFY(!text.isEmpty());
    QVERIFY2(!text.startsWith(kGenericPrefix), qPrintable(text));
    QVERIFY2(!text.contains(code), "a message shows words, not the code");
}

void TestError::catalogTexts()
{
    const QStringList codes = oblik::knownErrorCodes();
    QCOMPARE(QSet<QString>(codes.begin(), codes.end()).size(), codes.size()); // no code twice
    static const QRegularExpression placeholder(u"%(\\d)"_s);
    for (const QString &code : codes) {
        // Placeholders are numbered 1..n without gaps, so that args line up by position.
        const QString raw = oblik::errorMessage(code, {});
        QVERIFY2(!raw.contains(u'%'), qPrintable(code));
        const QString marked = oblik::errorMessage(code, {u"<1>"_s, u"<2>"_s, u"<3>"_s, u"<4>"_s, u"<5>"_s});
        int highest = 0;
        for (int n = 1; n <= 5; ++n) {
            if (marked.contains(u"<%1>"_s.arg(n)))
                highest = n;
            else
                break;
        }
        for (int n = highest + 1; n <= 5; ++n)
            QVERIFY2(!marked.contains(u"<%1>"_s.arg(n)), qPrintable(code));
        QVERIFY2(!placeholder.match(marked).hasMatch(), qPrintable(code));
    }
}

void TestError::arguments_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");

    QTest::newRow("digits the meter shows")
        << u"reading.too_many_digits"_s << QStringList{u"6"_s}
        << u"The value has more digits before the decimal point than the meter shows (6)."_s;
    QTest::newRow("window dates in order")
        << u"reading.outside_window"_s << QStringList{u"2026-11-02"_s, u"2026-11-04"_s}
        << u"Readings for this period are accepted from 2026-11-02 to 2026-11-04 only."_s;
    QTest::newRow("missing argument shows an ellipsis")
        << u"reading.outside_window"_s << QStringList{u"2026-11-02"_s}
        << u"Readings for this period are accepted from 2026-11-02 to … only."_s;
    QTest::newRow("an argument is not expanded again")
        << u"reading.outside_window"_s << QStringList{u"%2"_s, u"X"_s}
        << u"Readings for this period are accepted from %2 to X only."_s;
    QTest::newRow("user text is quoted as typed")
        << u"money.invalid"_s << QStringList{u"abc"_s} << u"“abc” is not an amount of money."_s;
}

void TestError::arguments()
{
    QFETCH(QString, code);
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QCOMPARE(Error::make(code, {}, args).message(), expected);
}

void TestError::unknownCode()
{
    QVERIFY(!oblik::isKnownErrorCode(u"billing.strange"_s));
    const QString text = Error::make(u"billing.strange"_s).message();
    QVERIFY(text.startsWith(kGenericPrefix));
    QVERIFY(text.contains(u"billing.strange"_s));
}

void TestError::translated()
{
    MarkingTranslator translator;
    QVERIFY(QCoreApplication::installTranslator(&translator));
    const QString known = Error::make(u"reading.too_many_digits"_s, {}, {u"6"_s}).message();
    const QString unknown = Error::make(u"billing.strange"_s).message();
    QCoreApplication::removeTranslator(&translator);

    QCOMPARE(known, u"[uk] The value has more digits before the decimal point than the meter shows (6)."_s);
    QVERIFY(unknown.startsWith(u"[uk] "_s + kGenericPrefix));
    QVERIFY(unknown.contains(u"billing.strange"_s));
}

QTEST_GUILESS_MAIN(TestError)
#include "tst_error.moc"
