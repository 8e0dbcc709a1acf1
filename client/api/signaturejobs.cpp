#include "api/signaturejobs.h"

#include "protocol/problem.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {

QDateTime timeOf(const QJsonValue &v)
{
    return v.isString() ? QDateTime::fromString(v.toString(), Qt::ISODateWithMs) : QDateTime();
}

QStringList stringsOf(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &x : v.toArray())
        out.append(x.toString());
    return out;
}

} // namespace

QString signaturePath(AccountId account, const QString &docId, const QString &rest)
{
    return u"/accounts/%1/documents/%2/%3"_s.arg(account.value()).arg(docId, rest);
}

Result<ServerSignatures> serverSignaturesFromJson(const QByteArray &body)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (!doc.isObject())
        return Error::make(u"network.bad_response"_s, u"body"_s, {}, err.errorString());
    const QJsonObject o = doc.object();
    ServerSignatures s;
    s.document = o.value(u"document"_s).toString();
    s.sha256 = o.value(u"sha256"_s).toString();
    s.signatureStatus = o.value(u"signature_status"_s).toString();
    for (const QJsonValue &v : o.value(u"items"_s).toArray()) {
        const QJsonObject i = v.toObject();
        ServerSignature x;
        x.id = i.value(u"id"_s).toInteger();
        x.side = i.value(u"side"_s).toString();
        x.format = i.value(u"format"_s).toString();
        x.status = i.value(u"status"_s).toString();
        x.problems = stringsOf(i.value(u"problems"_s));
        const QJsonObject signer = i.value(u"signer"_s).toObject();
        x.signerName = signer.value(u"name"_s).toString();
        x.organization = signer.value(u"organization"_s).toString();
        x.taxId = signer.value(u"tax_id"_s).toString();
        x.serial = signer.value(u"serial"_s).toString();
        x.issuer = signer.value(u"issuer"_s).toString();
        x.notBefore = timeOf(signer.value(u"not_before"_s));
        x.notAfter = timeOf(signer.value(u"not_after"_s));
        x.signerSha256 = signer.value(u"sha256"_s).toString();
        x.chain = stringsOf(i.value(u"chain"_s));
        x.signingTime = timeOf(i.value(u"signing_time"_s));
        x.receivedAt = timeOf(i.value(u"received_at"_s));
        x.user = i.value(u"user"_s).toString();
        x.field = i.value(u"field"_s).toString();
        x.coveredLength = i.value(u"covered_length"_s).toInteger();
        x.coveredSha256 = i.value(u"covered_sha256"_s).toString();
        s.items.append(x);
    }
    return s;
}

void SignaturesJob::handleSuccess(int, const QByteArray &body)
{
    auto s = serverSignaturesFromJson(body);
    if (!s) {
        fail(s.error());
        return;
    }
    Q_EMIT finished(s.value());
}

void SignatureUploadJob::handleSuccess(int, const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QString status = o.value(u"signature_status"_s).toString();
    if (status.isEmpty())
        status = u"received"_s;
    Q_EMIT accepted(status, body);
}

bool SignatureUploadJob::handleProblem(int status, const QByteArray &body)
{
    if (status != 422)
        return false;
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QString code = o.value(u"code"_s).toString();
    if (!code.startsWith(u"signature."_s))
        return false;
    // "explanation" is already in the caller's language (Accept-Language); it may be a string or a
    // list of lines.
    QString explanation;
    const QJsonValue e = o.value(u"explanation"_s);
    if (e.isArray())
        explanation = stringsOf(e).join(u'\n');
    else
        explanation = e.toString();
    if (explanation.isEmpty())
        explanation = o.value(u"detail"_s).toString();
    if (explanation.isEmpty())
        explanation =
            protocol::Problem::fromJson(body) ? protocol::Problem::fromJson(body)->toError().message() : code;
    Q_EMIT rejected(code, explanation, stringsOf(o.value(u"problems"_s)));
    return true;
}

void PackageJob::handleSuccess(int, const QByteArray &body)
{
    QString name;
    const QString disposition = QString::fromUtf8(reply()->rawHeader("Content-Disposition"));
    static const QRegularExpression star(u"filename\\*=UTF-8''([^;]+)"_s,
                                         QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression plain(u"filename=\"?([^\";]+)\"?"_s,
                                          QRegularExpression::CaseInsensitiveOption);
    if (auto m = star.match(disposition); m.hasMatch())
        name = QUrl::fromPercentEncoding(m.captured(1).toUtf8());
    else if (auto m2 = plain.match(disposition); m2.hasMatch())
        name = m2.captured(1);
    Q_EMIT finished(body, name);
}

} // namespace oblik::client
