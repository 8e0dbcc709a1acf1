#include "store/passwordhash.h"

#include <QByteArray>
#include <QRandomGenerator>

#include <argon2.h>

using namespace Qt::StringLiterals;

namespace oblik::store {

namespace {
constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKiB = 19456;
constexpr uint32_t kParallelism = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
} // namespace

QString hashPassword(const QString &password)
{
    const QByteArray pwd = password.toUtf8();
    quint32 salt[kSaltBytes / sizeof(quint32)];
    QRandomGenerator::system()->fillRange(salt);
    const size_t encodedLen =
        argon2_encodedlen(kTimeCost, kMemoryKiB, kParallelism, kSaltBytes, kHashBytes, Argon2_id);
    QByteArray encoded(qsizetype(encodedLen), '\0');
    const int rc =
        argon2id_hash_encoded(kTimeCost, kMemoryKiB, kParallelism, pwd.constData(), size_t(pwd.size()), salt,
                              kSaltBytes, kHashBytes, encoded.data(), encodedLen);
    if (rc != ARGON2_OK)
        return {};
    return QString::fromLatin1(encoded.constData()); // NUL-terminated inside the buffer
}

bool verifyPassword(const QString &encodedHash, const QString &password)
{
    if (!encodedHash.startsWith(u"$argon2id$"_s))
        return false;
    const QByteArray encoded = encodedHash.toLatin1();
    const QByteArray pwd = password.toUtf8();
    return argon2id_verify(encoded.constData(), pwd.constData(), size_t(pwd.size())) == ARGON2_OK;
}

} // namespace oblik::store
