#pragma once
// What the user set up for signing (docs/signatures.md, "Client"), in QSettings under signing/:
// the PKCS#11 module paths (the vendor libraries of the user's tokens), the key files used lately,
// and the trust anchors (PEM files) signatures are verified against on this computer.

#include "core/error.h"

#include <QString>
#include <QStringList>

namespace oblik::crypto {
struct TrustSettings;
}

namespace oblik::client::sign {

// The usual module libraries of this platform that exist here (SoftHSM2 and OpenSC on Linux, the
// common vendors' DLLs on Windows).
QStringList defaultModulePaths();
// The configured paths; the defaults until the user saved a list.
QStringList modulePaths();
void setModulePaths(const QStringList &paths);

// Newest first, at most 8.
QStringList recentKeyFiles();
void addRecentKeyFile(const QString &path);
void setRecentKeyFiles(const QStringList &paths);

QStringList trustAnchorFiles();
void setTrustAnchorFiles(const QStringList &paths);
// The anchors read from the files; an unreadable file is skipped and named in *problems.
crypto::TrustSettings trustSettings(QStringList *problems = nullptr);

} // namespace oblik::client::sign
