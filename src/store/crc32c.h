// CRC32C (Castagnoli, polynomial 0x1EDC6F41, reflected 0x82F63B78): the checksum of journal
// records and snapshot files. Uses the SSE4.2 crc32 instruction when the CPU has it (checked once
// at run time) and a portable slicing-by-8 table otherwise; both give identical results.
// Thread rule: pure functions, safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace probex::store {

// Continues a CRC32C: `crc` is the value returned for the preceding bytes (0 to start).
std::uint32_t Crc32cExtend(std::uint32_t crc, const void* data, std::size_t size);

inline std::uint32_t Crc32c(const void* data, std::size_t size) {
  return Crc32cExtend(0, data, size);
}
inline std::uint32_t Crc32c(std::string_view bytes) { return Crc32c(bytes.data(), bytes.size()); }

// The two implementations, exposed so tests can check that they agree.
std::uint32_t Crc32cExtendPortable(std::uint32_t crc, const void* data, std::size_t size);
// Only callable when Crc32cHardwareAvailable().
std::uint32_t Crc32cExtendHardware(std::uint32_t crc, const void* data, std::size_t size);
bool Crc32cHardwareAvailable();

}  // namespace probex::store
