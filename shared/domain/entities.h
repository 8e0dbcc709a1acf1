#pragma once
// The entities of the product's domain model, as plain value types shared by server and client.
// Units follow core: energy in Energy (thousandths of a kWh), dates as QDate, periods as Period.

#include "core/energy.h"
#include "core/ids.h"
#include "core/period.h"

#include <QDate>
#include <QList>
#include <QString>
#include <optional>

namespace oblik::domain {

enum class Role { Consumer, Clerk, Admin };
enum class ConsumerKind { Legal, Household };
enum class PointKind { Active, Reactive, Generation }; // A, R, G
enum class MeterStatus { Working, Faulty, VerificationExpired, Removed };
enum class Zone { Total, Day, Night, Peak, HalfPeak };
enum class ReadingState { Draft, Ready, Submitted, Processed, Rejected };

struct Supplier
{
    SupplierId id;
    QString name;
    QString edrpou;
    QString iban;
    QString address;
};

struct District
{
    DistrictId id;
    SupplierId supplierId;
    QString code;
    QString name;
    QString address;
    QString phone;
};

struct Consumer
{
    ConsumerId id;
    DistrictId districtId;
    ConsumerKind kind = ConsumerKind::Legal;
    QString name;
    QString edrpou; // 8 digits, legal entities
    QString ipn;    // 10 digits, individuals and VAT payers
    QString address;
    QString iban;
    QString phone;
    QString email;
};

struct Contract
{
    ContractId id;
    ConsumerId consumerId;
    QString number;
    QDate signedOn;
    QString consumerClass;
    int billingDay = 1;        // day of the month the readings window opens
    int windowWorkingDays = 3; // length of the readings window in working days
    bool requiresSignedAct = false;
    bool selfCalculation = false;
};

struct Reading
{
    Period period;
    QDate takenOn;
    Energy value;       // the meter's display value
    Energy consumption; // (current - previous) x ratio
    ReadingState state = ReadingState::Ready;
};

struct Register
{
    RegisterId id;
    Zone zone = Zone::Total;
    std::optional<Reading> lastReading;
};

struct Meter
{
    MeterId id;
    QString number;
    QString model;
    int digits = 6;   // integer digits the display shows
    int decimals = 0; // decimals the display shows
    int ratio = 1;    // transformation ratio, >= 1
    QDate installedOn;
    QDate verificationDue;
    MeterStatus status = MeterStatus::Working;
    QList<Register> registers;
};

struct MeteringPoint
{
    MeteringPointId id;
    QString code;
    QString name;
    PointKind kind = PointKind::Active;
    int voltageV = 400;
    std::optional<MeteringPointId> parentId; // set for a sub-consumer
    QList<Meter> meters;
};

struct SiteObject
{
    ObjectId id;
    QString name;
    QString address;
    QList<MeteringPoint> meteringPoints;
};

// One line of an account list.
struct AccountSummary
{
    AccountId id;
    QString number;
    QString address;
    QString consumerName;
    ConsumerKind consumerKind = ConsumerKind::Legal;
    QString contractNumber;
    QString districtName;
};

// A personal account in full: who, where, under which contracts, and the metering tree.
struct AccountDetail
{
    AccountId id;
    QString number;
    QString address;
    QDate openedOn;
    Consumer consumer;
    District district;
    Supplier supplier;
    QList<Contract> contracts;
    QList<SiteObject> objects;
};

struct User
{
    UserId id;
    QString login;
    QString name;
    Role role = Role::Consumer;
    std::optional<District> district;
    std::optional<Supplier> supplier;
};

// Stable text forms used in the database and the API.
QString toString(Role r);
QString toString(ConsumerKind k);
QString toString(PointKind k); // "A", "R", "G"
QString toString(MeterStatus s);
QString toString(Zone z);
QString toString(ReadingState s);
std::optional<Role> roleFromString(const QString &s);
std::optional<ConsumerKind> consumerKindFromString(const QString &s);
std::optional<PointKind> pointKindFromString(const QString &s);
std::optional<MeterStatus> meterStatusFromString(const QString &s);
std::optional<Zone> zoneFromString(const QString &s);
std::optional<ReadingState> readingStateFromString(const QString &s);

} // namespace oblik::domain
