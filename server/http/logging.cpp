#include "http/logging.h"

namespace oblik::http {
Q_LOGGING_CATEGORY(lcHttp, "oblik.server.http", QtInfoMsg)
} // namespace oblik::http
