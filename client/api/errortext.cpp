#include "api/errortext.h"

#include "core/errorcatalog.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace oblik::client {

QString errorText(const Error &error)
{
    if (error.isNull())
        return {};
    if (isKnownErrorCode(error.code()))
        return error.message();
    if (error.code() == u"network.tls_failed"_s)
        return QCoreApplication::translate("oblik::client::ApiClient",
                                           "A secure connection to the server could not be established.");
    if (error.code() == u"network.insecure_url"_s)
        return QCoreApplication::translate("oblik::client::ApiClient",
                                           "The server address must start with https://.");
    return error.message();
}

} // namespace oblik::client
