// Typed ids: distinct types per entity, 0 means "not stored", usable as hash keys.

#include "core/ids.h"

#include <QSet>
#include <QTest>
#include <type_traits>

using namespace oblik;

// The point of the type: mixing ids of different entities, or passing a bare number, does not compile.
static_assert(!std::is_convertible_v<ConsumerId, AccountId>);
static_assert(!std::is_convertible_v<qint64, AccountId>);
static_assert(std::is_constructible_v<AccountId, qint64>);
static_assert(std::is_trivially_copyable_v<MeterId>);

class TestIds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validity();
    void comparison();
    void hashing();
};

void TestIds::validity()
{
    QVERIFY(!AccountId().isValid());
    QCOMPARE(AccountId().value(), 0);
    QVERIFY(AccountId(1).isValid());
    QVERIFY(!AccountId(-1).isValid());
    QCOMPARE(MeterId(42).value(), 42);
}

void TestIds::comparison()
{
    QCOMPARE(UserId(7), UserId(7));
    QVERIFY(UserId(7) != UserId(8));
    QVERIFY(UserId(7) < UserId(8));
}

void TestIds::hashing()
{
    const QSet<ContractId> set{ContractId(1), ContractId(2), ContractId(1)};
    QCOMPARE(set.size(), 2);
    QVERIFY(set.contains(ContractId(2)));
    QVERIFY(!set.contains(ContractId(3)));
}

QTEST_GUILESS_MAIN(TestIds)
#include "tst_ids.moc"
