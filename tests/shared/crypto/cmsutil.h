#pragma once
// Test helpers for CMS files: run the openssl command line, walk DER.

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace oblik::testing {

struct Run
{
    int exitCode = -1;
    QString output;
};

inline Run openssl(const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    Run r;
    if (!p.waitForFinished(60000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.output = QString::fromLocal8Bit(p.readAll());
    return r;
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// One DER element: where it starts, its content, where it ends.
struct Der
{
    int tag = -1;
    qsizetype start = 0, content = 0, end = 0;
};

inline Der derAt(const QByteArray &b, qsizetype pos)
{
    Der d;
    if (pos + 2 > b.size())
        return d;
    d.start = pos;
    d.tag = uchar(b[pos]);
    qsizetype len = uchar(b[pos + 1]);
    qsizetype p = pos + 2;
    if (len & 0x80) {
        const int n = int(len & 0x7f);
        len = 0;
        for (int i = 0; i < n; ++i)
            len = (len << 8) | uchar(b[p++]);
    }
    d.content = p;
    d.end = p + len;
    return d;
}

// The children of a constructed element.
inline QList<Der> derChildren(const QByteArray &b, const Der &parent)
{
    QList<Der> out;
    for (qsizetype p = parent.content; p < parent.end;) {
        const Der d = derAt(b, p);
        if (d.tag < 0 || d.end > parent.end)
            break;
        out.append(d);
        p = d.end;
    }
    return out;
}

// Each SignerInfo of a DER ContentInfo/SignedData, as its own bytes.
inline QList<QByteArray> signerInfos(const QByteArray &cms)
{
    const Der ci = derAt(cms, 0);
    const QList<Der> ciParts = derChildren(cms, ci);
    if (ciParts.size() < 2)
        return {};
    const QList<Der> explicit0 = derChildren(cms, ciParts[1]);
    if (explicit0.isEmpty())
        return {};
    const QList<Der> sd = derChildren(cms, explicit0[0]);
    if (sd.isEmpty() || sd.last().tag != 0x31)
        return {};
    QList<QByteArray> out;
    for (const Der &si : derChildren(cms, sd.last()))
        out.append(cms.mid(si.start, si.end - si.start));
    return out;
}

} // namespace oblik::testing
