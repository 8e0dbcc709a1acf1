#pragma once
// VAT of a document: a rate in basis points (2000 = 20%) and the mode that says which amount is
// computed first. Every split keeps net + VAT == gross to the kopeck; the one rounding is done by
// core/amounts.h (half away from zero).

#include "core/error.h"
#include "core/money.h"

#include <QString>
#include <optional>

namespace oblik::billing {

enum class VatMode {
    // Amounts are computed with VAT (gross); net = gross x 10000 / (10000 + rate) rounded to the
    // kopeck, VAT = gross - net. What DTEK's tax invoices show (reference 000); the default.
    ExtractedFromGross,
    // Amounts are computed without VAT (net); VAT = net x rate / 10000 rounded, gross = net + VAT.
    FromNet,
};

struct VatRule
{
    int rateBp = 2000; // basis points: 2000 = 20%, 700 = 7%, 0 = exempt
    VatMode mode = VatMode::ExtractedFromGross;

    bool isValid() const { return rateBp >= 0 && rateBp <= 10000; }
    friend bool operator==(VatRule, VatRule) = default;
};

struct VatSplit
{
    Money net;
    Money vat;
    Money gross;
    friend bool operator==(const VatSplit &, const VatSplit &) = default;
};

// Splits an amount computed under the rule (gross when ExtractedFromGross, net when FromNet).
// Negative amounts (credits, corrections) split symmetrically: split(-a) = -split(a).
// Error money.overflow.
Result<VatSplit> splitVat(Money amount, VatRule rule);

QString toString(VatMode m); // "extracted", "from_net"
std::optional<VatMode> vatModeFromString(const QString &s);

} // namespace oblik::billing
