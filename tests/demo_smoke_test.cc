// Smoke test of `probex demo`: the real binary starts the bookmaker, the venue and the MM engine,
// seeds the venue and writes demo.json; the venue then serves the seeded markets, the bookmaker
// its fixtures, the MM engine quotes, and SIGTERM stops everything.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "net/http_client.h"
#include "net/json.h"
#include "venue_process.h"

namespace probex::testing {
namespace {

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST(DemoSmokeTest, StartsSeedsServesAndStopsByItself) {
  TempDir dir;
  const std::string data = dir.path() + "/demo";
  const int venue_port = FreePort();
  const int bookmaker_port = FreePort();
  const int mm_port = FreePort();
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    std::string bin = ProbexBin();
    ::execl(bin.c_str(), bin.c_str(), "demo", "--data-dir", data.c_str(), "--venue-port",
            std::to_string(venue_port).c_str(), "--bookmaker-port",
            std::to_string(bookmaker_port).c_str(), "--mm-port", std::to_string(mm_port).c_str(),
            "--duration", "300", nullptr);
    ::_exit(127);
  }
  // demo.json appears once both services are up and the venue is seeded.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  std::string summary;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream f(data + "/demo.json");
    std::stringstream text;
    text << f.rdbuf();
    summary = text.str();
    if (!summary.empty() && summary.back() == '\n') break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto doc = net::ParseJson(summary);
  ASSERT_TRUE(doc.ok()) << summary;
  const auto& root = doc->root.as_object();
  const std::string venue_key(root.at("venueKey").as_string());
  EXPECT_EQ(venue_key.rfind("ak_", 0), 0u) << venue_key;
  const auto listed = static_cast<std::int64_t>(root.at("markets").as_array().size());
  EXPECT_GE(listed, 2);

  net::HttpClient venue("127.0.0.1", static_cast<std::uint16_t>(venue_port));
  auto markets = venue.GetJson("/api/v1/markets");
  ASSERT_TRUE(markets.ok());
  EXPECT_EQ(markets->status, 200);
  EXPECT_EQ(markets->json.root.at("total").as_int64(), listed);
  auto balance = venue.GetJson("/api/v1/balance", {{"Authorization", "Bearer " + venue_key}});
  ASSERT_TRUE(balance.ok());
  EXPECT_EQ(balance->status, 200) << balance->body;
  EXPECT_EQ(std::string(balance->json.root.at("balance").at("available").as_string()),
            "10000.0000000000");

  net::HttpClient bookmaker("127.0.0.1", static_cast<std::uint16_t>(bookmaker_port));
  auto fixtures =
      bookmaker.Get("/v4/fixtures?apiKey=" + std::string(root.at("bookmakerKey").as_string()));
  ASSERT_TRUE(fixtures.ok());
  EXPECT_EQ(fixtures->status, 200);

  // The MM engine quotes the listed markets, the crowd fills some quotes, the fills are hedged at
  // the bookmaker: the MM client API shows orders, hedge bets and P&L.
  const std::string mm_key(root.at("mmClientKey").as_string());
  JsonClient mm(static_cast<std::uint16_t>(mm_port), mm_key, AuthHeader::kApiKey);
  Reply orders;
  Reply bets;
  const auto deadline_mm = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (std::chrono::steady_clock::now() < deadline_mm) {
    orders = mm.Get("/api/v1/orders?pageSize=1");
    bets = mm.Get("/api/v1/bets?pageSize=1");
    if (orders.Int("/total") > 0 && bets.Int("/total") > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  EXPECT_GT(orders.Int("/total"), 0) << orders.body;
  EXPECT_GT(bets.Int("/total"), 0) << "no hedge bet: " << bets.body;
  Reply pnl = mm.Get("/api/v1/pnl");
  EXPECT_EQ(pnl.status, 200) << pnl.body;
  EXPECT_NE(pnl.At("/pnl"), nullptr) << pnl.body;
  Reply summary_reply = mm.Get("/api/v1/positions/summary");
  EXPECT_EQ(summary_reply.status, 200) << summary_reply.body;

  // The options desk is live: the crowd's quote requests reach the demo's options maker on channel
  // 1, it quotes on channel 2, a commit's acceptance reaches it on channel 3, it signs and
  // confirms, and the quote is executed.
  const std::string options_key(root.at("optionsMakerKey").as_string());
  EXPECT_EQ(options_key.rfind("mk_live_", 0), 0u) << options_key;
  net::JsonResponse executed;
  const auto deadline_options = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (std::chrono::steady_clock::now() < deadline_options) {
    auto r = venue.GetJson("/v1/mm/quotes?status=executed", {{"X-API-Key", options_key}});
    ASSERT_TRUE(r.ok());
    executed = std::move(*r);
    if (executed.status == 200 && executed.body.find("quoteId") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  EXPECT_NE(executed.body.find("quoteId"), std::string::npos)
      << "no executed option quote: " << executed.body;
  auto series = venue.GetJson("/v1/series");
  ASSERT_TRUE(series.ok());
  EXPECT_NE(series->body.find("seriesId"), std::string::npos) << series->body;

  // SIGTERM stops the demo and every service it started (--duration would, later).
  ::kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  net::HttpClient after("127.0.0.1", static_cast<std::uint16_t>(venue_port));
  EXPECT_FALSE(after.Get("/healthz").ok()) << "the venue must be stopped with the demo";
  net::HttpClient mm_after("127.0.0.1", static_cast<std::uint16_t>(mm_port));
  EXPECT_FALSE(mm_after.Get("/healthz").ok()) << "the MM engine must be stopped with the demo";
}

}  // namespace
}  // namespace probex::testing
