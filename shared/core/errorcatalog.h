#pragma once
// The one table of error codes and their human texts (errorcatalog.cpp). Error::message() reads it;
// the protocol layer and tests use these to list and check codes.

#include <QString>
#include <QStringList>

namespace oblik {

// The translation context of every catalog text (lupdate sees it through QT_TRANSLATE_NOOP).
inline constexpr char ErrorTranslationContext[] = "oblik::Error";

// Every code the catalog knows, in table order.
QStringList knownErrorCodes();
bool isKnownErrorCode(const QString &code);

// The translated text for code with %1.. replaced by args (each placeholder once, left to right,
// so an argument that itself contains "%2" is not expanded again). A placeholder without an
// argument becomes "…". An unknown code gives a generic text that names the code.
QString errorMessage(const QString &code, const QStringList &args);

} // namespace oblik
