#include "bookmaker/api/sportsbook.h"

#include <cstdio>
#include <cstdlib>

#include "bookmaker/domain/market_catalogue.h"

namespace probex::bookmaker {
namespace {

// A failure to persist is an impossible state for a running book (disk gone): stop loudly
// rather than answer as if the change were durable.
void MustPersist(const Status& status) {
  if (!status.ok()) {
    std::fprintf(stderr, "probex bookmaker: store failure: %s\n", status.error().message.c_str());
    std::abort();
  }
}

}  // namespace

Sportsbook::Sportsbook(SportsbookConfig config, std::unique_ptr<BetStore> store)
    : config_(config), store_(std::move(store)), sim_(config.sim) {}

Result<std::unique_ptr<Sportsbook>> Sportsbook::Open(const std::string& db_path,
                                                     SportsbookConfig config, Timestamp now) {
  auto store = BetStore::Open(db_path);
  if (!store.ok()) return store.error();
  BetStore& s = **store;
  if (auto seed = s.GetMeta("seed")) {
    if (*seed != std::to_string(config.sim.seed)) {
      return MakeError("seed_mismatch", "this data directory holds the season of seed " + *seed +
                                            ", not " + std::to_string(config.sim.seed));
    }
    auto start = s.GetMeta("season_start_us");
    auto fixtures = s.GetMeta("fixtures");
    if (!start || !fixtures) return MakeError("corrupt_store", "season settings are missing");
    config.sim.season_start = Timestamp::FromMicros(std::stoll(*start));
    config.sim.fixtures = std::stoi(*fixtures);
  } else {
    for (Status st :
         {s.SetMeta("seed", std::to_string(config.sim.seed)),
          s.SetMeta("season_start_us", std::to_string(config.sim.season_start.micros())),
          s.SetMeta("fixtures", std::to_string(config.sim.fixtures))}) {
      if (!st.ok()) return st.error();
    }
  }
  std::unique_ptr<Sportsbook> book(new Sportsbook(config, std::move(*store)));
  auto accounts = book->store_->LoadAccounts();
  if (!accounts.ok()) return accounts.error();
  auto orders = book->store_->LoadOrders();
  if (!orders.ok()) return orders.error();
  auto bets = book->store_->LoadBets();
  if (!bets.ok()) return bets.error();
  auto actions = book->store_->LoadActions();
  if (!actions.ok()) return actions.error();
  std::vector<Account> plain;
  for (StoredAccount& a : *accounts) {
    book->account_by_key_hash_[a.key_hash] = a.account.account_id;
    book->key_hash_by_account_[a.account.account_id] = a.key_hash;
    plain.push_back(a.account);
  }
  book->book_.Restore(std::move(plain), std::move(*orders), std::move(*bets));
  std::lock_guard lock(book->mu_);
  for (const OperatorAction& action : *actions) {
    SimUpdate update;
    book->sim_.AdvanceTo(action.at, update);
    book->ApplyLocked(update, false);
    SimUpdate staged;
    (void)book->ApplyAction(action, staged);
    book->ApplyLocked(staged, false);
    book->next_action_seq_ = action.seq + 1;
  }
  SimUpdate update;
  book->sim_.AdvanceTo(now, update);
  book->ApplyLocked(update, false);
  return book;
}

void Sportsbook::SetPublisher(Publisher* publisher) {
  std::lock_guard lock(mu_);
  publisher_ = publisher;
}

Result<std::int64_t> Sportsbook::EnsureAccount(const std::string& key_hash, const std::string& name,
                                               Timestamp now) {
  std::lock_guard lock(mu_);
  auto it = account_by_key_hash_.find(key_hash);
  if (it != account_by_key_hash_.end()) return it->second;
  Account& account =
      book_.CreateAccount(name, config_.initial_balance, config_.min_stake, config_.max_stake, now);
  if (Status st = store_->SaveAccount(account, key_hash); !st.ok()) return st.error();
  account_by_key_hash_[key_hash] = account.account_id;
  key_hash_by_account_[account.account_id] = key_hash;
  return account.account_id;
}

std::optional<std::int64_t> Sportsbook::AccountForKeyHash(const std::string& key_hash) const {
  std::lock_guard lock(mu_);
  auto it = account_by_key_hash_.find(key_hash);
  if (it == account_by_key_hash_.end()) return std::nullopt;
  return it->second;
}

void Sportsbook::AdvanceTo(Timestamp now) {
  std::lock_guard lock(mu_);
  SimUpdate update;
  sim_.AdvanceTo(now, update);
  ApplyLocked(update, true);
}

Timestamp Sportsbook::now() const {
  std::lock_guard lock(mu_);
  return sim_.now();
}

std::optional<Timestamp> Sportsbook::NextEventTime() const {
  std::lock_guard lock(mu_);
  return sim_.NextEventTime();
}

void Sportsbook::ApplyLocked(const SimUpdate& update, bool publish) {
  if (publish && publisher_ != nullptr) {
    for (const OddsDelta& delta : update.odds) publisher_->OnOddsDelta(sim_, delta);
    for (const std::string& id : update.fixtures_changed) {
      publisher_->OnFixtureChanged(*sim_.FindFixture(id));
    }
  }
  auto settle = [&](const SettlementBatch& batch) {
    if (batch.bets.empty()) return;
    auto tx = store_->Begin();
    MustPersist(tx.ok() ? OkStatus() : Status(tx.error()));
    for (const Bet& bet : batch.bets) MustPersist(store_->SaveBet(bet));
    for (std::int64_t id : batch.account_ids) {
      MustPersist(store_->SaveAccount(*book_.FindAccount(id), key_hash_by_account_.at(id)));
    }
    MustPersist(tx->Commit());
    if (publish && publisher_ != nullptr) {
      for (const Bet& bet : batch.bets) publisher_->OnSettlement(bet);
      for (std::int64_t id : batch.account_ids) publisher_->OnAccount(*book_.FindAccount(id));
    }
  };
  for (const std::string& id : update.finished) {
    settle(book_.SettleFixture(id, sim_.FindFixture(id)->score, sim_.now()));
  }
  for (const std::string& id : update.cancelled) settle(book_.VoidFixture(id, sim_.now()));
}

SelectionQuote Sportsbook::QuoteLocked(const std::string& fixture_id, int outcome_id) const {
  SelectionQuote quote;
  const Fixture* fixture = sim_.FindFixture(fixture_id);
  auto ref = MarketCatalogue::Standard().FindOutcome(outcome_id);
  if (fixture == nullptr || !ref || ref->market->sport_id != fixture->sport_id) return quote;
  const FixtureOdds* odds = sim_.board().Find(fixture_id);
  if (odds == nullptr) return quote;
  auto market = odds->markets.find(ref->market->market_id);
  if (market == odds->markets.end()) return quote;
  auto player = market->second.outcomes.find(outcome_id);
  if (player == market->second.outcomes.end()) return quote;
  quote.exists = true;
  quote.fixture_open = fixture->open_for_betting();
  quote.suspended = odds->suspended || !odds->bookmaker_is_active;
  quote.active = market->second.market_active && player->second.active;
  quote.market_id = ref->market->market_id;
  quote.price = player->second.price;
  quote.limit = player->second.limit;
  return quote;
}

SelectionQuote Sportsbook::QuoteFor(const std::string& fixture_id, int outcome_id) const {
  std::lock_guard lock(mu_);
  return QuoteLocked(fixture_id, outcome_id);
}

std::vector<PlaceResult> Sportsbook::Place(std::int64_t account_id,
                                           const std::vector<OrderRequest>& orders, Timestamp now) {
  std::lock_guard lock(mu_);
  SimUpdate update;
  sim_.AdvanceTo(now, update);
  ApplyLocked(update, true);
  std::vector<PlaceResult> results;
  auto tx = store_->Begin();
  MustPersist(tx.ok() ? OkStatus() : Status(tx.error()));
  bool balance_changed = false;
  for (const OrderRequest& request : orders) {
    SelectionQuote quote = QuoteLocked(request.fixture_id, request.outcome_id);
    auto placed = book_.Place(account_id, request, quote, sim_.now());
    PlaceResult result;
    if (!placed.ok()) {
      result.error = placed.error();
      results.push_back(std::move(result));
      continue;
    }
    result.outcome = std::move(*placed);
    if (!result.outcome.replayed) {
      MustPersist(store_->SaveOrder(result.outcome.order));
      if (result.outcome.bet) {
        MustPersist(store_->SaveBet(*result.outcome.bet));
        balance_changed = true;
      }
    }
    results.push_back(std::move(result));
  }
  const Account* account = book_.FindAccount(account_id);
  if (balance_changed) {
    MustPersist(store_->SaveAccount(*account, key_hash_by_account_.at(account_id)));
  }
  MustPersist(tx->Commit());
  if (publisher_ != nullptr) {
    for (const PlaceResult& r : results) {
      if (r.error || r.outcome.replayed) continue;
      publisher_->OnOrder(r.outcome.order);
      if (r.outcome.bet) publisher_->OnBet(*r.outcome.bet);
    }
    if (balance_changed) publisher_->OnAccount(*account);
  }
  return results;
}

Status Sportsbook::ApplyAction(const OperatorAction& action, SimUpdate& update) {
  if (action.kind == "goal") {
    return sim_.ForceGoal(action.fixture_id, static_cast<int>(action.a), update);
  }
  if (action.kind == "suspend") return sim_.SetSuspended(action.fixture_id, action.a != 0, update);
  if (action.kind == "final") {
    return sim_.ForceFinal(action.fixture_id,
                           {static_cast<int>(action.a), static_cast<int>(action.b)}, update);
  }
  return MakeError("invalid_action", "unknown operator action " + action.kind);
}

Status Sportsbook::RecordAction(const OperatorAction& input) {
  std::lock_guard lock(mu_);
  SimUpdate before;
  sim_.AdvanceTo(input.at, before);
  ApplyLocked(before, true);
  OperatorAction action = input;
  action.at = sim_.now();
  action.seq = next_action_seq_;
  SimUpdate update;
  Status st = ApplyAction(action, update);
  if (!st.ok()) return st;
  ++next_action_seq_;
  MustPersist(store_->AppendAction(action));
  ApplyLocked(update, true);
  return OkStatus();
}

Status Sportsbook::ForceGoal(const std::string& fixture_id, int participant, Timestamp now) {
  return RecordAction({0, now, "goal", fixture_id, participant, 0});
}

Status Sportsbook::SetSuspended(const std::string& fixture_id, bool suspended, Timestamp now) {
  return RecordAction({0, now, "suspend", fixture_id, suspended ? 1 : 0, 0});
}

Status Sportsbook::ForceFinal(const std::string& fixture_id, Score score, Timestamp now) {
  return RecordAction({0, now, "final", fixture_id, score.participant1, score.participant2});
}

Status Sportsbook::SetMeta(const std::string& key, const std::string& value) {
  std::lock_guard lock(mu_);
  return store_->SetMeta(key, value);
}

std::optional<std::string> Sportsbook::GetMeta(const std::string& key) {
  std::lock_guard lock(mu_);
  return store_->GetMeta(key);
}

void Sportsbook::Read(const std::function<void(const Simulator&, const BetBook&)>& reader) const {
  std::lock_guard lock(mu_);
  reader(sim_, book_);
}

}  // namespace probex::bookmaker
