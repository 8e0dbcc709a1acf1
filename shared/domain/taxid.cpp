#include "domain/taxid.h"

#include <array>

using namespace Qt::StringLiterals;

namespace oblik::domain {

namespace {

bool allDigits(const QString &s, qsizetype length)
{
    if (s.size() != length)
        return false;
    for (QChar c : s) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

int digitAt(const QString &s, qsizetype i)
{
    return s[i].unicode() - u'0';
}

// EDRPOU: weights 1..7 on the first seven digits, or 7,1,2,3,4,5,6 for codes from 30000000 up to
// (not including) 60000000, i.e. codes starting with 3, 4 or 5; the check digit is the sum mod 11.
// A remainder of 10 is no digit, so the sum is redone with every weight + 2; if that again leaves
// 10, the check digit is 0.
int edrpouCheckDigit(const QString &first7)
{
    const int lead = digitAt(first7, 0);
    const bool alternative = lead >= 3 && lead <= 5;
    const std::array<int, 7> base{1, 2, 3, 4, 5, 6, 7};
    const std::array<int, 7> alt{7, 1, 2, 3, 4, 5, 6};
    const std::array<int, 7> &weights = alternative ? alt : base;
    for (int extra : {0, 2}) {
        int sum = 0;
        for (int i = 0; i < 7; ++i)
            sum += digitAt(first7, i) * (weights[i] + extra);
        if (sum % 11 < 10)
            return sum % 11;
    }
    return 0;
}

// IPN: ((d1..d9 x -1,5,7,9,4,6,10,5,7) mod 11) mod 10, with a mathematical (never negative) mod:
// the weight -1 can make the sum negative, where C++'s % would give a negative remainder.
int ipnCheckDigit(const QString &first9)
{
    constexpr std::array<int, 9> weights{-1, 5, 7, 9, 4, 6, 10, 5, 7};
    int sum = 0;
    for (int i = 0; i < 9; ++i)
        sum += digitAt(first9, i) * weights[i];
    return ((sum % 11) + 11) % 11 % 10;
}

} // namespace

Error validateEdrpou(const QString &code)
{
    if (!allDigits(code, 8))
        return Error::make(u"tax_id.edrpou_format"_s, u"edrpou"_s);
    if (digitAt(code, 7) != edrpouCheckDigit(code.left(7)))
        return Error::make(u"tax_id.edrpou_checksum"_s, u"edrpou"_s);
    return {};
}

Error validateIpn(const QString &number)
{
    if (!allDigits(number, 10))
        return Error::make(u"tax_id.ipn_format"_s, u"ipn"_s);
    if (digitAt(number, 9) != ipnCheckDigit(number.left(9)))
        return Error::make(u"tax_id.ipn_checksum"_s, u"ipn"_s);
    return {};
}

QString completeEdrpou(const QString &first7)
{
    if (!allDigits(first7, 7))
        return {};
    return first7 + QChar(u'0' + edrpouCheckDigit(first7));
}

QString completeIpn(const QString &first9)
{
    if (!allDigits(first9, 9))
        return {};
    return first9 + QChar(u'0' + ipnCheckDigit(first9));
}

} // namespace oblik::domain
