#include "sync/syncengine.h"

#include "sync/backoff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSync, "oblik.client.sync")

namespace oblik::client {

std::optional<LocalReading> localReadingFromJson(const QJsonObject &o)
{
    const auto period = Period::parse(o.value(u"period"_s).toString());
    if (!period || !o.value(u"register_id"_s).isDouble() || !o.value(u"account_id"_s).isDouble())
        return std::nullopt;
    LocalReading r;
    r.accountId = AccountId(qint64(o.value(u"account_id"_s).toDouble()));
    r.period = period.value();
    r.registerId = RegisterId(qint64(o.value(u"register_id"_s).toDouble()));
    r.takenOn = QDate::fromString(o.value(u"taken_on"_s).toString(), Qt::ISODate);
    r.serverValue = o.value(u"value"_s).toString();
    r.serverState = o.value(u"state"_s).toString();
    r.rejectionReason = o.value(u"rejection_reason"_s).toString();
    r.version = qint64(o.value(u"version"_s).toDouble());
    r.revision = qint64(o.value(u"revision"_s).toDouble());
    return r;
}

SyncEngine::SyncEngine(LocalStore *store, SyncTransport *transport, const Clock &clock, QObject *parent)
    : QObject(parent), m_store(store), m_transport(transport), m_clock(clock)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] { syncNow(true); });
    connect(&m_periodic, &QTimer::timeout, this, [this] { syncNow(false); });
}

void SyncEngine::setInterval(std::chrono::milliseconds interval)
{
    m_interval = interval;
    if (interval.count() > 0)
        m_periodic.start(interval);
    else
        m_periodic.stop();
}

QDateTime SyncEngine::lastSyncAt() const
{
    bool ok = false;
    const qint64 ms = m_store->meta(u"last_sync_at"_s).toLongLong(&ok);
    return ok && ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms) : QDateTime();
}

void SyncEngine::syncNow(bool force)
{
    if (m_busy)
        return;
    if (!force && m_nextAttempt.isValid() && m_clock.now() < m_nextAttempt)
        return;
    m_busy = true;
    pushNext();
}

void SyncEngine::pushNext()
{
    const auto command = m_store->nextUnanswered();
    if (!command) {
        pullNext();
        return;
    }
    m_store->markSent(command->seq);
    const OutboxCommand sent = *command;
    m_transport->push(sent, [this, sent](const TransportResult &r) { onPushed(sent, r); });
}

void SyncEngine::onPushed(const OutboxCommand &command, const TransportResult &result)
{
    switch (result.kind) {
    case TransportResult::Kind::Ok:
        setOnline(true);
        m_failures = 0;
        m_lastError = {};
        m_nextAttempt = {};
        // The answer's readings and the command's acceptance in one commit: killed in between, the
        // command would be sent again (harmless, the same key) but the view would run ahead of it.
        m_store->inTransaction([&] {
            applySaveAnswer(command, result.body);
            return m_store->markAccepted(command.seq);
        });
        Q_EMIT storeChanged();
        pushNext();
        return;
    case TransportResult::Kind::Permanent:
        // The server understood and refused: repeating the same request cannot help.
        setOnline(true);
        m_store->markRejected(command.seq, result.error.code(), result.error.message());
        qCInfo(lcSync) << "command" << command.seq << "refused:" << result.error.code();
        Q_EMIT commandRejected(command.seq, result.error);
        Q_EMIT storeChanged();
        pushNext();
        return;
    case TransportResult::Kind::Transient:
        m_store->recordFailure(
            command.seq, result.error.code(),
            m_clock.now().addMSecs(Backoff::delay(m_failures + 1).count()).toMSecsSinceEpoch());
        transientFailure(result.error);
        return;
    }
}

void SyncEngine::applySaveAnswer(const OutboxCommand &command, const QByteArray &body)
{
    const QJsonArray items = QJsonDocument::fromJson(body).object().value(u"items"_s).toArray();
    Bumps bumps;
    if (command.kind == u"readings.submit"_s) {
        // {"items":[<reading>...]}: each moved from ready to submitted, one version up.
        for (const QJsonValue &v : items) {
            if (const auto reading = localReadingFromJson(v.toObject())) {
                m_store->applyServer(*reading);
                bumps.insert({reading->period.yyyymm(), reading->registerId.value()},
                             {reading->version - 1, reading->version});
            }
        }
        rebaseLaterCommands(command, bumps);
        return;
    }
    // The versions this command was built on, per register.
    const QJsonObject sent = QJsonDocument::fromJson(command.payload).object();
    QHash<qint64, qint64> sentVersions;
    for (const QJsonValue &v : sent.value(u"items"_s).toArray())
        sentVersions.insert(v.toObject().value(u"register_id"_s).toInteger(),
                            v.toObject().value(u"version"_s).toInteger());
    // {"items":[{"register_id","status":"saved|refused|conflict","reading"?,"problem"?}]}
    for (const QJsonValue &v : items) {
        const QJsonObject item = v.toObject();
        const QString status = item.value(u"status"_s).toString();
        const RegisterId reg(qint64(item.value(u"register_id"_s).toDouble()));
        const QJsonObject problem = item.value(u"problem"_s).toObject();
        if (const auto reading = localReadingFromJson(item.value(u"reading"_s).toObject())) {
            m_store->applyServer(*reading, status == u"saved"_s ? command.seq : 0);
            if (status == u"saved"_s && sentVersions.contains(reg.value()))
                bumps.insert({reading->period.yyyymm(), reg.value()},
                             {sentVersions.value(reg.value()), reading->version});
        }
        if (status == u"refused"_s) {
            const Error e =
                Error::make(problem.value(u"code"_s).toString(), problem.value(u"field"_s).toString(), {},
                            problem.value(u"detail"_s).toString());
            m_store->addRejection({0, command.seq, reg, e.code(), e.field(), e.message(), 0});
            const QJsonObject payload = QJsonDocument::fromJson(command.payload).object();
            if (const auto period = Period::parse(payload.value(u"period"_s).toString()))
                m_store->setRejected(command.accountId, period.value(), reg, e.code(), e.message());
        } else if (status == u"conflict"_s) {
            // A conflict over a changed meter needs the user as a refusal does: the form marks the
            // row and offers to reload the metering points.
            if (problem.value(u"code"_s).toString() == u"reading.meter_changed"_s) {
                const Error e =
                    Error::make(problem.value(u"code"_s).toString(), problem.value(u"field"_s).toString(), {},
                                problem.value(u"detail"_s).toString());
                const QJsonObject payload = QJsonDocument::fromJson(command.payload).object();
                if (const auto period = Period::parse(payload.value(u"period"_s).toString()))
                    m_store->setRejected(command.accountId, period.value(), reg, e.code(), e.message());
            }
            m_store->addConflict(
                {0, command.seq, reg, problem.value(u"code"_s).toString(),
                 problem.value(u"field"_s).toString(),
                 QJsonDocument(item.value(u"reading"_s).toObject()).toJson(QJsonDocument::Compact), 0});
        }
    }
    rebaseLaterCommands(command, bumps);
}

void SyncEngine::rebaseLaterCommands(const OutboxCommand &command, const Bumps &bumps)
{
    // A save queued behind this command (the user corrected a value offline) was built on the
    // version the client knew then. Where this command itself moved the reading on from exactly that
    // version, the queued edit follows it: it edits the user's own reading, not a stale copy, and must
    // not come back as a version conflict. A version moved by anyone else still conflicts. Only
    // commands never sent are touched (LocalStore::replacePayload).
    if (bumps.isEmpty())
        return;
    for (const OutboxCommand &later : m_store->commands()) {
        if (later.seq <= command.seq || later.kind != u"readings.save"_s ||
            later.accountId != command.accountId || later.state != OutboxState::Pending ||
            later.attempts != 0)
            continue;
        QJsonObject body = QJsonDocument::fromJson(later.payload).object();
        const auto period = Period::parse(body.value(u"period"_s).toString());
        if (!period)
            continue;
        QJsonArray items = body.value(u"items"_s).toArray();
        bool changed = false;
        for (qsizetype i = 0; i < items.size(); ++i) {
            QJsonObject item = items.at(i).toObject();
            const auto bump =
                bumps.constFind({period.value().yyyymm(), item.value(u"register_id"_s).toInteger()});
            if (bump == bumps.cend() || item.value(u"version"_s).toInteger() != bump->first)
                continue;
            item.insert(u"version"_s, bump->second);
            items.replace(i, item);
            changed = true;
        }
        if (!changed)
            continue;
        body.insert(u"items"_s, items);
        m_store->replacePayload(later.seq, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
}

void SyncEngine::pullNext()
{
    m_transport->pull(m_store->syncCursor(), m_limit, [this](const TransportResult &r) { onPulled(r); });
}

void SyncEngine::onPulled(const TransportResult &result)
{
    if (result.kind == TransportResult::Kind::Transient) {
        transientFailure(result.error);
        return;
    }
    setOnline(true);
    if (result.kind == TransportResult::Kind::Permanent) {
        m_lastError = result.error;
        Q_EMIT failed(result.error);
        finishRound();
        return;
    }
    const QJsonObject page = QJsonDocument::fromJson(result.body).object();
    const QString next = page.value(u"next"_s).toString();
    // The page and the cursor after it in one commit: the cursor never runs ahead of what was
    // applied, so a crash re-reads the page and never skips it.
    const Error applied = m_store->inTransaction([&]() -> Error {
        for (const QJsonValue &v : page.value(u"items"_s).toArray()) {
            const QJsonObject item = v.toObject();
            if (item.value(u"type"_s).toString() != u"reading"_s)
                continue;
            if (const auto reading = localReadingFromJson(item.value(u"data"_s).toObject()))
                if (Error e = m_store->applyServer(*reading); !e.isNull())
                    return e;
        }
        return next.isEmpty() ? Error() : m_store->setSyncCursor(next);
    });
    if (!applied.isNull()) {
        // The local file refused the write: tell, and try again at the next round.
        m_lastError = applied;
        Q_EMIT failed(applied);
        finishRound();
        return;
    }
    Q_EMIT storeChanged();
    m_failures = 0;
    m_lastError = {};
    m_nextAttempt = {};
    if (page.value(u"more"_s).toBool() && !next.isEmpty()) {
        pullNext();
        return;
    }
    finishRound();
    m_store->setMeta(u"last_sync_at"_s, QString::number(m_clock.now().toMSecsSinceEpoch()));
    Q_EMIT synced();
}

void SyncEngine::transientFailure(const Error &error)
{
    ++m_failures;
    m_lastError = error;
    const auto delay = Backoff::delay(m_failures);
    m_nextAttempt = m_clock.now().addMSecs(delay.count());
    qCInfo(lcSync) << "sync failed" << m_failures << "time(s) in a row:" << error.code() << "- next in"
                   << delay.count() << "ms";
    setOnline(false);
    Q_EMIT failed(error);
    m_busy = false;
    m_timer.start(delay);
}

void SyncEngine::finishRound()
{
    m_busy = false;
}

void SyncEngine::setOnline(bool online)
{
    if (m_online == online)
        return;
    m_online = online;
    Q_EMIT onlineChanged(online);
}

} // namespace oblik::client
