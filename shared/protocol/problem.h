#pragma once
// An RFC 9457 problem document (application/problem+json), the API's only error shape.

#include "core/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace oblik::protocol {

inline constexpr auto problemContentType = "application/problem+json";

struct Problem
{
    int status = 500;
    QString title;
    QString detail;
    QString code;
    QString field;
    // The error's arguments (Error::args), so a client fills the message of the code in its own
    // language (calc.parameter_missing: parameter, key, period). Written only when not empty.
    QStringList args;
    int retryAfterS = 0; // from the Retry-After header; not part of the JSON body

    // The problem for an Error: status given by the caller, title from the code, detail from the
    // error's detail or its (untranslated) message.
    static Problem fromError(int status, const Error &e);
    QJsonObject toJson() const;
    QByteArray toBytes() const;
    static std::optional<Problem> fromJson(const QByteArray &body);
    // The Error a client shows: the code, field and args, with the server's detail kept as detail
    // (without args, a Retry-After becomes the only argument, as auth.locked's message wants).
    Error toError() const;
};

} // namespace oblik::protocol
