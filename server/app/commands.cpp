#include "commands.h"

#include "signalwatcher.h"
#include "signingoptions.h"

#include "calc/billrun.h"
#include "calc/demobilling.h"
#include "calc/inputloader.h"
#include "core/clock.h"
#include "docs/documentservice.h"
#include "http/server.h"
#include "http/tlscredentials.h"
#include "store/database.h"
#include "store/demogenerator.h"
#include "store/documentrepository.h"
#include "store/holidayrepository.h"
#include "store/ledgerrepository.h"
#include "store/migrator.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QSaveFile>
#include <QSet>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTextStream>
#include <QThread>

#include <atomic>
#include <cstdio>
#include <limits>

namespace oblik::app {

namespace {

const QCommandLineOption &dbOption()
{
    static const QCommandLineOption o(
        QStringLiteral("db"),
        QCoreApplication::translate(
            "oblik-server", "The database: sqlite:PATH or postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME."),
        QStringLiteral("url"));
    return o;
}

QCommandLineOption valueOption(const QString &name, const char *description, const QString &valueName,
                               const QString &defaultValue = {})
{
    return QCommandLineOption(name, QCoreApplication::translate("oblik-server", description), valueName,
                              defaultValue);
}

// Opens the --db database; prints the problem and sets *status when it cannot.
std::unique_ptr<store::Database> openDatabase(const QCommandLineParser &parser, int *status)
{
    if (!parser.isSet(dbOption())) {
        printError(QCoreApplication::translate(
            "oblik-server", "--db URL is required (sqlite:PATH or postgresql://USER@HOST:PORT/NAME)"));
        *status = ExitUsage;
        return {};
    }
    const QString url = parser.value(dbOption());
    auto parsed = store::DatabaseUrl::parse(url);
    if (!parsed) {
        printError(
            QCoreApplication::translate("oblik-server", "invalid --db URL: %1")
                .arg(parsed.error().detail().isEmpty() ? parsed.error().message() : parsed.error().detail()));
        *status = ExitUsage;
        return {};
    }
    auto db = store::Database::open(url);
    if (!db) {
        printError(QCoreApplication::translate("oblik-server", "cannot open the database %1: %2")
                       .arg(parsed.value().redacted(), db.error().detail()));
        *status = ExitFailed;
        return {};
    }
    return std::move(db.value());
}

// A whole number option within [min, max].
bool numberOption(const QCommandLineParser &parser, const QString &name, qint64 min, qint64 max, qint64 *out)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const qint64 v = parser.value(name).toLongLong(&ok);
    if (!ok || v < min || v > max) {
        printError(QCoreApplication::translate("oblik-server", "--%1 must be a whole number from %2 to %3")
                       .arg(name)
                       .arg(min)
                       .arg(max));
        return false;
    }
    *out = v;
    return true;
}

int runMigrations(store::Database &db, bool verbose)
{
    store::Migrator migrator(db);
    auto before = migrator.currentVersion();
    if (!before) {
        printError(QCoreApplication::translate("oblik-server", "cannot read the schema version: %1")
                       .arg(before.error().detail()));
        return ExitFailed;
    }
    auto after = migrator.migrate();
    if (!after) {
        printError(
            QCoreApplication::translate("oblik-server", "migration failed: %1").arg(after.error().detail()));
        return ExitFailed;
    }
    if (verbose) {
        if (before.value() == after.value())
            printOut(
                QCoreApplication::translate("oblik-server", "The database is up to date (schema version %1).")
                    .arg(after.value()));
        else
            printOut(QCoreApplication::translate("oblik-server",
                                                 "Migrated the database from schema version %1 to %2.")
                         .arg(before.value())
                         .arg(after.value()));
    }
    return ExitOk;
}

int runInit(const QCommandLineParser &parser)
{
    int status = ExitOk;
    auto db = openDatabase(parser, &status);
    if (!db)
        return status;
    return runMigrations(*db, true);
}

int runMigrate(const QCommandLineParser &parser)
{
    return runInit(parser);
}

int runDemo(const QCommandLineParser &parser)
{
    qint64 accounts = store::DemoOptions{}.accounts;
    qint64 seed = store::DemoOptions{}.seed;
    qint64 bigAccounts = 0;
    qint64 bigPoints = store::DemoOptions{}.bigAccountPoints;
    qint64 extraPoints = 0;
    qint64 readingPeriods = 12;
    if (!numberOption(parser, QStringLiteral("accounts"), 5, 1'000'000, &accounts) ||
        !numberOption(parser, QStringLiteral("seed"), 0, 4294967295LL, &seed) ||
        !numberOption(parser, QStringLiteral("big-accounts"), 0, 10'000, &bigAccounts) ||
        !numberOption(parser, QStringLiteral("big-account-points"), 1, 100'000, &bigPoints) ||
        !numberOption(parser, QStringLiteral("extra-points"), 0, 20, &extraPoints) ||
        !numberOption(parser, QStringLiteral("reading-periods"), 1, 12, &readingPeriods))
        return ExitUsage;
    if (!parser.isSet(QStringLiteral("accounts")))
        accounts = std::max(accounts, 5 + bigAccounts);
    if (accounts < 5 + bigAccounts) {
        printError(
            QCoreApplication::translate("oblik-server", "--accounts must be at least 5 plus --big-accounts"));
        return ExitUsage;
    }
    int status = ExitOk;
    auto db = openDatabase(parser, &status);
    if (!db)
        return status;

    // Refuse before touching anything when the database already holds data.
    store::Migrator migrator(*db);
    auto version = migrator.currentVersion();
    if (!version) {
        printError(QCoreApplication::translate("oblik-server", "cannot read the schema version: %1")
                       .arg(version.error().detail()));
        return ExitFailed;
    }
    if (version.value() > 0) {
        auto hasData = migrator.hasData();
        if (!hasData) {
            printError(QCoreApplication::translate("oblik-server", "cannot inspect the database: %1")
                           .arg(hasData.error().detail()));
            return ExitFailed;
        }
        if (hasData.value()) {
            printError(QCoreApplication::translate(
                "oblik-server",
                "the database already holds data; demo fills only an empty database (nothing was changed)"));
            return ExitFailed;
        }
    }
    if (const int migrated = runMigrations(*db, false); migrated != ExitOk)
        return migrated;

    store::DemoOptions options;
    options.accounts = int(accounts);
    options.seed = quint32(seed);
    options.bigAccounts = int(bigAccounts);
    options.bigAccountPoints = int(bigPoints);
    options.extraHouseholdPoints = int(extraPoints);
    options.readingPeriods = int(readingPeriods);
    qint64 lastTenth = -1;
    options.progress = [&lastTenth](qint64 done, qint64 total) {
        const qint64 tenth = total > 0 ? done * 10 / total : 10;
        if (tenth != lastTenth) {
            lastTenth = tenth;
            QTextStream(stderr) << QCoreApplication::translate("oblik-server",
                                                               "demo: %1 of %2 accounts written")
                                       .arg(done)
                                       .arg(total)
                                << Qt::endl;
        }
    };
    store::DemoGenerator generator(*db, options);
    auto summary = generator.run();
    if (!summary) {
        if (summary.error().code() == u"demo.not_empty") {
            printError(QCoreApplication::translate(
                "oblik-server",
                "the database already holds data; demo fills only an empty database (nothing was changed)"));
        } else {
            printError(QCoreApplication::translate("oblik-server", "demo failed: %1")
                           .arg(summary.error().detail().isEmpty() ? summary.error().message()
                                                                   : summary.error().detail()));
        }
        return ExitFailed;
    }
    const store::DemoSummary &s = summary.value();
    // The 12 closed periods billed and paid, so a new user sees a real history. Benchmarks that make
    // large districts measure the bill run themselves: above kDemoBillingMaxAccounts (or with any of
    // the benchmark options) billing is left out unless --billing asks for it.
    constexpr qint64 kDemoBillingMaxAccounts = 5000;
    const bool billing =
        parser.isSet(QStringLiteral("billing")) ||
        (!parser.isSet(QStringLiteral("no-billing")) && accounts <= kDemoBillingMaxAccounts &&
         bigAccounts == 0 && extraPoints == 0 && readingPeriods == 12);
    if (billing) {
        auto billed = calc::billDemo(*db, options.today, options.seed, [](int done, int total) {
            QTextStream(stderr) << QCoreApplication::translate("oblik-server",
                                                               "demo: %1 of %2 periods billed")
                                       .arg(done)
                                       .arg(total)
                                << Qt::endl;
        });
        if (!billed) {
            printError(QCoreApplication::translate("oblik-server", "demo billing failed: %1")
                           .arg(billed.error().detail().isEmpty() ? billed.error().message()
                                                                  : billed.error().detail()));
            return ExitFailed;
        }
        const calc::DemoBillingSummary &b = billed.value();
        printOut(QCoreApplication::translate(
                     "oblik-server", "Demo billing: %1 periods, %2 invoices, %3 payments (%4 partial, %5 "
                                     "overpaid), %6 invoices unpaid, %7 account-periods failed.")
                     .arg(b.periods)
                     .arg(b.invoices)
                     .arg(b.payments)
                     .arg(b.partial)
                     .arg(b.overpaid)
                     .arg(b.unpaid)
                     .arg(b.failures));
        printOut(QCoreApplication::translate(
                     "oblik-server", "Demo documents without a calculation: %1 planned advance(s) for the "
                                     "current period, %2 services invoice(s).")
                     .arg(b.advances)
                     .arg(b.services));
    }
    printOut(
        QCoreApplication::translate(
            "oblik-server",
            "Demo district written: %1 consumers, %2 accounts, %3 metering points, %4 meters, %5 readings.")
            .arg(s.consumers)
            .arg(s.accounts)
            .arg(s.meteringPoints)
            .arg(s.meters)
            .arg(s.readings));
    printOut(QCoreApplication::translate("oblik-server", "Logins (password \"%1\" for all):")
                 .arg(options.password));
    QSqlQuery query(db->connection());
    query.setForwardOnly(true);
    if (query.exec(QStringLiteral("SELECT login, role, display_name FROM users ORDER BY id"))) {
        while (query.next()) {
            printOut(u"  " + query.value(0).toString().leftJustified(20) + u' ' +
                     query.value(1).toString().leftJustified(9) + u' ' + query.value(2).toString());
        }
    }
    return ExitOk;
}

bool parseListen(const QString &text, QHostAddress *address, quint16 *port, QString *host)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString h = text.left(colon);
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535)
        return false;
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    if (h == u"localhost") {
        *address = QHostAddress(QHostAddress::LocalHost);
    } else if (!address->setAddress(h)) {
        return false;
    }
    *port = quint16(p);
    *host = address->protocol() == QAbstractSocket::IPv6Protocol ? u'[' + h + u']' : h;
    return true;
}

QString defaultStateDir(const QString &dbUrl)
{
    auto parsed = store::DatabaseUrl::parse(dbUrl);
    if (parsed && parsed.value().kind == store::SqlDialect::Kind::Sqlite && !parsed.value().path.isEmpty() &&
        parsed.value().path != u":memory:")
        return QFileInfo(parsed.value().path).absoluteFilePath() + QStringLiteral(".dev-tls");
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/dev-tls");
}

int runServe(const QCommandLineParser &parser)
{
    http::ServerOptions options;
    QString host = QStringLiteral("127.0.0.1");
    if (parser.isSet(QStringLiteral("listen")) &&
        !parseListen(parser.value(QStringLiteral("listen")), &options.address, &options.port, &host)) {
        printError(QCoreApplication::translate(
            "oblik-server", "--listen must be HOST:PORT, e.g. 127.0.0.1:8443 (port 0 picks a free one)"));
        return ExitUsage;
    }
    qint64 lockoutAttempts = options.auth.lockoutAttempts;
    qint64 workers = options.workers;
    if (!numberOption(parser, QStringLiteral("max-body"), 1024, qint64(1) << 32, &options.maxBodyBytes) ||
        !numberOption(parser, QStringLiteral("workers"), 1, 256, &workers) ||
        !numberOption(parser, QStringLiteral("session-idle"), 1, 30LL * 24 * 3600,
                      &options.auth.sessionIdleS) ||
        !numberOption(parser, QStringLiteral("session-max"), 1, 365LL * 24 * 3600,
                      &options.auth.sessionMaxS) ||
        !numberOption(parser, QStringLiteral("lockout-attempts"), 1, 1000, &lockoutAttempts) ||
        !numberOption(parser, QStringLiteral("lockout-window"), 1, 30LL * 24 * 3600,
                      &options.auth.lockoutWindowS) ||
        !numberOption(parser, QStringLiteral("lockout-seconds"), 1, 30LL * 24 * 3600, &options.auth.lockoutS))
        return ExitUsage;
    options.auth.lockoutAttempts = int(lockoutAttempts);
    options.workers = int(workers);

    const bool hasCert = parser.isSet(QStringLiteral("cert"));
    const bool hasKey = parser.isSet(QStringLiteral("key"));
    if (hasCert != hasKey) {
        printError(QCoreApplication::translate("oblik-server", "--cert and --key go together"));
        return ExitUsage;
    }
    if (!parser.isSet(dbOption())) {
        printError(QCoreApplication::translate(
            "oblik-server", "--db URL is required (sqlite:PATH or postgresql://USER@HOST:PORT/NAME)"));
        return ExitUsage;
    }
    if (auto url = store::DatabaseUrl::parse(parser.value(dbOption())); !url) {
        printError(QCoreApplication::translate("oblik-server", "invalid --db URL: %1")
                       .arg(url.error().detail().isEmpty() ? url.error().message() : url.error().detail()));
        return ExitUsage;
    }

    http::TlsCredentials tls;
    if (hasCert) {
        auto loaded = http::TlsCredentials::load(parser.value(QStringLiteral("cert")),
                                                 parser.value(QStringLiteral("key")));
        if (!loaded) {
            printError(QCoreApplication::translate("oblik-server", "cannot use the TLS certificate: %1")
                           .arg(loaded.error().detail()));
            return ExitUsage;
        }
        tls = loaded.value();
    }

    int status = ExitOk;
    auto db = openDatabase(parser, &status);
    if (!db)
        return status;
    store::Migrator migrator(*db);
    auto version = migrator.currentVersion();
    if (!version) {
        printError(QCoreApplication::translate("oblik-server", "cannot read the schema version: %1")
                       .arg(version.error().detail()));
        return ExitFailed;
    }
    if (version.value() != migrator.latestVersion()) {
        printError(QCoreApplication::translate("oblik-server",
                                               "the database is at schema version %1, this server needs %2: "
                                               "run \"oblik-server migrate --db URL\" first")
                       .arg(version.value())
                       .arg(migrator.latestVersion()));
        return ExitFailed;
    }

    if (!hasCert) {
        const QString stateDir = parser.isSet(QStringLiteral("state-dir"))
                                     ? parser.value(QStringLiteral("state-dir"))
                                     : defaultStateDir(parser.value(dbOption()));
        auto made = http::TlsCredentials::development(stateDir);
        if (!made) {
            printError(
                QCoreApplication::translate("oblik-server", "cannot make a development certificate: %1")
                    .arg(made.error().detail()));
            return ExitFailed;
        }
        tls = made.value();
        QTextStream(stderr) << QCoreApplication::translate(
                                   "oblik-server",
                                   "Using a self-signed development certificate %1 (SHA-256 fingerprint %2). "
                                   "Clients must trust it explicitly.")
                                   .arg(QDir::toNativeSeparators(tls.certificatePath), tls.fingerprint())
                            << Qt::endl;
    }

    // The supplier's key (opened once: a wrong PIN stops here) and the trust settings (docs/signatures.md).
    if (!loadSigning(parser, true, &options.signer, &options.trust, &status))
        return status;

    http::Server server(*db, Clock::system(), options);
    auto port = server.listen(tls);
    if (!port) {
        printError(QCoreApplication::translate("oblik-server", "cannot listen on %1:%2: %3")
                       .arg(host)
                       .arg(options.port)
                       .arg(port.error().detail()));
        return ExitFailed;
    }
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, qApp, [](int) {
        QTextStream(stderr) << QCoreApplication::translate("oblik-server", "Shutting down.") << Qt::endl;
        QCoreApplication::quit();
    });
    // A machine-read line (scripts and tests wait for it), so never translated.
    printOut(QStringLiteral("listening on https://%1:%2").arg(host).arg(port.value()));
    return QCoreApplication::exec();
}

// holidays list | add DATE NAME... | remove DATE: the supplier's non-working days (besides weekends)
// that readings windows skip.
int runHolidays(const QCommandLineParser &parser)
{
    const QStringList args = parser.positionalArguments().mid(1);
    const QString action = args.value(0);
    const auto usage = [] {
        printError(QCoreApplication::translate(
            "oblik-server", "usage: holidays --db URL list | add YYYY-MM-DD NAME | remove YYYY-MM-DD"));
        return int(ExitUsage);
    };
    if (!((action == u"list" && args.size() == 1) || (action == u"add" && args.size() >= 3) ||
          (action == u"remove" && args.size() == 2)))
        return usage();
    QDate day;
    if (action != u"list") {
        day = QDate::fromString(args.at(1), Qt::ISODate);
        if (!day.isValid() || args.at(1).size() != 10) {
            printError(
                QCoreApplication::translate("oblik-server", "not a date YYYY-MM-DD: %1").arg(args.at(1)));
            return ExitUsage;
        }
    }
    qint64 supplierOption = 0;
    if (!numberOption(parser, QStringLiteral("supplier"), 1, std::numeric_limits<qint64>::max(),
                      &supplierOption))
        return ExitUsage;
    int status = ExitOk;
    auto db = openDatabase(parser, &status);
    if (!db)
        return status;
    store::Migrator migrator(*db);
    auto version = migrator.currentVersion();
    if (!version || version.value() < migrator.latestVersion()) {
        printError(QCoreApplication::translate(
            "oblik-server", "the database schema is not up to date; run oblik-server migrate first"));
        return ExitFailed;
    }
    store::HolidayRepository repo(*db);
    SupplierId supplier(supplierOption);
    if (!supplier.isValid()) {
        auto only = repo.onlySupplier();
        if (!only) {
            printError(only.error().detail());
            return ExitFailed;
        }
        if (!only.value()) {
            printError(QCoreApplication::translate(
                "oblik-server", "the database has no supplier or several: name one with --supplier ID"));
            return ExitUsage;
        }
        supplier = *only.value();
    }
    if (action == u"list") {
        auto days = repo.list(supplier);
        if (!days) {
            printError(days.error().detail());
            return ExitFailed;
        }
        for (const store::Holiday &h : days.value())
            printOut(h.day.toString(Qt::ISODate) + u' ' + h.name);
        return ExitOk;
    }
    if (action == u"add") {
        auto added = repo.add(supplier, {day, args.mid(2).join(u' ')});
        if (!added) {
            if (added.error().code() == u"holiday.exists")
                printError(QCoreApplication::translate("oblik-server", "%1 is already a holiday")
                               .arg(day.toString(Qt::ISODate)));
            else if (added.error().code() == u"request.invalid_field")
                printError(QCoreApplication::translate("oblik-server", "the holiday needs a name"));
            else
                printError(added.error().detail());
            return added.error().code() == u"request.invalid_field" ? ExitUsage : ExitFailed;
        }
        return ExitOk;
    }
    auto removed = repo.remove(supplier, day);
    if (!removed) {
        printError(removed.error().detail());
        return ExitFailed;
    }
    if (!removed.value()) {
        printError(QCoreApplication::translate("oblik-server", "%1 is not a holiday")
                       .arg(day.toString(Qt::ISODate)));
        return ExitFailed;
    }
    return ExitOk;
}

// The ledger check (docs/billing.md): exit 0 only when every document, posting and derived balance
// agrees; each problem is printed on its own line.
int runCheckLedger(const QCommandLineParser &parser)
{
    qint64 supplierOption = 0;
    if (!numberOption(parser, QStringLiteral("supplier"), 1, std::numeric_limits<qint64>::max(),
                      &supplierOption))
        return ExitUsage;
    int status = ExitOk;
    auto db = openDatabase(parser, &status);
    if (!db)
        return status;
    store::Migrator migrator(*db);
    auto version = migrator.currentVersion();
    if (!version || version.value() < migrator.latestVersion()) {
        printError(QCoreApplication::translate(
            "oblik-server", "the database schema is not up to date; run oblik-server migrate first"));
        return ExitFailed;
    }
    std::optional<SupplierId> supplier;
    if (supplierOption > 0)
        supplier = SupplierId(supplierOption);
    auto report = store::LedgerRepository(*db).check(supplier);
    if (!report) {
        printError(
            QCoreApplication::translate("oblik-server", "the ledger check failed: %1")
                .arg(report.error().detail().isEmpty() ? report.error().message() : report.error().detail()));
        return ExitFailed;
    }
    const store::LedgerCheckReport &r = report.value();
    printOut(QCoreApplication::translate("oblik-server",
                                         "Checked %1 accounts: %2 postings, %3 invoices, %4 payments.")
                 .arg(r.accounts)
                 .arg(r.postings)
                 .arg(r.invoices)
                 .arg(r.payments));
    for (const Error &e : r.problems)
        printOut(QCoreApplication::translate("oblik-server", "Problem: %1").arg(e.detail()));
    if (!r.ok()) {
        printError(QCoreApplication::translate("oblik-server", "the ledger does not agree: %n problem(s)",
                                               nullptr, int(r.problems.size())));
        return ExitFailed;
    }
    printOut(
        QCoreApplication::translate("oblik-server", "The ledger agrees with its documents and balances."));
    return ExitOk;
}

void printProgress(const QString &line)
{
    QTextStream(stderr) << line << Qt::endl;
}

// The supplier and district a bill run covers: --district CODE names a district (and so its
// supplier), --supplier ID a supplier; with neither, the database's only supplier.
bool billRunScope(store::Database &db, const QCommandLineParser &parser, SupplierId *supplier,
                  std::optional<DistrictId> *district)
{
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    qint64 supplierId = 0;
    if (!numberOption(parser, QStringLiteral("supplier"), 1, std::numeric_limits<qint64>::max(), &supplierId))
        return false;
    if (parser.isSet(QStringLiteral("district"))) {
        q.prepare(QStringLiteral("SELECT id, supplier_id FROM districts WHERE code = ?"));
        q.addBindValue(parser.value(QStringLiteral("district")));
        if (!q.exec() || !q.next()) {
            printError(QCoreApplication::translate("oblik-server", "there is no district with the code %1")
                           .arg(parser.value(QStringLiteral("district"))));
            return false;
        }
        *district = DistrictId(q.value(0).toLongLong());
        if (supplierId && supplierId != q.value(1).toLongLong()) {
            printError(
                QCoreApplication::translate("oblik-server", "the district %1 does not belong to supplier %2")
                    .arg(parser.value(QStringLiteral("district")))
                    .arg(supplierId));
            return false;
        }
        *supplier = SupplierId(q.value(1).toLongLong());
        return true;
    }
    if (supplierId) {
        q.prepare(QStringLiteral("SELECT id FROM suppliers WHERE id = ?"));
        q.addBindValue(supplierId);
        if (!q.exec() || !q.next()) {
            printError(
                QCoreApplication::translate("oblik-server", "there is no supplier %1").arg(supplierId));
            return false;
        }
        *supplier = SupplierId(supplierId);
        return true;
    }
    if (!q.exec(QStringLiteral("SELECT id FROM suppliers ORDER BY id LIMIT 2")) || !q.next()) {
        printError(QCoreApplication::translate("oblik-server", "the database has no supplier"));
        return false;
    }
    *supplier = SupplierId(q.value(0).toLongLong());
    if (q.next()) {
        printError(QCoreApplication::translate(
            "oblik-server", "the database has several suppliers: choose one with --supplier ID"));
        return false;
    }
    return true;
}

// bill-run: calculates every account of a district or supplier for a period (calc::BillRun), or with
// --advance issues the period's planned advances, resuming the unfinished run of the same scope and
// kind; Ctrl-C / SIGTERM stop it after the current chunk.
int runBillRun(const QCommandLineParser &parser)
{
    auto period = Period::parse(parser.value(QStringLiteral("period")));
    if (!parser.isSet(QStringLiteral("period")) || !period) {
        printError(QCoreApplication::translate("oblik-server", "--period YYYY-MM is required"));
        return ExitUsage;
    }
    qint64 chunk = calc::BillRunOptions{}.chunkAccounts;
    if (!numberOption(parser, QStringLiteral("chunk"), 1, 100'000, &chunk))
        return ExitUsage;
    int status = ExitOk;
    auto db = openDatabase(parser, &status);
    if (!db)
        return status;
    if (const int migrated = runMigrations(*db, false); migrated != ExitOk)
        return migrated;
    SupplierId supplier;
    std::optional<DistrictId> district;
    if (!billRunScope(*db, parser, &supplier, &district))
        return ExitUsage;

    const calc::BillRunKind kind =
        parser.isSet(QStringLiteral("advance")) ? calc::BillRunKind::Advance : calc::BillRunKind::Calculation;
    calc::BillRun billRun(*db);
    auto unfinished = billRun.unfinished(supplier, district, period.value(), kind);
    if (!unfinished) {
        printError(unfinished.error().detail());
        return ExitFailed;
    }
    qint64 runId = 0;
    if (unfinished.value()) {
        runId = *unfinished.value();
        auto before = billRun.status(runId);
        if (before && before.value())
            printProgress(QCoreApplication::translate("oblik-server",
                                                      "bill-run: resuming run %1 (%2 of %3 accounts done)")
                              .arg(runId)
                              .arg(before.value()->accountsDone + before.value()->accountsFailed)
                              .arg(before.value()->accountsTotal));
    } else {
        auto created = billRun.create(supplier, district, period.value(), {}, kind);
        if (!created) {
            printError(created.error().detail().isEmpty() ? created.error().message()
                                                          : created.error().detail());
            return ExitFailed;
        }
        runId = created.value();
        auto before = billRun.status(runId);
        printProgress(
            QCoreApplication::translate("oblik-server", "bill-run: run %1 started for %2, %3 accounts")
                .arg(runId)
                .arg(period.value().toString())
                .arg(before && before.value() ? before.value()->accountsTotal : 0));
    }

    std::atomic_bool cancel{false};
    calc::BillRunOptions options;
    options.chunkAccounts = int(chunk);
    options.cancel = &cancel;
    const char *progressText =
        kind == calc::BillRunKind::Advance
            ? QT_TRANSLATE_NOOP("oblik-server", "bill-run: %1 of %2 accounts (%3 failed), %4 advances")
            : QT_TRANSLATE_NOOP("oblik-server", "bill-run: %1 of %2 accounts (%3 failed), %4 invoices");
    options.progress = [progressText](const calc::BillRunStatus &s) {
        printProgress(QCoreApplication::translate("oblik-server", progressText)
                          .arg(s.accountsDone + s.accountsFailed)
                          .arg(s.accountsTotal)
                          .arg(s.accountsFailed)
                          .arg(s.invoices));
    };
    // The run blocks, so it runs on a thread of its own while this one's event loop hears signals.
    Result<calc::BillRunStatus> result = Error::make(QStringLiteral("db.query_failed"));
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, qApp, [&cancel](int) {
        if (!cancel.exchange(true))
            printProgress(
                QCoreApplication::translate("oblik-server", "bill-run: stopping after the current chunk..."));
    });
    QEventLoop loop;
    QThread *worker = QThread::create([&] { result = billRun.run(runId, options); });
    QObject::connect(worker, &QThread::finished, &loop, &QEventLoop::quit);
    worker->start();
    loop.exec();
    worker->wait();
    delete worker;

    if (!result) {
        printError(
            QCoreApplication::translate("oblik-server", "bill-run failed: %1")
                .arg(result.error().detail().isEmpty() ? result.error().message() : result.error().detail()));
        printError(QCoreApplication::translate(
            "oblik-server", "what was committed stays; run the same command again to resume"));
        return ExitFailed;
    }
    const calc::BillRunStatus &s = result.value();
    if (s.state == QStringLiteral("cancelled")) {
        printOut(QCoreApplication::translate(
                     "oblik-server", "Bill run %1 cancelled: %2 of %3 accounts done. Run the same command "
                                     "again to resume it.")
                     .arg(s.id)
                     .arg(s.accountsDone + s.accountsFailed)
                     .arg(s.accountsTotal));
    } else if (kind == calc::BillRunKind::Advance) {
        printOut(QCoreApplication::translate(
                     "oblik-server",
                     "Advance run %1 for %2 done: %3 accounts done, %4 failed, %5 planned advances issued.")
                     .arg(s.id)
                     .arg(s.period.toString())
                     .arg(s.accountsDone)
                     .arg(s.accountsFailed)
                     .arg(s.invoices));
    } else {
        printOut(QCoreApplication::translate(
                     "oblik-server", "Bill run %1 for %2 done: %3 accounts billed, %4 failed, %5 invoices.")
                     .arg(s.id)
                     .arg(s.period.toString())
                     .arg(s.accountsDone)
                     .arg(s.accountsFailed)
                     .arg(s.invoices));
    }
    for (const calc::BillRunFailure &f : s.failures) {
        // Machine-readable start (account number, code, args as JSON), then the message in words.
        printOut(QStringLiteral("  %1 %2 %3: %4")
                     .arg(f.accountNumber, f.error.code(),
                          QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(f.error.args()))
                                                .toJson(QJsonDocument::Compact)),
                          f.error.message()));
    }
    if (s.state == QStringLiteral("cancelled"))
        return ExitCancelled;
    return s.accountsFailed > 0 ? ExitFailed : ExitOk;
}

// ---- documents (docs/documents.md) ----

std::optional<documents::DocLanguage> languageOption(const QCommandLineParser &parser, bool *ok)
{
    *ok = true;
    if (!parser.isSet(QStringLiteral("lang")))
        return std::nullopt;
    const auto l = documents::docLanguageFromString(parser.value(QStringLiteral("lang")));
    if (!l) {
        printError(QCoreApplication::translate("oblik-server", "--lang must be uk or ru"));
        *ok = false;
    }
    return l;
}

QString errorText(const Error &e)
{
    return e.detail().isEmpty() ? e.message() : e.detail();
}

// The id and account of the row whose number is `number` (invoices and tax invoices), or nothing.
std::optional<std::pair<qint64, AccountId>> findByNumber(store::Database &db, const QString &sql,
                                                         const QString &number)
{
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    q.prepare(sql);
    q.addBindValue(number);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return std::pair<qint64, AccountId>(q.value(0).toLongLong(), AccountId(q.value(1).toLongLong()));
}

// document: one invoice package, tax invoice or readings act to a file; invoices and tax invoices (and
// a processed period's filled act) are stored like the API stores them, and the stored bytes are
// written when they exist.
int runDocument(const QCommandLineParser &parser)
{
    const bool invoice = parser.isSet(QStringLiteral("invoice"));
    const bool tax = parser.isSet(QStringLiteral("tax-invoice"));
    const bool act = parser.isSet(QStringLiteral("act"));
    if (int(invoice) + int(tax) + int(act) != 1) {
        printError(QCoreApplication::translate(
            "oblik-server",
            "name one document: --invoice NUMBER, --tax-invoice NUMBER or --act ACCOUNT_NUMBER"));
        return ExitUsage;
    }
    if (!parser.isSet(QStringLiteral("out"))) {
        printError(QCoreApplication::translate("oblik-server", "--out FILE.pdf is required"));
        return ExitUsage;
    }
    std::optional<Period> period;
    if (act) {
        auto p = Period::parse(parser.value(QStringLiteral("period")));
        if (!parser.isSet(QStringLiteral("period")) || !p) {
            printError(QCoreApplication::translate("oblik-server", "--act needs --period YYYY-MM"));
            return ExitUsage;
        }
        period = p.value();
    }
    bool languageOk = true;
    const auto language = languageOption(parser, &languageOk);
    if (!languageOk)
        return ExitUsage;
    int status = ExitOk;
    auto db = openDatabase(parser, &status);
    if (!db)
        return status;
    if (const int migrated = runMigrations(*db, false); migrated != ExitOk)
        return migrated;

    docs::DocumentService service(*db);
    Result<docs::IssuedDocument> issued = Error::make(QStringLiteral("document.not_found"));
    if (invoice || tax) {
        const QString number =
            parser.value(invoice ? QStringLiteral("invoice") : QStringLiteral("tax-invoice"));
        const auto found = findByNumber(
            *db,
            invoice ? QStringLiteral("SELECT id, account_id FROM invoices WHERE number = ? ORDER BY id")
                    : QStringLiteral("SELECT t.id, i.account_id FROM tax_invoices t JOIN invoices i "
                                     "ON i.id = t.invoice_id WHERE t.number = ? ORDER BY t.id"),
            number);
        if (!found) {
            printError(
                invoice
                    ? QCoreApplication::translate("oblik-server", "there is no invoice %1").arg(number)
                    : QCoreApplication::translate("oblik-server", "there is no tax invoice %1").arg(number));
            return ExitFailed;
        }
        auto one = invoice ? service.invoicePackage(found->second, found->first, language)
                           : service.taxInvoice(found->second, found->first, language);
        if (!one)
            issued = one.error();
        else if (one.value())
            issued = *one.value();
    } else {
        const QString number = parser.value(QStringLiteral("act"));
        QSqlQuery q(db->connection());
        q.prepare(QStringLiteral("SELECT id FROM accounts WHERE number = ?"));
        q.addBindValue(number);
        if (!q.exec() || !q.next()) {
            printError(QCoreApplication::translate("oblik-server", "there is no account %1").arg(number));
            return ExitFailed;
        }
        issued = service.readingsAct(AccountId(q.value(0).toLongLong()), *period,
                                     parser.isSet(QStringLiteral("blank")), language);
    }
    if (!issued) {
        printError(QCoreApplication::translate("oblik-server", "the document could not be made: %1")
                       .arg(errorText(issued.error())));
        return ExitFailed;
    }
    QSaveFile file(parser.value(QStringLiteral("out")));
    if (!file.open(QIODevice::WriteOnly) || file.write(issued.value().pdf) != issued.value().pdf.size() ||
        !file.commit()) {
        printError(QCoreApplication::translate("oblik-server", "cannot write %1: %2")
                       .arg(parser.value(QStringLiteral("out")), file.errorString()));
        return ExitFailed;
    }
    printOut(QCoreApplication::translate("oblik-server", "%1: %n page(s), SHA-256 %2 (%3).", nullptr,
                                         issued.value().pages)
                 .arg(parser.value(QStringLiteral("out")), issued.value().sha256,
                      issued.value().stored ? QCoreApplication::translate("oblik-server", "stored")
                                            : QCoreApplication::translate("oblik-server", "not stored")));
    return ExitOk;
}

// documents: every account's invoice packages, tax invoices and readings act of a period, chunk by chunk
// (memory does not grow with the accounts), rendered on --threads threads.
int runDocuments(const QCommandLineParser &parser)
{
    auto period = Period::parse(parser.value(QStringLiteral("period")));
    if (!parser.isSet(QStringLiteral("period")) || !period) {
        printError(QCoreApplication::translate("oblik-server", "--period YYYY-MM is required"));
        return ExitUsage;
    }
    bool languageOk = true;
    const auto language = languageOption(parser, &languageOk);
    if (!languageOk)
        return ExitUsage;
    qint64 threads = std::max(1, QThread::idealThreadCount());
    qint64 chunk = 200;
    if (!numberOption(parser, QStringLiteral("threads"), 1, 256, &threads) ||
        !numberOption(parser, QStringLiteral("chunk"), 1, 100'000, &chunk))
        return ExitUsage;
    QSet<QString> kinds; // store::toString(DocumentKind); empty: every kind
    for (const QString &k : parser.values(QStringLiteral("kind"))) {
        if (!store::documentKindFromString(k)) {
            printError(QCoreApplication::translate(
                "oblik-server", "--kind must be invoice_package, tax_invoice or readings_act"));
            return ExitUsage;
        }
        kinds.insert(k);
    }
    const auto wanted = [&kinds](store::DocumentKind k) {
        return kinds.isEmpty() || kinds.contains(store::toString(k));
    };
    const bool store = parser.isSet(QStringLiteral("store"));
    const QString outDir = parser.value(QStringLiteral("out"));
    if (!outDir.isEmpty() && !QDir().mkpath(outDir)) {
        printError(QCoreApplication::translate("oblik-server", "cannot create the folder %1").arg(outDir));
        return ExitFailed;
    }
    int status = ExitOk;
    auto db = openDatabase(parser, &status);
    if (!db)
        return status;
    if (const int migrated = runMigrations(*db, false); migrated != ExitOk)
        return migrated;
    SupplierId supplier;
    std::optional<DistrictId> district;
    if (!billRunScope(*db, parser, &supplier, &district))
        return ExitUsage;

    std::shared_ptr<const docs::DocumentSigner> signer; // --sign-key: documents signed as the API signs them
    if (std::shared_ptr<const crypto::TrustSettings> unused;
        !loadSigning(parser, false, &signer, &unused, &status))
        return status;

    calc::InputLoader loader(*db);
    auto total = loader.countAccounts(supplier, district);
    if (!total) {
        printError(errorText(total.error()));
        return ExitFailed;
    }
    QElapsedTimer timer;
    timer.start();
    docs::BatchCounts counts;
    QMutex mutex; // counts, the first error, the files
    Error failed;
    qint64 done = 0, after = 0;
    docs::DocumentSource source(*db);
    while (failed.isNull()) {
        auto ids = loader.accountIds(supplier, district, after, int(chunk));
        if (!ids) {
            failed = ids.error();
            break;
        }
        if (ids.value().isEmpty())
            break;
        after = ids.value().last().value();
        auto gathered = source.periodDocuments(ids.value(), period.value());
        if (!gathered) {
            failed = gathered.error();
            break;
        }
        QList<docs::PeriodDocuments> &items = gathered.value();
        for (docs::PeriodDocuments &d : items) {
            if (!wanted(store::DocumentKind::InvoicePackage))
                d.packages.clear();
            if (!wanted(store::DocumentKind::TaxInvoice))
                d.taxInvoices.clear();
            if (!wanted(store::DocumentKind::ReadingsAct))
                d.act.hasReadings = false;
        }
        // Each worker takes the next account of the chunk; each has its own database connection and its
        // own Renderer (docs::DocumentService keeps one per thread).
        std::atomic<qsizetype> next{0};
        const auto work = [&] {
            docs::DocumentService service(*db);
            service.setSigner(signer);
            for (qsizetype i = next++; i < items.size(); i = next++) {
                const auto sink = [&](store::DocumentKind kind, const QString &number,
                                      const docs::IssuedDocument &doc) {
                    if (outDir.isEmpty())
                        return;
                    QSaveFile file(QDir(outDir).filePath(store::toString(kind) + u'-' + number + u".pdf"));
                    if (!file.open(QIODevice::WriteOnly) || file.write(doc.pdf) != doc.pdf.size() ||
                        !file.commit()) {
                        QMutexLocker lock(&mutex);
                        if (failed.isNull())
                            failed = Error::make(QStringLiteral("document.write_failed"), {}, {},
                                                 file.errorString());
                    }
                };
                auto rendered = service.renderPeriod(items.at(i), language, store, sink);
                QMutexLocker lock(&mutex);
                if (!rendered) {
                    if (failed.isNull())
                        failed = rendered.error();
                    return;
                }
                counts.documents += rendered.value().documents;
                counts.pages += rendered.value().pages;
                counts.packages += rendered.value().packages;
                counts.taxInvoices += rendered.value().taxInvoices;
                counts.acts += rendered.value().acts;
                counts.reused += rendered.value().reused;
                if (!failed.isNull())
                    return;
            }
        };
        if (threads <= 1) {
            work();
        } else {
            QList<QThread *> workers;
            for (int t = 0; t < threads; ++t) {
                workers.append(QThread::create(work));
                workers.last()->start();
            }
            for (QThread *w : workers) {
                w->wait();
                delete w;
            }
        }
        done += ids.value().size();
        printProgress(
            QCoreApplication::translate("oblik-server", "documents: %1 of %2 accounts, %3 documents")
                .arg(done)
                .arg(total.value())
                .arg(counts.documents));
    }
    if (!failed.isNull()) {
        printError(
            QCoreApplication::translate("oblik-server", "documents failed: %1").arg(errorText(failed)));
        return ExitFailed;
    }
    // A machine-read line (scripts/bench reads it), so never translated.
    printOut(QStringLiteral("done: %1 documents, %2 pages in %3 s (%4 invoice packages, %5 tax invoices, %6 "
                            "readings acts, %7 already stored)")
                 .arg(counts.documents)
                 .arg(counts.pages)
                 .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1)
                 .arg(counts.packages)
                 .arg(counts.taxInvoices)
                 .arg(counts.acts)
                 .arg(counts.reused));
    return ExitOk;
}

int runRoutes(const QCommandLineParser &)
{
    for (const QString &route : http::Server::routes())
        printOut(route);
    return ExitOk;
}

} // namespace

void printError(const QString &message)
{
    // One line: driver messages may contain line breaks.
    QTextStream(stderr) << QCoreApplication::applicationName() << ": " << message.simplified() << Qt::endl;
}

void printOut(const QString &line)
{
    QTextStream(stdout) << line << Qt::endl; // endl flushes: tests and scripts read it at once
}

QList<Command> commands()
{
    const QCommandLineOption db = dbOption();
    return {
        {QStringLiteral("init"),
         QCoreApplication::translate("oblik-server",
                                     "Create the database (if needed) and bring its schema up to date."),
         {db},
         &runInit},
        {QStringLiteral("migrate"),
         QCoreApplication::translate("oblik-server", "Apply the schema migrations the database is missing."),
         {db},
         &runMigrate},
        {QStringLiteral("demo"),
         QCoreApplication::translate(
             "oblik-server",
             "Fill an empty database with a demo district (logins use the password \"oblik-demo\")."),
         {db,
          valueOption(QStringLiteral("accounts"),
                      QT_TRANSLATE_NOOP("oblik-server", "Personal accounts to create (default 60)."),
                      QStringLiteral("n")),
          valueOption(
              QStringLiteral("seed"),
              QT_TRANSLATE_NOOP("oblik-server", "Random seed: the same seed makes the same district."),
              QStringLiteral("s")),
          valueOption(QStringLiteral("big-accounts"),
                      QT_TRANSLATE_NOOP("oblik-server",
                                        "For benchmarks: extra accounts of one large business, each with its "
                                        "own login big-1, big-2, ... (default 0)."),
                      QStringLiteral("n")),
          valueOption(
              QStringLiteral("big-account-points"),
              QT_TRANSLATE_NOOP("oblik-server", "Metering points of each big account (default 10000)."),
              QStringLiteral("n")),
          valueOption(QStringLiteral("extra-points"),
                      QT_TRANSLATE_NOOP(
                          "oblik-server",
                          "For benchmarks: more single-zone metering points per household (default 0)."),
                      QStringLiteral("n")),
          valueOption(
              QStringLiteral("reading-periods"),
              QT_TRANSLATE_NOOP("oblik-server",
                                "For benchmarks: keep the readings of only the newest N of the 12 processed "
                                "periods (default 12)."),
              QStringLiteral("n")),
          QCommandLineOption(QStringLiteral("billing"),
                             QCoreApplication::translate(
                                 "oblik-server", "Bill the 12 closed periods and record payments even for "
                                                 "more than 5000 accounts or with the benchmark options.")),
          QCommandLineOption(QStringLiteral("no-billing"),
                             QCoreApplication::translate(
                                 "oblik-server", "Leave the demo unbilled (no invoices, no payments)."))},
         &runDemo},
        {QStringLiteral("serve"), QCoreApplication::translate("oblik-server", "Serve the HTTPS API."),
         QList<QCommandLineOption>{
             db,
             valueOption(
                 QStringLiteral("listen"),
                 QT_TRANSLATE_NOOP("oblik-server",
                                   "Address and port (default 127.0.0.1:8443; port 0 picks a free one)."),
                 QStringLiteral("host:port")),
             valueOption(
                 QStringLiteral("cert"),
                 QT_TRANSLATE_NOOP("oblik-server", "TLS certificate (PEM, leaf first, then intermediates)."),
                 QStringLiteral("file")),
             valueOption(QStringLiteral("key"),
                         QT_TRANSLATE_NOOP("oblik-server", "TLS private key (PEM, unencrypted)."),
                         QStringLiteral("file")),
             valueOption(QStringLiteral("state-dir"),
                         QT_TRANSLATE_NOOP("oblik-server",
                                           "Where the development certificate is kept (default: "
                                           "next to a SQLite file as <file>.dev-tls)."),
                         QStringLiteral("dir")),
             valueOption(QStringLiteral("workers"),
                         QT_TRANSLATE_NOOP("oblik-server",
                                           "Threads that run requests, each with a database connection "
                                           "(default: 4 per core, at least 8)."),
                         QStringLiteral("n")),
             valueOption(
                 QStringLiteral("max-body"),
                 QT_TRANSLATE_NOOP("oblik-server", "Largest request body in bytes (default 1048576)."),
                 QStringLiteral("bytes")),
             valueOption(
                 QStringLiteral("session-idle"),
                 QT_TRANSLATE_NOOP("oblik-server", "Seconds a session may stay unused (default 1800)."),
                 QStringLiteral("seconds")),
             valueOption(
                 QStringLiteral("session-max"),
                 QT_TRANSLATE_NOOP("oblik-server", "Seconds a session may live at most (default 43200)."),
                 QStringLiteral("seconds")),
             valueOption(
                 QStringLiteral("lockout-attempts"),
                 QT_TRANSLATE_NOOP("oblik-server", "Failed logins that lock a login name (default 5)."),
                 QStringLiteral("n")),
             valueOption(
                 QStringLiteral("lockout-window"),
                 QT_TRANSLATE_NOOP("oblik-server", "Seconds in which those failures count (default 900)."),
                 QStringLiteral("seconds")),
             valueOption(
                 QStringLiteral("lockout-seconds"),
                 QT_TRANSLATE_NOOP("oblik-server", "Seconds a locked login stays locked (default 900)."),
                 QStringLiteral("seconds"))} +
             signingOptions(true),
         &runServe},
        {QStringLiteral("holidays"),
         QCoreApplication::translate("oblik-server",
                                     "List, add or remove the public holidays that readings windows skip: "
                                     "holidays list | add YYYY-MM-DD NAME | remove YYYY-MM-DD."),
         {db, valueOption(QStringLiteral("supplier"),
                          QT_TRANSLATE_NOOP("oblik-server", "The supplier (default: the only one)."),
                          QStringLiteral("id"))},
         &runHolidays,
         1000},
        {QStringLiteral("check-ledger"),
         QCoreApplication::translate("oblik-server",
                                     "Check that the ledger agrees: invoices with their lines and postings, "
                                     "payments with their postings and allocations, and the turnover "
                                     "statement with the postings. Exit status 0 only when it agrees."),
         {db, valueOption(QStringLiteral("supplier"),
                          QT_TRANSLATE_NOOP("oblik-server", "Only this supplier's accounts (default: all)."),
                          QStringLiteral("id"))},
         &runCheckLedger},
        {QStringLiteral("bill-run"),
         QCoreApplication::translate(
             "oblik-server",
             "Calculate every account of a district or a supplier for a period and issue the invoices; "
             "Ctrl-C stops after the current chunk, and running it again resumes."),
         {db,
          valueOption(QStringLiteral("period"), QT_TRANSLATE_NOOP("oblik-server", "The period to bill."),
                      QStringLiteral("YYYY-MM")),
          QCommandLineOption(
              QStringLiteral("advance"),
              QCoreApplication::translate(
                  "oblik-server",
                  "Issue the period's planned advances instead (the average billed energy x the "
                  "base tariff; nothing is charged): normally the next period.")),
          valueOption(QStringLiteral("district"),
                      QT_TRANSLATE_NOOP("oblik-server", "Only this district (default: the whole supplier)."),
                      QStringLiteral("code")),
          valueOption(QStringLiteral("supplier"),
                      QT_TRANSLATE_NOOP("oblik-server", "The supplier (default: the only one)."),
                      QStringLiteral("id")),
          valueOption(QStringLiteral("chunk"),
                      QT_TRANSLATE_NOOP("oblik-server", "Accounts per transaction (default 5000)."),
                      QStringLiteral("n"))},
         &runBillRun},
        {QStringLiteral("document"),
         QCoreApplication::translate(
             "oblik-server",
             "Write one document as PDF: an invoice package (--invoice), a tax invoice (--tax-invoice) or a "
             "readings act (--act with --period, --blank for an empty one). Invoices and tax invoices are "
             "stored like the API stores them, and the stored bytes are written when they exist."),
         {db,
          valueOption(QStringLiteral("invoice"), QT_TRANSLATE_NOOP("oblik-server", "The invoice's number."),
                      QStringLiteral("number")),
          valueOption(QStringLiteral("tax-invoice"),
                      QT_TRANSLATE_NOOP("oblik-server", "The tax invoice's number."),
                      QStringLiteral("number")),
          valueOption(QStringLiteral("act"),
                      QT_TRANSLATE_NOOP("oblik-server", "The readings act of this personal account."),
                      QStringLiteral("account")),
          valueOption(QStringLiteral("period"),
                      QT_TRANSLATE_NOOP("oblik-server", "The readings act's period."),
                      QStringLiteral("YYYY-MM")),
          QCommandLineOption(QStringLiteral("blank"),
                             QCoreApplication::translate(
                                 "oblik-server", "A blank readings act (current values left empty).")),
          valueOption(QStringLiteral("lang"),
                      QT_TRANSLATE_NOOP("oblik-server",
                                        "The document's language, uk or ru (default: the supplier's)."),
                      QStringLiteral("lang")),
          valueOption(QStringLiteral("out"), QT_TRANSLATE_NOOP("oblik-server", "The PDF file to write."),
                      QStringLiteral("file"))},
         &runDocument},
        {QStringLiteral("documents"),
         QCoreApplication::translate(
             "oblik-server",
             "Render the invoice packages, tax invoices and readings acts of every account of a district or "
             "a supplier for a period, with progress; --store keeps them like the API does."),
         QList<QCommandLineOption>{
             db,
             valueOption(QStringLiteral("period"), QT_TRANSLATE_NOOP("oblik-server", "The period."),
                         QStringLiteral("YYYY-MM")),
             valueOption(
                 QStringLiteral("district"),
                 QT_TRANSLATE_NOOP("oblik-server", "Only this district (default: the whole supplier)."),
                 QStringLiteral("code")),
             valueOption(QStringLiteral("supplier"),
                         QT_TRANSLATE_NOOP("oblik-server", "The supplier (default: the only one)."),
                         QStringLiteral("id")),
             valueOption(QStringLiteral("lang"),
                         QT_TRANSLATE_NOOP("oblik-server",
                                           "The documents' language, uk or ru (default: the supplier's)."),
                         QStringLiteral("lang")),
             QCommandLineOption(
                 QStringLiteral("store"),
                 QCoreApplication::translate(
                     "oblik-server", "Store the documents (or reuse the stored ones), as the API does.")),
             valueOption(QStringLiteral("out"),
                         QT_TRANSLATE_NOOP("oblik-server", "Also write every PDF into this folder."),
                         QStringLiteral("dir")),
             valueOption(QStringLiteral("kind"),
                         QT_TRANSLATE_NOOP("oblik-server", "Only this kind: invoice_package, tax_invoice or "
                                                           "readings_act (may be repeated; default all)."),
                         QStringLiteral("kind")),
             valueOption(QStringLiteral("threads"),
                         QT_TRANSLATE_NOOP("oblik-server", "Rendering threads (default: one per core)."),
                         QStringLiteral("n")),
             valueOption(QStringLiteral("chunk"),
                         QT_TRANSLATE_NOOP("oblik-server", "Accounts gathered at a time (default 200)."),
                         QStringLiteral("n"))} +
             signingOptions(false),
         &runDocuments},
        {QStringLiteral("routes"),
         QCoreApplication::translate("oblik-server", "Print the API routes the server registers."),
         {},
         &runRoutes},
        signCommand(),
        verifyCommand(),
    };
}

} // namespace oblik::app
