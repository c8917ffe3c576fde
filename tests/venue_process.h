// VenueProcess: `probex venue` for end-to-end tests (see process_harness.h) with --clock manual and
// a fixed operator key. VenueClient: a JsonClient with the venue's Bearer auth.
// Thread rule: one thread per object.
#pragma once

#include <fstream>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "process_harness.h"

namespace probex::testing {

inline constexpr const char* kOperatorKey = "op_test_operator_key_0123456789";

// The rate rules most functional tests raise so their own calls are never throttled.
inline constexpr std::initializer_list<const char*> kFunctionalTestRules = {
    "global", "auth_reads", "orders", "withdrawals", "key_creation"};

// Writes DIR/venue.toml for `--config`: `raised` rate rules at `limit` (a [venue.rate_limits]
// section whose further lines `extra` may continue), then `extra`. Returns the file's path.
inline std::string WriteVenueConfig(const std::string& dir,
                                    std::initializer_list<const char*> raised,
                                    const std::string& extra = "",
                                    const char* limit = "1000000/min") {
  const std::string path = dir + "/venue.toml";
  std::ofstream out(path);
  if (raised.size() > 0) out << "[venue.rate_limits]\n";
  for (const char* rule : raised) out << rule << " = \"" << limit << "\"\n";
  out << extra;
  return path;
}

class VenueProcess : public ProbexProcess {
 public:
  // Starts `probex venue` on `data_dir` with `extra` arguments; throws if it does not come up.
  // `with_operator_key` false leaves the key to DATA_DIR/operator.key.
  VenueProcess(std::string data_dir, std::vector<std::string> extra = {},
               bool with_operator_key = true)
      : ProbexProcess("venue", Args(data_dir, std::move(extra), with_operator_key)),
        data_dir_(std::move(data_dir)) {}

  const std::string& data_dir() const { return data_dir_; }

 private:
  static std::vector<std::string> Args(const std::string& data_dir, std::vector<std::string> extra,
                                       bool with_operator_key) {
    std::vector<std::string> args = {"--data-dir", data_dir, "--clock", "manual"};
    if (with_operator_key) {
      args.push_back("--operator-key");
      args.push_back(kOperatorKey);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  std::string data_dir_;
};

class VenueClient : public JsonClient {
 public:
  explicit VenueClient(std::uint16_t port, std::string bearer = {})
      : JsonClient(port, std::move(bearer), AuthHeader::kBearer) {}
};

}  // namespace probex::testing
