#pragma once
// Ukrainian tax ids: the EDRPOU code of a legal entity (8 digits) and the individual tax number
// (IPN / RNOKPP, 10 digits), each ending in a check digit that catches most typing slips.

#include "core/error.h"

#include <QString>

namespace oblik::domain {

// Null when code is 8 ASCII digits with a matching check digit. Errors (field "edrpou"):
// tax_id.edrpou_format, tax_id.edrpou_checksum. No trimming: callers pass the stored form.
Error validateEdrpou(const QString &code);

// Null when number is 10 ASCII digits with a matching check digit. Errors (field "ipn"):
// tax_id.ipn_format, tax_id.ipn_checksum.
Error validateIpn(const QString &number);

// first7 followed by its check digit; empty when first7 is not 7 ASCII digits.
QString completeEdrpou(const QString &first7);
// first9 followed by its check digit; empty when first9 is not 9 ASCII digits.
QString completeIpn(const QString &first9);

} // namespace oblik::domain
