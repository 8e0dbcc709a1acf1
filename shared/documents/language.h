#pragma once
// The language a document is printed in. Independent of the user interface's language: a Russian
// speaking accountant may print Ukrainian documents. Only Ukrainian and Russian are document
// languages (the reference cabinets issue nothing else).

#include <QString>
#include <optional>

namespace oblik::documents {

enum class DocLanguage { Uk, Ru };

QString toString(DocLanguage language);                             // "uk", "ru"
std::optional<DocLanguage> docLanguageFromString(const QString &s); // "uk"/"ru" (case-insensitive)

} // namespace oblik::documents
