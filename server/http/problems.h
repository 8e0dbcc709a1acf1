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
protocol::Problem tooLarge(qint64 maxBytes);
protocol::Problem notFound();
protocol::Problem methodNotAllowed(const QByteArray &method);
protocol::Problem internal();

// An Error from a lower layer as the problem a client may see: contract codes keep their meaning,
// anything else (database failures, bugs) becomes server.internal without leaking its detail.
protocol::Problem fromError(const Error &error);

} // namespace oblik::http::problems
