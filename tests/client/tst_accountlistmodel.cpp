// AccountListModel and ContractListModel: model tester, rows and columns from the fixtures.

#include "fixtures.h"
#include "models/accountlistmodel.h"
#include "models/contractlistmodel.h"

#include "translations/languages.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Qt::StringLiterals;
using oblik::client::AccountListModel;
using oblik::client::ContractListModel;

class TestListModels : public QObject
{
    Q_OBJECT
    oblik::i18n::Translators m_translators;
private Q_SLOTS:
    void initTestCase()
    {
        // English texts with their plural forms, and British dates (dd/MM/yyyy).
        QVERIFY(m_translators.install(u"en"_s));
    }

    void accountsPassModelTester()
    {
        AccountListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAccounts(oblik::testing::accountListFixture().items);
        model.retranslate();
        model.setAccounts({});
        model.setAccounts(oblik::testing::accountListFixture().items);
    }

    void accountRows()
    {
        AccountListModel model;
        model.setAccounts(oblik::testing::accountListFixture().items);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(AccountListModel::ColumnCount));
        QCOMPARE(model.index(1, AccountListModel::NumberColumn).data().toString(), u"2001234568"_s);
        QCOMPARE(model.index(1, AccountListModel::ConsumerColumn).data().toString(),
                 u"ФОП Коваленко Ірина Петрівна"_s);
        QCOMPARE(model.index(1, AccountListModel::ContractColumn).data().toString(), u"ЕП-2021/0311"_s);
        QCOMPARE(model.index(2, AccountListModel::ConsumerColumn).data(Qt::ToolTipRole).toString(),
                 u"Household"_s);
        QCOMPARE(model.index(2, 3).data(AccountListModel::AccountIdRole).toLongLong(), 103);
        QCOMPARE(model.headerData(AccountListModel::AddressColumn, Qt::Horizontal).toString(), u"Address"_s);
        QVERIFY(model.accountAt(model.index(0, 0)));
        QVERIFY(!model.accountAt(QModelIndex()));
    }

    void filterMatchesAnyColumn_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<int>("rows");
        QTest::newRow("empty") << QString() << 3;
        QTest::newRow("number prefix") << u"20012345"_s << 2;
        QTest::newRow("consumer, other case") << u"мельник"_s << 1;
        QTest::newRow("address") << u"Лісова"_s << 1;
        QTest::newRow("contract") << u"2021/"_s << 1;
        QTest::newRow("nothing") << u"zzz"_s << 0;
    }

    void filterMatchesAnyColumn()
    {
        QFETCH(QString, filter);
        QFETCH(int, rows);
        AccountListModel model;
        model.setAccounts(oblik::testing::accountListFixture().items);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setFilterRole(AccountListModel::SearchTextRole);
        proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
        proxy.setFilterFixedString(filter);
        QCOMPARE(proxy.rowCount(), rows);
    }

    void contractsPassModelTester()
    {
        ContractListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setContracts(oblik::testing::accountFixture().contracts);
        model.retranslate();
        model.setContracts({});
    }

    void consumerClassText_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("expected");
        QTest::newRow("en class 1") << u"en"_s << u"class_1"_s << u"Class 1 (35 kV and above)"_s;
        QTest::newRow("uk class 2") << u"uk"_s << u"class_2"_s << u"2 клас (нижче 35 кВ)"_s;
        QTest::newRow("ru class 1") << u"ru"_s << u"class_1"_s << u"1 класс (35 кВ и выше)"_s;
        QTest::newRow("unknown code as it is") << u"uk"_s << u"special"_s << u"special"_s;
    }

    void consumerClassText()
    {
        QFETCH(QString, language);
        QFETCH(QString, code);
        QFETCH(QString, expected);
        QVERIFY(m_translators.install(language));
        QCOMPARE(ContractListModel::consumerClassText(code), expected);
        QVERIFY(m_translators.install(u"en"_s));
    }

    void contractRows()
    {
        ContractListModel model;
        model.setContracts(oblik::testing::accountFixture().contracts);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ContractListModel::NumberColumn).data().toString(), u"ЕП-2019/0042"_s);
        QCOMPARE(model.index(0, ContractListModel::SignedOnColumn).data().toString(), u"10/01/2019"_s);
        QCOMPARE(model.index(0, ContractListModel::BillingDayColumn).data().toInt(), 1);
        QCOMPARE(model.index(0, ContractListModel::WindowColumn).data().toString(), u"3 working days"_s);
        QCOMPARE(model.index(0, ContractListModel::SignedActColumn).data().toString(), u"Yes"_s);
        QCOMPARE(model.index(0, ContractListModel::SelfCalculationColumn).data().toString(), u"No"_s);
        QCOMPARE(model.index(1, ContractListModel::SelfCalculationColumn).data().toString(), u"Yes"_s);
        QCOMPARE(model.index(1, 0).data(ContractListModel::ContractIdRole).toLongLong(), 52);
    }
};

QTEST_MAIN(TestListModels)
#include "tst_accountlistmodel.moc"
