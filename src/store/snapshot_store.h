// SnapshotStore: whole-state snapshot files "snapshot-<seq, 20 digits>.bin" in one directory.
// File layout (little-endian), 48-byte header then the payload:
//   [8 magic "PRBXSNAP"][u32 version = 1][u32 reserved][u64 seq][i64 timestamp µs]
//   [u64 payload length][u32 crc32c][u32 reserved]
// The CRC covers the first 40 header bytes and the payload. A snapshot is written to a temporary
// file, fdatasync'd, renamed into place and the directory fsync'd, so a crash leaves either the
// whole new snapshot or none. Loading takes the newest snapshot that checks out; damaged ones are
// skipped with a warning. Thread rule: const methods are safe from any thread, but only one
// thread should write snapshots at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/time.h"

namespace probex::store {

struct Snapshot {
  std::uint64_t seq = 0;  // the state after applying every command up to and including seq
  Timestamp time;         // the timestamp of command `seq`
  std::string payload;
  std::string path;
};

class SnapshotStore {
 public:
  static constexpr std::size_t kHeaderSize = 48;

  explicit SnapshotStore(std::string dir) : dir_(std::move(dir)) {}

  const std::string& dir() const { return dir_; }

  static std::string FileName(std::uint64_t seq);
  static std::optional<std::uint64_t> ParseFileName(std::string_view name);
  static std::string Encode(std::uint64_t seq, Timestamp time, std::string_view payload);
  // Checks magic, version, length and CRC; `path` is used in error messages.
  static Result<Snapshot> Decode(std::string_view bytes, const std::string& path);

  Status Write(std::uint64_t seq, Timestamp time, std::string_view payload) const;
  // The newest valid snapshot, or nullopt when there is none. Damaged files are skipped and
  // described in `warnings`.
  Result<std::optional<Snapshot>> LoadNewest(std::vector<std::string>* warnings) const;
  // Seqs of the snapshot files present (valid or not), ascending.
  Result<std::vector<std::uint64_t>> List() const;
  // Deletes all but the newest `keep` snapshot files, and leftover temporary files.
  Status Prune(std::size_t keep) const;

 private:
  std::string dir_;
};

}  // namespace probex::store
