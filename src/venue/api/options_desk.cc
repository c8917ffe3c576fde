#include "venue/api/options_desk.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iterator>

#include "crypto/secp256k1_signer.h"
#include "net/api_key.h"
#include "net/json.h"
#include "net/json_writer.h"
#include "venue/api/options_json.h"

namespace probex::venue::api {
namespace {

std::optional<std::int64_t> ConfigInt(const std::map<std::string, std::string>& config,
                                      const std::string& key, std::int64_t min, std::int64_t max,
                                      Status& status) {
  auto it = config.find(key);
  if (it == config.end()) return std::nullopt;
  std::int64_t v = 0;
  const std::string& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max) {
    status = MakeError("invalid_config", key + " must be an integer within " + std::to_string(min) +
                                             ".." + std::to_string(max));
    return std::nullopt;
  }
  return v;
}

std::string TypedMessage(std::string_view type, std::uint64_t quote, std::uint64_t request,
                         std::string_view reason) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("type", type);
  w.Field("quoteId", QuoteIdText(quote)).Field("requestId", RequestIdText(request));
  if (!reason.empty()) w.Field("reason", reason);
  w.EndObject();
  return out;
}

std::string_view ClosedReason(RequestStatus status) {
  switch (status) {
    case RequestStatus::kCommitted:
      return "outbid";
    case RequestStatus::kCancelled:
      return "cancelled";
    default:
      return "expired";
  }
}

}  // namespace

Result<OptionsDeskSettings> OptionsDeskSettings::FromConfig(
    const std::map<std::string, std::string>& config) {
  OptionsDeskSettings s;
  Status status = OkStatus();
  if (auto v = ConfigInt(config, "options.sse_ping_ms", 0, 3'600'000, status)) {
    s.ping_interval = std::chrono::milliseconds(*v);
  }
  if (auto v = ConfigInt(config, "options.confirm_timeout_ms", 1, 600'000, status)) {
    s.confirm_timeout = std::chrono::milliseconds(*v);
  }
  if (auto v = ConfigInt(config, "options.tick_ms", 1, 60'000, status)) {
    s.tick_interval = std::chrono::milliseconds(*v);
  }
  if (auto v = ConfigInt(config, "options.replay_buffer", 1, 10'000'000, status)) {
    s.replay_buffer = static_cast<std::size_t>(*v);
  }
  if (auto v = ConfigInt(config, "options.chain_id", 1, INT64_MAX, status)) {
    s.chain_id = static_cast<std::uint64_t>(*v);
  }
  if (auto it = config.find("options.verifying_contract"); it != config.end()) {
    if (!crypto::ParseAddress(it->second)) {
      return MakeError("invalid_config", "options.verifying_contract must be a 0x address");
    }
    s.verifying_contract = it->second;
  }
  if (!status.ok()) return status.error();
  return s;
}

OptionsDesk::OptionsDesk(ApiContext& ctx, OptionsDeskSettings settings)
    : ctx_(ctx), settings_(std::move(settings)) {
  domain_.name = "ProbexRFQSettlement";
  domain_.version = "1";
  domain_.chain_id = settings_.chain_id;
  domain_.verifying_contract = *crypto::ParseAddress(settings_.verifying_contract);
}

OptionsDesk::~OptionsDesk() { Stop(); }

void OptionsDesk::Start() {
  subscription_ = ctx_.engine().Subscribe([this](const ApiContext::Committed& c) {
    OnCommitted(c);
    fed_cv_.notify_all();
  });
  auto loaded = ctx_.engine().Query([this](const Exchange& x) {
    std::lock_guard lock(mu_);
    for (const auto& [account, user] : x.registry().users()) names_[account] = user.username;
    wallets_ = x.options().wallets();
    for (const QuoteRequest& r : x.options().requests()) request_taker_[r.id] = r.taker;
    for (std::uint64_t id : x.options().open_requests()) {
      const QuoteRequest& r = *x.options().FindRequest(id);
      OpenRequest& open = open_[id];
      open.request = r;
      open.seq = x.last_seq();
      const Market* m = x.FindMarket(r.series.market);
      open.data = QuoteRequestData(r, m != nullptr ? m->question : "");
      for (std::uint64_t q : x.options().QuotesOf(id)) {
        const Quote& quote = *x.options().FindQuote(q);
        if (quote.status == QuoteStatus::kLive) open.live[q] = quote;
      }
    }
    start_seq_ = last_seq_ = dropped_upto_ = x.last_seq();
    return true;
  });
  {
    std::lock_guard lock(mu_);
    if (!loaded) {
      std::fprintf(stderr, "options desk: cannot load: %s\n", loaded.error().message.c_str());
    }
    ready_ = true;
  }
  ready_cv_.notify_all();
  timer_ = std::thread([this] { RunTimer(); });
}

void OptionsDesk::Stop() {
  {
    std::lock_guard lock(timer_mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  timer_cv_.notify_all();
  if (timer_.joinable()) timer_.join();
  ctx_.engine().Unsubscribe(subscription_);
  std::lock_guard lock(mu_);
  for (auto& [account, stream] : maker_streams_) stream->Close();
  for (auto& [request, t] : taker_streams_) t.stream->Close();
  maker_streams_.clear();
  taker_streams_.clear();
}

// ---- Authentication. ----

std::optional<OptionsDesk::Maker> OptionsDesk::MakerByKey(std::string_view key) const {
  if (key.rfind(net::KeyTag(net::KeyKind::kMaker), 0) != 0 ||
      !net::ValidateKeyFormat(net::KeyKind::kMaker, key)) {
    return std::nullopt;
  }
  auto grant = ctx_.directory().FindKey(net::HashKey(net::KeyKind::kMaker, key));
  if (!grant || grant->kind != ApiKeyKind::kMkLive) return std::nullopt;
  Maker maker;
  maker.account = grant->account;
  maker.key_id = grant->key_id;
  std::lock_guard lock(mu_);
  auto it = names_.find(grant->account.value());
  maker.name = it != names_.end() ? it->second : "mm-" + std::to_string(grant->account.value());
  return maker;
}

std::optional<OptionsDesk::Maker> OptionsDesk::AuthenticateMaker(
    const net::HttpRequest& req) const {
  if (auto header = req.Header("X-API-Key")) return MakerByKey(*header);
  if (auto query = req.Query("apiKey")) return MakerByKey(*query);
  return std::nullopt;
}

// ---- Channel 1: the quote-request stream. ----

void OptionsDesk::OpenMakerStream(net::HttpRequest& req, net::Responder respond) {
  auto maker = AuthenticateMaker(req);
  if (!maker) return respond(DeskError(401, "unauthorized", "missing or invalid X-API-Key"));
  net::SseOptions options;
  options.keepalive_interval = settings_.ping_interval;
  std::string last_id(req.Header("Last-Event-ID").value_or(""));
  auto stream = respond.OpenEventStream(options, last_id);
  if (!stream) return;
  std::string connected;
  net::JsonWriter w(connected);
  w.BeginObject().Field("makerId", maker->name);
  w.Field("serverTime", FormatIso8601(ctx_.clock().Now())).EndObject();

  std::unique_lock lock(mu_);
  ready_cv_.wait(lock, [this] { return ready_; });
  stream->Send({"connected", "", connected});
  std::optional<std::uint64_t> after;
  std::uint64_t floor = 0;  // the client's last id, when it is one this stream has had
  if (!last_id.empty()) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(last_id.data(), last_id.data() + last_id.size(), v);
    if (ec == std::errc() && end == last_id.data() + last_id.size() && v <= last_seq_) {
      floor = v;
      if (v >= dropped_upto_) after = v;
    }
  }
  if (after) {
    for (const Buffered& b : buffer_) {
      if (b.seq > *after) stream->Send(b.event);
    }
  } else {
    stream->Send({"snapshot_begin", "", "{}"});
    // The snapshot is in creation order. Each event carries the position just before the next
    // open request was created (never below the client's last id), the last one the current
    // position. So the ids never decrease, and a client cut off in the middle of the snapshot
    // that resumes from the last id it saw is replayed every request it has not seen yet (or
    // gets a fresh snapshot when that part of the stream has left the buffer); resuming from the
    // last one gives exactly what came after the snapshot.
    for (auto it = open_.begin(); it != open_.end(); ++it) {
      const auto next = std::next(it);
      const std::uint64_t before_next = next == open_.end()    ? last_seq_
                                        : next->second.seq > 0 ? next->second.seq - 1
                                                               : 0;
      stream->Send(
          {"quote_request", std::to_string(std::max(floor, before_next)), it->second.data});
    }
    stream->Send({"snapshot_complete", "", "{}"});
  }
  maker_streams_.emplace_back(maker->account, stream);
  // Outside mu_: a stream closed already runs its callback (which takes mu_) right here.
  lock.unlock();
  std::weak_ptr<net::SseStream> weak = stream;
  stream->SetOnClose([this, weak](net::SseCloseReason) {
    std::lock_guard guard(mu_);
    auto s = weak.lock();
    std::erase_if(maker_streams_, [&](const auto& e) { return !s || e.second == s; });
  });
}

void OptionsDesk::Broadcast(std::uint64_t seq, net::SseEvent event) {
  for (auto& [account, stream] : maker_streams_) stream->Send(event);
  buffer_.push_back({seq, std::move(event)});
  while (buffer_.size() > settings_.replay_buffer) {
    dropped_upto_ = buffer_.front().seq;
    buffer_.pop_front();
  }
}

// ---- Channel 3: the maker WebSocket. ----

void OptionsDesk::OpenMakerSocket(net::HttpRequest& req,
                                  const std::shared_ptr<net::WebSocketSession>& ws) {
  auto attach = [this](const std::shared_ptr<net::WebSocketSession>& session, const Maker& m) {
    std::string out;
    net::JsonWriter w(out);
    w.BeginObject().Field("type", "connected").Field("protocolVersion", 1);
    w.Field("makerId", m.name).Field("authenticated", true);
    w.Field("serverTime", FormatIso8601(ctx_.clock().Now())).EndObject();
    session->Send(std::move(out));
    std::lock_guard lock(mu_);
    sockets_[m.account.value()].push_back(session);
  };
  auto authed = std::make_shared<std::optional<Maker>>();
  if (auto key = req.Query("apiKey")) {
    *authed = MakerByKey(*key);
    if (!*authed) {
      ws->Close(4001, "unauthorized");
      return;
    }
    attach(ws, **authed);
  } else if (auto header = req.Header("X-API-Key")) {
    *authed = MakerByKey(*header);
    if (!*authed) {
      ws->Close(4001, "unauthorized");
      return;
    }
    attach(ws, **authed);
  }
  std::weak_ptr<net::WebSocketSession> weak = ws;
  ws->SetOnMessage([this, weak, authed, attach](std::string message, bool) {
    auto session = weak.lock();
    if (!session) return;
    net::ParsedJson doc;
    auto parsed = net::ParseJson(message);
    std::string type;
    std::string key;
    if (parsed.ok() && parsed->root.is_object()) {
      const auto& o = parsed->root.as_object();
      if (auto it = o.find("type"); it != o.end() && it->value().is_string()) {
        type = std::string(it->value().as_string());
      }
      if (auto it = o.find("apiKey"); it != o.end() && it->value().is_string()) {
        key = std::string(it->value().as_string());
      }
    }
    if (!*authed) {
      if (type == "auth") *authed = MakerByKey(key);
      if (!*authed) {
        session->Close(4001, "unauthorized");
        return;
      }
      attach(session, **authed);
      return;
    }
    if (type == "ping") {
      std::string out;
      net::JsonWriter w(out);
      w.BeginObject().Field("type", "pong");
      w.Field("serverTime", FormatIso8601(ctx_.clock().Now())).EndObject();
      session->Send(std::move(out));
    }
  });
  ws->SetOnClose([this, weak, authed](std::uint16_t, std::string_view) {
    if (!*authed) return;
    std::lock_guard lock(mu_);
    auto& list = sockets_[(*authed)->account.value()];
    auto s = weak.lock();
    std::erase_if(list, [&](const auto& e) { return !s || e == s || e->closed(); });
  });
}

void OptionsDesk::SendToMaker(AccountId maker, const std::string& message) {
  auto it = sockets_.find(maker.value());
  if (it == sockets_.end()) return;
  for (auto& session : it->second) session->Send(message);
}

void OptionsDesk::SendRejected(AccountId maker, std::uint64_t quote, std::uint64_t request,
                               std::string_view reason) {
  SendToMaker(maker, TypedMessage("quote:rejected", quote, request, reason));
}

// ---- The engine feed. ----

void OptionsDesk::CatchUpLocked(std::unique_lock<std::mutex>& lock) {
  const std::uint64_t target = ctx_.engine().stats().durable_seq;
  fed_cv_.wait_for(lock, std::chrono::seconds(2), [&] { return last_seq_ >= target; });
}

void OptionsDesk::OnCommitted(const ApiContext::Committed& c) {
  std::unique_lock lock(mu_);
  ready_cv_.wait(lock, [this] { return ready_; });
  if (c.seq <= start_seq_) return;
  last_seq_ = c.seq;
  if (!c.output.ok()) return;
  if (const auto* u = std::get_if<CreateUser>(&c.command)) {
    names_[static_cast<std::uint32_t>(c.output.created_id)] = u->username;
  } else if (const auto* w = std::get_if<RegisterMakerWallet>(&c.command)) {
    wallets_[w->account.value()] = w->wallet;
  }
  const auto* executing = std::get_if<ExecuteQuote>(&c.command);
  std::vector<Quote> closed;
  std::set<std::uint64_t> touched;
  for (const Event& e : c.output.events) {
    if (const auto* event = std::get_if<QuoteRequestOpened>(&e)) {
      const OpenedQuoteRequest* opened = &c.output.opened_requests[event->index];
      const QuoteRequest& r = opened->request;
      request_taker_[r.id] = r.taker;
      OpenRequest& open = open_[r.id];
      open.request = r;
      open.seq = c.seq;
      open.data = QuoteRequestData(r, opened->question);
      Broadcast(c.seq, {"quote_request", std::to_string(c.seq), open.data});
    } else if (const auto* changed = std::get_if<QuoteChanged>(&e)) {
      const Quote& q = changed->quote;
      auto it = open_.find(q.request);
      if (it != open_.end()) {
        if (q.status == QuoteStatus::kLive) {
          it->second.live[q.id] = q;
        } else {
          it->second.live.erase(q.id);
          it->second.gone.insert(q.id);
        }
        touched.insert(q.request);
      }
      if (q.status == QuoteStatus::kClosed) closed.push_back(q);
      if (q.status == QuoteStatus::kExpired) SendRejected(q.maker, q.id, q.request, "expired");
      // A pending confirmation whose quote changed under it (re-posted, withdrawn, expired) is
      // cancelled; the commit moves on to the next maker.
      auto p = pending_.find(q.id);
      if (p != pending_.end() && !(executing != nullptr && executing->quote == q.id) &&
          !p->second.confirming &&
          (q.status != QuoteStatus::kLive || q.priority != p->second.candidate.priority)) {
        auto attempt = p->second.attempt;
        pending_.erase(p);
        SendRejected(q.maker, q.id, q.request, "cancelled");
        Advance(attempt);
      }
    } else if (const auto* done = std::get_if<QuoteRequestClosed>(&e)) {
      open_.erase(done->request);
      std::string data;
      net::JsonWriter w(data);
      w.BeginObject().Field("requestId", RequestIdText(done->request)).EndObject();
      Broadcast(c.seq, {"quote_request_expired", "", data});
      for (const Quote& q : closed) {
        if (q.request == done->request) {
          SendRejected(q.maker, q.id, q.request, ClosedReason(done->status));
        }
      }
      std::string closed_data;
      net::JsonWriter cw(closed_data);
      cw.BeginObject().Field("requestId", RequestIdText(done->request));
      cw.Field("status", RequestStatusName(done->status)).EndObject();
      auto [first, last] = taker_streams_.equal_range(done->request);
      for (auto it = first; it != last; ++it) {
        it->second.stream->Send({"closed", "", closed_data});
        it->second.stream->Close();
      }
      taker_streams_.erase(first, last);
      touched.erase(done->request);
    }
  }
  for (std::uint64_t request : touched) SendBestQuote(request);
}

void OptionsDesk::SendBestQuote(std::uint64_t request) {
  auto [first, last] = taker_streams_.equal_range(request);
  if (first == last) return;
  auto open = open_.find(request);
  if (open == open_.end()) return;
  const Quote* best = nullptr;
  for (const auto& [id, q] : open->second.live) {
    if (best == nullptr || BetterQuote(open->second.request, q, *best)) best = &q;
  }
  std::string data;
  if (best != nullptr) {
    net::JsonWriter w(data);
    w.BeginObject().Field("requestId", RequestIdText(request)).Key("quote");
    auto name = names_.find(best->maker.value());
    WriteQuote(w, *best, open->second.request, name != names_.end() ? name->second : "");
    w.EndObject();
  }
  for (auto it = first; it != last; ++it) {
    TakerStream& t = it->second;
    const std::uint64_t id = best != nullptr ? best->id : 0;
    const Money price = best != nullptr ? best->price : Money::Zero();
    if (id == t.best_quote && price == t.best_price) continue;
    t.best_quote = id;
    t.best_price = price;
    if (best != nullptr) t.stream->Send({"best_quote", "", data});
  }
}

// ---- Timer: confirmation deadlines and OptionsTick. ----

void OptionsDesk::RunTimer() {
  std::unique_lock timer_lock(timer_mu_);
  while (!stopping_) {
    timer_cv_.wait_for(timer_lock, settings_.tick_interval);
    if (stopping_) break;
    timer_lock.unlock();
    const Timestamp now = ctx_.clock().Now();
    {
      std::lock_guard lock(mu_);
      std::vector<std::uint64_t> expired;
      for (const auto& [quote, p] : pending_) {
        if (!p.confirming && p.deadline < now) expired.push_back(quote);
      }
      for (std::uint64_t quote : expired) {
        Pending p = std::move(pending_[quote]);
        pending_.erase(quote);
        SendRejected(p.candidate.maker, quote, p.attempt->request, "confirmation_timeout");
        Advance(p.attempt);
      }
    }
    auto due =
        ctx_.engine().Query([now](const Exchange& x) { return x.options().NextDue() <= now; });
    bool submit = false;
    {
      std::lock_guard lock(mu_);
      if (due && *due && !tick_in_flight_) submit = tick_in_flight_ = true;
    }
    if (submit) {
      Status st =
          ctx_.SubmitRaw(OptionsTick{}, [this](const Status&, const ApiContext::Committed*) {
            std::lock_guard lock(mu_);
            tick_in_flight_ = false;
          });
      if (!st.ok()) {
        std::lock_guard lock(mu_);
        tick_in_flight_ = false;
      }
    }
    timer_lock.lock();
  }
}

// ---- Commit: best quote, confirmation, fallback. ----

std::string OptionsDesk::AcceptedMessage(const Candidate& c, std::uint64_t request,
                                         Timestamp deadline) const {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("type", "quote:accepted");
  w.Field("quoteId", QuoteIdText(c.quote)).Field("requestId", RequestIdText(request));
  w.Key("order").BeginObject();
  w.Field("maker", crypto::FormatAddress(c.order.maker));
  w.Field("seriesId", crypto::WordToDecimal(c.order.series_id));
  w.Field("optionAmount", std::to_string(c.order.option_amount));
  w.Field("premiumAmount", std::to_string(c.order.premium_amount));
  w.Field("makerSelling", c.order.maker_selling);
  w.Field("taker", crypto::FormatAddress(c.order.taker));
  w.Field("validUntil", std::to_string(c.order.valid_until));
  w.Field("nonce", std::to_string(c.order.nonce));
  w.EndObject();
  w.Key("domain").BeginObject();
  w.Field("name", domain_.name).Field("version", domain_.version);
  w.Field("chainId", domain_.chain_id);
  w.Field("verifyingContract", crypto::FormatAddress(domain_.verifying_contract));
  w.EndObject();
  w.Key("types").BeginObject().Key("Order").BeginArray();
  for (auto [name, type] : {std::pair{"maker", "address"},
                            {"seriesId", "uint256"},
                            {"optionAmount", "uint256"},
                            {"premiumAmount", "uint256"},
                            {"makerSelling", "bool"},
                            {"taker", "address"},
                            {"validUntil", "uint256"},
                            {"nonce", "uint256"}}) {
    w.BeginObject().Field("name", name).Field("type", type).EndObject();
  }
  w.EndArray().EndObject();
  w.Field("primaryType", "Order");
  w.Field("confirmationDeadline", FormatIso8601(deadline));
  w.EndObject();
  return out;
}

void OptionsDesk::Advance(const std::shared_ptr<CommitAttempt>& attempt) {
  // The feed may lag the query that chose the candidates: only what it has positively seen
  // counts — a request it saw close, a quote it saw die or re-posted since it was chosen.
  auto open = open_.find(attempt->request);
  if (open == open_.end() && request_taker_.count(attempt->request) != 0) {
    attempt->respond(DeskReject(RejectCode::kRequestClosed));  // expired, cancelled, market over
    FinishAttempt(attempt);
    return;
  }
  while (attempt->next < attempt->candidates.size()) {
    Candidate c = attempt->candidates[attempt->next++];
    if (open != open_.end()) {
      if (open->second.gone.count(c.quote) != 0) continue;
      auto live = open->second.live.find(c.quote);
      if (live != open->second.live.end() && live->second.priority != c.priority) continue;
    }
    auto wallet = wallets_.find(c.maker.value());
    if (wallet == wallets_.end()) {
      SendRejected(c.maker, c.quote, attempt->request, "invalid_signature");
      continue;  // a maker without a wallet cannot sign
    }
    c.wallet = wallet->second;
    c.order.maker = *crypto::ParseAddress(c.wallet);
    const Timestamp now = ctx_.clock().Now();
    const Timestamp deadline =
        Timestamp::FromMicros(now.micros() + settings_.confirm_timeout.count() * 1000);
    c.order.valid_until = static_cast<std::uint64_t>((deadline.micros() + 999'999) / 1'000'000);
    c.order.nonce = next_nonce_++;
    SendToMaker(c.maker, AcceptedMessage(c, attempt->request, deadline));
    pending_[c.quote] = Pending{attempt, c, deadline, false};
    return;
  }
  attempt->respond(DeskError(503, "no_confirmation",
                             "no maker confirmed a quote before the confirmation deadline"));
  FinishAttempt(attempt);
}

void OptionsDesk::FinishAttempt(const std::shared_ptr<CommitAttempt>& attempt) {
  committing_.erase(attempt->request);
}

void OptionsDesk::ConfirmHandler(net::HttpRequest& req, net::Responder respond) {
  auto maker = AuthenticateMaker(req);
  if (!maker) return respond(DeskError(401, "unauthorized", "missing or invalid X-API-Key"));
  auto quote = ParseQuoteId(req.PathParam("quoteId").value_or(""));
  net::HttpResponse error;
  JsonBody body;
  if (!body.Parse(req, error)) return respond(DeskError(400, "invalid_json", "body is not JSON"));
  auto signature_text = body.reader().RequiredString("signature");
  if (!body.ok())
    return respond(DeskError(400, "invalid_request", body.errors().FirstError().message));
  const Timestamp now = ctx_.clock().Now();
  std::unique_lock lock(mu_);
  auto it = quote ? pending_.find(*quote) : pending_.end();
  if (it == pending_.end() || it->second.candidate.maker != maker->account ||
      it->second.confirming || it->second.deadline < now) {
    return respond(DeskError(404, "no_pending_acceptance",
                             "no acceptance of this quote is waiting for your confirmation"));
  }
  Pending& p = it->second;
  auto signature = crypto::ParseSignature(*signature_text);
  std::optional<crypto::Address> signer;
  if (signature) {
    auto recovered =
        crypto::RecoverSigner(crypto::OrderDigest(domain_, p.candidate.order), *signature);
    if (recovered.ok()) signer = *recovered;
  }
  if (!signer || *signer != p.candidate.order.maker) {
    auto attempt = p.attempt;
    const std::uint64_t q = *quote;
    pending_.erase(it);
    SendRejected(maker->account, q, attempt->request, "invalid_signature");
    respond(DeskError(400, "invalid_signature",
                      "the signature does not recover to your registered wallet"));
    Advance(attempt);
    return;
  }
  p.confirming = true;
  auto attempt = p.attempt;
  const std::uint64_t q = *quote;
  const std::uint64_t accepted_priority = p.candidate.priority;
  auto shared_respond = std::make_shared<net::Responder>(std::move(respond));
  lock.unlock();
  Status st = ctx_.SubmitRaw(
      ExecuteQuote{attempt->taker, attempt->request, q, accepted_priority},
      [this, attempt, q, shared_respond, maker = *maker](const Status& status,
                                                         const ApiContext::Committed* c) {
        std::lock_guard guard(mu_);
        pending_.erase(q);
        if (!status.ok() || c == nullptr || !c->output.ok()) {
          const RejectCode code = c != nullptr ? c->output.reject : RejectCode::kNone;
          (*shared_respond)(c != nullptr ? DeskReject(code)
                                         : DeskError(503, "unavailable", status.error().message));
          SendRejected(maker.account, q, attempt->request, "cancelled");
          if (code == RejectCode::kRequestClosed || code == RejectCode::kRequestNotFound) {
            attempt->respond(DeskReject(code));  // nothing left to commit to
            FinishAttempt(attempt);
            return;
          }
          Advance(attempt);
          return;
        }
        const OptionPosition* position = nullptr;
        for (const Event& e : c->output.events) {
          if (const auto* x = std::get_if<OptionExecuted>(&e)) {
            position = &c->output.option_positions[x->index];
          }
        }
        std::string execution;
        net::JsonWriter w(execution);
        w.BeginObject();
        w.Field("positionId", PositionIdText(position->id));
        w.Field("requestId", RequestIdText(position->request));
        w.Field("quoteId", QuoteIdText(q));
        w.Field("makerId", maker.name);
        w.Field("seriesId", SeriesIdText(position->series));
        w.Field("optionType", OptionTypeName(position->series.type));
        w.Field("strikeBps", static_cast<int>(position->series.strike_bps));
        w.Field("expiryMs", position->series.expiry.millis());
        w.Field("side", position->holder == attempt->taker ? "buy" : "sell");
        w.Field("quantity", position->quantity);
        w.Key("price").MoneyString(position->price);
        w.Key("premium").MoneyString(position->premium);
        w.Key("collateral").MoneyString(position->collateral);
        w.Field("executedAt", FormatIso8601(position->executed_at));
        w.EndObject();
        std::string maker_answer = R"({"success":true,"quoteId":")" + QuoteIdText(q) +
                                   R"(","execution":)" + execution + "}";
        (*shared_respond)(net::HttpResponse::Json(200, std::move(maker_answer)));
        std::string confirmed;
        net::JsonWriter cw(confirmed);
        cw.BeginObject().Field("type", "quote:confirmed");
        cw.Field("quoteId", QuoteIdText(q)).Field("requestId", RequestIdText(attempt->request));
        cw.Key("execution").RawJson(execution).EndObject();
        SendToMaker(maker.account, confirmed);
        attempt->respond(
            net::HttpResponse::Json(200, R"({"success":true,"execution":)" + execution + "}"));
        FinishAttempt(attempt);
      });
  if (!st.ok()) {
    std::lock_guard guard(mu_);
    pending_.erase(q);
    (*shared_respond)(DeskError(503, "unavailable", st.error().message));
    Advance(attempt);
  }
}

Status RegisterOptionsDeskRoutes(net::Router& router, ApiContext& ctx,
                                 const std::map<std::string, std::string>& config) {
  auto settings = OptionsDeskSettings::FromConfig(config);
  if (!settings) return settings.error();
  auto desk = std::make_shared<OptionsDesk>(ctx, *settings);
  desk->Start();
  ctx.OnStop([desk] { desk->Stop(); });
  desk->RegisterRoutes(router);
  ctx.Own(desk);
  return OkStatus();
}

}  // namespace probex::venue::api
