// The readings form against a real oblik-server (demo ledger in SQLite), as the engineer of the
// bakery uses it: the form opens for the period the server names (with its window), values typed
// and sent come back "ready"; then a clerk replaces the intake meter (POST /clerk/meters/{id}/replace)
// between typing and sending: the save answers reading.meter_changed, the form shows the banner,
// and "Reload the list of metering points" rebuilds it on the new meter keeping every typed value,
// the ones that no longer fit marked in their cells. The history tab shows earlier periods.

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "api/jobs.h"
#include "jobwaiter.h"
#include "local/localstore.h"
#include "models/readingsmodel.h"
#include "serverprocess.h"
#include "sync/syncengine.h"
#include "views/accountoverview.h"
#include "views/historyview.h"
#include "views/mainwindow.h"
#include "views/readingscontroller.h"
#include "views/readingsview.h"

#include <QFrame>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using oblik::testing::ServerProcess;
using oblik::testing::wait;

namespace {
QModelIndex registerIndex(const ReadingsModel &m, qint64 registerId, int column)
{
    for (int o = 0; o < m.rowCount(); ++o) {
        const QModelIndex parent = m.index(o, 0);
        for (int r = 0; r < m.rowCount(parent); ++r) {
            const QModelIndex i = m.index(r, column, parent);
            if (i.data(ReadingsModel::RegisterIdRole).toLongLong() == registerId)
                return i;
        }
    }
    return {};
}
} // namespace

class TestReadingsFormE2e : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QString m_serverError;

    bool ensureServer()
    {
        if (!m_server) {
            m_server = std::make_unique<ServerProcess>();
            if (!m_server->start(&m_serverError))
                m_server.reset();
        }
        return m_server != nullptr;
    }

    // The demo's readings window has passed by today; the test opens it: the billing day becomes
    // the last working day up to today (5 working days from there include today), and the current
    // period's demo readings go, so that the period takes values.
    bool openTheWindow(QString *why)
    {
        QDate opens = QDate::currentDate();
        while (opens.dayOfWeek() > 5)
            opens = opens.addDays(-1);
        if (opens.month() != QDate::currentDate().month()) {
            *why = u"the month starts with a weekend"_s;
            return false;
        }
        const Period current = Period::fromDate(QDate::currentDate()).previous();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"fixture"_s);
            db.setDatabaseName(m_server->databasePath());
            if (!db.open()) {
                *why = db.lastError().text();
                return false;
            }
            QSqlQuery q(db);
            q.prepare(u"UPDATE contracts SET billing_day = ?, window_working_days = 5"_s);
            q.addBindValue(opens.day());
            bool ok = q.exec();
            q.prepare(u"DELETE FROM readings WHERE period >= ?"_s);
            q.addBindValue(current.yyyymm());
            ok = ok && q.exec();
            if (!ok)
                *why = q.lastError().text();
            q.finish();
            db.close();
            if (!ok)
                return false;
        }
        QSqlDatabase::removeDatabase(u"fixture"_s);
        return true;
    }

    std::unique_ptr<ApiClient> signIn(CertificateStore *pins, const QString &login, domain::User *user)
    {
        auto api = std::make_unique<ApiClient>(pins);
        api->setBaseUrl(m_server->url());
        auto [response, error] =
            wait<protocol::LoginResponse>(api->login(login, u"oblik-demo"_s), &LoginJob::finished);
        if (!response) {
            qWarning() << "login" << login << "failed:" << error.code() << error.detail();
            return nullptr;
        }
        if (user)
            *user = response->user;
        return api;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanupTestCase()
    {
        if (m_server)
            m_server->stop();
    }

    void meterReplacedBetweenTypingAndSending()
    {
        REQUIRE_SERVER();
        QString why;
        if (!openTheWindow(&why))
            QSKIP(qPrintable(why));
        CertificateStore pins(m_dir.filePath(u"pins.ini"_s));
        pins.trust(m_server->hostKey(), CertificateStore::fingerprintOf(m_server->fetchCertificate()));
        domain::User engineer;
        auto api = signIn(&pins, u"engineer"_s, &engineer);
        QVERIFY(api);
        auto [list, listError] = wait<protocol::AccountList>(api->accounts(), &AccountsJob::finished);
        QVERIFY2(list && !list->items.isEmpty(), qPrintable(listError.code()));
        const AccountId accountId = list->items.first().id;

        MainWindow window(api.get());
        QFile::remove(LocalStore::defaultPath(api->hostKey(), engineer.login));
        window.setUser(engineer);
        window.show();
        ReadingsController *controller = window.readingsController();
        QSignalSpy shown(controller, &ReadingsController::formShown);
        window.openAccount(accountId);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && shown.last().first().toBool(), 30000);

        // The server named the period and its window; entry is open today.
        ReadingsView *form = window.readingsView();
        window.tabs()->setCurrentWidget(form);
        ReadingsModel *model = form->model();
        const Period period = Period::fromDate(QDate::currentDate()).previous();
        QCOMPARE(model->period(), period);
        QVERIFY(form->entry());
        QVERIFY(form->entry()->window.contains(QDate::currentDate()));
        QVERIFY(model->isEntryOpen());
        QVERIFY(form->closedBanner()->isHidden());

        // The intake: the three-zone meter with 2 decimals, its registers and previous values.
        const domain::AccountDetail &tree = model->account();
        const domain::MeteringPoint &intake = tree.objects.first().meteringPoints.first();
        const domain::Meter &old = intake.meters.first();
        QCOMPARE(old.registers.size(), 3);
        QCOMPARE(old.decimals, 2);
        auto previousOf = [&](const domain::Register &g) {
            return g.lastReading ? g.lastReading->value.milli() / 1000 : 0;
        };
        // Zone 1 gets a whole value (fits a meter without decimals), zone 2 one with decimals
        // (does not), zone 3 nothing. Another meter gets a value too.
        const domain::Register &z1 = old.registers.at(0);
        const domain::Register &z2 = old.registers.at(1);
        const QString v1 = QString::number(previousOf(z1) + 5);
        const QString v2 = QString::number(previousOf(z2) + 3) + u".25"_s;
        QVERIFY(model->setData(registerIndex(*model, z1.id.value(), ReadingsModel::CurrentValueColumn), v1));
        QVERIFY(model->setData(registerIndex(*model, z2.id.value(), ReadingsModel::CurrentValueColumn), v2));
        // The reactive-energy point: a meter of its own, not below the intake.
        const domain::MeteringPoint *other = nullptr;
        for (const domain::MeteringPoint &p : tree.objects.first().meteringPoints)
            if (p.kind == domain::PointKind::Reactive && !p.parentId)
                other = &p;
        QVERIFY(other);
        const domain::Register &c1 = other->meters.first().registers.first();
        // In range: last period's consumption again, on the display's own decimals.
        const domain::Meter &otherMeter = other->meters.first();
        QVERIFY(c1.lastReading);
        qint64 step = 1;
        for (int i = otherMeter.decimals; i < 3; ++i)
            step *= 10;
        const qint64 milli =
            (c1.lastReading->value.milli() + c1.lastReading->consumption.milli() / otherMeter.ratio) / step *
            step;
        QString otherValue = QString::number(milli / 1000);
        if (otherMeter.decimals > 0)
            otherValue +=
                u'.' + QString::number(milli % 1000).rightJustified(3, u'0').left(otherMeter.decimals);
        QVERIFY(model->setData(registerIndex(*model, c1.id.value(), ReadingsModel::CurrentValueColumn),
                               otherValue));
        QCOMPARE(model->unsentCount(), 3);

        // Meanwhile the clerk replaces the intake's meter: the new one shows no decimals.
        {
            auto clerk = signIn(&pins, u"clerk"_s, nullptr);
            QVERIFY(clerk);
            QJsonArray closing;
            for (const domain::Register &g : old.registers)
                closing.append(
                    QJsonObject{{u"register_id"_s, g.id.value()},
                                {u"value"_s, QString(QString::number(previousOf(g) + 1) + u".00"_s)}});
            QJsonArray zones;
            QJsonArray opening;
            for (const domain::Register &g : old.registers) {
                zones.append(domain::toString(g.zone));
                opening.append(QJsonObject{{u"zone"_s, domain::toString(g.zone)}, {u"value"_s, u"0"_s}});
            }
            const QJsonObject body{{u"period"_s, period.toString()},
                                   {u"taken_on"_s, QDate::currentDate().toString(Qt::ISODate)},
                                   {u"closing"_s, closing},
                                   {u"new_meter"_s, QJsonObject{{u"number"_s, u"E2E-NEW-1"_s},
                                                                {u"model"_s, u"NIK 2303"_s},
                                                                {u"digits"_s, 6},
                                                                {u"decimals"_s, 0},
                                                                {u"ratio"_s, old.ratio},
                                                                {u"verification_due"_s, u"2034-01-01"_s},
                                                                {u"zones"_s, zones}}},
                                   {u"opening"_s, opening}};
            auto [answer, error] =
                wait<QByteArray>(clerk->postIdempotent(u"/clerk/meters/%1/replace"_s.arg(old.id.value()),
                                                       QUuid::createUuid().toString(QUuid::WithoutBraces),
                                                       QJsonDocument(body).toJson(QJsonDocument::Compact)),
                                 &RawJob::finished);
            QVERIFY2(answer, qPrintable(error.code() + u' ' + error.field() + u' ' + error.detail()));
        }

        // The engineer sends: the other value is saved, the intake's answer reading.meter_changed.
        LocalStore *store = window.localStore();
        QVERIFY(form->sendButton()->isEnabled());
        QTest::mouseClick(form->sendButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(store->unansweredCount() == 0, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(form->meterBanner()->isVisible(), 15000);
        QCOMPARE(model->meterChangedPoints(), 1);
        QVERIFY(form->meterBannerText()->text().contains(u'1'));
        QTRY_COMPARE_WITH_TIMEOUT(registerIndex(*model, c1.id.value(), ReadingsModel::StateColumn)
                                      .data(ReadingsModel::StateRole)
                                      .toInt(),
                                  int(domain::ReadingState::Ready), 15000);
        QCOMPARE(registerIndex(*model, z1.id.value(), ReadingsModel::CurrentValueColumn).data().toString(),
                 v1);

        // "Reload the list of metering points": the new meter's rows carry what was typed.
        shown.clear();
        QTest::mouseClick(form->reloadMetersButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && shown.last().first().toBool(), 30000);
        QVERIFY(form->meterBanner()->isHidden());
        const domain::Meter &fresh = model->account().objects.first().meteringPoints.first().meters.first();
        QCOMPARE(fresh.number, u"E2E-NEW-1"_s);
        QCOMPARE(fresh.decimals, 0);
        QVERIFY(!registerIndex(*model, z1.id.value(), 0).isValid());
        const QModelIndex n1 =
            registerIndex(*model, fresh.registers.at(0).id.value(), ReadingsModel::CurrentValueColumn);
        const QModelIndex n2 =
            registerIndex(*model, fresh.registers.at(1).id.value(), ReadingsModel::CurrentValueColumn);
        QCOMPARE(n1.data().toString(), v1);
        QVERIFY(n1.data(ReadingsModel::ErrorRole).isNull()); // still fits
        QCOMPARE(n2.data().toString(), v2);                  // kept as typed...
        QCOMPARE(
            n2.data(ReadingsModel::ErrorRole).toString(),
            Error::make(u"reading.too_many_decimals"_s, u"value"_s, {u"0"_s}).message()); // ...and marked
        QCOMPARE(model->unsentCount(), 2); // nothing typed is lost
        QCOMPARE(window.overview()->account().objects.first().meteringPoints.first().meters.first().number,
                 u"E2E-NEW-1"_s);

        // The history tab: earlier periods from the server, then from the store.
        QSignalSpy history(controller, &ReadingsController::historyShown);
        window.tabs()->setCurrentWidget(window.historyView());
        QTRY_VERIFY_WITH_TIMEOUT(!history.isEmpty(), 30000);
        QVERIFY(history.last().first().toBool());
        QVERIFY(window.historyView()->model()->rowCount() > 0);
        QVERIFY(
            !store->history(accountId, window.historyView()->from(), window.historyView()->to()).isEmpty());
    }
};

QTEST_MAIN(TestReadingsFormE2e)
#include "tst_readingsform_e2e.moc"
