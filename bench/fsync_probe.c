// fdatasync cost of a small append against the same write into blocks zero-filled in advance
// (and into blocks only reserved with fallocate), 2,000 syncs each in turn: the measurement behind
// the journal's preallocated segments (docs/engine.md, docs/benchmarks/venue-api.md).
// Standalone, not part of the CMake build:
//   cc -O2 -o /tmp/fsync_probe bench/fsync_probe.c && /tmp/fsync_probe [DIR]   (default /tmp)
// Prints CPU and wall µs per sync for each variant. The variants run one after the other, so on a
// shared disk their conditions differ: run it several times (BM_SmallCommitsAppendVsPrealloc in
// journal_bench interleaves the two journal writers instead).
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

enum { kSyncs = 2000, kWrite = 700 };

static double WallSeconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double CpuSeconds(void) {
  struct rusage r;
  getrusage(RUSAGE_SELF, &r);
  return (double)(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
         (double)(r.ru_utime.tv_usec + r.ru_stime.tv_usec) * 1e-6;
}

// mode 0: O_APPEND writes that grow the file; 1: zero-filled (and synced) first; 2: fallocate only.
static void Run(const char* dir, int mode, const char* name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/fsync_probe_%d", dir, mode);
  int flags = O_WRONLY | O_CREAT | O_TRUNC | (mode == 0 ? O_APPEND : 0);
  int fd = open(path, flags, 0644);
  if (fd < 0) {
    perror(path);
    exit(1);
  }
  const size_t total = (size_t)kSyncs * kWrite + 4096;
  if (mode == 1) {
    char* zeros = calloc(1, total);
    if (zeros == NULL || write(fd, zeros, total) != (ssize_t)total) exit(1);
    free(zeros);
    fdatasync(fd);
  } else if (mode == 2) {
    if (fallocate(fd, 0, 0, (off_t)total) != 0) perror("fallocate");
    fdatasync(fd);
  }
  char record[kWrite];
  memset(record, 'x', sizeof record);
  const double wall = WallSeconds(), cpu = CpuSeconds();
  for (int i = 0; i < kSyncs; ++i) {
    ssize_t n = mode == 0 ? write(fd, record, sizeof record)
                          : pwrite(fd, record, sizeof record, (off_t)i * kWrite);
    if (n != (ssize_t)sizeof record || fdatasync(fd) != 0) {
      perror("write/fdatasync");
      exit(1);
    }
  }
  printf("%-14s wall %8.1f us/sync  cpu %6.1f us/sync\n", name,
         (WallSeconds() - wall) / kSyncs * 1e6, (CpuSeconds() - cpu) / kSyncs * 1e6);
  close(fd);
  unlink(path);
}

int main(int argc, char** argv) {
  const char* dir = argc > 1 ? argv[1] : "/tmp";
  Run(dir, 0, "append");
  Run(dir, 1, "prezeroed");
  Run(dir, 2, "fallocate-only");
  return 0;
}
