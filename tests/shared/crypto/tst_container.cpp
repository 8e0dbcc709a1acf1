// zipArchive, asicS and readZip (container.h) against the outside tools: `unzip -t` accepts the
// archives, `unzip -p` gives the bytes back, and readZip reads what zip (deflated) makes.
#include "crypto/container.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace oblik;
using namespace oblik::crypto;

namespace {

QByteArray run(const QString &program, const QStringList &args, int *exitCode = nullptr,
               const QString &dir = {})
{
    QProcess p;
    if (!dir.isEmpty())
        p.setWorkingDirectory(dir);
    p.start(program, args);
    p.waitForFinished(60000);
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace

class TstContainer : public QObject
{
    Q_OBJECT
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void zipReadsWithUnzip()
    {
        QByteArray binary;
        for (int i = 0; i < 70000; ++i)
            binary += char(i * 7 % 256);
        const QList<ZipEntry> entries{
            {QStringLiteral("KV-2026-15.pdf"), QByteArray("%PDF-1.7 fake"),
             QDateTime(QDate(2026, 11, 25), QTime(14, 30, 12))},
            {QStringLiteral("KV-2026-15.1.p7s"), binary, {}},
            {QStringLiteral("звіт/signatures.txt"), QStringLiteral("Підпис 1: дійсний\n").toUtf8(), {}},
            {QStringLiteral("empty.txt"), QByteArray(), {}},
        };
        const Result<QByteArray> zip = zipArchive(entries);
        QVERIFY(zip.ok());
        const QString path = m_tmp.path() + QStringLiteral("/a.zip");
        QVERIFY(writeFile(path, zip.value()));
        int rc = -1;
        const QByteArray tested = run(QStringLiteral("unzip"), {QStringLiteral("-t"), path}, &rc);
        QVERIFY2(rc == 0, tested.constData());
        QVERIFY(tested.contains("No errors detected"));
        for (const ZipEntry &e : entries)
            QCOMPARE(run(QStringLiteral("unzip"), {QStringLiteral("-p"), path, e.name}), e.data);
        // The DOS time as unzip lists it (local time, 2-second resolution).
        const QByteArray listing = run(QStringLiteral("unzip"), {QStringLiteral("-l"), path});
        QVERIFY2(listing.contains("2026-11-25 14:30") || listing.contains("11-25-2026 14:30"),
                 listing.constData());

        const Result<QList<ZipEntry>> back = readZip(zip.value());
        QVERIFY(back.ok());
        QCOMPARE(back.value().size(), entries.size());
        for (int i = 0; i < entries.size(); ++i) {
            QCOMPARE(back.value().at(i).name, entries.at(i).name);
            QCOMPARE(back.value().at(i).data, entries.at(i).data);
        }
        QCOMPARE(back.value().at(0).modified, QDateTime(QDate(2026, 11, 25), QTime(14, 30, 12)));
    }

    void invalidNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("absolute") << QStringLiteral("/etc/passwd");
        QTest::newRow("parent") << QStringLiteral("../x.pdf");
        QTest::newRow("parent inside") << QStringLiteral("a/../../x.pdf");
        QTest::newRow("backslash") << QStringLiteral("a\\b.pdf");
        QTest::newRow("drive") << QStringLiteral("C:x.pdf");
    }
    void invalidNames()
    {
        QFETCH(QString, name);
        const Result<QByteArray> zip = zipArchive({{name, QByteArray("x"), {}}});
        QVERIFY(!zip.ok());
        QCOMPARE(zip.error().code(), QStringLiteral("crypto.zip_invalid_name"));
    }

    void asicSLayout()
    {
        const QByteArray doc("document bytes"), cms("\x30\x80 fake cms");
        const Result<QByteArray> asic = asicS(QStringLiteral("KV-2026-15.pdf"), doc, cms);
        QVERIFY(asic.ok());
        // ETSI EN 319 162-1: "mimetype" is the first entry, stored, with no extra field, so that its
        // content sits at offset 38.
        QCOMPARE(asic.value().mid(30, 8), QByteArray("mimetype"));
        QCOMPARE(asic.value().mid(38, 31), QByteArray("application/vnd.etsi.asic-s+zip"));
        const Result<QList<ZipEntry>> back = readZip(asic.value());
        QVERIFY(back.ok());
        QCOMPARE(back.value().size(), 3);
        QCOMPARE(back.value().at(1).name, QStringLiteral("KV-2026-15.pdf"));
        QCOMPARE(back.value().at(1).data, doc);
        QCOMPARE(back.value().at(2).name, QStringLiteral("META-INF/signature.p7s"));
        QCOMPARE(back.value().at(2).data, cms);
        const QString path = m_tmp.path() + QStringLiteral("/a.asics");
        QVERIFY(writeFile(path, asic.value()));
        int rc = -1;
        run(QStringLiteral("unzip"), {QStringLiteral("-t"), path}, &rc);
        QCOMPARE(rc, 0);
    }

    void readsDeflatedZipFromZip()
    {
        QByteArray text;
        for (int i = 0; i < 2000; ++i)
            text += "line " + QByteArray::number(i) + " of a compressible text\n";
        const QString dir = m_tmp.path() + QStringLiteral("/z");
        QDir().mkpath(dir + QStringLiteral("/sub"));
        QVERIFY(writeFile(dir + QStringLiteral("/sub/t.txt"), text));
        int rc = -1;
        run(QStringLiteral("zip"),
            {QStringLiteral("-q"), QStringLiteral("-r"), QStringLiteral("../z.zip"), QStringLiteral(".")},
            &rc, dir);
        if (rc == 127 || rc == -1)
            QSKIP("zip is not installed");
        QCOMPARE(rc, 0);
        QFile f(m_tmp.path() + QStringLiteral("/z.zip"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray zip = f.readAll();
        QVERIFY(zip.size() < text.size() / 4); // really deflated
        const Result<QList<ZipEntry>> back = readZip(zip);
        QVERIFY(back.ok());
        QCOMPARE(back.value().size(), 1); // the folder entry is skipped
        QCOMPARE(back.value().front().name, QStringLiteral("sub/t.txt"));
        QCOMPARE(back.value().front().data, text);
    }

    void brokenZip()
    {
        QCOMPARE(readZip("not a zip").error().code(), QStringLiteral("crypto.zip_invalid"));
        QByteArray zip = zipArchive({{QStringLiteral("a.txt"), QByteArray("hello"), {}}}).value();
        zip[30 + 5] = 'X'; // a data byte: the CRC no longer matches
        QCOMPARE(readZip(zip).error().code(), QStringLiteral("crypto.zip_invalid"));
        // A central directory that claims a 4 GB entry is refused before anything is allocated.
        QByteArray huge = zipArchive({{QStringLiteral("a.txt"), QByteArray("hello"), {}}}).value();
        const qsizetype central = huge.indexOf("PK\x01\x02");
        QVERIFY(central > 0);
        huge[central + 10] = 8; // deflated
        for (int i = 0; i < 4; ++i)
            huge[central + 24 + i] = char(0xf0 | i);
        QCOMPARE(readZip(huge).error().code(), QStringLiteral("crypto.zip_invalid"));
    }
};

QTEST_GUILESS_MAIN(TstContainer)
#include "tst_container.moc"
