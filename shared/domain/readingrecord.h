#pragma once
// A stored reading as the readings API and the sync feed carry it (docs/readings-contract.md):
// the reading of one register in one period, where it hangs in the metering tree, its state and
// its version (optimistic concurrency) and revision (position in the sync feed).

#include "core/energy.h"
#include "core/ids.h"
#include "core/period.h"
#include "domain/entities.h"

#include <QDate>
#include <QDateTime>
#include <QString>

namespace oblik::domain {

struct ReadingRecord
{
    qint64 id = 0;
    RegisterId registerId;
    MeterId meterId;
    MeteringPointId meteringPointId;
    AccountId accountId;
    Period period;
    QDate takenOn;
    Energy value;
    Energy consumption;
    ReadingState state = ReadingState::Ready;
    QString rejectionReason;
    QString overrideReason;
    int version = 1;
    qint64 revision = 0;
    QDateTime updatedAt; // UTC
};

} // namespace oblik::domain
