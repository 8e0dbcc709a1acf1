#pragma once
// JSON codecs of the readings API and the sync feed (docs/readings-contract.md). The server answers
// with toJson(); the client reads with the *FromJson() decoders, which give `network.bad_response`
// naming the JSON path of the first bad member. Request bodies have encoders and decoders too: the
// client builds them with toJson(), the server reads them with the decoders (and turns the error
// into request.invalid_field with the same path as field).

#include "core/error.h"
#include "domain/readingrecord.h"
#include "domain/readings.h"
#include "protocol/problem.h"

#include <QJsonObject>
#include <optional>

namespace oblik::protocol {

using domain::ReadingRecord;

// A non-working day of the supplier's calendar that a readings window skips.
struct HolidayEntry
{
    QDate date;
    QString name;
};

// GET /api/v1/accounts/{id}/readings?period= (without period: the account's entry period,
// domain::entryPeriod on the server's today and the supplier's holidays).
struct AccountReadings
{
    Period period;
    domain::ReadingsWindow window;
    QList<HolidayEntry> holidays; // "window.holidays": those from the billing day to window.last
    bool periodClosed = false;
    bool open = false;                 // today is inside the window and the period is the entry period
    domain::ReadingsWindow nextWindow; // "next_window": the window of period + 1
    QList<ReadingRecord> items;
    QList<ReadingRecord> previous; // the readings of period - 1
};

// The meter as the client knew it when the value was typed (checked against the server's meter).
struct MeterSnapshot
{
    QString number;
    int digits = 0;
    int decimals = 0;
    int ratio = 1;
};

// One item of POST /api/v1/accounts/{id}/readings.
struct ReadingInput
{
    RegisterId registerId;
    QDate takenOn;
    QString value;   // as typed: the server parses it with domain::parseReadingValue
    int version = 0; // 0 = new; else the version the client edited
    std::optional<MeterSnapshot> meter;
};

struct SaveReadingsRequest
{
    Period period;
    bool submit = false;
    QList<ReadingInput> items;
};

// One result per item, in request order. status: "saved", "refused" or "conflict"; `id` is the
// register id (save) or the reading id (clerk decisions).
struct ItemResult
{
    qint64 id = 0;
    QString status;
    std::optional<ReadingRecord> reading; // saved, and conflict (the current reading)
    std::optional<Problem> problem;       // refused and conflict
    bool byReadingId = false;             // true: `id` on the wire (clerk decisions), else `register_id`
};

struct ItemResults
{
    QList<ItemResult> items;
};

// POST /api/v1/accounts/{id}/readings/submit
struct SubmitReadingsRequest
{
    Period period;
};

// Answers that are just a list of readings (history, submit).
struct ReadingList
{
    QList<ReadingRecord> items;
};

// GET /api/v1/sync?since=&limit=
struct SyncPage
{
    QList<ReadingRecord> items; // each one {"type":"reading","data":<reading>} on the wire
    QString next;               // the cursor to pass as since next time
    bool more = false;
};

// GET /api/v1/clerk/readings
struct ClerkReading
{
    ReadingRecord reading;
    QString accountNumber;
    QString consumerName;
    QString meterNumber;
    bool rangeWarning = false;
};

struct ClerkQueue
{
    QList<ClerkReading> items;
    qint64 total = 0;
};

// POST /api/v1/clerk/readings/decide
struct DecideRequest
{
    QList<qint64> ids;
    QString action; // "accept" or "reject"
    QString reason;
    bool overrideRange = false;
};

// POST /api/v1/clerk/meters/{id}/replace
struct ReplaceMeterRequest
{
    struct Closing
    {
        RegisterId registerId;
        QString value;
    };
    struct Opening
    {
        domain::Zone zone = domain::Zone::Total;
        QString value;
    };
    Period period;
    QDate takenOn;
    QList<Closing> closing;
    domain::Meter newMeter; // number, model, digits, decimals, ratio, verificationDue; zones from opening
    QList<domain::Zone> zones;
    QList<Opening> opening;
};

// {"old_meter_id", "meter": <meter as in the account tree, with its registers>}
struct ReplaceMeterResponse
{
    MeterId oldMeterId;
    domain::Meter meter;
};

QJsonObject toJson(const ReplaceMeterRequest &r);
QJsonObject toJson(const ReplaceMeterResponse &r);
Result<ReplaceMeterRequest> replaceMeterRequestFromJson(const QJsonObject &o);
Result<ReplaceMeterResponse> replaceMeterResponseFromJson(const QJsonObject &o);

QJsonObject toJson(const ReadingRecord &r);
QJsonObject toJson(const AccountReadings &a);
QJsonObject toJson(const MeterSnapshot &m);
QJsonObject toJson(const ReadingInput &i);
QJsonObject toJson(const SaveReadingsRequest &r);
QJsonObject toJson(const ItemResult &r);
QJsonObject toJson(const ItemResults &r);
// The same bytes as QJsonDocument(toJson(r)).toJson(QJsonDocument::Compact), written directly: the
// answer of every readings save, where building the JSON tree cost more than the rules (issue 4's
// ingest benchmark).
QByteArray toCompactJson(const ItemResults &r);
QJsonObject toJson(const SubmitReadingsRequest &r);
QJsonObject toJson(const ReadingList &l);
QJsonObject toJson(const SyncPage &p);
QJsonObject toJson(const ClerkReading &c);
QJsonObject toJson(const ClerkQueue &q);
QJsonObject toJson(const DecideRequest &r);

Result<ReadingRecord> readingFromJson(const QJsonObject &o);
Result<AccountReadings> accountReadingsFromJson(const QJsonObject &o);
Result<SaveReadingsRequest> saveReadingsRequestFromJson(const QJsonObject &o);
Result<ItemResults> itemResultsFromJson(const QJsonObject &o);
Result<SubmitReadingsRequest> submitReadingsRequestFromJson(const QJsonObject &o);
Result<ReadingList> readingListFromJson(const QJsonObject &o);
Result<SyncPage> syncPageFromJson(const QJsonObject &o);
Result<ClerkQueue> clerkQueueFromJson(const QJsonObject &o);
Result<DecideRequest> decideRequestFromJson(const QJsonObject &o);

} // namespace oblik::protocol
