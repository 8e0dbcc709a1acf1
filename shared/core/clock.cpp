#include "core/clock.h"

namespace oblik {

QDateTime Clock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

const Clock &Clock::system()
{
    static const Clock clock;
    return clock;
}

} // namespace oblik
