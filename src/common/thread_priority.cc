#include "common/thread_priority.h"

#include <pthread.h>
#include <sched.h>

#include <cstring>
#include <string>

namespace probex {

Status SetRealtimePriority(int priority) {
  if (priority <= 0) return OkStatus();
  sched_param param{};
  param.sched_priority = priority;
  if (int err = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param); err != 0) {
    return MakeError("realtime_priority",
                     "SCHED_FIFO " + std::to_string(priority) + ": " + std::strerror(err));
  }
  return OkStatus();
}

}  // namespace probex
