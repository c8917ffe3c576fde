#include "venue/domain/order_index.h"

#include <algorithm>
#include <cstdlib>

namespace probex::venue {

OrderIndex& OrderIndex::operator=(const OrderIndex& other) {
  if (this == &other) return *this;
  directory_ = other.directory_;
  pages_.clear();
  pages_.reserve(other.pages_.size());
  for (const auto& p : other.pages_) pages_.push_back(std::make_unique<Page>(*p));
  free_pages_ = other.free_pages_;
  size_ = other.size_;
  cached_no_ = other.cached_no_;
  cached_page_ = other.cached_page_;
  return *this;
}

void OrderIndex::Insert(std::uint64_t id, std::uint32_t slot) {
  if (id == 0 || slot == kMissing) std::abort();  // impossible: ids start at 1
  const std::uint64_t page_no = id >> kPageBits;
  std::uint32_t page = PageOf(page_no);
  if (page == kMissing) {
    if (free_pages_.empty()) {
      page = static_cast<std::uint32_t>(pages_.size());
      pages_.push_back(std::make_unique<Page>());
    } else {
      page = free_pages_.back();
      free_pages_.pop_back();
    }
    Page& p = *pages_[page];
    std::fill(std::begin(p.slots), std::end(p.slots), kMissing);
    p.count = 0;
    directory_.Insert(page_no + 1, page);
    cached_no_ = page_no;
    cached_page_ = page;
  }
  Page& p = *pages_[page];
  std::uint32_t& entry = p.slots[id & (kPageSize - 1)];
  if (entry == kMissing) {
    ++p.count;
    ++size_;
  }
  entry = slot;
}

bool OrderIndex::Erase(std::uint64_t id) {
  const std::uint64_t page_no = id >> kPageBits;
  const std::uint32_t page = PageOf(page_no);
  if (page == kMissing) return false;
  Page& p = *pages_[page];
  std::uint32_t& entry = p.slots[id & (kPageSize - 1)];
  if (entry == kMissing) return false;
  entry = kMissing;
  --size_;
  if (--p.count == 0) {
    directory_.Erase(page_no + 1);
    free_pages_.push_back(page);
    if (cached_no_ == page_no) {
      cached_no_ = ~0ull;
      cached_page_ = kMissing;
    }
  }
  return true;
}

void OrderIndex::Reserve(std::size_t count) {
  const std::size_t pages = count / kPageSize + 2;
  directory_.Reserve(pages);
  pages_.reserve(pages);
}

}  // namespace probex::venue
