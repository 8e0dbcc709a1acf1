#pragma once
// What the sync fault tests type and send, shared by tst_syncfaults and oblik-sync-probe: one
// account's readings of one period, typed into the local store one by one (each committed before
// the next), then queued as save commands of `batch` readings and one submit command, as the
// readings form's Send does.

#include "local/localstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <functional>

namespace oblik::testing {

struct PlannedReading
{
    qint64 registerId = 0;
    QString value;     // as typed
    QJsonObject meter; // the meter snapshot the save carries: number, digits, decimals, ratio
};

struct SyncPlan
{
    qint64 account = 0;
    Period period;
    QDate takenOn;
    int batch = 60;
    QList<PlannedReading> items;

    QJsonObject toJson() const
    {
        QJsonArray list;
        for (const PlannedReading &p : items)
            list.append(QJsonObject{{QStringLiteral("register_id"), p.registerId},
                                    {QStringLiteral("value"), p.value},
                                    {QStringLiteral("meter"), p.meter}});
        return {{QStringLiteral("account"), account},
                {QStringLiteral("period"), period.toString()},
                {QStringLiteral("taken_on"), takenOn.toString(Qt::ISODate)},
                {QStringLiteral("batch"), batch},
                {QStringLiteral("items"), list}};
    }

    static SyncPlan fromJson(const QJsonObject &o)
    {
        SyncPlan p;
        p.account = o.value(QStringLiteral("account")).toInteger();
        p.period = Period::parse(o.value(QStringLiteral("period")).toString()).value();
        p.takenOn = QDate::fromString(o.value(QStringLiteral("taken_on")).toString(), Qt::ISODate);
        p.batch = o.value(QStringLiteral("batch")).toInt(60);
        for (const QJsonValue &v : o.value(QStringLiteral("items")).toArray()) {
            const QJsonObject i = v.toObject();
            p.items.append({i.value(QStringLiteral("register_id")).toInteger(),
                            i.value(QStringLiteral("value")).toString(),
                            i.value(QStringLiteral("meter")).toObject()});
        }
        return p;
    }

    // Types every value not typed yet; typed(reg) is called once each value is on disk.
    Error typeAll(client::LocalStore &store, const std::function<void(qint64)> &typed = {}) const
    {
        // The fault tests check everything the user may see against the server, all history
        // included: they start from the whole feed ("0"), not the client's bounded first sync.
        if (store.syncCursor() == QStringLiteral("recent"))
            if (Error e = store.setSyncCursor(QStringLiteral("0")); !e.isNull())
                return e;
        for (const PlannedReading &p : items) {
            const auto have = store.reading(AccountId(account), period, RegisterId(p.registerId));
            if (have && have->typedText == p.value)
                continue;
            if (Error e =
                    store.saveTyped(AccountId(account), period, RegisterId(p.registerId), p.value, takenOn);
                !e.isNull())
                return e;
            if (typed)
                typed(p.registerId);
        }
        return {};
    }

    // Queues the typed values no command carries yet, `batch` to a save command, then one submit
    // command unless the outbox has one. Answers the number of commands queued.
    Result<int> queueAll(client::LocalStore &store) const
    {
        QHash<qint64, QJsonObject> meters;
        for (const PlannedReading &p : items)
            meters.insert(p.registerId, p.meter);
        QList<client::LocalReading> waiting;
        for (const client::LocalReading &r : store.readings(AccountId(account), period))
            if (r.dirty && r.outboxSeq == 0 && meters.contains(r.registerId.value()))
                waiting.append(r);
        int queued = 0;
        for (qsizetype at = 0; at < waiting.size(); at += batch) {
            QJsonArray list;
            QList<RegisterId> regs;
            for (const client::LocalReading &r : waiting.mid(at, batch)) {
                list.append(QJsonObject{{QStringLiteral("register_id"), r.registerId.value()},
                                        {QStringLiteral("taken_on"), r.takenOn.toString(Qt::ISODate)},
                                        {QStringLiteral("value"), r.typedText},
                                        {QStringLiteral("version"), r.version},
                                        {QStringLiteral("meter"), meters.value(r.registerId.value())}});
                regs.append(r.registerId);
            }
            const QJsonObject body{{QStringLiteral("period"), period.toString()},
                                   {QStringLiteral("submit"), false},
                                   {QStringLiteral("items"), list}};
            auto seq =
                store.enqueueReadings(QStringLiteral("readings.save"), AccountId(account),
                                      QJsonDocument(body).toJson(QJsonDocument::Compact), period, regs);
            if (!seq)
                return seq.error();
            ++queued;
        }
        bool haveSubmit = false;
        for (const client::OutboxCommand &c : store.commands())
            haveSubmit = haveSubmit || c.kind == QStringLiteral("readings.submit");
        if (!haveSubmit) {
            const QJsonObject body{{QStringLiteral("period"), period.toString()}};
            auto seq = store.enqueue(QStringLiteral("readings.submit"), AccountId(account),
                                     QJsonDocument(body).toJson(QJsonDocument::Compact));
            if (!seq)
                return seq.error();
            ++queued;
        }
        return queued;
    }
};

} // namespace oblik::testing
