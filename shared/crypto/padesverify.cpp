// verifyPdf (verification.h): every signature field of a PDF verified over its own byte ranges by
// the CMS verification shared with verifyCades (verification_p.h), then the PDF's own checks: the
// ranges cover the file from 0 with only the /Contents gap, and what was appended after the signed
// revision only adds signatures (pdf::onlySignaturesAppendedAfter).
#include "crypto/pdfsignature.h"
#include "crypto/verification.h"
#include "crypto/verification_p.h"

#include <QLoggingCategory>

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
    return result;
}

} // namespace oblik::crypto
