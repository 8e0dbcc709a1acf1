#include "calc/billrun.h"

#include "billing/correction.h"
#include "billing/issue.h"
#include "calc/idlist.h"
#include "calc/inputloader.h"
#include "store/bulkinserter.h"
#include "store/database.h"
#include "store/ledgerrepository.h"
#include "store/ledgerwriter.h"
#include "store/sqlsupport.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutex>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QWaitCondition>

using namespace Qt::StringLiterals;

namespace oblik::calc {

Q_LOGGING_CATEGORY(lcBillRun, "oblik.server.calc.billrun", QtInfoMsg)

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString argsJson(const QStringList &args)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(args)).toJson(QJsonDocument::Compact));
}

QStringList argsFromJson(const QString &text)
{
    QStringList out;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const auto &v : array)
        out << v.toString();
    return out;
}

Error dbError(const QString &what)
{
    return Error::make(u"db.query_failed"_s, {}, {}, what);
}

// The run's bookkeeping, shared by calculation and advance runs; each in the chunk's transaction.

// Takes the run's row (PostgreSQL: its row lock; SQLite: the write lock is already held), so two
// processes resuming one run never do the same chunk: the cursor is read under it. Nothing when the
// run is not running any more (finished by another process, or cancelled through the table).
Result<std::optional<qint64>> takeRun(QSqlDatabase c, qint64 runId)
{
    QSqlQuery q(c);
    q.setForwardOnly(true);
    if (!store::execPrepared(
            q,
            u"UPDATE bill_runs SET state = 'running' WHERE id = ? AND state = 'running' RETURNING last_account_id"_s,
            {runId}))
        return store::queryError(q, u"bill run: taking the run"_s);
    if (!q.next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value(0).toLongLong());
}

Error finishRun(QSqlDatabase c, qint64 runId)
{
    QSqlQuery q(c);
    if (!store::execPrepared(q, u"UPDATE bill_runs SET state = 'done', finished_at = ? WHERE id = ?"_s,
                             {nowMs(), runId}))
        return store::queryError(q, u"bill run: finishing"_s);
    return {};
}

// The chunk's failures, and the cursor and counts moved past the chunk (invoices_issued: an advance
// run's count; a calculation run's invoices are counted by their calculations).
Error saveChunk(QSqlDatabase c, const store::SqlDialect &dialect, qint64 runId,
                const QList<BillRunFailure> &failures, qint64 lastAccount, qint64 done, qint64 issued)
{
    if (!failures.isEmpty()) {
        store::BulkInserter rows(c, dialect, u"bill_run_failures"_s,
                                 {u"bill_run_id"_s, u"account_id"_s, u"code"_s, u"args"_s});
        for (const BillRunFailure &f : failures)
            rows.add({runId, f.account.value(), f.error.code(), argsJson(f.error.args())});
        if (!rows.flush())
            return dbError(u"bill run: writing failures: "_s + rows.error());
    }
    QSqlQuery q(c);
    if (!store::execPrepared(q,
                             u"UPDATE bill_runs SET last_account_id = ?, accounts_done = accounts_done + ?, "
                             u"accounts_failed = accounts_failed + ?, invoices_issued = invoices_issued + ? "
                             u"WHERE id = ?"_s,
                             {lastAccount, done, qint64(failures.size()), issued, runId}))
        return store::queryError(q, u"bill run: saving progress"_s);
    return {};
}

// The period's first (non-correction) invoice per account and article: what a correction corrects.
Result<QHash<QPair<qint64, QString>, qint64>> firstInvoices(QSqlDatabase c, const store::SqlDialect &dialect,
                                                            const QList<AccountId> &accounts, Period period)
{
    QHash<QPair<qint64, QString>, qint64> out;
    QList<qint64> raw;
    raw.reserve(accounts.size());
    for (AccountId id : accounts)
        raw.append(id.value());
    QSqlQuery q(c);
    q.setForwardOnly(true);
    if (!store::execPrepared(
            q,
            u"SELECT account_id, article, MIN(id) FROM invoices WHERE period = ? AND type <> "
            u"'correction' AND calculation_id IS NOT NULL AND account_id IN "_s +
                idListSql(dialect) + u" GROUP BY account_id, article"_s,
            {period.yyyymm(), idListJson(raw)}))
        return store::queryError(q, u"reading the invoices a correction corrects"_s);
    while (q.next())
        out.insert({q.value(0).toLongLong(), q.value(1).toString()}, q.value(2).toLongLong());
    return out;
}

// PostgreSQL: no parallel workers for the bill run's statements. A run keeps both halves of its work
// busy already (the prefetch thread reads while the writer writes), and a chunk's statements are small:
// the accounts' listing ran as a Gather Merge with two workers per chunk, three processes for 30 ms
// of work, whose start and CPU the writer paid for (84 ms a chunk at 1,000,000 accounts, 31 ms
// serial). `local`: for the current transaction only (the writer's chunk); otherwise for the
// connection until reset (the prefetch thread's own connection, reset when it ends).
void serialPlans(QSqlDatabase c, bool local, bool on = true)
{
    if (c.driver()->dbmsType() != QSqlDriver::PostgreSQL)
        return;
    QSqlQuery q(c);
    const QString sql = on ? (local ? u"SET LOCAL max_parallel_workers_per_gather = 0"_s
                                    : u"SET max_parallel_workers_per_gather = 0"_s)
                           : u"RESET max_parallel_workers_per_gather"_s;
    if (!q.exec(sql))
        qCWarning(lcBillRun) << sql << "failed:" << q.lastError().text();
}

// A chunk's accounts, their calculation input and the calculations (per input, same order).
struct ChunkInput
{
    Error error;
    QList<AccountId> ids;
    QList<AccountInput> inputs;
    QList<Result<billing::Calculation>> calculations;
};

// Reads a chunk and calculates it. The calculation depends only on the input and the run's
// parameters (what was issued before is compared with it later, under the chunk's locks), so the
// prefetch thread does it too, while the writer's connection writes the previous chunk.
ChunkInput loadChunk(const InputLoader &loader, const billing::ParameterSet &parameters, SupplierId supplier,
                     std::optional<DistrictId> district, Period period, qint64 after, int chunk)
{
    ChunkInput out;
    QElapsedTimer timer;
    timer.start();
    // The chunk's account ids and their input (the listing and the accounts' rows are one statement).
    auto inputs = loader.loadNext(supplier, district, after, chunk, period, &out.ids);
    // The read of one chunk on its own (the bill run's "load" figure is only the wait for it).
    qCDebug(lcBillRun) << "chunk input read in" << timer.elapsed() << "ms";
    if (!inputs) {
        out.error = inputs.error();
        return out;
    }
    out.inputs = std::move(inputs).value();
    timer.restart();
    out.calculations.reserve(out.inputs.size());
    for (const AccountInput &a : std::as_const(out.inputs)) {
        if (!a.input) {
            out.calculations.append(a.input.error());
            continue;
        }
        billing::CalculationInput input = a.input.value();
        input.requester = billing::Requester::BillRun;
        out.calculations.append(billing::calculate(input, parameters));
    }
    qCDebug(lcBillRun) << "chunk calculated in" << timer.elapsed() << "ms";
    return out;
}

// Loads the next chunk's input on a thread (and database connection) of its own while the current
// chunk is calculated and written, so that the reading half and the writing half of the work overlap
// (the database does both; on two cores they run side by side). Only reads: what a chunk writes and
// what was issued before (read under the chunk's account locks) stay in the chunk's transaction.
class Prefetcher
{
public:
    Prefetcher(store::Database &db, const billing::ParameterSet &parameters, SupplierId supplier,
               std::optional<DistrictId> district, Period period, int chunk)
        : m_db(db), m_parameters(parameters), m_supplier(supplier), m_district(district), m_period(period),
          m_chunk(chunk)
    {
        m_thread = QThread::create([this] { work(); });
        m_thread->start();
    }
    ~Prefetcher()
    {
        {
            QMutexLocker lock(&m_mutex);
            m_stop = true;
            m_cond.wakeAll();
        }
        m_thread->wait();
        delete m_thread;
    }
    // Starts loading the chunk after `after`.
    void start(qint64 after)
    {
        QMutexLocker lock(&m_mutex);
        m_job = after;
        m_result.reset();
        m_cond.wakeAll();
    }
    // The chunk after `after` when that is what was started (waits for it); nothing otherwise.
    std::optional<ChunkInput> take(qint64 after)
    {
        QMutexLocker lock(&m_mutex);
        while (m_job || m_busy)
            m_cond.wait(&m_mutex);
        std::optional<ChunkInput> out;
        if (m_result && m_resultAfter == after)
            out = std::move(m_result);
        m_result.reset();
        return out;
    }

private:
    void work()
    {
        InputLoader loader(m_db);
        serialPlans(m_db.connection(), false);
        QMutexLocker lock(&m_mutex);
        for (;;) {
            while (!m_stop && !m_job)
                m_cond.wait(&m_mutex);
            if (m_stop) {
                serialPlans(m_db.connection(), false, false);
                return;
            }
            const qint64 after = *m_job;
            m_job.reset();
            m_busy = true;
            lock.unlock();
            ChunkInput loaded =
                loadChunk(loader, m_parameters, m_supplier, m_district, m_period, after, m_chunk);
            lock.relock();
            m_result = std::move(loaded);
            m_resultAfter = after;
            m_busy = false;
            m_cond.wakeAll();
        }
    }

    store::Database &m_db;
    const billing::ParameterSet &m_parameters;
    const SupplierId m_supplier;
    const std::optional<DistrictId> m_district;
    const Period m_period;
    const int m_chunk;
    QThread *m_thread = nullptr;
    QMutex m_mutex;
    QWaitCondition m_cond;
    std::optional<qint64> m_job;
    bool m_busy = false, m_stop = false;
    std::optional<ChunkInput> m_result;
    qint64 m_resultAfter = -1;
};

} // namespace

QString toString(BillRunKind k)
{
    return k == BillRunKind::Advance ? u"advance"_s : u"calculation"_s;
}

std::optional<BillRunKind> billRunKindFromString(const QString &s)
{
    if (s == u"calculation")
        return BillRunKind::Calculation;
    if (s == u"advance")
        return BillRunKind::Advance;
    return std::nullopt;
}

BillRun::BillRun(store::Database &db) : m_db(db) {}

Result<qint64> BillRun::create(SupplierId supplier, std::optional<DistrictId> district, Period period,
                               std::optional<UserId> requestedBy, BillRunKind kind)
{
    InputLoader loader(m_db);
    auto total = loader.countAccounts(supplier, district);
    if (!total)
        return total.error();
    QSqlQuery q(m_db.connection());
    const QVariant nullId(QMetaType::fromType<qlonglong>());
    if (!store::execPrepared(
            q,
            u"INSERT INTO bill_runs (supplier_id, district_id, period, state, requested_by, "
            u"accounts_total, started_at, kind) VALUES (?, ?, ?, 'running', ?, ?, ?, ?) RETURNING id"_s,
            {supplier.value(), district ? QVariant(district->value()) : nullId, period.yyyymm(),
             requestedBy ? QVariant(requestedBy->value()) : nullId, total.value(), nowMs(),
             toString(kind)}) ||
        !q.next())
        return store::queryError(q, u"creating a bill run"_s);
    return q.value(0).toLongLong();
}

Result<std::optional<BillRunStatus>> BillRun::status(qint64 runId, bool withFailures) const
{
    QSqlDatabase c = m_db.connection();
    QSqlQuery q(c);
    q.setForwardOnly(true);
    if (!store::execPrepared(
            q,
            u"SELECT supplier_id, district_id, period, state, accounts_total, accounts_done, "
            u"accounts_failed, started_at, finished_at, kind, invoices_issued FROM bill_runs WHERE id = ?"_s,
            {runId}))
        return store::queryError(q, u"reading a bill run"_s);
    if (!q.next())
        return std::optional<BillRunStatus>();
    BillRunStatus s;
    s.id = runId;
    s.supplier = SupplierId(q.value(0).toLongLong());
    if (!q.value(1).isNull())
        s.district = DistrictId(q.value(1).toLongLong());
    s.period = Period::fromYyyymm(q.value(2).toInt());
    s.state = q.value(3).toString();
    s.accountsTotal = q.value(4).toLongLong();
    s.accountsDone = q.value(5).toLongLong();
    s.accountsFailed = q.value(6).toLongLong();
    s.startedAtMs = q.value(7).toLongLong();
    s.finishedAtMs = q.value(8).toLongLong();
    s.kind = billRunKindFromString(q.value(9).toString()).value_or(BillRunKind::Calculation);
    const qint64 issued = q.value(10).toLongLong();
    q.finish();
    if (s.kind == BillRunKind::Advance) {
        // Advances have no calculation and no posting: the run counts them as it issues them.
        s.invoices = issued;
        s.postings = 0;
    } else {
        // One posting per invoice (LedgerWriter), so the invoices count both.
        QSqlQuery counts(c);
        counts.setForwardOnly(true);
        if (!store::execPrepared(
                counts,
                u"SELECT COUNT(*) FROM invoices WHERE calculation_id IN (SELECT id FROM calculations "
                u"WHERE bill_run_id = ?)"_s,
                {runId}) ||
            !counts.next())
            return store::queryError(counts, u"counting a bill run's invoices"_s);
        s.invoices = counts.value(0).toLongLong();
        s.postings = s.invoices;
        counts.finish();
    }
    if (withFailures) {
        QSqlQuery f(c);
        f.setForwardOnly(true);
        if (!store::execPrepared(
                f,
                u"SELECT f.account_id, a.number, f.code, f.args FROM bill_run_failures f JOIN "
                u"accounts a ON a.id = f.account_id WHERE f.bill_run_id = ? ORDER BY f.account_id"_s,
                {runId}))
            return store::queryError(f, u"reading a bill run's failures"_s);
        while (f.next()) {
            const QStringList args = argsFromJson(f.value(3).toString());
            const QString code = f.value(2).toString();
            // calc.parameter_missing names the parameter in its field as well as in its first arg.
            const QString field = code == u"calc.parameter_missing"_s ? args.value(0) : QString();
            s.failures.append(
                {AccountId(f.value(0).toLongLong()), f.value(1).toString(), Error::make(code, field, args)});
        }
    }
    return std::optional<BillRunStatus>(s);
}

Result<std::optional<qint64>> BillRun::unfinished(SupplierId supplier, std::optional<DistrictId> district,
                                                  Period period, BillRunKind kind) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    const bool ok =
        district
            ? store::execPrepared(
                  q,
                  u"SELECT MAX(id) FROM bill_runs WHERE supplier_id = ? AND district_id = ? AND "
                  u"period = ? AND kind = ? AND state <> 'done'"_s,
                  {supplier.value(), district->value(), period.yyyymm(), toString(kind)})
            : store::execPrepared(q,
                                  u"SELECT MAX(id) FROM bill_runs WHERE supplier_id = ? AND district_id IS "
                                  u"NULL AND period = ? AND kind = ? AND state <> 'done'"_s,
                                  {supplier.value(), period.yyyymm(), toString(kind)});
    if (!ok || !q.next())
        return store::queryError(q, u"looking for an unfinished bill run"_s);
    if (q.value(0).isNull())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value(0).toLongLong());
}

Result<bool> BillRun::requestCancel(qint64 runId)
{
    QSqlQuery q(m_db.connection());
    if (!store::execPrepared(
            q, u"UPDATE bill_runs SET state = 'cancelled' WHERE id = ? AND state = 'running'"_s, {runId}))
        return store::queryError(q, u"bill run: cancelling"_s);
    return q.numRowsAffected() > 0;
}

Error BillRun::reopen(qint64 runId)
{
    QSqlQuery q(m_db.connection());
    if (!store::execPrepared(
            q, u"UPDATE bill_runs SET state = 'running' WHERE id = ? AND state = 'cancelled'"_s, {runId}))
        return store::queryError(q, u"bill run: resuming"_s);
    return {};
}

Result<BillRunStatus> BillRun::run(qint64 runId, const BillRunOptions &options)
{
    auto initial = status(runId);
    if (!initial)
        return initial.error();
    if (!initial.value())
        return Error::make(u"billrun.not_found"_s, {}, {QString::number(runId)});
    BillRunStatus st = *initial.value();
    if (st.state == u"done"_s) {
        auto done = status(runId, true);
        if (!done)
            return done.error();
        return *done.value();
    }

    // Resuming: a cancelled run runs again (a run cancelled while it runs stops at its next chunk).
    if (Error e = reopen(runId); !e.isNull())
        return e;
    if (st.kind == BillRunKind::Advance)
        return runAdvance(runId, st, options);
    const store::SqlDialect &dialect = m_db.dialect();
    store::LedgerRepository ledger(m_db);
    auto parameters = ledger.parameters(st.supplier);
    if (!parameters)
        return parameters.error();
    InputLoader loader(m_db);
    store::LedgerWriter writer(m_db);
    // Each chunk locks its accounts before it reads what was issued (below), so the writer's credit
    // allocation need not lock them again (PostgreSQL; SQLite's write lock covers everything).
    writer.setAccountsLocked(dialect.kind() == store::SqlDialect::Kind::Postgres);
    const int chunk = std::max(1, options.chunkAccounts);
    const QDate today = options.today.isValid() ? options.today : QDate::currentDate();

    Prefetcher prefetch(m_db, parameters.value(), st.supplier, st.district, st.period, chunk);
    // Where the time goes, per phase (QT_LOGGING_RULES="oblik.server.calc.billrun.debug=true").
    qint64 tIds = 0, tLoad = 0, tPrevious = 0, tCalc = 0, tWrite = 0, tCommit = 0;
    QElapsedTimer phase;
    for (;;) {
        QSqlDatabase c = m_db.connection();
        store::Transaction t(c);
        if (!t.isActive())
            return dbError(u"bill run: cannot begin a transaction"_s);
        serialPlans(c, true);
        auto taken = takeRun(c, runId);
        if (!taken)
            return taken.error();
        if (!taken.value())
            break;
        const qint64 after = *taken.value();
        phase.start();
        std::optional<ChunkInput> prefetched = prefetch.take(after);
        tIds += phase.restart(); // waiting for the prefetch
        ChunkInput data = prefetched ? std::move(*prefetched)
                                     : loadChunk(loader, parameters.value(), st.supplier, st.district,
                                                 st.period, after, chunk);
        if (!data.error.isNull())
            return data.error;
        const QList<AccountId> &ids = data.ids;
        if (ids.isEmpty()) {
            if (Error e = finishRun(c, runId); !e.isNull())
                return e;
            if (!t.commit())
                return dbError(u"bill run: commit failed"_s);
            break;
        }
        if (ids.size() == chunk)
            prefetch.start(ids.constLast().value());
        // PostgreSQL: the ledgers' lock, exclusive, before what was issued is read, so that a
        // calculation of one of the chunk's accounts committing meanwhile cannot make this chunk issue
        // it twice (every single writer holds it shared while it writes, and the chunk waits for it;
        // 5000 row locks took 20-35 ms a chunk). SQLite: the write lock already serialises.
        if (Error e = store::LedgerRepository::lockLedgers(c, true); !e.isNull())
            return e;
        const QList<AccountInput> &inputs = data.inputs;
        tLoad += phase.restart();
        auto previous = ledger.effectiveDocuments(ids, st.period);
        if (!previous)
            return previous.error();
        Result<QHash<QPair<qint64, QString>, qint64>> first = QHash<QPair<qint64, QString>, qint64>();
        if (!previous.value().isEmpty()) {
            first = firstInvoices(c, dialect, previous.value().keys(), st.period);
            if (!first)
                return first.error();
        }

        tPrevious += phase.restart();
        QList<store::CalculationWrite> batch;
        batch.reserve(inputs.size());
        QList<BillRunFailure> failures;
        for (qsizetype k = 0; k < inputs.size(); ++k) {
            const AccountInput &a = inputs.at(k);
            const Result<billing::Calculation> &calculation = data.calculations.at(k);
            if (!calculation) {
                failures.append({a.account, a.accountNumber, calculation.error()});
                continue;
            }
            store::CalculationWrite w;
            w.account = a.account;
            w.district = a.district;
            w.period = st.period;
            w.requester = billing::Requester::BillRun;
            w.requestedBy = options.requestedBy;
            w.billRunId = runId;
            w.vat = calculation.value().vatRule;
            w.date = today;
            w.dueDate = today.addDays(10);
            const auto prev = previous.value().constFind(a.account);
            if (prev == previous.value().constEnd()) {
                w.invoices = calculation.value().invoices;
                w.corrects = QList<qint64>(w.invoices.size(), 0);
            } else {
                billing::Calculation before;
                before.account = a.account;
                before.period = st.period;
                before.vatRule = calculation.value().vatRule;
                before.invoices = prev.value();
                auto corrections = billing::correction(before, calculation.value());
                if (!corrections) {
                    failures.append({a.account, a.accountNumber, corrections.error()});
                    continue;
                }
                w.invoices = corrections.value();
                for (const billing::InvoiceDraft &d : w.invoices)
                    w.corrects.append(
                        first.value().value({a.account.value(), billing::toString(d.article)}, 0));
            }
            batch.append(std::move(w));
        }

        tCalc += phase.restart();
        auto written = writer.write(batch, nowMs());
        if (!written)
            return written.error();
        // Accounts that do not exist any more were left out by the loader; the cursor still moves on.
        const qint64 done = qint64(batch.size());
        if (Error e = saveChunk(c, dialect, runId, failures, ids.constLast().value(), done, 0); !e.isNull())
            return e;
        tWrite += phase.restart();
        if (!t.commit())
            return dbError(u"bill run: commit failed"_s);
        tCommit += phase.restart();

        st.accountsDone += done;
        st.accountsFailed += failures.size();
        for (const auto &w : written.value())
            st.invoices += w.invoiceIds.size();
        st.postings = st.invoices;
        st.state = u"running"_s;
        if (options.progress)
            options.progress(st);

        if (options.cancel && options.cancel->load()) {
            if (auto cancelled = requestCancel(runId); !cancelled)
                return cancelled.error();
            break;
        }
    }
    // "wait": for the prefetch thread (reads and calculates); "lock": the chunk's account locks (and
    // the first chunk's read); "compare": with what was issued (billing::correction).
    qCDebug(lcBillRun) << "ms: wait" << tIds << "lock" << tLoad << "previous" << tPrevious << "compare"
                       << tCalc << "write" << tWrite << "commit" << tCommit;
    auto final = status(runId, true);
    if (!final)
        return final.error();
    if (!final.value())
        return Error::make(u"billrun.not_found"_s, {}, {QString::number(runId)});
    return *final.value();
}

namespace {

struct AdvanceAccount
{
    AccountId id;
    QString number, contractNumber, consumerClass;
    ContractId contract;
    DistrictId district;
};

} // namespace

Result<BillRunStatus> BillRun::runAdvance(qint64 runId, BillRunStatus st, const BillRunOptions &options)
{
    const store::SqlDialect &dialect = m_db.dialect();
    store::LedgerRepository ledger(m_db);
    auto parameters = ledger.parameters(st.supplier);
    if (!parameters)
        return parameters.error();
    store::LedgerWriter writer(m_db);
    const int chunk = std::max(1, options.chunkAccounts);
    const QDate today = options.today.isValid() ? options.today : QDate::currentDate();
    // Pay by the eve of the period paid for; an advance issued later than ten days before it gives
    // ten days, as an invoice does.
    const QDate eve = st.period.firstDay().addDays(-1);
    const QDate dueDate = eve >= today.addDays(10) ? eve : today.addDays(10);
    for (;;) {
        QSqlDatabase c = m_db.connection();
        store::Transaction t(c);
        if (!t.isActive())
            return dbError(u"advance run: cannot begin a transaction"_s);
        auto taken = takeRun(c, runId);
        if (!taken)
            return taken.error();
        if (!taken.value())
            break;
        const qint64 after = *taken.value();
        QList<AdvanceAccount> accounts;
        {
            QSqlQuery q(c);
            q.setForwardOnly(true);
            QString sql =
                u"SELECT a.id, a.number, k.id, k.number, k.consumer_class, c.district_id FROM accounts a "
                u"JOIN contracts k ON k.id = a.contract_id JOIN consumers c ON c.id = k.consumer_id "
                u"JOIN districts d ON d.id = c.district_id WHERE d.supplier_id = ? AND a.id > ?"_s;
            QVariantList values{st.supplier.value(), after};
            if (st.district) {
                sql += u" AND c.district_id = ?"_s;
                values.append(st.district->value());
            }
            sql += u" ORDER BY a.id LIMIT ?"_s;
            values.append(chunk);
            if (!store::execPrepared(q, sql, values))
                return store::queryError(q, u"advance run: listing accounts"_s);
            while (q.next())
                accounts.append({AccountId(q.value(0).toLongLong()), q.value(1).toString(),
                                 q.value(3).toString(), q.value(4).toString(),
                                 ContractId(q.value(2).toLongLong()), DistrictId(q.value(5).toLongLong())});
        }
        if (accounts.isEmpty()) {
            if (Error e = finishRun(c, runId); !e.isNull())
                return e;
            if (!t.commit())
                return dbError(u"advance run: commit failed"_s);
            break;
        }
        QList<qint64> raw;
        QList<ContractId> contracts;
        for (const AdvanceAccount &a : std::as_const(accounts)) {
            raw.append(a.id.value());
            if (!contracts.contains(a.contract))
                contracts.append(a.contract);
        }
        QHash<qint64, QList<int>> voltages;
        QSet<qint64> issued;
        QHash<qint64, QList<Energy>> recent; // account -> payable active energy, newest period first
        QHash<qint64, int> contractAccounts;
        {
            QSqlQuery q(c);
            q.setForwardOnly(true);
            if (!store::execPrepared(
                    q,
                    u"SELECT o.account_id, p.voltage_v FROM metering_points p JOIN objects o "
                    u"ON o.id = p.object_id WHERE p.kind = 'A' AND o.account_id IN "_s +
                        idListSql(dialect),
                    {idListJson(raw)}))
                return store::queryError(q, u"advance run: reading points"_s);
            while (q.next())
                voltages[q.value(0).toLongLong()].append(q.value(1).toInt());
            q.finish();
            // Accounts asked already, and accounts whose period is charged already (an advance would
            // be settled at once): neither is asked again.
            if (!store::execPrepared(
                    q,
                    u"SELECT DISTINCT account_id FROM invoices WHERE period = ? AND (type = "
                    u"'planned_advance' OR calculation_id IS NOT NULL) AND account_id IN "_s +
                        idListSql(dialect),
                    {st.period.yyyymm(), idListJson(raw)}))
                return store::queryError(q, u"advance run: reading advances issued"_s);
            while (q.next())
                issued.insert(q.value(0).toLongLong());
            q.finish();
            // The active energy of the calculated invoices of the year before the period, per account
            // and period (corrections included); the newest kAdvanceHistory periods are used.
            if (!store::execPrepared(
                    q,
                    u"SELECT i.account_id, i.period, CAST(SUM(l.quantity_milli) AS BIGINT) FROM "
                    u"invoices i JOIN invoice_lines l ON l.invoice_id = i.id WHERE "
                    u"i.calculation_id IS NOT NULL AND l.kind = 'active_energy' AND i.period < ? "
                    u"AND i.period >= ? AND i.account_id IN "_s +
                        idListSql(dialect) +
                        u" GROUP BY i.account_id, i.period ORDER BY i.account_id, i.period DESC"_s,
                    {st.period.yyyymm(), Period(st.period.year() - 1, st.period.month()).yyyymm(),
                     idListJson(raw)}))
                return store::queryError(q, u"advance run: reading recent consumption"_s);
            while (q.next()) {
                QList<Energy> &r = recent[q.value(0).toLongLong()];
                if (r.size() < billing::kAdvanceHistory)
                    r.append(Energy::fromMilli(q.value(2).toLongLong()));
            }
            q.finish();
            QList<qint64> rawContracts;
            for (ContractId k : std::as_const(contracts))
                rawContracts.append(k.value());
            if (!store::execPrepared(q,
                                     u"SELECT contract_id, COUNT(*) FROM accounts WHERE contract_id IN "_s +
                                         idListSql(dialect) + u" GROUP BY contract_id"_s,
                                     {idListJson(rawContracts)}))
                return store::queryError(q, u"advance run: counting the contracts' accounts"_s);
            while (q.next())
                contractAccounts.insert(q.value(0).toLongLong(), q.value(1).toInt());
        }
        auto limits = ledger.limits(contracts);
        if (!limits)
            return limits.error();
        auto vat = parameters.value().vat(st.period);

        QList<store::IssueWrite> batch;
        QList<BillRunFailure> failures;
        for (const AdvanceAccount &a : std::as_const(accounts)) {
            if (issued.contains(a.id.value()))
                continue; // asked for already (a repeated or resumed run), or charged already
            // Advances are asked of contracts with a contracted monthly energy in force in the period
            // (business consumers'); a contract without one (a household's) pays after the fact.
            if (!limits.value().value(a.contract).at(st.period))
                continue;
            billing::AdvanceInput in;
            in.period = st.period;
            in.consumerClass = a.consumerClass;
            in.contractNumber = a.contractNumber;
            in.activeVoltages = voltages.value(a.id.value());
            in.limits = limits.value().value(a.contract);
            in.recent = recent.value(a.id.value());
            in.contractAccounts = contractAccounts.value(a.contract.value(), 1);
            auto doc = billing::plannedAdvance(in, parameters.value());
            if (!doc) {
                failures.append({a.id, a.number, doc.error()});
                continue;
            }
            if (doc.value().lines.isEmpty())
                continue; // a contract of no energy: nothing to ask for
            store::IssueWrite w;
            w.account = a.id;
            w.district = a.district;
            w.period = st.period;
            w.invoice = std::move(doc).value();
            w.vat = vat ? vat.value() : billing::VatRule{};
            w.date = today;
            w.dueDate = dueDate;
            batch.append(std::move(w));
        }
        auto written = writer.issue(batch, nowMs());
        if (!written)
            return written.error();
        const qint64 done = qint64(accounts.size() - failures.size());
        if (Error e = saveChunk(c, dialect, runId, failures, accounts.constLast().id.value(), done,
                                qint64(written.value().size()));
            !e.isNull())
            return e;
        if (!t.commit())
            return dbError(u"advance run: commit failed"_s);
        st.accountsDone += done;
        st.accountsFailed += failures.size();
        st.invoices += written.value().size();
        st.postings = 0;
        st.state = u"running"_s;
        if (options.progress)
            options.progress(st);
        if (options.cancel && options.cancel->load()) {
            if (auto cancelled = requestCancel(runId); !cancelled)
                return cancelled.error();
            break;
        }
    }
    auto final = status(runId, true);
    if (!final)
        return final.error();
    if (!final.value())
        return Error::make(u"billrun.not_found"_s, {}, {QString::number(runId)});
    return *final.value();
}

} // namespace oblik::calc
