#pragma once
// Whether a meter can take readings today, as the tree shows it: faulty and verification-expired
// meters are refused, and a verification due within 30 days is warned about beforehand.

#include "domain/entities.h"

#include <QDate>

namespace oblik::client {

enum class MeterHealth {
    Ok,
    VerificationSoon,    // verification due within the warning period: still accepted
    VerificationExpired, // status says so, or the due date has passed
    Faulty,
    Removed,
};

MeterHealth meterHealth(const domain::Meter &meter, const QDate &today);
// True for the states in which readings are refused.
bool isBlocking(MeterHealth health);

} // namespace oblik::client
