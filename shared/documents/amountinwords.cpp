#include "documents/amountinwords.h"

#include <QStringList>
#include <array>

// The words are plain data per language; one algorithm spells three-digit groups (units with the
// group's gender, teens, tens, hundreds) followed by the group's name in its plural form. The
// apostrophe is the ASCII one ("п'ять"), as accountants type it and search for it in a PDF.

namespace oblik::documents {

namespace {

// Plural forms shared by Ukrainian and Russian: 1 (21, 101...), 2-4 (22, 103...), 0 and 5-20 (and
// 11-14 whatever the last digit).
enum PluralForm { One = 0, Few = 1, Many = 2 };

PluralForm pluralForm(quint64 n)
{
    const quint64 lastTwo = n % 100;
    if (lastTwo >= 11 && lastTwo <= 14)
        return Many;
    const quint64 last = n % 10;
    if (last == 1)
        return One;
    if (last >= 2 && last <= 4)
        return Few;
    return Many;
}

struct Noun
{
    std::array<const char16_t *, 3> forms; // one, few, many
    Gender gender;
};

struct Words
{
    const char16_t *zero;
    const char16_t *minus;
    std::array<const char16_t *, 3> one; // masculine, feminine, neuter
    std::array<const char16_t *, 3> two;
    std::array<const char16_t *, 10> units;    // [0], [1], [2] unused (gendered above)
    std::array<const char16_t *, 10> teens;    // 10..19
    std::array<const char16_t *, 10> tens;     // [2..9]
    std::array<const char16_t *, 10> hundreds; // [1..9]
    std::array<Noun, 3> groups;                // thousand, million, billion
    Noun hryvnia;
    Noun kopeck;
};

const Words uk = {
    u"нуль",
    u"мінус",
    {u"один", u"одна", u"одне"},
    {u"два", u"дві", u"два"},
    {u"", u"", u"", u"три", u"чотири", u"п'ять", u"шість", u"сім", u"вісім", u"дев'ять"},
    {u"десять", u"одинадцять", u"дванадцять", u"тринадцять", u"чотирнадцять", u"п'ятнадцять", u"шістнадцять",
     u"сімнадцять", u"вісімнадцять", u"дев'ятнадцять"},
    {u"", u"", u"двадцять", u"тридцять", u"сорок", u"п'ятдесят", u"шістдесят", u"сімдесят", u"вісімдесят",
     u"дев'яносто"},
    {u"", u"сто", u"двісті", u"триста", u"чотириста", u"п'ятсот", u"шістсот", u"сімсот", u"вісімсот",
     u"дев'ятсот"},
    {Noun{{u"тисяча", u"тисячі", u"тисяч"}, Gender::Feminine},
     Noun{{u"мільйон", u"мільйони", u"мільйонів"}, Gender::Masculine},
     Noun{{u"мільярд", u"мільярди", u"мільярдів"}, Gender::Masculine}},
    Noun{{u"гривня", u"гривні", u"гривень"}, Gender::Feminine},
    Noun{{u"копійка", u"копійки", u"копійок"}, Gender::Feminine},
};

const Words ru = {
    u"ноль",
    u"минус",
    {u"один", u"одна", u"одно"},
    {u"два", u"две", u"два"},
    {u"", u"", u"", u"три", u"четыре", u"пять", u"шесть", u"семь", u"восемь", u"девять"},
    {u"десять", u"одиннадцать", u"двенадцать", u"тринадцать", u"четырнадцать", u"пятнадцать", u"шестнадцать",
     u"семнадцать", u"восемнадцать", u"девятнадцать"},
    {u"", u"", u"двадцать", u"тридцать", u"сорок", u"пятьдесят", u"шестьдесят", u"семьдесят", u"восемьдесят",
     u"девяносто"},
    {u"", u"сто", u"двести", u"триста", u"четыреста", u"пятьсот", u"шестьсот", u"семьсот", u"восемьсот",
     u"девятьсот"},
    {Noun{{u"тысяча", u"тысячи", u"тысяч"}, Gender::Feminine},
     Noun{{u"миллион", u"миллиона", u"миллионов"}, Gender::Masculine},
     Noun{{u"миллиард", u"миллиарда", u"миллиардов"}, Gender::Masculine}},
    Noun{{u"гривна", u"гривны", u"гривен"}, Gender::Feminine},
    Noun{{u"копейка", u"копейки", u"копеек"}, Gender::Feminine},
};

const Words &words(DocLanguage language)
{
    return language == DocLanguage::Ru ? ru : uk;
}

QString str(const char16_t *s)
{
    return QString::fromUtf16(s);
}

int genderIndex(Gender gender)
{
    switch (gender) {
    case Gender::Masculine:
        return 0;
    case Gender::Feminine:
        return 1;
    case Gender::Neuter:
        return 2;
    }
    return 0;
}

// 1..999 in words, appended to out.
void spellGroup(int n, Gender gender, const Words &w, QStringList &out)
{
    if (n >= 100)
        out << str(w.hundreds[n / 100]);
    const int rest = n % 100;
    if (rest >= 10 && rest <= 19) {
        out << str(w.teens[rest - 10]);
        return;
    }
    if (rest >= 20)
        out << str(w.tens[rest / 10]);
    const int unit = rest % 10;
    if (unit == 1)
        out << str(w.one[genderIndex(gender)]);
    else if (unit == 2)
        out << str(w.two[genderIndex(gender)]);
    else if (unit > 2)
        out << str(w.units[unit]);
}

constexpr quint64 maxInWords = 999'999'999'999ULL;

// 0..999 999 999 999 in words (lower case).
QString spell(quint64 n, Gender gender, const Words &w)
{
    if (n == 0)
        return str(w.zero);
    QStringList out;
    const int billions = int(n / 1'000'000'000ULL);
    const int millions = int(n / 1'000'000ULL % 1000);
    const int thousands = int(n / 1000 % 1000);
    const int units = int(n % 1000);
    const std::array<int, 3> groupValues = {thousands, millions, billions};
    for (int g = 2; g >= 0; --g) {
        const int v = groupValues[size_t(g)];
        if (v == 0)
            continue;
        const Noun &noun = w.groups[size_t(g)];
        spellGroup(v, noun.gender, w, out);
        out << str(noun.forms[pluralForm(quint64(v))]);
    }
    if (units != 0)
        spellGroup(units, gender, w, out);
    return out.join(QLatin1Char(' '));
}

quint64 magnitude(qint64 v)
{
    // Well defined for the minimum qint64 too.
    return v < 0 ? quint64(0) - quint64(v) : quint64(v);
}

QString capitalized(QString s)
{
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

} // namespace

QString amountInWords(Money amount, DocLanguage language)
{
    const Words &w = words(language);
    const quint64 total = magnitude(amount.kopecks());
    const quint64 hryvnias = total / 100;
    const quint64 kopecks = total % 100;
    QString hryvniaPart;
    if (hryvnias > maxInWords)
        hryvniaPart = QString::number(hryvnias); // beyond the words: the figures, still readable
    else
        hryvniaPart = spell(hryvnias, w.hryvnia.gender, w);
    QString text = hryvniaPart + QLatin1Char(' ') + str(w.hryvnia.forms[pluralForm(hryvnias)]) +
                   QLatin1Char(' ') + QStringLiteral("%1").arg(kopecks, 2, 10, QLatin1Char('0')) +
                   QLatin1Char(' ') + str(w.kopeck.forms[pluralForm(kopecks)]);
    if (amount.isNegative())
        text = str(w.minus) + QLatin1Char(' ') + text;
    return capitalized(text);
}

QString numberInWords(qint64 value, Gender gender, DocLanguage language)
{
    const Words &w = words(language);
    const quint64 n = magnitude(value);
    QString text = n > maxInWords ? QString::number(n) : spell(n, gender, w);
    if (value < 0)
        text = str(w.minus) + QLatin1Char(' ') + text;
    return text;
}

} // namespace oblik::documents
