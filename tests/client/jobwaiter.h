#pragma once
// Waits for an ApiJob to report, keeping the event loop running, and hands back what it said.

#include "api/apijob.h"

#include <QSignalSpy>
#include <QTest>
#include <optional>

namespace oblik::testing {

// The first argument of the job's finished(...) signal, or the Error of failed().
template <typename Value, typename Job, typename Signal>
std::pair<std::optional<Value>, Error> wait(Job *job, Signal finishedSignal, int timeoutMs = 30000)
{
    std::optional<Value> value;
    Error error;
    bool done = false;
    QObject::connect(job, finishedSignal, job, [&](const Value &v) {
        value = v;
        done = true;
    });
    QObject::connect(job, &client::ApiJob::failed, job, [&](const Error &e) {
        error = e;
        done = true;
    });
    (void)QTest::qWaitFor([&] { return done; }, timeoutMs);
    return {value, error};
}

} // namespace oblik::testing
