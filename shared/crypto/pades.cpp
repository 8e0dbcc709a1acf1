// pades.h: PAdES B-B = pdf::prepare, a CAdES signature over the two byte ranges' digest without the
// signing-time attribute (the time is /M, ETSI EN 319 142-1 5.3), pdf::embed.
#include "crypto/pades.h"

#include "crypto/cades.h"

namespace oblik::crypto {

Result<QByteArray> signPdf(const QByteArray &pdf, const SigningKey &key,
                           const pdf::SignatureFieldOptions &options)
{
    pdf::SignatureFieldOptions fieldOptions = options;
    if (fieldOptions.name.isEmpty() && !key.isNull())
        fieldOptions.name = key.certificate().commonName;
    if (!fieldOptions.signingTime.isValid())
        fieldOptions.signingTime = QDateTime::currentDateTimeUtc();
    auto prepared = pdf::prepare(pdf, fieldOptions);
    if (!prepared)
        return prepared.error();
    CadesOptions cadesOptions;
    cadesOptions.withSigningTime = false;
    cadesOptions.signingTime = fieldOptions.signingTime;
    auto cms = signDetachedDigest(key, prepared.value().signedSha256(), cadesOptions);
    if (!cms)
        return cms.error();
    return pdf::embed(prepared.value(), cms.value());
}

bool looksLikePdf(const QByteArray &bytes)
{
    return bytes.startsWith("%PDF-");
}

} // namespace oblik::crypto
