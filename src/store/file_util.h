// Small POSIX file helpers for the journal and snapshots: an owning file descriptor, complete
// writes, directory listing and the fsync calls that make creates and renames durable.
// Every failure is a Status naming the path and the errno text. Thread rule: free functions are
// safe from any thread; a UniqueFd is owned by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace probex::store {

// Owns a file descriptor and closes it on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release();
  void Reset();

 private:
  int fd_ = -1;
};

// "what: path: strerror(err)" as an Error with code "io_error".
Error IoError(std::string_view what, std::string_view path, int err);

// mkdir -p.
Status EnsureDirectory(const std::string& path);
// fsync of a directory, so that file creations, renames and deletions in it are durable.
Status SyncDirectory(const std::string& path);
// Names (not paths) of the regular files in `dir`, sorted.
Result<std::vector<std::string>> ListFiles(const std::string& dir);
Result<std::string> ReadWholeFile(const std::string& path);
// Writes all of `bytes` at the current offset, retrying short writes and EINTR.
Status WriteAll(int fd, std::string_view bytes, const std::string& path);
Status DataSync(int fd, const std::string& path);
// Shortens a file to `size` bytes and makes the new length durable.
Status TruncateFile(const std::string& path, std::uint64_t size);
Status RemoveFile(const std::string& path);
std::string JoinPath(std::string_view dir, std::string_view name);

}  // namespace probex::store
