#include "documents/language.h"

namespace oblik::documents {

QString toString(DocLanguage language)
{
    switch (language) {
    case DocLanguage::Uk:
        return QStringLiteral("uk");
    case DocLanguage::Ru:
        return QStringLiteral("ru");
    }
    return QStringLiteral("uk");
}

std::optional<DocLanguage> docLanguageFromString(const QString &s)
{
    const QString lower = s.trimmed().toLower();
    if (lower == QLatin1String("uk"))
        return DocLanguage::Uk;
    if (lower == QLatin1String("ru"))
        return DocLanguage::Ru;
    return std::nullopt;
}

} // namespace oblik::documents
