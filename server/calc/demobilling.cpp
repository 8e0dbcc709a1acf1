#include "calc/demobilling.h"

#include "billing/issue.h"
#include "calc/billrun.h"
#include "store/database.h"
#include "store/demogenerator.h"
#include "store/ledgerrepository.h"
#include "store/ledgerwriter.h"
#include "store/sqlsupport.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace oblik::calc {

namespace {

Q_LOGGING_CATEGORY(lcDemoBilling, "oblik.server.demo.billing")

Result<qint64> scalar(QSqlDatabase db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery q(db);
    if (!store::execPrepared(q, sql, values))
        return store::queryError(q, u"demo billing"_s);
    return q.next() ? q.value(0).toLongLong() : 0;
}

} // namespace

Result<DemoBillingSummary> billDemo(store::Database &db, QDate today, quint32 seed,
                                    const std::function<void(int, int)> &progress)
{
    DemoBillingSummary s;
    QSqlDatabase c = db.connection();
    auto supplier = scalar(c, u"SELECT MIN(id) FROM suppliers"_s);
    if (!supplier)
        return supplier.error();
    if (supplier.value() <= 0)
        return s;
    // The household login's account gets the one overpayment (its credit pays the next invoice).
    auto household =
        scalar(c, u"SELECT MIN(ua.account_id) FROM user_accounts ua JOIN users u ON u.id = ua.user_id "
                  u"WHERE u.login = 'household'"_s);
    if (!household)
        return household.error();
    QList<Period> periods;
    Period p = store::demoEntryPeriod(today).previous();
    for (int i = 0; i < 12; ++i, p = p.previous())
        periods.prepend(p);
    QRandomGenerator rng(seed ^ 0x5eedb111u);
    bool overpaid = false;
    const qint64 nowMs = QDateTime(today, QTime(23, 0), Qt::UTC).toMSecsSinceEpoch();
    QElapsedTimer clock;
    clock.start();
    qint64 runMs = 0, payMs = 0;
    for (int i = 0; i < periods.size(); ++i) {
        const Period period = periods[i];
        const qint64 started = clock.elapsed();
        // Invoices a few days into the next period, never after today.
        const QDate invoiceDate = std::min(today, period.next().firstDay().addDays(4));
        // Contracts that require a signed readings act: the demo's acts were signed on paper when
        // the readings were taken (the signatures issue signs them electronically).
        {
            QSqlQuery q(c);
            if (!store::execPrepared(
                    q,
                    u"INSERT INTO readings_acts (account_id, period, signed_at) SELECT a.id, ?, ? FROM "
                    u"accounts a "
                    u"JOIN contracts k ON k.id = a.contract_id WHERE k.requires_signed_act <> 0 AND NOT "
                    u"EXISTS "
                    u"(SELECT 1 FROM readings_acts x WHERE x.account_id = a.id AND x.period = ?)"_s,
                    {period.yyyymm(),
                     QDateTime(period.next().firstDay(), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch(),
                     period.yyyymm()}))
                return store::queryError(q, u"demo billing: readings acts"_s);
        }
        BillRun run(db);
        auto id = run.create(SupplierId(supplier.value()), std::nullopt, period);
        if (!id)
            return id.error();
        BillRunOptions options;
        options.today = invoiceDate;
        auto status = run.run(id.value(), options);
        if (!status)
            return status.error();
        s.invoices += status.value().invoices;
        // A value out of the usual range stops an account (calc.out_of_range) until a clerk confirms
        // it: the demo's clerk did (readings.override_reason), and the period is billed again (the
        // accounts already billed are unchanged and write nothing).
        {
            QSqlQuery q(c);
            if (!store::execPrepared(
                    q,
                    u"UPDATE readings SET override_reason = ? WHERE period = ? AND override_reason = '' AND "
                    u"register_id IN (SELECT g.id FROM registers g JOIN meters m ON m.id = g.meter_id "
                    u"JOIN metering_points p ON p.id = m.metering_point_id JOIN objects o ON o.id = "
                    u"p.object_id "
                    u"JOIN bill_run_failures f ON f.account_id = o.account_id "
                    u"WHERE f.bill_run_id = ? AND f.code = 'calc.out_of_range')"_s,
                    {u"Перевірено на місці"_s, period.yyyymm(), id.value()}))
                return store::queryError(q, u"demo billing: confirming readings"_s);
            if (q.numRowsAffected() > 0) {
                auto again = run.create(SupplierId(supplier.value()), std::nullopt, period);
                if (!again)
                    return again.error();
                auto rerun = run.run(again.value(), options);
                if (!rerun)
                    return rerun.error();
                s.invoices += rerun.value().invoices;
                status = rerun;
            }
        }
        s.failures += status.value().accountsFailed;
        ++s.periods;
        const qint64 billed = clock.elapsed();
        runMs += billed - started;

        // Payments of this period's invoices, oldest first, in one transaction.
        store::Transaction tx(c);
        if (!tx.isActive())
            return store::connectionError(c);
        struct Open
        {
            qint64 account;
            QString article, number;
            qint64 gross;
            QDate due;
        };
        QList<Open> open;
        {
            QSqlQuery q(c);
            q.setForwardOnly(true);
            if (!store::execPrepared(
                    q,
                    u"SELECT account_id, article, number, gross_kopecks, due_date FROM invoices "
                    u"WHERE period = ? AND gross_kopecks > 0 AND type <> 'planned_advance' ORDER BY id"_s,
                    {period.yyyymm()}))
                return store::queryError(q, u"demo billing: invoices"_s);
            while (q.next())
                open.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                             q.value(3).toLongLong(), QDate::fromString(q.value(4).toString(), Qt::ISODate)});
        }
        store::LedgerRepository ledger(db);
        for (const Open &inv : std::as_const(open)) {
            const int roll = int(rng.bounded(100u));
            const QDate paidOn = inv.due.addDays(1 + int(rng.bounded(6u)));
            if (paidOn > today) {
                ++s.unpaid;
                continue;
            }
            qint64 amount = inv.gross;
            if (!overpaid && inv.account == household.value()) {
                amount = inv.gross + 50000; // 500.00 more than asked
                overpaid = true;
                ++s.overpaid;
            } else if (roll < 5) {
                ++s.unpaid;
                continue;
            } else if (roll < 17) {
                amount = inv.gross * (40 + int(rng.bounded(50u))) / 100;
                ++s.partial;
            }
            if (amount <= 0)
                continue;
            store::PaymentWrite w;
            w.account = AccountId(inv.account);
            w.article = billing::articleFromString(inv.article).value_or(billing::Article::ActiveEnergy);
            w.amount = Money::fromKopecks(amount);
            w.paidOn = paidOn;
            w.bank = u"АТ КБ «ПриватБанк»"_s;
            w.mfo = u"305299"_s;
            w.purpose = u"Оплата за електроенергію, рахунок %1"_s.arg(inv.number);
            auto stored = ledger.registerPayment(w, nowMs);
            if (!stored)
                return stored.error();
            ++s.payments;
        }
        if (!tx.commit())
            return store::connectionError(c);
        payMs += clock.elapsed() - billed;
        if (progress)
            progress(i + 1, int(periods.size()));
    }
    qCInfo(lcDemoBilling, "bill runs %lld ms, payments %lld ms", runMs, payMs);

    // The current period's planned advances, formed five days before it began (reference 004: formed
    // on 06.12.2017 for 01.2018).
    const Period current = store::demoEntryPeriod(today);
    {
        BillRun run(db);
        auto id = run.create(SupplierId(supplier.value()), std::nullopt, current, {}, BillRunKind::Advance);
        if (!id)
            return id.error();
        BillRunOptions options;
        options.today = std::min(today, current.firstDay().addDays(-5));
        auto status = run.run(id.value(), options);
        if (!status)
            return status.error();
        s.advances = status.value().invoices;
    }
    // A services invoice for the bakery (the accountant's account) in the last closed period.
    auto bakery =
        scalar(c, u"SELECT MIN(ua.account_id) FROM user_accounts ua JOIN users u ON u.id = ua.user_id "
                  u"WHERE u.login = 'accountant'"_s);
    if (!bakery)
        return bakery.error();
    if (bakery.value() > 0) {
        auto district =
            scalar(c,
                   u"SELECT c.district_id FROM accounts a JOIN contracts k ON k.id = a.contract_id "
                   u"JOIN consumers c ON c.id = k.consumer_id WHERE a.id = ?"_s,
                   {bakery.value()});
        if (!district)
            return district.error();
        store::LedgerRepository ledger(db);
        auto parameters = ledger.parameters(SupplierId(supplier.value()));
        if (!parameters)
            return parameters.error();
        const Period last = current.previous();
        auto doc = billing::servicesInvoice(
            {{u"Заміна лічильника (лічильник замовника)"_s, Energy::fromMilli(1000),
              Money::fromKopecks(85000)},
             {u"Пломбування засобу обліку"_s, Energy::fromMilli(2000), Money::fromKopecks(12000)}},
            last, parameters.value());
        if (!doc)
            return doc.error();
        store::IssueWrite w;
        w.account = AccountId(bakery.value());
        w.district = DistrictId(district.value());
        w.period = last;
        w.invoice = std::move(doc).value();
        const auto vat = parameters.value().vat(last);
        w.vat = vat ? vat.value() : billing::VatRule{};
        w.date = std::min(today, last.firstDay().addDays(14));
        w.dueDate = w.date.addDays(10);
        store::Transaction tx(c);
        if (!tx.isActive())
            return store::connectionError(c);
        auto issued = store::LedgerWriter(db).issue({w}, nowMs);
        if (!issued)
            return issued.error();
        if (!tx.commit())
            return store::connectionError(c);
        s.services = issued.value().size();
    }
    return s;
}

} // namespace oblik::calc
