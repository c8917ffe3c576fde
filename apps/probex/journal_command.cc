// `probex journal dump|verify --data-dir DIR`: inspection of the venue's journal and snapshots.
// Read-only: a torn tail is reported, never truncated (the venue does that when it starts). A
// preallocated zero tail is the end of the records (docs/engine.md), not damage.
//   dump    one line per record: seq, ISO time, the command.
//   verify  checks every record's CRC and the sequence continuity, decodes every command,
//           replays from the newest valid snapshot through the Exchange and prints the record
//           count, the last seq and the state hash. Exit 1 on corruption, naming file and offset.
#include <CLI/CLI.hpp>
#include <cinttypes>
#include <cstdio>
#include <memory>
#include <string>

#include "common/time.h"
#include "store/journal_reader.h"
#include "subcommand.h"
#include "venue/domain/command.h"
#include "venue/domain/exchange.h"
#include "venue/engine/engine_options.h"
#include "venue/engine/recovery.h"

namespace probex::app {
namespace {

using venue::engine::JournalDirectory;

void PrintTornTail(const store::JournalScanResult& scan) {
  if (!scan.torn_tail) return;
  std::fprintf(stderr,
               "torn tail: %s at byte offset %" PRIu64 ", %" PRIu64
               " bytes (%s); the venue truncates it when it starts\n",
               scan.torn_tail_file.c_str(), scan.torn_tail_offset, scan.torn_tail_bytes,
               scan.torn_tail_reason.c_str());
}

store::JournalScanOptions ReadOnlyScan() {
  store::JournalScanOptions options;
  options.check_all_segments = true;
  options.repair_torn_tail = false;
  return options;
}

int Dump(const std::string& data_dir) {
  auto scan = store::JournalReader::Scan(
      JournalDirectory(data_dir), ReadOnlyScan(), [](const store::JournalRecord& record) -> Status {
        auto command = venue::DecodeCommand(record.payload);
        if (!command) {
          return MakeError("journal_undecodable",
                           "record seq " + std::to_string(record.seq) +
                               " does not decode: " + command.error().message);
        }
        std::printf("%" PRIu64 " %s %s\n", record.seq, FormatIso8601(record.time).c_str(),
                    venue::DescribeCommand(*command).c_str());
        return OkStatus();
      });
  if (!scan) {
    std::fflush(stdout);
    std::fprintf(stderr, "error: %s\n", scan.error().message.c_str());
    return 1;
  }
  PrintTornTail(*scan);
  return 0;
}

int Verify(const std::string& data_dir) {
  // 1. Every record: CRC, continuity, and that it decodes.
  auto scan = store::JournalReader::Scan(
      JournalDirectory(data_dir), ReadOnlyScan(), [](const store::JournalRecord& record) -> Status {
        auto command = venue::DecodeCommand(record.payload);
        if (!command) {
          return MakeError("journal_undecodable",
                           "record seq " + std::to_string(record.seq) +
                               " does not decode: " + command.error().message);
        }
        return OkStatus();
      });
  if (!scan) {
    std::fprintf(stderr, "error: %s\n", scan.error().message.c_str());
    return 1;
  }
  std::printf("journal: %s\n", JournalDirectory(data_dir).c_str());
  std::printf("segments: %zu\n", scan->segments_read);
  std::printf("records: %" PRIu64 " (seq %" PRIu64 "..%" PRIu64 ")\n", scan->records_checked,
              scan->first_seq, scan->last_seq);
  PrintTornTail(*scan);
  if (scan->zero_tail_bytes > 0) {
    std::printf("preallocated tail: %" PRIu64 " zero bytes from byte offset %" PRIu64
                " (the end of the records)\n",
                scan->zero_tail_bytes, scan->end_offset);
  }

  // 2. The state the venue would recover: newest valid snapshot + replay.
  venue::engine::RecoverOptions options;
  options.repair_torn_tail = false;
  auto recovered =
      venue::engine::Recover<venue::Exchange>(data_dir, options, [] { return venue::Exchange(); });
  if (!recovered) {
    std::fprintf(stderr, "error: %s\n", recovered.error().message.c_str());
    return 1;
  }
  const venue::engine::RecoveryReport& report = recovered->report;
  for (const std::string& warning : report.warnings) {
    std::fprintf(stderr, "warning: %s\n", warning.c_str());
  }
  if (report.from_snapshot) {
    std::printf("snapshot: seq %" PRIu64 " (%s)\n", report.snapshot_seq,
                report.snapshot_path.c_str());
  } else {
    std::printf("snapshot: none\n");
  }
  std::printf("replayed: %" PRIu64 "\n", report.replayed);
  std::printf("last seq: %" PRIu64 "\n", report.last_seq);
  if (report.last_seq > 0) {
    std::printf("last time: %s\n", FormatIso8601(report.last_time).c_str());
  }
  std::printf("state hash: %016" PRIx64 "\n", recovered->machine.StateHash());
  std::printf("ok\n");
  return 0;
}

const SubcommandRegistrar kJournal(
    {"journal", "Inspect the venue journal: dump its records or verify it end to end", 50,
     [](CLI::App& cmd, int& exit_code) {
       cmd.require_subcommand(1);
       auto data_dir = std::make_shared<std::string>("./data/venue");
       CLI::App* dump = cmd.add_subcommand("dump", "Print one line per journal record");
       dump->add_option("--data-dir", *data_dir, "The venue's data directory")
           ->capture_default_str();
       dump->callback([data_dir, &exit_code] { exit_code = Dump(*data_dir); });
       CLI::App* verify = cmd.add_subcommand(
           "verify", "Check CRCs and continuity, replay through the Exchange, print the hash");
       verify->add_option("--data-dir", *data_dir, "The venue's data directory")
           ->capture_default_str();
       verify->callback([data_dir, &exit_code] { exit_code = Verify(*data_dir); });
     }});

}  // namespace
}  // namespace probex::app
