#pragma once
// The languages Oblik speaks and the translators that make it speak one: Oblik's own texts
// (":/i18n/oblik_<lang>.qm", compiled from the .ts files next to this one) and Qt's standard
// dialogs (qtbase_<lang>.qm from the Qt installation). Switching replaces both at run time, so
// widgets receive QEvent::LanguageChange and can retranslate in place.

#include <QList>
#include <QString>
#include <QStringList>
#include <memory>

class QTranslator;

namespace oblik::i18n {

// "en", "uk", "ru": English is the source language.
QStringList availableLanguages();
// A language's own name for menus ("English", "Українська", "Русский"); never translated.
QString nativeName(const QString &language);
// The first of the user's system UI languages Oblik has, else "en".
QString systemLanguage();
// "uk-UA", "ru" ... to one of availableLanguages(), or empty when unknown.
QString normalize(const QString &language);

class Translators
{
public:
    Translators();
    ~Translators();
    Translators(const Translators &) = delete;
    Translators &operator=(const Translators &) = delete;

    // Installs the language's translators in the application (removing the previous ones) and
    // makes its locale the default for number and date formats. False for an unknown language
    // or when Oblik's own .qm is missing (then English stays).
    bool install(const QString &language);
    QString current() const { return m_current; }

private:
    void removeAll();
    QList<QTranslator *> m_installed;
    QString m_current = QStringLiteral("en");
};

} // namespace oblik::i18n
