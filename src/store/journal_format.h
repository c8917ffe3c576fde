// The journal's on-disk format. A journal is a directory of append-only segment files named
// "journal-<first seq, 20 digits>.log". Each segment starts with a 16-byte header
//   [8 bytes magic "PRBXJRNL"][u32 version = 1][u32 reserved = 0]
// followed by records
//   [u32 payload length][u32 crc32c][u64 seq][i64 timestamp µs][payload]
// all little-endian; the CRC covers everything after the crc field (seq, timestamp, payload).
// Sequence numbers are contiguous across segments, starting at 1.
// Thread rule: pure functions, safe from any thread.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "common/time.h"

namespace probex::store {

static_assert(std::endian::native == std::endian::little,
              "the journal format is little-endian and encoded with memcpy");

inline constexpr std::string_view kJournalMagic = "PRBXJRNL";
inline constexpr std::uint32_t kJournalVersion = 1;
inline constexpr std::size_t kJournalFileHeaderSize = 16;
inline constexpr std::size_t kJournalRecordHeaderSize = 24;
// A record's payload is one encoded command; anything larger is treated as corruption.
inline constexpr std::uint32_t kJournalMaxPayload = 64u << 20;

// One record as read back. `payload` points into the reader's buffer.
struct JournalRecord {
  std::uint64_t seq = 0;
  Timestamp time;
  std::string_view payload;
};

std::string JournalSegmentName(std::uint64_t first_seq);
// The first seq of a segment file name, or nullopt for any other name.
std::optional<std::uint64_t> ParseJournalSegmentName(std::string_view name);

std::string JournalFileHeader();

// Appends a record in two steps so the payload can be encoded in place:
//   std::size_t start = BeginJournalRecord(buf);  <append the payload to buf>
//   FinishJournalRecord(buf, start, seq, time);
inline std::size_t BeginJournalRecord(std::string& buffer) {
  std::size_t start = buffer.size();
  buffer.append(kJournalRecordHeaderSize, '\0');
  return start;
}
void FinishJournalRecord(std::string& buffer, std::size_t start, std::uint64_t seq, Timestamp time);
void AppendJournalRecord(std::string& buffer, std::uint64_t seq, Timestamp time,
                         std::string_view payload);

enum class RecordParse {
  kOk,
  kTruncated,    // fewer bytes left than the header or the declared payload needs
  kBadLength,    // declared payload length above kJournalMaxPayload
  kBadChecksum,  // the CRC does not match
};
std::string_view RecordParseName(RecordParse parse);

// Parses the record at the start of `bytes`; on kOk fills `record` and `size` (header + payload).
RecordParse ParseJournalRecord(std::string_view bytes, JournalRecord& record, std::size_t& size);

}  // namespace probex::store
