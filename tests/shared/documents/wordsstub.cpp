// TEMPORARY: until amountinwords.cpp lands (wt-export). Matches the renderer's temporary fallback.
#include "documents/amountinwords.h"
using namespace Qt::StringLiterals;
namespace oblik::documents {
QString amountInWords(Money amount, DocLanguage)
{
    return u"["_s + amount.toString() + u"]"_s;
}
} // namespace oblik::documents
