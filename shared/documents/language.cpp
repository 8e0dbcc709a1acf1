#include "documents/language.h"

using namespace Qt::StringLiterals;

namespace oblik::documents {

QString toString(DocLanguage language)
{
    return language == DocLanguage::Ru ? u"ru"_s : u"uk"_s;
}

std::optional<DocLanguage> docLanguageFromString(const QString &s)
{
    const QString l = s.trimmed().toLower();
    if (l == u"uk"_s)
        return DocLanguage::Uk;
    if (l == u"ru"_s)
        return DocLanguage::Ru;
    return std::nullopt;
}

} // namespace oblik::documents
