#include "http/problems.h"

#include <QCoreApplication>

namespace oblik::http::problems {

static protocol::Problem make(int status, const QString &title, const QString &code, const QString &detail,
                              const QString &field = {})
{
    protocol::Problem p;
    p.status = status;
    p.title = title;
    p.code = code;
    p.detail = detail;
    p.field = field;
    return p;
}

protocol::Problem invalidCredentials()
{
    return make(401, QCoreApplication::translate("oblik::http", "Unauthorized"),
                QStringLiteral("auth.invalid_credentials"),
                QCoreApplication::translate("oblik::http", "The login or the password is wrong."));
}

protocol::Problem locked(int retryAfterS)
{
    auto p = make(
        429, QCoreApplication::translate("oblik::http", "Too Many Requests"), QStringLiteral("auth.locked"),
        QCoreApplication::translate("oblik::http", "Too many failed logins. Try again in %n second(s).",
                                    nullptr, retryAfterS));
    p.retryAfterS = retryAfterS;
    return p;
}

protocol::Problem unauthorized()
{
    return make(401, QCoreApplication::translate("oblik::http", "Unauthorized"),
                QStringLiteral("auth.unauthorized"),
                QCoreApplication::translate("oblik::http",
                                            "Log in first: the session is missing, unknown or expired."));
}

protocol::Problem malformedJson()
{
    return make(400, QCoreApplication::translate("oblik::http", "Bad Request"),
                QStringLiteral("request.malformed_json"),
                QCoreApplication::translate("oblik::http", "The request body is not a JSON object."));
}

protocol::Problem missingField(const QString &field)
{
    return make(400, QCoreApplication::translate("oblik::http", "Bad Request"),
                QStringLiteral("request.missing_field"),
                QCoreApplication::translate("oblik::http", "The field \"%1\" is required.").arg(field),
                field);
}

protocol::Problem invalidField(const QString &field)
{
    return make(
        400, QCoreApplication::translate("oblik::http", "Bad Request"),
        QStringLiteral("request.invalid_field"),
        QCoreApplication::translate("oblik::http", "The field \"%1\" has an invalid value.").arg(field),
        field);
}

protocol::Problem invalidField(const QString &field, const QStringList &args)
{
    if (args.isEmpty())
        return invalidField(field);
    const QString &form = args.first();
    const QString value = args.value(1);
    QString detail;
    if (form == kMonthForm)
        detail = QCoreApplication::translate(
                     "oblik::http", "The field \"%1\" must be a month written YYYY-MM, with the month "
                                    "from 01 to 12 (for example 2026-10); \"%2\" is not.")
                     .arg(field, value);
    else if (form == kDateForm)
        detail = QCoreApplication::translate(
                     "oblik::http", "The field \"%1\" must be a date written YYYY-MM-DD (for example "
                                    "2026-10-05); \"%2\" is not.")
                     .arg(field, value);
    else if (form == kAmountForm)
        detail = QCoreApplication::translate(
                     "oblik::http", "The field \"%1\" must be an amount in UAH as a string with a dot "
                                    "and at most two decimals (for example \"1238.88\"); \"%2\" is not.")
                     .arg(field, value);
    else if (form == u"nonzero")
        detail = QCoreApplication::translate("oblik::http", "The field \"%1\" must not be zero.").arg(field);
    else if (form == u"positive")
        detail = QCoreApplication::translate("oblik::http",
                                             "The field \"%1\" must be greater than zero; \"%2\" is not.")
                     .arg(field, value);
    else if (form.startsWith(u"text:"))
        detail = QCoreApplication::translate("oblik::http",
                                             "The field \"%1\" must be a text of 1 to %2 characters.")
                     .arg(field, form.mid(5));
    else if (form.startsWith(u"not_after:"))
        detail =
            QCoreApplication::translate("oblik::http", "The field \"%1\" may not be after %2; \"%3\" is.")
                .arg(field, form.mid(10), value);
    else if (form.startsWith(u"max_amount:"))
        detail = QCoreApplication::translate(
                     "oblik::http", "The field \"%1\" gives an amount over %2 UAH (%3): check the quantity "
                                    "and the price.")
                     .arg(field, form.mid(11), value);
    else if (form.startsWith(u"items:"))
        detail =
            QCoreApplication::translate("oblik::http", "The field \"%1\" must hold 1 to %2 items; it has %3.")
                .arg(field, form.mid(6), value);
    else
        detail = QCoreApplication::translate("oblik::http",
                                             "The field \"%1\" must be written as %2; \"%3\" is not.")
                     .arg(field, form, value);
    protocol::Problem p = make(400, QCoreApplication::translate("oblik::http", "Bad Request"),
                               QStringLiteral("request.invalid_field"), detail, field);
    p.args = args;
    return p;
}

Error invalidFieldError(const QString &field, QStringView form, const QString &value)
{
    return Error::make(QStringLiteral("request.invalid_field"), field, {form.toString(), value.left(64)});
}

protocol::Problem tooLarge(qint64 maxBytes)
{
    return make(
        413, QCoreApplication::translate("oblik::http", "Payload Too Large"),
        QStringLiteral("request.too_large"),
        QCoreApplication::translate("oblik::http", "The request is larger than %1 bytes.").arg(maxBytes));
}

protocol::Problem notFound()
{
    return make(404, QCoreApplication::translate("oblik::http", "Not Found"), QStringLiteral("not_found"),
                QCoreApplication::translate("oblik::http", "Nothing was found at this address."));
}

protocol::Problem methodNotAllowed(const QByteArray &method)
{
    return make(405, QCoreApplication::translate("oblik::http", "Method Not Allowed"),
                QStringLiteral("method_not_allowed"),
                QCoreApplication::translate("oblik::http", "This address does not accept %1.")
                    .arg(QString::fromLatin1(method)));
}

protocol::Problem internal()
{
    return make(500, QCoreApplication::translate("oblik::http", "Internal Server Error"),
                QStringLiteral("server.internal"),
                QCoreApplication::translate("oblik::http", "The server could not answer. Try again later."));
}

protocol::Problem fromError(const Error &error)
{
    const QString &code = error.code();
    if (code == u"auth.invalid_credentials")
        return invalidCredentials();
    if (code == u"auth.locked")
        return locked(error.args().isEmpty() ? 1 : qMax(1, error.args().first().toInt()));
    if (code == u"auth.unauthorized")
        return unauthorized();
    if (code == u"request.malformed_json")
        return malformedJson();
    if (code == u"request.missing_field")
        return missingField(error.field());
    if (code == u"request.invalid_field")
        return invalidField(error.field(), error.args());
    if (code == u"not_found")
        return notFound();
    // The readings API (docs/readings-contract.md): the catalogue's text as detail, field kept.
    if (code == u"request.too_large")
        return protocol::Problem::fromError(413, error);
    if (code == u"period.closed" || code == u"reading.version_conflict" || code == u"readings.act_signed")
        return protocol::Problem::fromError(409, error);
    if (code == u"request.idempotency_mismatch" || code.startsWith(u"reading."))
        return protocol::Problem::fromError(422, error);
    return internal();
}

} // namespace oblik::http::problems
