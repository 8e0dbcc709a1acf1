#pragma once
// Texts in a language other than the process's: the documents' language (the supplier's /Reason)
// and the API caller's (a rejected signature's explanation). The server's own translators speak
// the administrator's language (LANG); these are separate, read-only QTranslators loaded once per
// language from ":/i18n/oblik_<lang>.qm" and safe to use from any thread.

#include <QString>

namespace oblik::docs {

// source (an English text of context) in language ("uk", "ru"; "en" or anything else: source).
// Falls back to source when the translation has no such text.
QString translateIn(const QString &language, const char *context, const QString &source);

} // namespace oblik::docs
