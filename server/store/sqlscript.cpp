#include "store/sqlscript.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace oblik::store {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

// True when the statement text so far only has whitespace and comments.
bool hasCode(const QString &stmt)
{
    static const QRegularExpression comments(u"--[^\\n]*|/\\*.*?\\*/"_s,
                                             QRegularExpression::DotMatchesEverythingOption);
    QString s = stmt;
    s.remove(comments);
    return !s.trimmed().isEmpty();
}

} // namespace

QStringList SqlScript::split(const QString &script)
{
    QStringList out;
    QString current;
    // Inside CREATE TRIGGER, semicolons end statements of the body until the matching END.
    int blockDepth = 0;
    bool inTrigger = false;
    QStringList leadingWords; // first words of the current statement, to spot CREATE [TEMP] TRIGGER

    auto flush = [&]() {
        if (hasCode(current))
            out.append(current.trimmed());
        current.clear();
        blockDepth = 0;
        inTrigger = false;
        leadingWords.clear();
    };

    const qsizetype n = script.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < n ? script.at(i + 1) : QChar();

        if (c == u'-' && next == u'-') { // line comment
            const qsizetype end = script.indexOf(u'\n', i);
            const qsizetype stop = end < 0 ? n : end;
            current += script.mid(i, stop - i);
            i = stop;
            continue;
        }
        if (c == u'/' && next == u'*') { // block comment
            const qsizetype end = script.indexOf(u"*/"_s, i + 2);
            const qsizetype stop = end < 0 ? n : end + 2;
            current += script.mid(i, stop - i);
            i = stop;
            continue;
        }
        if (c == u'\'' || c == u'"') { // quoted; a doubled quote is an escaped one
            qsizetype j = i + 1;
            while (j < n) {
                if (script.at(j) == c) {
                    if (j + 1 < n && script.at(j + 1) == c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            const qsizetype stop = j < n ? j + 1 : n;
            current += script.mid(i, stop - i);
            i = stop;
            continue;
        }
        if (c == u'$' && (i == 0 || !isWordChar(script.at(i - 1)))) { // dollar quote $tag$...$tag$
            qsizetype j = i + 1;
            while (j < n && (isWordChar(script.at(j))) && !script.at(j).isDigit())
                ++j;
            if (j < n && script.at(j) == u'$') {
                const QString tag = script.mid(i, j - i + 1);
                const qsizetype end = script.indexOf(tag, j + 1);
                const qsizetype stop = end < 0 ? n : end + tag.size();
                current += script.mid(i, stop - i);
                i = stop;
                continue;
            }
        }
        if (isWordChar(c) && (i == 0 || !isWordChar(script.at(i - 1)))) {
            qsizetype j = i;
            while (j < n && isWordChar(script.at(j)))
                ++j;
            const QString word = script.mid(i, j - i).toUpper();
            if (leadingWords.size() < 4) {
                leadingWords.append(word);
                if (leadingWords.size() >= 2 && leadingWords.first() == u"CREATE"_s &&
                    (leadingWords.at(1) == u"TRIGGER"_s ||
                     (leadingWords.size() >= 3 && leadingWords.at(2) == u"TRIGGER"_s &&
                      (leadingWords.at(1) == u"TEMP"_s || leadingWords.at(1) == u"TEMPORARY"_s))))
                    inTrigger = true;
            }
            if (inTrigger) {
                if (word == u"BEGIN"_s || word == u"CASE"_s)
                    ++blockDepth;
                else if (word == u"END"_s && blockDepth > 0)
                    --blockDepth;
            }
            current += script.mid(i, j - i);
            i = j;
            continue;
        }
        if (c == u';' && blockDepth == 0) {
            flush();
            ++i;
            continue;
        }
        current += c;
        ++i;
    }
    flush();
    return out;
}

} // namespace oblik::store
