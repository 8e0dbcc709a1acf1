#pragma once
// The client's local store: one SQLite file per (server, user), WAL, synchronous=FULL, with its own
// numbered migrations. It is the journal of everything the user did that the server may not know
// yet, with explicit record types:
//  - pending command (outbox): one row per user action, with the Idempotency-Key that every retry
//    repeats, its state pending|sent|accepted|rejected, attempts, last error, next attempt time;
//  - sync cursor: the last feed revision applied;
//  - rejection: a command or reading the server refused (its code and text);
//  - conflict: a reading the server holds in another version, or against a changed meter.
// Besides the journal it holds `readings`, the local view of each register's reading of a period:
// the typed text (draft) merged with what the server last said.
// Every write commits before it returns: when a call answers, the value is on disk.

#include "core/error.h"
#include "core/ids.h"
#include "core/period.h"

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace oblik::client {

enum class OutboxState { Pending, Sent, Accepted, Rejected };
QString toString(OutboxState s);
std::optional<OutboxState> outboxStateFromString(const QString &s);

struct OutboxCommand
{
    qint64 seq = 0;
    QString idempotencyKey;
    QString kind; // "readings.save", "readings.submit"
    AccountId accountId;
    QByteArray payload; // the JSON body to send
    OutboxState state = OutboxState::Pending;
    int attempts = 0;
    QString lastError;          // code of the last failure ("network.timeout", ...)
    qint64 nextAttemptAtMs = 0; // epoch ms; 0 = now
};

// One register's reading of one period as the client knows it.
struct LocalReading
{
    AccountId accountId;
    Period period;
    RegisterId registerId;
    QString typedText;       // what the user typed, kept as typed (may be invalid)
    QDate takenOn;           // the date typed or proposed
    bool dirty = false;      // typed text not yet accepted by the server
    qint64 outboxSeq = 0;    // the command carrying it, 0 = not queued
    QString serverState;     // "", "ready", "submitted", "processed", "rejected"
    QString serverValue;     // "12345.678" as the server holds it
    QString rejectionReason; // the clerk's reason, or the refusal's text
    QString rejectionCode;   // the refusal's code
    qint64 version = 0;      // the server's version (0 = none yet)
    qint64 revision = 0;
};

// A cached server answer (account tree, open entry period) and when it was fetched.
struct CachedJson
{
    QByteArray json;
    qint64 fetchedAtMs = 0;
};

// A document's PDF as downloaded (docs/documents.md), with its sha256 (hex) and when.
struct CachedDocument
{
    QByteArray pdf;
    QString sha256;
    qint64 fetchedAtMs = 0;
};

// A signature the user made on a document (docs/signatures.md, "Client"): the signed PDF is kept
// until the server answered it. state: "pending" (shown as signed_by_me), "received", "rejected".
struct PendingSignature
{
    qint64 id = 0;
    QString server; // "host:port"
    AccountId accountId;
    QString docId; // the documents list's id
    QString lang;
    QString idempotencyKey; // every retry repeats it: the server never records the upload twice
    QByteArray pdf;
    QString state;
    QString explanation; // the server's words when rejected
    QStringList problems;
    int attempts = 0;
    QString lastError;
    qint64 createdAtMs = 0;
    qint64 answeredAtMs = 0;
};

// One reading of an earlier period as the server answered it (docs/readings-contract.md).
struct HistoryRow
{
    Period period;
    RegisterId registerId;
    QByteArray json;
};

struct Rejection
{
    qint64 id = 0;
    qint64 outboxSeq = 0;
    RegisterId registerId;
    QString code;
    QString field;
    QString text;
    qint64 atMs = 0;
};

struct Conflict
{
    qint64 id = 0;
    qint64 outboxSeq = 0;
    RegisterId registerId;
    QString code;
    QString field;
    QByteArray serverJson; // the server's current reading
    qint64 atMs = 0;
};

class LocalStore
{
public:
    LocalStore();
    ~LocalStore();
    LocalStore(const LocalStore &) = delete;
    LocalStore &operator=(const LocalStore &) = delete;

    // "<host>_<port>_<login>.db" with anything but letters, digits, '.', '-' replaced by '_'.
    static QString fileNameFor(const QString &hostKey, const QString &login);
    // The file under the platform's app-data folder.
    static QString defaultPath(const QString &hostKey, const QString &login);

    // Opens (creating) the file and runs the migrations it lacks. Errors: local.open_failed.
    Error open(const QString &path);
    bool isOpen() const;
    QString path() const { return m_path; }
    int schemaVersion() const;
    // The numbered migrations this build knows, in order.
    static int latestSchemaVersion();

    // --- outbox (pending commands) ---
    // Appends a command with a fresh Idempotency-Key (a UUID); answers its seq.
    Result<qint64> enqueue(const QString &kind, AccountId account, const QByteArray &payload);
    // Appends a command carrying the typed readings regs of the period and links them to it, in one
    // transaction: a client killed in between must not leave a command whose readings look unsent
    // (they would be sent again under a new key).
    Result<qint64> enqueueReadings(const QString &kind, AccountId account, const QByteArray &payload,
                                   Period period, const QList<RegisterId> &regs);
    std::optional<OutboxCommand> command(qint64 seq) const;
    // The oldest command not yet answered (pending or sent), in seq order: the outbox is strictly
    // ordered, so a later command never overtakes an earlier one.
    std::optional<OutboxCommand> nextUnanswered() const;
    QList<OutboxCommand> commands() const;
    int unansweredCount() const;
    // Replaces the body of a command that was never sent (pending, no attempt): the engine moves
    // a queued edit onto the version the client's own earlier command created. A command that may
    // have reached the server keeps its body, so every repeat under its key is the same request.
    Error replacePayload(qint64 seq, const QByteArray &payload);
    Error markSent(qint64 seq);
    Error markAccepted(qint64 seq);
    // A permanent refusal: the command leaves the queue and a rejection is recorded.
    Error markRejected(qint64 seq, const QString &code, const QString &text);
    // A failure to retry later: attempts + 1, the error, when to try again; state back to pending.
    Error recordFailure(qint64 seq, const QString &code, qint64 nextAttemptAtMs);

    // Runs work in one transaction: committed when it answers no error, else rolled back. The sync
    // engine applies a push answer with the command's new state, and a feed page with the cursor
    // after it, so a client killed in between finds all of it or none (and one commit is much
    // cheaper than one per reading). A nested call joins the outer transaction.
    Error inTransaction(const std::function<Error()> &work);

    // --- sync cursor ---
    QString syncCursor() const; // "recent" at first: a bounded first sync
    Error setSyncCursor(const QString &cursor);

    // --- rejections and conflicts ---
    Error addRejection(const Rejection &r);
    QList<Rejection> rejections() const;
    Error addConflict(const Conflict &c);
    QList<Conflict> conflicts() const;

    // --- readings (local view) ---
    // The user typed: the text is stored as typed, marked dirty, before anything else happens.
    Error saveTyped(AccountId account, Period period, RegisterId reg, const QString &text, QDate takenOn);
    // The dirty readings are carried by the outbox command seq.
    Error markQueued(AccountId account, Period period, const QList<RegisterId> &regs, qint64 seq);
    // What the server says about a reading (from a push answer or the sync feed): its state, value,
    // version. The typed text stays dirty unless ackSeq is the command that carried it and nothing
    // was typed since (typing again unqueues the reading, so a newer text is never lost).
    Error applyServer(const LocalReading &server, qint64 ackSeq = 0);
    Error setRejected(AccountId account, Period period, RegisterId reg, const QString &code,
                      const QString &text);
    QList<LocalReading> readings(AccountId account, Period period) const;
    std::optional<LocalReading> reading(AccountId account, Period period, RegisterId reg) const;
    int dirtyCount(AccountId account, Period period) const;
    // The meter was replaced: the text typed for the old register goes to the new one (still dirty,
    // to be judged against the new meter); the old register's row stays, no longer unsent. Nothing
    // happens when the old one holds nothing unsent or the new one already has typed text.
    Error moveTyped(AccountId account, Period period, RegisterId from, RegisterId to);
    // Forgets a per-reading refusal code once it has been dealt with (e.g. reading.meter_changed
    // after the metering points were reloaded).
    Error clearRejectionCode(AccountId account, Period period, const QString &code);

    // --- caches, so that the form opens offline ---
    // The account tree (GET /accounts/{id}) and the open entry period (GET .../readings without
    // the items), as the server answered them.
    Error cacheAccount(AccountId account, const QByteArray &json);
    std::optional<CachedJson> cachedAccount(AccountId account) const;
    Error cacheEntry(AccountId account, const QByteArray &json);
    std::optional<CachedJson> cachedEntry(AccountId account) const;
    // Readings of earlier periods: the answer for [from, to] replaces what was cached for it.
    Error replaceHistory(AccountId account, Period from, Period to, const QList<HistoryRow> &rows);
    QList<QByteArray> history(AccountId account, Period from, Period to) const; // newest first

    // The billing screens' last answer per (account, kind): "invoices", "tax_invoices", "payments",
    // "tariffs", "turnover/YYYY-MM", "invoice/<id>". fetchedAtMs 0 = now.
    Error cacheBilling(AccountId account, const QString &kind, const QByteArray &json,
                       qint64 fetchedAtMs = 0);
    std::optional<CachedJson> cachedBilling(AccountId account, const QString &kind) const;

    // Document PDFs per (server "host:port", account, document id as DocumentRequest::cacheId(),
    // document language): the newest download replaces the older. fetchedAtMs 0 = now.
    Error cacheDocument(const QString &server, AccountId account, const QString &docId, const QString &lang,
                        const QString &sha256, const QByteArray &pdf, qint64 fetchedAtMs = 0);
    std::optional<CachedDocument> cachedDocument(const QString &server, AccountId account,
                                                 const QString &docId, const QString &lang) const;

    // --- the user's signatures until the server answered them (migration 6) ---
    // Kept before the upload starts, with a fresh Idempotency-Key.
    Result<qint64> addPendingSignature(const QString &server, AccountId account, const QString &docId,
                                       const QString &lang, const QByteArray &signedPdf);
    // Not yet answered, oldest first.
    QList<PendingSignature> pendingSignatures(const QString &server) const;
    // The newest signature of a document, whatever its state (the document's local status).
    std::optional<PendingSignature> latestSignature(const QString &server, AccountId account,
                                                    const QString &docId) const;
    // A failed attempt to deliver (network): stays pending.
    Error recordSignatureAttempt(qint64 id, const QString &errorCode);
    // The server's answer: state "received" or "rejected" with its explanation and problem codes.
    Error markSignatureAnswered(qint64 id, const QString &state, const QString &explanation,
                                const QStringList &problems);

    // --- small facts ("last_sync_at": epoch ms of the last successful sync) ---
    Error setMeta(const QString &key, const QString &value);
    QString meta(const QString &key) const;

private:
    Error cacheJson(const QString &table, AccountId account, const QByteArray &json);
    std::optional<CachedJson> cachedJson(const QString &table, AccountId account) const;
    Error migrate();
    Error exec(const QString &sql, const QVariantList &values = {}) const;

    QString m_connection;
    QString m_path;
    int m_transactionDepth = 0;
};

} // namespace oblik::client
