#pragma once
// The vocabulary of billing: ledger articles (what a debt is for), invoice types and the kinds of
// calculated lines, with their stable text forms for the database and the API.

#include <QString>
#include <optional>

namespace oblik::billing {

// The articles of the ledger and of the turnover statement (reference 004: active energy, reactive
// energy, over-limit consumption; plus services and penalties).
enum class Article { ActiveEnergy, ReactiveEnergy, OverLimit, Services, Penalties };
inline constexpr Article kAllArticles[] = {Article::ActiveEnergy, Article::ReactiveEnergy, Article::OverLimit,
                                           Article::Services, Article::Penalties};

// Invoice types as the reference cabinets list them.
enum class InvoiceType { PlannedAdvance, ActiveEnergy, ReactiveEnergy, OverLimit, Services, Correction };

// What one line charges for. A generation credit is a line of the active energy invoice (it lowers
// what is owed for active energy), so it posts to Article::ActiveEnergy. A services line is issued by
// a clerk (billing/issue.h), not calculated from readings.
enum class LineKind { ActiveEnergy, ReactiveEnergy, OverLimit, GenerationCredit, Services };

Article articleOf(LineKind kind);
// The invoice type that carries an article's calculated lines (active, reactive, over-limit).
InvoiceType invoiceTypeOf(Article article);

QString toString(Article a);     // "active_energy", "reactive_energy", "over_limit", "services", "penalties"
QString toString(InvoiceType t); // "planned_advance", "active_energy", ..., "correction"
QString
toString(LineKind k); // "active_energy", "reactive_energy", "over_limit", "generation_credit", "services"
std::optional<Article> articleFromString(const QString &s);
std::optional<InvoiceType> invoiceTypeFromString(const QString &s);
std::optional<LineKind> lineKindFromString(const QString &s);

} // namespace oblik::billing
