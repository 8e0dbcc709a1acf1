#include "sign/signingcontroller.h"

#include "sign/signsettings.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace oblik::client::sign {

SigningController::SigningController(QObject *parent) : SigningController(modulePaths(), parent) {}

SigningController::SigningController(const QStringList &modulePaths, QObject *parent)
    : QObject(parent), m_worker(new TokenWorker), m_paths(modulePaths)
{
    m_thread.setObjectName(u"oblik-token"_s);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &TokenWorker::tokensChanged, this, [this](const QList<TokenEntry> &t) {
        m_tokens = t;
        Q_EMIT tokensChanged(t);
    });
    connect(m_worker, &TokenWorker::certificatesReady, this, [this](const QList<CertificateEntry> &c) {
        m_certificates = c;
        m_polled = true;
        Q_EMIT certificatesChanged(c);
    });
    connect(m_worker, &TokenWorker::moduleFailed, this, [this](const QString &path, const Error &e) {
        m_moduleErrors.insert(path, e);
        Q_EMIT moduleFailed(path, e);
    });
    connect(m_worker, &TokenWorker::loginFinished, this, &SigningController::loginFinished);
    connect(m_worker, &TokenWorker::signFinished, this, &SigningController::signFinished);
    connect(m_worker, &TokenWorker::signFailed, this, &SigningController::signFailed);
    connect(m_worker, &TokenWorker::progress, this, &SigningController::progress);
    connect(m_worker, &TokenWorker::batchFinished, this, &SigningController::batchFinished);
    start();
}

SigningController::~SigningController()
{
    m_worker->requestCancel();
    m_thread.quit();
    m_thread.wait();
}

void SigningController::start()
{
    m_thread.start();
    setModulePaths(m_paths);
}

void SigningController::setModulePaths(const QStringList &paths)
{
    m_paths = paths;
    m_moduleErrors.clear();
    QMetaObject::invokeMethod(m_worker, "setModulePaths", Qt::QueuedConnection, Q_ARG(QStringList, paths));
}

void SigningController::setPollInterval(int ms)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, ms] { w->setPollInterval(ms); }, Qt::QueuedConnection);
}

void SigningController::refresh()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->pollTokens(true); }, Qt::QueuedConnection);
}

void SigningController::login(const CertificateEntry &c, const QString &pin)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, c, pin] { w->login(c.modulePath, c.tokenSerial, c.id, pin); },
        Qt::QueuedConnection);
}

void SigningController::openKeyFile(const QString &path, const QString &password)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, path, password] { w->openKeyFile(path, password); }, Qt::QueuedConnection);
}

void SigningController::sign(const QString &keyRef, const QList<SignRequest> &requests, const QString &reason)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, keyRef, requests, reason] { w->signDocuments(keyRef, requests, reason); },
        Qt::QueuedConnection);
}

void SigningController::cancel()
{
    m_worker->requestCancel();
}

void SigningController::forgetKeys()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->forgetKeys(); }, Qt::QueuedConnection);
}

QString pinStateText(const crypto::TokenInfo &t)
{
    if (t.pinLocked)
        return QCoreApplication::translate("oblik::client::sign",
                                           "The PIN is locked: ask your certificate issuer to unlock it.");
    if (t.pinFinalTry)
        return QCoreApplication::translate("oblik::client::sign", "One more wrong PIN locks the card.");
    if (t.pinCountLow)
        return QCoreApplication::translate("oblik::client::sign",
                                           "An earlier PIN was wrong: few tries left.");
    return {};
}

QString loginErrorText(const Error &e)
{
    if (e.code() == u"crypto.pin_incorrect"_s) {
        const QString flag = e.args().value(0);
        if (flag == u"final"_s)
            return QCoreApplication::translate("oblik::client::sign",
                                               "Wrong PIN. One more wrong PIN locks the card.");
        if (flag == u"low"_s)
            return QCoreApplication::translate("oblik::client::sign", "Wrong PIN. Few tries left.");
        return QCoreApplication::translate("oblik::client::sign", "Wrong PIN. Try again.");
    }
    if (e.code() == u"crypto.pin_locked"_s)
        return QCoreApplication::translate("oblik::client::sign",
                                           "The PIN is locked: ask your certificate issuer to unlock it.");
    if (e.code() == u"crypto.p12_password"_s)
        return QCoreApplication::translate("oblik::client::sign",
                                           "Wrong password for the key file. Try again.");
    return e.message();
}

} // namespace oblik::client::sign
