#pragma once
// Amounts in words for documents: "Одна тисяча двісті тридцять вісім гривень 88 копійок" (uk),
// "Одна тысяча двести тридцать восемь гривен 88 копеек" (ru). The hryvnia part in words with the
// right grammatical gender (гривня is feminine: "одна", "дві"; тисяча feminine; мільйон, мільярд
// masculine) and plural form (1 гривня, 2-4 гривні, 5-20 гривень; ru: гривна, гривны, гривен), the
// kopecks always as two digits followed by the right form (01 копійка, 02 копійки, 05 копійок;
// ru: копейка, копейки, копеек). The first letter is upper case. Zero: "Нуль гривень 00 копійок" /
// "Ноль гривен 00 копеек". Negative amounts start with "мінус" / "минус". Up to 999 999 999 999.99.

#include "core/money.h"
#include "documents/language.h"

#include <QString>

namespace oblik::documents {

QString amountInWords(Money amount, DocLanguage language);

// Just the integer part in words in the given gender, for quantities ("сто двадцять одна").
enum class Gender { Masculine, Feminine, Neuter };
QString numberInWords(qint64 value, Gender gender, DocLanguage language);

} // namespace oblik::documents
