// readZip (container.h) on hostile archives (review of shared/crypto/container.cpp): an entry whose
// name climbs out of the folder it is extracted to must be refused; a size the data cannot have
// (more than deflate's ~1032x of the compressed bytes) is refused before anything is allocated.
#include "crypto/container.h"

#include <QtTest>

using namespace oblik;
using namespace oblik::crypto;

class TstZipHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesThatClimbOut_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::newRow("parent") << QByteArray("../evil.txt");
        QTest::newRow("absolute") << QByteArray("/tmp/evil.t");
        QTest::newRow("nested parent") << QByteArray("a/../../e.t");
        QTest::newRow("backslash") << QByteArray("..\\evil.txt");
    }
    void namesThatClimbOut()
    {
        QFETCH(QByteArray, name);
        // A valid archive, then the name rewritten in both headers (same length, CRC unchanged).
        const QByteArray placeholder(name.size(), 'x');
        auto zip = zipArchive({{QString::fromLatin1(placeholder), QByteArray("payload"), {}}});
        QVERIFY(zip);
        QByteArray hostile = zip.value();
        QCOMPARE(hostile.count(placeholder), 2);
        hostile.replace(placeholder, name);
        const Result<QList<ZipEntry>> read = readZip(hostile);
        QVERIFY2(!read, read ? qPrintable(read.value().value(0).name) : "");
    }
};

QTEST_GUILESS_MAIN(TstZipHostile)
#include "tst_ziphostile.moc"
