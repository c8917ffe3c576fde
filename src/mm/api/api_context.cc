#include "mm/api/api_context.h"

namespace probex::mm::api {

ApiContext::~ApiContext() {
  {
    std::lock_guard lock(bg_mu_);
    bg_stopping_ = true;
  }
  bg_cv_.notify_all();
  if (bg_thread_.joinable()) bg_thread_.join();
}

void ApiContext::Background(std::function<void()> task) {
  std::lock_guard lock(bg_mu_);
  if (bg_stopping_) return;
  bg_tasks_.push_back(std::move(task));
  if (!bg_thread_.joinable()) {
    bg_thread_ = std::thread([this] {
      for (;;) {
        std::function<void()> next;
        {
          std::unique_lock l(bg_mu_);
          bg_cv_.wait(l, [this] { return bg_stopping_ || !bg_tasks_.empty(); });
          if (bg_tasks_.empty()) return;
          next = std::move(bg_tasks_.front());
          bg_tasks_.pop_front();
        }
        next();
      }
    });
  }
  bg_cv_.notify_one();
}

Status ApiContext::ApplyControl(const std::string& reason) {
  const ControlState want = EngineStateOf(StatusOf(clients.SwitchesOf(options.trading_client)));
  if (engine.control_state() == want) return OkStatus();
  return engine.SetControlState(want, reason);
}

std::pair<std::string, std::string> ApiContext::TournamentNames(int sport_id, int tournament_id) {
  std::lock_guard lock(names_mu_);
  if (!sports_loaded_[sport_id] && sport_id != 0) {
    if (auto list = feed.Tournaments(sport_id); list.ok()) {
      for (const auto& t : *list) tournaments_[t.tournament_id] = t;
      sports_loaded_[sport_id] = true;
    }
  }
  auto it = tournaments_.find(tournament_id);
  if (it == tournaments_.end()) return {"", ""};
  return {it->second.name, it->second.category_name};
}

std::string ApiContext::MarketTypeName(const std::string& market_type) {
  std::lock_guard lock(names_mu_);
  if (!market_names_loaded_) {
    if (auto cat = feed.MarketCatalogue(); cat.ok()) {
      for (const auto& m : *cat) market_names_.try_emplace(m.market_type, m.market_name);
      market_names_loaded_ = true;
    }
  }
  auto it = market_names_.find(market_type);
  return it == market_names_.end() ? market_type : it->second;
}

}  // namespace probex::mm::api
