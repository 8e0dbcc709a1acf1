// Clock: the system clock tells real UTC time; FixedClock stands still until a test moves it.

#include "core/clock.h"

#include <QTest>
#include <QTimeZone>

using namespace std::chrono_literals;
using oblik::Clock;
using oblik::FixedClock;

class TestClock : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void systemClock();
    void fixedClock();
    void usedThroughTheBase();
};

void TestClock::systemClock()
{
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const QDateTime now = Clock::system().now();
    const QDateTime after = QDateTime::currentDateTimeUtc();
    QCOMPARE(now.timeSpec(), Qt::UTC);
    QVERIFY(before <= now && now <= after);
    QCOMPARE(&Clock::system(), &Clock::system());
}

void TestClock::fixedClock()
{
    const QDateTime start(QDate(2026, 10, 31), QTime(23, 59, 30), Qt::UTC);
    FixedClock clock(start);
    QCOMPARE(clock.now(), start);
    QCOMPARE(clock.now(), start); // does not move by itself

    clock.advance(45s);
    QCOMPARE(clock.now(), QDateTime(QDate(2026, 11, 1), QTime(0, 0, 15), Qt::UTC));

    clock.advance(-15s);
    QCOMPARE(clock.now(), QDateTime(QDate(2026, 11, 1), QTime(0, 0, 0), Qt::UTC));

    // A local time is kept as the same instant.
    const QDateTime offset(QDate(2026, 1, 1), QTime(12, 0), QTimeZone(2 * 3600));
    clock.set(offset);
    QCOMPARE(clock.now(), offset);
    QCOMPARE(clock.now().timeSpec(), Qt::UTC);
    QCOMPARE(clock.now().time(), QTime(10, 0));
}

void TestClock::usedThroughTheBase()
{
    FixedClock fixed(QDateTime(QDate(2026, 3, 15), QTime(12, 0), Qt::UTC));
    const Clock &clock = fixed;
    QCOMPARE(clock.now().date(), QDate(2026, 3, 15));
    // Noon UTC is the same date in every time zone within +-11 hours, Kyiv included.
    QCOMPARE(clock.today(), QDate(2026, 3, 15));
}

QTEST_GUILESS_MAIN(TestClock)
#include "tst_clock.moc"
