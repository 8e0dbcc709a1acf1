#include "docs/documentsource.h"

#include "calc/breakdown.h"
#include "calc/idlist.h"
#include "store/database.h"
#include "store/ledgerrepository.h"
#include "store/sqlsupport.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace oblik::docs {

namespace {

using documents::DocumentHeader;

QDate dateOf(const QVariant &v)
{
    return v.isNull() ? QDate() : QDate::fromString(v.toString(), Qt::ISODate);
}

struct AccountHead
{
    DocumentHeader header;
    AccountDocumentSettings settings;
};

// The requisites of the accounts, in one query.
Result<QHash<AccountId, AccountHead>> loadHeads(store::Database &db, const QList<AccountId> &accounts)
{
    QHash<AccountId, AccountHead> out;
    if (accounts.isEmpty())
        return out;
    QList<qint64> ids;
    for (const AccountId &a : accounts)
        ids.append(a.value());
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    if (!store::execPrepared(
            q,
            u"SELECT a.id, a.number, k.number, k.signed_on, "
            u"c.name, c.edrpou, c.ipn, c.iban, c.bank, c.address, c.phone, "
            u"d.name, d.address, d.phone, "
            u"s.id, s.name, s.edrpou, s.ipn, s.iban, s.bank, s.address, s.phone, s.payment_qr, "
            u"s.document_language "
            u"FROM accounts a JOIN contracts k ON k.id = a.contract_id "
            u"JOIN consumers c ON c.id = k.consumer_id JOIN districts d ON d.id = c.district_id "
            u"JOIN suppliers s ON s.id = d.supplier_id WHERE a.id IN "_s +
                calc::idListSql(db.dialect()),
            {calc::idListJson(ids)}))
        return store::queryError(q, u"loading the requisites of accounts"_s);
    while (q.next()) {
        AccountHead h;
        DocumentHeader &d = h.header;
        d.accountNumber = q.value(1).toString();
        d.contractNumber = q.value(2).toString();
        d.contractDate = dateOf(q.value(3));
        d.consumer.name = q.value(4).toString();
        d.consumer.edrpou = store::textOrEmpty(q.value(5));
        d.consumer.ipn = store::textOrEmpty(q.value(6));
        d.consumer.iban = q.value(7).toString();
        d.consumer.bank = q.value(8).toString();
        d.consumer.address = q.value(9).toString();
        d.consumer.phone = q.value(10).toString();
        d.districtName = q.value(11).toString();
        d.districtAddress = q.value(12).toString();
        d.districtPhone = q.value(13).toString();
        d.supplier.name = q.value(15).toString();
        d.supplier.edrpou = q.value(16).toString();
        d.supplier.ipn = q.value(17).toString();
        d.supplier.iban = q.value(18).toString();
        d.supplier.bank = q.value(19).toString();
        d.supplier.address = q.value(20).toString();
        d.supplier.phone = q.value(21).toString();
        AccountDocumentSettings &s = h.settings;
        s.account = AccountId(q.value(0).toLongLong());
        s.accountNumber = d.accountNumber;
        s.supplier = SupplierId(q.value(14).toLongLong());
        s.paymentQr = q.value(22).toInt() != 0;
        s.language = q.value(23).toString() == u"ru" ? u"ru"_s : u"uk"_s;
        out.insert(s.account, h);
    }
    return out;
}

struct InvoiceExtra
{
    int vatRateBp = 2000;
    billing::VatMode vatMode = billing::VatMode::ExtractedFromGross;
    QString correctsNumber;
};

// The VAT rule each invoice was calculated with (its calculation's; an invoice issued without one, a
// planned advance or services, keeps its own) and the number of the invoice a correction corrects.
Result<QHash<qint64, InvoiceExtra>> loadExtras(store::Database &db, const QList<qint64> &invoices)
{
    QHash<qint64, InvoiceExtra> out;
    if (invoices.isEmpty())
        return out;
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    if (!store::execPrepared(q,
                             u"SELECT i.id, COALESCE(c.vat_rate_bp, i.vat_rate_bp), COALESCE(c.vat_mode, "
                             u"i.vat_mode), o.number FROM invoices i "
                             u"LEFT JOIN calculations c ON c.id = i.calculation_id "
                             u"LEFT JOIN invoices o ON o.id = i.corrects_invoice_id WHERE i.id IN "_s +
                                 calc::idListSql(db.dialect()),
                             {calc::idListJson(invoices)}))
        return store::queryError(q, u"loading invoices' VAT rules"_s);
    while (q.next()) {
        InvoiceExtra e;
        if (!q.value(1).isNull())
            e.vatRateBp = q.value(1).toInt();
        e.vatMode =
            billing::vatModeFromString(q.value(2).toString()).value_or(billing::VatMode::ExtractedFromGross);
        e.correctsNumber = store::textOrEmpty(q.value(3));
        out.insert(q.value(0).toLongLong(), e);
    }
    return out;
}

documents::InvoiceDoc invoiceDoc(const store::StoredInvoice &i, const InvoiceExtra &e)
{
    documents::InvoiceDoc d;
    d.number = i.number;
    d.type = i.type;
    d.article = i.article;
    d.period = i.period;
    d.date = i.date;
    d.dueDate = i.dueDate;
    d.net = i.net;
    d.vat = i.vat;
    d.gross = i.gross;
    d.paid = i.paid;
    d.settled = i.settled;
    d.correctsNumber = e.correctsNumber;
    d.vatRateBp = e.vatRateBp;
    d.vatMode = e.vatMode;
    d.lines = i.lines;
    return d;
}

InvoicePackageItem packageItem(const AccountHead &head, const store::StoredInvoice &i, const InvoiceExtra &e,
                               const QList<billing::PointBreakdown> &breakdown,
                               const QList<billing::TurnoverRow> &turnover)
{
    InvoicePackageItem item;
    item.invoiceId = i.id;
    documents::InvoicePackageData &p = item.data;
    p.header = head.header;
    p.invoice = invoiceDoc(i, e);
    p.breakdown = breakdown;
    // The information message: the article's balance before the period, what the period charged and
    // what was paid in it, and what is left to pay of this invoice.
    for (const billing::TurnoverRow &r : turnover) {
        if (r.article == i.article) {
            p.openingBalance = r.opening();
            p.chargedInPeriod = r.charged;
            p.paidInPeriod = r.paid;
        }
    }
    p.toPay = i.remaining();
    p.paymentQr = head.settings.paymentQr;
    return item;
}

TaxInvoiceItem taxItem(const AccountHead &head, const store::StoredTaxInvoice &t,
                       const store::StoredInvoice &i, const InvoiceExtra &e)
{
    TaxInvoiceItem item;
    item.taxInvoiceId = t.id;
    item.invoiceId = i.id;
    documents::TaxInvoiceData &d = item.data;
    d.header = head.header;
    d.number = t.number;
    d.date = t.date;
    d.invoiceNumber = i.number;
    d.correctsNumber = t.correctsTaxInvoiceId > 0 ? t.correctsNumber : QString();
    d.period = i.period;
    d.vatRateBp = e.vatRateBp;
    d.lines = i.lines;
    d.net = t.net;
    d.vat = t.vat;
    d.gross = t.gross;
    return item;
}

struct ActRow
{
    documents::ReadingsActRow row;
    bool current = false;   // a reading of the period (not rejected)
    bool processed = false; // ... in state processed
};

// Every register of the accounts' meters in service during the period, with the period's reading and
// the one before it, in one query.
Result<QHash<AccountId, QList<ActRow>>> loadActRows(store::Database &db, const QList<AccountId> &accounts,
                                                    Period period)
{
    QHash<AccountId, QList<ActRow>> out;
    if (accounts.isEmpty())
        return out;
    QList<qint64> ids;
    for (const AccountId &a : accounts)
        ids.append(a.value());
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    if (!store::execPrepared(
            q,
            u"SELECT o.account_id, o.name, p.code, p.kind, m.number, m.model, m.ratio, m.digits, g.zone, "
            u"r.taken_on, r.value_milli, r.consumption_milli, r.state, pr.taken_on, pr.value_milli "
            u"FROM registers g JOIN meters m ON m.id = g.meter_id "
            u"JOIN metering_points p ON p.id = m.metering_point_id JOIN objects o ON o.id = p.object_id "
            u"LEFT JOIN readings r ON r.register_id = g.id AND r.period = ? AND r.state <> 'rejected' "
            u"LEFT JOIN readings pr ON pr.register_id = g.id AND pr.period = "
            u"(SELECT MAX(r2.period) FROM readings r2 WHERE r2.register_id = g.id AND r2.period < ? "
            u"AND r2.state <> 'rejected') "
            u"WHERE o.account_id IN "_s +
                calc::idListSql(db.dialect()) +
                u" AND m.installed_on <= ? AND (m.removed_on IS NULL OR m.removed_on >= ?) "
                u"AND (m.status <> 'removed' OR m.removed_on IS NOT NULL) "
                u"ORDER BY o.account_id, o.id, p.id, m.id, g.position, g.id"_s,
            {period.yyyymm(), period.yyyymm(), calc::idListJson(ids), period.lastDay().toString(Qt::ISODate),
             period.firstDay().toString(Qt::ISODate)}))
        return store::queryError(q, u"loading readings act rows"_s);
    while (q.next()) {
        ActRow a;
        documents::ReadingsActRow &r = a.row;
        r.objectName = q.value(1).toString();
        r.pointCode = q.value(2).toString();
        r.kind = domain::pointKindFromString(q.value(3).toString()).value_or(domain::PointKind::Active);
        r.meterNumber = q.value(4).toString();
        r.meterModel = q.value(5).toString();
        r.ratio = q.value(6).toInt();
        r.digits = q.value(7).toInt();
        r.zone = domain::zoneFromString(q.value(8).toString()).value_or(domain::Zone::Total);
        if (!q.value(10).isNull()) {
            a.current = true;
            r.currentDate = dateOf(q.value(9));
            r.currentValue = Energy::fromMilli(q.value(10).toLongLong());
            r.consumption = Energy::fromMilli(q.value(11).toLongLong());
            r.state = q.value(12).toString();
            a.processed = r.state == u"processed";
        }
        if (!q.value(14).isNull()) {
            r.previousDate = dateOf(q.value(13));
            r.previousValue = Energy::fromMilli(q.value(14).toLongLong());
        }
        out[AccountId(q.value(0).toLongLong())].append(a);
    }
    return out;
}

ReadingsActItem actItem(const AccountHead &head, Period period, const QList<ActRow> &rows, bool blank,
                        QDate today)
{
    ReadingsActItem item;
    item.number = DocumentSource::actNumber(head.settings.accountNumber, period);
    item.allProcessed = !rows.isEmpty();
    QDate latest;
    documents::ReadingsActData &d = item.data;
    d.header = head.header;
    d.period = period;
    d.blank = blank;
    for (const ActRow &a : rows) {
        item.allProcessed = item.allProcessed && a.processed;
        item.hasReadings = item.hasReadings || a.current;
        documents::ReadingsActRow r = a.row;
        if (blank) {
            // For filling in by hand: the previous values stay, nothing of the period is printed.
            r.currentDate = QDate();
            r.currentValue.reset();
            r.consumption.reset();
            r.state.clear();
        } else if (a.current && (!latest.isValid() || r.currentDate > latest)) {
            latest = r.currentDate;
        }
        d.rows.append(r);
    }
    // A filled act is dated by its newest reading, so rendering it again gives the same document; a
    // blank one (or an act without readings) by today.
    d.date = !blank && latest.isValid() ? latest : today;
    if (blank)
        item.allProcessed = false;
    return item;
}

} // namespace

DocumentSource::DocumentSource(store::Database &db, const Clock &clock) : m_db(db), m_clock(clock) {}

QString DocumentSource::actNumber(const QString &accountNumber, Period period)
{
    return accountNumber + u'-' + QString::number(period.yyyymm());
}

Result<std::optional<AccountDocumentSettings>> DocumentSource::settings(AccountId account) const
{
    auto heads = loadHeads(m_db, {account});
    if (!heads)
        return heads.error();
    if (!heads.value().contains(account))
        return std::optional<AccountDocumentSettings>();
    return std::optional<AccountDocumentSettings>(heads.value().value(account).settings);
}

Result<std::optional<InvoicePackageItem>> DocumentSource::invoicePackage(AccountId account,
                                                                         qint64 invoiceId) const
{
    using Found = std::optional<InvoicePackageItem>;
    store::LedgerRepository ledger(m_db);
    auto invoice = ledger.invoice(account, invoiceId);
    if (!invoice)
        return invoice.error();
    if (!invoice.value())
        return Found();
    const store::StoredInvoice &i = *invoice.value();
    auto heads = loadHeads(m_db, {account});
    if (!heads)
        return heads.error();
    if (!heads.value().contains(account))
        return Found();
    auto extras = loadExtras(m_db, {i.id});
    if (!extras)
        return extras.error();
    auto breakdowns = calc::recomputeBreakdowns(m_db, {account}, i.period);
    if (!breakdowns)
        return breakdowns.error();
    auto turnover = ledger.turnover(account, i.period);
    if (!turnover)
        return turnover.error();
    return Found(packageItem(heads.value().value(account), i, extras.value().value(i.id),
                             breakdowns.value().value(account), turnover.value()));
}

Result<std::optional<TaxInvoiceItem>> DocumentSource::taxInvoice(AccountId account, qint64 taxInvoiceId) const
{
    using Found = std::optional<TaxInvoiceItem>;
    store::LedgerRepository ledger(m_db);
    auto list = ledger.taxInvoices(account);
    if (!list)
        return list.error();
    const store::StoredTaxInvoice *tax = nullptr;
    for (const store::StoredTaxInvoice &t : list.value()) {
        if (t.id == taxInvoiceId)
            tax = &t;
    }
    if (!tax)
        return Found();
    auto invoice = ledger.invoice(account, tax->invoiceId);
    if (!invoice)
        return invoice.error();
    if (!invoice.value())
        return Found();
    auto heads = loadHeads(m_db, {account});
    if (!heads)
        return heads.error();
    if (!heads.value().contains(account))
        return Found();
    auto extras = loadExtras(m_db, {tax->invoiceId});
    if (!extras)
        return extras.error();
    return Found(
        taxItem(heads.value().value(account), *tax, *invoice.value(), extras.value().value(tax->invoiceId)));
}

Result<ReadingsActItem> DocumentSource::readingsAct(AccountId account, Period period, bool blank) const
{
    auto heads = loadHeads(m_db, {account});
    if (!heads)
        return heads.error();
    if (!heads.value().contains(account))
        return Error::make(u"document.not_found"_s);
    auto rows = loadActRows(m_db, {account}, period);
    if (!rows)
        return rows.error();
    return actItem(heads.value().value(account), period, rows.value().value(account), blank,
                   m_clock.now().date());
}

Result<documents::TurnoverData> DocumentSource::turnover(AccountId account, Period period) const
{
    auto heads = loadHeads(m_db, {account});
    if (!heads)
        return heads.error();
    if (!heads.value().contains(account))
        return Error::make(u"document.not_found"_s);
    auto rows = store::LedgerRepository(m_db).turnover(account, period);
    if (!rows)
        return rows.error();
    documents::TurnoverData d;
    d.header = heads.value().value(account).header;
    d.period = period;
    d.date = m_clock.now().date();
    d.rows = rows.value();
    return d;
}

Result<documents::PaymentHistoryData> DocumentSource::paymentHistory(AccountId account, QDate from,
                                                                     QDate to) const
{
    auto heads = loadHeads(m_db, {account});
    if (!heads)
        return heads.error();
    if (!heads.value().contains(account))
        return Error::make(u"document.not_found"_s);
    auto payments = store::LedgerRepository(m_db).payments(account);
    if (!payments)
        return payments.error();
    documents::PaymentHistoryData d;
    d.header = heads.value().value(account).header;
    d.from = from;
    d.to = to;
    d.date = m_clock.now().date();
    for (const store::StoredPayment &p : payments.value()) { // newest first
        if (p.paidOn < from || p.paidOn > to)
            continue;
        documents::PaymentHistoryRow r;
        r.paidOn = p.paidOn;
        r.article = p.article;
        r.amount = p.amount;
        r.bank = p.bank;
        r.purpose = p.purpose;
        for (const store::StoredAllocation &a : p.allocations)
            r.invoiceNumbers.append(a.invoiceNumber);
        r.unallocated = p.unallocated;
        d.rows.append(r);
    }
    return d;
}

Result<QList<PeriodDocuments>> DocumentSource::periodDocuments(const QList<AccountId> &accounts,
                                                               Period period) const
{
    QList<PeriodDocuments> out;
    auto heads = loadHeads(m_db, accounts);
    if (!heads)
        return heads.error();
    store::LedgerRepository ledger(m_db);
    auto invoices = ledger.periodInvoices(accounts, period);
    if (!invoices)
        return invoices.error();
    QList<qint64> invoiceIds;
    QList<AccountId> billed;
    QHash<qint64, qsizetype> invoiceIndex;
    for (const store::StoredInvoice &i : invoices.value()) {
        invoiceIndex.insert(i.id, invoiceIds.size());
        invoiceIds.append(i.id);
        if (billed.isEmpty() || billed.last() != i.account)
            billed.append(i.account);
    }
    auto extras = loadExtras(m_db, invoiceIds);
    if (!extras)
        return extras.error();
    auto breakdowns = calc::recomputeBreakdowns(m_db, billed, period);
    if (!breakdowns)
        return breakdowns.error();
    auto turnovers = ledger.turnovers(billed, period);
    if (!turnovers)
        return turnovers.error();
    auto taxes = ledger.periodTaxInvoices(accounts, period);
    if (!taxes)
        return taxes.error();
    auto acts = loadActRows(m_db, accounts, period);
    if (!acts)
        return acts.error();

    QHash<AccountId, qsizetype> index;
    const QDate today = m_clock.now().date();
    for (const AccountId &a : accounts) {
        const auto head = heads.value().constFind(a);
        if (head == heads.value().cend() || index.contains(a))
            continue;
        PeriodDocuments d;
        d.settings = head->settings;
        d.act = actItem(*head, period, acts.value().value(a), false, today);
        index.insert(a, out.size());
        out.append(d);
    }
    for (const store::StoredInvoice &i : invoices.value()) {
        const auto at = index.constFind(i.account);
        if (at == index.cend())
            continue;
        const AccountHead head = heads.value().value(i.account);
        out[*at].packages.append(packageItem(head, i, extras.value().value(i.id),
                                             breakdowns.value().value(i.account),
                                             turnovers.value().value(i.account)));
    }
    for (const store::StoredTaxInvoice &t : taxes.value()) {
        const auto inv = invoiceIndex.constFind(t.invoiceId);
        if (inv == invoiceIndex.cend())
            continue;
        const store::StoredInvoice &i = invoices.value().at(*inv);
        const auto at = index.constFind(i.account);
        if (at == index.cend())
            continue;
        out[*at].taxInvoices.append(
            taxItem(heads.value().value(i.account), t, i, extras.value().value(t.invoiceId)));
    }
    return out;
}

Result<QList<Period>> DocumentSource::periodsWithReadings(AccountId account) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!store::execPrepared(
            q,
            u"SELECT DISTINCT r.period FROM readings r JOIN registers g ON g.id = r.register_id "
            u"JOIN meters m ON m.id = g.meter_id "
            u"JOIN metering_points p ON p.id = m.metering_point_id "
            u"JOIN objects o ON o.id = p.object_id "
            u"WHERE o.account_id = ? AND r.state <> 'rejected' ORDER BY r.period DESC"_s,
            {account.value()}))
        return store::queryError(q, u"listing the periods with readings"_s);
    QList<Period> out;
    while (q.next())
        out.append(Period::fromYyyymm(q.value(0).toInt()));
    return out;
}

} // namespace oblik::docs
