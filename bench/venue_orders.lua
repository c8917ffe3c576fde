-- wrk script for bench/venue_http_bench.sh: limit-order placement and cancellation against the
-- real venue over keep-alive. Each wrk thread walks its own pairs (account, market) from the
-- accounts file written by the bench script (lines "KEY MARKET_ID"): a POST /api/v1/orders places
-- a non-crossing limit order (a YES bid at 0.01–0.40, or the same thing written as a NO ask at
-- 0.60–0.99) for a pair, and the next request of that thread cancels that account's open orders in
-- that market (POST /api/v1/orders/cancel with orderIds [] — the reference's "cancel all"), so the
-- books stay small and every placement is matched by a cancellation.
-- Usage: wrk ... -s venue_orders.lua URL -- ACCOUNTS_FILE

local pairs_list = {}
local counter = 0
local thread_index = 0
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local path = args[1] or os.getenv("VENUE_BENCH_ACCOUNTS")
  for line in io.lines(path) do
    local key, market = line:match("^(%S+)%s+(%S+)$")
    if key then table.insert(pairs_list, {key = key, market = market}) end
  end
  thread_index = tonumber(index) or 0
  counter = thread_index * 7919
  math.randomseed(1000 + thread_index)
end

local place_headers = {}
local current = nil

function request()
  counter = counter + 1
  if counter % 2 == 1 or current == nil then
    current = pairs_list[math.floor(counter / 2) % #pairs_list + 1]
    local cents = math.random(1, 40)
    local body
    if math.random(2) == 1 then
      body = string.format(
        '{"marketId":"%s","outcome":"YES","side":"bid","type":"Limit","price":0.%02d,"quantity":%d}',
        current.market, cents, math.random(1, 10))
    else
      body = string.format(
        '{"marketId":"%s","outcome":"NO","side":"ask","type":"Limit","price":0.%02d,"quantity":%d}',
        current.market, 100 - cents, math.random(1, 10))
    end
    place_headers["Authorization"] = "Bearer " .. current.key
    place_headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/orders", place_headers, body)
  end
  local body = string.format('{"marketId":"%s","orderIds":[]}', current.market)
  place_headers["Authorization"] = "Bearer " .. current.key
  place_headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/api/v1/orders/cancel", place_headers, body)
end

local bad = 0
function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end
