// Crash test: a child process runs the engine with journaling on and reports every acknowledged
// (durable) command through a pipe; the parent SIGKILLs it at a random point, then recovers the
// directory and checks that nothing acknowledged was lost and that snapshot + replay equals a
// fresh replay of the surviving journal. The same directory goes through every round, so each
// round also recovers from the previous crash.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <random>
#include <thread>
#include <vector>

#include "store/file_util.h"
#include "store/journal_format.h"
#include "store/journal_reader.h"
#include "store/journal_test_util.h"
#include "venue/engine/recovery.h"
#include "venue/engine/sequencer.h"
#include "venue/engine/test_bank.h"

namespace probex::venue::engine {
namespace {

using store::testing::Slurp;
using store::testing::Spit;
using store::testing::TempDir;
using testing::RandomBankCommand;
using testing::TestBank;
using Engine = Sequencer<TestBank>;

struct Ack {
  std::uint64_t seq;
  std::uint64_t tag;
};

EngineOptions ChildOptions(const std::string& dir) {
  EngineOptions options;
  options.data_dir = dir;
  options.snapshot_every = 700;
  options.segment_bytes = 32 << 10;
  options.intake_capacity = 512;
  return options;
}

// Runs in the child: submits commands from several threads until killed.
[[noreturn]] void RunChild(const std::string& dir, std::uint64_t seed, int ack_fd) {
  auto engine = Engine::Open(ChildOptions(dir));
  if (!engine.ok()) {
    std::fprintf(stderr, "child: %s\n", engine.error().message.c_str());
    ::_exit(3);
  }
  std::vector<std::thread> threads;
  for (std::uint64_t t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(seed * 31 + t);
      for (std::uint64_t i = 0;; ++i) {
        const std::uint64_t tag = (seed << 40) | (t << 32) | i;
        Status s = (*engine)->SubmitAsync(
            RandomBankCommand(rng, tag),
            [ack_fd, tag](const Status& status, const Engine::Committed* committed) {
              if (!status) return;
              Ack ack{committed->seq, tag};
              if (::write(ack_fd, &ack, sizeof ack) != sizeof ack) ::_exit(4);
            });
        if (!s) ::_exit(5);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ::_exit(0);
}

store::JournalScanOptions ReadOnly() {
  store::JournalScanOptions options;
  options.repair_torn_tail = false;
  return options;
}

std::map<std::uint64_t, std::uint64_t> JournalTags(const std::string& dir) {
  std::map<std::uint64_t, std::uint64_t> tags;
  auto scan = store::JournalReader::Scan(JournalDirectory(dir), ReadOnly(),
                                         [&](const store::JournalRecord& record) {
                                           auto command = TestBank::DecodeCommand(record.payload);
                                           if (!command) return Status(command.error());
                                           tags[record.seq] = command->tag;
                                           return OkStatus();
                                         });
  EXPECT_TRUE(scan.ok()) << (scan.ok() ? "" : scan.error().message);
  return tags;
}

TEST(CrashTest, SigkillAtRandomPointsLosesNothingAcknowledged) {
  const bool sanitized = std::getenv("PROBEX_SANITIZED") != nullptr;
  const int rounds = sanitized ? 3 : 6;
  TempDir dir;
  std::mt19937_64 rng(20260405);
  std::uint64_t total_acked = 0;
  for (int round = 0; round < rounds; ++round) {
    const std::uint64_t seed = static_cast<std::uint64_t>(round) + 1;
    const std::uint64_t kill_after = 50 + rng() % (sanitized ? 2000 : 8000);
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      RunChild(dir.path(), seed, fds[1]);
    }
    ::close(fds[1]);
    std::vector<Ack> acks;
    Ack ack;
    bool killed = false;
    while (true) {
      ssize_t n = ::read(fds[0], &ack, sizeof ack);
      if (n == 0) break;  // every write end is closed: the child is gone
      if (n < 0 && errno == EINTR) continue;
      ASSERT_EQ(n, static_cast<ssize_t>(sizeof ack));
      acks.push_back(ack);
      if (!killed && acks.size() >= kill_after) {
        ASSERT_EQ(::kill(pid, SIGKILL), 0);
        killed = true;
      }
    }
    ::close(fds[0]);
    int wstatus = 0;
    ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL)
        << "child exited on its own with status " << wstatus;
    total_acked += acks.size();

    // Every other round, also leave a torn record at the tail as a power loss mid-write would.
    const bool tear = round % 2 == 1;
    std::string torn_segment;
    std::size_t intact_size = 0;
    if (tear) {
      auto names = store::ListFiles(JournalDirectory(dir.path()));
      ASSERT_TRUE(names.ok() && !names->empty());
      torn_segment = store::JoinPath(JournalDirectory(dir.path()), names->back());
      std::string bytes = Slurp(torn_segment);
      // Where the next record would have gone: the end of the records, before the segment's
      // preallocated zeros (which a torn write overwrites in place).
      auto scan =
          store::JournalReader::Scan(JournalDirectory(dir.path()), ReadOnly(),
                                     [](const store::JournalRecord&) { return OkStatus(); });
      ASSERT_TRUE(scan.ok()) << scan.error().message;
      intact_size = scan->end_offset;
      std::string record;
      store::AppendJournalRecord(record, 1ull << 40, Timestamp::FromMicros(1), "torn");
      record.resize(1 + rng() % (record.size() - 1));
      bytes.replace(intact_size, std::min(record.size(), bytes.size() - intact_size), record);
      Spit(torn_segment, bytes);
    }

    // Every acknowledged command is in the journal, at its seq, with its identity.
    const auto tags = JournalTags(dir.path());
    for (const Ack& a : acks) {
      auto it = tags.find(a.seq);
      ASSERT_NE(it, tags.end()) << "acknowledged seq " << a.seq << " lost in round " << round;
      ASSERT_EQ(it->second, a.tag) << "seq " << a.seq << " holds another command";
    }

    // Recovery (snapshot + tail) equals a fresh replay of the whole surviving journal.
    auto recovered = Recover<TestBank>(dir.path(), RecoverOptions{}, [] { return TestBank(); });
    ASSERT_TRUE(recovered.ok()) << recovered.error().message;
    // A tail torn by the kill itself is possible in any round; the appended one always is.
    if (tear) {
      EXPECT_TRUE(recovered->report.torn_tail) << round;
    }
    if (tear) {
      // SIGKILL can also cut the child's own last write (at a page boundary, say), so the valid
      // data may end before `intact_size`: recovery truncates at the first bad record, and every
      // acknowledged record (checked above) lies before it.
      EXPECT_EQ(recovered->report.torn_tail_file, torn_segment);
      EXPECT_LE(recovered->report.torn_tail_offset, intact_size);
      EXPECT_EQ(Slurp(torn_segment).size(), recovered->report.torn_tail_offset);
    }
    EXPECT_EQ(recovered->report.last_seq, tags.empty() ? 0 : tags.rbegin()->first);
    RecoverOptions fresh;
    fresh.use_snapshots = false;
    auto replayed = Recover<TestBank>(dir.path(), fresh, [] { return TestBank(); });
    ASSERT_TRUE(replayed.ok()) << replayed.error().message;
    EXPECT_EQ(recovered->machine.StateHash(), replayed->machine.StateHash()) << round;
    EXPECT_TRUE(recovered->machine.Conserved());
    EXPECT_EQ(recovered->machine.applied(), recovered->report.last_seq);
  }
  EXPECT_GT(total_acked, 0u);
}

}  // namespace
}  // namespace probex::venue::engine
