// The API's JSON codecs: what the server writes the client reads back unchanged, and a body
// of the wrong shape is refused naming the JSON path of the first bad member.
#include "protocol/codec.h"
#include "protocol/problem.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik;

namespace {

domain::AccountDetail sampleAccount()
{
    domain::AccountDetail a;
    a.id = AccountId(42);
    a.number = u"2301000042"_s;
    a.address = u"м. Житомир, вул. Київська, 10"_s;
    a.openedOn = QDate(2019, 3, 1);
    a.consumer = {ConsumerId(7),
                  DistrictId(1),
                  domain::ConsumerKind::Legal,
                  u"ТОВ «Полісся-Агро»"_s,
                  u"32855961"_s,
                  QString(),
                  a.address,
                  u"UA213223130000026007233566001"_s,
                  u"+380412000000"_s,
                  u"buh@polissia.example"_s};
    a.district = {
        DistrictId(1),    SupplierId(1), u"ZHY-01"_s, u"Житомирський РЕМ"_s, u"вул. Пушкінська, 32"_s,
        u"0412 400 000"_s};
    a.supplier = {SupplierId(1), u"ТОВ «Облік Енергозбут»"_s, u"42093239"_s,
                  u"UA903052992990004149123456789"_s, u"м. Житомир"_s};
    domain::Contract c;
    c.id = ContractId(3);
    c.number = u"Д-2019/042"_s;
    c.signedOn = QDate(2019, 2, 20);
    c.consumerClass = u"2"_s;
    c.billingDay = 1;
    c.windowWorkingDays = 3;
    c.requiresSignedAct = true;
    a.contracts = {c};

    domain::Register day{RegisterId(100), domain::Zone::Day, std::nullopt};
    domain::Reading r;
    r.period = Period(2026, 10);
    r.takenOn = QDate(2026, 11, 2);
    r.value = Energy::fromMilli(123456789);
    r.consumption = Energy::fromMilli(840000);
    r.state = domain::ReadingState::Processed;
    day.lastReading = r;
    domain::Register night{RegisterId(101), domain::Zone::Night, std::nullopt};
    domain::Meter m;
    m.id = MeterId(50);
    m.number = u"0123456"_s;
    m.model = u"NIK 2303"_s;
    m.digits = 6;
    m.decimals = 2;
    m.ratio = 40;
    m.installedOn = QDate(2020, 1, 15);
    m.verificationDue = QDate(2028, 1, 15);
    m.status = domain::MeterStatus::Faulty;
    m.registers = {day, night};
    domain::MeteringPoint parent;
    parent.id = MeteringPointId(20);
    parent.code = u"62Z1234567890123"_s;
    parent.name = u"Ввід 1"_s;
    parent.kind = domain::PointKind::Active;
    parent.voltageV = 10000;
    parent.meters = {m};
    domain::MeteringPoint sub = parent;
    sub.id = MeteringPointId(21);
    sub.code = u"62Z1234567890124"_s;
    sub.kind = domain::PointKind::Generation;
    sub.parentId = MeteringPointId(20);
    sub.meters = {};
    a.objects = {domain::SiteObject{ObjectId(9), u"Цех №1"_s, a.address, {parent, sub}}};
    return a;
}

} // namespace

class TestCodec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void accountDetailRoundTrip()
    {
        const auto a = sampleAccount();
        const QByteArray wire = QJsonDocument(protocol::toJson(a)).toJson();
        const auto back = protocol::accountDetailFromJson(QJsonDocument::fromJson(wire).object());
        QVERIFY2(back.ok(), qPrintable(back.error().detail()));
        const auto &b = back.value();
        QCOMPARE(b.number, a.number);
        QCOMPARE(b.consumer.edrpou, u"32855961"_s);
        QCOMPARE(b.contracts.size(), 1);
        QCOMPARE(b.contracts[0].requiresSignedAct, true);
        QCOMPARE(b.objects.size(), 1);
        QCOMPARE(b.objects[0].meteringPoints.size(), 2);
        const auto &m = b.objects[0].meteringPoints[0].meters[0];
        QCOMPARE(m.ratio, 40);
        QVERIFY(m.status == domain::MeterStatus::Faulty);
        QCOMPARE(m.registers.size(), 2);
        QVERIFY(m.registers[0].lastReading.has_value());
        QCOMPARE(m.registers[0].lastReading->value.milli(), 123456789);
        QCOMPARE(m.registers[0].lastReading->period.toString(), u"2026-10"_s);
        QVERIFY(!m.registers[1].lastReading.has_value());
        QCOMPARE(b.objects[0].meteringPoints[1].parentId.value().value(), 20);
        QVERIFY(b.objects[0].meteringPoints[1].kind == domain::PointKind::Generation);
        // Energy travels as an exact decimal string, never a floating point number.
        QVERIFY(wire.contains("\"value\": \"123456.789\""));
    }

    void badShapeNamesPath_data()
    {
        QTest::addColumn<QString>("pointer"); // member to spoil, as a path of keys and indexes
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expectedField");
        QTest::newRow("id not a number") << u"id"_s << QJsonValue(u"x"_s) << u"id"_s;
        QTest::newRow("ratio as a string")
            << u"objects/0/metering_points/0/meters/0/ratio"_s << QJsonValue(u"40"_s)
            << u"objects[0].metering_points[0].meters[0].ratio"_s;
        QTest::newRow("unknown point kind") << u"objects/0/metering_points/1/kind"_s << QJsonValue(u"X"_s)
                                            << u"objects[0].metering_points[1].kind"_s;
        QTest::newRow("energy as a float")
            << u"objects/0/metering_points/0/meters/0/registers/0/last_reading/value"_s << QJsonValue(1.5)
            << u"objects[0].metering_points[0].meters[0].registers[0].last_reading.value"_s;
        QTest::newRow("contracts missing") << u"contracts"_s << QJsonValue() << u"contracts"_s;
    }

    void badShapeNamesPath()
    {
        QFETCH(QString, pointer);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expectedField);
        QJsonValue root = protocol::toJson(sampleAccount());
        root = spoil(root, pointer.split(u'/'), value);
        const auto r = protocol::accountDetailFromJson(root.toObject());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), u"network.bad_response"_s);
        QCOMPARE(r.error().field(), expectedField);
    }

    void problemRoundTrip()
    {
        protocol::Problem p;
        p.status = 400;
        p.title = u"Bad request"_s;
        p.detail = u"login is missing"_s;
        p.code = u"request.missing_field"_s;
        p.field = u"login"_s;
        const auto back = protocol::Problem::fromJson(p.toBytes());
        QVERIFY(back.has_value());
        QCOMPARE(back->status, 400);
        QCOMPARE(back->code, p.code);
        QCOMPARE(back->field, u"login"_s);
        QCOMPARE(back->toError().code(), p.code);
        QCOMPARE(back->toError().field(), u"login"_s);
        QVERIFY(!protocol::Problem::fromJson("<html>502</html>").has_value());
        QVERIFY(!protocol::Problem::fromJson("{\"status\":500}").has_value());
        QVERIFY(!p.toJson().contains(u"args"_s)); // written only when there are some
    }

    // The error's args travel, so the client fills calc.parameter_missing's message with the
    // parameter, its key and the period in its own language.
    void problemCarriesArgs()
    {
        const Error e = Error::make(u"calc.parameter_missing"_s, u"tariff"_s,
                                    {u"tariff"_s, u"class=legal;voltage_class=2"_s, u"2026-07"_s});
        const protocol::Problem p = protocol::Problem::fromError(422, e);
        QCOMPARE(p.toJson().value(u"args"_s).toArray().size(), 3);
        QCOMPARE(p.toJson().value(u"args"_s).toArray().at(2).toString(), u"2026-07"_s);
        const auto back = protocol::Problem::fromJson(p.toBytes());
        QVERIFY(back.has_value());
        const Error shown = back->toError();
        QCOMPARE(shown.code(), e.code());
        QCOMPARE(shown.field(), u"tariff"_s);
        QCOMPARE(shown.args(), e.args());
        QVERIFY(shown.message().contains(u"2026-07"_s));
        QVERIFY(shown.message().contains(u"class=legal;voltage_class=2"_s));
        // Without args, Retry-After is still the one argument (auth.locked).
        auto locked = protocol::Problem::fromJson(R"({"status":429,"code":"auth.locked","title":"x"})");
        QVERIFY(locked.has_value());
        locked->retryAfterS = 42;
        QCOMPARE(locked->toError().args(), QStringList{u"42"_s});
    }

private:
    static QJsonValue spoil(QJsonValue v, QStringList path, const QJsonValue &value)
    {
        const QString key = path.takeFirst();
        if (v.isArray()) {
            auto a = v.toArray();
            const int i = key.toInt();
            a[i] = path.isEmpty() ? value : spoil(a[i], path, value);
            return a;
        }
        auto o = v.toObject();
        if (path.isEmpty()) {
            if (value.isUndefined())
                o.remove(key);
            else
                o[key] = value;
        } else {
            o[key] = spoil(o[key], path, value);
        }
        return o;
    }
};

QTEST_APPLESS_MAIN(TestCodec)
#include "tst_codec.moc"
