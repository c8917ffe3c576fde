#include "venue/engine/engine_options.h"

#include "store/file_util.h"

namespace probex::venue::engine {

std::string JournalDirectory(const std::string& data_dir) {
  return store::JoinPath(data_dir, "journal");
}

std::string SnapshotDirectory(const std::string& data_dir) {
  return store::JoinPath(data_dir, "snapshots");
}

}  // namespace probex::venue::engine
