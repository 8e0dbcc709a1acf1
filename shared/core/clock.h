#pragma once
// The source of "now", passed in so that tests can move time (readings windows, token expiry,
// backoff) instead of sleeping.

#include <QDate>
#include <QDateTime>
#include <chrono>

namespace oblik {

class Clock
{
public:
    virtual ~Clock() = default;
    // The current instant in UTC.
    virtual QDateTime now() const;
    // Today's date on the local (Ukrainian) calendar, which decides readings windows.
    QDate today() const { return now().toLocalTime().date(); }

    // The real clock; one shared instance.
    static const Clock &system();
};

// A clock that stands still until moved; for tests.
class FixedClock : public Clock
{
public:
    explicit FixedClock(QDateTime now) : m_now(now.toUTC()) {}
    QDateTime now() const override { return m_now; }
    void set(QDateTime now) { m_now = now.toUTC(); }
    void advance(std::chrono::milliseconds by) { m_now = m_now.addMSecs(by.count()); }

private:
    QDateTime m_now;
};

} // namespace oblik
