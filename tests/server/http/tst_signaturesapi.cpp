// The signatures API (docs/signatures.md, "Server") over real HTTPS against a real `oblik-server serve`
// started with the supplier's key, the test PKI's root and its CRL, on the billed demo: SQLite, or
// PostgreSQL when built as tst_signaturesapi_postgres (needs OBLIK_TEST_PG_URL; skipped without it
// unless CI=true). Consumers' signatures are made here with the crypto library from the test PKI's
// key files; what the server issued is checked with pdfsig (NSS database trusting the test root) and
// the containers with unzip.

#include "crypto/cades.h"
#include "crypto/container.h"
#include "crypto/pades.h"
#include "crypto/pdfsignature.h"
#include "crypto/signingkey.h"
#include "httptestsupport.h"
#include "support/testpki.h"

#include <QCryptographicHash>
#include <QDate>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace oblik::test;
using namespace Qt::StringLiterals;

namespace {

QString newKey()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString period(int yyyymm)
{
    return u"%1-%2"_s.arg(yyyymm / 100).arg(yyyymm % 100, 2, 10, QChar(u'0'));
}

struct Run
{
    int exitCode = -1;
    QString out;
};

Run run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(60000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromLocal8Bit(p.readAll());
    return r;
}

} // namespace

class TestSignaturesApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void supplierSignsAtIssue();
    void consumerPadesUploadIsReceived();
    void revokedIsRejectedThenGoodIsReceived();
    void strangerIsUntrusted();
    void tamperedUploadIsNotAnUpdate();
    void cadesUploadAndPackages();
    void accessAndNotIssued();
    void uploadSizeLimit();
    void concurrentUploadsOfOneRevision();
    void signedReadingsActLocksThePeriod();
    void implausibleSigningTimeIsRejected();

private:
    FixtureDb fixture() const;
    qint64 scalar(const QString &statement, const QVariantList &values = {});
    bool sql(const QString &statement, const QVariantList &values = {});
    // The account's documents list.
    QJsonArray documents(qint64 account, const QString &token);
    // The id ("invoice_package:N") of the n-th invoice package of the household's list.
    QString invoicePackageId(int n);
    // GET of the PDF a documents-list id names (issues it).
    QByteArray issue(const QString &docId, qint64 account, const QString &token);
    oblik::crypto::SigningKey key(const QString &user);
    HttpReply upload(const QString &docId, const QByteArray &body, const QByteArray &type,
                     const QString &key = {}, qint64 account = 0, const QString &token = {});
    QJsonObject signatures(const QString &docId);

    oblik::testing::TestPki m_pki;
    QTemporaryDir m_dir;
    QString m_dbUrl, m_dbName;
    QUrl m_adminUrl;
    ServerProcess m_server;
    std::unique_ptr<HttpsClient> m_client;
    QString m_household, m_accountant;
    qint64 m_householdAccount = 0, m_accountantAccount = 0;
    int m_actPeriod = 0;
};

FixtureDb TestSignaturesApi::fixture() const
{
#ifdef OBLIK_SIGNATURES_ON_POSTGRES
    return FixtureDb{true, {}, m_adminUrl, m_dbName};
#else
    return FixtureDb{false, m_dbUrl, {}, {}};
#endif
}

qint64 TestSignaturesApi::scalar(const QString &statement, const QVariantList &values)
{
    return fixtureScalar(fixture(), statement, values);
}

bool TestSignaturesApi::sql(const QString &statement, const QVariantList &values)
{
    return fixtureSql(fixture(), statement, values);
}

QJsonArray TestSignaturesApi::documents(qint64 account, const QString &token)
{
    const HttpReply r = m_client->get(u"/api/v1/accounts/%1/documents"_s.arg(account), token);
    if (r.status != 200)
        qWarning("documents: %d %s", r.status, r.body.constData());
    return r.json().value(u"items"_s).toArray();
}

QString TestSignaturesApi::invoicePackageId(int n)
{
    int seen = 0;
    for (const QJsonValue &v : documents(m_householdAccount, m_household)) {
        const QString id = v.toObject().value(u"id"_s).toString();
        if (id.startsWith(u"invoice_package:") && seen++ == n)
            return id;
    }
    return {};
}

QByteArray TestSignaturesApi::issue(const QString &docId, qint64 account, const QString &token)
{
    const qsizetype colon = docId.indexOf(u':');
    const QString kind = docId.left(colon), ref = docId.mid(colon + 1);
    QString path;
    if (kind == u"invoice_package")
        path = u"/api/v1/accounts/%1/invoices/%2/document"_s.arg(account).arg(ref);
    else if (kind == u"tax_invoice")
        path = u"/api/v1/accounts/%1/tax-invoices/%2/document"_s.arg(account).arg(ref);
    else
        path = u"/api/v1/accounts/%1/readings-act?period=%2"_s.arg(account).arg(period(ref.toInt()));
    const HttpReply r = m_client->get(path, token);
    if (r.status != 200)
        qWarning("issue %s: %d %s", qPrintable(docId), r.status, r.body.constData());
    return r.status == 200 ? r.body : QByteArray();
}

oblik::crypto::SigningKey TestSignaturesApi::key(const QString &user)
{
    auto k = oblik::crypto::SigningKey::fromPkcs12File(m_pki.path(user + u".p12"_s),
                                                       oblik::testing::TestPki::p12Password());
    if (!k)
        qWarning("key %s: %s", qPrintable(user), qPrintable(k.error().message()));
    return k ? k.value() : oblik::crypto::SigningKey();
}

HttpReply TestSignaturesApi::upload(const QString &docId, const QByteArray &body, const QByteArray &type,
                                    const QString &k, qint64 account, const QString &token)
{
    QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", type}, {"Accept-Language", "en"}};
    if (!k.isEmpty())
        headers.append({"Idempotency-Key", k.toLatin1()});
    return m_client->send(
        "POST",
        u"/api/v1/accounts/%1/documents/%2/signatures"_s.arg(account ? account : m_householdAccount)
            .arg(docId),
        body, token.isEmpty() ? m_household : token, headers);
}

QJsonObject TestSignaturesApi::signatures(const QString &docId)
{
    const HttpReply r = m_client->get(
        u"/api/v1/accounts/%1/documents/%2/signatures"_s.arg(m_householdAccount).arg(docId), m_household);
    if (r.status != 200)
        qWarning("signatures: %d %s", r.status, r.body.constData());
    return r.json();
}

void TestSignaturesApi::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_pki.ok(), qPrintable(m_pki.error()));
    for (const QString &tool : {u"pdfsig"_s, u"unzip"_s, u"certutil"_s}) {
        if (QStandardPaths::findExecutable(tool).isEmpty())
            QFAIL(
                qPrintable(tool + u" is needed (poppler-utils, unzip, libnss3-tools; scripts/bootstrap)"_s));
    }
#ifdef OBLIK_SIGNATURES_ON_POSTGRES
    const QString url = qEnvironmentVariable("OBLIK_TEST_PG_URL");
    if (url.isEmpty()) {
        if (qEnvironmentVariable("CI") == u"true")
            QFAIL("OBLIK_TEST_PG_URL is not set (CI=true)");
        QSKIP("OBLIK_TEST_PG_URL is not set: no PostgreSQL to test against");
    }
    m_adminUrl = QUrl(url);
    const QString name = u"oblik_signatures_%1"_s.arg(QRandomGenerator::global()->bounded(1u << 30));
    QVERIFY(fixtureSql(FixtureDb{true, {}, m_adminUrl, {}}, u"CREATE DATABASE "_s + name));
    m_dbName = name;
    QUrl dbUrl = m_adminUrl;
    dbUrl.setPath(u'/' + m_dbName);
    m_dbUrl = dbUrl.toString();
#else
    m_dbUrl = sqliteUrl(m_dir.filePath(u"oblik.db"_s));
#endif
    const CliRun demo = runServerCli({u"demo"_s, u"--db"_s, m_dbUrl});
    QVERIFY2(demo.exitCode == 0 && !demo.crashed, demo.err.constData());
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM document_signatures"_s), 0);

    // A wrong password stops the server with the reason.
    QFile wrongPin(m_dir.filePath(u"wrong-pin"_s));
    QVERIFY(wrongPin.open(QIODevice::WriteOnly) && wrongPin.write("not-the-pass\n") > 0);
    wrongPin.close();
    ServerProcess refused;
    QVERIFY(!refused.start({u"--db"_s, m_dbUrl, u"--listen"_s, u"127.0.0.1:0"_s, u"--state-dir"_s,
                            m_dir.filePath(u"tls"_s), u"--sign-key"_s, m_pki.path(u"supplier.p12"_s),
                            u"--sign-pin-file"_s, wrongPin.fileName()},
                           30000));

    QFile pin(m_dir.filePath(u"pin"_s));
    QVERIFY(pin.open(QIODevice::WriteOnly) && pin.write("test-pass\n") > 0);
    pin.close();
    QVERIFY2(m_server.start({u"--db"_s, m_dbUrl, u"--listen"_s, u"127.0.0.1:0"_s, u"--state-dir"_s,
                             m_dir.filePath(u"tls"_s), u"--sign-key"_s, m_pki.path(u"supplier.p12"_s),
                             u"--sign-pin-file"_s, pin.fileName(), u"--trust"_s, m_pki.path(u"root.pem"_s),
                             u"--crl"_s, m_pki.path(u"intermediate.crl.pem"_s)}),
             qPrintable(m_server.error()));
    QVERIFY2(m_server.stderrText().contains("documents are signed by"), m_server.stderrText().constData());
    m_client =
        std::make_unique<HttpsClient>(m_server.baseUrl(), loadCertificate(m_server.announcedCertificate()));
    m_household = m_client->login(u"household"_s);
    m_accountant = m_client->login(u"accountant"_s);
    QVERIFY(!m_household.isEmpty() && !m_accountant.isEmpty());
    m_householdAccount = m_client->firstAccountId(m_household);
    m_accountantAccount = m_client->firstAccountId(m_accountant);
    QVERIFY(m_householdAccount > 0 && m_accountantAccount > 0 && m_householdAccount != m_accountantAccount);
}

void TestSignaturesApi::cleanupTestCase()
{
    if (m_server.process())
        QCOMPARE(m_server.stop(), 0);
#ifdef OBLIK_SIGNATURES_ON_POSTGRES
    if (!m_dbName.isEmpty())
        fixtureSql(FixtureDb{true, {}, m_adminUrl, {}}, u"DROP DATABASE IF EXISTS "_s + m_dbName);
#endif
}

void TestSignaturesApi::supplierSignsAtIssue()
{
    const QString docId = invoicePackageId(0);
    QVERIFY(!docId.isEmpty());
    const QByteArray pdf = issue(docId, m_householdAccount, m_household);
    QVERIFY(oblik::crypto::looksLikePdf(pdf));

    // pdfsig, with an NSS database that trusts the test root, finds the supplier's valid signature.
    const QString nss = m_pki.nssDatabase();
    QVERIFY(!nss.isEmpty());
    const QString file = m_dir.filePath(u"issued.pdf"_s);
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(pdf) == pdf.size());
    f.close();
    const Run sig = run(u"pdfsig"_s, {u"-nssdir"_s, nss, file});
    QVERIFY2(sig.out.contains(u"Signature is Valid"_s), qPrintable(sig.out));
    QVERIFY2(sig.out.contains(u"Certificate is Trusted"_s), qPrintable(sig.out));

    const QJsonObject s = signatures(docId);
    QCOMPARE(s.value(u"document"_s).toString(), docId);
    QCOMPARE(s.value(u"signature_status"_s).toString(), u"supplier_signed"_s);
    QCOMPARE(s.value(u"sha256"_s).toString(),
             QString::fromLatin1(QCryptographicHash::hash(pdf, QCryptographicHash::Sha256).toHex()));
    const QJsonArray items = s.value(u"items"_s).toArray();
    QCOMPARE(items.size(), 1);
    const QJsonObject supplier = items.first().toObject();
    QCOMPARE(supplier.value(u"side"_s).toString(), u"supplier"_s);
    QCOMPARE(supplier.value(u"format"_s).toString(), u"pades"_s);
    QCOMPARE(supplier.value(u"status"_s).toString(), u"valid"_s);
    QCOMPARE(supplier.value(u"covered_length"_s).toInteger(), pdf.size());
    QCOMPARE(supplier.value(u"covered_sha256"_s).toString(), s.value(u"sha256"_s).toString());
    QVERIFY(!supplier.value(u"signer"_s).toObject().value(u"name"_s).toString().isEmpty());
    QVERIFY(supplier.value(u"user"_s).isNull());
    QVERIFY(!supplier.value(u"signer"_s).toObject().value(u"not_after"_s).toString().isEmpty());

    // The lists say so too.
    bool listed = false;
    for (const QJsonValue &v : documents(m_householdAccount, m_household)) {
        if (v.toObject().value(u"id"_s).toString() == docId) {
            QCOMPARE(v.toObject().value(u"signature_status"_s).toString(), u"supplier_signed"_s);
            listed = true;
        }
    }
    QVERIFY(listed);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM invoices WHERE id = ? AND signature_status = 'supplier_signed'"_s,
                    {docId.mid(docId.indexOf(u':') + 1).toLongLong()}),
             1);
}

void TestSignaturesApi::consumerPadesUploadIsReceived()
{
    const QString docId = invoicePackageId(0);
    const QByteArray stored = issue(docId, m_householdAccount, m_household);
    QVERIFY(!stored.isEmpty());
    auto signedPdf = oblik::crypto::signPdf(stored, key(u"good"_s));
    QVERIFY2(signedPdf, qPrintable(signedPdf.error().message()));
    const QString k = newKey();
    const HttpReply r = upload(docId, signedPdf.value(), "application/pdf", k);
    QVERIFY2(r.status == 201, r.body.constData());
    const QJsonObject o = r.json();
    QCOMPARE(o.value(u"signature_status"_s).toString(), u"received"_s);
    QCOMPARE(o.value(u"items"_s).toArray().size(), 1);
    const QJsonObject mine = o.value(u"items"_s).toArray().first().toObject();
    QCOMPARE(mine.value(u"side"_s).toString(), u"consumer"_s);
    QCOMPARE(mine.value(u"status"_s).toString(), u"valid"_s);
    QCOMPARE(mine.value(u"user"_s).toString(), u"household"_s);
    QCOMPARE(mine.value(u"covered_length"_s).toInteger(), signedPdf.value().size());

    // The stored document is now the signed one; both signatures are listed, oldest first.
    const QJsonObject s = signatures(docId);
    QCOMPARE(s.value(u"signature_status"_s).toString(), u"received"_s);
    const QJsonArray items = s.value(u"items"_s).toArray();
    QCOMPARE(items.size(), 2);
    QCOMPARE(items[0].toObject().value(u"side"_s).toString(), u"supplier"_s);
    QCOMPARE(items[1].toObject().value(u"side"_s).toString(), u"consumer"_s);
    const QString goodName = key(u"good"_s).certificate().commonName;
    QCOMPARE(items[1].toObject().value(u"signer"_s).toObject().value(u"name"_s).toString(), goodName);
    QVERIFY(items[1].toObject().value(u"chain"_s).toArray().size() >= 2);
    QCOMPARE(issue(docId, m_householdAccount, m_household), signedPdf.value());

    // The same request again: the first answer, nothing written twice.
    const HttpReply again = upload(docId, signedPdf.value(), "application/pdf", k);
    QCOMPARE(again.status, 201);
    QCOMPARE(again.body, r.body);
    QCOMPARE(again.header("Idempotent-Replayed"), QByteArray("true"));
    QCOMPARE(signatures(docId).value(u"items"_s).toArray().size(), 2);
    // Without a key, the same bytes add nothing new.
    const HttpReply nothingNew = upload(docId, signedPdf.value(), "application/pdf");
    QCOMPARE(nothingNew.status, 422);
    QCOMPARE(nothingNew.json().value(u"code"_s).toString(), u"signature.missing"_s);
}

void TestSignaturesApi::revokedIsRejectedThenGoodIsReceived()
{
    const QString docId = invoicePackageId(1);
    QVERIFY(!docId.isEmpty());
    const QByteArray stored = issue(docId, m_householdAccount, m_household);
    auto revoked = oblik::crypto::signPdf(stored, key(u"revoked"_s));
    QVERIFY(revoked);
    const HttpReply r = upload(docId, revoked.value(), "application/pdf", newKey());
    QCOMPARE(r.status, 422);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
    const QJsonObject o = r.json();
    QCOMPARE(o.value(u"code"_s).toString(), u"signature.invalid"_s);
    QVERIFY2(o.value(u"problems"_s).toArray().contains(u"revoked"_s), r.body.constData());
    QVERIFY(!o.value(u"explanation"_s).toString().isEmpty());
    QCOMPARE(signatures(docId).value(u"signature_status"_s).toString(), u"rejected"_s);
    const QJsonArray rows = signatures(docId).value(u"items"_s).toArray();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[1].toObject().value(u"status"_s).toString(), u"rejected"_s);
    QVERIFY(rows[1].toObject().value(u"problems"_s).toArray().contains(u"revoked"_s));
    // The content stayed what was issued.
    QCOMPARE(issue(docId, m_householdAccount, m_household), stored);

    auto good = oblik::crypto::signPdf(stored, key(u"good"_s));
    QVERIFY(good);
    const HttpReply ok = upload(docId, good.value(), "application/pdf", newKey());
    QVERIFY2(ok.status == 201, ok.body.constData());
    QCOMPARE(signatures(docId).value(u"signature_status"_s).toString(), u"received"_s);
}

void TestSignaturesApi::strangerIsUntrusted()
{
    const QString docId = invoicePackageId(2);
    QVERIFY(!docId.isEmpty());
    const QByteArray stored = issue(docId, m_householdAccount, m_household);
    auto stranger = oblik::crypto::signPdf(stored, key(u"stranger"_s));
    QVERIFY(stranger);
    const HttpReply r = upload(docId, stranger.value(), "application/pdf", newKey());
    QCOMPARE(r.status, 422);
    // Its CMS carries no root (CAdES leaves the root out), so the chain ends at an issuer nobody here
    // knows: the verifier cannot tell an unknown root from a missing intermediate (OpenSSL's
    // "unable to get issuer"), and either is an untrusted chain.
    const QJsonArray problems = r.json().value(u"problems"_s).toArray();
    QVERIFY2(problems.contains(u"untrusted_root"_s) || problems.contains(u"chain_incomplete"_s),
             r.body.constData());
    QCOMPARE(signatures(docId).value(u"signature_status"_s).toString(), u"rejected"_s);
}

void TestSignaturesApi::tamperedUploadIsNotAnUpdate()
{
    const QString docId = invoicePackageId(3);
    QVERIFY(!docId.isEmpty());
    QByteArray stored = issue(docId, m_householdAccount, m_household);
    QVERIFY(stored.size() > 2000);
    const qsizetype rowsBefore = signatures(docId).value(u"items"_s).toArray().size();
    // One byte of the issued part changed (inside the document's info, still a readable PDF).
    const qsizetype at = stored.indexOf("/Producer");
    QVERIFY(at > 0);
    stored[at + 1] = 'p';
    auto signedPdf = oblik::crypto::signPdf(stored, key(u"good"_s));
    QVERIFY2(signedPdf, qPrintable(signedPdf.error().message()));
    const HttpReply r = upload(docId, signedPdf.value(), "application/pdf", newKey());
    QCOMPARE(r.status, 422);
    QCOMPARE(r.json().value(u"code"_s).toString(), u"signature.not_an_update"_s);
    QCOMPARE(signatures(docId).value(u"items"_s).toArray().size(), rowsBefore);
}

void TestSignaturesApi::cadesUploadAndPackages()
{
    const QString docId = invoicePackageId(4);
    QVERIFY(!docId.isEmpty());
    const QByteArray stored = issue(docId, m_householdAccount, m_household);
    const QString base = u"/api/v1/accounts/%1/documents/%2/package"_s.arg(m_householdAccount).arg(docId);
    // No CAdES signature yet: no ASiC-S.
    const HttpReply none = m_client->get(base + u"?format=asics"_s, m_household);
    QCOMPARE(none.status, 409);
    QCOMPARE(none.json().value(u"code"_s).toString(), u"signature.no_cades"_s);

    auto cms = oblik::crypto::signDetached(key(u"good"_s), stored);
    QVERIFY(cms);
    const HttpReply r = upload(docId, cms.value(), "application/pkcs7-signature", newKey());
    QVERIFY2(r.status == 201, r.body.constData());
    QCOMPARE(r.json().value(u"items"_s).toArray().first().toObject().value(u"format"_s).toString(),
             u"cades"_s);
    // A CAdES signature leaves the bytes as issued.
    QCOMPARE(issue(docId, m_householdAccount, m_household), stored);

    const HttpReply zip = m_client->get(base + u"?format=zip"_s, m_household);
    QCOMPARE(zip.status, 200);
    QCOMPARE(zip.header("Content-Type"), QByteArray("application/zip"));
    const QString zipFile = m_dir.filePath(u"package.zip"_s);
    QFile z(zipFile);
    QVERIFY(z.open(QIODevice::WriteOnly) && z.write(zip.body) == zip.body.size());
    z.close();
    const Run listing = run(u"unzip"_s, {u"-l"_s, zipFile});
    QCOMPARE(listing.exitCode, 0);
    QVERIFY2(listing.out.contains(u".pdf"_s) && listing.out.contains(u".1.p7s"_s) &&
                 listing.out.contains(u"signatures.txt"_s),
             qPrintable(listing.out));
    auto entries = oblik::crypto::readZip(zip.body);
    QVERIFY(entries);
    QCOMPARE(entries.value().first().data, stored);
    QCOMPARE(entries.value().at(1).data, cms.value());

    const HttpReply asics = m_client->get(base + u"?format=asics"_s, m_household);
    QCOMPARE(asics.status, 200);
    QCOMPARE(asics.header("Content-Type"), QByteArray("application/vnd.etsi.asic-s+zip"));
    // "mimetype" is the first entry, stored: its name right after the first local header.
    QCOMPARE(asics.body.mid(30, 8), QByteArray("mimetype"));
    auto asicsEntries = oblik::crypto::readZip(asics.body);
    QVERIFY(asicsEntries);
    QCOMPARE(asicsEntries.value().first().data, QByteArray("application/vnd.etsi.asic-s+zip"));
    QCOMPARE(asicsEntries.value().last().name, u"META-INF/signature.p7s"_s);
    QCOMPARE(m_client->get(base + u"?format=rar"_s, m_household).status, 400);

    // A PAdES signature after it: the .p7s now covers an earlier revision, which the ZIP carries as
    // <number>.r1.pdf; no CAdES signature covers the current file, so no ASiC-S.
    auto pades = oblik::crypto::signPdf(stored, key(u"good-ec"_s));
    QVERIFY(pades);
    QCOMPARE(upload(docId, pades.value(), "application/pdf", newKey()).status, 201);
    auto later = oblik::crypto::readZip(m_client->get(base, m_household).body);
    QVERIFY(later);
    QStringList names;
    for (const oblik::crypto::ZipEntry &e : later.value())
        names << e.name;
    QCOMPARE(names.size(), 4);
    QCOMPARE(later.value().at(0).data, pades.value());
    QVERIFY(names.at(1).endsWith(u".1.p7s"_s));
    QVERIFY2(names.at(2).endsWith(u".r1.pdf"_s), qPrintable(names.join(u' ')));
    QCOMPARE(later.value().at(2).data, stored);
    QCOMPARE(names.at(3), u"signatures.txt"_s);
    QCOMPARE(m_client->get(base + u"?format=asics"_s, m_household).status, 409);
}

void TestSignaturesApi::accessAndNotIssued()
{
    const QString docId = invoicePackageId(0);
    // Another consumer's account: not found, whatever the document.
    const QString path = u"/api/v1/accounts/%1/documents/%2/signatures"_s.arg(m_householdAccount).arg(docId);
    const HttpReply other = m_client->get(path, m_accountant);
    QCOMPARE(other.status, 404);
    QCOMPARE(other.json().value(u"code"_s).toString(), u"not_found"_s);
    QCOMPARE(upload(docId, "x", "application/pdf", newKey(), m_householdAccount, m_accountant).status, 404);
    // A document never issued (an invoice package of the list nobody opened).
    QString unissued;
    for (const QJsonValue &v : documents(m_householdAccount, m_household)) {
        if (v.toObject().value(u"id"_s).toString().startsWith(u"invoice_package:") &&
            !v.toObject().value(u"stored"_s).toBool())
            unissued = v.toObject().value(u"id"_s).toString();
    }
    QVERIFY(!unissued.isEmpty());
    const HttpReply notIssued = m_client->get(
        u"/api/v1/accounts/%1/documents/%2/signatures"_s.arg(m_householdAccount).arg(unissued), m_household);
    QCOMPARE(notIssued.status, 404);
    QCOMPARE(notIssued.json().value(u"code"_s).toString(), u"document.not_issued"_s);
    QCOMPARE(
        m_client
            ->get(u"/api/v1/accounts/%1/documents/nonsense/signatures"_s.arg(m_householdAccount), m_household)
            .status,
        404);
}

void TestSignaturesApi::uploadSizeLimit()
{
    const QString docId = invoicePackageId(0);
    const QByteArray stored = issue(docId, m_householdAccount, m_household);
    QVERIFY(!stored.isEmpty());
    // 2 MB is past serve's default --max-body (1 MiB) but within the upload route's 32 MB: it reaches
    // the route (the stored bytes with junk after them are no signed update).
    const HttpReply big =
        upload(docId, stored + QByteArray(2 * 1024 * 1024, ' '), "application/pdf", newKey());
    QVERIFY2(big.status == 422, big.body.constData());
    QVERIFY(big.json().value(u"code"_s).toString().startsWith(u"signature."_s));
    // Beyond 32 MB: 413 before the body is read.
    const HttpReply tooBig =
        upload(docId, QByteArray(32 * 1024 * 1024 + 1, 'x'), "application/pdf", newKey());
    QCOMPARE(tooBig.status, 413);
    QCOMPARE(tooBig.json().value(u"code"_s).toString(), u"request.too_large"_s);
    // Other routes keep --max-body.
    const HttpReply json = m_client->send("POST", u"/api/v1/accounts/%1/readings"_s.arg(m_householdAccount),
                                          QByteArray(2 * 1024 * 1024, ' '), m_household,
                                          {{"Idempotency-Key", newKey().toLatin1()}});
    QCOMPARE(json.status, 413);
}

void TestSignaturesApi::concurrentUploadsOfOneRevision()
{
    // Two consumers' signatures on the same issued revision, sent at once: the compare-and-set on the
    // stored sha256 lets one win; the other is no update of the new content (nothing lost silently).
    const QString docId = invoicePackageId(5);
    QVERIFY(!docId.isEmpty());
    const QByteArray stored = issue(docId, m_householdAccount, m_household);
    auto a = oblik::crypto::signPdf(stored, key(u"good"_s));
    auto b = oblik::crypto::signPdf(stored, key(u"good-ec"_s));
    QVERIFY(a && b);
    QNetworkAccessManager nam;
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates({loadCertificate(m_server.announcedCertificate())});
    const auto post = [&](const QByteArray &body) {
        QNetworkRequest request(
            QUrl(m_server.baseUrl().toString() +
                 u"/api/v1/accounts/%1/documents/%2/signatures"_s.arg(m_householdAccount).arg(docId)));
        request.setSslConfiguration(ssl);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/pdf"));
        request.setRawHeader("Authorization", "Bearer " + m_household.toLatin1());
        return nam.post(request, body);
    };
    QNetworkReply *first = post(a.value());
    QNetworkReply *second = post(b.value());
    QTRY_VERIFY_WITH_TIMEOUT(first->isFinished() && second->isFinished(), 60000);
    const int s1 = first->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const int s2 = second->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray loserBody = s1 == 201 ? second->readAll() : first->readAll();
    QVERIFY2((s1 == 201) != (s2 == 201), qPrintable(u"%1 %2"_s.arg(s1).arg(s2)));
    QCOMPARE(s1 == 201 ? s2 : s1, 422);
    QVERIFY2(loserBody.contains("signature.not_an_update"), loserBody.constData());
    const QJsonArray items = signatures(docId).value(u"items"_s).toArray();
    QCOMPARE(items.size(), 2); // the supplier's and the winner's
    QCOMPARE(issue(docId, m_householdAccount, m_household), s1 == 201 ? a.value() : b.value());
    first->deleteLater();
    second->deleteLater();
}

void TestSignaturesApi::signedReadingsActLocksThePeriod()
{
    // The household's newest period with all readings processed, its act not signed, and a contract
    // that needs a signed act before the consumer may calculate.
    m_actPeriod = int(scalar(u"SELECT MAX(r.period) FROM readings r JOIN registers g ON g.id = r.register_id "
                             u"JOIN meters m ON m.id = "
                             u"g.meter_id JOIN metering_points p ON p.id = m.metering_point_id JOIN objects "
                             u"o ON o.id = p.object_id "
                             u"WHERE o.account_id = ? AND r.state = 'processed'"_s,
                             {m_householdAccount}));
    QVERIFY(m_actPeriod > 202000);
    QVERIFY(sql(u"DELETE FROM readings_acts WHERE account_id = ? AND period = ?"_s,
                {m_householdAccount, m_actPeriod}));
    QVERIFY(sql(u"UPDATE contracts SET requires_signed_act = 1, self_calculation = 1 WHERE id = (SELECT "
                u"contract_id FROM accounts WHERE id = ?)"_s,
                {m_householdAccount}));
    const auto calculate = [&] {
        return m_client->send(
            "POST", u"/api/v1/accounts/%1/calculate"_s.arg(m_householdAccount),
            QJsonDocument(QJsonObject{{u"period"_s, period(m_actPeriod)}}).toJson(QJsonDocument::Compact),
            m_household, {{"Idempotency-Key", newKey().toLatin1()}});
    };
    const HttpReply before = calculate();
    QVERIFY2(before.json().value(u"code"_s).toString() == u"calc.act_not_signed"_s, before.body.constData());

    const QString docId = u"readings_act:%1"_s.arg(m_actPeriod);
    const QByteArray act = issue(docId, m_householdAccount, m_household);
    QVERIFY(!act.isEmpty());
    QCOMPARE(signatures(docId).value(u"signature_status"_s).toString(), u"supplier_signed"_s);
    auto signedAct = oblik::crypto::signPdf(act, key(u"good"_s));
    QVERIFY(signedAct);
    const HttpReply r = upload(docId, signedAct.value(), "application/pdf", newKey());
    QVERIFY2(r.status == 201, r.body.constData());
    QCOMPARE(
        scalar(u"SELECT COUNT(*) FROM readings_acts WHERE account_id = ? AND period = ? AND signed_at IS NOT "
               u"NULL AND signed_by IS NOT NULL AND document_id IS NOT NULL"_s,
               {m_householdAccount, m_actPeriod}),
        1);

    // The consumer may no longer write that period's readings.
    const qint64 registerId =
        scalar(u"SELECT MIN(g.id) FROM registers g JOIN meters m ON m.id = g.meter_id JOIN metering_points p "
               u"ON p.id = "
               u"m.metering_point_id JOIN objects o ON o.id = p.object_id WHERE o.account_id = ?"_s,
               {m_householdAccount});
    const QJsonObject save{
        {u"period"_s, period(m_actPeriod)},
        {u"items"_s,
         QJsonArray{QJsonObject{
             {u"register_id"_s, registerId},
             {u"taken_on"_s,
              QDate::fromString(period(m_actPeriod) + u"-28"_s, Qt::ISODate).toString(Qt::ISODate)},
             {u"value"_s, u"1"_s}}}}};
    const HttpReply write = m_client->send("POST", u"/api/v1/accounts/%1/readings"_s.arg(m_householdAccount),
                                           QJsonDocument(save).toJson(QJsonDocument::Compact), m_household,
                                           {{"Idempotency-Key", newKey().toLatin1()}});
    QCOMPARE(write.status, 409);
    QCOMPARE(write.json().value(u"code"_s).toString(), u"readings.act_signed"_s);
    QCOMPARE(write.json().value(u"field"_s).toString(), u"period"_s);
    const HttpReply submit = m_client->send(
        "POST", u"/api/v1/accounts/%1/readings/submit"_s.arg(m_householdAccount),
        QJsonDocument(QJsonObject{{u"period"_s, period(m_actPeriod)}}).toJson(QJsonDocument::Compact),
        m_household, {{"Idempotency-Key", newKey().toLatin1()}});
    QCOMPARE(submit.json().value(u"code"_s).toString(), u"readings.act_signed"_s);

    // And the calculation no longer stops at the act.
    const HttpReply after = calculate();
    QVERIFY2(after.json().value(u"code"_s).toString() != u"calc.act_not_signed"_s, after.body.constData());
}

// A PAdES-B-B signing time (/M) is only what the signer claims: years before the document was issued,
// or a day after it was received, it is rejected as a problem of its own; a signature made now passes.
void TestSignaturesApi::implausibleSigningTimeIsRejected()
{
    const QString docId = invoicePackageId(6);
    QVERIFY(!docId.isEmpty());
    const QByteArray stored = issue(docId, m_householdAccount, m_household);
    QVERIFY(!stored.isEmpty());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<QDateTime> claimed{QDateTime(QDate(now.date().year() - 3, 1, 15), QTime(12, 0), Qt::UTC),
                                   now.addDays(1)};
    for (const QDateTime &when : claimed) {
        oblik::crypto::pdf::SignatureFieldOptions options;
        options.signingTime = when;
        auto signedPdf = oblik::crypto::signPdf(stored, key(u"good"_s), options);
        QVERIFY2(signedPdf, qPrintable(signedPdf.error().message()));
        const HttpReply r = upload(docId, signedPdf.value(), "application/pdf", newKey());
        QVERIFY2(r.status == 422, r.body.constData());
        QCOMPARE(r.json().value(u"code"_s).toString(), u"signature.invalid"_s);
        QVERIFY2(r.json().value(u"problems"_s).toArray().contains(u"signing_time_implausible"_s),
                 r.body.constData());
        QVERIFY2(r.json().value(u"explanation"_s).toString().contains(u"lifetime"_s), r.body.constData());
        QCOMPARE(signatures(docId).value(u"signature_status"_s).toString(), u"rejected"_s);
    }
    auto good = oblik::crypto::signPdf(stored, key(u"good"_s));
    QVERIFY(good);
    const HttpReply ok = upload(docId, good.value(), "application/pdf", newKey());
    QVERIFY2(ok.status == 201, ok.body.constData());
}

QTEST_GUILESS_MAIN(TestSignaturesApi)
#include "tst_signaturesapi.moc"
