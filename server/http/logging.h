#pragma once
// The logging category of the HTTP server: one line per request, never a token or a password.

#include <QLoggingCategory>

namespace oblik::http {
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
} // namespace oblik::http
