#pragma once
// Test PKI and SoftHSM2 token for the signature tests (docs/signatures.md, "Tests"): runs
// tests/support/make-test-pki.sh and make-softhsm-token.sh in a temporary folder. Header-only; needs
// the OBLIK_SOURCE_DIR compile definition that oblik_add_test sets.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QtGlobal>

namespace oblik::testing {

class TestPki
{
public:
    // Makes the PKI in its own temporary folder (about 5 s). ok() false with error() on failure.
    TestPki() { m_ok = run(script(QStringLiteral("make-test-pki.sh")), {pkiDir()}); }
    bool ok() const { return m_ok; }
    QString error() const { return m_error; }
    QString pkiDir() const { return m_dir.path() + QStringLiteral("/pki"); }
    // USER.pem, USER.p12, USER.key.pem, root.pem, intermediate.pem, chain.pem, intermediate.crl.pem ...
    QString path(const QString &file) const { return pkiDir() + QLatin1Char('/') + file; }
    QByteArray read(const QString &file) const
    {
        QFile f(path(file));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    static QString p12Password() { return QStringLiteral("test-pass"); }

    // A SoftHSM2 token holding the users' keys and certificates (ids 01, 02, ... in order). Sets
    // SOFTHSM2_CONF in this process's environment so that libsofthsm2 finds it. Returns false with
    // error() on failure.
    bool makeToken(const QString &label = QStringLiteral("Oblik Test Token"),
                   const QString &pin = QStringLiteral("1234"), const QStringList &users = {})
    {
        const QString dir = m_dir.path() + QStringLiteral("/token-") + QString::number(++m_tokens);
        QStringList args{dir, pkiDir(), label, pin};
        args += users;
        if (!run(script(QStringLiteral("make-softhsm-token.sh")), args))
            return false;
        m_softhsmConf = dir + QStringLiteral("/softhsm2.conf");
        qputenv("SOFTHSM2_CONF", m_softhsmConf.toLocal8Bit());
        return true;
    }
    QString softhsmConf() const { return m_softhsmConf; }
    static QString softhsmModule() { return QStringLiteral("/usr/lib/softhsm/libsofthsm2.so"); }
    static bool softhsmAvailable() { return QFile::exists(softhsmModule()); }

    // An NSS database for pdfsig that trusts root.pem: returns its "sql:DIR" argument, or empty.
    QString nssDatabase()
    {
        const QString dir = m_dir.path() + QStringLiteral("/nss");
        if (QFile::exists(dir + QStringLiteral("/cert9.db")))
            return QStringLiteral("sql:") + dir;
        QDir().mkpath(dir);
        if (!run(QStringLiteral("certutil"), {QStringLiteral("-N"), QStringLiteral("--empty-password"),
                                              QStringLiteral("-d"), QStringLiteral("sql:") + dir}))
            return {};
        if (!run(QStringLiteral("certutil"),
                 {QStringLiteral("-A"), QStringLiteral("-n"), QStringLiteral("oblik-test-root"),
                  QStringLiteral("-t"), QStringLiteral("CT,C,C"), QStringLiteral("-i"),
                  path(QStringLiteral("root.pem")), QStringLiteral("-d"), QStringLiteral("sql:") + dir}))
            return {};
        return QStringLiteral("sql:") + dir;
    }

    QString tempPath() const { return m_dir.path(); }

private:
    static QString script(const QString &name)
    {
        return QStringLiteral(OBLIK_SOURCE_DIR) + QStringLiteral("/tests/support/") + name;
    }
    bool run(const QString &program, const QStringList &args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            m_error = program + QLatin1Char(' ') + args.join(QLatin1Char(' ')) + QStringLiteral(": ") +
                      QString::fromLocal8Bit(p.readAll()) + p.errorString();
            return false;
        }
        return true;
    }

    QTemporaryDir m_dir;
    bool m_ok = false;
    QString m_error;
    QString m_softhsmConf;
    int m_tokens = 0;
};

} // namespace oblik::testing
