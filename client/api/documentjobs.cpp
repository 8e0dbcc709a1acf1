#include "api/documentjobs.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {
const auto kLanguageKey = u"documents/language"_s;

Error bad(const QString &field, const QString &why)
{
    return Error::make(u"network.bad_response"_s, field, {}, field + u": "_s + why);
}

Result<DocumentItem> itemFromJson(const QJsonObject &o)
{
    DocumentItem d;
    d.id = o.value(u"id"_s).toString();
    d.kind = o.value(u"kind"_s).toString();
    d.number = o.value(u"number"_s).toString();
    if (d.id.isEmpty() || d.kind.isEmpty())
        return bad(u"items.id"_s, u"missing"_s);
    const QString date = o.value(u"date"_s).toString();
    d.date = QDate::fromString(date, Qt::ISODate);
    if (!date.isEmpty() && !d.date.isValid())
        return bad(u"items.date"_s, u"not a date"_s);
    const auto period = Period::parse(o.value(u"period"_s).toString());
    if (!period)
        return bad(u"items.period"_s, u"not a period"_s);
    d.period = period.value();
    const QJsonValue amount = o.value(u"amount"_s);
    if (amount.isString()) {
        const auto m = Money::parse(amount.toString());
        if (!m)
            return bad(u"items.amount"_s, u"not an amount"_s);
        d.amount = m.value();
    } else if (!amount.isNull() && !amount.isUndefined()) {
        return bad(u"items.amount"_s, u"not an amount string"_s);
    }
    d.stored = o.value(u"stored"_s).toBool();
    d.sha256 = o.value(u"sha256"_s).toString().toLower();
    d.signatureStatus = o.value(u"signature_status"_s).toString();
    return d;
}
} // namespace

Result<QList<DocumentItem>> documentsFromJson(const QByteArray &body)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return bad(u"body"_s, err.error != QJsonParseError::NoError ? err.errorString() : u"not an object"_s);
    const QJsonValue items = doc.object().value(u"items"_s);
    if (!items.isArray())
        return bad(u"items"_s, u"not an array"_s);
    QList<DocumentItem> out;
    for (const QJsonValue &v : items.toArray()) {
        if (!v.isObject())
            return bad(u"items"_s, u"not an object"_s);
        auto item = itemFromJson(v.toObject());
        if (!item)
            return item.error();
        out.append(item.value());
    }
    return out;
}

DocumentRequest DocumentRequest::invoicePackage(qint64 invoiceId)
{
    DocumentRequest r;
    r.kind = Kind::InvoicePackage;
    r.id = invoiceId;
    return r;
}

DocumentRequest DocumentRequest::taxInvoice(qint64 taxInvoiceId)
{
    DocumentRequest r;
    r.kind = Kind::TaxInvoice;
    r.id = taxInvoiceId;
    return r;
}

DocumentRequest DocumentRequest::readingsAct(Period period, bool blank)
{
    DocumentRequest r;
    r.kind = Kind::ReadingsAct;
    r.period = period;
    r.blank = blank;
    return r;
}

DocumentRequest DocumentRequest::turnover(Period period)
{
    DocumentRequest r;
    r.kind = Kind::Turnover;
    r.period = period;
    return r;
}

DocumentRequest DocumentRequest::paymentHistory(QDate from, QDate to)
{
    DocumentRequest r;
    r.kind = Kind::PaymentHistory;
    r.from = from;
    r.to = to;
    return r;
}

std::optional<DocumentRequest> DocumentRequest::fromItemId(const QString &id)
{
    const qsizetype colon = id.indexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    const QString kind = id.left(colon);
    bool ok = false;
    const qint64 n = id.mid(colon + 1).toLongLong(&ok);
    if (!ok || n <= 0)
        return std::nullopt;
    if (kind == u"invoice_package"_s)
        return invoicePackage(n);
    if (kind == u"tax_invoice"_s)
        return taxInvoice(n);
    if (kind == u"readings_act"_s) {
        const Period p = Period::fromYyyymm(int(n));
        if (!p.isValid())
            return std::nullopt;
        return readingsAct(p, false);
    }
    return std::nullopt;
}

QString DocumentRequest::cacheId() const
{
    switch (kind) {
    case Kind::InvoicePackage:
        return u"invoice_package:%1"_s.arg(id);
    case Kind::TaxInvoice:
        return u"tax_invoice:%1"_s.arg(id);
    case Kind::ReadingsAct:
        return (blank ? u"readings_act_blank:%1"_s : u"readings_act:%1"_s).arg(period.yyyymm());
    case Kind::Turnover:
        return u"turnover:%1"_s.arg(period.yyyymm());
    case Kind::PaymentHistory:
        return u"payment_history:%1:%2"_s.arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate));
    }
    return {};
}

QString DocumentRequest::path(AccountId account) const
{
    const QString base = u"/accounts/%1/"_s.arg(account.value());
    switch (kind) {
    case Kind::InvoicePackage:
        return base + u"invoices/%1/document"_s.arg(id);
    case Kind::TaxInvoice:
        return base + u"tax-invoices/%1/document"_s.arg(id);
    case Kind::ReadingsAct:
        return base + u"readings-act"_s;
    case Kind::Turnover:
        return base + u"turnover/document"_s;
    case Kind::PaymentHistory:
        return base + u"payments/document"_s;
    }
    return base;
}

QUrlQuery DocumentRequest::query(const QString &lang) const
{
    QUrlQuery q;
    switch (kind) {
    case Kind::InvoicePackage:
    case Kind::TaxInvoice:
        break;
    case Kind::ReadingsAct:
        q.addQueryItem(u"period"_s, period.toString());
        q.addQueryItem(u"blank"_s, blank ? u"1"_s : u"0"_s);
        break;
    case Kind::Turnover:
        q.addQueryItem(u"period"_s, period.toString());
        break;
    case Kind::PaymentHistory:
        q.addQueryItem(u"from"_s, from.toString(Qt::ISODate));
        q.addQueryItem(u"to"_s, to.toString(Qt::ISODate));
        break;
    }
    if (!lang.isEmpty())
        q.addQueryItem(u"lang"_s, lang);
    return q;
}

QStringList documentLanguages()
{
    return {u"uk"_s, u"ru"_s};
}

QString documentLanguage()
{
    const QString lang = QSettings().value(kLanguageKey).toString();
    return documentLanguages().contains(lang) ? lang : u"uk"_s;
}

void setDocumentLanguage(const QString &lang)
{
    if (documentLanguages().contains(lang))
        QSettings().setValue(kLanguageKey, lang);
}

void DocumentsJob::handleSuccess(int, const QByteArray &body)
{
    auto list = documentsFromJson(body);
    if (!list) {
        fail(list.error());
        return;
    }
    Q_EMIT finished(list.value(), body);
}

void DocumentJob::handleSuccess(int, const QByteArray &body)
{
    // A proxy's HTML page or a truncated answer must not pass for the document.
    if (!body.startsWith("%PDF-")) {
        fail(bad(u"body"_s, u"not a PDF"_s));
        return;
    }
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    QString announced = QString::fromLatin1(reply()->rawHeader("X-Oblik-Sha256")).trimmed().toLower();
    if (announced.isEmpty()) {
        announced = QString::fromLatin1(reply()->rawHeader("ETag")).trimmed().toLower();
        announced.remove(u'"');
        if (announced.startsWith(u"w/"_s) || announced.size() != 64)
            announced.clear();
    }
    if (!announced.isEmpty() && announced != sha) {
        fail(bad(u"X-Oblik-Sha256"_s, u"the bytes do not match the announced sha256"_s));
        return;
    }
    // Content-Disposition: inline; filename="<number>.pdf"
    QString fileName;
    static const QRegularExpression re(u"filename=\"?([^\";]+)\"?"_s);
    const auto m = re.match(QString::fromUtf8(reply()->rawHeader("Content-Disposition")));
    if (m.hasMatch())
        fileName = m.captured(1).trimmed();
    // Only a name, never a path the server chose.
    fileName.replace(u'/', u'_').replace(u'\\', u'_');
    Q_EMIT finished(body, sha, fileName);
}

} // namespace oblik::client
