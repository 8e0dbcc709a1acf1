#include "store/ledgerwriter.h"

#include "billing/ledger.h"
#include "store/bulkinserter.h"
#include "store/database.h"
#include "store/ledgerrepository.h"
#include "store/sqlsupport.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <libpq-fe.h>

#include <charconv>

#include <map>

using namespace Qt::StringLiterals;

namespace oblik::store {

Q_LOGGING_CATEGORY(lcLedgerWriter, "oblik.server.store.ledgerwriter", QtInfoMsg)

namespace {

// A list of ids as one bound value (a JSON array; as calc/idlist.h and LedgerRepository do): one
// short statement for a chunk of any size, instead of an IN list of thousands of bound literals that
// the server parses and plans again for every chunk.
QString idsIn(bool postgres)
{
    return postgres ? u"(SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(? AS json)))"_s
                    : u"(SELECT value FROM json_each(?))"_s;
}

template <typename Ids, typename Value> QString idsJson(const Ids &ids, Value value)
{
    QString out;
    out.reserve(qsizetype(ids.size()) * 8 + 2);
    out += u'[';
    bool first = true;
    for (const auto &id : ids) {
        if (!first)
            out += u',';
        first = false;
        out += QString::number(value(id));
    }
    out += u']';
    return out;
}

QString requesterText(billing::Requester r)
{
    switch (r) {
    case billing::Requester::Consumer:
        return u"consumer"_s;
    case billing::Requester::Clerk:
        return u"clerk"_s;
    case billing::Requester::BillRun:
        return u"bill_run"_s;
    }
    return u"clerk"_s;
}

// An invoice's lines as stored in invoices.lines (migration 14): a JSON array with one array per
// line, in position order: [kind, zone, quantity_milli, tariff_hundred_thousandths, coef_num, coef_den,
// net_kopecks, vat_kopecks, gross_kopecks, description]. Built by hand (a bill run writes one per
// invoice); kinds and zones are plain names, a description goes through QJsonDocument's escapes.
QString linesJson(const QList<billing::InvoiceLine> &lines)
{
    QString out;
    out.reserve(lines.size() * 64 + 2);
    out += u'[';
    const auto number = [&out](qint64 v) {
        char digits[24];
        const auto r = std::to_chars(digits, digits + sizeof digits, v);
        out += QLatin1StringView(digits, r.ptr - digits);
    };
    for (qsizetype l = 0; l < lines.size(); ++l) {
        const billing::InvoiceLine &line = lines.at(l);
        out += l ? u",[\""_s : u"[\""_s;
        out += billing::toString(line.kind);
        out += u"\",\""_s;
        out += domain::toString(line.zone);
        out += u"\","_s;
        for (qint64 v :
             {line.quantity.milli(), line.tariff.hundredThousandths(), line.coefficient.numerator,
              line.coefficient.denominator, line.net.kopecks(), line.vat.kopecks(), line.gross.kopecks()}) {
            number(v);
            out += u',';
        }
        if (line.description.isEmpty()) {
            out += u"\"\"]"_s;
        } else {
            // ["text"] -> "text"
            const QByteArray escaped =
                QJsonDocument(QJsonArray{line.description}).toJson(QJsonDocument::Compact);
            out += QString::fromUtf8(escaped.mid(1, escaped.size() - 2));
            out += u']';
        }
    }
    out += u']';
    return out;
}

// ---- COPY FROM STDIN (text format) through libpq on Qt's own connection ----

// One COPY of a table: rows are appended as text, escaped as the text format requires (backslash,
// tab, newline and carriage return), and sent to the server in pieces of about 1 MB.
class CopyWriter
{
public:
    CopyWriter(PGconn *conn, const char *table, const char *columns) : m_conn(conn), m_table(table)
    {
        m_timer.start();
        const QByteArray sql = QByteArray("COPY ") + table + " (" + columns + ") FROM STDIN";
        PGresult *r = PQexec(m_conn, sql.constData());
        if (PQresultStatus(r) != PGRES_COPY_IN)
            m_error = QString::fromUtf8(PQerrorMessage(m_conn));
        PQclear(r);
        m_buffer.reserve(kFlushBytes + 4096);
    }

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

    void field(qint64 v)
    {
        separator();
        char digits[24];
        const auto r = std::to_chars(digits, digits + sizeof digits, v);
        m_buffer.append(digits, r.ptr - digits);
    }
    void nullableField(qint64 v)
    {
        if (v > 0)
            field(v);
        else
            nullField();
    }
    void nullField()
    {
        separator();
        m_buffer += "\\N";
    }
    // Text: ASCII without characters to escape (enum names, dates, numbers of documents) is copied
    // straight into the buffer; anything else goes through UTF-8 and the escapes.
    void field(const QString &s)
    {
        separator();
        const auto *d = reinterpret_cast<const char16_t *>(s.utf16());
        const qsizetype n = s.size();
        qsizetype i = 0;
        while (i < n && d[i] < 0x80 && d[i] != u'\\' && d[i] != u'\t' && d[i] != u'\n' && d[i] != u'\r')
            ++i;
        if (i == n) {
            const qsizetype at = m_buffer.size();
            m_buffer.resize(at + n);
            char *out = m_buffer.data() + at;
            for (qsizetype k = 0; k < n; ++k)
                out[k] = char(d[k]);
            return;
        }
        appendEscaped(s.toUtf8());
    }
    void endRow()
    {
        m_buffer += '\n';
        m_first = true;
        ++m_rows;
        if (m_buffer.size() >= kFlushBytes)
            send();
    }
    // Ends the COPY; false with error() set when the server refused a row.
    bool finish()
    {
        if (ok())
            send();
        if (PQputCopyEnd(m_conn, ok() ? nullptr : "aborted by the writer") != 1 && ok())
            m_error = QString::fromUtf8(PQerrorMessage(m_conn));
        while (PGresult *r = PQgetResult(m_conn)) {
            if (PQresultStatus(r) != PGRES_COMMAND_OK && ok())
                m_error = QString::fromUtf8(PQresultErrorMessage(r));
            PQclear(r);
        }
        qCDebug(lcLedgerWriter) << "COPY" << m_table << m_rows << "rows in" << m_timer.elapsed() << "ms";
        return ok();
    }

private:
    static constexpr qsizetype kFlushBytes = 1 << 20;
    void appendEscaped(const QByteArray &utf8)
    {
        for (const char c : utf8) {
            switch (c) {
            case '\\':
                m_buffer += "\\\\";
                break;
            case '\t':
                m_buffer += "\\t";
                break;
            case '\n':
                m_buffer += "\\n";
                break;
            case '\r':
                m_buffer += "\\r";
                break;
            default:
                m_buffer += c;
            }
        }
    }
    void separator()
    {
        if (!m_first)
            m_buffer += '\t';
        m_first = false;
    }
    void send()
    {
        if (m_buffer.isEmpty() || !ok())
            return;
        if (PQputCopyData(m_conn, m_buffer.constData(), int(m_buffer.size())) != 1)
            m_error = QString::fromUtf8(PQerrorMessage(m_conn));
        m_buffer.truncate(0); // keeps the allocation (clear() would free it)
    }

    PGconn *m_conn;
    const char *m_table;
    QElapsedTimer m_timer;
    qint64 m_rows = 0;
    QByteArray m_buffer;
    bool m_first = true;
    QString m_error;
};

PGconn *nativePostgres(const QSqlDatabase &db)
{
    if (!db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    // Qt's driver declares the libpq type itself; its name is "PGconn*" or the struct's "pg_conn*".
    const char *type = handle.typeName();
    if (db.driver()->dbmsType() != QSqlDriver::PostgreSQL || !handle.isValid() || !type ||
        (qstrcmp(type, "PGconn*") != 0 && qstrcmp(type, "pg_conn*") != 0)) {
        qCWarning(lcLedgerWriter) << "no libpq handle in the driver's" << (type ? type : "(none)");
        return nullptr;
    }
    return *static_cast<PGconn *const *>(handle.data());
}

} // namespace

// The rows of one batch, with every id and number already assigned.
struct LedgerWriter::Prepared
{
    const CalculationWrite *write = nullptr;
    qint64 calculationId = 0;
    int seq = 1;
    QList<qint64> invoiceIds;
    QStringList numbers;
    QList<billing::Posting> postings;
};

LedgerWriter::LedgerWriter(Database &db) : m_db(db) {}

// Ids of n new rows of a table, reserved before the rows are written (PostgreSQL: nextval of the
// identity sequence; SQLite: past max(id) under the write lock the caller's transaction holds).
Result<QList<qint64>> LedgerWriter::reserveIds(const QString &table, qint64 n)
{
    QSqlDatabase c = m_db.connection();
    const bool postgres = m_db.dialect().kind() == SqlDialect::Kind::Postgres;
    QList<qint64> ids;
    ids.reserve(n);
    QSqlQuery q(c);
    q.setForwardOnly(true);
    if (postgres) {
        // The sequence of the identity column, looked up once: pg_get_serial_sequence() in the
        // select list was evaluated per row, a catalog lookup per id (90 % of the statement).
        QString &sequence = m_sequences[table];
        if (sequence.isEmpty()) {
            if (!execPrepared(q, u"SELECT pg_get_serial_sequence(?, 'id')"_s, {table}) || !q.next())
                return queryError(q, u"finding the id sequence of "_s + table);
            sequence = q.value(0).toString();
            q.finish();
            // It goes into the statement as a constant (folded once): only a plain name may.
            static const QRegularExpression plain(u"^[A-Za-z0-9_.\"]+$"_s);
            if (!plain.match(sequence).hasMatch()) {
                const QString odd = std::exchange(sequence, QString());
                return Error::make(u"db.query_failed"_s, {}, {},
                                   u"unexpected id sequence name of "_s + table + u": "_s + odd);
            }
        }
        if (!execPrepared(q, u"SELECT nextval('"_s + sequence + u"'::regclass) FROM generate_series(1, ?)"_s,
                          {n}))
            return queryError(q, u"reserving ids of "_s + table);
        while (q.next())
            ids.append(q.value(0).toLongLong());
    } else {
        // Under SQLite's write lock (the caller's transaction began IMMEDIATE) nobody else inserts.
        if (!q.exec(u"SELECT COALESCE(MAX(id), 0), (SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence "_s
                    u"WHERE name = '"_s +
                    table + u"') FROM "_s + table))
            return queryError(q, u"reserving ids of "_s + table);
        q.next();
        const qint64 first = std::max(q.value(0).toLongLong(), q.value(1).toLongLong()) + 1;
        for (qint64 i = 0; i < n; ++i)
            ids.append(first + i);
    }
    if (ids.size() != n)
        return Error::make(u"db.query_failed"_s, {}, {}, u"reserving ids of "_s + table);
    return ids;
}

// The next numbers of the districts' series, one per invoice in order (district and date: the
// series is the district's and the date's year): one statement per (district, year). The series row's
// lock serialises concurrent writers until they commit or roll back, so numbers have no gaps.
Result<QStringList> LedgerWriter::takeNumbers(const QList<std::pair<DistrictId, QDate>> &invoices)
{
    QSqlDatabase c = m_db.connection();
    for (const auto &[district, date] : invoices) {
        const qint64 d = district.value();
        if (m_districtCodes.contains(d))
            continue;
        QSqlQuery q(c);
        q.setForwardOnly(true);
        if (!execPrepared(q, u"SELECT code FROM districts WHERE id = ?"_s, {d}))
            return queryError(q, u"reading the district"_s);
        if (!q.next())
            return Error::make(u"db.query_failed"_s, {}, {}, u"ledger writer: no district %1"_s.arg(d));
        m_districtCodes.insert(d, q.value(0).toString());
    }
    std::map<std::pair<qint64, int>, qint64> needed; // (district, year) -> invoices
    for (const auto &[district, date] : invoices)
        ++needed[{district.value(), date.year()}];
    std::map<std::pair<qint64, int>, qint64> next; // first number to hand out
    for (const auto &[key, n] : needed) {
        QSqlQuery q(c);
        q.setForwardOnly(true);
        if (!execPrepared(q,
                          u"INSERT INTO invoice_series (district_id, year, last_number) VALUES (?, ?, ?) "_s
                          u"ON CONFLICT (district_id, year) DO UPDATE SET last_number = "_s
                          u"invoice_series.last_number + excluded.last_number RETURNING last_number"_s,
                          {key.first, key.second, n}) ||
            !q.next())
            return queryError(q, u"taking invoice numbers"_s);
        next[key] = q.value(0).toLongLong() - n + 1;
    }
    QStringList out;
    out.reserve(invoices.size());
    for (const auto &[district, date] : invoices) {
        const auto key = std::make_pair(district.value(), date.year());
        out.append(m_districtCodes.value(key.first) + u'-' + QString::number(key.second) + u'-' +
                   QString::number(next[key]++));
    }
    return out;
}

Result<QList<WrittenCalculation>> LedgerWriter::write(const QList<CalculationWrite> &batch, qint64 nowMs)
{
    QList<WrittenCalculation> out;
    out.reserve(batch.size());
    std::vector<Prepared> rows;
    for (const CalculationWrite &w : batch) {
        out.append(WrittenCalculation{w.account, 0, {}, {}, 0});
        if (w.invoices.isEmpty())
            continue;
        if (w.corrects.size() != w.invoices.size() && !w.corrects.isEmpty())
            return Error::make(u"db.query_failed"_s, {}, {},
                               u"ledger writer: corrects and invoices differ in length"_s);
        Prepared p;
        p.write = &w;
        rows.push_back(std::move(p));
    }
    if (rows.empty())
        return out;

    QSqlDatabase c = m_db.connection();
    const bool postgres = m_db.dialect().kind() == SqlDialect::Kind::Postgres;
    qint64 invoiceCount = 0, lineCount = 0;
    for (const Prepared &p : rows) {
        invoiceCount += p.write->invoices.size();
        for (const auto &inv : p.write->invoices)
            lineCount += inv.lines.size();
    }

    QElapsedTimer timer, stepTimer;
    timer.start();
    stepTimer.start();
    qint64 msIds = 0, msSeq = 0, msNumbers = 0;
    // ---- ids reserved up front ----
    const auto reserveIds = [&](const QString &table, qint64 n) { return this->reserveIds(table, n); };
    auto calcIds = reserveIds(u"calculations"_s, qint64(rows.size()));
    if (!calcIds)
        return calcIds.error();
    auto invoiceIds = reserveIds(u"invoices"_s, invoiceCount);
    if (!invoiceIds)
        return invoiceIds.error();
    {
        qsizetype next = 0;
        for (qsizetype i = 0; i < qsizetype(rows.size()); ++i) {
            rows[i].calculationId = calcIds.value().at(i);
            for (qsizetype k = 0; k < rows[i].write->invoices.size(); ++k)
                rows[i].invoiceIds.append(invoiceIds.value().at(next++));
        }
    }

    msIds = stepTimer.restart();
    // ---- seq per account-period: one more than the newest calculation ----
    {
        // Group by period (a batch is normally one period).
        std::map<int, QList<qsizetype>> byPeriod;
        for (qsizetype i = 0; i < qsizetype(rows.size()); ++i)
            byPeriod[rows[i].write->period.yyyymm()].append(i);
        for (const auto &[period, idx] : byPeriod) {
            QHash<qint64, int> maxSeq;
            {
                QSqlQuery q(c);
                q.setForwardOnly(true);
                QList<qint64> accounts;
                accounts.reserve(idx.size());
                for (qsizetype i : idx)
                    accounts.append(rows[i].write->account.value());
                // PostgreSQL: the (account_id, period, seq) key walked over ranges of the accounts.
                const IdRanges ranges = idRanges(accounts);
                const bool ok =
                    postgres
                        ? execPrepared(
                              q,
                              u"SELECT c.account_id, MAX(c.seq) FROM "_s + rangesSql() +
                                  u" CROSS JOIN LATERAL "_s +
                                  rangeScan(u"calculations"_s, u"account_id"_s,
                                            u" AND period = ? AND account_id = ANY(CAST(? AS BIGINT[]))"_s) +
                                  u" c GROUP BY c.account_id"_s,
                              {ranges.lows, ranges.highs, period, idArray(accounts)})
                        : execPrepared(
                              q,
                              u"SELECT account_id, MAX(seq) FROM calculations WHERE period = ? AND "_s
                              u"account_id IN "_s +
                                  idsIn(postgres) + u" GROUP BY account_id"_s,
                              {period, idsJson(accounts, [](qint64 id) { return id; })});
                if (!ok)
                    return queryError(q, u"reading calculation numbers"_s);
                while (q.next())
                    maxSeq.insert(q.value(0).toLongLong(), q.value(1).toInt());
            }
            // An account twice in one batch for one period gets consecutive numbers.
            for (qsizetype i : idx) {
                int &s = maxSeq[rows[i].write->account.value()];
                rows[i].seq = ++s;
            }
        }
    }

    msSeq = stepTimer.restart();
    // ---- invoice numbers: one statement per (district, year) for the whole batch ----
    {
        QList<std::pair<DistrictId, QDate>> perInvoice;
        for (const Prepared &p : rows)
            for (qsizetype k = 0; k < p.write->invoices.size(); ++k)
                perInvoice.append({p.write->district, p.write->date});
        auto numbers = takeNumbers(perInvoice);
        if (!numbers)
            return numbers.error();
        qsizetype next = 0;
        for (Prepared &p : rows)
            for (qsizetype k = 0; k < p.write->invoices.size(); ++k)
                p.numbers.append(numbers.value().at(next++));
    }

    msNumbers = stepTimer.restart();
    // ---- postings ----
    qint64 postingCount = 0;
    for (Prepared &p : rows) {
        p.postings = billing::chargePostings(p.write->account, p.write->period, p.write->invoices,
                                             p.write->date, p.invoiceIds);
        postingCount += p.postings.size();
    }

    const qint64 prepareMs = timer.restart();
    const Error written = postgres ? copyRows(rows, nowMs) : insertRows(rows, nowMs);
    qCDebug(lcLedgerWriter) << "prepared in" << prepareMs << "ms (ids" << msIds << "seq" << msSeq << "numbers"
                            << msNumbers << "), rows written in" << timer.restart() << "ms";
    if (!written.isNull())
        return written;

    QList<AccountId> accounts;
    for (qsizetype i = 0, r = 0; i < batch.size(); ++i) {
        if (batch.at(i).invoices.isEmpty())
            continue;
        const Prepared &p = rows[r++];
        WrittenCalculation &w = out[i];
        w.calculationId = p.calculationId;
        w.invoiceIds = p.invoiceIds;
        w.numbers = p.numbers;
        w.postings = int(p.postings.size());
        if (accounts.isEmpty() || accounts.constLast() != w.account)
            accounts.append(w.account);
    }
    if (const Error e = afterWrite(accounts, nowMs); !e.isNull())
        return e;
    qCDebug(lcLedgerWriter) << "credit allocated in" << timer.elapsed() << "ms";

    m_stats.calculations += qint64(rows.size());
    m_stats.invoices += invoiceCount;
    m_stats.lines += lineCount;
    m_stats.taxInvoices += invoiceCount;
    m_stats.postings += postingCount;
    return out;
}

// The rows through COPY on the connection's libpq handle. Every QSqlQuery of this transaction has
// been finished by now (libpq runs one command at a time).
Error LedgerWriter::copyRows(const std::vector<Prepared> &rows, qint64 nowMs)
{
    PGconn *conn = nativePostgres(m_db.connection());
    if (!conn)
        return Error::make(u"db.query_failed"_s, {}, {}, u"ledger writer: no libpq handle"_s);
    auto fail = [](const CopyWriter &w, const char *table) {
        return Error::make(u"db.query_failed"_s, {}, {},
                           u"writing "_s + QString::fromLatin1(table) + u": "_s + w.error());
    };
    // Dates repeat (a batch is normally dated one day): each is formatted once.
    QHash<qint64, QString> isoDates;
    const auto iso = [&isoDates](QDate d) -> QString {
        auto it = isoDates.constFind(d.toJulianDay());
        if (it == isoDates.cend())
            it = isoDates.insert(d.toJulianDay(), d.toString(Qt::ISODate));
        return *it;
    };
    {
        CopyWriter w(
            conn, "calculations",
            "id, account_id, period, seq, requested_by, requester, bill_run_id, vat_rate_bp, vat_mode, "
            "created_at");
        for (const Prepared &p : rows) {
            const CalculationWrite &c = *p.write;
            w.field(p.calculationId);
            w.field(c.account.value());
            w.field(c.period.yyyymm());
            w.field(p.seq);
            w.nullableField(c.requestedBy ? c.requestedBy->value() : 0);
            w.field(requesterText(c.requester));
            w.nullableField(c.billRunId);
            w.field(c.vat.rateBp);
            w.field(billing::toString(c.vat.mode));
            w.field(nowMs);
            w.endRow();
        }
        if (!w.finish())
            return fail(w, "calculations");
    }
    {
        CopyWriter w(
            conn, "invoices",
            "id, account_id, calculation_id, district_id, number, type, article, period, date, due_date, "
            "net_kopecks, vat_kopecks, gross_kopecks, corrects_invoice_id, created_at, lines");
        for (const Prepared &p : rows) {
            const CalculationWrite &c = *p.write;
            const QString date = iso(c.date), due = iso(c.dueDate);
            for (qsizetype k = 0; k < c.invoices.size(); ++k) {
                const billing::InvoiceDraft &inv = c.invoices.at(k);
                w.field(p.invoiceIds.at(k));
                w.field(c.account.value());
                w.field(p.calculationId);
                w.field(c.district.value());
                w.field(p.numbers.at(k));
                w.field(billing::toString(inv.type));
                w.field(billing::toString(inv.article));
                w.field(c.period.yyyymm());
                w.field(date);
                w.field(due);
                w.field(inv.net.kopecks());
                w.field(inv.vat.kopecks());
                w.field(inv.gross.kopecks());
                w.nullableField(c.corrects.value(k));
                w.field(nowMs);
                w.field(linesJson(inv.lines));
                w.endRow();
            }
        }
        if (!w.finish())
            return fail(w, "invoices");
    }
    {
        CopyWriter w(conn, "postings",
                     "account_id, article, period, kind, side, amount_kopecks, invoice_id, date, created_at");
        for (const Prepared &p : rows) {
            for (const billing::Posting &post : p.postings) {
                w.field(post.account.value());
                w.field(billing::toString(post.article));
                w.field(post.period.yyyymm());
                w.field(billing::toString(post.kind));
                w.field(billing::toString(post.side));
                w.field(post.amount.kopecks());
                w.field(post.documentId);
                w.field(iso(post.date));
                w.field(nowMs);
                w.endRow();
            }
        }
        if (!w.finish())
            return fail(w, "postings");
    }
    return {};
}

// SQLite (and any driver without COPY): multi-row INSERTs with bound values.
Error LedgerWriter::insertRows(const std::vector<Prepared> &rows, qint64 nowMs)
{
    QSqlDatabase c = m_db.connection();
    const SqlDialect &d = m_db.dialect();
    const QVariant nullId(QMetaType::fromType<qlonglong>());
    BulkInserter calcs(c, d, u"calculations"_s,
                       {u"id"_s, u"account_id"_s, u"period"_s, u"seq"_s, u"requested_by"_s, u"requester"_s,
                        u"bill_run_id"_s, u"vat_rate_bp"_s, u"vat_mode"_s, u"created_at"_s});
    BulkInserter invoices(c, d, u"invoices"_s,
                          {u"id"_s, u"account_id"_s, u"calculation_id"_s, u"district_id"_s, u"number"_s,
                           u"type"_s, u"article"_s, u"period"_s, u"date"_s, u"due_date"_s, u"net_kopecks"_s,
                           u"vat_kopecks"_s, u"gross_kopecks"_s, u"corrects_invoice_id"_s, u"created_at"_s,
                           u"lines"_s},
                          &calcs);
    BulkInserter postings(c, d, u"postings"_s,
                          {u"account_id"_s, u"article"_s, u"period"_s, u"kind"_s, u"side"_s,
                           u"amount_kopecks"_s, u"invoice_id"_s, u"date"_s, u"created_at"_s},
                          &invoices);
    auto orNull = [&nullId](qint64 v) { return v > 0 ? QVariant(v) : nullId; };
    for (const Prepared &p : rows) {
        const CalculationWrite &w = *p.write;
        calcs.add({p.calculationId, w.account.value(), w.period.yyyymm(), p.seq,
                   orNull(w.requestedBy ? w.requestedBy->value() : 0), requesterText(w.requester),
                   orNull(w.billRunId), w.vat.rateBp, billing::toString(w.vat.mode), nowMs});
        const QString date = w.date.toString(Qt::ISODate), due = w.dueDate.toString(Qt::ISODate);
        for (qsizetype k = 0; k < w.invoices.size(); ++k) {
            const billing::InvoiceDraft &inv = w.invoices.at(k);
            invoices.add({p.invoiceIds.at(k), w.account.value(), p.calculationId, w.district.value(),
                          p.numbers.at(k), billing::toString(inv.type), billing::toString(inv.article),
                          w.period.yyyymm(), date, due, inv.net.kopecks(), inv.vat.kopecks(),
                          inv.gross.kopecks(), orNull(w.corrects.value(k)), nowMs, linesJson(inv.lines)});
        }
        for (const billing::Posting &post : p.postings)
            postings.add({post.account.value(), billing::toString(post.article), post.period.yyyymm(),
                          billing::toString(post.kind), billing::toString(post.side), post.amount.kopecks(),
                          post.documentId, post.date.toString(Qt::ISODate), nowMs});
    }
    for (BulkInserter *b : {&calcs, &invoices, &postings}) {
        if (!b->flush())
            return Error::make(u"db.query_failed"_s, {}, {}, u"writing "_s + b->error());
    }
    return {};
}

Result<QList<IssuedInvoice>> LedgerWriter::issue(const QList<IssueWrite> &documents, qint64 nowMs)
{
    QList<IssuedInvoice> out;
    if (documents.isEmpty())
        return out;
    auto ids = reserveIds(u"invoices"_s, documents.size());
    if (!ids)
        return ids.error();
    QList<std::pair<DistrictId, QDate>> series;
    for (const IssueWrite &w : documents)
        series.append({w.district, w.date});
    auto numbers = takeNumbers(series);
    if (!numbers)
        return numbers.error();

    QSqlDatabase c = m_db.connection();
    const SqlDialect &d = m_db.dialect();
    BulkInserter invoices(c, d, u"invoices"_s,
                          {u"id"_s, u"account_id"_s, u"district_id"_s, u"number"_s, u"type"_s, u"article"_s,
                           u"period"_s, u"date"_s, u"due_date"_s, u"net_kopecks"_s, u"vat_kopecks"_s,
                           u"gross_kopecks"_s, u"vat_rate_bp"_s, u"vat_mode"_s, u"created_at"_s, u"lines"_s});
    BulkInserter postings(c, d, u"postings"_s,
                          {u"account_id"_s, u"article"_s, u"period"_s, u"kind"_s, u"side"_s,
                           u"amount_kopecks"_s, u"invoice_id"_s, u"date"_s, u"created_at"_s},
                          &invoices);
    QList<AccountId> charged;
    qint64 lineCount = 0, taxCount = 0, postingCount = 0;
    for (qsizetype i = 0; i < documents.size(); ++i) {
        const IssueWrite &w = documents.at(i);
        const billing::InvoiceDraft &inv = w.invoice;
        const qint64 id = ids.value().at(i);
        const QString number = numbers.value().at(i);
        const QString date = w.date.toString(Qt::ISODate);
        invoices.add({id, w.account.value(), w.district.value(), number, billing::toString(inv.type),
                      billing::toString(inv.article), w.period.yyyymm(), date,
                      w.dueDate.toString(Qt::ISODate), inv.net.kopecks(), inv.vat.kopecks(),
                      inv.gross.kopecks(), w.vat.rateBp, billing::toString(w.vat.mode), nowMs,
                      linesJson(inv.lines)});
        lineCount += inv.lines.size();
        out.append({id, number});
        // A planned advance asks for a payment: no tax invoice (the view leaves it out), no posting (it
        // is not charged).
        if (inv.type == billing::InvoiceType::PlannedAdvance)
            continue;
        ++taxCount;
        const QList<billing::Posting> posted =
            billing::chargePostings(w.account, w.period, {inv}, w.date, {id});
        for (const billing::Posting &post : posted) {
            postings.add({post.account.value(), billing::toString(post.article), post.period.yyyymm(),
                          billing::toString(post.kind), billing::toString(post.side), post.amount.kopecks(),
                          post.documentId, post.date.toString(Qt::ISODate), nowMs});
            ++postingCount;
        }
        if (!charged.contains(w.account))
            charged.append(w.account);
    }
    for (BulkInserter *b : {&invoices, &postings}) {
        if (!b->flush())
            return Error::make(u"db.query_failed"_s, {}, {}, u"writing "_s + b->error());
    }
    if (const Error e = afterWrite(charged, nowMs); !e.isNull())
        return e;
    m_stats.invoices += documents.size();
    m_stats.lines += lineCount;
    m_stats.taxInvoices += taxCount;
    m_stats.postings += postingCount;
    return out;
}

// Credit the accounts hold (overpayments) pays the invoices just issued, oldest first.
Error LedgerWriter::afterWrite(const QList<AccountId> &accounts, qint64 nowMs)
{
    return LedgerRepository(m_db).allocateCredit(accounts, nowMs, m_accountsLocked);
}

} // namespace oblik::store
