#include "api/billingtypes.h"

#include "core/amounts.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace oblik::client::billing {

namespace {

Error bad(const QString &field, const QString &why)
{
    return Error::make(u"network.bad_response"_s, field, {}, field + u": "_s + why);
}

// Reads fields of one JSON object and remembers the first problem; the decoders check once at the
// end, so that each of them reads as the list of its fields.
class Reader
{
public:
    Reader(const QJsonObject &o, QString where) : m_o(o), m_where(std::move(where)) {}

    Error error() const { return m_error; }
    bool ok() const { return m_error.isNull(); }

    qint64 id(const QString &key)
    {
        const QJsonValue v = m_o.value(key);
        if (!v.isDouble()) {
            fail(key, u"not a number"_s);
            return 0;
        }
        return qint64(v.toInteger());
    }
    std::optional<qint64> optionalId(const QString &key)
    {
        const QJsonValue v = m_o.value(key);
        if (v.isNull() || v.isUndefined())
            return std::nullopt;
        return id(key);
    }
    QString text(const QString &key, bool required = true)
    {
        const QJsonValue v = m_o.value(key);
        if (v.isString())
            return v.toString();
        if (v.isDouble()) // a number where text is expected (a key sent as 2): keep it readable
            return QString::number(v.toInteger());
        if (required && !v.isNull())
            fail(key, u"missing"_s);
        return {};
    }
    Money money(const QString &key)
    {
        // Only strings: a JSON number would have gone through a double on the way.
        const QJsonValue v = m_o.value(key);
        if (!v.isString()) {
            fail(key, u"not an amount string"_s);
            return {};
        }
        const auto m = Money::parse(v.toString());
        if (!m) {
            fail(key, m.error().code() + u" \""_s + v.toString() + u'"');
            return {};
        }
        return m.value();
    }
    Energy energy(const QString &key)
    {
        const QJsonValue v = m_o.value(key);
        const auto e = Energy::parse(v.toString());
        if (!v.isString() || !e) {
            fail(key, u"not an energy string"_s);
            return {};
        }
        return e.value();
    }
    QDate date(const QString &key, bool required = true)
    {
        const QString t = text(key, required);
        if (t.isEmpty() && !required)
            return {};
        const QDate d = QDate::fromString(t, Qt::ISODate);
        if (!d.isValid())
            fail(key, u"not a date"_s);
        return d;
    }
    Period period(const QString &key, bool required = true)
    {
        const QJsonValue v = m_o.value(key);
        if (!required && (v.isNull() || v.isUndefined()))
            return {};
        const auto p = Period::parse(v.toString());
        if (!p) {
            fail(key, u"not a period"_s);
            return {};
        }
        return p.value();
    }
    QJsonArray array(const QString &key, bool required = true)
    {
        const QJsonValue v = m_o.value(key);
        if (!v.isArray() && (required || !(v.isNull() || v.isUndefined())))
            fail(key, u"not an array"_s);
        return v.toArray();
    }
    void fail(const QString &key, const QString &why)
    {
        if (m_error.isNull())
            m_error = bad(m_where.isEmpty() ? key : m_where + u'.' + key, why);
    }
    void take(const Error &e)
    {
        if (m_error.isNull() && !e.isNull())
            m_error = e;
    }

private:
    QJsonObject m_o;
    QString m_where;
    Error m_error;
};

Result<QJsonObject> objectOf(const QByteArray &body)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return bad(u"body"_s, err.error != QJsonParseError::NoError ? err.errorString() : u"not an object"_s);
    return doc.object();
}

template <typename T, typename Decode> Result<QList<T>> listOf(const QJsonArray &items, Decode decode)
{
    QList<T> out;
    out.reserve(items.size());
    for (const QJsonValue &v : items) {
        if (!v.isObject())
            return bad(u"items"_s, u"not an object"_s);
        auto r = decode(v.toObject());
        if (!r)
            return r.error();
        out.append(std::move(r).value());
    }
    return out;
}

template <typename T, typename Decode> Result<QList<T>> itemsOf(const QByteArray &body, Decode decode)
{
    const auto o = objectOf(body);
    if (!o)
        return o.error();
    Reader r(o.value(), {});
    const QJsonArray items = r.array(u"items"_s);
    if (!r.ok())
        return r.error();
    return listOf<T>(items, decode);
}

Result<InvoiceLine> lineFromJson(const QJsonObject &o)
{
    Reader r(o, u"lines"_s);
    InvoiceLine l;
    l.kind = r.text(u"kind"_s);
    l.zone = r.text(u"zone"_s, false);
    l.description = r.text(u"description"_s, false); // absent from servers before services invoices
    l.quantity = r.energy(u"quantity"_s);
    l.tariff = r.text(u"tariff"_s);
    l.coefficient = r.text(u"coefficient"_s, false);
    l.net = r.money(u"net"_s);
    l.vat = r.money(u"vat"_s);
    l.amount = r.money(u"amount"_s);
    if (!r.ok())
        return r.error();
    return l;
}

Result<TaxInvoice> taxInvoiceFromJson(const QJsonObject &o)
{
    Reader r(o, u"items"_s);
    TaxInvoice t;
    t.id = r.id(u"id"_s);
    t.number = r.text(u"number"_s);
    t.date = r.date(u"date"_s);
    t.net = r.money(u"net"_s);
    t.vat = r.money(u"vat"_s);
    t.amount = r.money(u"amount"_s);
    t.invoiceId = r.optionalId(u"invoice_id"_s).value_or(0);
    t.corrects = r.text(u"corrects"_s, false);
    if (!r.ok())
        return r.error();
    return t;
}

Result<TurnoverRow> turnoverRowFromJson(const QJsonObject &o)
{
    Reader r(o, u"items"_s);
    TurnoverRow t;
    t.article = r.text(u"article"_s);
    t.openingDebit = r.money(u"opening_debit"_s);
    t.openingCredit = r.money(u"opening_credit"_s);
    t.charged = r.money(u"charged"_s);
    t.paid = r.money(u"paid"_s);
    t.closingDebit = r.money(u"closing_debit"_s);
    t.closingCredit = r.money(u"closing_credit"_s);
    if (!r.ok())
        return r.error();
    return t;
}

Result<TariffParameter> tariffFromJson(const QJsonObject &o)
{
    Reader r(o, u"items"_s);
    TariffParameter t;
    t.parameter = r.text(u"parameter"_s);
    t.key = r.text(u"key"_s, false);
    t.value = r.text(u"value"_s);
    t.validFrom = r.period(u"valid_from"_s);
    t.validTo = r.period(u"valid_to"_s, false);
    if (!r.ok())
        return r.error();
    return t;
}

Result<Limit> limitFromJson(const QJsonObject &o)
{
    Reader r(o, u"limits"_s);
    Limit l;
    l.monthlyEnergy = r.energy(u"monthly_energy"_s);
    l.powerKw = r.text(u"power_kw"_s, false);
    l.validFrom = r.period(u"valid_from"_s);
    l.validTo = r.period(u"valid_to"_s, false);
    if (!r.ok())
        return r.error();
    return l;
}

Result<BillRunFailure> failureFromJson(const QJsonObject &o)
{
    Reader r(o, u"failures"_s);
    BillRunFailure f;
    f.accountId = r.optionalId(u"account_id"_s).value_or(0);
    f.number = r.text(u"number"_s, false);
    f.code = r.text(u"code"_s);
    for (const QJsonValue &a : r.array(u"args"_s, false))
        f.args.append(a.isString() ? a.toString() : QString::number(a.toInteger()));
    if (!r.ok())
        return r.error();
    return f;
}

} // namespace

QJsonObject PaymentRequest::toJson() const
{
    return {{u"account_id"_s, accountId.value()},
            {u"article"_s, article},
            {u"amount"_s, amount.toString()},
            {u"paid_on"_s, paidOn.toString(Qt::ISODate)},
            {u"bank"_s, bank},
            {u"mfo"_s, mfo},
            {u"purpose"_s, purpose}};
}

Result<Money> ServicesLine::amount() const
{
    const auto kopecks = roundHalfAwayFromZero(__int128(quantityMilli) * price.kopecks(), 1000);
    if (!kopecks)
        return Error::make(u"money.overflow"_s, {}, {price.toString()});
    return Money::fromKopecks(*kopecks);
}

QJsonObject ServicesInvoiceRequest::toJson() const
{
    QJsonArray items;
    for (const ServicesLine &l : lines)
        items.append(QJsonObject{{u"description"_s, l.description},
                                 {u"quantity"_s, Energy::fromMilli(l.quantityMilli).toString()},
                                 {u"price"_s, l.price.toString()}});
    return {{u"period"_s, period.toString()}, {u"lines"_s, items}};
}

Result<Money> ServicesInvoiceRequest::total() const
{
    Money sum;
    for (const ServicesLine &l : lines) {
        const auto a = l.amount();
        if (!a)
            return a.error();
        const auto s = sum.add(a.value());
        if (!s)
            return s.error();
        sum = s.value();
    }
    return sum;
}

Result<Invoice> invoiceFromJson(const QJsonObject &o, bool withLines)
{
    Reader r(o, {});
    Invoice i;
    i.id = r.id(u"id"_s);
    i.number = r.text(u"number"_s);
    i.type = r.text(u"type"_s);
    i.article = r.text(u"article"_s, false);
    i.period = r.period(u"period"_s, false);
    i.date = r.date(u"date"_s);
    i.dueDate = r.date(u"due_date"_s, false);
    i.amount = r.money(u"amount"_s);
    if (o.contains(u"net"_s))
        i.net = r.money(u"net"_s);
    if (o.contains(u"vat"_s))
        i.vat = r.money(u"vat"_s);
    i.paid = r.money(u"paid"_s);
    i.remaining = r.money(u"remaining"_s);
    i.signatureStatus = r.text(u"signature_status"_s, false);
    i.correctsInvoiceId = r.optionalId(u"corrects_invoice_id"_s);
    if (withLines) {
        const auto lines = listOf<InvoiceLine>(r.array(u"lines"_s), lineFromJson);
        if (lines)
            i.lines = lines.value();
        else
            r.take(lines.error());
    }
    if (!r.ok())
        return r.error();
    return i;
}

Result<QList<Invoice>> invoicesFromJson(const QByteArray &body)
{
    return itemsOf<Invoice>(body, [](const QJsonObject &o) { return invoiceFromJson(o); });
}

Result<Invoice> invoiceDetailFromJson(const QByteArray &body)
{
    const auto o = objectOf(body);
    if (!o)
        return o.error();
    return invoiceFromJson(o.value(), true);
}

Result<QList<TaxInvoice>> taxInvoicesFromJson(const QByteArray &body)
{
    return itemsOf<TaxInvoice>(body, taxInvoiceFromJson);
}

Result<Payment> paymentFromJson(const QJsonObject &o)
{
    Reader r(o, {});
    Payment p;
    p.id = r.id(u"id"_s);
    p.paidOn = r.date(u"paid_on"_s);
    p.period = r.period(u"period"_s, false);
    p.article = r.text(u"article"_s);
    p.amount = r.money(u"amount"_s);
    p.bank = r.text(u"bank"_s, false);
    p.mfo = r.text(u"mfo"_s, false);
    p.purpose = r.text(u"purpose"_s, false);
    for (const QJsonValue &v : r.array(u"allocations"_s, false)) {
        Reader a(v.toObject(), u"allocations"_s);
        Allocation alloc;
        alloc.invoiceId = a.id(u"invoice_id"_s);
        alloc.number = a.text(u"number"_s, false);
        alloc.amount = a.money(u"amount"_s);
        r.take(a.error());
        p.allocations.append(alloc);
    }
    if (o.contains(u"unallocated"_s)) {
        p.unallocated = r.money(u"unallocated"_s);
    } else {
        qint64 left = p.amount.kopecks();
        for (const Allocation &a : std::as_const(p.allocations))
            left -= a.amount.kopecks();
        p.unallocated = Money::fromKopecks(std::max<qint64>(0, left));
    }
    if (!r.ok())
        return r.error();
    return p;
}

Result<QList<Payment>> paymentsFromJson(const QByteArray &body)
{
    return itemsOf<Payment>(body, paymentFromJson);
}

Result<Turnover> turnoverFromJson(const QByteArray &body)
{
    const auto o = objectOf(body);
    if (!o)
        return o.error();
    Reader r(o.value(), {});
    Turnover t;
    t.period = r.period(u"period"_s);
    const auto rows = listOf<TurnoverRow>(r.array(u"items"_s), turnoverRowFromJson);
    if (!r.ok())
        return r.error();
    if (!rows)
        return rows.error();
    t.items = rows.value();
    return t;
}

Result<Tariffs> tariffsFromJson(const QByteArray &body)
{
    const auto o = objectOf(body);
    if (!o)
        return o.error();
    Reader r(o.value(), {});
    const auto items = listOf<TariffParameter>(r.array(u"items"_s), tariffFromJson);
    const auto limits = listOf<Limit>(r.array(u"limits"_s, false), limitFromJson);
    if (!r.ok())
        return r.error();
    if (!items)
        return items.error();
    if (!limits)
        return limits.error();
    return Tariffs{items.value(), limits.value()};
}

Result<CalculationResult> calculationFromJson(const QByteArray &body)
{
    const auto o = objectOf(body);
    if (!o)
        return o.error();
    Reader r(o.value(), {});
    CalculationResult c;
    c.calculationId = r.optionalId(u"calculation_id"_s).value_or(0);
    const auto decode = [](const QJsonObject &i) { return invoiceFromJson(i, i.contains(u"lines"_s)); };
    const auto invoices = listOf<Invoice>(r.array(u"invoices"_s), decode);
    const auto corrections = listOf<Invoice>(r.array(u"corrections"_s, false), decode);
    if (!r.ok())
        return r.error();
    if (!invoices)
        return invoices.error();
    if (!corrections)
        return corrections.error();
    c.invoices = invoices.value();
    c.corrections = corrections.value();
    return c;
}

Result<Payment> registeredPaymentFromJson(const QByteArray &body)
{
    const auto o = objectOf(body);
    if (!o)
        return o.error();
    const QJsonValue p = o.value().value(u"payment"_s);
    if (!p.isObject())
        return bad(u"payment"_s, u"missing"_s);
    return paymentFromJson(p.toObject());
}

Result<BillRun> billRunFromJson(const QByteArray &body)
{
    const auto o = objectOf(body);
    if (!o)
        return o.error();
    Reader r(o.value(), {});
    BillRun b;
    b.id = r.id(u"id"_s);
    b.state = r.text(u"state"_s);
    // "kind", "invoices" and "postings" are newer than the first bill runs: absent means a
    // calculation run that did not say.
    if (const QString kind = r.text(u"kind"_s, false); !kind.isEmpty())
        b.kind = kind;
    b.period = r.period(u"period"_s, false);
    b.invoices = r.optionalId(u"invoices"_s).value_or(0);
    b.postings = r.optionalId(u"postings"_s).value_or(0);
    b.accountsDone = r.id(u"accounts_done"_s);
    b.accountsTotal = r.id(u"accounts_total"_s);
    b.accountsFailed = r.id(u"accounts_failed"_s);
    const auto failures = listOf<BillRunFailure>(r.array(u"failures"_s, false), failureFromJson);
    if (!r.ok())
        return r.error();
    if (!failures)
        return failures.error();
    b.failures = failures.value();
    return b;
}

Result<Invoice> issuedInvoiceFromJson(const QByteArray &body)
{
    const auto o = objectOf(body);
    if (!o)
        return o.error();
    const QJsonValue i = o.value().value(u"invoice"_s);
    if (!i.isObject())
        return bad(u"invoice"_s, u"missing"_s);
    return invoiceFromJson(i.toObject(), true);
}

Money totalRemaining(const QList<Invoice> &invoices)
{
    qint64 sum = 0;
    for (const Invoice &i : invoices)
        if (i.remaining.isPositive())
            sum += i.remaining.kopecks();
    return Money::fromKopecks(sum);
}

} // namespace oblik::client::billing
