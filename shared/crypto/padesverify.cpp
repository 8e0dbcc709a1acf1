// verifyPdf (verification.h): every signature field of a PDF verified over its own byte ranges by
// the CMS verification shared with verifyCades (verification_p.h), then the PDF's own checks: the
// ranges cover the file from 0 with only the /Contents gap, and what was appended after the signed
// revision only adds signatures (pdf::onlySignaturesAppendedAfter).
#include "crypto/pdfsignature.h"
#include "crypto/verification.h"
#include "crypto/verification_p.h"

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace oblik::crypto {

namespace {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPades, "oblik.crypto.pades", QtInfoMsg)

QString formatOf(const QString &subFilter)
{
    if (subFilter == u"ETSI.CAdES.detached"_s)
        return u"PAdES-B-B"_s;
    return u"PAdES ("_s + (subFilter.isEmpty() ? u"no SubFilter"_s : subFilter) + u')';
}

void addProblem(SignatureReport &report, SignatureProblem problem, const QString &arg = {})
{
    if (report.problems.contains(problem))
        return;
    // problemArgs runs in step with problems.
    while (report.problemArgs.size() < report.problems.size())
        report.problemArgs.append(QString());
    report.problems.append(problem);
    report.problemArgs.append(arg);
    report.status = statusFor(report.problems);
}

// A later revision can point an already signed field's /V elsewhere: the earlier signature is then
// no longer in the form, and checking only the form's signatures would lose it without a word. The
// revisions an earlier signature covered are found from the /ByteRange arrays in the file (a
// signature's /Contents and so its dictionary are never compressed); each such revision's own
// signatures that the current form lost are reported as modified after signing.
void appendRemovedSignatures(const QByteArray &pdf, const QList<pdf::EmbeddedSignature> &current,
                             const TrustSettings &trust, VerificationReport &result)
{
    QSet<QByteArray> known;
    QSet<qint64> checked;
    for (const pdf::EmbeddedSignature &s : current) {
        known.insert(s.cms);
        checked.insert(s.signedLength);
    }
    const QList<qint64> ends = pdf::revisionEnds(pdf);
    static const QRegularExpression range(
        u"^/ByteRange\\s*\\[\\s*(\\d{1,15})\\s+(\\d{1,15})\\s+(\\d{1,15})\\s+(\\d{1,15})\\s*\\]"_s);
    constexpr int maxRevisions = 16; // a bound on the work a hostile file can ask for
    int loaded = 0;
    for (qsizetype at = pdf.indexOf("/ByteRange"); at >= 0 && loaded < maxRevisions;
         at = pdf.indexOf("/ByteRange", at + 1)) {
        const QRegularExpressionMatch m = range.match(QString::fromLatin1(pdf.mid(at, 120)));
        if (!m.hasMatch())
            continue;
        const qint64 end = m.captured(3).toLongLong() + m.captured(4).toLongLong();
        if (end >= pdf.size() || checked.contains(end) || !ends.contains(end))
            continue;
        checked.insert(end);
        ++loaded;
        const QByteArray revision = pdf.left(end);
        const Result<QList<pdf::EmbeddedSignature>> earlier = pdf::signatures(revision);
        if (!earlier)
            continue;
        for (const pdf::EmbeddedSignature &s : earlier.value()) {
            if (!s.rangesValid || s.cms.isEmpty() || known.contains(s.cms))
                continue;
            known.insert(s.cms);
            SignatureReport report =
                verifySignedDataOver(s.cms, s.signedBytes, trust, s.m, formatOf(s.subFilter));
            if (!report.signingTime.isValid())
                report.signingTime = s.m;
            report.fieldName = s.fieldName;
            report.signedLength = s.signedLength;
            report.coversWholeFile = false;
            report.reason = s.reason;
            report.location = s.location;
            report.name = s.name;
            qCDebug(lcPades) << s.fieldName << "removed from the form by a later revision";
            addProblem(report, SignatureProblem::ModifiedAfterSigning,
                       u"a later revision removed this signature from its field"_s);
            result.signatures.append(report);
        }
    }
    std::stable_sort(
        result.signatures.begin(), result.signatures.end(),
        [](const SignatureReport &a, const SignatureReport &b) { return a.signedLength < b.signedLength; });
}

} // namespace

Result<VerificationReport> verifyPdf(const QByteArray &pdf, const TrustSettings &trust)
{
    const Result<QList<pdf::EmbeddedSignature>> embedded = pdf::signatures(pdf);
    if (!embedded)
        return embedded.error();
    VerificationReport result;
    for (const pdf::EmbeddedSignature &s : embedded.value()) {
        const QString format = formatOf(s.subFilter);
        SignatureReport report;
        if (!s.rangesValid || s.cms.isEmpty()) {
            report.format = format;
            report.signingTime = s.m;
            report.problems = {SignatureProblem::Malformed};
            report.problemArgs = {s.cms.isEmpty()
                                      ? u"no /Contents"_s
                                      : u"the /ByteRange does not cover the file except the /Contents"_s};
            report.status = statusFor(report.problems);
        } else {
            report = verifySignedDataOver(s.cms, s.signedBytes, trust, s.m, format);
            if (!report.signingTime.isValid())
                report.signingTime = s.m;
        }
        report.fieldName = s.fieldName;
        report.signedLength = s.signedLength;
        report.coversWholeFile = s.coversWholeFile;
        report.reason = s.reason;
        report.location = s.location;
        report.name = s.name;
        if (s.rangesValid && !s.coversWholeFile) {
            QString why;
            if (!pdf::onlySignaturesAppendedAfter(pdf, s.signedLength, &why)) {
                qCDebug(lcPades) << s.fieldName << "modified after signing:" << why;
                addProblem(report, SignatureProblem::ModifiedAfterSigning, why);
            }
        }
        result.signatures.append(report);
    }
    appendRemovedSignatures(pdf, embedded.value(), trust, result);
    return result;
}

} // namespace oblik::crypto
