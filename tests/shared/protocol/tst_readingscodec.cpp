// Round trips and refusals of the readings codecs (protocol/readings.h).

#include "protocol/readings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace oblik;
using namespace oblik::protocol;

Q_DECLARE_METATYPE(oblik::protocol::ItemResults)

class TestReadingsCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readingRoundTrip();
    void saveRequestRoundTrip();
    void itemResultsRoundTrip();
    void compactItemResults_data();
    void compactItemResults();
    void syncPageRoundTrip();
    void badReading_data();
    void badReading();
    void decideRequest();
    void replaceMeterRequest();
};

static ReadingRecord sample()
{
    ReadingRecord r;
    r.id = 123;
    r.registerId = RegisterId(55);
    r.meterId = MeterId(12);
    r.meteringPointId = MeteringPointId(7);
    r.accountId = AccountId(3);
    r.period = Period(2026, 11);
    r.takenOn = QDate(2026, 12, 1);
    r.value = Energy::fromMilli(12345678);
    r.consumption = Energy::fromMilli(840000);
    r.state = domain::ReadingState::Submitted;
    r.overrideReason = QStringLiteral("checked on site");
    r.version = 3;
    r.revision = 9876;
    r.updatedAt = QDateTime(QDate(2026, 12, 1), QTime(10, 0, 0, 5), Qt::UTC);
    return r;
}

void TestReadingsCodec::readingRoundTrip()
{
    const QJsonObject o = toJson(sample());
    QCOMPARE(o.value(QStringLiteral("value")).toString(), QStringLiteral("12345.678"));
    QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("submitted"));
    QCOMPARE(o.value(QStringLiteral("period")).toString(), QStringLiteral("2026-11"));
    auto back = readingFromJson(o);
    QVERIFY2(back.ok(), qPrintable(back.error().detail()));
    QCOMPARE(back.value().id, 123);
    QCOMPARE(back.value().registerId, RegisterId(55));
    QCOMPARE(back.value().value.milli(), 12345678);
    QCOMPARE(domain::toString(back.value().state), QStringLiteral("submitted"));
    QCOMPARE(back.value().version, 3);
    QCOMPARE(back.value().revision, 9876);
    QCOMPARE(back.value().updatedAt, sample().updatedAt);
    QCOMPARE(back.value().overrideReason, QStringLiteral("checked on site"));
}

void TestReadingsCodec::saveRequestRoundTrip()
{
    SaveReadingsRequest s;
    s.period = Period(2026, 10);
    s.submit = true;
    ReadingInput i;
    i.registerId = RegisterId(5);
    i.takenOn = QDate(2026, 11, 2);
    i.value = QStringLiteral("12 345,5");
    i.version = 2;
    i.meter = MeterSnapshot{QStringLiteral("0123"), 6, 1, 40};
    s.items = {i};
    auto back = saveReadingsRequestFromJson(toJson(s));
    QVERIFY(back.ok());
    QCOMPARE(back.value().period, Period(2026, 10));
    QVERIFY(back.value().submit);
    QCOMPARE(back.value().items.size(), 1);
    QCOMPARE(back.value().items[0].value, QStringLiteral("12 345,5"));
    QCOMPARE(back.value().items[0].version, 2);
    QVERIFY(back.value().items[0].meter);
    QCOMPARE(back.value().items[0].meter->ratio, 40);
    QCOMPARE(back.value().items[0].meter->decimals, 1);

    // The value must be a string (as typed), not a JSON number.
    QJsonObject o = toJson(s);
    QJsonArray items = o.value(QStringLiteral("items")).toArray();
    QJsonObject first = items[0].toObject();
    first.insert(QStringLiteral("value"), 12);
    items[0] = first;
    o.insert(QStringLiteral("items"), items);
    auto bad = saveReadingsRequestFromJson(o);
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().field(), QStringLiteral("items[0].value"));
}

void TestReadingsCodec::itemResultsRoundTrip()
{
    ItemResults r;
    ItemResult saved;
    saved.id = 55;
    saved.status = QStringLiteral("saved");
    saved.reading = sample();
    ItemResult refused;
    refused.id = 56;
    refused.status = QStringLiteral("refused");
    refused.problem =
        Problem::fromError(422, Error::make(QStringLiteral("reading.negative"), QStringLiteral("value")));
    r.items = {saved, refused};
    const QJsonObject o = toJson(r);
    QCOMPARE(
        o.value(QStringLiteral("items")).toArray()[1].toObject().value(QStringLiteral("register_id")).toInt(),
        56);
    auto back = itemResultsFromJson(o);
    QVERIFY(back.ok());
    QCOMPARE(back.value().items.size(), 2);
    QCOMPARE(back.value().items[0].reading->version, 3);
    QCOMPARE(back.value().items[1].problem->code, QStringLiteral("reading.negative"));
    QCOMPARE(back.value().items[1].problem->field, QStringLiteral("value"));
    QCOMPARE(back.value().items[1].problem->status, 422);
}

// The save's answer written directly (toCompactJson) is byte for byte what QJsonDocument writes from
// toJson(): every kind of item, strings that need escaping, missing dates.
void TestReadingsCodec::compactItemResults_data()
{
    QTest::addColumn<ItemResults>("results");
    const auto one = [](ItemResult x) {
        ItemResults r;
        r.items = {x};
        return r;
    };
    ItemResult saved;
    saved.id = 55;
    saved.status = QStringLiteral("saved");
    saved.reading = sample();
    ItemResult refused;
    refused.id = 56;
    refused.status = QStringLiteral("refused");
    refused.problem =
        Problem::fromError(422, Error::make(QStringLiteral("reading.negative"), QStringLiteral("value")));
    ItemResult conflict;
    conflict.id = 57;
    conflict.status = QStringLiteral("conflict");
    conflict.reading = sample();
    conflict.problem = Problem::fromError(409, Error::make(QStringLiteral("reading.version_conflict"),
                                                           QStringLiteral("version"), {},
                                                           QStringLiteral("the reading is at version 3")));
    ItemResult decided = saved;
    decided.byReadingId = true;
    decided.id = 123;
    ItemResult escaped = saved;
    escaped.reading->rejectionReason =
        QStringLiteral("Показ \"не той\"\\ лічильник\n\tдруга\x01 рядок \u00e9 \U0001F600");
    escaped.reading->overrideReason = QStringLiteral("a/b <c> & 'd' \x7f");
    ItemResult undated = saved;
    undated.reading->takenOn = QDate();
    undated.reading->updatedAt = QDateTime();
    undated.reading->id = 0;
    undated.reading->consumption = Energy::fromMilli(-5);
    ItemResults all;
    all.items = {saved, refused, conflict, escaped};
    QTest::newRow("none") << ItemResults();
    QTest::newRow("saved") << one(saved);
    QTest::newRow("refused") << one(refused);
    QTest::newRow("conflict") << one(conflict);
    QTest::newRow("decided (id)") << one(decided);
    QTest::newRow("escaped strings") << one(escaped);
    QTest::newRow("no dates") << one(undated);
    QTest::newRow("mixed batch") << all;
}

void TestReadingsCodec::compactItemResults()
{
    QFETCH(ItemResults, results);
    QCOMPARE(toCompactJson(results), QJsonDocument(toJson(results)).toJson(QJsonDocument::Compact));
}

void TestReadingsCodec::syncPageRoundTrip()
{
    SyncPage p;
    p.items = {sample()};
    p.next = QStringLiteral("9876");
    p.more = true;
    const QJsonObject o = toJson(p);
    QCOMPARE(
        o.value(QStringLiteral("items")).toArray()[0].toObject().value(QStringLiteral("type")).toString(),
        QStringLiteral("reading"));
    auto back = syncPageFromJson(o);
    QVERIFY(back.ok());
    QCOMPARE(back.value().next, QStringLiteral("9876"));
    QVERIFY(back.value().more);
    QCOMPARE(back.value().items[0].revision, 9876);
}

void TestReadingsCodec::badReading_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("state unknown") << "state" << QJsonValue(QStringLiteral("draft?"));
    QTest::newRow("value not energy") << "value" << QJsonValue(QStringLiteral("twelve"));
    QTest::newRow("period bad") << "period" << QJsonValue(QStringLiteral("2026-13"));
    QTest::newRow("version text") << "version" << QJsonValue(QStringLiteral("3"));
    QTest::newRow("taken_on bad") << "taken_on" << QJsonValue(QStringLiteral("2026-02-30"));
}

void TestReadingsCodec::badReading()
{
    QFETCH(QString, member);
    QFETCH(QJsonValue, value);
    QJsonObject o = toJson(sample());
    o.insert(member, value);
    auto r = readingFromJson(o);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code(), QStringLiteral("network.bad_response"));
    QCOMPARE(r.error().field(), member);
}

void TestReadingsCodec::decideRequest()
{
    DecideRequest d;
    d.ids = {1, 2};
    d.action = QStringLiteral("reject");
    d.reason = QStringLiteral("photo unreadable");
    auto back = decideRequestFromJson(toJson(d));
    QVERIFY(back.ok());
    QCOMPARE(back.value().ids, (QList<qint64>{1, 2}));
    QCOMPARE(back.value().reason, QStringLiteral("photo unreadable"));
    QJsonObject o = toJson(d);
    o.insert(QStringLiteral("action"), QStringLiteral("maybe"));
    QCOMPARE(decideRequestFromJson(o).error().field(), QStringLiteral("action"));
}

void TestReadingsCodec::replaceMeterRequest()
{
    ReplaceMeterRequest r;
    r.period = Period(2026, 10);
    r.takenOn = QDate(2026, 11, 3);
    r.closing = {{RegisterId(5), QStringLiteral("1234.5")}};
    r.newMeter.number = QStringLiteral("N-1");
    r.newMeter.model = QStringLiteral("NIK");
    r.newMeter.digits = 7;
    r.newMeter.decimals = 1;
    r.newMeter.ratio = 30;
    r.newMeter.verificationDue = QDate(2040, 1, 1);
    r.zones = {domain::Zone::Day, domain::Zone::Night};
    r.opening = {{domain::Zone::Day, QStringLiteral("1")}, {domain::Zone::Night, QStringLiteral("2")}};
    auto back = replaceMeterRequestFromJson(toJson(r));
    QVERIFY2(back.ok(), qPrintable(back.error().detail()));
    QCOMPARE(back.value().closing.size(), 1);
    QCOMPARE(back.value().closing[0].registerId, RegisterId(5));
    QCOMPARE(back.value().newMeter.ratio, 30);
    QCOMPARE(back.value().zones.size(), 2);
    QCOMPARE(domain::toString(back.value().opening[1].zone), QStringLiteral("night"));
    QJsonObject o = toJson(r);
    QJsonObject m = o.value(QStringLiteral("new_meter")).toObject();
    m.insert(QStringLiteral("zones"), QJsonArray{QStringLiteral("evening")});
    o.insert(QStringLiteral("new_meter"), m);
    auto bad = replaceMeterRequestFromJson(o);
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().field(), QStringLiteral("new_meter.zones[0]"));
}

QTEST_GUILESS_MAIN(TestReadingsCodec)
#include "tst_readingscodec.moc"
