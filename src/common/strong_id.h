// StrongId<Tag>: an integer id that cannot be mixed up with another kind of id.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace probex {

template <typename Tag, typename Rep = std::uint64_t>
class StrongId {
 public:
  using rep_type = Rep;
  constexpr StrongId() = default;
  constexpr explicit StrongId(Rep value) : value_(value) {}
  constexpr Rep value() const { return value_; }
  constexpr bool valid() const { return value_ != Rep{}; }
  friend constexpr auto operator<=>(StrongId, StrongId) = default;

 private:
  Rep value_{};
};

}  // namespace probex

template <typename Tag, typename Rep>
struct std::hash<probex::StrongId<Tag, Rep>> {
  std::size_t operator()(probex::StrongId<Tag, Rep> id) const noexcept {
    return std::hash<Rep>{}(id.value());
  }
};
