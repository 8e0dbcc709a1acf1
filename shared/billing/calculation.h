#pragma once
// The calculation of one personal account for one period, from processed readings: active energy
// per zone x tariff x zone coefficient with sub-consumers subtracted from their parent, reactive
// energy, over-limit consumption, generation credit and VAT. Pure: the caller loads the account, its
// readings and the supplier's parameters, and stores the result (docs/billing.md).

#include "billing/article.h"
#include "billing/fraction.h"
#include "billing/parameterset.h"
#include "billing/validity.h"
#include "billing/vat.h"
#include "core/energy.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/money.h"
#include "core/period.h"
#include "core/tariff.h"
#include "domain/entities.h"
#include "domain/readingrecord.h"
#include "domain/readings.h"

#include <QHash>
#include <QList>
#include <QString>
#include <optional>

namespace oblik::billing {

// Who asks for the calculation: a consumer only when the contract allows self-calculation.
enum class Requester { Consumer, Clerk, BillRun };

// The processed consumption of one register in the period (already x the meter's ratio).
struct RegisterConsumption
{
    RegisterId registerId;
    domain::Zone zone = domain::Zone::Total;
    Energy consumption;
    domain::RangeHistory history; // the last closed periods' consumption, summed (the range check)
    bool rangeConfirmed = false;  // a clerk accepted the value out of range (readings.override_reason)
    MeterId meterId;              // the meter it belongs to; registers without one are one meter
};

// A metering point with its registers' consumption. Each meter is billed in its own zone scheme
// (from its registers): when a meter is replaced within the period by one of another scheme, the old
// meter's energy is billed in its scheme (a one-zone meter's at coefficient 1) and the new one's in
// its own; registers of one zone and scheme add up. On a meter with zone registers a Total register
// is their sum and is not billed again.
struct PointConsumption
{
    MeteringPointId id;
    QString code;
    domain::PointKind kind = domain::PointKind::Active;
    int voltageV = 400;
    std::optional<MeteringPointId> parentId; // set for a sub-consumer
    QList<RegisterConsumption> registers;
};

// Contract limits of a period; no limit in force means no over-limit charge (households).
struct ContractLimits
{
    Energy monthlyEnergy; // kWh the contract allows per month
    qint64 powerW = 0;    // contracted power; kept and shown, not charged (readings carry no demand)
};

struct CalculationInput
{
    AccountId account;
    Period period;
    QString consumerClass;
    bool selfCalculationAllowed = false; // contracts.self_calculation
    bool requiresSignedAct = false;      // contracts.requires_signed_act
    bool actSigned = false;              // the readings act of the period is signed
    Requester requester = Requester::Clerk;
    QList<PointConsumption> points;       // the account's points: billed here
    QList<PointConsumption> subConsumers; // other accounts' points hanging from points here: subtracted only
    Timeline<ContractLimits> limits;
};

// How each point's consumption became payable, for the invoice breakdown.
struct PointBreakdown
{
    MeteringPointId point;
    QString code;
    domain::PointKind kind = domain::PointKind::Active;
    ZoneScheme scheme = ZoneScheme::OneZone;
    domain::Zone zone = domain::Zone::Total;
    Energy consumption;   // measured
    Energy subtracted;    // sub-consumers' share of this zone
    Energy payable;       // consumption - subtracted
    Fraction coefficient; // the zone coefficient of its scheme (active energy)
    Tariff tariff;        // the price of its energy (active: its class and voltage class); with the
                          // coefficient it picks the point's invoice line
};

// One line of an invoice: quantity x tariff x coefficient = amount, split into net, VAT and gross.
struct InvoiceLine
{
    LineKind kind = LineKind::ActiveEnergy;
    domain::Zone zone = domain::Zone::Total;
    Energy quantity;
    Tariff tariff;
    Fraction coefficient; // zone coefficient, or the over-limit multiple
    QString description;  // what a services line is for ("" on calculated lines)
    Money net;
    Money vat;
    Money gross;
    friend bool operator==(const InvoiceLine &, const InvoiceLine &) = default;
};

// One document: the lines of one article. net + vat == gross, for the document and each line.
struct InvoiceDraft
{
    InvoiceType type = InvoiceType::ActiveEnergy;
    Article article = Article::ActiveEnergy;
    QList<InvoiceLine> lines;
    Money net;
    Money vat;
    Money gross;
};

// A document of an article from its lines and each line's amount (computed under the rule: gross when
// VAT is extracted, net when it is added), type invoiceTypeOf(article). VAT is computed once on the
// document's amount (what its tax invoice shows); each line is split too, and the kopeck or two of
// rounding between the document's VAT and the lines' goes to the line of the largest amount, so that
// lines add up to the document and each keeps net + VAT == gross. Error money.overflow.
Result<InvoiceDraft> makeDocument(Article article, QList<InvoiceLine> lines, const QList<Money> &amounts,
                                  VatRule rule);

struct Calculation
{
    AccountId account;
    Period period;
    VatRule vatRule;
    QList<PointBreakdown> breakdown;
    QList<InvoiceDraft> invoices; // active energy, reactive energy, over-limit; only those with lines
    Energy activePayable;         // the account's payable active energy (the over-limit base)
    Energy overLimit;             // active energy above the contracted limit
    Money net;
    Money vat;
    Money gross;

    const InvoiceDraft *invoice(Article article) const;
};

// Calculates, checking in this order: calc.self_not_allowed (a consumer asks and the contract does
// not allow it); calc.act_not_signed (args: period); calc.out_of_range (field "consumption", args:
// point code, consumption, average of history: domain::checkRange); calc.negative_consumption
// (field "consumption", args: point code, subtracted, own consumption); calc.parameter_missing
// (ParameterSet); money.overflow / energy.overflow.
Result<Calculation> calculate(const CalculationInput &input, const ParameterSet &parameters);

// The calculation input of an account from its tree and the period's readings. Every register of a
// working meter needs a processed reading of the period (calc.readings_missing, field "readings",
// args: point code, period); a removed meter without any reading of the period is skipped (one read in part
// is missing readings too). A reading with an override reason counts as range-confirmed. history: per
// register, the last closed periods' consumption, newest first. The first contract of the account gives the
// class and the flags.
Result<CalculationInput> inputFromAccount(const domain::AccountDetail &account, Period period,
                                          const QList<domain::ReadingRecord> &readings,
                                          const QHash<RegisterId, QList<Energy>> &history = {});

} // namespace oblik::billing
