#pragma once
// The whole HTTPS API server behind one small interface, for `oblik-server serve` and tests.
// QtHttpServer stays an implementation detail of this library.

#include "core/clock.h"
#include "core/error.h"
#include "http/serveroptions.h"
#include "http/tlscredentials.h"

#include <QStringList>
#include <memory>

namespace oblik::store {
class Database;
}

namespace oblik::http {

class Server
{
public:
    Server(store::Database &db, const Clock &clock, ServerOptions options);
    ~Server();
    Server(const Server &) = delete;
    Server &operator=(const Server &) = delete;

    // Starts listening on options.address:options.port (0 picks a free port); returns the port.
    // Error server.listen_failed with the reason as detail.
    Result<quint16> listen(const TlsCredentials &tls);

    // The registered routes as "METHOD /pattern" lines.
    static QStringList routes();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace oblik::http
