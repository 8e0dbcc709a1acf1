#pragma once
// Readings of a period, saving them with the domain rules enforced, submitting them, the sync feed
// and the clerk's queue (docs/readings-contract.md). Write methods run inside the caller's write
// transaction (see store/idempotency.h, which opens it and takes the feed lock first).

#include "core/clock.h"
#include "core/error.h"
#include "domain/readingrecord.h"
#include "domain/readings.h"
#include "store/accountrepository.h"
#include "store/holidayrepository.h"
#include "store/idempotency.h"

#include <QSqlDatabase>
#include <functional>
#include <optional>

namespace oblik::store {
class Database;

// An account the caller may see, with what the rules need.
struct ReadingAccount
{
    AccountId id;
    domain::Contract contract;
    SupplierId supplierId;
    QList<Holiday> holidays;   // the supplier's, from about a year before today to a year after
    domain::Holidays calendar; // the same days, for the window rules
};

// One item of a save as the store takes it (the route decodes the wire form).
struct ReadingWrite
{
    RegisterId registerId;
    QDate takenOn;
    QString value; // as typed
    int version = 0;
    std::optional<domain::Meter> meter; // number, digits, decimals, ratio as the client knew them
};

// What happened to one item: Saved (reading set), Refused (error set), Conflict (error
// reading.version_conflict, reading = the current one when there is one).
struct ItemOutcome
{
    enum class Status { Saved, Refused, Conflict };
    qint64 id = 0; // register id (save) or reading id (decide)
    Status status = Status::Saved;
    std::optional<domain::ReadingRecord> reading;
    Error error;
};

// A position in the sync feed: the feed is ordered by (xact, revision). xact is the writing
// transaction's id on PostgreSQL and 0 on SQLite (see migration 5). On the wire it is opaque text:
// "revision" when xact is 0 (as before migration 5), else "xact:revision". A client starts with
// "0" (everything) or "recent" (a bounded first sync, see ReadingRepository::feed); during a
// bounded first sync the cursor also carries the oldest period handed out and the feed's end when
// it began: "b<yyyymm>.<end xact>.<end revision>.<xact>.<revision>".
struct FeedCursor
{
    qint64 xact = 0;
    qint64 revision = 0;
    int floorPeriod = 0; // YYYYMM during a first sync, else 0
    qint64 endXact = 0, endRevision = 0;
    bool recent = false; // "recent": the start of a bounded first sync
    QString toString() const;
    static std::optional<FeedCursor> parse(const QString &text);
    friend bool operator<(const FeedCursor &a, const FeedCursor &b)
    {
        return a.xact != b.xact ? a.xact < b.xact : a.revision < b.revision;
    }
    friend bool operator==(const FeedCursor &a, const FeedCursor &b)
    {
        return a.xact == b.xact && a.revision == b.revision && a.floorPeriod == b.floorPeriod &&
               a.endXact == b.endXact && a.endRevision == b.endRevision && a.recent == b.recent;
    }
};

// Where a change goes in the feed: written with the change (columns revision and xact).
struct FeedStamp
{
    qint64 revision = 0;
    qint64 xact = 0;
};

struct FeedPage
{
    QList<domain::ReadingRecord> items;
    QList<FeedCursor> positions; // of each item
    FeedCursor next;
    bool more = false;
};

struct ClerkRow
{
    domain::ReadingRecord reading;
    QString accountNumber, consumerName, meterNumber;
    bool rangeWarning = false;
};

struct ClerkPage
{
    QList<ClerkRow> rows;
    qint64 total = 0;
};

struct ClerkFilter
{
    QString state = QStringLiteral("submitted"); // empty: any
    std::optional<Period> period;
    QString q; // account number prefix or part of the consumer's name
    int limit = 100;
    int offset = 0;
};

// A clerk's meter replacement: the closing reading of each register of the old meter and the opening
// reading of each zone of the new one, in one period.
struct MeterReplacement
{
    MeterId oldMeter;
    Period period;
    QDate takenOn;
    QList<QPair<RegisterId, QString>> closing;
    domain::Meter newMeter; // number, model, digits, decimals, ratio, verificationDue
    QList<domain::Zone> zones;
    QList<QPair<domain::Zone, QString>> opening;
};

struct ReplacedMeter
{
    MeterId oldMeterId;
    domain::Meter meter; // with its registers
};

// What ReadingRepository::saveIdempotent did.
struct IdempotentSave
{
    enum class Outcome {
        Answered, // answer holds the new or the stored answer
        NotFound, // the account is not the caller's (404)
        Retry,    // nothing was written: the key was used before, the period is not open, or a
                  // deadlock; run the general path (runIdempotent + save)
    };
    Outcome outcome = Outcome::Answered;
    StoredAnswer answer;
};

class ReadingRepository
{
public:
    static constexpr int kFirstSyncMonths = 3;
    explicit ReadingRepository(Database &db, const Clock &clock = Clock::system());

    QDate today() const;
    // The period readings of the account are entered for today (domain::entryPeriod with the
    // supplier's holidays). Earlier periods are closed; later ones are not accepted yet.
    Period entryPeriod(const ReadingAccount &account) const;

    Result<std::optional<ReadingAccount>> account(const AccessScope &scope, AccountId id) const;
    Result<QList<domain::ReadingRecord>> ofPeriod(AccountId account, Period period) const;
    // Newest period first.
    Result<QList<domain::ReadingRecord>> history(AccountId account, Period from, Period to) const;

    // Inside a write transaction. Whole-request errors: period.closed (before the entry period),
    // request.invalid_field (after it); per item outcomes otherwise, in order.
    Result<QList<ItemOutcome>> save(const ReadingAccount &account, UserId by, Period period, bool submit,
                                    const QList<ReadingWrite> &items);
    // The answer body of a save from its outcomes (the route's JSON).
    using AnswerBuilder = std::function<QByteArray(const QList<ItemOutcome> &)>;
    // PostgreSQL only: an idempotent save (POST .../readings) as one transaction of five statements
    // instead of about twelve (issue 4's ingest benchmark): BEGIN; the account with the caller's
    // access, locked (as lockAccount); everything the rules need (registers, the period's readings,
    // earlier ones, feed revisions and ids for new readings); the writes together with the stored
    // answer; COMMIT. The same rules (the same code as save) and answers as runIdempotent + save.
    // A key used before (a repeat, or another request with it), a period that is not open and, for a
    // consumer, a period whose readings act is signed answer Retry without writing anything: the
    // general path then answers them in its order (the stored answer, request.idempotency_mismatch,
    // readings.act_signed, period.closed).
    Result<IdempotentSave> saveIdempotent(const AccessScope &scope, AccountId account, UserId by,
                                          const QString &key, const QByteArray &requestHash, qint64 nowMs,
                                          Period period, bool submit, const QList<ReadingWrite> &items,
                                          const AnswerBuilder &answer);
    // Inside a write transaction: every ready reading of the period becomes submitted.
    Result<QList<domain::ReadingRecord>> submit(const ReadingAccount &account, UserId by, Period period);

    // The changes after `since` visible to the scope, in feed order; on PostgreSQL only those of
    // transactions below the reader's snapshot xmin (all that could commit before them have ended).
    // A first sync from "recent" is bounded: it hands out only readings of the periods from
    // kFirstSyncMonths months before today's month on, up to the feed's end when it began, and then
    // continues after that end with every change (older history: GET .../readings/history). From
    // "0" it hands out everything.
    Result<FeedPage> feed(const AccessScope &scope, const FeedCursor &since, int limit) const;

    // Clerk (district) and admin (supplier) only; other scopes see nothing.
    Result<ClerkPage> queue(const AccessScope &scope, const ClerkFilter &filter) const;
    // Inside a write transaction. accept: ready/submitted -> processed (range checked unless
    // overridden, the reason recorded); reject: -> rejected with the reason.
    Result<QList<ItemOutcome>> decide(const AccessScope &scope, UserId by, const QList<qint64> &ids,
                                      bool accept, const QString &reason, bool overrideRange);

    // Inside a write transaction. Clerk (district) or admin (supplier): an invisible meter is
    // nullopt (404). The old meter becomes removed (removed_on = takenOn); the closing and opening
    // readings are stored as processed, so the account's form reloads with the new meter.
    Result<std::optional<ReplacedMeter>> replaceMeter(const AccessScope &scope, UserId by,
                                                      const MeterReplacement &r);

    // The feed position of the next change in the current write transaction. PostgreSQL: the next
    // value of the sequence reading_revision and pg_current_xact_id() (no lock: writers run side by
    // side); SQLite: increments the one row of sync_state (writers are serialised anyway).
    static Result<FeedStamp> nextFeedStamp(QSqlDatabase &db);
    // Inside a write transaction on PostgreSQL: locks the account's row until the transaction ends,
    // so writers of one account run one after the other and each one's checks (versions,
    // sub-consumers) read what the previous one committed. Writers of other accounts do not wait.
    static Result<bool> lockAccount(QSqlDatabase &db, AccountId account);

private:
    // account(); `saving` a period (saveIdempotent, inside a write transaction on PostgreSQL): the
    // account's row is locked as by lockAccount in the same statement, and *actSigned says whether
    // that period's readings act is signed.
    Result<std::optional<ReadingAccount>> findAccount(const AccessScope &scope, AccountId id,
                                                      std::optional<Period> saving, bool *actSigned) const;
    Result<std::optional<domain::ReadingRecord>> byId(qint64 id) const;
    // Consumptions of the last 12 processed periods before `period`, newest first.
    Result<QList<Energy>> closedHistory(RegisterId reg, Period period) const;

    Database &m_db;
    const Clock &m_clock;
};

} // namespace oblik::store
