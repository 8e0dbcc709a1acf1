#pragma once
// Documents issued without a calculation from readings (docs/billing.md, "Planned advances and
// services"): the planned advance that asks for the next period's payment before anything is
// supplied (reference 004: "Аванс плановий за активну", formed on 06.12.2017 for 01.2018 and not
// counted as charged), and the services invoice a clerk issues for work done (a meter replaced, a
// seal, a test). Pure: the caller loads the account, the contract's limits and the supplier's
// parameters, and stores the document (store::LedgerWriter::issue).

#include "billing/calculation.h"

#include <QList>
#include <QString>

namespace oblik::billing {

struct AdvanceInput
{
    Period period;             // the period the advance pays for
    QString consumerClass;     // the tariff's class
    QString contractNumber;    // names the contract in calc.parameter_missing
    QList<int> activeVoltages; // the voltages (V) of the account's active points
    // The account's payable active energy of its last billed periods before `period` (at most
    // kAdvanceHistory; the sum of its calculated active energy lines, corrections included).
    QList<Energy> recent;
    Timeline<ContractLimits> limits; // the contract's
    int contractAccounts = 1;        // the accounts of the contract, which share its monthly energy
};
inline constexpr int kAdvanceHistory = 3;

// The planned energy of an account for a period: the average of `recent` (rounded half away from
// zero to the thousandth of a kWh); an account never billed yet takes its share of the contract's
// monthly energy in force in the period (divided equally among the contract's accounts). Errors:
// calc.parameter_missing (field and first arg "monthly_energy", key "contract=<number>", period) when
// neither is there.
Result<Energy> plannedEnergy(const AdvanceInput &input);

// The planned advance of an account for a period: one active energy line of plannedEnergy() at the
// base (one-zone) tariff of the account's class and of the voltage class most of its active points
// have (a tie, or no active point: class 2, the low voltage), coefficient 1; VAT by the supplier's
// rule of the period, on the amount computed as tariffs are (gross when VAT is extracted). Type
// PlannedAdvance, article ActiveEnergy; it is a request for payment, not a charge: nothing posts it.
// Errors: plannedEnergy()'s; the tariff's or VAT's calc.parameter_missing; money.overflow. A planned
// energy of zero or less gets a document without lines: nothing to ask for.
Result<InvoiceDraft> plannedAdvance(const AdvanceInput &input, const ParameterSet &parameters);

inline constexpr QStringView kMonthlyEnergy = u"monthly_energy";

// One line of a services invoice as the clerk enters it.
struct ServiceLine
{
    QString description; // 1..kMaxServiceDescription characters once trimmed
    Energy quantity;     // thousandths of a unit; not zero (a negative quantity credits a service)
    Money price;         // per unit, > 0; with VAT when VAT is extracted, without when it is added
};
inline constexpr int kMaxServiceDescription = 200;
inline constexpr int kMaxServiceLines = 50;
// A line's amount and the invoice's total stay within 100,000,000.00 UAH (a typo in a quantity or a
// price, not a service, goes beyond).
inline constexpr qint64 kMaxServiceAmountKopecks = 10'000'000'000;

// A services invoice: one line per entered line (kind Services, zone Total, the price as its tariff,
// coefficient 1, amount = quantity x price rounded once), VAT by the supplier's rule of the period.
// Type Services, article Services. Errors, each naming its field, args {rule, value}:
// request.invalid_field "lines" ("items:50": no line, or more than kMaxServiceLines),
// "lines[i].description" ("text:200": empty or too long), "lines[i].quantity" ("nonzero"),
// "lines[i].price" ("positive"; "max_amount:100000000.00" when the line's amount, quantity x price,
// is beyond kMaxServiceAmountKopecks either way), "lines" ("max_amount:..." for the total, "nonzero"
// for a total of 0.00); calc.parameter_missing (vat).
Result<InvoiceDraft> servicesInvoice(const QList<ServiceLine> &lines, Period period,
                                     const ParameterSet &parameters);

} // namespace oblik::billing
