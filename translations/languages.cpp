#include "translations/languages.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QTranslator>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcI18n, "oblik.i18n")

namespace oblik::i18n {

QStringList availableLanguages()
{
    return {u"en"_s, u"uk"_s, u"ru"_s};
}

QString nativeName(const QString &language)
{
    if (language == u"uk"_s)
        return u"Українська"_s;
    if (language == u"ru"_s)
        return u"Русский"_s;
    return u"English"_s;
}

QString normalize(const QString &language)
{
    const QString l = language.trimmed().toLower().left(2);
    return availableLanguages().contains(l) ? l : QString();
}

QString systemLanguage()
{
    for (const QString &l : QLocale::system().uiLanguages()) {
        const QString n = normalize(l);
        if (!n.isEmpty())
            return n;
    }
    return u"en"_s;
}

Translators::Translators() = default;

Translators::~Translators()
{
    removeAll();
}

void Translators::removeAll()
{
    for (QTranslator *t : std::as_const(m_installed)) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
    m_installed.clear();
}

bool Translators::install(const QString &language)
{
    const QString lang = normalize(language);
    if (lang.isEmpty())
        return false;
    QList<QTranslator *> fresh;
    // English too has a .qm: the source texts hold "%n day(s)", and only it knows "1 day, 2 days".
    auto own = std::make_unique<QTranslator>();
    if (!own->load(u":/i18n/oblik_"_s + lang + u".qm"_s)) {
        qCWarning(lcI18n) << "no translation for" << lang;
        return false;
    }
    fresh.append(own.release());
    if (lang != u"en"_s) {
        auto qt = std::make_unique<QTranslator>();
        // Qt's own dialogs and buttons (OK, Cancel, file dialogs).
        if (qt->load(u"qtbase_"_s + lang, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            fresh.append(qt.release());
        else
            qCInfo(lcI18n) << "qtbase translation for" << lang << "not found";
    }
    removeAll();
    // Installed in reverse: the last installed translator is asked first, and Oblik's own texts
    // must win over Qt's.
    for (auto it = fresh.rbegin(); it != fresh.rend(); ++it)
        QCoreApplication::installTranslator(*it);
    m_installed = fresh;
    m_current = lang;
    QLocale::setDefault(lang == u"uk"_s   ? QLocale(QLocale::Ukrainian, QLocale::Ukraine)
                        : lang == u"ru"_s ? QLocale(QLocale::Russian, QLocale::Russia)
                                          : QLocale(QLocale::English, QLocale::UnitedKingdom));
    return true;
}

} // namespace oblik::i18n
