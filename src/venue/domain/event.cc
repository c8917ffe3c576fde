#include "venue/domain/event.h"

namespace probex::venue {

std::string_view SettlementCaseName(SettlementCase c) {
  switch (c) {
    case SettlementCase::kTransferOutcome0:
      return "transfer_o0";
    case SettlementCase::kMint:
      return "mint";
    case SettlementCase::kMerge:
      return "merge";
    case SettlementCase::kTransferOutcome1:
      return "transfer_o1";
  }
  return "?";
}

}  // namespace probex::venue
