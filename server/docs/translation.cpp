#include "docs/translation.h"

#include <QTranslator>
#include <memory>
#include <mutex>

using namespace Qt::StringLiterals;

namespace oblik::docs {

namespace {

// Loaded once; QTranslator::translate() only reads afterwards, so threads may share them.
const QTranslator *translatorFor(const QString &language)
{
    static std::once_flag once;
    static std::unique_ptr<QTranslator> uk, ru;
    std::call_once(once, [] {
        uk = std::make_unique<QTranslator>();
        if (!uk->load(u":/i18n/oblik_uk.qm"_s))
            uk.reset();
        ru = std::make_unique<QTranslator>();
        if (!ru->load(u":/i18n/oblik_ru.qm"_s))
            ru.reset();
    });
    if (language == u"uk")
        return uk.get();
    if (language == u"ru")
        return ru.get();
    return nullptr;
}

} // namespace

QString translateIn(const QString &language, const char *context, const QString &source)
{
    const QTranslator *t = translatorFor(language);
    if (!t)
        return source;
    const QString text = t->translate(context, source.toUtf8().constData());
    return text.isEmpty() ? source : text;
}

} // namespace oblik::docs
