// The options desk's HTTP routes: maker REST (channel 2, wallet, confirmation), taker RFQ API,
// series and markets, positions. The live parts (streams, commits) are in options_desk.cc.
#include <algorithm>

#include "net/json_writer.h"
#include "venue/api/desk_paging.h"
#include "venue/api/options_desk.h"
#include "venue/api/options_json.h"

namespace probex::venue::api {
namespace {

using Handler = std::function<void(net::HttpRequest&, net::Responder)>;

// Submits a desk command: the answer on success, the Convallax error body on a reject.
void SubmitDesk(ApiContext& ctx, Command command,
                std::function<net::HttpResponse(const ApiContext::Committed&)> answer,
                net::Responder respond) {
  auto shared = std::make_shared<net::Responder>(std::move(respond));
  Status st = ctx.SubmitRaw(
      std::move(command),
      [shared, answer = std::move(answer)](const Status& status, const ApiContext::Committed* c) {
        if (!status.ok() || c == nullptr) {
          return (*shared)(
              DeskError(503, "unavailable", status.ok() ? "engine" : status.error().message));
        }
        if (!c->output.ok()) return (*shared)(DeskReject(c->output.reject));
        (*shared)(answer(*c));
      });
  if (!st.ok()) (*shared)(DeskError(503, "unavailable", st.error().message));
}

net::HttpResponse BodyError(JsonBody& body) {
  return DeskError(400, "invalid_request", body.errors().FirstError().message);
}

net::HttpResponse Ok(std::string json) { return net::HttpResponse::Json(200, std::move(json)); }

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string MakerName(const Exchange& x, AccountId account) {
  const User* u = x.registry().FindUser(account);
  return u != nullptr ? u->username : "mm-" + std::to_string(account.value());
}

}  // namespace

void OptionsDesk::RegisterRoutes(net::Router& router) {
  // Maker routes count per mk_live key; a missing or bad key is the handler's 401.
  auto maker = [this](void (OptionsDesk::*fn)(net::HttpRequest&, net::Responder)) -> Handler {
    return [this, fn](net::HttpRequest& req, net::Responder respond) {
      if (auto m = AuthenticateMaker(req)) {
        const net::RateDecision d =
            ctx_.TakeForKey(kRuleDeskMaker, ctx_.directory().RateTier(m->account), m->key_id);
        if (!d.allowed) return respond(DeskRateLimited(kRuleDeskMaker, d.retry_after_ms));
      }
      (this->*fn)(req, std::move(respond));
    };
  };
  auto taker =
      [this](void (OptionsDesk::*fn)(net::HttpRequest&, const Caller&, net::Responder)) -> Handler {
    return [this, fn](net::HttpRequest& req, net::Responder respond) {
      auto caller = ctx_.Authenticate(req);
      if (!caller) {
        return respond(DeskError(401, "unauthorized", "send Authorization: Bearer ak_..."));
      }
      const net::RateDecision d = ctx_.TakeForKey(kRuleDeskTaker, caller->tier, caller->key_id);
      if (!d.allowed) return respond(DeskRateLimited(kRuleDeskTaker, d.retry_after_ms));
      (this->*fn)(req, *caller, std::move(respond));
    };
  };
  // Makers.
  router.Get("/v1/mm/quote-requests/stream", maker(&OptionsDesk::OpenMakerStream));
  router.Post("/v1/mm/quotes", maker(&OptionsDesk::PostQuoteHandler));
  router.Get("/v1/mm/quotes", maker(&OptionsDesk::ListQuotesHandler));
  router.Delete("/v1/mm/quotes/:quoteId", maker(&OptionsDesk::WithdrawQuoteHandler));
  router.Post("/v1/mm/quotes/:quoteId/confirm", maker(&OptionsDesk::ConfirmHandler));
  router.Post("/v1/mm/wallet", maker(&OptionsDesk::WalletHandler));
  router.Get("/v1/mm/me", maker(&OptionsDesk::MeHandler));
  router.AddWebSocket("/maker/v1/ws", [this](net::HttpRequest& req,
                                             const std::shared_ptr<net::WebSocketSession>& ws) {
    OpenMakerSocket(req, ws);
  });
  // Takers.
  router.Post("/quote-requests", taker(&OptionsDesk::CreateRequestHandler));
  router.Get("/quote-requests/:id", taker(&OptionsDesk::RequestHandler));
  router.Get("/quote-requests/:id/stream", taker(&OptionsDesk::TakerStreamHandler));
  router.Get("/quote-requests/:id/quotes", taker(&OptionsDesk::RequestQuotesHandler));
  router.Post("/quote-requests/:id/commit", taker(&OptionsDesk::CommitHandler));
  router.Post("/quote-requests/:id/cancel", taker(&OptionsDesk::CancelHandler));
  // Reads.
  // Public reads count per client IP under the venue's global rule, as its other public routes.
  auto limit_public = [this](const net::HttpRequest& req) -> std::optional<net::HttpResponse> {
    const net::RateDecision d = ctx_.rate_limiter().Take(kRuleGlobal, req.remote_address());
    if (d.allowed) return std::nullopt;
    return DeskRateLimited(kRuleGlobal, d.retry_after_ms);
  };
  router.Get("/v1/markets", [this, limit_public](net::HttpRequest& req, net::Responder respond) {
    if (auto denied = limit_public(req)) return respond(std::move(*denied));
    ctx_.Read(
        [](const Exchange& x) {
          std::string out;
          net::JsonWriter w(out);
          w.BeginObject().Field("success", true).Key("markets").BeginArray();
          for (const Market& m : x.markets()) {
            if (m.type != MarketType::kOrderBook || m.status != MarketStatus::kActive) continue;
            w.BeginObject();
            w.Field("conditionId", ConditionId(m.id)).Field("yesTokenId", YesTokenId(m.id));
            w.Field("question", m.question).Field("endTime", FormatIso8601(m.end_time));
            w.Key("optionTypes").BeginArray().String("call").String("put").EndArray();
            w.Key("strikes").BeginArray();
            for (int k = kMinStrike; k <= kMaxStrike; k += 5) w.Int(k);
            w.EndArray();
            w.Key("expiries").BeginArray();
            std::set<std::int64_t> expiries;
            for (const auto& [key, s] : x.options().series()) {
              if (key.market == m.id && !s.settled) expiries.insert(key.expiry.millis());
            }
            for (std::int64_t e : expiries) w.Int(e);
            w.EndArray();
            w.EndObject();
          }
          w.EndArray().EndObject();
          return Ok(std::move(out));
        },
        std::move(respond));
  });
  router.Get("/v1/series", [this, limit_public](net::HttpRequest& req, net::Responder respond) {
    if (auto denied = limit_public(req)) return respond(std::move(*denied));
    std::optional<std::uint32_t> market;
    std::optional<OptionType> type;
    std::optional<bool> settled;
    if (auto v = req.Query("conditionId")) {
      auto id = ParseId(*v);
      if (!id || *id > 0xFFFFFFFFu) {
        return respond(DeskError(400, "invalid_request", "conditionId must be a market id"));
      }
      market = static_cast<std::uint32_t>(*id);
    }
    if (auto v = req.Query("optionType")) {
      if (*v == "call" || *v == "0") {
        type = OptionType::kCall;
      } else if (*v == "put" || *v == "1") {
        type = OptionType::kPut;
      } else {
        return respond(DeskError(400, "invalid_request", "optionType must be call or put"));
      }
    }
    if (auto v = req.Query("settled")) {
      if (*v != "true" && *v != "false") {
        return respond(DeskError(400, "invalid_request", "settled must be true or false"));
      }
      settled = *v == "true";
    }
    net::HttpResponse error;
    auto page = ParseDeskPage(req, error);
    if (!page) return respond(std::move(error));
    ctx_.Read(
        [market, type, settled, page = *page](const Exchange& x) {
          std::string out;
          net::JsonWriter w(out);
          w.BeginObject().Field("success", true).Key("series").BeginArray();
          std::int64_t total = 0;
          for (const auto& [key, s] : x.options().series()) {
            if ((market && key.market.value() != *market) || (type && key.type != *type) ||
                (settled && s.settled != *settled)) {
              continue;
            }
            if (page.Shows(total++)) WriteSeries(w, s);
          }
          w.EndArray();
          WriteDeskPage(w, page, total);
          w.EndObject();
          return Ok(std::move(out));
        },
        std::move(respond));
  });
  router.Get("/v1/series/:seriesId",
             [this, limit_public](net::HttpRequest& req, net::Responder respond) {
               if (auto denied = limit_public(req)) return respond(std::move(*denied));
               auto key = ParseSeriesId(req.PathParam("seriesId").value_or(""));
               if (!key) return respond(DeskError(404, "series_not_found", "no such series"));
               ctx_.Read(
                   [key = *key](const Exchange& x) {
                     const Series* s = x.options().FindSeries(key);
                     if (s == nullptr) return DeskError(404, "series_not_found", "no such series");
                     std::string out;
                     net::JsonWriter w(out);
                     w.BeginObject().Field("success", true).Key("series");
                     WriteSeries(w, *s);
                     w.EndObject();
                     return Ok(std::move(out));
                   },
                   std::move(respond));
             });
  router.Get(
      "/api/v1/options/positions",
      ctx_.Authed(0, {kRuleGlobal},
                  [this](net::HttpRequest& req, const Caller& caller, net::Responder respond) {
                    net::HttpResponse error;
                    auto page = ParseDeskPage(req, error);
                    if (!page) return respond(std::move(error));
                    ctx_.Read(
                        [account = caller.account, page = *page](const Exchange& x) {
                          std::string out;
                          net::JsonWriter w(out);
                          w.BeginObject().Key("positions").BeginArray();
                          std::int64_t total = 0;
                          for (const OptionPosition& p : x.options().positions()) {
                            if (p.holder != account && p.writer != account) continue;
                            if (!page.Shows(total++)) continue;
                            WritePosition(w, p, account, x.LastTradePrice(p.series.market, 0));
                          }
                          w.EndArray();
                          WriteDeskPage(w, page, total);
                          w.EndObject();
                          return Ok(std::move(out));
                        },
                        std::move(respond));
                  }));
}

// ---- Makers. ----

void OptionsDesk::PostQuoteHandler(net::HttpRequest& req, net::Responder respond) {
  auto maker = AuthenticateMaker(req);
  if (!maker) return respond(DeskError(401, "unauthorized", "missing or invalid X-API-Key"));
  net::HttpResponse error;
  JsonBody body;
  if (!body.Parse(req, error)) return respond(DeskError(400, "invalid_json", "body is not JSON"));
  auto request_text = body.reader().RequiredString("requestId");
  auto quote = body.reader().RequiredObject("quote");
  std::optional<RfqSide> side;
  std::optional<Money> price;
  std::optional<std::int64_t> size;
  std::optional<std::int64_t> expires;
  if (quote) {
    quote->OptionalString("maker");
    side = quote->RequiredEnum<RfqSide>("side", {{"buy", RfqSide::kBuy}, {"sell", RfqSide::kSell}});
    price = quote->RequiredMoney("price");
    size = quote->RequiredInt("size");
    expires = quote->OptionalInt("expires_in_ms");
  }
  if (!body.ok()) return respond(BodyError(body));
  auto request = ParseRequestId(*request_text);
  if (!request) return respond(DeskReject(RejectCode::kRequestNotFound));
  PostQuote command{maker->account, *request, *side, *price, *size, expires.value_or(30'000)};
  SubmitDesk(
      ctx_, command,
      [](const ApiContext::Committed& c) {
        return Ok(R"({"success":true,"quoteId":")" + QuoteIdText(c.output.created_id) + "\"}");
      },
      std::move(respond));
}

void OptionsDesk::WithdrawQuoteHandler(net::HttpRequest& req, net::Responder respond) {
  auto maker = AuthenticateMaker(req);
  if (!maker) return respond(DeskError(401, "unauthorized", "missing or invalid X-API-Key"));
  auto quote = ParseQuoteId(req.PathParam("quoteId").value_or(""));
  if (!quote) return respond(DeskReject(RejectCode::kQuoteNotFound));
  SubmitDesk(
      ctx_, WithdrawQuote{maker->account, *quote},
      [q = *quote](const ApiContext::Committed&) {
        return Ok(R"({"success":true,"quoteId":")" + QuoteIdText(q) + R"(","status":"withdrawn"})");
      },
      std::move(respond));
}

void OptionsDesk::ListQuotesHandler(net::HttpRequest& req, net::Responder respond) {
  auto maker = AuthenticateMaker(req);
  if (!maker) return respond(DeskError(401, "unauthorized", "missing or invalid X-API-Key"));
  std::optional<std::string> status;
  if (auto v = req.Query("status")) status = std::string(*v);
  if (status) {
    bool known = false;
    for (QuoteStatus s : {QuoteStatus::kLive, QuoteStatus::kWithdrawn, QuoteStatus::kExpired,
                          QuoteStatus::kExecuted, QuoteStatus::kClosed}) {
      known = known || QuoteStatusName(s) == *status;
    }
    if (!known) {
      return respond(DeskError(400, "invalid_request",
                               "status must be one of live, withdrawn, expired, executed, closed"));
    }
  }
  net::HttpResponse error;
  auto page = ParseDeskPage(req, error);
  if (!page) return respond(std::move(error));
  ctx_.Read(
      [account = maker->account, status, name = maker->name, page = *page](const Exchange& x) {
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Field("success", true).Key("quotes").BeginArray();
        std::int64_t total = 0;
        for (const Quote& q : x.options().quotes()) {
          if (q.maker != account || (status && QuoteStatusName(q.status) != *status)) continue;
          if (page.Shows(total++)) WriteQuote(w, q, *x.options().FindRequest(q.request), name);
        }
        w.EndArray();
        WriteDeskPage(w, page, total);
        w.EndObject();
        return Ok(std::move(out));
      },
      std::move(respond));
}

void OptionsDesk::WalletHandler(net::HttpRequest& req, net::Responder respond) {
  auto maker = AuthenticateMaker(req);
  if (!maker) return respond(DeskError(401, "unauthorized", "missing or invalid X-API-Key"));
  net::HttpResponse error;
  JsonBody body;
  if (!body.Parse(req, error)) return respond(DeskError(400, "invalid_json", "body is not JSON"));
  auto wallet = body.reader().RequiredString("wallet");
  if (!body.ok()) return respond(BodyError(body));
  const std::string lower = Lower(*wallet);
  SubmitDesk(
      ctx_, RegisterMakerWallet{maker->account, lower},
      [lower, name = maker->name](const ApiContext::Committed&) {
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Field("success", true).Field("makerId", name).Field("wallet", lower);
        w.EndObject();
        return Ok(std::move(out));
      },
      std::move(respond));
}

void OptionsDesk::MeHandler(net::HttpRequest& req, net::Responder respond) {
  auto maker = AuthenticateMaker(req);
  if (!maker) return respond(DeskError(401, "unauthorized", "missing or invalid X-API-Key"));
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("success", true).Field("makerId", maker->name).Key("wallet");
  {
    std::unique_lock lock(mu_);
    CatchUpLocked(lock);
    auto it = wallets_.find(maker->account.value());
    if (it == wallets_.end()) {
      w.Null();
    } else {
      w.String(it->second);
    }
  }
  w.EndObject();
  respond(Ok(std::move(out)));
}

// ---- Takers. ----

void OptionsDesk::CreateRequestHandler(net::HttpRequest& req, const Caller& caller,
                                       net::Responder respond) {
  net::HttpResponse error;
  JsonBody body;
  if (!body.Parse(req, error)) return respond(DeskError(400, "invalid_json", "body is not JSON"));
  net::JsonReader& r = body.reader();
  CreateQuoteRequest c;
  c.taker = caller.account;
  std::string yes_token;
  if (auto market = r.RequiredObject("market")) {
    const boost::json::value* cond = market->Find("conditionId");
    std::optional<std::uint64_t> id;
    if (cond != nullptr && cond->is_string()) id = ParseId(cond->as_string());
    if (cond != nullptr && cond->is_int64() && cond->as_int64() > 0) {
      id = static_cast<std::uint64_t>(cond->as_int64());
    }
    if (!id || *id > 0xFFFFFFFFu) {
      market->Fail("conditionId", "invalid_value", "must be a market id");
    } else {
      c.market = MarketId(static_cast<std::uint32_t>(*id));
    }
    yes_token = market->OptionalString("yesTokenId").value_or("");
    market->OptionalString("question");
  }
  if (auto option = r.RequiredObject("option")) {
    const boost::json::value* t = option->Find("optionType");
    if (t != nullptr &&
        ((t->is_string() && t->as_string() == "call") || (t->is_int64() && t->as_int64() == 0))) {
      c.type = OptionType::kCall;
    } else if (t != nullptr && ((t->is_string() && t->as_string() == "put") ||
                                (t->is_int64() && t->as_int64() == 1))) {
      c.type = OptionType::kPut;
    } else {
      option->Fail("optionType", "invalid_value", "must be call, put, 0 or 1");
    }
    if (auto k = option->RequiredInt("strikeBps", 0, 255))
      c.strike_bps = static_cast<std::uint8_t>(*k);
    if (auto e = option->RequiredInt("expiryMs", 1, INT64_MAX / 1000)) {
      c.expiry = Timestamp::FromMillis(*e);
    }
  }
  if (auto trade = r.RequiredObject("trade")) {
    if (auto side = trade->RequiredEnum<RfqSide>(
            "side", {{"buy", RfqSide::kBuy}, {"sell", RfqSide::kSell}})) {
      c.side = *side;
    }
    c.budget = trade->OptionalMoney("budgetUsd").value_or(Money::Zero());
    c.size = trade->OptionalInt("size").value_or(0);
  }
  if (auto wallet = r.OptionalString("wallet")) c.wallet = Lower(*wallet);
  if (auto ttl = r.OptionalInt("ttlMs", 1, kMaxRequestTtlMicros / 1000)) c.ttl_micros = *ttl * 1000;
  if (!body.ok()) return respond(BodyError(body));
  if (!yes_token.empty() && yes_token != YesTokenId(c.market)) {
    return respond(DeskError(400, "invalid_market", "yesTokenId does not match conditionId"));
  }
  SubmitDesk(
      ctx_, c,
      [this](const ApiContext::Committed& done) {
        Timestamp expires;
        for (const Event& e : done.output.events) {
          if (const auto* o = std::get_if<QuoteRequestOpened>(&e)) {
            expires = done.output.opened_requests[o->index].request.expires_at;
          }
        }
        std::set<std::uint32_t> makers;
        {
          std::lock_guard lock(mu_);
          for (const auto& [account, stream] : maker_streams_) makers.insert(account.value());
        }
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Field("success", true);
        w.Field("requestId", RequestIdText(done.output.created_id));
        w.Field("expiresAt", FormatIso8601(expires));
        w.Field("makersConnected", static_cast<std::int64_t>(makers.size()));
        w.EndObject();
        return Ok(std::move(out));
      },
      std::move(respond));
}

void OptionsDesk::RequestHandler(net::HttpRequest& req, const Caller& caller,
                                 net::Responder respond) {
  auto id = ParseRequestId(req.PathParam("id").value_or(""));
  if (!id) return respond(DeskReject(RejectCode::kRequestNotFound));
  ctx_.Read(
      [id = *id, account = caller.account](const Exchange& x) {
        const QuoteRequest* r = x.options().FindRequest(id);
        if (r == nullptr || r->taker != account) return DeskReject(RejectCode::kRequestNotFound);
        const Market* m = x.FindMarket(r->series.market);
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Field("success", true).Key("request");
        WriteRequest(w, *r, m != nullptr ? m->question : "");
        w.EndObject();
        return Ok(std::move(out));
      },
      std::move(respond));
}

void OptionsDesk::RequestQuotesHandler(net::HttpRequest& req, const Caller& caller,
                                       net::Responder respond) {
  auto id = ParseRequestId(req.PathParam("id").value_or(""));
  if (!id) return respond(DeskReject(RejectCode::kRequestNotFound));
  ctx_.Read(
      [id = *id, account = caller.account](const Exchange& x) {
        const QuoteRequest* r = x.options().FindRequest(id);
        if (r == nullptr || r->taker != account) return DeskReject(RejectCode::kRequestNotFound);
        std::vector<const Quote*> quotes;
        for (std::uint64_t q : x.options().QuotesOf(id)) quotes.push_back(x.options().FindQuote(q));
        // Live quotes best first, then the rest by id.
        std::stable_sort(quotes.begin(), quotes.end(), [r](const Quote* a, const Quote* b) {
          const bool la = a->status == QuoteStatus::kLive;
          const bool lb = b->status == QuoteStatus::kLive;
          if (la != lb) return la;
          return la && BetterQuote(*r, *a, *b);
        });
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Field("success", true).Field("requestId", RequestIdText(id));
        w.Key("quotes").BeginArray();
        for (const Quote* q : quotes) WriteQuote(w, *q, *r, MakerName(x, q->maker));
        w.EndArray().EndObject();
        return Ok(std::move(out));
      },
      std::move(respond));
}

void OptionsDesk::TakerStreamHandler(net::HttpRequest& req, const Caller& caller,
                                     net::Responder respond) {
  auto id = ParseRequestId(req.PathParam("id").value_or(""));
  std::unique_lock lock(mu_);
  CatchUpLocked(lock);
  auto owner = id ? request_taker_.find(*id) : request_taker_.end();
  if (owner == request_taker_.end() || owner->second != caller.account) {
    lock.unlock();
    return respond(DeskReject(RejectCode::kRequestNotFound));
  }
  net::SseOptions options;
  options.keepalive_interval = settings_.ping_interval;
  auto stream = respond.OpenEventStream(options);
  if (!stream) return;
  if (open_.find(*id) == open_.end()) {
    std::string data = R"({"requestId":")" + RequestIdText(*id) + R"(","status":"closed"})";
    stream->Send({"closed", "", data});
    stream->Close();
    return;
  }
  taker_streams_.emplace(*id, TakerStream{stream, 0, Money::Zero()});
  SendBestQuote(*id);
  // Outside mu_: a stream closed already runs its callback (which takes mu_) right here.
  lock.unlock();
  std::weak_ptr<net::SseStream> weak = stream;
  stream->SetOnClose([this, weak, request = *id](net::SseCloseReason) {
    std::lock_guard guard(mu_);
    auto s = weak.lock();
    auto [first, last] = taker_streams_.equal_range(request);
    for (auto it = first; it != last;) {
      it = (!s || it->second.stream == s) ? taker_streams_.erase(it) : std::next(it);
    }
  });
}

void OptionsDesk::CancelHandler(net::HttpRequest& req, const Caller& caller,
                                net::Responder respond) {
  auto id = ParseRequestId(req.PathParam("id").value_or(""));
  if (!id) return respond(DeskReject(RejectCode::kRequestNotFound));
  SubmitDesk(
      ctx_, CancelQuoteRequest{caller.account, *id},
      [id = *id](const ApiContext::Committed&) {
        return Ok(R"({"success":true,"requestId":")" + RequestIdText(id) +
                  R"(","status":"cancelled"})");
      },
      std::move(respond));
}

void OptionsDesk::CommitHandler(net::HttpRequest& req, const Caller& caller,
                                net::Responder respond) {
  auto id = ParseRequestId(req.PathParam("id").value_or(""));
  if (!id) return respond(DeskReject(RejectCode::kRequestNotFound));
  {
    std::lock_guard lock(mu_);
    if (!committing_.insert(*id).second) {
      return respond(DeskError(409, "commit_in_progress", "a commit of this request is running"));
    }
  }
  auto attempt = std::make_shared<CommitAttempt>();
  attempt->request = *id;
  attempt->taker = caller.account;
  attempt->respond = std::move(respond);
  auto reject = std::make_shared<std::optional<net::HttpResponse>>();
  const Timestamp now = ctx_.clock().Now();
  Status st = ctx_.engine().QueryAsync(
      [attempt, reject, now](const Exchange& x) {
        const QuoteRequest* r = x.options().FindRequest(attempt->request);
        if (r == nullptr || r->taker != attempt->taker) {
          *reject = DeskReject(RejectCode::kRequestNotFound);
          return;
        }
        if (!x.RequestTradable(*r, now)) {
          *reject = DeskReject(RejectCode::kRequestClosed);  // nothing may execute on it now
          return;
        }
        std::vector<const Quote*> live;
        for (std::uint64_t q : x.options().QuotesOf(r->id)) {
          const Quote* quote = x.options().FindQuote(q);
          if (quote->status == QuoteStatus::kLive && quote->expires_at > now) live.push_back(quote);
        }
        std::sort(live.begin(), live.end(),
                  [r](const Quote* a, const Quote* b) { return BetterQuote(*r, *a, *b); });
        const crypto::Address taker =
            r->wallet.empty() ? crypto::Address{} : *crypto::ParseAddress(r->wallet);
        for (const Quote* q : live) {
          Candidate c;
          c.quote = q->id;
          c.priority = q->priority;
          c.maker = q->maker;
          const std::int64_t fill = QuoteFill(*r, *q);
          c.order.series_id = crypto::WordFromUint(SeriesIdOf(r->series));
          c.order.option_amount = static_cast<std::uint64_t>(fill) * 1'000'000;
          c.order.premium_amount = static_cast<std::uint64_t>((q->price * fill).units() / 100);
          c.order.maker_selling = r->side == RfqSide::kBuy;
          c.order.taker = taker;
          attempt->candidates.push_back(c);
        }
        if (attempt->candidates.empty()) {
          *reject = DeskError(409, "no_quotes", "the request has no live quote");
        }
      },
      [this, attempt, reject](const Status& status) {
        std::lock_guard lock(mu_);
        if (!status.ok() || *reject) {
          attempt->respond(*reject ? std::move(**reject)
                                   : DeskError(503, "unavailable", status.error().message));
          FinishAttempt(attempt);
          return;
        }
        Advance(attempt);
      });
  if (!st.ok()) {
    std::lock_guard lock(mu_);
    attempt->respond(DeskError(503, "unavailable", st.error().message));
    FinishAttempt(attempt);
  }
}

}  // namespace probex::venue::api
