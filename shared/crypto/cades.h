#pragma once
// CAdES-BES detached signatures (ETSI EN 319 122-1) built with OpenSSL's CMS (docs/signatures.md):
// a CMS SignedData in DER without the content, SHA-256, with the signed attributes content-type
// (id-data), message-digest, signing-time and signing-certificate-v2 (ESS, the SHA-256 of the
// signer's certificate), and the signer's certificate and chain. `openssl cms -verify -binary
// -inform DER -content FILE -CAfile ROOT` accepts it.

#include "core/error.h"
#include "crypto/signingkey.h"

#include <QByteArray>
#include <QDateTime>

namespace oblik::crypto {

struct CadesOptions
{
    // signing-time attribute; null means now. PAdES B-B leaves the attribute out (withSigningTime
    // false): the time is the signature dictionary's /M there.
    QDateTime signingTime;
    bool withSigningTime = true;
    bool withChain = true; // put the chain (without the root) beside the signer's certificate
};

// A new SignedData over data with one SignerInfo. crypto.sign_failed (args: reason),
// crypto.token_absent, crypto.pin_... when a token refuses.
Result<QByteArray> signDetached(const SigningKey &key, const QByteArray &data,
                                const CadesOptions &options = {});

// The same over a digest computed by the caller (PAdES signs two byte ranges without joining them).
Result<QByteArray> signDetachedDigest(const SigningKey &key, const QByteArray &sha256,
                                      const CadesOptions &options = {});

// A parallel signature: existingCms (a detached SignedData over the same data, from Oblik or
// anyone) with one more SignerInfo by key; the earlier SignerInfos stay byte for byte.
// crypto.cms_invalid when existingCms is not a SignedData, crypto.cms_content_mismatch when its
// message digest is not data's.
Result<QByteArray> addParallelSignature(const QByteArray &existingCms, const SigningKey &key,
                                        const QByteArray &data, const CadesOptions &options = {});

} // namespace oblik::crypto
