// container.h: ZIP (APPNOTE 6.3.x, stored entries, no ZIP64: documents are far below 4 GB) and
// ASiC-S (ETSI EN 319 162-1 4.3: "mimetype" first, stored, without extra field).
#include "crypto/container.h"

#include <QSet>

#include <QtEndian>

#include <zlib.h>

namespace oblik::crypto {

namespace {

using namespace Qt::StringLiterals;

void put16(QByteArray &out, quint16 v)
{
    char b[2];
    qToLittleEndian(v, b);
    out.append(b, 2);
}

void put32(QByteArray &out, quint32 v)
{
    char b[4];
    qToLittleEndian(v, b);
    out.append(b, 4);
}

quint16 get16(const QByteArray &in, qsizetype at)
{
    return qFromLittleEndian<quint16>(in.constData() + at);
}

quint32 get32(const QByteArray &in, qsizetype at)
{
    return qFromLittleEndian<quint32>(in.constData() + at);
}

bool validName(const QString &name)
{
    if (name.isEmpty() || name.startsWith(u'/') || name.contains(u'\\') || name.contains(QChar(0)) ||
        (name.size() > 1 && name.at(1) == u':'))
        return false;
    for (const QString &part : name.split(u'/')) {
        if (part.isEmpty() || part == u".."_s || part == u"."_s)
            return false;
    }
    return true;
}

// MS-DOS date and time (local time, 2-second resolution, 1980..2107).
std::pair<quint16, quint16> dosTime(const QDateTime &modified)
{
    QDateTime t = (modified.isValid() ? modified : QDateTime::currentDateTime()).toLocalTime();
    const QDate d = t.date();
    const QTime tm = t.time();
    if (d.year() < 1980)
        return {0, quint16((0 << 9) | (1 << 5) | 1)};
    const quint16 time = quint16((tm.hour() << 11) | (tm.minute() << 5) | (tm.second() / 2));
    const quint16 date = quint16(((std::min(d.year(), 2107) - 1980) << 9) | (d.month() << 5) | d.day());
    return {time, date};
}

QDateTime fromDos(quint16 time, quint16 date)
{
    return QDateTime(QDate(1980 + (date >> 9), (date >> 5) & 0xf, date & 0x1f),
                     QTime(time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2));
}

Error zipInvalid(const QString &why)
{
    return Error::make(u"crypto.zip_invalid"_s, {}, {why});
}

} // namespace

Result<QByteArray> zipArchive(const QList<ZipEntry> &entries)
{
    QByteArray out, central;
    for (const ZipEntry &e : entries) {
        if (!validName(e.name))
            return Error::make(u"crypto.zip_invalid_name"_s, {}, {e.name});
        const QByteArray name = e.name.toUtf8();
        const quint32 crc = quint32(crc32(
            crc32(0, nullptr, 0), reinterpret_cast<const Bytef *>(e.data.constData()), uInt(e.data.size())));
        const auto [time, date] = dosTime(e.modified);
        const quint32 offset = quint32(out.size());
        bool ascii = true;
        for (char c : name)
            ascii = ascii && uchar(c) < 0x80;
        const quint16 flags = ascii ? 0 : 0x0800; // bit 11: the name is UTF-8

        put32(out, 0x04034b50);
        put16(out, 10); // version needed: 1.0 (stored)
        put16(out, flags);
        put16(out, 0); // stored
        put16(out, time);
        put16(out, date);
        put32(out, crc);
        put32(out, quint32(e.data.size()));
        put32(out, quint32(e.data.size()));
        put16(out, quint16(name.size()));
        put16(out, 0); // no extra field (ASiC requires none on mimetype)
        out += name;
        out += e.data;

        put32(central, 0x02014b50);
        put16(central, (3 << 8) | 20); // made by: Unix, 2.0
        put16(central, 10);
        put16(central, flags);
        put16(central, 0);
        put16(central, time);
        put16(central, date);
        put32(central, crc);
        put32(central, quint32(e.data.size()));
        put32(central, quint32(e.data.size()));
        put16(central, quint16(name.size()));
        put16(central, 0);                      // extra
        put16(central, 0);                      // comment
        put16(central, 0);                      // disk
        put16(central, 0);                      // internal attributes
        put32(central, quint32(0100644) << 16); // external: a regular file, rw-r--r--
        put32(central, offset);
        central += name;
    }
    const quint32 centralOffset = quint32(out.size());
    out += central;
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, quint16(entries.size()));
    put16(out, quint16(entries.size()));
    put32(out, quint32(central.size()));
    put32(out, centralOffset);
    put16(out, 0);
    return out;
}

Result<QByteArray> asicS(const QString &documentName, const QByteArray &document, const QByteArray &cms)
{
    const QDateTime now = QDateTime::currentDateTime();
    return zipArchive({
        {u"mimetype"_s, QByteArrayLiteral("application/vnd.etsi.asic-s+zip"), now},
        {documentName, document, now},
        {u"META-INF/signature.p7s"_s, cms, now},
    });
}

Result<QList<ZipEntry>> readZip(const QByteArray &zip, qint64 maxTotalSize)
{
    // The end of central directory record: the last signature within 64 KB + 22 of the end.
    qsizetype eocd = -1;
    for (qsizetype i = zip.size() - 22; i >= 0 && i >= zip.size() - 22 - 65535; --i) {
        if (get32(zip, i) == 0x06054b50) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0)
        return zipInvalid(u"no end of central directory"_s);
    const int count = get16(zip, eocd + 10);
    qsizetype at = get32(zip, eocd + 16);
    QList<ZipEntry> entries;
    // Overlapping entries (two names for one local header) are how zip bombs multiply a small
    // deflated stream; duplicate names or a local header naming another file than the directory
    // make extracting tools disagree about what the archive holds.
    QSet<quint32> localOffsets;
    QSet<QString> names;
    qint64 total = 0;
    for (int n = 0; n < count; ++n) {
        if (at + 46 > zip.size() || get32(zip, at) != 0x02014b50)
            return zipInvalid(u"broken central directory"_s);
        const quint16 flags = get16(zip, at + 8);
        const quint16 method = get16(zip, at + 10);
        const quint16 time = get16(zip, at + 12), date = get16(zip, at + 14);
        const quint32 crc = get32(zip, at + 16);
        const quint32 compressed = get32(zip, at + 20), size = get32(zip, at + 24);
        const quint16 nameLen = get16(zip, at + 28), extraLen = get16(zip, at + 30),
                      commentLen = get16(zip, at + 32);
        const quint32 local = get32(zip, at + 42);
        if (at + 46 + nameLen > zip.size())
            return zipInvalid(u"broken central directory"_s);
        const QByteArray rawName = zip.mid(at + 46, nameLen);
        at += 46 + nameLen + extraLen + commentLen;
        if (flags & 0x1)
            return zipInvalid(u"encrypted entry"_s);
        // Names that would climb out of the folder the entries are saved in.
        const QString entryName =
            (flags & 0x0800) ? QString::fromUtf8(rawName) : QString::fromLatin1(rawName);
        const QString checked = entryName.endsWith(u'/') ? entryName.chopped(1) : entryName;
        if (!validName(checked))
            return zipInvalid(u"unsafe entry name "_s + entryName);
        // Sizes the data cannot have: stored must match, deflate expands at most about 1032 times.
        if ((method == 0 && compressed != size) || quint64(size) > quint64(compressed) * 1032 + 1024)
            return zipInvalid(u"implausible size of "_s + entryName);
        if (qsizetype(local) + 30 > zip.size() || get32(zip, local) != 0x04034b50)
            return zipInvalid(u"broken local header"_s);
        if (localOffsets.contains(local))
            return zipInvalid(u"two entries share the data of "_s + entryName);
        localOffsets.insert(local);
        if (names.contains(entryName))
            return zipInvalid(u"duplicate entry name "_s + entryName);
        names.insert(entryName);
        const quint16 localNameLen = get16(zip, local + 26);
        if (qsizetype(local) + 30 + localNameLen > zip.size() || zip.mid(local + 30, localNameLen) != rawName)
            return zipInvalid(u"the local header names another file than "_s + entryName);
        if (qint64(size) > maxTotalSize - total)
            return zipInvalid(u"more than "_s + QString::number(maxTotalSize) + u" bytes uncompressed"_s);
        total += size;
        const qsizetype dataAt = local + 30 + get16(zip, local + 26) + get16(zip, local + 28);
        if (dataAt + qsizetype(compressed) > zip.size())
            return zipInvalid(u"truncated entry"_s);
        const QByteArray raw = zip.mid(dataAt, compressed);
        ZipEntry e;
        e.name = entryName;
        e.modified = fromDos(time, date);
        if (method == 0) {
            e.data = raw;
        } else if (method == 8) {
            z_stream s{};
            if (inflateInit2(&s, -MAX_WBITS) != Z_OK)
                return zipInvalid(u"inflate"_s);
            e.data.resize(size);
            s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(raw.constData()));
            s.avail_in = uInt(raw.size());
            s.next_out = reinterpret_cast<Bytef *>(e.data.data());
            s.avail_out = uInt(size);
            const int rc = inflate(&s, Z_FINISH);
            const bool complete = rc == Z_STREAM_END && s.total_out == size;
            inflateEnd(&s);
            if (!complete)
                return zipInvalid(u"bad deflated data in "_s + e.name);
        } else {
            return zipInvalid(u"unsupported compression method "_s + QString::number(method));
        }
        if (quint32(crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef *>(e.data.constData()),
                          uInt(e.data.size()))) != crc)
            return zipInvalid(u"CRC mismatch in "_s + e.name);
        if (e.name.endsWith(u'/'))
            continue; // a folder
        entries.append(e);
    }
    return entries;
}

} // namespace oblik::crypto
