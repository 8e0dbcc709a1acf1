#include "sign/tokenworker.h"

#include "crypto/pades.h"

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcToken, "oblik.client.sign")

namespace oblik::client::sign {

QString CertificateEntry::keyRef() const
{
    return u"pkcs11:%1|%2|%3"_s.arg(modulePath, tokenSerial, QString::fromLatin1(id.toHex()));
}

QString unusableReason(const crypto::CertificateInfo &c, const QDateTime &now)
{
    const QLocale locale;
    if (c.notAfter.isValid() && now > c.notAfter)
        return TokenWorker::tr("Expired on %1")
            .arg(locale.toString(c.notAfter.toLocalTime().date(), QLocale::ShortFormat));
    if (c.notBefore.isValid() && now < c.notBefore)
        return TokenWorker::tr("Valid only from %1")
            .arg(locale.toString(c.notBefore.toLocalTime().date(), QLocale::ShortFormat));
    if (!c.allowsSigning())
        return TokenWorker::tr("Not for signing documents (key usage)");
    if (c.isCa)
        return TokenWorker::tr("A certificate authority's certificate");
    return {};
}

TokenWorker::TokenWorker(QObject *parent) : QObject(parent)
{
    static const bool registered = [] {
        qRegisterMetaType<oblik::Error>();
        qRegisterMetaType<TokenEntry>();
        qRegisterMetaType<CertificateEntry>();
        qRegisterMetaType<SignRequest>();
        qRegisterMetaType<QList<oblik::client::sign::TokenEntry>>();
        qRegisterMetaType<QList<oblik::client::sign::CertificateEntry>>();
        qRegisterMetaType<QList<oblik::client::sign::SignRequest>>();
        return true;
    }();
    Q_UNUSED(registered);
}

TokenWorker::~TokenWorker()
{
    // Keys first: a token's key holds the module's session.
    m_keys.clear();
    m_modules.clear();
}

void TokenWorker::setPollInterval(int ms)
{
    m_pollMs = ms;
    if (m_timer)
        m_timer->setInterval(ms);
}

void TokenWorker::setModulePaths(const QStringList &paths)
{
    m_paths = paths;
    m_failedPaths.clear();
    if (!m_timer) {
        // Created here, on the worker's thread, so that it fires there.
        m_timer = new QTimer(this);
        m_timer->setInterval(m_pollMs);
        connect(m_timer, &QTimer::timeout, this, [this] { pollTokens(false); });
    }
    m_timer->start();
    pollTokens(true);
}

crypto::Pkcs11Module *TokenWorker::module(const QString &path)
{
    if (auto it = m_modules.find(path); it != m_modules.end())
        return it->second.get();
    if (m_failedPaths.contains(path))
        return nullptr;
    auto loaded = crypto::Pkcs11Module::load(path);
    if (!loaded) {
        // Said once per setModulePaths, not every two seconds.
        m_failedPaths.append(path);
        qCWarning(lcToken) << "module" << path << loaded.error().code() << loaded.error().detail();
        Q_EMIT moduleFailed(path, loaded.error());
        return nullptr;
    }
    std::unique_ptr<crypto::Pkcs11Module> owned = std::move(loaded).value();
    auto *raw = owned.get();
    m_modules.emplace(path, std::move(owned));
    return raw;
}

void TokenWorker::pollTokens(bool force)
{
    QList<TokenEntry> tokens;
    QStringList keys;
    for (const QString &path : std::as_const(m_paths)) {
        crypto::Pkcs11Module *m = module(path);
        if (!m)
            continue;
        auto list = m->tokens();
        if (!list) {
            qCDebug(lcToken) << "tokens of" << path << list.error().code();
            continue;
        }
        for (const crypto::TokenInfo &t : list.value()) {
            tokens.append(TokenEntry{path, t});
            // The PIN flags are part of the key: a dialog showing them must hear of a change.
            keys.append(u"%1|%2|%3|%4%5%6"_s.arg(path, t.serial, t.label)
                            .arg(int(t.pinCountLow))
                            .arg(int(t.pinFinalTry))
                            .arg(int(t.pinLocked)));
        }
    }
    if (!force && keys == m_lastTokenKeys)
        return;
    m_lastTokenKeys = keys;
    Q_EMIT tokensChanged(tokens);

    QList<CertificateEntry> certs;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const TokenEntry &t : std::as_const(tokens)) {
        crypto::Pkcs11Module *m = module(t.modulePath);
        if (!m)
            continue;
        auto list = m->certificates(t.info.serial);
        if (!list)
            continue;
        for (const crypto::TokenCertificate &c : list.value()) {
            CertificateEntry e;
            e.modulePath = t.modulePath;
            e.tokenSerial = t.info.serial;
            e.tokenLabel = t.info.label;
            e.id = c.id;
            e.certificate = c.certificate;
            e.protectedAuthPath = t.info.protectedAuthPath;
            e.unusableReason = unusableReason(c.certificate, now);
            certs.append(e);
        }
    }
    Q_EMIT certificatesReady(certs);
}

std::optional<crypto::TokenInfo> TokenWorker::tokenInfo(const QString &modulePath, const QString &serial)
{
    crypto::Pkcs11Module *m = module(modulePath);
    if (!m)
        return std::nullopt;
    auto list = m->tokens();
    if (!list)
        return std::nullopt;
    for (const crypto::TokenInfo &t : list.value())
        if (t.serial == serial)
            return t;
    return std::nullopt;
}

void TokenWorker::login(const QString &modulePath, const QString &tokenSerial,
                        const QByteArray &certificateId, const QString &pin)
{
    CertificateEntry ref;
    ref.modulePath = modulePath;
    ref.tokenSerial = tokenSerial;
    ref.id = certificateId;
    const QString keyRef = ref.keyRef();
    crypto::Pkcs11Module *m = module(modulePath);
    if (!m) {
        Q_EMIT loginFinished(keyRef, Error::make(u"crypto.module_load_failed"_s, {}, {modulePath, QString()}),
                             TokenEntry{modulePath, {}});
        return;
    }
    auto key = m->login(tokenSerial, certificateId, pin);
    TokenEntry after{modulePath, tokenInfo(modulePath, tokenSerial).value_or(crypto::TokenInfo{})};
    if (!key) {
        qCInfo(lcToken) << "login to" << tokenSerial << "failed:" << key.error().code() << key.error().args();
        Q_EMIT loginFinished(keyRef, key.error(), after);
        // The PIN flags changed: the next poll tells every list.
        pollTokens(false);
        return;
    }
    m_keys.insert(keyRef, key.value());
    Q_EMIT loginFinished(keyRef, Error(), after);
}

void TokenWorker::openKeyFile(const QString &path, const QString &password)
{
    const QString keyRef = u"file:"_s + path;
    auto key = crypto::SigningKey::fromPkcs12File(path, password);
    if (!key) {
        Q_EMIT loginFinished(keyRef, key.error(), TokenEntry{});
        return;
    }
    m_keys.insert(keyRef, key.value());
    Q_EMIT loginFinished(keyRef, Error(), TokenEntry{});
}

void TokenWorker::signDocuments(const QString &keyRef, const QList<SignRequest> &requests,
                                const QString &reason)
{
    m_cancel.store(false);
    const auto it = m_keys.constFind(keyRef);
    int done = 0, ok = 0, failed = 0;
    const int total = int(requests.size());
    for (const SignRequest &r : requests) {
        if (m_cancel.load()) {
            Q_EMIT batchFinished(ok, failed, true);
            return;
        }
        if (it == m_keys.constEnd()) {
            Q_EMIT signFailed(r.documentKey, Error::make(u"crypto.key_not_found"_s, {}, {keyRef}));
            ++failed;
        } else {
            crypto::pdf::SignatureFieldOptions options;
            options.name = it->certificate().commonName;
            options.reason = reason;
            auto signedPdf = crypto::signPdf(r.pdf, *it, options);
            if (signedPdf) {
                ++ok;
                Q_EMIT signFinished(r.documentKey, signedPdf.value());
            } else {
                ++failed;
                qCWarning(lcToken) << "signing" << r.documentKey << "failed:" << signedPdf.error().code()
                                   << signedPdf.error().detail();
                Q_EMIT signFailed(r.documentKey, signedPdf.error());
            }
        }
        Q_EMIT progress(++done, total);
    }
    Q_EMIT batchFinished(ok, failed, false);
}

void TokenWorker::forgetKeys()
{
    m_keys.clear();
}

} // namespace oblik::client::sign
