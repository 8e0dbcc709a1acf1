#pragma once
// How long the sync engine waits before trying again after the n-th failure in a row:
// 1 s, 2 s, 4 s ... doubling up to 5 minutes, so a server that comes back is found soon and one
// that stays away is not hammered.

#include <chrono>

namespace oblik::client {

struct Backoff
{
    static constexpr std::chrono::milliseconds first{1000};
    static constexpr std::chrono::milliseconds ceiling{5 * 60 * 1000};
    // failures = failures in a row so far (>= 1); 0 answers 0.
    static std::chrono::milliseconds delay(int failures)
    {
        if (failures <= 0)
            return std::chrono::milliseconds(0);
        std::chrono::milliseconds d = first;
        for (int i = 1; i < failures && d < ceiling; ++i)
            d *= 2;
        return d < ceiling ? d : ceiling;
    }
};

} // namespace oblik::client
