#pragma once
// The text a user reads for an Error: core's catalog, plus the few codes only the client makes.

#include "core/error.h"

namespace oblik::client {

QString errorText(const Error &error);

} // namespace oblik::client
