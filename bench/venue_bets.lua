-- wrk script for bench/venue_bets_bench.sh: pool bet placement against the real venue over
-- keep-alive. Each wrk thread walks its own (account, market) pairs from the accounts file written
-- by the bench script (lines "KEY MARKET_ID") and POSTs /api/v1/bets with a random outcome and an
-- amount of 0.01–10.00 CC. Every request is a new bet (no idempotency key), journaled with
-- fdatasync group commit like every command.
-- Usage: wrk ... -s venue_bets.lua URL -- ACCOUNTS_FILE

local pairs_list = {}
local counter = 0
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
  local thread_index = tonumber(index) or 0
  counter = thread_index * 7919
  math.randomseed(2000 + thread_index)
end

local headers = {["Content-Type"] = "application/json"}

function request()
  counter = counter + 1
  local pair = pairs_list[counter % #pairs_list + 1]
  headers["Authorization"] = "Bearer " .. pair.key
  local body = string.format('{"marketId":"%s","outcomeIndex":%d,"amount":"%d.%02d"}',
    pair.market, math.random(0, 1), math.random(0, 9), math.random(1, 99))
  return wrk.format("POST", "/api/v1/bets", headers, body)
end

local bad = 0
function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end
