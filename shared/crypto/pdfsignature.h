#pragma once
// The PDF side of PAdES (docs/signatures.md, "PAdES"): a signature field appended to any well-formed
// PDF by an incremental update, and the signatures already in a PDF read back. The PDF is parsed with
// libqpdf (classic xref tables, xref streams, object streams, earlier updates, existing signatures);
// the bytes of the original are never changed: the output starts with them.
// The update adds: a signature dictionary (/Type /Sig /Filter /Adobe.PPKLite /SubFilter
// ETSI.CAdES.detached, /ByteRange, /Contents <00...> reserved, /M, /Name, /Reason, /Location), an
// invisible widget annotation on the first page (/Rect [0 0 0 0], /F 132), the page with the widget
// in its /Annots, the catalog's /AcroForm (/Fields + the new field, /SigFlags 3), and a cross
// reference section of the same kind as the original's last one (table or stream) with /Prev.

#include "core/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace oblik::crypto::pdf {

struct SignatureFieldOptions
{
    QString fieldName;            // empty: "Signature<N>" with the first free N
    QString name;                 // /Name (the signer's name, for viewers)
    QString reason;               // /Reason
    QString location;             // /Location
    QDateTime signingTime;        // /M; null means now
    int contentsCapacity = 32768; // bytes reserved for the CMS (hex doubles it in the file)
    QString subFilter = QStringLiteral("ETSI.CAdES.detached");
};

struct PreparedPdf
{
    QByteArray pdf;                     // the original + the update, /Contents filled with zeros
    qint64 byteRange[4] = {0, 0, 0, 0}; // offset, length, offset, length (the hex string excluded)
    // The bytes the signature covers (both ranges joined).
    QByteArray signedBytes() const;
    QByteArray signedSha256() const;
};

// crypto.pdf_invalid (args: reason), crypto.pdf_encrypted, crypto.pdf_field_exists (args: name).
Result<PreparedPdf> prepare(const QByteArray &pdf, const SignatureFieldOptions &options);
// Writes cms (DER) as hex into the reserved /Contents. crypto.pdf_contents_too_small (args: needed
// bytes) when it does not fit.
Result<QByteArray> embed(const PreparedPdf &prepared, const QByteArray &cms);

struct EmbeddedSignature
{
    QString fieldName;
    QString subFilter; // "ETSI.CAdES.detached", "adbe.pkcs7.detached", ...
    QByteArray cms;    // /Contents without the trailing zero padding
    qint64 byteRange[4] = {0, 0, 0, 0};
    QByteArray signedBytes;   // the bytes the ranges cover (joined)
    bool rangesValid = false; // starts at 0, the gap is exactly the /Contents string, inside the file
    qint64 signedLength = 0;  // byteRange[2] + byteRange[3]
    bool coversWholeFile = false;
    QDateTime m; // /M (null when absent or unreadable)
    QString name, reason, location;
};

// Every signature field (with a /V signature dictionary) in document order. crypto.pdf_invalid.
Result<QList<EmbeddedSignature>> signatures(const QByteArray &pdf);

// The offsets just after each %%EOF marker that ends a revision (incremental updates), ascending;
// the verification uses them to tell a signature's revision from what was appended after it.
QList<qint64> revisionEnds(const QByteArray &pdf);

// True when every object changed or added after offset `from` (the later revisions) is a signature
// dictionary, a signature field or widget, the AcroForm, a page whose only change is /Annots, the
// catalog whose only change is /AcroForm, or a DSS dictionary (docs/signatures.md): the changes that
// keep earlier signatures valid. False, with what changed in *why, otherwise.
bool onlySignaturesAppendedAfter(const QByteArray &pdf, qint64 from, QString *why = nullptr);

} // namespace oblik::crypto::pdf
