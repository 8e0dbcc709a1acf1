#pragma once
// The problem+json answers of the API, one factory per contract code (docs/architecture.md), so the
// same situation always produces the same body (e.g. a wrong password and an unknown login).

#include "core/error.h"
#include "protocol/problem.h"

namespace oblik::http::problems {

protocol::Problem invalidCredentials();
protocol::Problem locked(int retryAfterS);
protocol::Problem unauthorized();
protocol::Problem malformedJson();
protocol::Problem missingField(const QString &field);
protocol::Problem invalidField(const QString &field);
// A value that is not written in the form a field needs: args {form, the value sent} (see
// invalidFieldError); the detail says the rule in words for the forms below.
protocol::Problem invalidField(const QString &field, const QStringList &args);
protocol::Problem tooLarge(qint64 maxBytes);
protocol::Problem notFound();
protocol::Problem methodNotAllowed(const QByteArray &method);
protocol::Problem internal();

// The forms a field can be required to have, named in request.invalid_field's first argument.
inline constexpr QStringView kMonthForm = u"YYYY-MM";   // a month: 2026-10 (month 01 to 12)
inline constexpr QStringView kDateForm = u"YYYY-MM-DD"; // a calendar date: 2026-10-05
inline constexpr QStringView kAmountForm = u"0.00";     // UAH with at most 2 decimals: 1238.88
inline constexpr QStringView kQuantityForm = u"0.000";  // a count with at most 3 decimals: 1.5

// request.invalid_field of `field` whose value is not of `form`: args {form, value} (the value cut
// to 64 characters), so the problem names the field, the rule and what was sent.
Error invalidFieldError(const QString &field, QStringView form, const QString &value);

// An Error from a lower layer as the problem a client may see: contract codes keep their meaning,
// anything else (database failures, bugs) becomes server.internal without leaking its detail.
protocol::Problem fromError(const Error &error);

} // namespace oblik::http::problems
