#include "billing/validity.h"

using namespace Qt::StringLiterals;

namespace oblik::billing {

bool Validity::overlaps(const Validity &other) const
{
    // Two intervals overlap when each starts no later than the other ends.
    const bool thisStartsBeforeOtherEnds = other.isOpenEnded() || from <= other.to;
    const bool otherStartsBeforeThisEnds = isOpenEnded() || other.from <= to;
    return thisStartsBeforeOtherEnds && otherStartsBeforeThisEnds;
}

QString Validity::toString() const
{
    return from.toString() + u" – "_s + (isOpenEnded() ? QString() : to.toString());
}

} // namespace oblik::billing
