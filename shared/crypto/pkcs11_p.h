#pragma once
// Internal to oblik_crypto: how PKCS#11 return values become Oblik's errors (pkcs11.h), apart so
// that tests can check the mappings a software token cannot produce (SoftHSM2 never locks a PIN).

#include "core/error.h"
#include "crypto/pkcs11.h"

namespace oblik::crypto::detail {

// The error for a failed C_Login with return value ckr; `after` holds the token's PIN flags read
// again after the failure. A null Error for CKR_OK and CKR_USER_ALREADY_LOGGED_IN.
Error pkcs11LoginError(unsigned long ckr, const TokenInfo &after);

} // namespace oblik::crypto::detail
