#pragma once
// The account's open entry period as the server answers GET /accounts/{id}/readings (without
// ?period, docs/readings-contract.md): the period readings are taken for now, its window, whether
// it is processed, and whether entry is open today. The client never works the period out from the
// calendar itself: the server knows the contract's billing day and the processing state. The last
// answer is cached in the local store, so that the form opens offline with it.

#include "core/period.h"
#include "domain/readings.h"

#include <QDateTime>
#include <QJsonObject>
#include <optional>

namespace oblik::client {

struct ReadingsEntry
{
    Period period;
    domain::ReadingsWindow window;
    bool periodClosed = false;
    domain::ReadingsWindow nextWindow; // "next_window": the window of period + 1, when sent
    // What the server says about today (e.g. "entry_open"); absent from older servers.
    std::optional<bool> serverOpen;
    QDateTime fetchedAt; // when the server said so
    bool fromCache = false;
    // Never heard from the server: worked out on this computer from the contract (billing day,
    // window length; the supplier's holidays unknown) with domain::entryPeriod. The server's answer
    // replaces it as soon as there is one.
    bool estimated = false;

    // Entry is open when the period is not processed and `today` is inside the window; the
    // server's own verdict wins while it is fresh (not from the cache: days pass offline too).
    bool isOpen(QDate today) const;

    // From the readings answer; nullopt when it has no valid period.
    static std::optional<ReadingsEntry> fromJson(const QJsonObject &o);
    // The offline estimate from the account's contract (its first one).
    static std::optional<ReadingsEntry> estimate(const domain::AccountDetail &account, QDate today);
};

} // namespace oblik::client
