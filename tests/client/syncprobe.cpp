// oblik-sync-probe: a small client process for tst_syncfaults, which kills it (SIGKILL) at chosen
// points and starts it again on the same local store. It opens the store, types the plan's values
// one by one (printing "typed <register>" once each is on disk), queues them as the readings form's
// Send does, and runs the real SyncEngine over HTTPS until the outbox is empty and the feed read,
// then prints "synced" and exits 0.
//
//   oblik-sync-probe CONFIG.json [--no-type]
//
// CONFIG: {"store": path, "url": "https://127.0.0.1:port", "pins": path, "token": bearer,
//          "timeout_ms": n, "page_limit": n, "deadline_ms": n, "plan": <SyncPlan>}
// --no-type: only queue what is typed and sync (a restarted client: nothing new is typed).

#include "api/certificatestore.h"
#include "freshclienttransport.h"
#include "local/localstore.h"
#include "sync/syncengine.h"
#include "syncplan.h"

#include <QCoreApplication>
#include <QFile>
#include <QTimer>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace oblik;

namespace {
void say(const QByteArray &line)
{
    std::fputs(line.constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        say("usage: oblik-sync-probe CONFIG.json [--no-type]");
        return 64;
    }
    QFile file(args.at(1));
    if (!file.open(QIODevice::ReadOnly)) {
        say("cannot read the config");
        return 66;
    }
    const QJsonObject config = QJsonDocument::fromJson(file.readAll()).object();
    const testing::SyncPlan plan = testing::SyncPlan::fromJson(config.value(u"plan"_s).toObject());

    client::LocalStore store;
    if (Error e = store.open(config.value(u"store"_s).toString()); !e.isNull()) {
        say("cannot open the store: " + e.detail().toUtf8());
        return 1;
    }
    if (!args.contains(u"--no-type"_s)) {
        const Error e = plan.typeAll(store, [](qint64 reg) { say("typed " + QByteArray::number(reg)); });
        if (!e.isNull()) {
            say("typing failed: " + e.detail().toUtf8());
            return 1;
        }
    }
    const auto queued = plan.queueAll(store);
    if (!queued) {
        say("queueing failed: " + queued.error().detail().toUtf8());
        return 1;
    }
    say("queued " + QByteArray::number(queued.value()));

    client::CertificateStore pins(config.value(u"pins"_s).toString());
    testing::FreshClientTransport transport(
        &pins, QUrl(config.value(u"url"_s).toString()), config.value(u"token"_s).toString(),
        std::chrono::milliseconds(config.value(u"timeout_ms"_s).toInt(1000)));
    client::SyncEngine engine(&store, &transport);
    engine.setPageLimit(config.value(u"page_limit"_s).toInt(100));
    // A failure is retried at once rather than after the backoff's seconds: the test drives faults.
    QObject::connect(&engine, &client::SyncEngine::failed, &engine,
                     [&engine] { QTimer::singleShot(20, &engine, [&engine] { engine.syncNow(true); }); });
    QObject::connect(&engine, &client::SyncEngine::synced, &app, [&] {
        if (store.unansweredCount() == 0) {
            say("synced");
            app.exit(0);
        } else {
            QTimer::singleShot(0, &engine, [&engine] { engine.syncNow(true); });
        }
    });
    QTimer::singleShot(config.value(u"deadline_ms"_s).toInt(30000), &app, [&app] {
        say("deadline passed");
        app.exit(3);
    });
    QTimer::singleShot(0, &engine, [&engine] { engine.syncNow(true); });
    return app.exec();
}
