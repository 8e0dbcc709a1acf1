#pragma once
// Products of quantities, the only place where amounts are rounded. Every rounding in Oblik is half
// away from zero (0.5 kopeck -> 1 kopeck, -0.5 -> -1), the way amounts are rounded on paper and
// in the regulator's examples, applied once per product to the exact result.

#include "core/energy.h"
#include "core/error.h"
#include "core/money.h"
#include "core/tariff.h"

#include <QtGlobal>
#include <optional>

namespace oblik {

// numerator / denominator rounded half away from zero; nullopt when denominator is 0 or the
// result does not fit in qint64. A negative denominator flips the sign as in exact division.
std::optional<qint64> roundHalfAwayFromZero(__int128 numerator, qint64 denominator);

// energy x tariff in kopecks: milli-kWh x 1e-5 UAH/kWh = 1e-8 UAH = 1e-6 kopeck. Error money.overflow.
Result<Money> cost(Energy energy, Tariff tariff);

// energy x tariff x numerator / denominator in kopecks, rounded once to the exact product: a zone
// coefficient (night 2/5) or an over-limit multiple (2/1) must not round the price or the energy
// first. Errors money.overflow (also for a denominator <= 0: callers validate coefficients before).
Result<Money> cost(Energy energy, Tariff tariff, qint64 numerator, qint64 denominator);

// amount x numerator / denominator, rounded once: VAT is applyRatio(m, 20, 100), a loss
// coefficient of 1.25% is applyRatio(e, 125, 10000). Errors money.overflow / energy.overflow;
// a zero denominator reports overflow too (callers validate coefficients before).
Result<Money> applyRatio(Money amount, qint64 numerator, qint64 denominator);
Result<Energy> applyRatio(Energy energy, qint64 numerator, qint64 denominator);

} // namespace oblik
