#include "models/meterhealth.h"

namespace oblik::client {

namespace {
// Until domain's rule (verificationExpiresSoon) lands: the product's 30 days, both ends inclusive.
constexpr int kWarnDays = 30;

bool expired(const domain::Meter &m, const QDate &today)
{
    return m.verificationDue.isValid() && m.verificationDue < today;
}

bool expiresSoon(const domain::Meter &m, const QDate &today)
{
    return m.verificationDue.isValid() && m.verificationDue >= today &&
           today.daysTo(m.verificationDue) <= kWarnDays;
}
} // namespace

MeterHealth meterHealth(const domain::Meter &meter, const QDate &today)
{
    switch (meter.status) {
    case domain::MeterStatus::Removed:
        return MeterHealth::Removed;
    case domain::MeterStatus::Faulty:
        return MeterHealth::Faulty;
    case domain::MeterStatus::VerificationExpired:
        return MeterHealth::VerificationExpired;
    case domain::MeterStatus::Working:
        break;
    }
    if (expired(meter, today))
        return MeterHealth::VerificationExpired;
    if (expiresSoon(meter, today))
        return MeterHealth::VerificationSoon;
    return MeterHealth::Ok;
}

bool isBlocking(MeterHealth health)
{
    return health == MeterHealth::Faulty || health == MeterHealth::VerificationExpired ||
           health == MeterHealth::Removed;
}

} // namespace oblik::client
