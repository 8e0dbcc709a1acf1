#include "sign/signsettings.h"

#include "crypto/verification.h"

#include <QFile>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace oblik::client::sign {

namespace {
const QString kModules = u"signing/modules"_s;
const QString kRecent = u"signing/recentKeyFiles"_s;
const QString kAnchors = u"signing/trustAnchors"_s;
constexpr int kMaxRecent = 8;
} // namespace

QStringList defaultModulePaths()
{
    QStringList candidates;
#ifdef Q_OS_WIN
    // The DLLs Ukrainian and common tokens install into System32.
    candidates = {u"C:/Windows/System32/eTPKCS11.dll"_s, u"C:/Windows/System32/cryptoki.dll"_s,
                  u"C:/Windows/System32/opensc-pkcs11.dll"_s, u"C:/Windows/System32/rtpkcs11ecp.dll"_s,
                  u"C:/Windows/System32/avcryptokinxt.dll"_s};
#elif defined(Q_OS_MACOS)
    candidates = {u"/Library/OpenSC/lib/opensc-pkcs11.so"_s, u"/usr/local/lib/libeTPkcs11.dylib"_s};
#else
    candidates = {u"/usr/lib/softhsm/libsofthsm2.so"_s, u"/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"_s};
#endif
    QStringList out;
    for (const QString &p : candidates)
        if (QFile::exists(p))
            out.append(p);
    return out;
}

QStringList modulePaths()
{
    QSettings s;
    if (!s.contains(kModules))
        return defaultModulePaths();
    return s.value(kModules).toStringList();
}

void setModulePaths(const QStringList &paths)
{
    QSettings().setValue(kModules, paths);
}

QStringList recentKeyFiles()
{
    return QSettings().value(kRecent).toStringList();
}

void addRecentKeyFile(const QString &path)
{
    QStringList list = recentKeyFiles();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > kMaxRecent)
        list.removeLast();
    setRecentKeyFiles(list);
}

void setRecentKeyFiles(const QStringList &paths)
{
    QSettings().setValue(kRecent, paths);
}

QStringList trustAnchorFiles()
{
    return QSettings().value(kAnchors).toStringList();
}

void setTrustAnchorFiles(const QStringList &paths)
{
    QSettings().setValue(kAnchors, paths);
}

crypto::TrustSettings trustSettings(QStringList *problems)
{
    crypto::TrustSettings all;
    for (const QString &file : trustAnchorFiles()) {
        auto one = crypto::TrustSettings::fromFiles({file});
        if (!one) {
            if (problems)
                problems->append(file + u": "_s + one.error().message());
            continue;
        }
        all.anchorsDer += one.value().anchorsDer;
    }
    return all;
}

} // namespace oblik::client::sign
