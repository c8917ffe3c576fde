// Recover: rebuilds a state machine from a data directory = the newest valid snapshot, then the
// journal records after it, applied in order with their recorded seq and timestamp. A torn
// journal tail is truncated (or only reported); corruption, a gap, or a command that does not
// decode stops recovery with an error naming where. Used by the Sequencer at start and by
// `probex journal verify`. Thread rule: a free function; nothing else may use the directory.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/time.h"
#include "store/journal_reader.h"
#include "store/snapshot_store.h"
#include "venue/engine/engine_options.h"

namespace probex::venue::engine {

struct RecoverOptions {
  bool use_snapshots = true;        // false: replay the whole journal from seq 1
  bool repair_torn_tail = true;     // false: report a torn tail but leave the file as it is
  bool check_all_segments = false;  // CRC-check the segments before the snapshot too
};

struct RecoveryReport {
  bool from_snapshot = false;
  std::uint64_t snapshot_seq = 0;
  std::string snapshot_path;
  std::uint64_t records_checked = 0;  // CRC-checked journal records
  std::uint64_t replayed = 0;         // records applied after the snapshot
  std::uint64_t last_seq = 0;         // the state's seq after recovery
  Timestamp last_time;
  bool torn_tail = false;
  std::string torn_tail_file;
  std::uint64_t torn_tail_offset = 0;
  std::uint64_t torn_tail_bytes = 0;
  std::string torn_tail_reason;
  std::uint64_t zero_tail_bytes = 0;  // preallocated zeros after the last record (not damage)
  std::vector<std::string> warnings;  // skipped snapshots and the like
};

template <typename Machine>
struct Recovered {
  Machine machine;
  RecoveryReport report;
};

template <typename Machine>
Result<Recovered<Machine>> Recover(const std::string& data_dir, const RecoverOptions& options,
                                   const std::function<Machine()>& make_empty) {
  RecoveryReport report;
  std::optional<Machine> machine;
  if (options.use_snapshots) {
    store::SnapshotStore snapshots(SnapshotDirectory(data_dir));
    auto newest = snapshots.LoadNewest(&report.warnings);
    if (!newest) return newest.error();
    if (newest->has_value()) {
      const store::Snapshot& snapshot = **newest;
      auto decoded = Machine::DecodeSnapshot(snapshot.payload);
      if (!decoded) {
        return MakeError("snapshot_undecodable", "snapshot " + snapshot.path +
                                                     " passed its checksum but does not decode: " +
                                                     decoded.error().message);
      }
      machine.emplace(std::move(*decoded));
      report.from_snapshot = true;
      report.snapshot_seq = snapshot.seq;
      report.snapshot_path = snapshot.path;
      report.last_seq = snapshot.seq;
      report.last_time = snapshot.time;
    }
  }
  if (!machine) machine.emplace(make_empty());

  store::JournalScanOptions scan_options;
  scan_options.after_seq = report.snapshot_seq;
  scan_options.repair_torn_tail = options.repair_torn_tail;
  scan_options.check_all_segments = options.check_all_segments;
  typename Machine::Output output;
  std::string undecodable;
  auto scan = store::JournalReader::Scan(
      JournalDirectory(data_dir), scan_options, [&](const store::JournalRecord& record) -> Status {
        auto command = Machine::DecodeCommand(record.payload);
        if (!command) {
          return MakeError("journal_undecodable",
                           "journal record seq " + std::to_string(record.seq) +
                               " does not decode: " + command.error().message);
        }
        machine->Apply(*command, record.seq, record.time, output);
        return OkStatus();
      });
  if (!scan) return scan.error();
  report.records_checked = scan->records_checked;
  report.replayed = scan->records_delivered;
  if (scan->records_checked > 0 && scan->last_seq < report.snapshot_seq) {
    return MakeError("journal_behind_snapshot", "snapshot " + report.snapshot_path + " is at seq " +
                                                    std::to_string(report.snapshot_seq) +
                                                    " but the journal ends at seq " +
                                                    std::to_string(scan->last_seq));
  }
  if (scan->last_seq > report.last_seq) {
    report.last_seq = scan->last_seq;
    report.last_time = scan->last_time;
  }
  report.torn_tail = scan->torn_tail;
  report.torn_tail_file = scan->torn_tail_file;
  report.torn_tail_offset = scan->torn_tail_offset;
  report.torn_tail_bytes = scan->torn_tail_bytes;
  report.torn_tail_reason = scan->torn_tail_reason;
  report.zero_tail_bytes = scan->zero_tail_bytes;
  return Recovered<Machine>{std::move(*machine), std::move(report)};
}

}  // namespace probex::venue::engine
