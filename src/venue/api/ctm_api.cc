#include "venue/api/ctm_api.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "net/json_writer.h"

namespace probex::venue::api {
namespace {

constexpr std::int64_t kMaxOffset = 1'000'000'000;

net::HttpResponse JsonOk(std::string body) { return net::HttpResponse::Json(200, std::move(body)); }

void WriteTimeOrNull(net::JsonWriter& w, std::string_view key, bool has, Timestamp t) {
  w.Key(key);
  if (has) {
    w.Time(t);
  } else {
    w.Null();
  }
}

void WriteRound(net::JsonWriter& w, const CtmRound& r) {
  const bool resolved = r.status == CtmRoundStatus::kResolved;
  w.BeginObject();
  w.Field("id", FormatId(r.id));
  w.Field("asset", r.spec.asset);
  w.Field("roundType", CtmRoundTypeName(r.spec.type));
  w.Field("status", CtmRoundStatusName(r.status));
  w.Field("question", r.spec.question);
  w.Field("description", r.spec.description);
  w.Key("entryFeeBlind").MoneyString(r.spec.entry_fee_blind);
  w.Key("heatmapFeeMultiplier").MoneyString(r.spec.heatmap_fee_multiplier);
  w.Key("platformFeeRate").MoneyString(r.spec.platform_fee_rate);
  w.Key("totalPool").MoneyString(r.total_pool);
  w.Field("predictionCount", static_cast<std::int64_t>(r.predictions.size()));
  w.Field("uniquePlayers", static_cast<std::int64_t>(r.unique_players));
  w.Key("openStartsAt").Time(r.spec.open_starts_at);
  w.Key("heatmapStartsAt").Time(r.spec.heatmap_starts_at);
  w.Key("lockedStartsAt").Time(r.spec.locked_starts_at);
  w.Key("resolvesAt").Time(r.spec.resolves_at);
  w.Key("settlementPrice");
  if (resolved) {
    w.MoneyString(r.settlement_price);
  } else {
    w.Null();
  }
  WriteTimeOrNull(w, "resolvedAt", r.final(), r.resolved_at);
  w.Key("voidReason");
  if (r.status == CtmRoundStatus::kVoided) {
    w.String(CtmVoidReasonName(r.void_reason));
  } else {
    w.Null();
  }
  w.Key("createdAt").Time(r.created_at);
  w.EndObject();
}

void WritePrediction(net::JsonWriter& w, const CtmPrediction& p) {
  w.Field("id", FormatId(p.id));
  w.Field("roundId", FormatId(p.round));
  w.Field("phase", CtmPhaseName(p.phase));
  w.Key("predictedPrice").MoneyString(p.predicted_price);
  w.Key("amount").MoneyString(p.amount);
  w.Field("status", CtmPredictionStatusName(p.status));
}

void WriteTick(net::JsonWriter& w, std::string_view asset, const CtmTick& t) {
  w.BeginObject();
  if (!asset.empty()) w.Field("asset", asset);
  w.Key("price").MoneyNumber(t.price);
  w.Key("bid").MoneyNumber(t.bid);
  w.Key("ask").MoneyNumber(t.ask);
  w.Field("timestamp", t.at.millis());
  w.EndObject();
}

// The :id of a round route; answers 404 itself when it is not an id.
std::optional<std::uint64_t> RoundParam(const net::HttpRequest& req, net::Responder& respond) {
  auto id = ParseId(req.PathParam("id").value_or(""));
  if (!id) {
    respond(NotFound("round not found", "round_not_found"));
    return std::nullopt;
  }
  return *id;
}

net::HttpResponse RoundNotFound() { return NotFound("round not found", "round_not_found"); }

// status=OPEN,HEATMAP → a bit set; nullopt with `error` for an unknown name.
std::optional<std::uint32_t> StatusFilter(const net::HttpRequest& req, net::HttpResponse& error) {
  auto text = req.Query("status");
  if (!text || text->empty()) return 0xFFu;
  std::uint32_t mask = 0;
  std::string_view rest = *text;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view name = rest.substr(0, comma);
    auto status = ParseCtmRoundStatus(name);
    if (!status) {
      error = BadRequest(
          "status must be a comma-separated list of OPEN, HEATMAP, LOCKED, "
          "RESOLVED, VOIDED; got \"" +
              std::string(name) + "\"",
          "invalid_query");
      return std::nullopt;
    }
    mask |= 1u << static_cast<int>(*status);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return mask;
}

void ListRoundsHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  net::HttpResponse error;
  auto mask = StatusFilter(req, error);
  if (!mask) return respond(std::move(error));
  std::string asset(req.Query("asset").value_or(""));
  for (char& ch : asset) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  std::optional<CtmRoundType> type;
  if (auto text = req.Query("roundType"); text && !text->empty()) {
    type = ParseCtmRoundType(*text);
    if (!type) {
      return respond(
          BadRequest("roundType must be FLASH, BLITZ, SPRINT, DAILY, WEEKLY or EVENT; got \"" +
                         std::string(*text) + "\"",
                     "invalid_query"));
    }
  }
  auto limit = QueryInt(req, "limit", 20, 1, 100, error);
  if (!limit) return respond(std::move(error));
  auto offset = QueryInt(req, "offset", 0, 0, kMaxOffset, error);
  if (!offset) return respond(std::move(error));
  bool ascending = false;
  if (auto sort = req.Query("sort"); sort && !sort->empty()) {
    if (*sort != "asc" && *sort != "desc") {
      return respond(BadRequest("sort must be asc or desc", "invalid_query"));
    }
    ascending = *sort == "asc";
  }
  ctx.Read(
      [mask = *mask, asset, type, limit = *limit, offset = *offset, ascending](const Exchange& x) {
        std::vector<const CtmRound*> found;
        for (const CtmRound& r : x.ctm().rounds()) {
          if ((mask & (1u << static_cast<int>(r.status))) == 0) continue;
          if (!asset.empty() && r.spec.asset != asset) continue;
          if (type && r.spec.type != *type) continue;
          found.push_back(&r);
        }
        // By openStartsAt (then id), newest first unless sort=asc.
        std::sort(found.begin(), found.end(), [ascending](const CtmRound* a, const CtmRound* b) {
          const auto ka = std::make_pair(a->spec.open_starts_at, a->id);
          const auto kb = std::make_pair(b->spec.open_starts_at, b->id);
          return ascending ? ka < kb : kb < ka;
        });
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("rounds").BeginArray();
        for (std::int64_t i = offset;
             i < static_cast<std::int64_t>(found.size()) && i < offset + limit; ++i) {
          WriteRound(w, *found[static_cast<std::size_t>(i)]);
        }
        w.EndArray().Field("total", static_cast<std::int64_t>(found.size()));
        w.Field("limit", limit).Field("offset", offset).EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

void RoundHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto id = RoundParam(req, respond);
  if (!id) return;
  ctx.Read(
      [id = *id](const Exchange& x) {
        const CtmRound* r = x.ctm().FindRound(id);
        if (r == nullptr) return RoundNotFound();
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("round");
        WriteRound(w, *r);
        w.EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

// Buckets of equal width over [lowest, highest] predicted price (docs/venue-ctm.md).
void HeatmapHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto id = RoundParam(req, respond);
  if (!id) return;
  net::HttpResponse error;
  auto buckets = QueryInt(req, "bucketCount", 20, 5, 50, error);
  if (!buckets) return respond(std::move(error));
  const Timestamp now = ctx.clock().Now();
  ctx.Read(
      [id = *id, count = *buckets, now](const Exchange& x) {
        const CtmRound* r = x.ctm().FindRound(id);
        if (r == nullptr) return RoundNotFound();
        if (r->status == CtmRoundStatus::kOpen &&
            CtmRounds::PhaseAt(*r, now) == CtmRoundStatus::kOpen) {
          return Forbidden("the heatmap is revealed when the round enters HEATMAP",
                           "heatmap_not_revealed");
        }
        std::vector<std::int64_t> counts(static_cast<std::size_t>(count), 0);
        Money lo, hi;
        bool any = false;
        for (std::uint64_t pid : r->predictions) {
          const Money p = x.ctm().FindPrediction(pid)->predicted_price;
          lo = any ? Min(lo, p) : p;
          hi = any ? Max(hi, p) : p;
          any = true;
        }
        // Width rounds up to the unit so that the last bucket reaches the highest prediction;
        // all predictions equal → buckets 1.0 wide from that price.
        std::int64_t width = 0;
        if (any) {
          const std::int64_t span = hi.units() - lo.units();
          width = span == 0 ? Money::kScale : (span + count - 1) / count;
          for (std::uint64_t pid : r->predictions) {
            const Money p = x.ctm().FindPrediction(pid)->predicted_price;
            const std::int64_t index =
                std::min<std::int64_t>((p.units() - lo.units()) / width, count - 1);
            ++counts[static_cast<std::size_t>(index)];
          }
        }
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("heatmap").BeginArray();
        if (any) {
          for (std::int64_t i = 0; i < count; ++i) {
            w.BeginObject();
            w.Key("min").MoneyNumber(Money::FromUnits(lo.units() + i * width));
            w.Key("max").MoneyNumber(Money::FromUnits(lo.units() + (i + 1) * width));
            w.Field("count", counts[static_cast<std::size_t>(i)]);
            w.EndObject();
          }
        }
        w.EndArray();
        w.Field("roundId", FormatId(r->id));
        w.Field("bucketCount", count);
        w.Field("totalPredictions", static_cast<std::int64_t>(r->predictions.size()));
        w.EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

void ResultsHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto id = RoundParam(req, respond);
  if (!id) return;
  net::HttpResponse error;
  auto limit = QueryInt(req, "limit", 10, 1, 100, error);
  if (!limit) return respond(std::move(error));
  ctx.Read(
      [id = *id, limit = *limit](const Exchange& x) {
        const CtmRound* r = x.ctm().FindRound(id);
        if (r == nullptr) return RoundNotFound();
        if (!r->final()) {
          return BadRequest("the round is " + std::string(CtmRoundStatusName(r->status)) +
                                ": results exist once it is RESOLVED or VOIDED",
                            "round_not_resolved");
        }
        const bool resolved = r->status == CtmRoundStatus::kResolved;
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("round");
        WriteRound(w, *r);
        w.Key("result").BeginObject();
        w.Key("settlementPrice");
        if (resolved) {
          w.MoneyString(r->settlement_price);
        } else {
          w.Null();
        }
        w.Key("totalPool").MoneyString(r->total_pool);
        w.Key("platformFee").MoneyString(r->platform_fee);
        w.Key("payoutPool").MoneyString(resolved ? r->total_pool - r->platform_fee : Money());
        w.Key("paidOut").MoneyString(resolved ? r->payout_pool() : Money());
        w.Key("dust").MoneyString(r->dust);
        w.Field("totalPredictions", static_cast<std::int64_t>(r->predictions.size()));
        w.Field("uniquePlayers", static_cast<std::int64_t>(r->unique_players));
        w.Key("resolvedAt").Time(r->resolved_at);
        w.Key("voidReason");
        if (resolved) {
          w.Null();
        } else {
          w.String(CtmVoidReasonName(r->void_reason));
        }
        w.EndObject();
        w.Key("topPredictions").BeginArray();
        if (resolved) {
          std::vector<const CtmPrediction*> all;
          all.reserve(r->predictions.size());
          for (std::uint64_t pid : r->predictions) all.push_back(x.ctm().FindPrediction(pid));
          const std::size_t k = std::min<std::size_t>(all.size(), static_cast<std::size_t>(limit));
          std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(),
                            [](const CtmPrediction* a, const CtmPrediction* b) {
                              return std::make_pair(a->rank, a->id) <
                                     std::make_pair(b->rank, b->id);
                            });
          for (std::size_t i = 0; i < k; ++i) {
            const CtmPrediction& p = *all[i];
            w.BeginObject();
            w.Field("id", FormatId(p.id));
            w.Field("rank", static_cast<std::int64_t>(p.rank));
            w.Field("phase", CtmPhaseName(p.phase));
            w.Key("predictedPrice").MoneyString(p.predicted_price);
            w.Key("distance").MoneyString(p.distance);
            w.Key("payoutAmount").MoneyString(p.payout);
            w.EndObject();
          }
        }
        w.EndArray().EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

void PriceHistoryHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto id = RoundParam(req, respond);
  if (!id) return;
  ctx.Read(
      [id = *id](const Exchange& x) {
        const CtmRound* r = x.ctm().FindRound(id);
        if (r == nullptr) return RoundNotFound();
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("prices").BeginArray();
        for (const CtmHistoryPoint& h : r->history) WriteTick(w, "", h.tick);
        w.EndArray().Field("asset", r->spec.asset).Field("roundId", FormatId(r->id)).EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

void PredictHandler(ApiContext& ctx, net::HttpRequest& req, const Caller& caller,
                    net::Responder respond) {
  auto id = RoundParam(req, respond);
  if (!id) return;
  if (!ctx.directory().switches().ctm) {
    return respond(
        ServiceUnavailable("CTM is temporarily disabled by the operator", "ctm_disabled"));
  }
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error)) return respond(std::move(error));
  net::MoneyRule rule;
  rule.sign = net::MoneyRule::Sign::kNonNegative;
  auto price = body.reader().RequiredMoney("predictedPrice", rule);
  auto key = body.reader().OptionalString("idempotencyKey", {1, kMaxCtmIdempotencyKeyBytes});
  if (!body.ok()) return respond(body.Error());
  if (price->units() > kMaxCtmPriceWhole * Money::kScale) {
    return respond(BadRequest("predictedPrice must be at most 1000000000", "invalid_prediction"));
  }
  ctx.Submit(
      PlaceCtmPrediction{caller.account, *id, *price, key.value_or("")},
      [](const ApiContext::Committed& c) {
        const CtmPrediction& p = c.output.prediction;
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("prediction").BeginObject();
        WritePrediction(w, p);
        w.Key("submittedAt").Time(p.submitted_at);
        w.EndObject();
        w.Key("balanceAfter").MoneyString(p.balance_after);
        w.Key("fee").MoneyString(p.amount);
        w.Field("phase", CtmPhaseName(p.phase));
        w.Field("replayed", c.output.replayed);
        w.EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

void MyPredictionsHandler(ApiContext& ctx, net::HttpRequest& req, const Caller& caller,
                          net::Responder respond) {
  net::HttpResponse error;
  std::uint64_t round = 0;
  if (auto text = req.Query("roundId"); text && !text->empty()) {
    auto id = ParseId(*text);
    if (!id) return respond(RoundNotFound());
    round = *id;
  }
  auto limit = QueryInt(req, "limit", 50, 1, 100, error);
  if (!limit) return respond(std::move(error));
  auto offset = QueryInt(req, "offset", 0, 0, kMaxOffset, error);
  if (!offset) return respond(std::move(error));
  ctx.Read(
      [account = caller.account, round, limit = *limit, offset = *offset](const Exchange& x) {
        if (round != 0 && x.ctm().FindRound(round) == nullptr) return RoundNotFound();
        const std::vector<std::uint64_t>& mine = x.ctm().PredictionsOf(account);
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("predictions").BeginArray();
        std::int64_t seen = 0;
        for (auto it = mine.rbegin(); it != mine.rend(); ++it) {  // newest first
          const CtmPrediction& p = *x.ctm().FindPrediction(*it);
          if (round != 0 && p.round != round) continue;
          const std::int64_t index = seen++;
          if (index < offset || index >= offset + limit) continue;
          const CtmRound& r = *x.ctm().FindRound(p.round);
          const bool resolved = r.status == CtmRoundStatus::kResolved;
          w.BeginObject();
          WritePrediction(w, p);
          w.Key("distance");
          if (resolved) {
            w.MoneyString(p.distance);
          } else {
            w.Null();
          }
          w.Key("rank");
          if (resolved) {
            w.Int(p.rank);
          } else {
            w.Null();
          }
          w.Key("payoutAmount").MoneyString(p.payout);
          w.Key("submittedAt").Time(p.submitted_at);
          w.Key("round").BeginObject();
          w.Field("question", r.spec.question).Field("asset", r.spec.asset);
          w.Field("status", CtmRoundStatusName(r.status));
          w.EndObject();
          w.EndObject();
        }
        w.EndArray().Field("total", seen).Field("limit", limit).Field("offset", offset);
        w.EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

void MyStatsHandler(ApiContext& ctx, net::HttpRequest&, const Caller& caller,
                    net::Responder respond) {
  ctx.Read(
      [account = caller.account](const Exchange& x) {
        const CtmStats s = x.ctm().StatsOf(account);
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("stats").BeginObject();
        w.Field("totalRounds", s.total_rounds);
        w.Field("totalPredictions", s.total_predictions);
        w.Field("totalWins", s.total_wins);
        w.Key("totalPayouts").MoneyString(s.total_payouts);
        w.Key("bestRank");
        if (s.best_rank == 0) {
          w.Null();
        } else {
          w.Int(s.best_rank);
        }
        w.Field("currentStreak", s.current_streak);
        w.Field("bestStreak", s.best_streak);
        w.Key("avgDistance");
        if (s.has_avg_distance) {
          w.MoneyString(s.avg_distance);
        } else {
          w.Null();
        }
        w.EndObject().EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

// ---- Operator. ----

void PushPriceHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error)) return respond(std::move(error));
  auto& r = body.reader();
  net::MoneyRule rule;
  rule.sign = net::MoneyRule::Sign::kPositive;
  auto asset = r.RequiredString("asset", {1, 10});
  auto price = r.RequiredMoney("price", rule);
  auto bid = r.OptionalMoney("bid", rule);
  auto ask = r.OptionalMoney("ask", rule);
  r.RejectUnknownFields({"asset", "price", "bid", "ask"});
  if (!body.ok()) return respond(body.Error());
  OraclePrice command{*asset, *price, bid.value_or(*price), ask.value_or(*price)};
  ctx.Submit(
      std::move(command),
      [](const ApiContext::Committed& c) {
        for (const Event& e : c.output.events) {
          if (const auto* p = std::get_if<OraclePriceUpdated>(&e)) {
            std::string out;
            net::JsonWriter w(out);
            w.BeginObject().Key("price");
            WriteTick(w, p->asset(), CtmTick{p->price, p->bid, p->ask, p->at});
            w.EndObject();
            return JsonOk(std::move(out));
          }
        }
        return ErrorResponse(500, "InternalError", "the tick produced no price event");
      },
      std::move(respond));
}

void PricesHandler(ApiContext& ctx, net::HttpRequest&, net::Responder respond) {
  ctx.Read(
      [](const Exchange& x) {
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("prices").BeginArray();
        for (const auto& [asset, tick] : x.ctm().prices()) WriteTick(w, asset, tick);
        w.EndArray().EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

// Answers the round's state after a committed command (a read on the sequencer).
void AnswerRound(ApiContext& ctx, Command command,
                 std::function<std::uint64_t(const ApiContext::Committed&)> round_of,
                 net::Responder respond) {
  auto shared = std::make_shared<net::Responder>(std::move(respond));
  Status st =
      ctx.SubmitRaw(std::move(command),
                    [&ctx, shared, round_of](const Status& status, const ApiContext::Committed* c) {
                      if (!status.ok()) return (*shared)(EngineErrorResponse(status.error()));
                      if (!c->output.ok()) return (*shared)(RejectResponse(c->output.reject));
                      const std::uint64_t id = round_of(*c);
                      ctx.Read(
                          [id](const Exchange& x) {
                            const CtmRound* r = x.ctm().FindRound(id);
                            if (r == nullptr) return RoundNotFound();
                            std::string out;
                            net::JsonWriter w(out);
                            w.BeginObject().Key("round");
                            WriteRound(w, *r);
                            w.EndObject();
                            return JsonOk(std::move(out));
                          },
                          std::move(*shared));
                    });
  if (!st.ok()) (*shared)(EngineErrorResponse(st.error()));
}

void CreateRoundHandler(ApiContext& ctx, const CtmDefaults& defaults, net::HttpRequest& req,
                        net::Responder respond) {
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error)) return respond(std::move(error));
  auto& r = body.reader();
  net::MoneyRule positive;
  positive.sign = net::MoneyRule::Sign::kPositive;
  net::MoneyRule non_negative;
  non_negative.sign = net::MoneyRule::Sign::kNonNegative;
  auto asset = r.RequiredString("asset", {1, 10});
  auto type = r.OptionalEnum<CtmRoundType>("roundType", {{"FLASH", CtmRoundType::kFlash},
                                                         {"BLITZ", CtmRoundType::kBlitz},
                                                         {"SPRINT", CtmRoundType::kSprint},
                                                         {"DAILY", CtmRoundType::kDaily},
                                                         {"WEEKLY", CtmRoundType::kWeekly},
                                                         {"EVENT", CtmRoundType::kEvent}});
  auto question = r.OptionalString("question", {0, 4096});
  auto description = r.OptionalString("description", {0, 4096});
  auto open = r.OptionalTimestamp("openStartsAt");
  auto heatmap = r.RequiredTimestamp("heatmapStartsAt");
  auto locked = r.RequiredTimestamp("lockedStartsAt");
  auto resolves = r.RequiredTimestamp("resolvesAt");
  auto fee = r.OptionalMoney("entryFeeBlind", positive);
  auto multiplier = r.OptionalMoney("heatmapFeeMultiplier", positive);
  auto platform = r.OptionalMoney("platformFeeRate", non_negative);
  r.RejectUnknownFields({"asset", "roundType", "question", "description", "openStartsAt",
                         "heatmapStartsAt", "lockedStartsAt", "resolvesAt", "entryFeeBlind",
                         "heatmapFeeMultiplier", "platformFeeRate"});
  if (!body.ok()) return respond(body.Error());
  CreateCtmRound command;
  CtmRoundSpec& s = command.spec;
  s.asset = *asset;
  s.type = type.value_or(CtmRoundType::kEvent);
  s.question = question.value_or("");
  s.description = description.value_or("");
  s.open_starts_at = open.value_or(ctx.clock().Now());
  s.heatmap_starts_at = *heatmap;
  s.locked_starts_at = *locked;
  s.resolves_at = *resolves;
  s.entry_fee_blind = fee.value_or(defaults.entry_fee_blind);
  s.heatmap_fee_multiplier = multiplier.value_or(defaults.heatmap_fee_multiplier);
  s.platform_fee_rate = platform.value_or(defaults.platform_fee_rate);
  AnswerRound(
      ctx, std::move(command), [](const ApiContext::Committed& c) { return c.output.created_id; },
      std::move(respond));
}

void VoidRoundHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto id = RoundParam(req, respond);
  if (!id) return;
  AnswerRound(
      ctx, VoidCtmRound{*id},
      [](const ApiContext::Committed& c) { return std::get<VoidCtmRound>(c.command).round; },
      std::move(respond));
}

void SchedulesHandler(ApiContext& ctx, net::HttpRequest&, net::Responder respond) {
  ctx.Read(
      [](const Exchange& x) {
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("schedules").BeginArray();
        for (const auto& [key, sc] : x.ctm().schedules()) {
          const CtmScheduleSpec& s = sc.spec;
          w.BeginObject();
          w.Field("asset", s.asset).Field("roundType", CtmRoundTypeName(s.type));
          w.Field("durationMs", s.duration_ms).Field("openMs", s.open_ms);
          w.Field("heatmapMs", s.heatmap_ms);
          w.Field("lockedMs", s.duration_ms - s.open_ms - s.heatmap_ms);
          w.Field("leadMs", s.lead_ms);
          w.Key("entryFeeBlind").MoneyString(s.entry_fee_blind);
          w.Key("heatmapFeeMultiplier").MoneyString(s.heatmap_fee_multiplier);
          w.Key("platformFeeRate").MoneyString(s.platform_fee_rate);
          w.Field("enabled", s.enabled);
          w.Key("nextStartsAt").Time(sc.next_start);
          w.EndObject();
        }
        w.EndArray().EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

}  // namespace

void RegisterCtmRoutes(net::Router& router, ApiContext& ctx, CtmDefaults defaults) {
  auto pub = [&ctx](std::string_view rule, auto fn) {
    return ctx.Public({rule}, [&ctx, fn](net::HttpRequest& req, net::Responder respond) {
      fn(ctx, req, std::move(respond));
    });
  };
  router.Get("/api/v1/ctm/rounds", pub(kRuleGlobal, ListRoundsHandler));
  router.Get("/api/v1/ctm/rounds/:id", pub(kRuleGlobal, RoundHandler));
  router.Get("/api/v1/ctm/rounds/:id/heatmap", pub(kRuleGlobal, HeatmapHandler));
  router.Get("/api/v1/ctm/rounds/:id/results", pub(kRuleGlobal, ResultsHandler));
  router.Get("/api/v1/ctm/rounds/:id/price-history", pub(kRulePriceHistory, PriceHistoryHandler));
  router.Post(
      "/api/v1/ctm/rounds/:id/predict",
      ctx.Authed(kScopeBetPlace, {kRuleGlobal, kRuleCtmPredict},
                 [&ctx](net::HttpRequest& req, const Caller& caller, net::Responder respond) {
                   PredictHandler(ctx, req, caller, std::move(respond));
                 }));
  router.Get(
      "/api/v1/ctm/my-predictions",
      ctx.Authed(kScopeBetRead, {kRuleGlobal, kRuleAuthReads},
                 [&ctx](net::HttpRequest& req, const Caller& caller, net::Responder respond) {
                   MyPredictionsHandler(ctx, req, caller, std::move(respond));
                 }));
  router.Get(
      "/api/v1/ctm/my-stats",
      ctx.Authed(kScopeBetRead, {kRuleGlobal, kRuleAuthReads},
                 [&ctx](net::HttpRequest& req, const Caller& caller, net::Responder respond) {
                   MyStatsHandler(ctx, req, caller, std::move(respond));
                 }));

  auto op = [&ctx](auto fn) {
    return ctx.Operator([&ctx, fn](net::HttpRequest& req, net::Responder respond) {
      fn(ctx, req, std::move(respond));
    });
  };
  router.Post("/admin/v1/oracle/prices", op(PushPriceHandler));
  router.Get("/admin/v1/oracle/prices", op(PricesHandler));
  router.Post("/admin/v1/ctm/rounds",
              op([defaults](ApiContext& c, net::HttpRequest& r, net::Responder s) {
                CreateRoundHandler(c, defaults, r, std::move(s));
              }));
  router.Post("/admin/v1/ctm/rounds/:id/void", op(VoidRoundHandler));
  router.Get("/admin/v1/ctm/schedules", op(SchedulesHandler));
}

}  // namespace probex::venue::api
