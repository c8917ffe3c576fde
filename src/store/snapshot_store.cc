#include "store/snapshot_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "store/crc32c.h"
#include "store/file_util.h"

namespace probex::store {
namespace {

constexpr std::string_view kMagic = "PRBXSNAP";
constexpr std::uint32_t kVersion = 1;
constexpr std::string_view kPrefix = "snapshot-";
constexpr std::string_view kSuffix = ".bin";
constexpr std::string_view kTempSuffix = ".tmp";
constexpr std::size_t kSeqDigits = 20;

template <typename T>
void Store(char* at, T value) {
  std::memcpy(at, &value, sizeof value);
}
template <typename T>
T Load(const char* at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  return value;
}

Error Damaged(const std::string& path, std::string_view what) {
  return MakeError("snapshot_corrupt", "snapshot " + path + ": " + std::string(what));
}

}  // namespace

std::string SnapshotStore::FileName(std::uint64_t seq) {
  char digits[kSeqDigits + 1];
  std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(seq));
  return std::string(kPrefix) + digits + std::string(kSuffix);
}

std::optional<std::uint64_t> SnapshotStore::ParseFileName(std::string_view name) {
  if (name.size() != kPrefix.size() + kSeqDigits + kSuffix.size() || !name.starts_with(kPrefix) ||
      !name.ends_with(kSuffix)) {
    return std::nullopt;
  }
  std::string_view digits = name.substr(kPrefix.size(), kSeqDigits);
  std::uint64_t seq = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return seq;
}

std::string SnapshotStore::Encode(std::uint64_t seq, Timestamp time, std::string_view payload) {
  std::string bytes(kHeaderSize, '\0');
  char* h = bytes.data();
  std::memcpy(h, kMagic.data(), kMagic.size());
  Store<std::uint32_t>(h + 8, kVersion);
  Store<std::uint64_t>(h + 16, seq);
  Store<std::int64_t>(h + 24, time.micros());
  Store<std::uint64_t>(h + 32, payload.size());
  std::uint32_t crc = Crc32cExtend(Crc32c(h, 40), payload.data(), payload.size());
  Store<std::uint32_t>(h + 40, crc);
  bytes.append(payload);
  return bytes;
}

Result<Snapshot> SnapshotStore::Decode(std::string_view bytes, const std::string& path) {
  if (bytes.size() < kHeaderSize) return Damaged(path, "shorter than its header");
  const char* h = bytes.data();
  if (std::string_view(h, kMagic.size()) != kMagic) return Damaged(path, "bad magic");
  if (Load<std::uint32_t>(h + 8) != kVersion) return Damaged(path, "unknown version");
  auto length = Load<std::uint64_t>(h + 32);
  if (length != bytes.size() - kHeaderSize) {
    return Damaged(path, "header says " + std::to_string(length) + " payload bytes, file has " +
                             std::to_string(bytes.size() - kHeaderSize));
  }
  std::string_view payload = bytes.substr(kHeaderSize);
  std::uint32_t crc = Crc32cExtend(Crc32c(h, 40), payload.data(), payload.size());
  if (crc != Load<std::uint32_t>(h + 40)) return Damaged(path, "checksum mismatch");
  Snapshot snapshot;
  snapshot.seq = Load<std::uint64_t>(h + 16);
  snapshot.time = Timestamp::FromMicros(Load<std::int64_t>(h + 24));
  snapshot.payload = std::string(payload);
  snapshot.path = path;
  return snapshot;
}

Status SnapshotStore::Write(std::uint64_t seq, Timestamp time, std::string_view payload) const {
  if (Status s = EnsureDirectory(dir_); !s) return s;
  std::string final_path = JoinPath(dir_, FileName(seq));
  std::string temp_path = final_path + std::string(kTempSuffix);
  {
    UniqueFd fd(::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd.valid()) return IoError("create snapshot", temp_path, errno);
    if (Status s = WriteAll(fd.get(), Encode(seq, time, payload), temp_path); !s) return s;
    if (Status s = DataSync(fd.get(), temp_path); !s) return s;
  }
  if (::rename(temp_path.c_str(), final_path.c_str()) != 0) {
    return IoError("rename snapshot", temp_path, errno);
  }
  return SyncDirectory(dir_);
}

Result<std::vector<std::uint64_t>> SnapshotStore::List() const {
  std::vector<std::uint64_t> seqs;
  std::error_code ec;
  if (!std::filesystem::exists(dir_, ec)) return seqs;
  auto names = ListFiles(dir_);
  if (!names) return names.error();
  for (const std::string& name : *names) {
    if (auto seq = ParseFileName(name)) seqs.push_back(*seq);
  }
  return seqs;  // zero-padded names sort numerically
}

Result<std::optional<Snapshot>> SnapshotStore::LoadNewest(
    std::vector<std::string>* warnings) const {
  auto seqs = List();
  if (!seqs) return seqs.error();
  for (auto it = seqs->rbegin(); it != seqs->rend(); ++it) {
    std::string path = JoinPath(dir_, FileName(*it));
    auto bytes = ReadWholeFile(path);
    if (!bytes) {
      if (warnings) warnings->push_back(bytes.error().message);
      continue;
    }
    auto snapshot = Decode(*bytes, path);
    if (snapshot && snapshot->seq != *it) {
      snapshot = Damaged(
          path, "header seq " + std::to_string(snapshot->seq) + " does not match the file name");
    }
    if (!snapshot) {
      if (warnings) warnings->push_back(snapshot.error().message + " (skipped)");
      continue;
    }
    return std::optional<Snapshot>(std::move(*snapshot));
  }
  return std::optional<Snapshot>();
}

Status SnapshotStore::Prune(std::size_t keep) const {
  auto names = ListFiles(dir_);
  if (!names) return names.error();
  std::vector<std::string> snapshots;
  for (const std::string& name : *names) {
    if (name.ends_with(kTempSuffix) && name.starts_with(kPrefix)) {
      if (Status s = RemoveFile(JoinPath(dir_, name)); !s) return s;
    } else if (ParseFileName(name)) {
      snapshots.push_back(name);
    }
  }
  if (snapshots.size() <= keep) return OkStatus();
  for (std::size_t i = 0; i + keep < snapshots.size(); ++i) {
    if (Status s = RemoveFile(JoinPath(dir_, snapshots[i])); !s) return s;
  }
  return SyncDirectory(dir_);
}

}  // namespace probex::store
