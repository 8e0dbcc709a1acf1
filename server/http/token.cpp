#include "http/token.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <iterator>

namespace oblik::http::token {

static constexpr int kTokenBytes = 32;

QString generate()
{
    // QRandomGenerator::system() reads the operating system's CSPRNG (getrandom on Linux).
    quint32 words[kTokenBytes / 4];
    QRandomGenerator::system()->generate(std::begin(words), std::end(words));
    const QByteArray bytes(reinterpret_cast<const char *>(words), kTokenBytes);
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString hash(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

bool looksValid(const QString &text)
{
    if (text.size() < 43 || text.size() > 128)
        return false;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ||
                        u == u'-' || u == u'_';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace oblik::http::token
