#pragma once
// Typed database ids: a ConsumerId cannot be passed where an AccountId is expected.

#include <QHash>
#include <QMetaType>
#include <QtGlobal>
#include <compare>

namespace oblik {

template <typename Tag> class Id
{
public:
    constexpr explicit Id(qint64 value = 0) : m_value(value) {}

    constexpr qint64 value() const { return m_value; }
    // Database ids start at 1; 0 (the default) means "not stored yet".
    constexpr bool isValid() const { return m_value > 0; }

    friend constexpr bool operator==(Id, Id) = default;
    friend constexpr auto operator<=>(Id, Id) = default;
    friend size_t qHash(Id id, size_t seed = 0) noexcept { return ::qHash(id.m_value, seed); }

private:
    qint64 m_value;
};

namespace idtag {
struct Supplier;
struct District;
struct Consumer;
struct Contract;
struct Account;
struct Object;
struct MeteringPoint;
struct Meter;
struct Register;
struct User;
} // namespace idtag

using SupplierId = Id<idtag::Supplier>;
using DistrictId = Id<idtag::District>;
using ConsumerId = Id<idtag::Consumer>;
using ContractId = Id<idtag::Contract>;
using AccountId = Id<idtag::Account>;
using ObjectId = Id<idtag::Object>;
using MeteringPointId = Id<idtag::MeteringPoint>;
using MeterId = Id<idtag::Meter>;
using RegisterId = Id<idtag::Register>;
using UserId = Id<idtag::User>;

} // namespace oblik
