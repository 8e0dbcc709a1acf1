#pragma once
// PDFs for the signature tests: an invoice-like page drawn with QPdfWriter, variants made by qpdf
// (object and xref streams, linearized, encrypted), hand-written incremental updates, and the
// outside tools (qpdf --check, pdfsig, openssl cms) run as processes.

#define POINTERHOLDER_TRANSITION 4
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <QBuffer>
#include <QByteArray>
#include <QFile>
#include <QMap>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace oblik::testing {

inline QByteArray invoicePdf(int pages = 1)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setTitle(QStringLiteral("Рахунок KV-2026-15"));
        writer.setResolution(300);
        QPainter p(&writer);
        QFont f = p.font();
        f.setPointSize(14);
        p.setFont(f);
        for (int i = 0; i < pages; ++i) {
            if (i > 0)
                writer.newPage();
            p.drawText(200, 300,
                       QStringLiteral("Рахунок за електроенергію KV-2026-15, сторінка %1").arg(i + 1));
            p.drawText(200, 450, QStringLiteral("До сплати: 1 238,88 грн"));
            p.drawRect(200, 600, 2000, 400);
        }
    }
    return buffer.data();
}

inline bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

struct ProcessResult
{
    int exitCode = -1;
    QByteArray out;
};

inline ProcessResult runProcess(const QString &program, const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    ProcessResult r;
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit) {
        r.out = p.readAll() + p.errorString().toLocal8Bit();
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = p.readAll();
    return r;
}

// qpdf ARGS in out: the converted bytes, or empty. qpdf exits 3 for warnings; those are fine here.
inline QByteArray qpdfConvert(const QByteArray &pdf, const QStringList &args, const QString &tmp)
{
    const QString in = tmp + QStringLiteral("/conv-in.pdf"), out = tmp + QStringLiteral("/conv-out.pdf");
    QFile::remove(out);
    if (!writeFile(in, pdf))
        return {};
    const ProcessResult r = runProcess(QStringLiteral("qpdf"), QStringList(args) << in << out);
    if (r.exitCode != 0 && r.exitCode != 3) {
        qWarning("qpdf: %s", r.out.constData());
        return {};
    }
    return readFile(out);
}

// An incremental update (classic xref table) that replaces or adds the objects given (number ->
// body, generation 0); objects numbered 0 get the next free numbers in order (use "@1", "@2" in
// bodies to refer to them). Refers to the original's last cross reference by /Prev.
inline QByteArray appendUpdate(const QByteArray &pdf, QMap<int, QByteArray> objects,
                               const QList<QByteArray> &added = {})
{
    QPDF q;
    q.setSuppressWarnings(true);
    q.processMemoryFile("in.pdf", pdf.constData(), size_t(pdf.size()));
    QPDFObjectHandle trailer = q.getTrailer();
    int size = int(trailer.getKey("/Size").getIntValue());
    const qsizetype sx = pdf.lastIndexOf("startxref");
    const QByteArray prev = pdf.mid(sx + 9, pdf.indexOf("%%EOF", sx) - sx - 9).trimmed();
    QList<int> newNumbers;
    for (const QByteArray &body : added) {
        newNumbers.append(size);
        objects.insert(size++, body);
    }
    QByteArray out = pdf;
    if (!out.endsWith('\n'))
        out += '\n';
    QMap<int, qint64> offsets;
    for (auto it = objects.begin(); it != objects.end(); ++it) {
        QByteArray body = it.value();
        for (int i = 0; i < newNumbers.size(); ++i)
            body.replace(QByteArray("@" + QByteArray::number(i + 1)),
                         QByteArray(QByteArray::number(newNumbers[i]) + " 0 R"));
        offsets[it.key()] = out.size();
        out += QByteArray::number(it.key()) + " 0 obj\n" + body + "\nendobj\n";
    }
    const qint64 xref = out.size();
    out += "xref\n";
    for (auto it = offsets.begin(); it != offsets.end(); ++it)
        out += QByteArray::number(it.key()) + " 1\n" +
               QByteArray::number(it.value()).rightJustified(10, '0') + " 00000 n\r\n";
    out += "trailer\n<< /Size " + QByteArray::number(size) + " /Root " +
           QByteArray::fromStdString(trailer.getKey("/Root").unparse());
    if (trailer.hasKey("/Info"))
        out += " /Info " + QByteArray::fromStdString(trailer.getKey("/Info").unparse());
    out += " /Prev " + prev + " >>\nstartxref\n" + QByteArray::number(xref) + "\n%%EOF\n";
    return out;
}

// The first page's object number and its dictionary as text (to rewrite it in an update).
inline std::pair<int, QPDFObjectHandle> firstPage(QPDF &q)
{
    QPDFObjectHandle page = q.getAllPages().front();
    return {page.getObjectID(), page};
}

} // namespace oblik::testing
