#include "common/thread_attributes.h"

#include <pthread.h>
#include <sched.h>

#include <cstring>
#include <string>

namespace probex {

void SetThreadName(const char* name) {
  std::string shortened(name);
  if (shortened.size() > 15) shortened.resize(15);
  pthread_setname_np(pthread_self(), shortened.c_str());
}

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
