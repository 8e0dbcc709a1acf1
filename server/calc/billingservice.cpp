#include "calc/billingservice.h"

#include "billing/correction.h"
#include "calc/inputloader.h"
#include "store/database.h"
#include "store/readingrepository.h"
#include "store/sqlsupport.h"

#include <QLoggingCategory>
#include <QThreadPool>
#include <atomic>

using namespace Qt::StringLiterals;

namespace oblik::calc {

Q_LOGGING_CATEGORY(lcBilling, "oblik.server.billing")

namespace {

// Invoices are payable within this many days of their date (as the bill run's).
constexpr int kPayWithinDays = 10;

} // namespace

struct BillingService::Private
{
    store::Database &db;
    const Clock &clock;
    QThreadPool pool;
    mutable QMutex mutex;
    // The runs working on this server now, by id: their cancel flags.
    QHash<qint64, std::shared_ptr<std::atomic_bool>> running;

    Private(store::Database &d, const Clock &c) : db(d), clock(c) {}

    void launch(qint64 runId, std::optional<UserId> user)
    {
        auto cancel = std::make_shared<std::atomic_bool>(false);
        {
            QMutexLocker lock(&mutex);
            running.insert(runId, cancel);
        }
        const QDate today = clock.now().toUTC().date();
        pool.start([this, runId, user, cancel, today] {
            BillRunOptions options;
            options.today = today;
            options.requestedBy = user;
            options.cancel = cancel.get();
            auto result = BillRun(db).run(runId, options);
            if (!result)
                qCWarning(lcBilling).noquote()
                    << "bill run" << runId << "stopped:" << result.error().code() << result.error().detail();
            QMutexLocker lock(&mutex);
            running.remove(runId);
        });
    }
};

BillingService::BillingService(store::Database &db, const Clock &clock)
    : d(std::make_unique<Private>(db, clock))
{
    // One bill run at a time per server keeps the other requests responsive on a small machine;
    // more queue up.
    d->pool.setMaxThreadCount(1);
    // The thread keeps its database connection (store::Database opens one per thread and never
    // closes it), so it must not expire and come back as a new thread with a new connection.
    d->pool.setExpiryTimeout(-1);
}

BillingService::~BillingService()
{
    {
        QMutexLocker lock(&d->mutex);
        for (const auto &flag : std::as_const(d->running))
            flag->store(true);
    }
    waitForRuns();
}

Result<CalculationOutcome> BillingService::calculate(AccountId account, Period period,
                                                     billing::Requester requester, std::optional<UserId> user)
{
    store::Transaction tx(d->db.connection());
    if (!tx.isActive())
        return store::connectionError(d->db.connection());
    auto outcome = calculateInTransaction(account, period, requester, user);
    if (!outcome)
        return outcome;
    if (!tx.commit())
        return store::connectionError(d->db.connection());
    return outcome;
}

Result<CalculationOutcome> BillingService::calculateInTransaction(AccountId account, Period period,
                                                                  billing::Requester requester,
                                                                  std::optional<UserId> user)
{
    QSqlDatabase db = d->db.connection();
    // Readings of the account are saved under the same lock, so the calculation sees one state.
    // The ledgers' lock first (shared; a bill run's chunk takes it exclusive), then the account's row.
    if (Error e = store::LedgerRepository::lockLedgers(db, false); !e.isNull())
        return e;
    if (auto locked = store::ReadingRepository::lockAccount(db, account); !locked)
        return locked.error();
    auto loaded = InputLoader(d->db).load({account}, period);
    if (!loaded)
        return loaded.error();
    if (loaded.value().isEmpty())
        return Error::make(u"not_found"_s);
    const AccountInput &item = loaded.value().first();
    if (!item.input)
        return item.input.error();
    billing::CalculationInput input = item.input.value();
    input.requester = requester;

    store::LedgerRepository ledger(d->db);
    auto parameters = ledger.parameters(item.supplier);
    if (!parameters)
        return parameters.error();
    auto current = billing::calculate(input, parameters.value());
    if (!current)
        return current.error();

    auto effective = ledger.effectiveDocuments({account}, period);
    if (!effective)
        return effective.error();
    store::CalculationWrite write;
    write.account = account;
    write.district = item.district;
    write.period = period;
    write.requester = requester;
    write.requestedBy = user;
    write.vat = current.value().vatRule;
    write.date = d->clock.now().toUTC().date();
    write.dueDate = write.date.addDays(kPayWithinDays);
    const bool first = !effective.value().contains(account);
    if (first) {
        write.invoices = current.value().invoices;
        for (qsizetype i = 0; i < write.invoices.size(); ++i)
            write.corrects.append(0);
    } else {
        billing::Calculation previous;
        previous.account = account;
        previous.period = period;
        previous.vatRule = current.value().vatRule;
        previous.invoices = effective.value().value(account);
        auto corrections = billing::correction(previous, current.value());
        if (!corrections)
            return corrections.error();
        write.invoices = corrections.value();
        // A correction refers to the period's first invoice of its article (0 when there was none).
        auto issued = ledger.invoices(account, period);
        if (!issued)
            return issued.error();
        for (const billing::InvoiceDraft &doc : std::as_const(write.invoices)) {
            qint64 corrected = 0;
            for (const store::StoredInvoice &inv :
                 issued.value()) { // newest first: the last match is the first
                if (inv.article == doc.article && inv.type != billing::InvoiceType::Correction)
                    corrected = inv.id;
            }
            write.corrects.append(corrected);
        }
    }

    CalculationOutcome outcome;
    outcome.breakdown = current.value().breakdown;
    if (write.invoices.isEmpty())
        return outcome; // unchanged: nothing is written
    store::LedgerWriter writer(d->db);
    auto written = writer.write({write}, d->clock.now().toMSecsSinceEpoch());
    if (!written)
        return written.error();
    if (written.value().isEmpty())
        return outcome;
    const store::WrittenCalculation &w = written.value().first();
    outcome.calculationId = w.calculationId;
    for (qint64 id : w.invoiceIds) {
        auto inv = ledger.invoice(account, id);
        if (!inv)
            return inv.error();
        if (!inv.value())
            continue;
        (first ? outcome.invoices : outcome.corrections).append(*inv.value());
    }
    return outcome;
}

Result<store::StoredPayment> BillingService::registerPayment(const store::PaymentWrite &payment)
{
    store::Transaction tx(d->db.connection());
    if (!tx.isActive())
        return store::connectionError(d->db.connection());
    auto stored = registerPaymentInTransaction(payment);
    if (!stored)
        return stored;
    if (!tx.commit())
        return store::connectionError(d->db.connection());
    return stored;
}

Result<store::StoredPayment> BillingService::registerPaymentInTransaction(const store::PaymentWrite &payment)
{
    if (payment.amount.kopecks() <= 0)
        return Error::make(u"payment.amount_not_positive"_s, u"amount"_s);
    if (!payment.paidOn.isValid() || payment.paidOn > d->clock.now().toUTC().date())
        return Error::make(u"payment.date_in_future"_s, u"paid_on"_s);
    QSqlDatabase db = d->db.connection();
    // The ledgers' lock first (shared; a bill run's chunk takes it exclusive), then the account's row.
    if (Error e = store::LedgerRepository::lockLedgers(db, false); !e.isNull())
        return e;
    if (auto locked = store::ReadingRepository::lockAccount(db, payment.account); !locked)
        return locked.error();
    return store::LedgerRepository(d->db).registerPayment(payment, d->clock.now().toMSecsSinceEpoch());
}

Result<store::StoredInvoice>
BillingService::issueServicesInTransaction(AccountId account, DistrictId district, SupplierId supplier,
                                           Period period, const QList<billing::ServiceLine> &lines)
{
    // Not for a period that has not begun (a typo of the year), as payments are not dated ahead.
    const Period current = Period::fromDate(d->clock.now().toUTC().date());
    if (period > current)
        return Error::make(u"request.invalid_field"_s, u"period"_s,
                           {u"not_after:"_s + current.toString(), period.toString()});
    QSqlDatabase db = d->db.connection();
    // The ledgers' lock first (shared; a bill run's chunk takes it exclusive), then the account's row.
    if (Error e = store::LedgerRepository::lockLedgers(db, false); !e.isNull())
        return e;
    if (auto locked = store::ReadingRepository::lockAccount(db, account); !locked)
        return locked.error();
    store::LedgerRepository ledger(d->db);
    auto parameters = ledger.parameters(supplier);
    if (!parameters)
        return parameters.error();
    auto doc = billing::servicesInvoice(lines, period, parameters.value());
    if (!doc)
        return doc.error();
    auto rule = parameters.value().vat(period);
    if (!rule)
        return rule.error();
    store::IssueWrite w;
    w.account = account;
    w.district = district;
    w.period = period;
    w.invoice = std::move(doc).value();
    w.vat = rule.value();
    w.date = d->clock.now().toUTC().date();
    w.dueDate = w.date.addDays(kPayWithinDays);
    store::LedgerWriter writer(d->db);
    auto issued = writer.issue({w}, d->clock.now().toMSecsSinceEpoch());
    if (!issued)
        return issued.error();
    auto stored = ledger.invoice(account, issued.value().constFirst().id);
    if (!stored)
        return stored.error();
    if (!stored.value())
        return Error::make(u"db.query_failed"_s, {}, {}, u"the services invoice just issued is gone"_s);
    return *stored.value();
}

Result<qint64> BillingService::startBillRun(SupplierId supplier, std::optional<DistrictId> district,
                                            Period period, std::optional<UserId> user, BillRunKind kind)
{
    auto id = BillRun(d->db).create(supplier, district, period, user, kind);
    if (!id)
        return id;
    d->launch(id.value(), user);
    return id;
}

Error BillingService::cancelBillRun(qint64 runId)
{
    {
        QMutexLocker lock(&d->mutex);
        const auto it = d->running.constFind(runId);
        if (it != d->running.cend()) {
            (*it)->store(true);
            return {};
        }
    }
    // Not running here: "running" in the table since its server stopped, or run by another server on
    // the same database (it stops before its next chunk).
    auto marked = BillRun(d->db).requestCancel(runId);
    if (!marked)
        return marked.error();
    if (!marked.value())
        return Error::make(u"billrun.not_running"_s);
    return {};
}

Error BillingService::resumeBillRun(qint64 runId)
{
    {
        QMutexLocker lock(&d->mutex);
        if (d->running.contains(runId))
            return Error::make(u"billrun.already_running"_s);
    }
    auto status = BillRun(d->db).status(runId);
    if (!status)
        return status.error();
    if (!status.value())
        return Error::make(u"not_found"_s);
    if (status.value()->state == u"done")
        return Error::make(u"billrun.done"_s);
    // Cancelled, or "running" in the table but not here (the server stopped during the run). The state
    // reads "running" before the answer, not only once the worker thread has started.
    if (Error e = BillRun(d->db).reopen(runId); !e.isNull())
        return e;
    d->launch(runId, std::nullopt);
    return {};
}

Result<std::optional<BillRunStatus>> BillingService::billRun(qint64 runId) const
{
    auto status = BillRun(d->db).status(runId, true);
    if (!status || !status.value())
        return status;
    // A run resumed here is running from the moment it is queued, before its worker writes the state.
    QMutexLocker lock(&d->mutex);
    if (d->running.contains(runId) && status.value()->state != u"done")
        status.value()->state = u"running"_s;
    return status;
}

void BillingService::waitForRuns()
{
    d->pool.waitForDone();
}

} // namespace oblik::calc
