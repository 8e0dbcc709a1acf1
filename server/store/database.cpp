#include "store/database.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>
#include <QSqlError>
#include <QThread>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace oblik::store {

Q_LOGGING_CATEGORY(lcDatabase, "oblik.server.store")

namespace {

Error badUrl(const QString &detail)
{
    return Error::make(u"db.bad_url"_s, u"db"_s, {}, detail);
}

QString usage()
{
    return QCoreApplication::translate("oblik::store::DatabaseUrl",
                                       "use sqlite:PATH or postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME");
}

// Numbers threads for connection names: a QThread pointer can be reused after a thread ends, this
// serial cannot, so a new thread never picks up a dead thread's connection.
QAtomicInteger<quint64> g_nextThreadSerial{1};
QAtomicInteger<quint64> g_nextInstance{1};

quint64 threadSerial()
{
    thread_local const quint64 serial = g_nextThreadSerial.fetchAndAddRelaxed(1);
    return serial;
}

} // namespace

Result<DatabaseUrl> DatabaseUrl::parse(const QString &text)
{
    const QString url = text.trimmed();
    if (url.isEmpty())
        return badUrl(
            QCoreApplication::translate("oblik::store::DatabaseUrl", "the database URL is empty; %1")
                .arg(usage()));

    DatabaseUrl out;
    if (url.startsWith(u"sqlite:"_s, Qt::CaseInsensitive)) {
        QString path = url.mid(7);
        if (path.startsWith(u"//"_s)) // sqlite:///abs/path and sqlite://relative/path
            path = path.mid(2);
        if (path.isEmpty())
            return badUrl(QCoreApplication::translate("oblik::store::DatabaseUrl",
                                                      "the SQLite URL has no file path; %1")
                              .arg(usage()));
        if (path == u":memory:"_s)
            // Every thread has its own connection, and each in-memory connection its own database.
            return badUrl(QCoreApplication::translate("oblik::store::DatabaseUrl",
                                                      "an in-memory SQLite database cannot be shared "
                                                      "between connections; give a file path"));
        out.kind = SqlDialect::Kind::Sqlite;
        out.path = QFileInfo(path).absoluteFilePath();
        return out;
    }

    const qsizetype colon = url.indexOf(u':');
    const QString scheme = colon > 0 ? url.left(colon).toLower() : QString();
    if (scheme != u"postgresql"_s && scheme != u"postgres"_s) {
        if (scheme.isEmpty())
            return badUrl(
                QCoreApplication::translate("oblik::store::DatabaseUrl", "the database URL has no scheme; %1")
                    .arg(usage()));
        return badUrl(
            QCoreApplication::translate("oblik::store::DatabaseUrl", "unsupported database scheme \"%1\"; %2")
                .arg(scheme, usage()));
    }

    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || !url.mid(colon + 1).startsWith(u"//"_s))
        return badUrl(QCoreApplication::translate("oblik::store::DatabaseUrl",
                                                  "the PostgreSQL URL is malformed (%1); %2")
                          .arg(u.errorString().isEmpty() ? u"missing //"_s : u.errorString(), usage()));
    out.kind = SqlDialect::Kind::Postgres;
    out.user = u.userName(QUrl::FullyDecoded);
    out.password = u.password(QUrl::FullyDecoded);
    out.host = u.host(QUrl::FullyDecoded);
    QString name = u.path(QUrl::FullyDecoded);
    if (name.startsWith(u'/'))
        name = name.mid(1);
    out.name = name;
    if (out.user.isEmpty())
        return badUrl(QCoreApplication::translate("oblik::store::DatabaseUrl",
                                                  "the PostgreSQL URL has no user name; %1")
                          .arg(usage()));
    if (out.host.isEmpty())
        return badUrl(
            QCoreApplication::translate("oblik::store::DatabaseUrl", "the PostgreSQL URL has no host; %1")
                .arg(usage()));
    if (out.name.isEmpty() || out.name.contains(u'/'))
        return badUrl(QCoreApplication::translate("oblik::store::DatabaseUrl",
                                                  "the PostgreSQL URL has no database name (or more than "
                                                  "one path segment); %1")
                          .arg(usage()));
    if (u.hasQuery() || u.hasFragment())
        return badUrl(QCoreApplication::translate("oblik::store::DatabaseUrl",
                                                  "the PostgreSQL URL must not have query options or a "
                                                  "fragment; %1")
                          .arg(usage()));
    // QUrl reports an out-of-range port as invalid; -1 means none was given.
    const int port = u.port(-1);
    if (port == 0)
        return badUrl(QCoreApplication::translate("oblik::store::DatabaseUrl",
                                                  "the PostgreSQL port must be between 1 and 65535"));
    out.port = port > 0 ? port : 5432;
    return out;
}

QString DatabaseUrl::redacted() const
{
    if (kind == SqlDialect::Kind::Sqlite)
        return u"sqlite:"_s + path;
    QUrl u;
    u.setScheme(u"postgresql"_s);
    u.setUserName(user);
    u.setHost(host);
    u.setPort(port);
    u.setPath(u"/"_s + name);
    return u.toString();
}

struct Database::Private
{
    DatabaseUrl url;
    std::unique_ptr<SqlDialect> dialect;
    QString namePrefix;
    // Shared with the thread-finished handlers, which may run after this Database is gone.
    struct Names
    {
        QMutex mutex;
        QStringList names;
    };
    std::shared_ptr<Names> names = std::make_shared<Names>();
    std::unique_ptr<QObject> context = std::make_unique<QObject>();
};

Database::Database(DatabaseUrl url) : d(std::make_unique<Private>())
{
    d->url = std::move(url);
    d->dialect = SqlDialect::create(d->url.kind);
    d->namePrefix = u"oblik.store.%1"_s.arg(g_nextInstance.fetchAndAddRelaxed(1));
}

Database::~Database()
{
    d->context.reset(); // no thread-finished handler of ours runs from now on
    QStringList names;
    {
        QMutexLocker lock(&d->names->mutex);
        names.swap(d->names->names);
    }
    for (const QString &name : names)
        QSqlDatabase::removeDatabase(name); // closes it once the last handle is gone
}

Result<std::unique_ptr<Database>> Database::open(const QString &url)
{
    auto parsed = DatabaseUrl::parse(url);
    if (!parsed)
        return parsed.error();
    if (parsed.value().kind == SqlDialect::Kind::Sqlite) {
        const QFileInfo file(parsed.value().path);
        if (!QDir().mkpath(file.absolutePath()))
            return Error::make(
                u"db.open_failed"_s, u"db"_s, {},
                QCoreApplication::translate("oblik::store::Database", "cannot create the folder %1")
                    .arg(file.absolutePath()));
    }
    std::unique_ptr<Database> db(new Database(parsed.value()));
    auto conn = db->openConnection();
    if (!conn)
        return conn.error();
    return db;
}

Result<QSqlDatabase> Database::openConnection() const
{
    const QString name = u"%1.thread-%2.%3"_s.arg(d->namePrefix)
                             .arg(quintptr(QThread::currentThread()), 0, 16)
                             .arg(threadSerial());
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
        QSqlDatabase::removeDatabase(name);
    }

    Result<QSqlDatabase> result = [&]() -> Result<QSqlDatabase> {
        QSqlDatabase db = QSqlDatabase::addDatabase(d->dialect->driverName(), name);
        if (!db.isValid())
            return Error::make(
                u"db.open_failed"_s, u"db"_s, {},
                QCoreApplication::translate("oblik::store::Database", "the Qt SQL driver %1 is not available")
                    .arg(d->dialect->driverName()));
        if (d->url.kind == SqlDialect::Kind::Sqlite) {
            db.setDatabaseName(d->url.path);
            db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
        } else {
            db.setHostName(d->url.host);
            db.setPort(d->url.port);
            db.setUserName(d->url.user);
            db.setPassword(d->url.password);
            db.setDatabaseName(d->url.name);
            db.setConnectOptions(u"connect_timeout=10;application_name=oblik-server"_s);
        }
        if (!db.open())
            return Error::make(u"db.open_failed"_s, u"db"_s, {}, db.lastError().text());
        if (!d->dialect->configure(db))
            return Error::make(
                u"db.open_failed"_s, u"db"_s, {},
                QCoreApplication::translate("oblik::store::Database", "configuring the connection failed: %1")
                    .arg(db.lastError().text()));
        return db;
    }();
    if (!result) {
        QSqlDatabase::removeDatabase(name);
        qCWarning(lcDatabase) << "cannot open" << d->url.redacted() << ":" << result.error().detail();
        return result;
    }

    {
        QMutexLocker lock(&d->names->mutex);
        d->names->names.append(name);
    }
    // Drop the connection with its thread (worker threads come and go; the main thread never ends).
    QThread *thread = QThread::currentThread();
    const QCoreApplication *app = QCoreApplication::instance();
    if (app && thread != app->thread()) {
        std::weak_ptr<Private::Names> weak = d->names;
        QObject::connect(
            thread, &QThread::finished, d->context.get(),
            [weak, name]() {
                if (auto names = weak.lock()) {
                    QMutexLocker lock(&names->mutex);
                    names->names.removeAll(name);
                }
                QSqlDatabase::removeDatabase(name);
            },
            Qt::DirectConnection);
    }
    return result;
}

QSqlDatabase Database::connection() const
{
    auto db = openConnection();
    if (!db)
        return QSqlDatabase(); // invalid: every query on it fails
    return db.value();
}

const SqlDialect &Database::dialect() const
{
    return *d->dialect;
}

const DatabaseUrl &Database::url() const
{
    return d->url;
}

Transaction::Transaction(QSqlDatabase db) : m_db(std::move(db))
{
    m_done = !(m_db.isOpen() && SqlDialect::of(m_db).beginTransaction(m_db));
}

Transaction::~Transaction()
{
    if (!m_done)
        m_db.rollback();
}

bool Transaction::commit()
{
    if (m_done)
        return false;
    if (!m_db.commit())
        return false; // still not done: the destructor rolls back
    m_done = true;
    return true;
}

} // namespace oblik::store
