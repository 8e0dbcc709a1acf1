// pdfsignature.h: the incremental update that adds a signature field is written here byte by byte
// after the original (ISO 32000-1 7.5.6); libqpdf only reads (every kind of cross reference, object
// streams, earlier updates) and tells which objects exist and what they contain.
#include "crypto/pdfsignature.h"

// qpdf 11: std::shared_ptr instead of its own PointerHolder.
#define POINTERHOLDER_TRANSITION 4

#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFXRefEntry.hh>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace oblik::crypto::pdf {

namespace {

using namespace Qt::StringLiterals;

Error pdfInvalid(const QString &reason)
{
    return Error::make(u"crypto.pdf_invalid"_s, {}, {reason});
}

// A QPDF over bytes that must outlive it (processMemoryFile does not copy).
struct LoadedPdf
{
    QByteArray bytes;
    std::unique_ptr<QPDF> qpdf;
};

Result<std::shared_ptr<LoadedPdf>> load(const QByteArray &bytes)
{
    auto loaded = std::make_shared<LoadedPdf>();
    loaded->bytes = bytes;
    loaded->qpdf = std::make_unique<QPDF>();
    loaded->qpdf->setSuppressWarnings(true);
    try {
        loaded->qpdf->processMemoryFile("document.pdf", loaded->bytes.constData(),
                                        size_t(loaded->bytes.size()));
        if (loaded->qpdf->isEncrypted())
            return Error::make(u"crypto.pdf_encrypted"_s);
        // Touch the catalog now so that a broken file fails here and not half way through.
        if (!loaded->qpdf->getRoot().isDictionary())
            return pdfInvalid(u"no document catalog"_s);
    } catch (const QPDFExc &e) {
        if (e.getErrorCode() == qpdf_e_password)
            return Error::make(u"crypto.pdf_encrypted"_s);
        return pdfInvalid(QString::fromStdString(e.getMessageDetail()));
    } catch (const std::exception &e) {
        return pdfInvalid(QString::fromLocal8Bit(e.what()));
    }
    return loaded;
}

QByteArray ref(QPDFObjGen og)
{
    return QByteArray::number(og.getObj()) + ' ' + QByteArray::number(og.getGen()) + " R";
}

QByteArray nameToken(const std::string &key)
{
    return QByteArray::fromStdString(QPDFObjectHandle::newName(key).unparse());
}

QByteArray unparse(QPDFObjectHandle h)
{
    return QByteArray::fromStdString(h.unparse());
}

// A text string (7.9.2.2): printable ASCII as a literal string, anything else UTF-16BE with a BOM.
QByteArray textString(const QString &text)
{
    bool ascii = true;
    for (QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e) {
            ascii = false;
            break;
        }
    }
    if (ascii) {
        QByteArray out = "(";
        for (QChar c : text) {
            const char ch = char(c.unicode());
            if (ch == '(' || ch == ')' || ch == '\\')
                out += '\\';
            out += ch;
        }
        return out + ')';
    }
    QByteArray utf16 = "\xfe\xff";
    for (QChar c : text) {
        utf16 += char(c.unicode() >> 8);
        utf16 += char(c.unicode() & 0xff);
    }
    return '<' + utf16.toHex().toUpper() + '>';
}

QByteArray pdfDate(const QDateTime &t)
{
    const QDateTime utc = t.toUTC();
    return "(D:" + utc.toString(u"yyyyMMddHHmmss"_s).toLatin1() + "+00'00')";
}

QDateTime parsePdfDate(const QString &s)
{
    static const QRegularExpression re(
        u"^D?:?(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(?:([Zz+\\-])(\\d{2})?'?(\\d{2})?'?)?"_s);
    const auto m = re.match(s.trimmed());
    if (!m.hasMatch())
        return {};
    auto num = [&](int i, int def) { return m.captured(i).isEmpty() ? def : m.captured(i).toInt(); };
    const QDate date(num(1, 0), num(2, 1), num(3, 1));
    const QTime time(num(4, 0), num(5, 0), num(6, 0));
    if (!date.isValid() || !time.isValid())
        return {};
    int offset = 0;
    const QString sign = m.captured(7);
    if (sign == u"+"_s || sign == u"-"_s)
        offset = (sign == u"-"_s ? -1 : 1) * (num(8, 0) * 3600 + num(9, 0) * 60);
    return QDateTime(date, time, QTimeZone(offset)).toUTC();
}

// The dictionary of h written out with `replaced` keys substituted (values already serialized) and
// the others as qpdf reads them (indirect values stay references).
QByteArray dictionaryWith(QPDFObjectHandle dict, const std::map<std::string, QByteArray> &replaced)
{
    QByteArray out = "<<";
    for (const std::string &key : dict.getKeys()) {
        if (replaced.count(key))
            continue;
        out += ' ' + nameToken(key) + ' ' + unparse(dict.getKey(key));
    }
    for (const auto &[key, value] : replaced)
        out += ' ' + nameToken(key) + ' ' + value;
    return out + " >>";
}

QByteArray arrayWith(QPDFObjectHandle array, const QByteArray &added)
{
    QByteArray out = "[";
    if (array.isArray()) {
        for (QPDFObjectHandle item : array.getArrayAsVector())
            out += unparse(item) + ' ';
    }
    return out + added + ']';
}

// Every field's fully qualified name (parents' /T joined with dots) and the terminal field dicts.
void collectFields(QPDFObjectHandle field, const QString &parentName, int depth,
                   QList<std::pair<QString, QPDFObjectHandle>> *out, std::set<QPDFObjGen> *seen)
{
    if (depth > 32 || !field.isDictionary())
        return;
    if (field.isIndirect()) {
        if (seen->count(field.getObjGen()))
            return;
        seen->insert(field.getObjGen());
    }
    QString name = parentName;
    if (field.hasKey("/T") && field.getKey("/T").isString()) {
        const QString t = QString::fromStdString(field.getKey("/T").getUTF8Value());
        name = parentName.isEmpty() ? t : parentName + u'.' + t;
    }
    QPDFObjectHandle kids = field.getKey("/Kids");
    bool hasFieldKids = false;
    if (kids.isArray()) {
        for (QPDFObjectHandle kid : kids.getArrayAsVector()) {
            // Kids without /T are the field's widgets, not fields of their own.
            if (kid.isDictionary() && kid.hasKey("/T")) {
                hasFieldKids = true;
                collectFields(kid, name, depth + 1, out, seen);
            }
        }
    }
    if (!hasFieldKids)
        out->append({name, field});
}

QString inheritedFt(QPDFObjectHandle field)
{
    for (int i = 0; i < 32 && field.isDictionary(); ++i) {
        if (field.hasKey("/FT") && field.getKey("/FT").isName())
            return QString::fromStdString(field.getKey("/FT").getName());
        field = field.getKey("/Parent");
    }
    return {};
}

QList<std::pair<QString, QPDFObjectHandle>> allFields(QPDF &qpdf)
{
    QList<std::pair<QString, QPDFObjectHandle>> out;
    std::set<QPDFObjGen> seen;
    QPDFObjectHandle fields = qpdf.getRoot().getKey("/AcroForm").getKey("/Fields");
    if (fields.isArray()) {
        for (QPDFObjectHandle f : fields.getArrayAsVector())
            collectFields(f, {}, 0, &out, &seen);
    }
    return out;
}

struct StartXref
{
    qint64 offset = -1;
    bool stream = false;
};

// The last startxref: where a reader starts, the /Prev of our section; and whether the section
// there is a table ("xref") or a stream object ("n g obj").
StartXref lastStartXref(const QByteArray &pdf)
{
    StartXref result;
    const qsizetype at = pdf.lastIndexOf("startxref");
    if (at < 0)
        return result;
    qsizetype i = at + 9;
    while (i < pdf.size() && QByteArrayView(" \r\n\t").contains(pdf.at(i)))
        ++i;
    qsizetype j = i;
    while (j < pdf.size() && pdf.at(j) >= '0' && pdf.at(j) <= '9')
        ++j;
    bool ok = false;
    const qint64 offset = pdf.mid(i, j - i).toLongLong(&ok);
    if (!ok || offset <= 0 || offset >= pdf.size())
        return result;
    qsizetype k = offset;
    while (k < pdf.size() && QByteArrayView(" \r\n\t\f").contains(pdf.at(k)))
        ++k;
    if (pdf.mid(k, 4) == "xref") {
        result.offset = offset;
        result.stream = false;
        return result;
    }
    static const QRegularExpression objHeader(u"^\\d+\\s+\\d+\\s+obj"_s);
    if (objHeader.match(QString::fromLatin1(pdf.mid(k, 40))).hasMatch()) {
        result.offset = offset;
        result.stream = true;
    }
    return result;
}

// The total length of the BER element at `at` (DER, or BER with indefinite lengths as NSS writes
// them: poppler's and Firefox's signatures), or -1 when it is not one.
qint64 berLength(const QByteArray &der, qint64 at = 0, int depth = 0)
{
    const qint64 size = der.size();
    const auto b = [&](qint64 i) { return quint8(der.at(i)); };
    if (depth > 64 || at + 2 > size)
        return -1;
    qint64 i = at;
    const bool constructed = b(i) & 0x20;
    if ((b(i++) & 0x1f) == 0x1f) { // high tag number
        while (i < size && (b(i) & 0x80))
            ++i;
        ++i;
    }
    if (i >= size)
        return -1;
    const quint8 first = b(i++);
    if (first == 0x80) { // indefinite: children up to the end-of-contents octets 00 00
        if (!constructed)
            return -1;
        while (i + 2 <= size) {
            if (b(i) == 0 && b(i + 1) == 0)
                return i + 2 - at;
            const qint64 child = berLength(der, i, depth + 1);
            if (child < 0)
                return -1;
            i += child;
        }
        return -1;
    }
    qint64 len = first;
    if (first & 0x80) {
        const int n = first & 0x7f;
        if (n > 4 || i + n > size)
            return -1;
        len = 0;
        for (int k = 0; k < n; ++k)
            len = (len << 8) | b(i++);
    }
    return i + len <= size ? i + len - at : -1;
}

constexpr int kRangeWidth = 10;

} // namespace

QByteArray PreparedPdf::signedBytes() const
{
    return pdf.mid(byteRange[0], byteRange[1]) + pdf.mid(byteRange[2], byteRange[3]);
}

QByteArray PreparedPdf::signedSha256() const
{
    const qint64 size = pdf.size();
    for (int i = 0; i < 4; i += 2) {
        if (byteRange[i] < 0 || byteRange[i + 1] < 0 || byteRange[i] + byteRange[i + 1] > size)
            return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView(pdf).sliced(byteRange[0], byteRange[1]));
    hash.addData(QByteArrayView(pdf).sliced(byteRange[2], byteRange[3]));
    return hash.result();
}

Result<PreparedPdf> prepare(const QByteArray &pdf, const SignatureFieldOptions &options)
{
    auto loadedResult = load(pdf);
    if (!loadedResult)
        return loadedResult.error();
    auto loaded = loadedResult.value();
    QPDF &qpdf = *loaded->qpdf;

    const StartXref startXref = lastStartXref(pdf);
    if (startXref.offset < 0)
        return pdfInvalid(u"the last startxref does not point to a cross reference section"_s);

    QByteArray out = pdf;
    if (!out.endsWith('\n') && !out.endsWith('\r'))
        out += '\n';

    std::map<int, std::pair<int, qint64>> offsets; // object number -> (generation, offset)
    auto writeObject = [&](QPDFObjGen og, const QByteArray &body) {
        offsets[og.getObj()] = {og.getGen(), out.size()};
        out += QByteArray::number(og.getObj()) + ' ' + QByteArray::number(og.getGen()) + " obj\n" + body +
               "\nendobj\n";
    };

    try {
        QPDFObjectHandle trailer = qpdf.getTrailer();
        QPDFObjectHandle root = qpdf.getRoot();
        const std::vector<QPDFObjectHandle> pages = qpdf.getAllPages();
        if (pages.empty())
            return pdfInvalid(u"the document has no pages"_s);
        QPDFObjectHandle page = pages.front();

        // New object numbers start at /Size (and past any object qpdf found beyond it).
        int next = trailer.getKey("/Size").isInteger() ? int(trailer.getKey("/Size").getIntValue()) : 1;
        for (QPDFObjectHandle o : qpdf.getAllObjects())
            next = std::max(next, o.getObjectID() + 1);

        // The field's name: given, or Signature<N> with the first free N.
        QSet<QString> names;
        for (const auto &[name, field] : allFields(qpdf))
            names.insert(name);
        QString fieldName = options.fieldName;
        if (fieldName.isEmpty()) {
            for (int n = 1;; ++n) {
                fieldName = u"Signature"_s + QString::number(n);
                if (!names.contains(fieldName))
                    break;
            }
        } else if (names.contains(fieldName)) {
            return Error::make(u"crypto.pdf_field_exists"_s, {}, {fieldName});
        }

        const QPDFObjGen sigOg(next, 0), widgetOg(next + 1, 0);
        next += 2;

        // 1. The signature dictionary with placeholders patched below.
        const int capacity = std::max(1, options.contentsCapacity);
        QByteArray sig =
            "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter " +
            nameToken("/" + options.subFilter.toStdString()) + "\n/ByteRange [0 " +
            QByteArray(kRangeWidth, 'A') + ' ' + QByteArray(kRangeWidth, 'B') + ' ' +
            QByteArray(kRangeWidth, 'C') + "]\n/M " +
            pdfDate(options.signingTime.isValid() ? options.signingTime : QDateTime::currentDateTimeUtc());
        if (!options.name.isEmpty())
            sig += "\n/Name " + textString(options.name);
        if (!options.reason.isEmpty())
            sig += "\n/Reason " + textString(options.reason);
        if (!options.location.isEmpty())
            sig += "\n/Location " + textString(options.location);
        sig += "\n/Contents <" + QByteArray(qsizetype(capacity) * 2, '0') + ">\n>>";
        writeObject(sigOg, sig);
        const qsizetype sigObjectStart = offsets[sigOg.getObj()].second;

        // 2. The field and its widget in one dictionary, invisible on the first page.
        writeObject(widgetOg, "<< /Type /Annot /Subtype /Widget /FT /Sig /T " + textString(fieldName) +
                                  " /V " + ref(sigOg) + " /Rect [0 0 0 0] /F 132 /P " +
                                  ref(page.getObjGen()) + " >>");

        // 3. The first page's /Annots (the array object itself when it is indirect).
        QPDFObjectHandle annots = page.getKey("/Annots");
        if (annots.isIndirect() && annots.isArray()) {
            writeObject(annots.getObjGen(), arrayWith(annots, ref(widgetOg)));
        } else {
            writeObject(page.getObjGen(),
                        dictionaryWith(page, {{"/Annots", arrayWith(annots, ref(widgetOg))}}));
        }

        // 4. The catalog's /AcroForm (the AcroForm object, or its /Fields array, when indirect).
        QPDFObjectHandle acroForm = root.getKey("/AcroForm");
        QPDFObjectHandle fields =
            acroForm.isDictionary() ? acroForm.getKey("/Fields") : QPDFObjectHandle::newNull();
        std::map<std::string, QByteArray> formChanges{{"/SigFlags", "3"}};
        if (fields.isIndirect() && fields.isArray())
            writeObject(fields.getObjGen(), arrayWith(fields, ref(widgetOg)));
        else
            formChanges["/Fields"] = arrayWith(fields, ref(widgetOg));
        const QByteArray form = acroForm.isDictionary()
                                    ? dictionaryWith(acroForm, formChanges)
                                    : dictionaryWith(QPDFObjectHandle::newDictionary(), formChanges);
        if (acroForm.isIndirect() && acroForm.isDictionary())
            writeObject(acroForm.getObjGen(), form);
        else
            writeObject(root.getObjGen(), dictionaryWith(root, {{"/AcroForm", form}}));

        // 5. The cross reference section, of the kind the original's last one is.
        QByteArray trailerKeys = "/Root " + ref(root.getObjGen());
        if (trailer.hasKey("/Info") && trailer.getKey("/Info").isIndirect())
            trailerKeys += " /Info " + ref(trailer.getKey("/Info").getObjGen());
        if (trailer.hasKey("/ID") && trailer.getKey("/ID").isArray())
            trailerKeys += " /ID " + unparse(trailer.getKey("/ID"));
        trailerKeys += " /Prev " + QByteArray::number(startXref.offset);

        // Subsections of consecutive object numbers.
        auto subsections = [&]() {
            QList<std::pair<int, int>> ranges; // first, count
            for (const auto &[num, entry] : offsets) {
                if (!ranges.isEmpty() && ranges.last().first + ranges.last().second == num)
                    ++ranges.last().second;
                else
                    ranges.append({num, 1});
            }
            return ranges;
        };

        const qint64 xrefOffset = out.size();
        if (!startXref.stream) {
            out += "xref\n";
            for (const auto &[first, count] : subsections()) {
                out += QByteArray::number(first) + ' ' + QByteArray::number(count) + '\n';
                for (int n = first; n < first + count; ++n) {
                    const auto &[gen, offset] = offsets[n];
                    out += QByteArray::number(offset).rightJustified(10, '0') + ' ' +
                           QByteArray::number(gen).rightJustified(5, '0') + " n\r\n";
                }
            }
            out += "trailer\n<< /Size " + QByteArray::number(next) + ' ' + trailerKeys + " >>\n";
        } else {
            const int xrefNum = next++;
            offsets[xrefNum] = {0, xrefOffset};
            QByteArray index, data;
            for (const auto &[first, count] : subsections()) {
                index += QByteArray::number(first) + ' ' + QByteArray::number(count) + ' ';
                for (int n = first; n < first + count; ++n) {
                    const auto &[gen, offset] = offsets[n];
                    data += char(1);
                    for (int shift = 24; shift >= 0; shift -= 8)
                        data += char((quint64(offset) >> shift) & 0xff);
                    data += char((gen >> 8) & 0xff);
                    data += char(gen & 0xff);
                }
            }
            out += QByteArray::number(xrefNum) + " 0 obj\n<< /Type /XRef /Size " + QByteArray::number(next) +
                   " /W [1 4 2] /Index [" + index.trimmed() + "] " + trailerKeys + " /Length " +
                   QByteArray::number(data.size()) + " >>\nstream\n" + data + "\nendstream\nendobj\n";
        }
        out += "startxref\n" + QByteArray::number(xrefOffset) + "\n%%EOF\n";

        // 6. The ByteRange: everything but the /Contents hex string, patched in place (same width).
        PreparedPdf prepared;
        const qsizetype contentsOpen = out.indexOf("/Contents <", sigObjectStart) + 10;
        const qsizetype contentsClose = contentsOpen + 1 + qsizetype(capacity) * 2;
        prepared.byteRange[0] = 0;
        prepared.byteRange[1] = contentsOpen;
        prepared.byteRange[2] = contentsClose + 1;
        prepared.byteRange[3] = out.size() - (contentsClose + 1);
        const qsizetype rangeAt = out.indexOf("/ByteRange [0 ", sigObjectStart) + 14;
        QByteArray numbers;
        for (int i = 1; i < 4; ++i)
            numbers += QByteArray::number(prepared.byteRange[i]).leftJustified(kRangeWidth, ' ') +
                       (i < 3 ? " " : "");
        out.replace(rangeAt, numbers.size(), numbers);
        prepared.pdf = out;
        return prepared;
    } catch (const QPDFExc &e) {
        return pdfInvalid(QString::fromStdString(e.getMessageDetail()));
    } catch (const std::exception &e) {
        return pdfInvalid(QString::fromLocal8Bit(e.what()));
    }
}

Result<QByteArray> embed(const PreparedPdf &prepared, const QByteArray &cms)
{
    const qint64 gapStart = prepared.byteRange[1], gapEnd = prepared.byteRange[2];
    const qint64 capacity = (gapEnd - gapStart - 2) / 2;
    if (gapStart <= 0 || gapEnd > prepared.pdf.size() || prepared.pdf.at(gapStart) != '<' ||
        prepared.pdf.at(gapEnd - 1) != '>')
        return pdfInvalid(u"the prepared PDF has no reserved /Contents"_s);
    if (cms.size() > capacity)
        return Error::make(u"crypto.pdf_contents_too_small"_s, {}, {QString::number(cms.size())});
    QByteArray out = prepared.pdf;
    const QByteArray hex = cms.toHex().toUpper();
    out.replace(gapStart + 1, hex.size(), hex);
    return out;
}

Result<QList<EmbeddedSignature>> signatures(const QByteArray &pdf)
{
    auto loadedResult = load(pdf);
    if (!loadedResult)
        return loadedResult.error();
    auto loaded = loadedResult.value();
    QList<EmbeddedSignature> result;
    try {
        const std::map<QPDFObjGen, QPDFXRefEntry> xref = loaded->qpdf->getXRefTable();
        std::set<QPDFObjGen> seenValues;
        for (auto [name, field] : allFields(*loaded->qpdf)) {
            if (inheritedFt(field) != u"/Sig"_s)
                continue;
            QPDFObjectHandle v = field.getKey("/V");
            if (!v.isDictionary())
                continue;
            EmbeddedSignature s;
            s.fieldName = name;
            if (v.getKey("/SubFilter").isName())
                s.subFilter = QString::fromStdString(v.getKey("/SubFilter").getName()).mid(1);
            QPDFObjectHandle contents = v.getKey("/Contents");
            QByteArray raw =
                contents.isString() ? QByteArray::fromStdString(contents.getStringValue()) : QByteArray();
            const qint64 len = berLength(raw);
            if (len > 0 && len <= raw.size()) {
                s.cms = raw.left(len);
            } else {
                s.cms = raw;
                while (s.cms.endsWith('\0'))
                    s.cms.chop(1);
            }
            QPDFObjectHandle range = v.getKey("/ByteRange");
            bool numeric = range.isArray() && range.getArrayNItems() == 4;
            for (int i = 0; numeric && i < 4; ++i) {
                if (!range.getArrayItem(i).isInteger())
                    numeric = false;
                else
                    s.byteRange[i] = range.getArrayItem(i).getIntValue();
            }
            const qint64 *br = s.byteRange;
            // The gap must lie inside the object that holds this dictionary (an unsigned copy of another
            // signature's /ByteRange and /Contents points at the other one's string), and one signature
            // dictionary counts for one field only.
            const QPDFObjGen holder = v.isIndirect() ? v.getObjGen() : field.getObjGen();
            bool inPlace = false;
            if (const auto entry = xref.find(holder); entry != xref.end() && entry->second.getType() == 1) {
                const qint64 start = entry->second.getOffset();
                const qint64 end = pdf.indexOf("endobj", start);
                inPlace = start < br[1] && end >= br[2];
            }
            if (v.isIndirect() && !seenValues.insert(v.getObjGen()).second)
                inPlace = false;
            // Bounds first, without adding (a hostile /ByteRange of huge numbers must not overflow).
            const qint64 size = pdf.size();
            const bool inFile = numeric && br[2] >= 0 && br[2] <= size && br[3] >= 0 && br[3] <= size - br[2];
            if (inPlace && inFile && br[0] == 0 && br[1] > 0 && br[1] < br[2] && br[2] - br[1] > 1) {
                // The gap must be exactly this dictionary's /Contents hex string.
                const QByteArray gap = pdf.mid(br[1], br[2] - br[1]);
                static const QRegularExpression hexOnly(u"^<[0-9A-Fa-f\\s]*>$"_s);
                if (hexOnly.match(QString::fromLatin1(gap)).hasMatch() &&
                    QByteArray::fromHex(gap.mid(1, gap.size() - 2)) == raw) {
                    s.rangesValid = true;
                    s.signedBytes = pdf.mid(br[0], br[1]) + pdf.mid(br[2], br[3]);
                }
            }
            if (inFile) {
                s.signedLength = br[2] + br[3];
                // Only line ends may follow the last %%EOF outside the ranges.
                s.coversWholeFile = s.rangesValid && pdf.mid(s.signedLength).trimmed().isEmpty();
            }
            if (v.getKey("/M").isString())
                s.m = parsePdfDate(QString::fromStdString(v.getKey("/M").getUTF8Value()));
            auto text = [&](const char *key) {
                QPDFObjectHandle h = v.getKey(key);
                return h.isString() ? QString::fromStdString(h.getUTF8Value()) : QString();
            };
            s.name = text("/Name");
            s.reason = text("/Reason");
            s.location = text("/Location");
            result.append(s);
        }
    } catch (const QPDFExc &e) {
        return pdfInvalid(QString::fromStdString(e.getMessageDetail()));
    } catch (const std::exception &e) {
        return pdfInvalid(QString::fromLocal8Bit(e.what()));
    }
    // Revision order: the earliest signature first.
    std::stable_sort(result.begin(), result.end(),
                     [](const EmbeddedSignature &a, const EmbeddedSignature &b) {
                         return a.signedLength < b.signedLength;
                     });
    return result;
}

QList<qint64> revisionEnds(const QByteArray &pdf)
{
    QList<qint64> ends;
    qsizetype at = 0;
    while ((at = pdf.indexOf("%%EOF", at)) >= 0) {
        qsizetype end = at + 5;
        if (end < pdf.size() && pdf.at(end) == '\r')
            ++end;
        if (end < pdf.size() && pdf.at(end) == '\n')
            ++end;
        ends.append(end);
        at = end;
    }
    return ends;
}

namespace {

QString typeOf(QPDFObjectHandle h)
{
    QPDFObjectHandle dict = h.isStream() ? h.getDict() : h;
    if (dict.isDictionary() && dict.getKey("/Type").isName())
        return QString::fromStdString(dict.getKey("/Type").getName());
    return {};
}

bool isSignatureField(QPDFObjectHandle h)
{
    if (!h.isDictionary())
        return false;
    if (inheritedFt(h) == u"/Sig"_s)
        return true;
    // A widget of a signature field (kids of a field have /Parent).
    return h.getKey("/Subtype").isName() && h.getKey("/Subtype").getName() == "/Widget" &&
           inheritedFt(h.getKey("/Parent")) == u"/Sig"_s;
}

// The field (or the parent field of this widget) already holds a value.
bool hasSignatureValue(QPDFObjectHandle h)
{
    if (!h.isDictionary())
        return false;
    if (!h.getKey("/V").isNull())
        return true;
    QPDFObjectHandle parent = h.getKey("/Parent");
    return parent.isDictionary() && !parent.getKey("/V").isNull();
}

bool isSignatureDictionary(QPDFObjectHandle h)
{
    const QString type = typeOf(h);
    return h.isDictionary() && (type == u"/Sig"_s || type == u"/DocTimeStamp"_s);
}

QByteArray contentOf(QPDFObjectHandle h)
{
    if (h.isStream()) {
        auto data = h.getRawStreamData();
        return QByteArray::fromStdString(h.getDict().unparseResolved()) + '\n' +
               QByteArray(reinterpret_cast<const char *>(data->getBuffer()), qsizetype(data->getSize()));
    }
    return QByteArray::fromStdString(h.unparseResolved());
}

bool sameExcept(QPDFObjectHandle before, QPDFObjectHandle after, const std::set<std::string> &keys)
{
    if (!before.isDictionary() || !after.isDictionary())
        return false;
    std::set<std::string> all = before.getKeys();
    for (const std::string &k : after.getKeys())
        all.insert(k);
    for (const std::string &k : all) {
        if (keys.count(k))
            continue;
        if (before.getKey(k).unparse() != after.getKey(k).unparse())
            return false;
    }
    return true;
}

// The items of an /Annots (or /Fields) array: the earlier ones all kept, every new one a signature
// field or widget.
bool onlySignatureWidgetsAdded(QPDFObjectHandle before, QPDFObjectHandle after, QString *what)
{
    std::set<std::string> kept;
    if (before.isArray()) {
        for (QPDFObjectHandle item : before.getArrayAsVector())
            kept.insert(item.unparse());
    }
    std::set<std::string> now;
    if (after.isArray()) {
        for (QPDFObjectHandle item : after.getArrayAsVector()) {
            now.insert(item.unparse());
            if (!kept.count(item.unparse()) && !isSignatureField(item)) {
                *what = u"an annotation that is not a signature field was added: "_s +
                        QString::fromStdString(item.unparse());
                return false;
            }
        }
    }
    for (const std::string &k : kept) {
        if (!now.count(k)) {
            *what = u"an annotation was removed: "_s + QString::fromStdString(k);
            return false;
        }
    }
    return true;
}

} // namespace

bool onlySignaturesAppendedAfter(const QByteArray &pdf, qint64 from, QString *why)
{
    QString reason;
    auto fail = [&](const QString &text) {
        if (why)
            *why = text;
        return false;
    };
    if (from <= 0 || from > pdf.size())
        return fail(u"the signed revision is not a prefix of the file"_s);
    if (pdf.mid(from).trimmed().isEmpty())
        return true;
    auto beforeResult = load(pdf.left(from));
    if (!beforeResult)
        return fail(u"the signed revision cannot be read: "_s + beforeResult.error().detail() +
                    beforeResult.error().args().join(u' '));
    auto afterResult = load(pdf);
    if (!afterResult)
        return fail(u"the file cannot be read: "_s + afterResult.error().args().join(u' '));
    QPDF &before = *beforeResult.value()->qpdf;
    QPDF &after = *afterResult.value()->qpdf;
    try {
        std::map<QPDFObjGen, QPDFObjectHandle> old;
        for (QPDFObjectHandle o : before.getAllObjects())
            old[o.getObjGen()] = o;

        const QPDFObjGen rootOg = after.getRoot().getObjGen();
        if (rootOg != before.getRoot().getObjGen())
            return fail(u"the document catalog was replaced"_s);
        // Objects the earlier revision's catalog names as its form, fields and DSS, and its pages'
        // /Annots arrays.
        std::set<QPDFObjGen> formObjects, dssObjects, pageOgs;
        std::map<QPDFObjGen, QPDFObjGen> annotArrays; // array -> page
        auto noteForm = [&](QPDF &q) {
            QPDFObjectHandle form = q.getRoot().getKey("/AcroForm");
            if (form.isIndirect())
                formObjects.insert(form.getObjGen());
            if (form.isDictionary() && form.getKey("/Fields").isIndirect())
                formObjects.insert(form.getKey("/Fields").getObjGen());
            QPDFObjectHandle dss = q.getRoot().getKey("/DSS");
            if (dss.isIndirect())
                dssObjects.insert(dss.getObjGen());
        };
        // Roles for changed objects come from the signed revision only: a later revision must not
        // promote an existing object (a content stream) to its DSS or form and then rewrite it.
        noteForm(before);
        const std::set<QPDFObjGen> oldFormObjects = formObjects, oldDssObjects = dssObjects;
        noteForm(after);
        for (QPDFObjectHandle p : before.getAllPages()) {
            pageOgs.insert(p.getObjGen());
            if (p.getKey("/Annots").isIndirect())
                annotArrays[p.getKey("/Annots").getObjGen()] = p.getObjGen();
        }

        for (QPDFObjectHandle now : after.getAllObjects()) {
            const QPDFObjGen og = now.getObjGen();
            const QString ogText = QString::number(og.getObj()) + u' ' + QString::number(og.getGen());
            const QString type = typeOf(now);
            auto it = old.find(og);
            if (it == old.end()) {
                // New objects: what a signature needs, and nothing that shows by itself (a new page
                // or annotation would need a changed page or catalog, checked below).
                if (isSignatureDictionary(now) || isSignatureField(now) || formObjects.count(og) ||
                    dssObjects.count(og))
                    continue;
                if (type == u"/XRef"_s || type == u"/ObjStm"_s || type == u"/DSS"_s ||
                    type == u"/XObject"_s || type == u"/Font"_s || type == u"/FontDescriptor"_s ||
                    type.isEmpty())
                    continue;
                return fail(u"object "_s + ogText + u" of type "_s + type + u" was added after signing"_s);
            }
            QPDFObjectHandle was = it->second;
            if (now.isStream() != was.isStream() || contentOf(now) != contentOf(was)) {
                if (og == rootOg) {
                    if (!sameExcept(was, now, {"/AcroForm", "/DSS"}))
                        return fail(u"the document catalog changed beyond its form"_s);
                    continue;
                }
                if (pageOgs.count(og)) {
                    if (!sameExcept(was, now, {"/Annots"}))
                        return fail(u"page object "_s + ogText + u" changed beyond its annotations"_s);
                    if (!onlySignatureWidgetsAdded(was.getKey("/Annots"), now.getKey("/Annots"), &reason))
                        return fail(reason);
                    continue;
                }
                if (annotArrays.count(og)) {
                    if (!onlySignatureWidgetsAdded(was, now, &reason))
                        return fail(reason);
                    continue;
                }
                if (oldFormObjects.count(og) || oldDssObjects.count(og) || typeOf(was) == u"/DSS"_s)
                    continue;
                // An empty signature field filled by a later signature; a field already signed stays
                // as it was (a new /V would make the earlier signature disappear, a new /Rect or /AP
                // would change how it shows).
                if (isSignatureField(was) && isSignatureField(now)) {
                    // Only an object it refers to changed (a page's /Annots): those are checked on
                    // their own.
                    if (sameExcept(was, now, {}))
                        continue;
                    if (!hasSignatureValue(was) && sameExcept(was, now, {"/V", "/AP", "/AS"}))
                        continue;
                }
                if (typeOf(was) == u"/XRef"_s || typeOf(was) == u"/ObjStm"_s)
                    continue;
                return fail(u"object "_s + ogText + (type.isEmpty() ? QString() : u" ("_s + type + u')') +
                            u" changed after signing"_s);
            }
        }
    } catch (const std::exception &e) {
        return fail(u"the file cannot be compared: "_s + QString::fromLocal8Bit(e.what()));
    }
    return true;
}

} // namespace oblik::crypto::pdf
