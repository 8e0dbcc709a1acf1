#include "models/meterhealth.h"

#include "domain/readings.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

MeterHealth meterHealth(const domain::Meter &meter, const QDate &today)
{
    if (meter.status == domain::MeterStatus::Removed)
        return MeterHealth::Removed;
    // The domain's rules decide, so the tree marks exactly the meters whose readings the
    // server would refuse or warn about.
    const Error unusable = domain::checkMeterUsable(meter, today);
    if (unusable.code() == u"reading.meter_faulty"_s)
        return MeterHealth::Faulty;
    if (!unusable.isNull())
        return MeterHealth::VerificationExpired;
    if (domain::verificationExpiresSoon(meter, today))
        return MeterHealth::VerificationSoon;
    return MeterHealth::Ok;
}

bool isBlocking(MeterHealth health)
{
    return health == MeterHealth::Faulty || health == MeterHealth::VerificationExpired ||
           health == MeterHealth::Removed;
}

} // namespace oblik::client
