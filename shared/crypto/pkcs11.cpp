#include "crypto/pkcs11.h"

#include "crypto/certificate_p.h"
#include "crypto/pkcs11_p.h"
#include "crypto/signingkey_p.h"

#include <QFile>
#include <QLoggingCategory>
#include <QUrl>
#include <algorithm>
#include <dlfcn.h>
#include <libp11.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <optional>
#include <p11-kit-1/p11-kit/pkcs11.h> // CK_ types; libp11 installs no pkcs11.h
#include <vector>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPkcs11, "oblik.crypto.pkcs11")

namespace oblik::crypto {

namespace {

// PKCS#11 return values (pkcs11t.h) that Oblik tells apart.
constexpr unsigned long kCkrOk = 0x000;
constexpr unsigned long kCkrSlotIdInvalid = 0x003;
constexpr unsigned long kCkrDeviceRemoved = 0x032;
constexpr unsigned long kCkrPinIncorrect = 0x0a0;
constexpr unsigned long kCkrPinInvalid = 0x0a1;
constexpr unsigned long kCkrPinLenRange = 0x0a2;
constexpr unsigned long kCkrPinExpired = 0x0a3;
constexpr unsigned long kCkrPinLocked = 0x0a4;
constexpr unsigned long kCkrTokenNotPresent = 0x0e0;
constexpr unsigned long kCkrUserAlreadyLoggedIn = 0x100;

// The loaded module with libp11's slot list. Shared by the Pkcs11Module and every key from it, so
// that the module stays loaded while a key lives. libp11 0.4.12's PKCS11_update_slots moves the slot
// array (and crashes on a second call here), so the slot list is made once per load; what is present
// now is asked of the module directly (C_GetSlotList, C_GetTokenInfo) through its function list.
struct Context
{
    QString path;
    PKCS11_CTX *ctx = nullptr;
    PKCS11_SLOT *slots = nullptr;
    unsigned int nslots = 0;
    bool loaded = false;
    void *handle = nullptr; // dlopen of the module libp11 loaded (RTLD_NOLOAD)
    CK_FUNCTION_LIST *functions = nullptr;

    ~Context() { unload(); }
    void unload()
    {
        if (slots != nullptr)
            PKCS11_release_all_slots(ctx, slots, nslots);
        slots = nullptr;
        nslots = 0;
        functions = nullptr;
        if (handle != nullptr)
            dlclose(handle);
        handle = nullptr;
        if (ctx != nullptr) {
            if (loaded)
                PKCS11_CTX_unload(ctx);
            PKCS11_CTX_free(ctx);
        }
        ctx = nullptr;
        loaded = false;
    }
    // Loads the module and lists its slots; the reason on failure.
    QString load()
    {
        ERR_clear_error();
        ctx = PKCS11_CTX_new();
        if (PKCS11_CTX_load(ctx, QFile::encodeName(path).constData()) != 0) {
            const QString why = detail::opensslError();
            return why.isEmpty() ? u"the library cannot be loaded"_s : why;
        }
        loaded = true;
        handle = dlopen(QFile::encodeName(path).constData(), RTLD_NOW | RTLD_NOLOAD);
        auto getList =
            handle ? reinterpret_cast<CK_C_GetFunctionList>(dlsym(handle, "C_GetFunctionList")) : nullptr;
        if (getList == nullptr || getList(&functions) != CKR_OK || functions == nullptr)
            return u"no C_GetFunctionList"_s;
        if (PKCS11_enumerate_slots(ctx, &slots, &nslots) != 0) {
            slots = nullptr;
            nslots = 0;
            return u"cannot list the slots: "_s + detail::opensslError();
        }
        return {};
    }
    // The tokens present now, straight from the module.
    QList<std::pair<CK_SLOT_ID, CK_TOKEN_INFO>> present() const
    {
        QList<std::pair<CK_SLOT_ID, CK_TOKEN_INFO>> out;
        CK_ULONG n = 0;
        if (functions == nullptr || functions->C_GetSlotList(CK_TRUE, nullptr, &n) != CKR_OK)
            return out;
        std::vector<CK_SLOT_ID> ids(n);
        if (n == 0 || functions->C_GetSlotList(CK_TRUE, ids.data(), &n) != CKR_OK)
            return out;
        for (CK_ULONG i = 0; i < n; ++i) {
            CK_TOKEN_INFO info{};
            if (functions->C_GetTokenInfo(ids[i], &info) == CKR_OK && (info.flags & CKF_TOKEN_INITIALIZED))
                out.append({ids[i], info});
        }
        return out;
    }
    CK_SLOT_ID slotIdOf(const PKCS11_SLOT *slot) const
    {
        return PKCS11_get_slotid_from_slot(const_cast<PKCS11_SLOT *>(slot));
    }
    // libp11's slot of the token with this serial (from the list made at load).
    PKCS11_SLOT *slotOf(const QString &serial) const
    {
        for (unsigned int i = 0; i < nslots; ++i) {
            PKCS11_SLOT *s = slots + i;
            if (s->token != nullptr && s->token->initialized &&
                QString::fromUtf8(s->token->serialnr).trimmed() == serial)
                return s;
        }
        return nullptr;
    }
};

QString padded(const unsigned char *s, size_t n)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(s), qsizetype(n)).trimmed();
}

TokenInfo tokenInfo(const CK_TOKEN_INFO &tok, const QString &slotDescription)
{
    TokenInfo t;
    t.slotDescription = slotDescription;
    t.label = padded(tok.label, sizeof tok.label);
    t.manufacturer = padded(tok.manufacturerID, sizeof tok.manufacturerID);
    t.model = padded(tok.model, sizeof tok.model);
    t.serial = padded(tok.serialNumber, sizeof tok.serialNumber);
    t.loginRequired = (tok.flags & CKF_LOGIN_REQUIRED) != 0;
    t.protectedAuthPath = (tok.flags & CKF_PROTECTED_AUTHENTICATION_PATH) != 0;
    t.pinCountLow = (tok.flags & CKF_USER_PIN_COUNT_LOW) != 0;
    t.pinFinalTry = (tok.flags & CKF_USER_PIN_FINAL_TRY) != 0;
    t.pinLocked = (tok.flags & CKF_USER_PIN_LOCKED) != 0;
    return t;
}

QString slotDescription(const Context &c, CK_SLOT_ID id)
{
    CK_SLOT_INFO info{};
    if (c.functions == nullptr || c.functions->C_GetSlotInfo(id, &info) != CKR_OK)
        return {};
    return padded(info.slotDescription, sizeof info.slotDescription);
}

// The token with this serial as the module sees it now; nullopt when absent.
std::optional<TokenInfo> tokenNow(const Context &c, const QString &serial)
{
    for (const auto &[id, info] : c.present()) {
        TokenInfo t = tokenInfo(info, slotDescription(c, id));
        if (t.serial == serial)
            return t;
    }
    return std::nullopt;
}

QString trimmed(const char *s)
{
    return s == nullptr ? QString() : QString::fromUtf8(s).trimmed();
}

// The PKCS#11 return value libp11 put on OpenSSL's error queue (its library code, the CK_RV as the
// reason); 0 when there is none. Empties the queue.
unsigned long lastCkr()
{
    unsigned long ckr = 0;
    unsigned long e;
    while ((e = ERR_get_error()) != 0) {
        if (int(ERR_GET_LIB(e)) == ERR_get_CKR_code())
            ckr = ERR_GET_REASON(e);
    }
    return ckr;
}

} // namespace

namespace detail {

Error pkcs11LoginError(unsigned long ckr, const TokenInfo &after)
{
    switch (ckr) {
    case kCkrOk:
    case kCkrUserAlreadyLoggedIn:
        return {};
    case kCkrPinIncorrect:
        if (after.pinLocked)
            return Error::make(u"crypto.pin_locked"_s);
        return Error::make(u"crypto.pin_incorrect"_s, {},
                           {after.pinFinalTry   ? u"final"_s
                            : after.pinCountLow ? u"low"_s
                                                : QString()});
    case kCkrPinLocked:
        return Error::make(u"crypto.pin_locked"_s);
    case kCkrPinExpired:
        return Error::make(u"crypto.pin_locked"_s, {}, {}, u"CKR_PIN_EXPIRED: the PIN must be changed"_s);
    case kCkrPinInvalid:
    case kCkrPinLenRange:
        return Error::make(u"crypto.pin_invalid"_s);
    case kCkrTokenNotPresent:
    case kCkrDeviceRemoved:
    case kCkrSlotIdInvalid:
        return Error::make(u"crypto.token_absent"_s, {}, {after.serial});
    default:
        return Error::make(u"crypto.sign_failed"_s, {}, {u"C_Login: CKR 0x"_s + QString::number(ckr, 16)});
    }
}

} // namespace detail

struct Pkcs11Module::Private
{
    std::shared_ptr<Context> context;
};

Pkcs11Module::Pkcs11Module() : d(std::make_unique<Private>()) {}
Pkcs11Module::~Pkcs11Module() = default;

Result<std::unique_ptr<Pkcs11Module>> Pkcs11Module::load(const QString &modulePath)
{
    ERR_clear_error();
    auto context = std::make_shared<Context>();
    context->path = modulePath;
    if (!QFile::exists(modulePath))
        return Error::make(u"crypto.module_load_failed"_s, {}, {modulePath, u"no such file"_s});
    const QString why = context->load();
    if (!why.isEmpty())
        return Error::make(u"crypto.module_load_failed"_s, {}, {modulePath, why});
    std::unique_ptr<Pkcs11Module> m(new Pkcs11Module);
    m->d->context = std::move(context);
    return m;
}

QString Pkcs11Module::path() const
{
    return d->context->path;
}

// Some modules (SoftHSM2 among them) only see a token created after C_Initialize when they are
// initialised again, and libp11's slot list is made at load. So when no key from this module lives
// (nothing is lost: no session is in use) the module is loaded again; with a key alive, the tokens
// present are still asked of the module directly, so removal and insertion into a known reader show.
static Error reloadIfIdle(std::shared_ptr<Context> &context)
{
    if (context.use_count() != 1)
        return {};
    auto fresh = std::make_shared<Context>();
    fresh->path = context->path;
    context.reset(); // C_Finalize before the next C_Initialize
    const QString why = fresh->load();
    context = std::move(fresh);
    if (!why.isEmpty())
        return Error::make(u"crypto.module_load_failed"_s, {}, {context->path, why});
    return {};
}

Result<QList<TokenInfo>> Pkcs11Module::tokens()
{
    const Error e = reloadIfIdle(d->context);
    if (!e.isNull())
        return e;
    QList<TokenInfo> out;
    for (const auto &[id, info] : d->context->present())
        out.append(tokenInfo(info, slotDescription(*d->context, id)));
    return out;
}

// libp11's slot of a token present now: reloads the slot list when it is stale and nothing is in use.
static PKCS11_SLOT *findSlot(std::shared_ptr<Context> &context, const QString &serial)
{
    if (!tokenNow(*context, serial))
        return nullptr;
    PKCS11_SLOT *slot = context->slotOf(serial);
    if (slot == nullptr && reloadIfIdle(context).isNull())
        slot = context->slotOf(serial);
    return slot;
}

namespace {

struct CertList
{
    PKCS11_CERT *certs = nullptr;
    unsigned int n = 0;
};

QByteArray idOf(const unsigned char *id, size_t len)
{
    return QByteArray(reinterpret_cast<const char *>(id), qsizetype(len));
}

} // namespace

Result<QList<TokenCertificate>> Pkcs11Module::certificates(const QString &tokenSerial)
{
    PKCS11_SLOT *slot = findSlot(d->context, tokenSerial);
    if (slot == nullptr)
        return Error::make(u"crypto.token_absent"_s, {}, {tokenSerial});
    ERR_clear_error();
    CertList list;
    if (PKCS11_enumerate_certs(slot->token, &list.certs, &list.n) != 0)
        return Error::make(u"crypto.token_absent"_s, {}, {tokenSerial}, detail::opensslError());
    // The private keys visible now (often only after login): when there are some, a certificate
    // without a key of the same CKA_ID is left out; when none is visible, every certificate that
    // is not a CA's is listed, as the key cannot be seen before login.
    PKCS11_KEY *keys = nullptr;
    unsigned int nkeys = 0;
    if (PKCS11_enumerate_keys(slot->token, &keys, &nkeys) != 0)
        nkeys = 0;
    ERR_clear_error();
    QList<TokenCertificate> out;
    for (unsigned int i = 0; i < list.n; ++i) {
        const PKCS11_CERT &c = list.certs[i];
        if (c.x509 == nullptr)
            continue;
        const QByteArray id = idOf(c.id, c.id_len);
        if (nkeys > 0) {
            bool hasKey = false;
            for (unsigned int k = 0; k < nkeys && !hasKey; ++k)
                hasKey = keys[k].isPrivate && idOf(keys[k].id, keys[k].id_len) == id;
            if (!hasKey)
                continue;
        } else if (X509_check_ca(c.x509) > 0) {
            continue;
        }
        TokenCertificate tc;
        tc.tokenSerial = tokenSerial;
        tc.id = id;
        tc.label = trimmed(c.label);
        tc.certificate = detail::certificateInfo(c.x509);
        out.append(tc);
    }
    std::sort(out.begin(), out.end(),
              [](const TokenCertificate &a, const TokenCertificate &b) { return a.id < b.id; });
    return out;
}

Result<SigningKey> Pkcs11Module::login(const QString &tokenSerial, const QByteArray &certificateId,
                                       const QString &pin)
{
    PKCS11_SLOT *slot = findSlot(d->context, tokenSerial);
    std::shared_ptr<Context> context = d->context;
    if (slot == nullptr)
        return Error::make(u"crypto.token_absent"_s, {}, {tokenSerial});
    if (auto now = tokenNow(*context, tokenSerial); now && now->pinLocked)
        return Error::make(u"crypto.pin_locked"_s);
    ERR_clear_error();
    int loggedIn = 0;
    if (PKCS11_is_logged_in(slot, 0, &loggedIn) != 0)
        loggedIn = 0;
    if (!loggedIn && PKCS11_login(slot, 0, pin.toUtf8().constData()) != 0) {
        const unsigned long ckr = lastCkr();
        // The token's flags after the failure: "few tries left", "final try", "locked".
        const std::optional<TokenInfo> after = tokenNow(*context, tokenSerial);
        if (!after)
            return Error::make(u"crypto.token_absent"_s, {}, {tokenSerial});
        Error e = detail::pkcs11LoginError(ckr == 0 ? kCkrPinIncorrect : ckr, *after);
        if (!e.isNull())
            return e;
    }
    ERR_clear_error();
    PKCS11_KEY *keys = nullptr;
    unsigned int nkeys = 0;
    if (PKCS11_enumerate_keys(slot->token, &keys, &nkeys) != 0)
        return Error::make(u"crypto.key_not_found"_s, {}, {QString::fromLatin1(certificateId.toHex())},
                           detail::opensslError());
    PKCS11_KEY *key = nullptr;
    for (unsigned int k = 0; k < nkeys && key == nullptr; ++k) {
        if (keys[k].isPrivate && idOf(keys[k].id, keys[k].id_len) == certificateId)
            key = keys + k;
    }
    CertList list;
    PKCS11_enumerate_certs(slot->token, &list.certs, &list.n);
    X509 *cert = nullptr;
    STACK_OF(X509) *cas = sk_X509_new_null();
    for (unsigned int i = 0; i < list.n; ++i) {
        X509 *x = list.certs[i].x509;
        if (x == nullptr)
            continue;
        if (cert == nullptr && idOf(list.certs[i].id, list.certs[i].id_len) == certificateId)
            cert = X509_dup(x);
        else if (X509_check_ca(x) > 0)
            sk_X509_push(cas, X509_dup(x));
    }
    if (key == nullptr || cert == nullptr) {
        X509_free(cert);
        sk_X509_pop_free(cas, X509_free);
        return Error::make(u"crypto.key_not_found"_s, {}, {QString::fromLatin1(certificateId.toHex())});
    }
    EVP_PKEY *pkey = PKCS11_get_private_key(key);
    if (pkey == nullptr) {
        X509_free(cert);
        sk_X509_pop_free(cas, X509_free);
        return Error::make(u"crypto.key_not_found"_s, {}, {QString::fromLatin1(certificateId.toHex())},
                           detail::opensslError());
    }
    auto p = std::make_shared<SigningKey::Private>();
    p->adopt(pkey, cert, cas);
    // Only what issued the certificate belongs to its chain; adopt keeps the rest at the end.
    while (!p->chainInfo.isEmpty()) {
        X509 *last = sk_X509_value(p->chain, sk_X509_num(p->chain) - 1);
        X509 *prev = sk_X509_num(p->chain) > 1 ? sk_X509_value(p->chain, sk_X509_num(p->chain) - 2) : p->cert;
        if (X509_check_issued(last, prev) == X509_V_OK)
            break;
        X509_free(sk_X509_pop(p->chain));
        p->chainInfo.removeLast();
    }
    p->onToken = true;
    p->keepAlive = context;
    std::weak_ptr<Context> weak = context;
    p->diagnoseFailure = [weak, tokenSerial]() -> Error {
        auto c = weak.lock();
        if (!c || !tokenNow(*c, tokenSerial))
            return Error::make(u"crypto.token_absent"_s, {}, {tokenSerial});
        return {};
    };
    if (!detail::keySupported(p->pkey))
        return Error::make(u"crypto.key_unsupported"_s, {}, {detail::keyAlgorithm(p->pkey)});
    if (X509_check_private_key(p->cert, p->pkey) != 1) {
        ERR_clear_error();
        return Error::make(u"crypto.key_not_found"_s, {}, {QString::fromLatin1(certificateId.toHex())},
                           u"the key does not match the certificate"_s);
    }
    return SigningKey(std::move(p));
}

// --- URIs ---------------------------------------------------------------------------------------

namespace {

bool percentDecode(const QString &in, QByteArray *out)
{
    const QByteArray raw = in.toUtf8();
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] == '%') {
            if (i + 2 >= raw.size())
                return false;
            if (!isxdigit(uchar(raw[i + 1])) || !isxdigit(uchar(raw[i + 2])))
                return false;
        }
    }
    *out = QByteArray::fromPercentEncoding(raw);
    return true;
}

} // namespace

Result<Pkcs11Uri> Pkcs11Uri::parse(const QString &uri)
{
    auto invalid = [&uri](const QString &why) {
        return Error::make(u"crypto.uri_invalid"_s, {}, {uri, why});
    };
    if (!uri.startsWith(u"pkcs11:"_s, Qt::CaseInsensitive))
        return invalid(u"it does not start with pkcs11:"_s);
    const QString rest = uri.mid(7);
    const qsizetype q = rest.indexOf(u'?');
    const QString path = q < 0 ? rest : rest.left(q);
    const QString query = q < 0 ? QString() : rest.mid(q + 1);
    Pkcs11Uri out;
    QStringList seen;
    auto each = [&](const QString &part, QChar sep, bool isQuery) -> Error {
        if (part.isEmpty())
            return {};
        for (const QString &attr : part.split(sep)) {
            if (attr.isEmpty())
                continue;
            const qsizetype eq = attr.indexOf(u'=');
            if (eq <= 0)
                return invalid(u"\""_s + attr + u"\" is not name=value"_s);
            const QString name = attr.left(eq).toLower();
            QByteArray value;
            if (!percentDecode(attr.mid(eq + 1), &value))
                return invalid(u"bad percent-encoding in "_s + name);
            if (seen.contains(name))
                return invalid(name + u" appears twice"_s);
            seen.append(name);
            const QString text = QString::fromUtf8(value);
            if (!isQuery) {
                if (name == u"token")
                    out.token = text;
                else if (name == u"serial")
                    out.serial = text;
                else if (name == u"id")
                    out.id = value;
                else if (name == u"object")
                    out.object = text;
                // type, manufacturer, model, library-*, slot-*: not needed to find the key
            } else {
                if (name == u"module-path")
                    out.modulePath = text;
                else if (name == u"pin-source")
                    out.pinSource = text;
                else if (name == u"pin-value")
                    out.pinValue = text;
            }
        }
        return {};
    };
    Error e = each(path, u';', false);
    if (e.isNull())
        e = each(query, u'&', true);
    if (!e.isNull())
        return e;
    return out;
}

Result<SigningKey> openPkcs11Key(const Pkcs11Uri &uri, const QString &pin)
{
    if (uri.modulePath.isEmpty())
        return Error::make(u"crypto.uri_invalid"_s, {}, {u"pkcs11:"_s, u"no module-path"_s});
    QString thePin = pin;
    if (thePin.isEmpty())
        thePin = uri.pinValue;
    if (thePin.isEmpty() && !uri.pinSource.isEmpty()) {
        QString path = uri.pinSource;
        if (path.startsWith(u"file://"_s))
            path = QUrl(path).toLocalFile();
        else if (path.startsWith(u"file:"_s))
            path = path.mid(5);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return Error::make(u"crypto.file_unreadable"_s, {}, {path}, f.errorString());
        thePin = QString::fromUtf8(f.readLine()).trimmed();
    }
    auto module = Pkcs11Module::load(uri.modulePath);
    if (!module)
        return module.error();
    auto tokens = module.value()->tokens();
    if (!tokens)
        return tokens.error();
    const TokenInfo *token = nullptr;
    for (const TokenInfo &t : tokens.value()) {
        if ((uri.token.isEmpty() || t.label == uri.token) &&
            (uri.serial.isEmpty() || t.serial == uri.serial)) {
            token = &t;
            break;
        }
    }
    if (token == nullptr)
        return Error::make(u"crypto.token_absent"_s, {}, {uri.token.isEmpty() ? uri.serial : uri.token});
    auto certs = module.value()->certificates(token->serial);
    if (!certs)
        return certs.error();
    QByteArray id;
    bool found = false;
    for (const TokenCertificate &c : certs.value()) {
        if ((uri.id.isEmpty() || c.id == uri.id) && (uri.object.isEmpty() || c.label == uri.object)) {
            id = c.id;
            found = true;
            break;
        }
    }
    if (!found)
        return Error::make(u"crypto.key_not_found"_s, {},
                           {uri.id.isEmpty() ? uri.object : QString::fromLatin1(uri.id.toHex())});
    // The key keeps the module loaded (SigningKey::Private::keepAlive) after the module object goes.
    return module.value()->login(token->serial, id, thePin);
}

} // namespace oblik::crypto
