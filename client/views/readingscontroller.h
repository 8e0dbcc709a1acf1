#pragma once
// Feeds the readings form and the history tab of one account: the open entry period comes from the
// server (GET /accounts/{id}/readings, no ?period) and is merged into the local store, then into
// the form; offline the form opens from the store with the last known period and window. It
// queues the user's actions as outbox commands (send readings, submit to calculation) and lets the
// sync engine carry them; it rebuilds the form when the supplier replaced a meter, moving what was
// typed to the new meter's registers. Nothing here waits on the network.

#include "core/clock.h"
#include "core/error.h"
#include "domain/entities.h"
#include "models/readingsentry.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <optional>

namespace oblik::client {

class AccountJob;
class ApiClient;
class HistoryView;
class LocalStore;
class RawJob;
class ReadingsView;
class SyncEngine;

class ReadingsController : public QObject
{
    Q_OBJECT
public:
    // None is owned; the views outlive the controller.
    ReadingsController(ApiClient *api, ReadingsView *form, HistoryView *history,
                       const Clock &clock = Clock::system(), QObject *parent = nullptr);
    ~ReadingsController() override;

    // After sign-in (null on sign-out). The engine's answers refresh the form.
    void setStore(LocalStore *store, SyncEngine *engine);
    // The account's tree as the server just sent it: cached, and the form opens for it (from the
    // store at once when it knows the period, then from the server's answer).
    void setAccount(const domain::AccountDetail &account);
    // The tree the store kept for the account (to open offline), if any.
    std::optional<domain::AccountDetail> cachedAccount(AccountId id) const;
    void clear();

    // Asks the server for the open period again (tab shown, after a sync); merges, refreshes.
    void refreshEntry();
    // "Reload the list of metering points": fetches the tree again and rebuilds the form, keeping
    // every typed value (moved to the new meter's register when a meter was replaced).
    void reloadMeters();
    // The form's sendable values as one readings.save command; the engine sends it at once.
    void send();
    // readings.submit for the form's period.
    void submit();
    // The history tab's range: the store's copy at once, then the server's answer.
    void loadHistory(Period from, Period to);

    std::optional<ReadingsEntry> entry() const { return m_entry; }
    bool isFetchingEntry() const;

Q_SIGNALS:
    // The tree was fetched again (reloadMeters): the overview shows it too.
    void accountReloaded(const oblik::domain::AccountDetail &account);
    // Something for the status bar.
    void message(const QString &text);
    // The form shows the account for a period (from the store or the server).
    void formShown(bool fromServer);
    void historyShown(bool fromServer);

private:
    void fetchEntry();
    void onEntry(const QJsonObject &answer, const ReadingsEntry &entry);
    void showForm(const ReadingsEntry &entry, const QJsonObject &answer);
    void showOfflineFallback(const Error &why);
    void moveTypedValues(const domain::AccountDetail &before, Period period);
    void updatePending();
    void showHistoryFromStore(Period from, Period to, qint64 fetchedAtMs);
    QDate today() const { return m_clock.now().toLocalTime().date(); }

    ApiClient *m_api;
    ReadingsView *m_form;
    HistoryView *m_history;
    const Clock &m_clock;
    LocalStore *m_store = nullptr;
    SyncEngine *m_engine = nullptr;
    domain::AccountDetail m_account;
    bool m_hasAccount = false;
    // The tree before the latest one, until typed values were moved off replaced meters.
    std::optional<domain::AccountDetail> m_before;
    bool m_clearMeterChanged = false;
    // What the form was built from: a refresh with the same tree and period only re-reads the store.
    qint64 m_treeVersion = 0;
    qint64 m_formTreeVersion = -1;
    std::optional<ReadingsEntry> m_entry;
    QPointer<RawJob> m_entryJob;
    QPointer<RawJob> m_historyJob;
    QPointer<AccountJob> m_treeJob;
};

} // namespace oblik::client
