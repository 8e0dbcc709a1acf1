#pragma once
// When a parameter is in force: from a period to a period, both included, or open-ended. Billing
// works per calendar month, so validity is kept in periods: a value changed in the middle of a month
// is entered as in force from the next period (the calculation of one period uses one value).

#include "core/error.h"
#include "core/period.h"

#include <QList>
#include <QString>
#include <utility>

namespace oblik::billing {

struct Validity
{
    Period from;
    Period to; // invalid (the default) = open-ended

    bool isOpenEnded() const { return !to.isValid(); }
    // from is valid and, when closed, from <= to.
    bool isValid() const { return from.isValid() && (isOpenEnded() || from <= to); }
    bool contains(Period p) const { return p.isValid() && from <= p && (isOpenEnded() || p <= to); }
    bool overlaps(const Validity &other) const;
    QString toString() const; // "2026-01 – 2026-12", "2026-01 –"
};

// The values of one parameter over time, never two for one period.
template <typename T> class Timeline
{
public:
    struct Entry
    {
        Validity validity;
        T value;
    };

    // False when the validity is invalid or overlaps an entry already held (the value is not added).
    bool add(Validity validity, T value)
    {
        if (!validity.isValid())
            return false;
        for (const Entry &e : m_entries) {
            if (e.validity.overlaps(validity))
                return false;
        }
        m_entries.append(Entry{validity, std::move(value)});
        return true;
    }

    // The value in force in p, or nullptr.
    const T *at(Period p) const
    {
        for (const Entry &e : m_entries) {
            if (e.validity.contains(p))
                return &e.value;
        }
        return nullptr;
    }

    const QList<Entry> &entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }

private:
    QList<Entry> m_entries;
};

} // namespace oblik::billing
