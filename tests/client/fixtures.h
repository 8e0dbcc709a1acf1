#pragma once
// The JSON fixtures of tests/client/data, decoded by the protocol codecs as the client decodes
// the server's answers.

#include "protocol/codec.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

namespace oblik::testing {

inline QJsonObject readJsonFixture(const char *name)
{
    QFile f(QStringLiteral(OBLIK_SOURCE_DIR "/tests/client/data/") + QString::fromLatin1(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("fixture %s missing", name);
    return QJsonDocument::fromJson(f.readAll()).object();
}

inline domain::AccountDetail accountFixture()
{
    const auto r = protocol::accountDetailFromJson(readJsonFixture("account.json"));
    if (!r)
        qFatal("account.json does not decode: %s", qPrintable(r.error().detail()));
    return r.value();
}

inline protocol::AccountList accountListFixture()
{
    const auto r = protocol::accountListFromJson(readJsonFixture("accounts.json"));
    if (!r)
        qFatal("accounts.json does not decode: %s", qPrintable(r.error().detail()));
    return r.value();
}

} // namespace oblik::testing
