#include "billing/article.h"

using namespace Qt::StringLiterals;

namespace oblik::billing {

Article articleOf(LineKind kind)
{
    switch (kind) {
    case LineKind::ActiveEnergy:
    case LineKind::GenerationCredit:
        return Article::ActiveEnergy;
    case LineKind::ReactiveEnergy:
        return Article::ReactiveEnergy;
    case LineKind::OverLimit:
        return Article::OverLimit;
    case LineKind::Services:
        return Article::Services;
    }
    return Article::ActiveEnergy;
}

InvoiceType invoiceTypeOf(Article article)
{
    switch (article) {
    case Article::ActiveEnergy:
        return InvoiceType::ActiveEnergy;
    case Article::ReactiveEnergy:
        return InvoiceType::ReactiveEnergy;
    case Article::OverLimit:
        return InvoiceType::OverLimit;
    case Article::Services:
    case Article::Penalties:
        return InvoiceType::Services;
    }
    return InvoiceType::Services;
}

QString toString(Article a)
{
    switch (a) {
    case Article::ActiveEnergy:
        return u"active_energy"_s;
    case Article::ReactiveEnergy:
        return u"reactive_energy"_s;
    case Article::OverLimit:
        return u"over_limit"_s;
    case Article::Services:
        return u"services"_s;
    case Article::Penalties:
        return u"penalties"_s;
    }
    return {};
}

QString toString(InvoiceType t)
{
    switch (t) {
    case InvoiceType::PlannedAdvance:
        return u"planned_advance"_s;
    case InvoiceType::ActiveEnergy:
        return u"active_energy"_s;
    case InvoiceType::ReactiveEnergy:
        return u"reactive_energy"_s;
    case InvoiceType::OverLimit:
        return u"over_limit"_s;
    case InvoiceType::Services:
        return u"services"_s;
    case InvoiceType::Correction:
        return u"correction"_s;
    }
    return {};
}

QString toString(LineKind k)
{
    switch (k) {
    case LineKind::ActiveEnergy:
        return u"active_energy"_s;
    case LineKind::ReactiveEnergy:
        return u"reactive_energy"_s;
    case LineKind::OverLimit:
        return u"over_limit"_s;
    case LineKind::GenerationCredit:
        return u"generation_credit"_s;
    case LineKind::Services:
        return u"services"_s;
    }
    return {};
}

namespace {
template <typename E, size_t N> std::optional<E> fromString(const QString &s, const E (&all)[N])
{
    for (E e : all) {
        if (toString(e) == s)
            return e;
    }
    return std::nullopt;
}
} // namespace

std::optional<Article> articleFromString(const QString &s)
{
    return fromString(s, kAllArticles);
}

std::optional<InvoiceType> invoiceTypeFromString(const QString &s)
{
    static constexpr InvoiceType all[] = {InvoiceType::PlannedAdvance, InvoiceType::ActiveEnergy,
                                          InvoiceType::ReactiveEnergy, InvoiceType::OverLimit,
                                          InvoiceType::Services,       InvoiceType::Correction};
    return fromString(s, all);
}

std::optional<LineKind> lineKindFromString(const QString &s)
{
    static constexpr LineKind all[] = {LineKind::ActiveEnergy, LineKind::ReactiveEnergy, LineKind::OverLimit,
                                       LineKind::GenerationCredit, LineKind::Services};
    return fromString(s, all);
}

} // namespace oblik::billing
