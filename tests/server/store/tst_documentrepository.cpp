// store::DocumentRepository (migration 8, docs/documents.md) on both drivers: a stored document comes
// back byte for byte (binary content with every byte value, a large one bound as QByteArray), the
// unique key keeps the first row and store() answers it, concurrent writers of one key leave one row,
// and the list is per account without bytes.

#include "storefixture.h"
#include "storetest.h"

#include "store/documentrepository.h"
#include "store/migrator.h"
#include "store/sqlsupport.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QThread>

using namespace oblik;
using namespace oblik::store;
using namespace Qt::StringLiterals;
using test::insertRow;

class TestDocumentRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { test::addDriverRows(); }
    void init();
    void storesAndFindsBytes();
    void conflictKeepsTheFirst();
    void concurrentWritersLeaveOneRow();
    void listsPerAccount();

private:
    DocumentWrite write(const QString &number, const QByteArray &content, AccountId account) const;

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    qint64 m_a1 = 0, m_a2 = 0;
};

void TestDocumentRepository::init()
{
    OBLIK_FRESH_DATABASE(url, m_dir);
    OBLIK_OPEN_DATABASE(db, url);
    m_db = std::move(db);
    QVERIFY(Migrator(*m_db).migrate().ok());
    QSqlDatabase c = m_db->connection();
    const qint64 supplier = insertRow(c, u"suppliers"_s,
                                      {{"name", u"ТОВ «Енергозбут»"_s},
                                       {"edrpou", u"11111111"_s},
                                       {"iban", u"UA1"_s},
                                       {"address", u"Житомир"_s},
                                       {"ipn", u"111111110629"_s},
                                       {"bank", u"АТ КБ «ПриватБанк»"_s},
                                       {"payment_qr", 1}});
    const qint64 district = insertRow(
        c, u"districts"_s,
        {{"supplier_id", supplier}, {"code", u"18-07"_s}, {"name", u"РЕМ"_s}, {"address", u"Радомишль"_s}});
    const qint64 consumer = insertRow(c, u"consumers"_s,
                                      {{"district_id", district},
                                       {"kind", u"legal"_s},
                                       {"name", u"ТОВ «Тетерів-Хліб»"_s},
                                       {"name_folded", foldForSearch(u"ТОВ «Тетерів-Хліб»"_s)},
                                       {"address", u"Радомишль"_s},
                                       {"bank", u"АТ «Ощадбанк»"_s}});
    const qint64 contract = insertRow(c, u"contracts"_s,
                                      {{"consumer_id", consumer},
                                       {"number", u"K-1"_s},
                                       {"signed_on", u"2019-01-14"_s},
                                       {"consumer_class", u"class_2"_s},
                                       {"billing_day", 1},
                                       {"window_working_days", 5}});
    m_a1 = insertRow(
        c, u"accounts"_s,
        {{"contract_id", contract}, {"number", u"1"_s}, {"address", u"a"_s}, {"opened_on", u"2019-02-01"_s}});
    m_a2 = insertRow(
        c, u"accounts"_s,
        {{"contract_id", contract}, {"number", u"2"_s}, {"address", u"b"_s}, {"opened_on", u"2019-02-01"_s}});
    QVERIFY(m_a1 > 0 && m_a2 > 0);
}

DocumentWrite TestDocumentRepository::write(const QString &number, const QByteArray &content,
                                            AccountId account) const
{
    DocumentWrite w;
    w.key = {DocumentKind::ReadingsAct, account, Period(2026, 10), number, u"uk"_s};
    w.content = content;
    w.pages = 2;
    w.createdAt = 1'780'000'000'000;
    return w;
}

void TestDocumentRepository::storesAndFindsBytes()
{
    QByteArray content;
    for (int i = 0; i < 3 * 1024 * 1024; ++i) // every byte value, zeros included, 3 MB
        content += char(i * 7 % 256);
    DocumentRepository repo(*m_db);
    QVERIFY(repo.find(write(u"A-1"_s, {}, AccountId(m_a1)).key).value() == std::nullopt);
    auto stored = repo.store(write(u"A-1"_s, content, AccountId(m_a1)));
    QVERIFY2(stored.ok(), qPrintable(stored.error().detail()));
    QVERIFY(stored.value().inserted);
    QCOMPARE(stored.value().info.sha256,
             QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex()));
    QCOMPARE(stored.value().info.size, qint64(content.size()));
    auto found = repo.find(write(u"A-1"_s, {}, AccountId(m_a1)).key);
    QVERIFY(found.ok() && found.value());
    QVERIFY(found.value()->content == content);
    QCOMPARE(found.value()->info.pages, 2);
    QCOMPARE(found.value()->info.signatureStatus, u"unsigned"_s);
    QCOMPARE(found.value()->info.key.period, Period(2026, 10));
    // Another language is another document.
    DocumentWrite ru = write(u"A-1"_s, "ru", AccountId(m_a1));
    ru.key.language = u"ru"_s;
    QVERIFY(repo.store(ru).value().inserted);
}

void TestDocumentRepository::conflictKeepsTheFirst()
{
    DocumentRepository repo(*m_db);
    QVERIFY(repo.store(write(u"A-2"_s, "first", AccountId(m_a1))).value().inserted);
    auto second = repo.store(write(u"A-2"_s, "second", AccountId(m_a1)));
    QVERIFY2(second.ok(), qPrintable(second.error().detail()));
    QVERIFY(!second.value().inserted);
    QCOMPARE(second.value().content, QByteArray("first"));
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"SELECT COUNT(*) FROM documents"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

void TestDocumentRepository::concurrentWritersLeaveOneRow()
{
    // Eight threads with their own connections store the same key with different bytes at once.
    QList<QByteArray> answers(8);
    QList<QThread *> threads;
    for (int i = 0; i < 8; ++i) {
        threads.append(QThread::create([this, i, &answers] {
            auto r = DocumentRepository(*m_db).store(
                write(u"A-3"_s, "writer " + QByteArray::number(i), AccountId(m_a1)));
            answers[i] = r.ok() ? r.value().content : QByteArray("error: ") + r.error().detail().toUtf8();
        }));
    }
    for (QThread *t : threads)
        t->start();
    for (QThread *t : threads) {
        t->wait();
        delete t;
    }
    for (const QByteArray &a : answers) {
        QVERIFY2(a.startsWith("writer "), a.constData());
        QCOMPARE(a, answers.first());
    }
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"SELECT COUNT(*) FROM documents"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

void TestDocumentRepository::listsPerAccount()
{
    DocumentRepository repo(*m_db);
    QVERIFY(repo.store(write(u"A-4"_s, "x", AccountId(m_a1))).ok());
    DocumentWrite older = write(u"A-5"_s, "y", AccountId(m_a1));
    older.key.period = Period(2026, 9);
    older.key.kind = DocumentKind::InvoicePackage;
    QVERIFY(repo.store(older).ok());
    QVERIFY(repo.store(write(u"B-1"_s, "z", AccountId(m_a2))).ok());
    auto list = repo.list(AccountId(m_a1));
    QVERIFY(list.ok());
    QCOMPARE(list.value().size(), 2);
    QCOMPARE(list.value().at(0).key.number, u"A-4"_s); // newest period first
    QCOMPARE(list.value().at(1).key.kind == DocumentKind::InvoicePackage, true);
    QCOMPARE(list.value().at(1).size, qint64(1));
}

QTEST_GUILESS_MAIN(TestDocumentRepository)
#include "tst_documentrepository.moc"
