#include "views/readingscontroller.h"

#include "api/apiclient.h"
#include "api/errortext.h"
#include "api/jobs.h"
#include "local/localstore.h"
#include "models/displayformat.h"
#include "models/readingsmodel.h"
#include "protocol/codec.h"
#include "protocol/readings.h"
#include "sync/syncengine.h"
#include "views/historyview.h"
#include "views/readingsview.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcReadings, "oblik.client.readings")

namespace oblik::client {

namespace {
const QString kMeterChanged = u"reading.meter_changed"_s;

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// The previous values of the form are the readings of period - 1 the server sent beside the
// period's own; the tree's "last reading" may already be this period's.
domain::AccountDetail withPrevious(domain::AccountDetail account, Period period, const QJsonArray &previous)
{
    QHash<qint64, domain::Reading> before;
    for (const QJsonValue &v : previous) {
        const auto r = protocol::readingFromJson(v.toObject());
        if (!r || r.value().state == domain::ReadingState::Rejected)
            continue;
        domain::Reading reading;
        reading.period = r.value().period;
        reading.takenOn = r.value().takenOn;
        reading.value = r.value().value;
        reading.consumption = r.value().consumption;
        reading.state = r.value().state;
        before.insert(r.value().registerId.value(), reading);
    }
    for (domain::SiteObject &o : account.objects)
        for (domain::MeteringPoint &p : o.meteringPoints)
            for (domain::Meter &m : p.meters)
                for (domain::Register &g : m.registers) {
                    if (auto it = before.constFind(g.id.value()); it != before.constEnd())
                        g.lastReading = *it;
                    else if (g.lastReading && !(g.lastReading->period < period))
                        g.lastReading.reset(); // this period's own reading is not its previous one
                }
    return account;
}
} // namespace

ReadingsController::ReadingsController(ApiClient *api, ReadingsView *form, HistoryView *history,
                                       const Clock &clock, QObject *parent)
    : QObject(parent), m_api(api), m_form(form), m_history(history), m_clock(clock)
{
    connect(m_form, &ReadingsView::sendRequested, this, &ReadingsController::send);
    connect(m_form, &ReadingsView::submitRequested, this, &ReadingsController::submit);
    connect(m_form, &ReadingsView::reloadMetersRequested, this, &ReadingsController::reloadMeters);
    if (m_history)
        connect(m_history, &HistoryView::rangeRequested, this, &ReadingsController::loadHistory);
}

ReadingsController::~ReadingsController()
{
    for (ApiJob *job : {static_cast<ApiJob *>(m_entryJob.data()), static_cast<ApiJob *>(m_historyJob.data()),
                        static_cast<ApiJob *>(m_treeJob.data())})
        if (job)
            job->abort();
}

bool ReadingsController::isFetchingEntry() const
{
    return !m_entryJob.isNull();
}

void ReadingsController::setStore(LocalStore *store, SyncEngine *engine)
{
    if (m_engine)
        disconnect(m_engine, nullptr, this, nullptr);
    m_store = store;
    m_engine = engine;
    m_form->setStore(store);
    if (!m_engine)
        return;
    connect(m_engine, &SyncEngine::storeChanged, this, [this] {
        m_form->refresh();
        updatePending();
    });
    // The feed brings the states into the store; the period itself (window, processed, open
    // today) is asked again after a sync when the last answer is old, from the cache or estimated,
    // or from another day: a form of thousands of rows is not fetched every minute.
    connect(m_engine, &SyncEngine::synced, this, [this] {
        const QDateTime now = m_clock.now();
        if (!m_entry || m_entry->fromCache || m_entry->estimated || !m_entry->fetchedAt.isValid() ||
            m_entry->fetchedAt.secsTo(now) > 15 * 60 ||
            m_entry->fetchedAt.toLocalTime().date() != now.toLocalTime().date())
            refreshEntry();
    });
    connect(m_engine, &SyncEngine::commandRejected, this, [this](qint64, const Error &e) {
        m_form->showRefusal(tr("The server refused the readings sent and will not be asked again: %1")
                                .arg(client::errorText(e)));
    });
}

std::optional<domain::AccountDetail> ReadingsController::cachedAccount(AccountId id) const
{
    if (!m_store)
        return std::nullopt;
    const auto cached = m_store->cachedAccount(id);
    if (!cached)
        return std::nullopt;
    const auto account = protocol::accountDetailFromJson(QJsonDocument::fromJson(cached->json).object());
    if (!account)
        return std::nullopt;
    return account.value();
}

void ReadingsController::clear()
{
    if (m_entryJob)
        m_entryJob->abort();
    if (m_historyJob)
        m_historyJob->abort();
    if (m_treeJob)
        m_treeJob->abort();
    m_account = domain::AccountDetail();
    m_hasAccount = false;
    m_before.reset();
    m_entry.reset();
    m_formTreeVersion = -1;
    m_form->clear();
    if (m_history)
        m_history->clear();
}

void ReadingsController::setAccount(const domain::AccountDetail &account)
{
    // The tree before this one tells where typed values of a replaced meter belong now.
    if (m_hasAccount && m_account.id == account.id)
        m_before = m_account;
    else
        m_before = cachedAccount(account.id);
    if (!m_hasAccount || m_account.id != account.id) {
        m_entry.reset();
        m_form->showRefusal({});
        m_form->setSubmitPending(false);
    }
    m_account = account;
    m_hasAccount = true;
    ++m_treeVersion;
    if (m_store)
        m_store->cacheAccount(account.id, compact(protocol::toJson(account)));
    // The store's last answer opens the form at once; the server's follows.
    if (m_store) {
        if (const auto cached = m_store->cachedEntry(account.id)) {
            const QJsonObject answer = QJsonDocument::fromJson(cached->json).object();
            if (auto entry = ReadingsEntry::fromJson(answer)) {
                entry->fromCache = true;
                entry->fetchedAt = QDateTime::fromMSecsSinceEpoch(cached->fetchedAtMs);
                showForm(*entry, answer);
            }
        }
    }
    fetchEntry();
}

void ReadingsController::refreshEntry()
{
    if (m_hasAccount && !m_entryJob)
        fetchEntry();
}

void ReadingsController::fetchEntry()
{
    if (m_entryJob)
        m_entryJob->abort();
    const AccountId id = m_account.id;
    m_entryJob = m_api->getRaw(u"/accounts/%1/readings"_s.arg(id.value()));
    connect(m_entryJob, &RawJob::finished, this, [this, id](const QByteArray &body) {
        m_entryJob = nullptr;
        if (!m_hasAccount || m_account.id != id)
            return;
        const QJsonObject answer = QJsonDocument::fromJson(body).object();
        auto entry = ReadingsEntry::fromJson(answer);
        if (!entry) {
            showOfflineFallback(Error::make(u"network.bad_response"_s, u"period"_s));
            return;
        }
        entry->fetchedAt = m_clock.now();
        if (m_store)
            m_store->cacheEntry(id, body);
        onEntry(answer, *entry);
    });
    connect(m_entryJob, &ApiJob::failed, this, [this, id](const Error &e) {
        m_entryJob = nullptr;
        if (!m_hasAccount || m_account.id != id)
            return;
        qCInfo(lcReadings) << "readings of account" << id.value() << "not fetched:" << e.code();
        showOfflineFallback(e);
    });
}

void ReadingsController::onEntry(const QJsonObject &answer, const ReadingsEntry &entry)
{
    // The server's states, values and versions into the store first, then into the form.
    if (m_store) {
        for (const QJsonValue &v : answer.value(u"items"_s).toArray())
            if (const auto reading = localReadingFromJson(v.toObject()))
                m_store->applyServer(*reading);
    }
    showForm(entry, answer);
    Q_EMIT formShown(true);
}

void ReadingsController::showOfflineFallback(const Error &why)
{
    if (m_entry) {
        // The form is on screen from the store; say so, it stays usable.
        if (m_entry->fromCache || m_entry->estimated)
            Q_EMIT message(tr("Readings shown as saved on this computer: %1").arg(client::errorText(why)));
        return;
    }
    // Never fetched and nothing cached: the contract's billing day and window say which period is
    // open (domain::entryPeriod, as the server decides it), marked as an estimate until the server
    // answers; without a contract nothing is guessed.
    if (why.code().startsWith(u"network."_s)) {
        if (auto estimate = ReadingsEntry::estimate(m_account, today())) {
            showForm(*estimate, QJsonObject());
            Q_EMIT formShown(false);
            return;
        }
    }
    m_form->showUnavailable(why.code().startsWith(u"network."_s)
                                ? tr("The readings period is not known on this computer yet. It is fetched "
                                     "the first time the server can be reached.\n\n%1")
                                      .arg(client::errorText(why))
                                : tr("The readings could not be loaded: %1").arg(client::errorText(why)));
}

void ReadingsController::moveTypedValues(const domain::AccountDetail &before, Period period)
{
    if (!m_store)
        return;
    const QHash<qint64, qint64> moved = ReadingsModel::movedRegisters(before, m_account);
    for (auto it = moved.cbegin(); it != moved.cend(); ++it)
        m_store->moveTyped(m_account.id, period, RegisterId(it.key()), RegisterId(it.value()));
    if (!moved.isEmpty()) {
        qCInfo(lcReadings) << moved.size() << "register(s) replaced; typed values moved to the new meters";
        m_clearMeterChanged = true;
    }
}

void ReadingsController::showForm(const ReadingsEntry &entry, const QJsonObject &answer)
{
    // An estimate had no previous values from the server: the first answer rebuilds the form.
    const bool samePeriod = m_entry && m_entry->period == entry.period && !m_entry->estimated;
    m_entry = entry;
    if (m_before) {
        moveTypedValues(*m_before, entry.period);
        m_before.reset();
    }
    if (m_clearMeterChanged && m_store) {
        // The metering points were reloaded: the form judges the values against the new meters now.
        m_store->clearRejectionCode(m_account.id, entry.period, kMeterChanged);
        m_clearMeterChanged = false;
        m_formTreeVersion = -1;
    }
    if (samePeriod && m_formTreeVersion == m_treeVersion && m_form->model()->accountId() == m_account.id) {
        m_form->refresh(); // keeps the editor, the scroll position and what is expanded
    } else {
        m_form->setAccount(withPrevious(m_account, entry.period, answer.value(u"previous"_s).toArray()),
                           entry.period, today());
        m_formTreeVersion = m_treeVersion;
    }
    m_form->setEntry(entry);
    updatePending();
    if (m_history)
        m_history->setAccount(m_account, entry.period.previous());
    if (entry.fromCache)
        Q_EMIT formShown(false);
}

void ReadingsController::reloadMeters()
{
    if (!m_hasAccount)
        return;
    if (m_treeJob)
        m_treeJob->abort();
    const AccountId id = m_account.id;
    m_treeJob = m_api->account(id);
    connect(m_treeJob, &AccountJob::finished, this, [this, id](const domain::AccountDetail &account) {
        m_treeJob = nullptr;
        if (!m_hasAccount || m_account.id != id)
            return;
        m_clearMeterChanged = true;
        setAccount(account);
        Q_EMIT accountReloaded(account);
    });
    connect(m_treeJob, &ApiJob::failed, this, [this](const Error &e) {
        m_treeJob = nullptr;
        Q_EMIT message(tr("The metering points could not be reloaded: %1").arg(client::errorText(e)));
    });
}

void ReadingsController::send()
{
    if (!m_store || !m_engine)
        return;
    const ReadingsModel *model = m_form->model();
    const QList<ReadingsModel::Item> items = model->sendableItems();
    if (items.isEmpty())
        return;
    protocol::SaveReadingsRequest request;
    request.period = model->period();
    QList<RegisterId> registers;
    for (const ReadingsModel::Item &item : items) {
        protocol::ReadingInput input;
        input.registerId = item.registerId;
        input.takenOn = item.takenOn;
        input.value = item.value.toString();
        input.version = int(item.version);
        input.meter = protocol::MeterSnapshot{item.meter.number, item.meter.digits, item.meter.decimals,
                                              item.meter.ratio};
        request.items.append(input);
        registers.append(item.registerId);
    }
    // One transaction: killed in between, the values would look unsent and go again under a new key.
    const auto seq = m_store->enqueueReadings(u"readings.save"_s, model->accountId(),
                                              compact(protocol::toJson(request)), model->period(), registers);
    if (!seq) {
        Q_EMIT message(tr("The readings could not be queued: %1").arg(client::errorText(seq.error())));
        return;
    }
    m_form->showRefusal({});
    m_form->refresh();
    m_engine->syncNow(true);
}

void ReadingsController::submit()
{
    if (!m_store || !m_engine || !m_form->model()->canSubmit())
        return;
    const ReadingsModel *model = m_form->model();
    const auto seq =
        m_store->enqueue(u"readings.submit"_s, model->accountId(),
                         compact(protocol::toJson(protocol::SubmitReadingsRequest{model->period()})));
    if (!seq) {
        Q_EMIT message(tr("The submission could not be queued: %1").arg(client::errorText(seq.error())));
        return;
    }
    updatePending();
    m_engine->syncNow(true);
}

void ReadingsController::updatePending()
{
    bool pending = false;
    const AccountId shown = m_form->model()->accountId(); // the form's account, however it was opened
    if (m_store && shown.isValid()) {
        for (const OutboxCommand &c : m_store->commands())
            if (c.kind == u"readings.submit"_s && c.accountId == shown &&
                (c.state == OutboxState::Pending || c.state == OutboxState::Sent))
                pending = true;
    }
    m_form->setSubmitPending(pending);
}

void ReadingsController::showHistoryFromStore(Period from, Period to, qint64 fetchedAtMs)
{
    if (!m_history || !m_store)
        return;
    QList<domain::ReadingRecord> items;
    for (const QByteArray &json : m_store->history(m_account.id, from, to))
        if (const auto r = protocol::readingFromJson(QJsonDocument::fromJson(json).object()))
            items.append(r.value());
    m_history->setReadings(items,
                           fetchedAtMs > 0 ? QDateTime::fromMSecsSinceEpoch(fetchedAtMs) : QDateTime());
}

void ReadingsController::loadHistory(Period from, Period to)
{
    if (!m_hasAccount || !m_history)
        return;
    if (m_historyJob)
        m_historyJob->abort();
    const QString fetchedKey =
        u"history_at/%1/%2/%3"_s.arg(m_account.id.value()).arg(from.yyyymm()).arg(to.yyyymm());
    showHistoryFromStore(from, to, 0);
    m_history->setStatus(tr("Loading…"));
    const AccountId id = m_account.id;
    QUrlQuery query;
    query.addQueryItem(u"from"_s, from.toString());
    query.addQueryItem(u"to"_s, to.toString());
    m_historyJob = m_api->getRaw(u"/accounts/%1/readings/history"_s.arg(id.value()), query);
    connect(m_historyJob, &RawJob::finished, this, [this, id, from, to, fetchedKey](const QByteArray &body) {
        m_historyJob = nullptr;
        if (!m_hasAccount || m_account.id != id)
            return;
        const auto list = protocol::readingListFromJson(QJsonDocument::fromJson(body).object());
        if (!list) {
            m_history->setStatus(
                tr("The history could not be loaded: %1").arg(client::errorText(list.error())));
            return;
        }
        if (m_store) {
            QList<HistoryRow> rows;
            for (const domain::ReadingRecord &r : list.value().items)
                rows.append({r.period, r.registerId, compact(protocol::toJson(r))});
            m_store->replaceHistory(id, from, to, rows);
            m_store->setMeta(fetchedKey, QString::number(m_clock.now().toMSecsSinceEpoch()));
        }
        m_history->setReadings(list.value().items);
        m_history->setStatus(list.value().items.isEmpty() ? tr("No readings in this range.") : QString());
        Q_EMIT historyShown(true);
    });
    connect(m_historyJob, &ApiJob::failed, this, [this, id, from, to, fetchedKey](const Error &e) {
        m_historyJob = nullptr;
        if (!m_hasAccount || m_account.id != id)
            return;
        bool ok = false;
        const qint64 at = m_store ? m_store->meta(fetchedKey).toLongLong(&ok) : 0;
        showHistoryFromStore(from, to, ok ? at : 0);
        m_history->setStatus(
            ok ? tr("Offline: shown as saved on this computer on %1 (%2).")
                     .arg(format::dateTime(QDateTime::fromMSecsSinceEpoch(at)), client::errorText(e))
               : tr("The history could not be loaded: %1").arg(client::errorText(e)));
        Q_EMIT historyShown(false);
    });
}

} // namespace oblik::client
