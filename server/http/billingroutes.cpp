#include "http/billingroutes.h"

#include "calc/billingservice.h"
#include "calc/breakdown.h"
#include "http/accountaccess.h"
#include "http/jsonbody.h"
#include "http/logging.h"
#include "http/problems.h"
#include "http/router.h"
#include "store/accountrepository.h"
#include "store/database.h"
#include "store/idempotency.h"
#include "store/ledgerrepository.h"
#include "store/sqlsupport.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace oblik::http {

namespace {

// Billing errors as problems: calc.self_not_allowed 403, the other calc.* and payment.* 422 (with
// args, so the client names the parameter and the period), billrun.* state conflicts 409;
// anything else as elsewhere.
Response failure(const Error &error)
{
    const QString &code = error.code();
    if (code == u"calc.self_not_allowed")
        return Response::problem(protocol::Problem::fromError(403, error));
    if (code.startsWith(u"calc.") || code.startsWith(u"payment."))
        return Response::problem(protocol::Problem::fromError(422, error));
    if (code.startsWith(u"billrun."))
        return Response::problem(protocol::Problem::fromError(409, error));
    const protocol::Problem problem = problems::fromError(error);
    if (problem.status >= 500)
        qCWarning(lcHttp).noquote() << "internal error:" << error.code() << error.detail();
    return Response::problem(problem);
}

Result<QString> idempotencyKey(const Request &r)
{
    const QByteArray key = r.header("Idempotency-Key").trimmed();
    if (key.isEmpty())
        return Error::make(u"request.missing_field"_s, u"Idempotency-Key"_s);
    if (key.size() > 200)
        return Error::make(u"request.invalid_field"_s, u"Idempotency-Key"_s);
    return QString::fromLatin1(key);
}

QByteArray requestHash(const Request &r)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(r.method);
    h.addData(" ");
    h.addData(r.path.toUtf8());
    h.addData("\n");
    h.addData(r.body);
    return h.result().toHex();
}

Response fromStored(const store::StoredAnswer &a)
{
    Response r;
    r.status = a.status;
    r.body = a.body;
    if (a.repeated)
        r.setHeader("Idempotent-Replayed", "true");
    return r;
}

Result<QJsonObject> smallBody(const Request &r, qsizetype max = BillingRoutes::kMaxBodyBytes)
{
    if (r.body.size() > max)
        return Error::make(u"request.too_large"_s, {}, {QString::number(max)});
    return jsonbody::parseObject(r.body);
}

// A body's value as the text the client sent: a string as it is, anything else as JSON (12, true).
QString valueText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    const QByteArray json = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

Result<Period> bodyPeriod(const QJsonObject &o)
{
    const QJsonValue v = o.value(u"period"_s);
    if (v.isUndefined() || v.isNull())
        return Error::make(u"request.missing_field"_s, u"period"_s);
    const QString text = valueText(v);
    auto p = Period::parse(text);
    if (!v.isString() || !p)
        return problems::invalidFieldError(u"period"_s, problems::kMonthForm, text);
    return p.value();
}

QJsonValue idOrNull(qint64 id)
{
    return id > 0 ? QJsonValue(id) : QJsonValue(QJsonValue::Null);
}

QString date(QDate d)
{
    return d.toString(Qt::ISODate);
}

QString kw(qint64 watts)
{
    // Power in kW with 3 decimals, exact from watts.
    const qint64 a = watts < 0 ? -watts : watts;
    return u"%1%2.%3"_s.arg(watts < 0 ? u"-"_s : QString()).arg(a / 1000).arg(a % 1000, 3, 10, QChar(u'0'));
}

QJsonObject invoiceJson(const store::StoredInvoice &i)
{
    return {{u"id"_s, i.id},
            {u"number"_s, i.number},
            {u"type"_s, billing::toString(i.type)},
            {u"article"_s, billing::toString(i.article)},
            {u"period"_s, i.period.toString()},
            {u"date"_s, date(i.date)},
            {u"due_date"_s, date(i.dueDate)},
            {u"amount"_s, i.gross.toString()},
            {u"net"_s, i.net.toString()},
            {u"vat"_s, i.vat.toString()},
            {u"paid"_s, i.paid.toString()},
            {u"remaining"_s, i.remaining().toString()},
            {u"signature_status"_s, i.signatureStatus.isEmpty() ? u"unsigned"_s : i.signatureStatus},
            {u"corrects_invoice_id"_s, idOrNull(i.correctsInvoiceId)}};
}

QJsonArray linesJson(const QList<billing::InvoiceLine> &lines)
{
    QJsonArray out;
    for (const billing::InvoiceLine &l : lines)
        out.append(QJsonObject{{u"kind"_s, billing::toString(l.kind)},
                               {u"zone"_s, domain::toString(l.zone)},
                               {u"quantity"_s, l.quantity.toString()},
                               {u"tariff"_s, l.tariff.toString()},
                               {u"coefficient"_s, l.coefficient.toString()},
                               {u"description"_s, l.description},
                               {u"net"_s, l.net.toString()},
                               {u"vat"_s, l.vat.toString()},
                               {u"amount"_s, l.gross.toString()}});
    return out;
}

QJsonObject invoiceWithLines(const store::StoredInvoice &i)
{
    QJsonObject o = invoiceJson(i);
    o.insert(u"lines"_s, linesJson(i.lines));
    return o;
}

QJsonArray breakdownJson(const QList<billing::PointBreakdown> &rows)
{
    QJsonArray out;
    for (const billing::PointBreakdown &b : rows)
        out.append(QJsonObject{{u"metering_point_id"_s, b.point.value()},
                               {u"code"_s, b.code},
                               {u"kind"_s, domain::toString(b.kind)},
                               {u"scheme"_s, billing::toString(b.scheme)},
                               {u"zone"_s, domain::toString(b.zone)},
                               {u"consumption"_s, b.consumption.toString()},
                               {u"subtracted"_s, b.subtracted.toString()},
                               {u"payable"_s, b.payable.toString()},
                               {u"coefficient"_s, b.coefficient.toString()},
                               {u"tariff"_s, b.tariff.toString()}});
    return out;
}

QJsonObject paymentJson(const store::StoredPayment &p)
{
    QJsonArray allocations;
    for (const store::StoredAllocation &a : p.allocations)
        allocations.append(QJsonObject{{u"invoice_id"_s, a.invoiceId},
                                       {u"number"_s, a.invoiceNumber},
                                       {u"amount"_s, a.amount.toString()}});
    return {{u"id"_s, p.id},
            {u"account_id"_s, p.account.value()},
            {u"paid_on"_s, date(p.paidOn)},
            {u"period"_s, p.period.toString()},
            {u"article"_s, billing::toString(p.article)},
            {u"amount"_s, p.amount.toString()},
            {u"bank"_s, p.bank},
            {u"mfo"_s, p.mfo},
            {u"purpose"_s, p.purpose},
            {u"allocations"_s, allocations},
            {u"unallocated"_s, p.unallocated.toString()}};
}

QJsonObject billRunJson(const calc::BillRunStatus &s, bool withFailures)
{
    QJsonObject o{
        {u"id"_s, s.id},
        {u"kind"_s, calc::toString(s.kind)},
        {u"state"_s, s.state},
        {u"period"_s, s.period.toString()},
        {u"supplier_id"_s, s.supplier.value()},
        {u"district_id"_s, s.district ? QJsonValue(s.district->value()) : QJsonValue(QJsonValue::Null)},
        {u"accounts_total"_s, s.accountsTotal},
        {u"accounts_done"_s, s.accountsDone},
        {u"accounts_failed"_s, s.accountsFailed},
        {u"invoices"_s, s.invoices},
        {u"postings"_s, s.postings}};
    if (withFailures) {
        QJsonArray failures;
        for (const calc::BillRunFailure &f : s.failures)
            failures.append(QJsonObject{{u"account_id"_s, f.account.value()},
                                        {u"number"_s, f.accountNumber},
                                        {u"code"_s, f.error.code()},
                                        {u"field"_s, f.error.field()},
                                        {u"args"_s, QJsonArray::fromStringList(f.error.args())}});
        o.insert(u"failures"_s, failures);
    }
    return o;
}

// The supplier of a district, or nothing.
Result<std::optional<SupplierId>> supplierOfDistrict(store::Database &db, qint64 district)
{
    QSqlQuery q(db.connection());
    if (!store::execPrepared(q, u"SELECT supplier_id FROM districts WHERE id = ?"_s, {district}))
        return store::queryError(q, u"finding a district"_s);
    if (!q.next())
        return std::optional<SupplierId>();
    return std::optional<SupplierId>(SupplierId(q.value(0).toLongLong()));
}

// A clerk sees the runs of its district, an admin those of its supplier.
bool mayManageRun(const domain::User &user, const calc::BillRunStatus &s)
{
    switch (user.role) {
    case domain::Role::Clerk:
        return user.district && s.district && *s.district == user.district->id;
    case domain::Role::Admin:
        return user.supplier && s.supplier == user.supplier->id;
    case domain::Role::Consumer:
        return false;
    }
    return false;
}

} // namespace

BillingRoutes::BillingRoutes(store::Database *db, Authenticate authenticate)
    : m_db(db), m_authenticate(std::move(authenticate))
{
    if (m_db)
        m_service = std::make_unique<calc::BillingService>(*m_db);
}

BillingRoutes::~BillingRoutes() = default;

void BillingRoutes::registerRoutes(Router &router)
{
    auto bind = [this](Response (BillingRoutes::*method)(const Request &)) {
        return [this, method](const Request &r) { return (this->*method)(r); };
    };
    router.add("GET", u"/api/v1/accounts/{id}/invoices"_s, bind(&BillingRoutes::invoices));
    router.add("GET", u"/api/v1/accounts/{id}/invoices/{invoiceId}"_s, bind(&BillingRoutes::invoice));
    router.add("GET", u"/api/v1/accounts/{id}/tax-invoices"_s, bind(&BillingRoutes::taxInvoices));
    router.add("GET", u"/api/v1/accounts/{id}/payments"_s, bind(&BillingRoutes::payments));
    router.add("GET", u"/api/v1/accounts/{id}/turnover"_s, bind(&BillingRoutes::turnover));
    router.add("GET", u"/api/v1/accounts/{id}/tariffs"_s, bind(&BillingRoutes::tariffs));
    router.add("POST", u"/api/v1/accounts/{id}/calculate"_s, bind(&BillingRoutes::calculate));
    router.add("POST", u"/api/v1/payments"_s, bind(&BillingRoutes::registerPayment));
    router.add("POST", u"/api/v1/accounts/{id}/services-invoices"_s, bind(&BillingRoutes::issueServices));
    router.add("POST", u"/api/v1/bill-runs"_s, bind(&BillingRoutes::startBillRun));
    router.add("GET", u"/api/v1/bill-runs/{id}"_s, bind(&BillingRoutes::billRun));
    router.add("POST", u"/api/v1/bill-runs/{id}/cancel"_s, bind(&BillingRoutes::cancelBillRun));
    router.add("POST", u"/api/v1/bill-runs/{id}/resume"_s, bind(&BillingRoutes::resumeBillRun));
}

// The account of the path if the caller may see it; else the 404 to answer.
#define OBLIK_BILLING_ACCOUNT(request, user, account)                                                        \
    auto user = m_authenticate(request);                                                                     \
    if (!user)                                                                                               \
        return failure(user.error());                                                                        \
    const auto accountId_ = positiveId(request.params.value(u"id"_s));                                       \
    if (!accountId_)                                                                                         \
        return Response::problem(problems::notFound());                                                      \
    auto found_ = visibleAccount(*m_db, user.value(), *accountId_);                                          \
    if (!found_)                                                                                             \
        return failure(found_.error());                                                                      \
    if (!found_.value())                                                                                     \
        return Response::problem(problems::notFound());                                                      \
    const VisibleAccount account = *found_.value();

Response BillingRoutes::invoices(const Request &request)
{
    OBLIK_BILLING_ACCOUNT(request, user, account)
    std::optional<Period> period;
    const QString text = request.query.queryItemValue(u"period"_s, QUrl::FullyDecoded);
    if (!text.isEmpty()) {
        auto p = Period::parse(text);
        if (!p)
            return failure(problems::invalidFieldError(u"period"_s, problems::kMonthForm, text));
        period = p.value();
    }
    auto list = store::LedgerRepository(*m_db).invoices(account.id, period);
    if (!list)
        return failure(list.error());
    QJsonArray items;
    for (const store::StoredInvoice &i : list.value())
        items.append(invoiceJson(i));
    return Response::json({{u"items"_s, items}});
}

Response BillingRoutes::invoice(const Request &request)
{
    OBLIK_BILLING_ACCOUNT(request, user, account)
    const auto invoiceId = positiveId(request.params.value(u"invoiceId"_s));
    if (!invoiceId)
        return Response::problem(problems::notFound());
    auto found = store::LedgerRepository(*m_db).invoice(account.id, *invoiceId);
    if (!found)
        return failure(found.error());
    if (!found.value())
        return Response::problem(problems::notFound());
    QJsonObject o = invoiceWithLines(*found.value());
    // Documents issued without a calculation (a planned advance, services) have no breakdown.
    if (found.value()->calculationId == 0)
        return Response::json(o);
    // The breakdown is not stored: it is recomputed from the period's readings and the parameters in
    // force now, and left out when that calculation fails (readings or a parameter gone since).
    auto breakdowns = calc::recomputeBreakdowns(*m_db, {account.id}, found.value()->period);
    if (breakdowns && breakdowns.value().contains(account.id))
        o.insert(u"breakdown"_s, breakdownJson(breakdowns.value().value(account.id)));
    return Response::json(o);
}

Response BillingRoutes::taxInvoices(const Request &request)
{
    OBLIK_BILLING_ACCOUNT(request, user, account)
    auto list = store::LedgerRepository(*m_db).taxInvoices(account.id);
    if (!list)
        return failure(list.error());
    QJsonArray items;
    for (const store::StoredTaxInvoice &t : list.value())
        items.append(QJsonObject{{u"id"_s, t.id},
                                 {u"number"_s, t.number},
                                 {u"date"_s, date(t.date)},
                                 {u"net"_s, t.net.toString()},
                                 {u"vat"_s, t.vat.toString()},
                                 {u"amount"_s, t.gross.toString()},
                                 {u"invoice_id"_s, t.invoiceId},
                                 {u"corrects"_s, t.correctsTaxInvoiceId > 0 ? QJsonValue(t.correctsNumber)
                                                                            : QJsonValue(QJsonValue::Null)},
                                 {u"corrects_tax_invoice_id"_s, idOrNull(t.correctsTaxInvoiceId)}});
    return Response::json({{u"items"_s, items}});
}

Response BillingRoutes::payments(const Request &request)
{
    OBLIK_BILLING_ACCOUNT(request, user, account)
    auto list = store::LedgerRepository(*m_db).payments(account.id);
    if (!list)
        return failure(list.error());
    QJsonArray items;
    for (const store::StoredPayment &p : list.value())
        items.append(paymentJson(p));
    return Response::json({{u"items"_s, items}});
}

Response BillingRoutes::turnover(const Request &request)
{
    OBLIK_BILLING_ACCOUNT(request, user, account)
    const QString text = request.query.queryItemValue(u"period"_s, QUrl::FullyDecoded);
    if (text.isEmpty())
        return failure(Error::make(u"request.missing_field"_s, u"period"_s));
    auto period = Period::parse(text);
    if (!period)
        return failure(problems::invalidFieldError(u"period"_s, problems::kMonthForm, text));
    auto rows = store::LedgerRepository(*m_db).turnover(account.id, period.value());
    if (!rows)
        return failure(rows.error());
    QJsonArray items;
    for (const billing::TurnoverRow &r : rows.value())
        items.append(QJsonObject{{u"article"_s, billing::toString(r.article)},
                                 {u"opening_debit"_s, r.openingDebit.toString()},
                                 {u"opening_credit"_s, r.openingCredit.toString()},
                                 {u"charged"_s, r.charged.toString()},
                                 {u"paid"_s, r.paid.toString()},
                                 {u"closing_debit"_s, r.closingDebit.toString()},
                                 {u"closing_credit"_s, r.closingCredit.toString()}});
    return Response::json({{u"period"_s, period.value().toString()}, {u"items"_s, items}});
}

Response BillingRoutes::tariffs(const Request &request)
{
    OBLIK_BILLING_ACCOUNT(request, user, account)
    store::LedgerRepository ledger(*m_db);
    auto rows = ledger.parameterRows(account.supplier, account.consumerClass);
    if (!rows)
        return failure(rows.error());
    auto limits = ledger.limitRows(account.contract);
    if (!limits)
        return failure(limits.error());
    const auto periodOrNull = [](const std::optional<Period> &p) {
        return p ? QJsonValue(p->toString()) : QJsonValue(QJsonValue::Null);
    };
    QJsonArray items;
    for (const store::ParameterRow &r : rows.value())
        items.append(QJsonObject{{u"parameter"_s, r.parameter},
                                 {u"key"_s, r.key},
                                 {u"value"_s, r.value},
                                 {u"valid_from"_s, r.validFrom.toString()},
                                 {u"valid_to"_s, periodOrNull(r.validTo)}});
    QJsonArray limitItems;
    for (const store::LimitRow &l : limits.value())
        limitItems.append(QJsonObject{{u"monthly_energy"_s, l.monthlyEnergy.toString()},
                                      {u"power_kw"_s, kw(l.powerW)},
                                      {u"valid_from"_s, l.validFrom.toString()},
                                      {u"valid_to"_s, periodOrNull(l.validTo)}});
    return Response::json(
        {{u"consumer_class"_s, account.consumerClass}, {u"items"_s, items}, {u"limits"_s, limitItems}});
}

Response BillingRoutes::calculate(const Request &request)
{
    OBLIK_BILLING_ACCOUNT(request, user, account)
    const bool consumer = user.value().role == domain::Role::Consumer;
    // Checked first, so a consumer without the right learns nothing else (missing readings, parameters).
    if (consumer && !account.selfCalculation)
        return failure(Error::make(u"calc.self_not_allowed"_s));
    auto key = idempotencyKey(request);
    if (!key)
        return failure(key.error());
    auto body = smallBody(request);
    if (!body)
        return failure(body.error());
    auto period = bodyPeriod(body.value());
    if (!period)
        return failure(period.error());
    const UserId by = user.value().id;
    const billing::Requester requester = consumer ? billing::Requester::Consumer : billing::Requester::Clerk;
    auto answer = store::runIdempotent(
        *m_db, by, key.value(), requestHash(request), QDateTime::currentMSecsSinceEpoch(),
        [&]() -> Result<store::StoredAnswer> {
            auto outcome = m_service->calculateInTransaction(account.id, period.value(), requester, by);
            if (!outcome)
                return outcome.error();
            QJsonArray invoices, corrections;
            for (const store::StoredInvoice &i : outcome.value().invoices)
                invoices.append(invoiceWithLines(i));
            for (const store::StoredInvoice &i : outcome.value().corrections)
                corrections.append(invoiceWithLines(i));
            const QJsonObject o{{u"calculation_id"_s, idOrNull(outcome.value().calculationId)},
                                {u"period"_s, period.value().toString()},
                                {u"invoices"_s, invoices},
                                {u"corrections"_s, corrections},
                                {u"breakdown"_s, breakdownJson(outcome.value().breakdown)}};
            store::StoredAnswer a;
            a.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
            return a;
        });
    if (!answer)
        return failure(answer.error());
    return fromStored(answer.value());
}

Response BillingRoutes::registerPayment(const Request &request)
{
    auto user = m_authenticate(request);
    if (!user)
        return failure(user.error());
    if (user.value().role == domain::Role::Consumer)
        return Response::problem(problems::notFound());
    auto key = idempotencyKey(request);
    if (!key)
        return failure(key.error());
    auto body = smallBody(request);
    if (!body)
        return failure(body.error());
    const QJsonObject &o = body.value();
    const QJsonValue accountValue = o.value(u"account_id"_s);
    if (accountValue.isUndefined() || accountValue.isNull())
        return failure(Error::make(u"request.missing_field"_s, u"account_id"_s));
    const qint64 accountNumber = accountValue.toInteger(-1);
    if (accountNumber <= 0)
        return failure(Error::make(u"request.invalid_field"_s, u"account_id"_s));
    auto found = visibleAccount(*m_db, user.value(), accountNumber);
    if (!found)
        return failure(found.error());
    if (!found.value())
        return Response::problem(problems::notFound());

    store::PaymentWrite w;
    w.account = found.value()->id;
    w.registeredBy = user.value().id;
    const QJsonValue article = o.value(u"article"_s);
    if (!article.isUndefined() && !article.isNull()) {
        const auto a = billing::articleFromString(article.toString());
        if (!a)
            return failure(Error::make(u"request.invalid_field"_s, u"article"_s));
        w.article = *a;
    }
    const QJsonValue amount = o.value(u"amount"_s);
    if (amount.isUndefined() || amount.isNull())
        return failure(Error::make(u"request.missing_field"_s, u"amount"_s));
    auto money =
        amount.isString() ? Money::parse(amount.toString()) : Result<Money>(Error::make(u"money.invalid"_s));
    if (!money)
        return failure(problems::invalidFieldError(u"amount"_s, problems::kAmountForm, valueText(amount)));
    w.amount = money.value();
    const QJsonValue paidOn = o.value(u"paid_on"_s);
    if (paidOn.isUndefined() || paidOn.isNull())
        return failure(Error::make(u"request.missing_field"_s, u"paid_on"_s));
    w.paidOn = QDate::fromString(paidOn.toString(), Qt::ISODate);
    if (!w.paidOn.isValid() || paidOn.toString().size() != 10)
        return failure(problems::invalidFieldError(u"paid_on"_s, problems::kDateForm, valueText(paidOn)));
    const auto text = [&o](const QString &name, int max, QString *out) -> Error {
        const QJsonValue v = o.value(name);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isString() || v.toString().size() > max)
            return Error::make(u"request.invalid_field"_s, name);
        *out = v.toString();
        return {};
    };
    for (const auto &[name, max, out] :
         {std::tuple{u"bank"_s, 200, &w.bank}, std::tuple{u"mfo"_s, 20, &w.mfo},
          std::tuple{u"purpose"_s, 500, &w.purpose}}) {
        if (Error e = text(name, max, out); !e.isNull())
            return failure(e);
    }
    auto answer =
        store::runIdempotent(*m_db, user.value().id, key.value(), requestHash(request),
                             QDateTime::currentMSecsSinceEpoch(), [&]() -> Result<store::StoredAnswer> {
                                 auto stored = m_service->registerPaymentInTransaction(w);
                                 if (!stored)
                                     return stored.error();
                                 store::StoredAnswer a;
                                 a.body =
                                     QJsonDocument(QJsonObject{{u"payment"_s, paymentJson(stored.value())}})
                                         .toJson(QJsonDocument::Compact);
                                 return a;
                             });
    if (!answer)
        return failure(answer.error());
    return fromStored(answer.value());
}

Response BillingRoutes::issueServices(const Request &request)
{
    OBLIK_BILLING_ACCOUNT(request, user, account)
    // Clerks and administrators issue services invoices; a consumer learns nothing of the route.
    if (user.value().role == domain::Role::Consumer)
        return Response::problem(problems::notFound());
    auto key = idempotencyKey(request);
    if (!key)
        return failure(key.error());
    auto body = smallBody(request, kMaxServicesBodyBytes);
    if (!body)
        return failure(body.error());
    auto period = bodyPeriod(body.value());
    if (!period)
        return failure(period.error());
    const QJsonValue linesValue = body.value().value(u"lines"_s);
    if (linesValue.isUndefined() || linesValue.isNull())
        return failure(Error::make(u"request.missing_field"_s, u"lines"_s));
    if (!linesValue.isArray())
        return failure(Error::make(u"request.invalid_field"_s, u"lines"_s));
    const QJsonArray array = linesValue.toArray();
    if (array.isEmpty() || array.size() > billing::kMaxServiceLines)
        return failure(
            Error::make(u"request.invalid_field"_s, u"lines"_s,
                        {u"items:%1"_s.arg(billing::kMaxServiceLines), QString::number(array.size())}));
    QList<billing::ServiceLine> lines;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString at = u"lines[%1]."_s.arg(i);
        if (!array.at(i).isObject())
            return failure(Error::make(u"request.invalid_field"_s, u"lines[%1]"_s.arg(i)));
        const QJsonObject o = array.at(i).toObject();
        billing::ServiceLine line;
        for (const char *name : {"description", "quantity", "price"}) {
            const QJsonValue v = o.value(QLatin1StringView(name));
            if (v.isUndefined() || v.isNull())
                return failure(Error::make(u"request.missing_field"_s, at + QLatin1StringView(name)));
        }
        const QJsonValue description = o.value(u"description"_s);
        if (!description.isString())
            return failure(Error::make(u"request.invalid_field"_s, at + u"description"_s));
        line.description = description.toString();
        const QJsonValue quantity = o.value(u"quantity"_s);
        auto q = quantity.isString() ? Energy::parse(quantity.toString())
                                     : Result<Energy>(Error::make(u"energy.invalid"_s));
        if (!q)
            return failure(problems::invalidFieldError(at + u"quantity"_s, problems::kQuantityForm,
                                                       valueText(quantity)));
        line.quantity = q.value();
        const QJsonValue price = o.value(u"price"_s);
        auto p = price.isString() ? Money::parse(price.toString())
                                  : Result<Money>(Error::make(u"money.invalid"_s));
        if (!p)
            return failure(
                problems::invalidFieldError(at + u"price"_s, problems::kAmountForm, valueText(price)));
        line.price = p.value();
        lines.append(line);
    }
    auto answer = store::runIdempotent(
        *m_db, user.value().id, key.value(), requestHash(request), QDateTime::currentMSecsSinceEpoch(),
        [&]() -> Result<store::StoredAnswer> {
            auto issued = m_service->issueServicesInTransaction(account.id, account.district,
                                                                account.supplier, period.value(), lines);
            if (!issued)
                return issued.error();
            store::StoredAnswer a;
            a.status = 201;
            a.body = QJsonDocument(QJsonObject{{u"invoice"_s, invoiceWithLines(issued.value())}})
                         .toJson(QJsonDocument::Compact);
            return a;
        });
    if (!answer)
        return failure(answer.error());
    return fromStored(answer.value());
}

Response BillingRoutes::startBillRun(const Request &request)
{
    auto user = m_authenticate(request);
    if (!user)
        return failure(user.error());
    const domain::User &u = user.value();
    if (u.role == domain::Role::Consumer)
        return Response::problem(problems::notFound());
    auto body = smallBody(request);
    if (!body)
        return failure(body.error());
    auto period = bodyPeriod(body.value());
    if (!period)
        return failure(period.error());
    std::optional<DistrictId> district;
    const QJsonValue d = body.value().value(u"district_id"_s);
    if (!d.isUndefined() && !d.isNull()) {
        const qint64 id = d.toInteger(-1);
        if (id <= 0)
            return failure(Error::make(u"request.invalid_field"_s, u"district_id"_s));
        district = DistrictId(id);
    }
    calc::BillRunKind kind = calc::BillRunKind::Calculation;
    const QJsonValue k = body.value().value(u"kind"_s);
    if (!k.isUndefined() && !k.isNull()) {
        const auto parsed = calc::billRunKindFromString(k.toString());
        if (!k.isString() || !parsed)
            return failure(problems::invalidFieldError(u"kind"_s, u"calculation | advance"_s, valueText(k)));
        kind = *parsed;
    }
    SupplierId supplier;
    if (u.role == domain::Role::Clerk) {
        // A clerk runs its own district only.
        if (!u.district || (district && *district != u.district->id))
            return Response::problem(problems::notFound());
        district = u.district->id;
        supplier = u.district->supplierId;
    } else {
        if (!u.supplier)
            return Response::problem(problems::notFound());
        supplier = u.supplier->id;
        if (district) {
            auto of = supplierOfDistrict(*m_db, district->value());
            if (!of)
                return failure(of.error());
            if (!of.value() || *of.value() != supplier)
                return Response::problem(problems::notFound());
        }
    }
    auto id = m_service->startBillRun(supplier, district, period.value(), u.id, kind);
    if (!id)
        return failure(id.error());
    auto status = m_service->billRun(id.value());
    if (!status)
        return failure(status.error());
    if (!status.value())
        return Response::problem(problems::internal());
    return Response::json(billRunJson(*status.value(), false), 202);
}

// The run of the path if the caller may manage it; else the 404 to answer.
#define OBLIK_BILL_RUN(request, user, status)                                                                \
    auto user = m_authenticate(request);                                                                     \
    if (!user)                                                                                               \
        return failure(user.error());                                                                        \
    const auto runId_ = positiveId(request.params.value(u"id"_s));                                           \
    if (!runId_)                                                                                             \
        return Response::problem(problems::notFound());                                                      \
    auto status = m_service->billRun(*runId_);                                                               \
    if (!status)                                                                                             \
        return failure(status.error());                                                                      \
    if (!status.value() || !mayManageRun(user.value(), *status.value()))                                     \
        return Response::problem(problems::notFound());

Response BillingRoutes::billRun(const Request &request)
{
    OBLIK_BILL_RUN(request, user, status)
    return Response::json(billRunJson(*status.value(), true));
}

Response BillingRoutes::cancelBillRun(const Request &request)
{
    OBLIK_BILL_RUN(request, user, status)
    if (Error e = m_service->cancelBillRun(*runId_); !e.isNull())
        return failure(e);
    auto now = m_service->billRun(*runId_);
    if (!now || !now.value())
        return failure(now ? Error::make(u"not_found"_s) : now.error());
    return Response::json(billRunJson(*now.value(), false), 202);
}

Response BillingRoutes::resumeBillRun(const Request &request)
{
    OBLIK_BILL_RUN(request, user, status)
    if (Error e = m_service->resumeBillRun(*runId_); !e.isNull())
        return failure(e);
    auto now = m_service->billRun(*runId_);
    if (!now || !now.value())
        return failure(now ? Error::make(u"not_found"_s) : now.error());
    return Response::json(billRunJson(*now.value(), false), 202);
}

} // namespace oblik::http
