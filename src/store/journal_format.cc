#include "store/journal_format.h"

#include <charconv>
#include <cstdio>

#include "store/crc32c.h"

namespace probex::store {
namespace {

constexpr std::string_view kSegmentPrefix = "journal-";
constexpr std::string_view kSegmentSuffix = ".log";
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

}  // namespace

std::string JournalSegmentName(std::uint64_t first_seq) {
  char digits[kSeqDigits + 1];
  std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(first_seq));
  std::string name(kSegmentPrefix);
  name += digits;
  name += kSegmentSuffix;
  return name;
}

std::optional<std::uint64_t> ParseJournalSegmentName(std::string_view name) {
  if (name.size() != kSegmentPrefix.size() + kSeqDigits + kSegmentSuffix.size() ||
      !name.starts_with(kSegmentPrefix) || !name.ends_with(kSegmentSuffix)) {
    return std::nullopt;
  }
  std::string_view digits = name.substr(kSegmentPrefix.size(), kSeqDigits);
  std::uint64_t seq = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return seq;
}

std::string JournalFileHeader() {
  std::string header(kJournalFileHeaderSize, '\0');
  std::memcpy(header.data(), kJournalMagic.data(), kJournalMagic.size());
  Store<std::uint32_t>(header.data() + 8, kJournalVersion);
  Store<std::uint32_t>(header.data() + 12, 0);
  return header;
}

void FinishJournalRecord(std::string& buffer, std::size_t start, std::uint64_t seq,
                         Timestamp time) {
  char* header = buffer.data() + start;
  auto length = static_cast<std::uint32_t>(buffer.size() - start - kJournalRecordHeaderSize);
  Store<std::uint32_t>(header, length);
  Store<std::uint64_t>(header + 8, seq);
  Store<std::int64_t>(header + 16, time.micros());
  Store<std::uint32_t>(header + 4, Crc32c(header + 8, buffer.size() - start - 8));
}

void AppendJournalRecord(std::string& buffer, std::uint64_t seq, Timestamp time,
                         std::string_view payload) {
  std::size_t start = BeginJournalRecord(buffer);
  buffer.append(payload);
  FinishJournalRecord(buffer, start, seq, time);
}

std::string_view RecordParseName(RecordParse parse) {
  switch (parse) {
    case RecordParse::kOk:
      return "ok";
    case RecordParse::kTruncated:
      return "truncated record";
    case RecordParse::kBadLength:
      return "impossible record length";
    case RecordParse::kBadChecksum:
      return "checksum mismatch";
  }
  return "unknown";
}

RecordParse ParseJournalRecord(std::string_view bytes, JournalRecord& record, std::size_t& size) {
  if (bytes.size() < kJournalRecordHeaderSize) return RecordParse::kTruncated;
  const char* p = bytes.data();
  auto length = Load<std::uint32_t>(p);
  if (length > kJournalMaxPayload) return RecordParse::kBadLength;
  if (bytes.size() - kJournalRecordHeaderSize < length) return RecordParse::kTruncated;
  auto crc = Load<std::uint32_t>(p + 4);
  if (Crc32c(p + 8, kJournalRecordHeaderSize - 8 + length) != crc) {
    return RecordParse::kBadChecksum;
  }
  record.seq = Load<std::uint64_t>(p + 8);
  record.time = Timestamp::FromMicros(Load<std::int64_t>(p + 16));
  record.payload = bytes.substr(kJournalRecordHeaderSize, length);
  size = kJournalRecordHeaderSize + length;
  return RecordParse::kOk;
}

}  // namespace probex::store
