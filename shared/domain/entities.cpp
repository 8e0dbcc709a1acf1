#include "domain/entities.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace oblik::domain {

namespace {

// One table per enum keeps the text forms and their parsing from drifting apart.
template <typename Enum, std::size_t N>
QString textOf(const std::array<std::pair<Enum, const char16_t *>, N> &table, Enum value)
{
    for (const auto &[e, text] : table) {
        if (e == value)
            return QString::fromUtf16(text);
    }
    Q_UNREACHABLE();
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char16_t *>, N> &table, const QString &s)
{
    for (const auto &[e, text] : table) {
        if (s == QStringView(text))
            return e;
    }
    return std::nullopt;
}

constexpr std::array<std::pair<Role, const char16_t *>, 3> kRoles{{
    {Role::Consumer, u"consumer"},
    {Role::Clerk, u"clerk"},
    {Role::Admin, u"admin"},
}};

constexpr std::array<std::pair<ConsumerKind, const char16_t *>, 2> kConsumerKinds{{
    {ConsumerKind::Legal, u"legal"},
    {ConsumerKind::Household, u"household"},
}};

constexpr std::array<std::pair<PointKind, const char16_t *>, 3> kPointKinds{{
    {PointKind::Active, u"A"},
    {PointKind::Reactive, u"R"},
    {PointKind::Generation, u"G"},
}};

constexpr std::array<std::pair<MeterStatus, const char16_t *>, 4> kMeterStatuses{{
    {MeterStatus::Working, u"working"},
    {MeterStatus::Faulty, u"faulty"},
    {MeterStatus::VerificationExpired, u"verification_expired"},
    {MeterStatus::Removed, u"removed"},
}};

constexpr std::array<std::pair<Zone, const char16_t *>, 5> kZones{{
    {Zone::Total, u"total"},
    {Zone::Day, u"day"},
    {Zone::Night, u"night"},
    {Zone::Peak, u"peak"},
    {Zone::HalfPeak, u"half_peak"},
}};

// "draft" exists only in the client's journal; the database stores the other four.
constexpr std::array<std::pair<ReadingState, const char16_t *>, 5> kReadingStates{{
    {ReadingState::Draft, u"draft"},
    {ReadingState::Ready, u"ready"},
    {ReadingState::Submitted, u"submitted"},
    {ReadingState::Processed, u"processed"},
    {ReadingState::Rejected, u"rejected"},
}};

} // namespace

QString toString(Role r)
{
    return textOf(kRoles, r);
}
QString toString(ConsumerKind k)
{
    return textOf(kConsumerKinds, k);
}
QString toString(PointKind k)
{
    return textOf(kPointKinds, k);
}
QString toString(MeterStatus s)
{
    return textOf(kMeterStatuses, s);
}
QString toString(Zone z)
{
    return textOf(kZones, z);
}
QString toString(ReadingState s)
{
    return textOf(kReadingStates, s);
}

std::optional<Role> roleFromString(const QString &s)
{
    return valueOf(kRoles, s);
}
std::optional<ConsumerKind> consumerKindFromString(const QString &s)
{
    return valueOf(kConsumerKinds, s);
}
std::optional<PointKind> pointKindFromString(const QString &s)
{
    return valueOf(kPointKinds, s);
}
std::optional<MeterStatus> meterStatusFromString(const QString &s)
{
    return valueOf(kMeterStatuses, s);
}
std::optional<Zone> zoneFromString(const QString &s)
{
    return valueOf(kZones, s);
}
std::optional<ReadingState> readingStateFromString(const QString &s)
{
    return valueOf(kReadingStates, s);
}

} // namespace oblik::domain
