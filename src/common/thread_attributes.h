// Attributes of the calling thread.
//
// SetThreadName: names it (shown by top -H, perf and /proc/PID/task/*/comm) so a service's threads
// can be told apart when profiling; Linux keeps at most 15 characters.
//
// SetRealtimePriority: gives the calling thread a real-time (SCHED_FIFO) priority, for the few
// threads on a latency path (a market maker's tick-to-order path): a woken thread then runs at
// once instead of waiting for a time slice behind busy normal threads. It changes when a thread
// runs, not how much CPU it uses. Needs CAP_SYS_NICE (or an RLIMIT_RTPRIO); the kernel's RT
// throttling (sched_rt_runtime_us) still keeps 5% of each second for normal threads.
// Thread rule: affects only the calling thread.
#pragma once

#include "common/result.h"

namespace probex {

void SetThreadName(const char* name);

// priority 1..99; 0 does nothing.
Status SetRealtimePriority(int priority);

}  // namespace probex
