#pragma once
// The sync engine: pushes the outbox strictly in order (one request per command, the same
// Idempotency-Key on every retry), then pulls the feed page by page until "more" is false,
// applying what the server says to the local store. A network failure or 5xx backs off
// exponentially (Backoff) and remembers why; a 4xx is a permanent refusal: the command leaves the
// queue, a rejection is recorded and shown, and nothing is retried. The engine is driven by the
// event loop and its own timer: no caller ever waits on the network.

#include "core/clock.h"
#include "core/error.h"
#include "local/localstore.h"
#include "sync/synctransport.h"

#include <QObject>
#include <QTimer>
#include <chrono>

namespace oblik::client {

class SyncEngine : public QObject
{
    Q_OBJECT
public:
    // Neither is owned; both must outlive the engine.
    SyncEngine(LocalStore *store, SyncTransport *transport, const Clock &clock = Clock::system(),
               QObject *parent = nullptr);

    bool isOnline() const { return m_online; }
    bool isBusy() const { return m_busy; }
    // Failures in a row, the last one's reason, and when the next attempt is due.
    int failures() const { return m_failures; }
    Error lastError() const { return m_lastError; }
    QDateTime nextAttemptAt() const { return m_nextAttempt; }
    int pageLimit() const { return m_limit; }
    void setPageLimit(int limit) { m_limit = limit; }
    // Runs a round by itself every `interval` (0 = never), on top of the retries after failures.
    void setInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds interval() const { return m_interval; }
    // When a round last ended with everything pushed and the feed read (kept in the store, so it
    // survives a restart); invalid when never.
    QDateTime lastSyncAt() const;

public Q_SLOTS:
    // Runs a round now unless one is running or a backoff is pending (force ignores the backoff).
    void syncNow(bool force = false);

Q_SIGNALS:
    void onlineChanged(bool online);
    // A round ended: everything pushed and the feed read to the end.
    void synced();
    // The local store changed (states, values): views re-read it.
    void storeChanged();
    // The server refused a command for good; shown to the user.
    void commandRejected(qint64 seq, const oblik::Error &error);
    void failed(const oblik::Error &error);

private:
    void pushNext();
    void onPushed(const OutboxCommand &command, const TransportResult &result);
    void pullNext();
    void onPulled(const TransportResult &result);
    void transientFailure(const Error &error);
    void setOnline(bool online);
    void finishRound();
    void applySaveAnswer(const OutboxCommand &command, const QByteArray &body);
    // A version the command itself moved a reading from, and to: (period, register) -> (from, to).
    using Bumps = QHash<QPair<int, qint64>, QPair<qint64, qint64>>;
    void rebaseLaterCommands(const OutboxCommand &command, const Bumps &bumps);

    LocalStore *m_store;
    SyncTransport *m_transport;
    const Clock &m_clock;
    QTimer m_timer;
    QTimer m_periodic;
    std::chrono::milliseconds m_interval{0};
    bool m_online = true;
    bool m_busy = false;
    int m_failures = 0;
    int m_limit = 500;
    Error m_lastError;
    QDateTime m_nextAttempt;
};

// A reading of the wire (docs/readings-contract.md) as the local store keeps it.
std::optional<LocalReading> localReadingFromJson(const QJsonObject &o);

} // namespace oblik::client
