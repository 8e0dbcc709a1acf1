// readZip (container.h) on hostile archives (review of shared/crypto/container.cpp): an entry whose
// name climbs out of the folder it is extracted to must be refused; a size the data cannot have
// (more than deflate's ~1032x of the compressed bytes) is refused before anything is allocated; two
// entries sharing one local header, duplicate names, a local header naming another file, and more
// than the total uncompressed size allowed are refused.
#include "crypto/container.h"

#include <QtEndian>
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

    // Two central directory entries, one local header: a zip bomb's way to multiply one deflated
    // stream. The second entry's offset is pointed at the first one's header.
    void twoEntriesOneLocalHeader()
    {
        auto zip = zipArchive({{QStringLiteral("a.txt"), QByteArray("first"), {}},
                               {QStringLiteral("b.txt"), QByteArray("other"), {}}});
        QVERIFY(zip);
        QVERIFY(readZip(zip.value()));
        QByteArray hostile = zip.value();
        const QList<qsizetype> central = centralEntries(hostile);
        QCOMPARE(central.size(), 2);
        qToLittleEndian<quint32>(qFromLittleEndian<quint32>(hostile.constData() + central[0] + 42),
                                 hostile.data() + central[1] + 42);
        expectInvalid(readZip(hostile), QStringLiteral("share"));
    }

    // Two entries with one name (both headers renamed): tools disagree about which one is extracted.
    void duplicateNames()
    {
        auto zip = zipArchive({{QStringLiteral("a.txt"), QByteArray("first"), {}},
                               {QStringLiteral("b.txt"), QByteArray("other"), {}}});
        QVERIFY(zip);
        QByteArray hostile = zip.value();
        QCOMPARE(hostile.count("b.txt"), 2);
        hostile.replace("b.txt", "a.txt");
        expectInvalid(readZip(hostile), QStringLiteral("duplicate"));
    }

    // The local header names another file than the central directory.
    void localNameDiffers()
    {
        auto zip = zipArchive({{QStringLiteral("a.txt"), QByteArray("first"), {}}});
        QVERIFY(zip);
        QByteArray hostile = zip.value();
        const qsizetype local = hostile.indexOf("a.txt");
        QVERIFY(local >= 0 && local < centralEntries(hostile).value(0));
        hostile.replace(local, 5, "x.exe");
        expectInvalid(readZip(hostile), QStringLiteral("local header"));
    }

    // The total uncompressed size is capped (256 MB by default, lower when asked).
    void totalSizeCapped()
    {
        auto zip = zipArchive({{QStringLiteral("a.txt"), QByteArray(60, 'a'), {}},
                               {QStringLiteral("b.txt"), QByteArray(60, 'b'), {}}});
        QVERIFY(zip);
        QVERIFY(readZip(zip.value(), 120));
        expectInvalid(readZip(zip.value(), 119), QStringLiteral("uncompressed"));
        QVERIFY(readZip(zip.value()));
    }

private:
    static QList<qsizetype> centralEntries(const QByteArray &zip)
    {
        QList<qsizetype> out;
        for (qsizetype at = zip.indexOf("PK\x01\x02"); at >= 0; at = zip.indexOf("PK\x01\x02", at + 1))
            out.append(at);
        return out;
    }
    static void expectInvalid(const Result<QList<ZipEntry>> &read, const QString &why)
    {
        QVERIFY2(!read,
                 read ? qPrintable(QString::number(read.value().size()) + QStringLiteral(" entries read"))
                      : "");
        QCOMPARE(read.error().code(), QStringLiteral("crypto.zip_invalid"));
        QVERIFY2(read.error().args().join(u' ').contains(why), qPrintable(read.error().args().join(u' ')));
    }
};

QTEST_GUILESS_MAIN(TstZipHostile)
#include "tst_ziphostile.moc"
