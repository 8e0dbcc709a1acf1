// The supplier's key on a PKCS#11 token (docs/signatures.md, "Configuration"): `oblik-server serve
// --sign-key pkcs11:URI --sign-pin-file F` against a SoftHSM2 token made from the test PKI. A wrong
// PIN stops the server with the reason; with the right one, documents issued at once by several
// requests are each signed by the token (one operation at a time) and pdfsig finds them valid.

#include "httptestsupport.h"
#include "support/testpki.h"

#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>

using namespace oblik::test;
using namespace Qt::StringLiterals;

class TestSigningToken : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokenKeySignsIssuedDocuments();
};

void TestSigningToken::tokenKeySignsIssuedDocuments()
{
    if (!oblik::testing::TestPki::softhsmAvailable())
        QSKIP("SoftHSM2 is not installed (scripts/bootstrap installs softhsm2)");
    oblik::testing::TestPki pki;
    QVERIFY2(pki.ok(), qPrintable(pki.error()));
    QVERIFY2(pki.makeToken(u"Oblik Supplier Token"_s, u"4321"_s, {u"supplier"_s}), qPrintable(pki.error()));
    QTemporaryDir dir;
    const QString db = sqliteUrl(dir.filePath(u"oblik.db"_s));
    const CliRun demo = runServerCli({u"demo"_s, u"--db"_s, db, u"--accounts"_s, u"5"_s});
    QVERIFY2(demo.exitCode == 0, demo.err.constData());
    const QString uri = u"pkcs11:token=Oblik%20Supplier%20Token;object=supplier?module-path="_s +
                        oblik::testing::TestPki::softhsmModule();
    const auto pinFile = [&](const QByteArray &pin) {
        QFile f(dir.filePath(QString::fromLatin1(pin)));
        f.open(QIODevice::WriteOnly);
        f.write(pin + '\n');
        return f.fileName();
    };
    const QStringList base{
        u"--db"_s,       db, u"--listen"_s, u"127.0.0.1:0"_s, u"--state-dir"_s, dir.filePath(u"tls"_s),
        u"--sign-key"_s, uri};

    ServerProcess wrong;
    QVERIFY(!wrong.start(base + QStringList{u"--sign-pin-file"_s, pinFile("9999")}, 30000));
    QVERIFY2(wrong.error().contains(u"PIN"_s, Qt::CaseInsensitive) || wrong.stderrText().contains("PIN"),
             qPrintable(wrong.error() + QString::fromLocal8Bit(wrong.stderrText())));

    ServerProcess server;
    QVERIFY2(server.start(base + QStringList{u"--sign-pin-file"_s, pinFile("4321")}),
             qPrintable(server.error()));
    QVERIFY2(server.stderrText().contains("(token)"), server.stderrText().constData());
    HttpsClient client(server.baseUrl(), loadCertificate(server.announcedCertificate()));
    const QString token = client.login(u"household"_s);
    QVERIFY(!token.isEmpty());
    const qint64 account = client.get(u"/api/v1/accounts"_s, token)
                               .json()
                               .value(u"items"_s)
                               .toArray()
                               .first()
                               .toObject()
                               .value(u"id"_s)
                               .toInteger();
    QStringList invoices;
    for (const QJsonValue &v : client.get(u"/api/v1/accounts/%1/documents"_s.arg(account), token)
                                   .json()
                                   .value(u"items"_s)
                                   .toArray()) {
        const QString id = v.toObject().value(u"id"_s).toString();
        if (id.startsWith(u"invoice_package:") && invoices.size() < 4)
            invoices << id.mid(id.indexOf(u':') + 1);
    }
    QCOMPARE(invoices.size(), 4);

    // Four first GETs at once: four documents signed by the one token session.
    QNetworkAccessManager nam;
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates({loadCertificate(server.announcedCertificate())});
    QList<QNetworkReply *> replies;
    for (const QString &id : invoices) {
        QNetworkRequest r(QUrl(server.baseUrl().toString() +
                               u"/api/v1/accounts/%1/invoices/%2/document"_s.arg(account).arg(id)));
        r.setSslConfiguration(ssl);
        r.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        r.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        replies << nam.get(r);
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(replies.begin(), replies.end(), [](QNetworkReply *r) { return r->isFinished(); }),
        120000);
    const QString nss = pki.nssDatabase();
    QVERIFY(!nss.isEmpty());
    for (int i = 0; i < replies.size(); ++i) {
        QCOMPARE(replies[i]->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QString file = dir.filePath(u"doc%1.pdf"_s.arg(i));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(replies[i]->readAll());
        f.close();
        QProcess sig;
        sig.setProcessChannelMode(QProcess::MergedChannels);
        sig.start(u"pdfsig"_s, {u"-nssdir"_s, nss, file});
        QVERIFY(sig.waitForFinished(60000));
        const QString out = QString::fromLocal8Bit(sig.readAll());
        QVERIFY2(out.contains(u"Signature is Valid"_s) && out.contains(u"Supplier"_s), qPrintable(out));
        const QJsonObject s =
            client
                .get(u"/api/v1/accounts/%1/documents/invoice_package:%2/signatures"_s.arg(account).arg(
                         invoices[i]),
                     token)
                .json();
        QCOMPARE(s.value(u"signature_status"_s).toString(), u"supplier_signed"_s);
        replies[i]->deleteLater();
    }
    QCOMPARE(server.stop(), 0);
}

QTEST_GUILESS_MAIN(TestSigningToken)
#include "tst_signingtoken.moc"
