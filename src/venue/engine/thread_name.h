// SetThreadName: names the calling thread (shown by top -H, perf and /proc/PID/task/*/comm) so
// the engine's threads can be told apart when profiling. Linux keeps at most 15 characters.
// Thread rule: affects only the calling thread.
#pragma once

#include <pthread.h>

#include <string>

namespace probex::venue::engine {

inline void SetThreadName(const char* name) {
  std::string shortened(name);
  if (shortened.size() > 15) shortened.resize(15);
  pthread_setname_np(pthread_self(), shortened.c_str());
}

}  // namespace probex::venue::engine
