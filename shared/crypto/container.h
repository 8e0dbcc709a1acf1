#pragma once
// A document with its signatures in one file (docs/signatures.md, "Containers"): a ZIP (the document,
// its .p7s files, a text report) or an ASiC-S container (ETSI EN 319 162-1) for CAdES signatures.
// Entries are written uncompressed ("stored"), with CRC-32, so any unzip reads them.

#include "core/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace oblik::crypto {

struct ZipEntry
{
    QString name; // "KV-2026-15.pdf", "META-INF/signature.p7s"
    QByteArray data;
    QDateTime modified; // null: now
};

// A ZIP archive of the entries in the order given. crypto.zip_invalid_name for an empty, absolute or
// "..". name.
Result<QByteArray> zipArchive(const QList<ZipEntry> &entries);

// ASiC-S: "mimetype" (application/vnd.etsi.asic-s+zip) first and stored, the document under its name,
// META-INF/signature.p7s (a detached CMS over the document; parallel SignerInfos in one CMS).
Result<QByteArray> asicS(const QString &documentName, const QByteArray &document, const QByteArray &cms);

// Reads a ZIP made by zipArchive/asicS (or any ZIP with stored or deflated entries): for tests and
// for a user who opens an .asics. crypto.zip_invalid.
// At most maxTotalSize bytes uncompressed over all entries (else crypto.zip_invalid).
Result<QList<ZipEntry>> readZip(const QByteArray &zip, qint64 maxTotalSize = 256 * 1024 * 1024);

} // namespace oblik::crypto
