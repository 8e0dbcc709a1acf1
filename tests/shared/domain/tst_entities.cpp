// The stable text forms of the entity enums, as the database's CHECK constraints and the API spell them.

#include "domain/entities.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik::domain;

class TestEntities : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void texts_data();
    void texts();
    void unknownTexts_data();
    void unknownTexts();
};

void TestEntities::texts_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("value");
    QTest::addColumn<QString>("text");

    QTest::newRow("role consumer") << u"role"_s << int(Role::Consumer) << u"consumer"_s;
    QTest::newRow("role clerk") << u"role"_s << int(Role::Clerk) << u"clerk"_s;
    QTest::newRow("role admin") << u"role"_s << int(Role::Admin) << u"admin"_s;
    QTest::newRow("consumer legal") << u"consumer"_s << int(ConsumerKind::Legal) << u"legal"_s;
    QTest::newRow("consumer household") << u"consumer"_s << int(ConsumerKind::Household) << u"household"_s;
    QTest::newRow("point active") << u"point"_s << int(PointKind::Active) << u"A"_s;
    QTest::newRow("point reactive") << u"point"_s << int(PointKind::Reactive) << u"R"_s;
    QTest::newRow("point generation") << u"point"_s << int(PointKind::Generation) << u"G"_s;
    QTest::newRow("meter working") << u"meter"_s << int(MeterStatus::Working) << u"working"_s;
    QTest::newRow("meter faulty") << u"meter"_s << int(MeterStatus::Faulty) << u"faulty"_s;
    QTest::newRow("meter expired") << u"meter"_s << int(MeterStatus::VerificationExpired)
                                   << u"verification_expired"_s;
    QTest::newRow("meter removed") << u"meter"_s << int(MeterStatus::Removed) << u"removed"_s;
    QTest::newRow("zone total") << u"zone"_s << int(Zone::Total) << u"total"_s;
    QTest::newRow("zone day") << u"zone"_s << int(Zone::Day) << u"day"_s;
    QTest::newRow("zone night") << u"zone"_s << int(Zone::Night) << u"night"_s;
    QTest::newRow("zone peak") << u"zone"_s << int(Zone::Peak) << u"peak"_s;
    QTest::newRow("zone half peak") << u"zone"_s << int(Zone::HalfPeak) << u"half_peak"_s;
    QTest::newRow("reading draft") << u"reading"_s << int(ReadingState::Draft) << u"draft"_s;
    QTest::newRow("reading ready") << u"reading"_s << int(ReadingState::Ready) << u"ready"_s;
    QTest::newRow("reading submitted") << u"reading"_s << int(ReadingState::Submitted) << u"submitted"_s;
    QTest::newRow("reading processed") << u"reading"_s << int(ReadingState::Processed) << u"processed"_s;
    QTest::newRow("reading rejected") << u"reading"_s << int(ReadingState::Rejected) << u"rejected"_s;
}

// Both directions for one enum: value -> text and text -> value.
template <typename Enum>
static void checkBothWays(int value, const QString &text, std::optional<Enum> (*fromString)(const QString &))
{
    const Enum e = static_cast<Enum>(value);
    QCOMPARE(toString(e), text);
    const std::optional<Enum> back = fromString(text);
    QVERIFY(back.has_value());
    QCOMPARE(int(*back), value);
}

void TestEntities::texts()
{
    QFETCH(QString, kind);
    QFETCH(int, value);
    QFETCH(QString, text);

    if (kind == u"role"_s)
        checkBothWays<Role>(value, text, roleFromString);
    else if (kind == u"consumer"_s)
        checkBothWays<ConsumerKind>(value, text, consumerKindFromString);
    else if (kind == u"point"_s)
        checkBothWays<PointKind>(value, text, pointKindFromString);
    else if (kind == u"meter"_s)
        checkBothWays<MeterStatus>(value, text, meterStatusFromString);
    else if (kind == u"zone"_s)
        checkBothWays<Zone>(value, text, zoneFromString);
    else
        checkBothWays<ReadingState>(value, text, readingStateFromString);
}

void TestEntities::unknownTexts_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("wrong case") << u"Admin"_s;
    QTest::newRow("lower-case point kind") << u"a"_s;
    QTest::newRow("padded") << u" total"_s;
    QTest::newRow("other word") << u"superuser"_s;
}

void TestEntities::unknownTexts()
{
    QFETCH(QString, text);
    QVERIFY(!roleFromString(text));
    QVERIFY(!consumerKindFromString(text));
    QVERIFY(!pointKindFromString(text));
    QVERIFY(!meterStatusFromString(text));
    QVERIFY(!zoneFromString(text));
    QVERIFY(!readingStateFromString(text));
}

QTEST_GUILESS_MAIN(TestEntities)
#include "tst_entities.moc"
