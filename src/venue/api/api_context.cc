#include "venue/api/api_context.h"

#include <charconv>
#include <utility>

#include "net/api_key.h"

namespace probex::venue::api {
namespace {

// The token of "Authorization: Bearer <token>"; empty when absent or another scheme.
std::string_view BearerToken(const net::HttpRequest& req) {
  auto header = req.Header("Authorization");
  if (!header) return {};
  std::string_view v = *header;
  constexpr std::string_view kBearer = "Bearer ";
  if (v.size() <= kBearer.size()) return {};
  for (std::size_t i = 0; i < kBearer.size(); ++i) {
    char c = v[i];
    char k = kBearer[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (k >= 'A' && k <= 'Z') k = static_cast<char>(k - 'A' + 'a');
    if (c != k) return {};
  }
  v.remove_prefix(kBearer.size());
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return v;
}

}  // namespace

ApiContext::ApiContext(engine::VenueEngine& engine, const Clock& clock, VenueDirectory& directory,
                       const RatePolicy& policy, net::RateLimiter& limiter, VenueSettings settings,
                       std::string operator_key)
    : engine_(engine),
      clock_(clock),
      directory_(directory),
      policy_(policy),
      limiter_(limiter),
      settings_(std::move(settings)),
      operator_key_hash_(net::Sha256Hex(operator_key)) {}

ApiContext::~ApiContext() { RunStopHooks(); }

net::HttpHandler ApiContext::Public(std::initializer_list<std::string_view> rules,
                                    PlainHandler handler) {
  std::vector<std::string_view> list(rules);
  return [this, list = std::move(list), handler = std::move(handler)](net::HttpRequest& req,
                                                                      net::Responder respond) {
    if (auto denied = Limit(req, nullptr, list)) return respond(std::move(*denied));
    handler(req, std::move(respond));
  };
}

net::HttpHandler ApiContext::Authed(std::uint32_t scope,
                                    std::initializer_list<std::string_view> rules,
                                    AuthedHandler handler) {
  std::vector<std::string_view> list(rules);
  return [this, scope, list = std::move(list), handler = std::move(handler)](
             net::HttpRequest& req, net::Responder respond) {
    auto caller = Authenticate(req);
    if (!caller) {
      // Unauthenticated attempts still count against the address's global budget.
      if (auto denied = Limit(req, nullptr, {kRuleGlobal})) return respond(std::move(*denied));
      return respond(caller.error());
    }
    if (!caller->Has(scope)) {
      std::string names;
      for (const ScopeName& s : ScopeNames()) {
        if ((scope & s.bit) != 0 && (caller->scopes & s.bit) == 0) {
          if (!names.empty()) names += ", ";
          names += s.name;
        }
      }
      return respond(
          Forbidden("this API key lacks the required scope: " + names, "insufficient_scope"));
    }
    if (auto denied = Limit(req, &*caller, list)) return respond(std::move(*denied));
    handler(req, *caller, std::move(respond));
  };
}

net::HttpHandler ApiContext::Operator(PlainHandler handler) {
  return [this, handler = std::move(handler)](net::HttpRequest& req, net::Responder respond) {
    if (!IsOperator(req)) {
      return respond(Unauthorized("missing or invalid operator key (Authorization: Bearer ...)"));
    }
    handler(req, std::move(respond));
  };
}

Result<Caller, net::HttpResponse> ApiContext::Authenticate(const net::HttpRequest& req) const {
  const std::string_view token = BearerToken(req);
  if (token.empty()) {
    return Unauthorized("missing API key: send Authorization: Bearer ak_...");
  }
  net::KeyKind kind;
  if (token.rfind(net::KeyTag(net::KeyKind::kMaker), 0) == 0) {
    kind = net::KeyKind::kMaker;
  } else if (token.rfind(net::KeyTag(net::KeyKind::kVenue), 0) == 0) {
    kind = net::KeyKind::kVenue;
  } else {
    return Unauthorized("invalid API key");
  }
  if (!net::ValidateKeyFormat(kind, token)) return Unauthorized("invalid API key");
  auto grant = directory_.FindKey(net::HashKey(kind, token));
  if (!grant) return Unauthorized("invalid or revoked API key");
  Caller caller;
  caller.account = grant->account;
  caller.key_id = grant->key_id;
  caller.scopes = grant->scopes;
  caller.tier = directory_.RateTier(grant->account);
  return caller;
}

bool ApiContext::IsOperator(const net::HttpRequest& req) const {
  const std::string_view token = BearerToken(req);
  if (token.empty()) return false;
  return net::ConstantTimeEquals(net::Sha256Hex(token), operator_key_hash_);
}

std::optional<net::HttpResponse> ApiContext::Limit(const net::HttpRequest& req,
                                                   const Caller* caller,
                                                   const std::vector<std::string_view>& rules) {
  const bool tiered = caller != nullptr && !caller->tier.empty() && caller->tier != kDefaultTier &&
                      policy_.HasTier(caller->tier);
  const std::string key =
      tiered ? "account:" + std::to_string(caller->account.value()) : req.remote_address();
  for (std::string_view rule : rules) {
    const std::string name = policy_.RuleName(rule, tiered ? caller->tier : std::string_view());
    net::RateDecision d = limiter_.Take(name, key);
    if (!d.allowed) return RateLimited(rule, d.retry_after_ms);
  }
  return std::nullopt;
}

net::RateDecision ApiContext::TakeForKey(std::string_view rule, std::string_view tier,
                                         std::uint64_t key_id) {
  // RuleName falls back to the default tier's rule for "", "standard" or an unknown tier.
  return limiter_.Take(policy_.RuleName(rule, tier), "key:" + std::to_string(key_id));
}

Status ApiContext::SubmitRaw(Command command, SubmitCallback callback) {
  return engine_.TrySubmitAsync(
      std::move(command),
      [this, callback = std::move(callback)](const Status& status, const Committed* committed) {
        if (status && committed != nullptr) {
          directory_.Observe(committed->command, committed->output, committed->time);
        }
        callback(status, committed);
      });
}

void ApiContext::Submit(Command command, Answer answer, net::Responder respond) {
  auto shared = std::make_shared<net::Responder>(std::move(respond));
  Status queued = SubmitRaw(
      std::move(command),
      [shared, answer = std::move(answer)](const Status& status, const Committed* committed) {
        if (!status) return (*shared)(EngineErrorResponse(status.error()));
        if (!committed->output.ok()) return (*shared)(RejectResponse(committed->output.reject));
        (*shared)(answer(*committed));
      });
  if (!queued) (*shared)(EngineErrorResponse(queued.error()));
}

void ApiContext::Read(ReadAnswer read, net::Responder respond) {
  auto shared = std::make_shared<net::Responder>(std::move(respond));
  auto response = std::make_shared<net::HttpResponse>();
  Status queued = engine_.QueryAsync(
      [response, read = std::move(read)](const Exchange& exchange) { *response = read(exchange); },
      [shared, response](const Status& status) {
        if (!status) return (*shared)(EngineErrorResponse(status.error()));
        (*shared)(std::move(*response));
      });
  if (!queued) (*shared)(EngineErrorResponse(queued.error()));
}

void ApiContext::Own(std::shared_ptr<void> object) {
  std::lock_guard lock(lifecycle_mutex_);
  owned_.push_back(std::move(object));
}

void ApiContext::OnStop(std::function<void()> hook) {
  std::lock_guard lock(lifecycle_mutex_);
  stop_hooks_.push_back(std::move(hook));
}

void ApiContext::RunStopHooks() {
  std::vector<std::function<void()>> hooks;
  {
    std::lock_guard lock(lifecycle_mutex_);
    if (stopped_) return;
    stopped_ = true;
    hooks.swap(stop_hooks_);
  }
  for (auto it = hooks.rbegin(); it != hooks.rend(); ++it) (*it)();
}

bool JsonBody::Parse(const net::HttpRequest& req, net::HttpResponse& error, bool empty_is_object) {
  std::string_view text = req.body();
  if (text.empty() && empty_is_object) text = "{}";
  if (text.empty()) {
    error = BadRequest("request body must be a JSON object", "invalid_json");
    return false;
  }
  auto parsed = net::ParseJson(text);
  if (!parsed) {
    error = JsonErrorResponse(parsed.error());
    return false;
  }
  doc_ = std::move(*parsed);
  reader_ = net::JsonReader::Root(doc_, errors_);
  if (!reader_) {
    error = FieldErrorResponse(errors_);
    return false;
  }
  return true;
}

std::string FormatId(std::uint64_t id) { return std::to_string(id); }

std::optional<std::uint64_t> ParseId(std::string_view text) {
  if (text.empty() || text.size() > 20 || text.front() == '0') return std::nullopt;
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v == 0) return std::nullopt;
  return v;
}

std::optional<std::int64_t> QueryInt(const net::HttpRequest& req, std::string_view name,
                                     std::int64_t fallback, std::int64_t min, std::int64_t max,
                                     net::HttpResponse& error) {
  auto text = req.Query(name);
  if (!text || text->empty()) return fallback;  // `?limit=` is the same as no limit
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || ptr != text->data() + text->size() || v < min || v > max) {
    error = BadRequest(std::string(name) + " must be an integer within " + std::to_string(min) +
                           ".." + std::to_string(max),
                       "invalid_query");
    return std::nullopt;
  }
  return v;
}

}  // namespace probex::venue::api
