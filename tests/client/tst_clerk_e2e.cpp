// The clerk's workspace against a real oblik-server (demo ledger in SQLite), driven offscreen with
// QTest: a consumer saves and submits two readings through the API, the clerk finds them in the
// district's queue by typing the account number, rejects one with a reason and accepts the other
// through the workspace's buttons and dialogs, and the consumer's sync engine then pulls both
// outcomes into its local store (rejected with the clerk's reason, processed). Also: a queue that
// cannot be loaded says why with Retry and keeps the filters, and a failed decision keeps its
// Idempotency-Key across Retry while a new decision gets a new one.

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "api/errortext.h"
#include "api/jobs.h"
#include "jobwaiter.h"
#include "local/localstore.h"
#include "models/clerkqueuemodel.h"
#include "serverprocess.h"
#include "sync/apisynctransport.h"
#include "sync/syncengine.h"
#include "translations/languages.h"
#include "views/clerkdecisiondialog.h"
#include "views/clerkworkspace.h"
#include "views/meterreplacedialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFrame>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>
#include <functional>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using oblik::testing::ServerProcess;
using oblik::testing::wait;

namespace {

QString milliText(qint64 m)
{
    return u"%1.%2"_s.arg(m / 1000).arg(m % 1000, 3, 10, QChar(u'0'));
}

// Answers the next modal dialog of type D (opened by exec() inside a click) with `answer`.
template <class D> void whenModal(std::function<void(D *)> answer)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, answer] {
        if (auto *d = qobject_cast<D *>(QApplication::activeModalWidget())) {
            timer->stop();
            timer->deleteLater();
            answer(d);
        }
    });
    timer->start();
}

} // namespace

class TestClerkE2e : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QString m_serverError;
    std::unique_ptr<CertificateStore> m_pins;
    std::unique_ptr<ApiClient> m_consumer;
    std::unique_ptr<ApiClient> m_clerk;

    qint64 m_account = 0;
    QString m_accountNumber;
    QString m_period;
    QString m_takenOn;
    QJsonArray m_items; // the two save items
    QList<qint64> m_registers;

    bool ensureServer()
    {
        if (!m_server) {
            m_server = std::make_unique<ServerProcess>();
            if (!m_server->start(&m_serverError))
                m_server.reset();
        }
        return m_server != nullptr;
    }

    std::unique_ptr<ApiClient> signIn(const QString &login)
    {
        auto api = std::make_unique<ApiClient>(m_pins.get());
        api->setBaseUrl(m_server->url());
        auto [r, e] = wait<protocol::LoginResponse>(api->login(login, u"oblik-demo"_s), &LoginJob::finished);
        if (!r) {
            qWarning() << login << "login failed:" << e.code();
            return nullptr;
        }
        return api;
    }

    QJsonObject getJson(ApiClient *api, const QString &path)
    {
        auto [body, error] = wait<QByteArray>(api->getRaw(path), &RawJob::finished);
        if (!body)
            qWarning() << path << "failed:" << error.code();
        return body ? QJsonDocument::fromJson(*body).object() : QJsonObject();
    }

    std::optional<QJsonObject> post(ApiClient *api, const QString &path, const QJsonObject &body)
    {
        auto [answer, error] =
            wait<QByteArray>(api->postIdempotent(path, QUuid::createUuid().toString(QUuid::WithoutBraces),
                                                 QJsonDocument(body).toJson(QJsonDocument::Compact)),
                             &RawJob::finished);
        if (!answer) {
            qWarning() << path << "failed:" << error.code() << error.detail();
            return std::nullopt;
        }
        return QJsonDocument::fromJson(*answer).object();
    }

    // Two registers of working main meters that had a reading last period, each with a value in
    // range (the previous one plus last period's consumption).
    bool pickItems(const QJsonObject &account, const QHash<qint64, QJsonObject> &previous)
    {
        for (const auto &o : account.value(u"objects"_s).toArray()) {
            for (const auto &p : o.toObject().value(u"metering_points"_s).toArray()) {
                if (!p.toObject().value(u"parent_id"_s).isNull())
                    continue;
                for (const auto &m : p.toObject().value(u"meters"_s).toArray()) {
                    const QJsonObject mo = m.toObject();
                    if (mo.value(u"status"_s).toString() != u"working"_s)
                        continue;
                    const int digits = mo.value(u"digits"_s).toInt();
                    const int ratio = qMax(1, mo.value(u"ratio"_s).toInt());
                    for (const auto &g : mo.value(u"registers"_s).toArray()) {
                        const qint64 reg = g.toObject().value(u"id"_s).toInteger();
                        const QJsonObject prev = previous.value(reg);
                        const auto prevValue = Energy::parse(prev.value(u"value"_s).toString());
                        const auto prevCons = Energy::parse(prev.value(u"consumption"_s).toString());
                        if (prev.isEmpty() || !prevValue || !prevCons)
                            continue;
                        qint64 modulus = 1000;
                        for (int i = 0; i < digits; ++i)
                            modulus *= 10;
                        const qint64 value =
                            (prevValue.value().milli() + prevCons.value().milli() / ratio) % modulus;
                        m_items.append(
                            QJsonObject{{u"register_id"_s, reg},
                                        {u"taken_on"_s, m_takenOn},
                                        {u"value"_s, milliText(value)},
                                        {u"version"_s, 0},
                                        {u"meter"_s, QJsonObject{{u"number"_s, mo.value(u"number"_s)},
                                                                 {u"digits"_s, mo.value(u"digits"_s)},
                                                                 {u"decimals"_s, mo.value(u"decimals"_s)},
                                                                 {u"ratio"_s, mo.value(u"ratio"_s)}}}});
                        m_registers.append(reg);
                        if (m_items.size() == 2)
                            return true;
                        break; // the second one from another meter
                    }
                }
            }
        }
        return false;
    }

    int rowOfRegister(const ClerkQueueModel *model, qint64 reg) const
    {
        for (int i = 0; i < model->rowCount(); ++i) {
            if (model->rowAt(i).item.reading.registerId.value() == reg)
                return i;
        }
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale::c());
        QVERIFY(m_dir.isValid());
        REQUIRE_SERVER();
        m_pins = std::make_unique<CertificateStore>(m_dir.filePath(u"pins.ini"_s));
        m_pins->trust(m_server->hostKey(), CertificateStore::fingerprintOf(m_server->fetchCertificate()));
        m_consumer = signIn(u"accountant"_s);
        QVERIFY(m_consumer);
        m_clerk = signIn(u"clerk"_s);
        QVERIFY(m_clerk);

        auto [list, listError] = wait<protocol::AccountList>(m_consumer->accounts(), &AccountsJob::finished);
        QVERIFY2(list.has_value() && !list->items.isEmpty(), qPrintable(listError.code()));
        m_account = list->items.first().id.value();
        m_accountNumber = list->items.first().number;
        const QString readings = u"/accounts/%1/readings"_s.arg(m_account);
        m_period = getJson(m_consumer.get(), readings).value(u"period"_s).toString();
        QVERIFY(!m_period.isEmpty());
        // Until the demo leaves the entry period unread: clear its readings so that it is open.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"fixture"_s);
            db.setDatabaseName(m_server->databasePath());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.prepare(u"DELETE FROM readings WHERE period = ?"_s));
            q.addBindValue(m_period.left(4).toInt() * 100 + m_period.mid(5).toInt());
            QVERIFY(q.exec());
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(u"fixture"_s);
        const QJsonObject open = getJson(m_consumer.get(), readings);
        QCOMPARE(open.value(u"items"_s).toArray().size(), 0);
        m_takenOn = open.value(u"window"_s).toObject().value(u"first"_s).toString();
        QHash<qint64, QJsonObject> previous;
        for (const auto &v : open.value(u"previous"_s).toArray())
            previous.insert(v.toObject().value(u"register_id"_s).toInteger(), v.toObject());
        QVERIFY2(pickItems(getJson(m_consumer.get(), u"/accounts/%1"_s.arg(m_account)), previous),
                 "the demo account needs two registers with last period's readings");
    }

    // Queue errors show in the workspace with Retry; the filters stay as they were.
    void loadErrorKeepsFilters()
    {
        CertificateStore pins(m_dir.filePath(u"pins-closed.ini"_s));
        ApiClient closed(&pins);
        closed.setBaseUrl(QUrl(u"https://127.0.0.1:%1"_s.arg(oblik::testing::closedPort())));
        ClerkWorkspace ws(&closed);
        ws.show();
        QVERIFY(QTest::qWaitForWindowExposed(&ws));
        QSignalSpy failed(&ws, &ClerkWorkspace::loadFailed);
        ws.stateFilter()->setCurrentIndex(ws.stateFilter()->findData(u"rejected"_s));
        QTest::keyClicks(ws.consumerFilter(), u"Teplo"_s);
        QVERIFY(failed.wait(10000)); // after the debounce
        QCOMPARE(failed.size(), 1);  // one request for the whole word
        QVERIFY(ws.errorFrame()->isVisible());
        const Error e = failed.first().first().value<Error>();
        QVERIFY(ws.errorLabel()->text().contains(errorText(e)));
        QVERIFY(!ws.isLoading());
        QTest::mouseClick(ws.retryButton(), Qt::LeftButton);
        QVERIFY(failed.wait(10000));
        QCOMPARE(ws.consumerFilter()->text(), u"Teplo"_s);
        QCOMPARE(ws.stateFilter()->currentData().toString(), u"rejected"_s);
        QVERIFY(ws.errorFrame()->isVisible());
    }

    // A decision that got no answer is retried with its key; a new decision gets a new one.
    void decisionRetryKeepsKey()
    {
        CertificateStore pins(m_dir.filePath(u"pins-closed2.ini"_s));
        ApiClient closed(&pins);
        closed.setBaseUrl(QUrl(u"https://127.0.0.1:%1"_s.arg(oblik::testing::closedPort())));
        ClerkWorkspace ws(&closed);
        protocol::ClerkReading item;
        item.reading.id = 5;
        item.reading.state = domain::ReadingState::Submitted;
        item.accountNumber = u"1"_s;
        ws.model()->setPage({{item}, 1});
        ws.tableView()->selectRow(0);
        ws.decide(false, u"wrong photo"_s, false);
        const QString key = ws.pendingDecisionKey();
        QVERIFY(!key.isEmpty());
        QVERIFY(QTest::qWaitFor([&] { return !ws.isDeciding(); }, 10000));
        QVERIFY(ws.errorFrame()->isVisibleTo(&ws));
        QCOMPARE(ws.pendingDecisionKey(), key);
        ws.retry();
        QVERIFY(ws.isDeciding());
        QVERIFY(QTest::qWaitFor([&] { return !ws.isDeciding(); }, 10000));
        QCOMPARE(ws.pendingDecisionKey(), key);
        ws.decide(false, u"wrong photo"_s, false);
        QVERIFY(!ws.pendingDecisionKey().isEmpty());
        QVERIFY(ws.pendingDecisionKey() != key);
        QVERIFY(QTest::qWaitFor([&] { return !ws.isDeciding(); }, 10000));
    }

    // A decision the server refuses as a whole (here: a rejection without a reason, which the
    // dialog would not let through) is not offered for Retry: retrying cannot change the answer.
    void refusedDecisionIsNotRetried()
    {
        QVERIFY(m_clerk);
        ClerkWorkspace ws(m_clerk.get());
        protocol::ClerkReading item;
        item.reading.id = 999999;
        item.reading.state = domain::ReadingState::Submitted;
        item.accountNumber = u"1"_s;
        ws.model()->setPage({{item}, 1});
        ws.tableView()->selectRow(0);
        ws.decide(false, QString(), false);
        QVERIFY(QTest::qWaitFor([&] { return !ws.isDeciding(); }, 15000));
        QVERIFY(ws.errorFrame()->isVisibleTo(&ws));
        QVERIFY(ws.errorLabel()->text().contains(
            errorText(Error::make(u"request.missing_field"_s, u"reason"_s))));
        QVERIFY(!ws.retryButton()->isVisibleTo(&ws));
        QVERIFY(ws.pendingDecisionKey().isEmpty());
    }

    void consumerSeesTheClerksDecision()
    {
        QVERIFY(m_consumer && m_clerk);
        // The consumer saves and submits two readings.
        const QString readings = u"/accounts/%1/readings"_s.arg(m_account);
        const auto saved =
            post(m_consumer.get(), readings,
                 QJsonObject{{u"period"_s, m_period}, {u"submit"_s, false}, {u"items"_s, m_items}});
        QVERIFY(saved);
        for (const auto &v : saved->value(u"items"_s).toArray())
            QCOMPARE(v.toObject().value(u"status"_s).toString(), u"saved"_s);
        const auto submitted =
            post(m_consumer.get(), readings + u"/submit"_s, QJsonObject{{u"period"_s, m_period}});
        QVERIFY(submitted);
        QCOMPARE(submitted->value(u"items"_s).toArray().size(), 2);

        // The consumer's local store has them as submitted.
        LocalStore store;
        QVERIFY(store.open(m_dir.filePath(u"consumer.db"_s)).isNull());
        ApiSyncTransport transport(m_consumer.get());
        SyncEngine engine(&store, &transport);
        QSignalSpy synced(&engine, &SyncEngine::synced);
        engine.syncNow();
        QVERIFY(synced.wait(30000));
        const Period period = Period::parse(m_period).value();
        for (const qint64 reg : m_registers)
            QCOMPARE(store.reading(AccountId(m_account), period, RegisterId(reg))->serverState,
                     u"submitted"_s);

        // The clerk finds them by the account number and the period.
        ClerkWorkspace ws(m_clerk.get());
        ws.resize(1300, 500);
        ws.show();
        QVERIFY(QTest::qWaitForWindowExposed(&ws));
        ws.setCurrentPeriod(period);
        ws.periodFilter()->setCurrentIndex(ws.periodFilter()->findData(period.yyyymm()));
        QSignalSpy loaded(&ws, &ClerkWorkspace::loaded);
        QTest::keyClicks(ws.consumerFilter(), m_accountNumber);
        QVERIFY(loaded.wait(15000));
        QVERIFY(!ws.errorFrame()->isVisible());
        ClerkQueueModel *model = ws.model();
        const int rejectRow = rowOfRegister(model, m_registers.at(0));
        QVERIFY2(rejectRow >= 0, "the submitted reading is not in the clerk's queue");
        QVERIFY(rowOfRegister(model, m_registers.at(1)) >= 0);
        // The period's readings were cleared above: the consumer's two are all there is.
        QCOMPARE(model->total(), qint64(2));
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(ws.countLabel()->text(), u"2 of 2 readings shown"_s);
        QVERIFY(!ws.loadMoreButton()->isVisible());
        for (int i = 0; i < model->rowCount(); ++i)
            QVERIFY(model->rowAt(i).item.accountNumber.startsWith(m_accountNumber));

        // Reject the first one with a reason, through the button and its dialog.
        const QString reason = u"The photo shows a different value"_s;
        QSignalSpy decided(&ws, &ClerkWorkspace::decided);
        ws.tableView()->selectRow(rejectRow);
        QVERIFY(ws.rejectButton()->isEnabled());
        bool askedAgain = false;
        whenModal<ClerkDecisionDialog>([&](ClerkDecisionDialog *d) {
            // OK without a reason first: the dialog stays and names the field.
            d->buttons()->button(QDialogButtonBox::Ok)->click();
            askedAgain = d->isVisible() && d->errorLabel()->text().startsWith(u"Reason"_s);
            QTest::keyClicks(d->reasonEdit(), reason);
            d->buttons()->button(QDialogButtonBox::Ok)->click();
        });
        QTest::mouseClick(ws.rejectButton(), Qt::LeftButton);
        QVERIFY(askedAgain);
        QVERIFY(decided.wait(15000) || decided.size() == 1);
        QCOMPARE(decided.first().at(0).toInt(), 1);
        QCOMPARE(decided.first().at(1).toInt(), 0);
        const int rejected = rowOfRegister(model, m_registers.at(0));
        QCOMPARE(int(model->rowAt(rejected).item.reading.state), int(domain::ReadingState::Rejected));
        QCOMPARE(model->rowAt(rejected).item.reading.rejectionReason, reason);

        // Accept the second one (overriding the range check if the server flags it).
        const int acceptRow = rowOfRegister(model, m_registers.at(1));
        const bool warned = model->rowAt(acceptRow).item.rangeWarning;
        ws.tableView()->clearSelection();
        ws.tableView()->selectRow(acceptRow);
        whenModal<ClerkDecisionDialog>([&](ClerkDecisionDialog *d) {
            if (warned) {
                d->overrideBox()->setChecked(true);
                QTest::keyClicks(d->reasonEdit(), u"Checked on site"_s);
            }
            d->buttons()->button(QDialogButtonBox::Ok)->click();
        });
        QTest::mouseClick(ws.acceptButton(), Qt::LeftButton);
        QVERIFY(decided.wait(15000) || decided.size() == 2);
        QCOMPARE(decided.size(), 2);
        QCOMPARE(decided.at(1).at(0).toInt(), 1);
        QCOMPARE(int(model->rowAt(rowOfRegister(model, m_registers.at(1))).item.reading.state),
                 int(domain::ReadingState::Processed));
        QVERIFY(!ws.rejectButton()->isEnabled()); // a processed reading takes no decision

        // The consumer's next sync brings both outcomes.
        engine.syncNow(true);
        QVERIFY(synced.wait(30000));
        const auto r0 = store.reading(AccountId(m_account), period, RegisterId(m_registers.at(0)));
        QVERIFY(r0);
        QCOMPARE(r0->serverState, u"rejected"_s);
        QCOMPARE(r0->rejectionReason, reason);
        const auto r1 = store.reading(AccountId(m_account), period, RegisterId(m_registers.at(1)));
        QVERIFY(r1);
        QCOMPARE(r1->serverState, u"processed"_s);
    }

    // Replace the meter of the rejected reading from its queue row: closing readings just above
    // the previous ones, a new number, opening readings of zero. The account then has the new meter
    // instead of the old one.
    void replaceMeterFromQueueRow()
    {
        QVERIFY(m_clerk && !m_registers.isEmpty());
        const Period period = Period::parse(m_period).value();
        ClerkWorkspace ws(m_clerk.get());
        ws.resize(1300, 500);
        ws.show();
        QVERIFY(QTest::qWaitForWindowExposed(&ws));
        ws.setCurrentPeriod(period);
        ws.stateFilter()->setCurrentIndex(ws.stateFilter()->findData(u"rejected"_s));
        ws.periodFilter()->setCurrentIndex(ws.periodFilter()->findData(period.yyyymm()));
        QSignalSpy loaded(&ws, &ClerkWorkspace::loaded);
        QTest::keyClicks(ws.consumerFilter(), m_accountNumber);
        QVERIFY(loaded.wait(15000));
        const int row = rowOfRegister(ws.model(), m_registers.at(0));
        QVERIFY2(row >= 0, "the rejected reading is not in the queue");
        const qint64 oldMeterId = ws.model()->rowAt(row).item.reading.meterId.value();
        ws.tableView()->selectRow(row);
        QVERIFY(ws.replaceButton()->isEnabled());
        QTest::mouseClick(ws.replaceButton(), Qt::LeftButton);
        auto *dialog = ws.findChild<MeterReplaceDialog *>();
        QVERIFY(dialog);
        QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
        QVERIFY(QTest::qWaitFor([&] { return ok->isEnabled(); }, 15000)); // the meter is loaded
        const domain::Meter old = dialog->oldMeter();
        QCOMPARE(old.id.value(), oldMeterId);
        QVERIFY(!old.registers.isEmpty());
        qint64 modulus = 1;
        for (int i = 0; i < old.digits; ++i)
            modulus *= 10;
        for (int i = 0; i < old.registers.size(); ++i) {
            const auto &last = old.registers.at(i).lastReading;
            const qint64 whole = last ? last->value.milli() / 1000 : 0;
            QTest::keyClicks(dialog->closingEdit(i), QString::number((whole + 1) % modulus));
        }
        const QString number = u"E2E-%1"_s.arg(oldMeterId);
        QTest::keyClicks(dialog->numberEdit(), number);
        for (const auto &reg : old.registers)
            QTest::keyClicks(dialog->openingEdit(reg.zone), u"0"_s);
        if (const QString dir = qEnvironmentVariable("OBLIK_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QTest::qWait(100); // the rows of the registers are shown and laid out
            QVERIFY(dialog->grab().save(dir + u"/meter-replace.png"_s));
        }
        QSignalSpy replaced(dialog, &MeterReplaceDialog::replaced);
        QSignalSpy workspaceKnows(&ws, &ClerkWorkspace::meterReplaced);
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY2(dialog->lastErrors().isEmpty(),
                 qPrintable(dialog->lastErrors().isEmpty() ? QString() : dialog->lastErrors().first().text));
        QVERIFY2(replaced.wait(15000), qPrintable(dialog->errorLabel()->text()));
        const auto response = replaced.first().first().value<protocol::ReplaceMeterResponse>();
        QCOMPARE(response.oldMeterId.value(), oldMeterId);
        QCOMPARE(response.meter.number, number);
        QCOMPARE(workspaceKnows.size(), 1);
        QVERIFY(ws.statusLabel()->text().contains(number));

        // The consumer's account: the new meter instead of the old one.
        const QJsonObject account = getJson(m_consumer.get(), u"/accounts/%1"_s.arg(m_account));
        bool oldThere = false, newThere = false;
        for (const auto &o : account.value(u"objects"_s).toArray())
            for (const auto &p : o.toObject().value(u"metering_points"_s).toArray())
                for (const auto &m : p.toObject().value(u"meters"_s).toArray()) {
                    oldThere = oldThere || m.toObject().value(u"id"_s).toInteger() == oldMeterId;
                    newThere = newThere || m.toObject().value(u"number"_s).toString() == number;
                }
        QVERIFY(!oldThere);
        QVERIFY(newThere);
    }

    // OBLIK_SCREENSHOT_DIR=/tmp/x: the workspace in Ukrainian over the demo's queue (any state),
    // after the decisions above, with a row selected.
    void screenshot()
    {
        const QString dir = qEnvironmentVariable("OBLIK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("OBLIK_SCREENSHOT_DIR is not set");
        QVERIFY(m_clerk);
        i18n::Translators translators;
        QVERIFY(translators.install(u"uk"_s));
        m_clerk->setLanguage(u"uk"_s);
        ClerkWorkspace ws(m_clerk.get());
        ws.resize(1400, 560);
        ws.show();
        QVERIFY(QTest::qWaitForWindowExposed(&ws));
        ws.setCurrentPeriod(Period::parse(m_period).value());
        ws.stateFilter()->setCurrentIndex(ws.stateFilter()->findData(QString()));
        QSignalSpy loaded(&ws, &ClerkWorkspace::loaded);
        ws.reload();
        QVERIFY(loaded.wait(15000));
        QTest::qWait(1500); // the previous values arrive per account
        ws.tableView()->selectRow(2);
        QVERIFY(ws.grab().save(dir + u"/clerk-workspace-uk.png"_s));
        QLocale::setDefault(QLocale::c());
    }

    void cleanupTestCase()
    {
        m_consumer.reset();
        m_clerk.reset();
        m_server.reset();
    }
};

QTEST_MAIN(TestClerkE2e)
#include "tst_clerk_e2e.moc"
