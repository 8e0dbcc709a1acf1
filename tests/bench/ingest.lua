-- wrk script of the ingest benchmark (scripts/bench ingest): every connection sends
-- POST /api/v1/accounts/{id}/readings with a fresh Idempotency-Key and a batch of 10 readings of one
-- client (a big-N login with its own account). Clients are shared out over wrk's threads; a client
-- has at most one request in flight, so its batches carry the versions of its last answer (a
-- reading saved again is an edit of version n). The data file comes from ingest_prepare.py
-- (path in OBLIK_INGEST_DATA). done() prints "ingest: saved=.. requests=.. non200=.. seconds=..
-- p50_ms=.. p99_ms=..".

local data = dofile(os.getenv("OBLIK_INGEST_DATA"))
local threads = {}
local nthreads = tonumber(os.getenv("OBLIK_INGEST_THREADS") or "2")

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local clients, idle, byRegister, version = {}, {}, {}, {}
local sent, seq, runId = 0, 0, ""

function init(args)
  runId = string.format("%d-%d-", os.time(), tid)
  for i, c in ipairs(data.clients) do
    if (i - 1) % nthreads == tid and #c.batches > 0 then
      local client = {token = c.token, account = c.account, batches = c.batches, next = 1}
      table.insert(clients, client)
      table.insert(idle, client)
      for _, b in ipairs(c.batches) do
        for _, r in ipairs(b) do
          byRegister[r[1]] = client
          version[r[1]] = 0
        end
      end
    end
  end
  saved, requests, non200 = 0, 0, 0
end

function request()
  local client = table.remove(idle, 1)
  if client == nil then -- more connections than clients: share one (its versions may conflict)
    client = clients[math.random(#clients)]
  end
  local batch = client.batches[client.next]
  client.next = client.next % #client.batches + 1
  local items = {}
  for _, r in ipairs(batch) do
    items[#items + 1] = string.format(
      '{"register_id":%d,"taken_on":"%s","value":"%s","version":%d}', r[1], data.taken_on, r[2], version[r[1]])
  end
  local body = string.format('{"period":"%s","submit":false,"items":[%s]}', data.period, table.concat(items, ","))
  seq = seq + 1
  return wrk.format("POST", "/api/v1/accounts/" .. client.account .. "/readings", {
    ["Authorization"] = "Bearer " .. client.token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = runId .. seq,
  }, body)
end

function response(status, headers, body)
  requests = requests + 1
  if status ~= 200 then
    non200 = non200 + 1
  end
  local client
  for reading in string.gmatch(body, '"reading":(%b{})') do
    local reg = tonumber(string.match(reading, '"register_id":(%d+)'))
    local v = tonumber(string.match(reading, '"version":(%d+)'))
    if reg and v then
      version[reg] = v
      client = client or byRegister[reg]
    end
  end
  for _ in string.gmatch(body, '"status":"saved"') do
    saved = saved + 1
  end
  if client then
    table.insert(idle, client)
  elseif #idle == 0 and #clients > 0 then
    -- An answer without readings (an error): we cannot tell whose; free the least recent.
    table.insert(idle, clients[(requests % #clients) + 1])
  end
end

function done(summary, latency, requests_)
  local s, r, n = 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("saved")
    r = r + t:get("requests")
    n = n + t:get("non200")
  end
  io.write(string.format("ingest: saved=%d requests=%d non200=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f\n",
    s, r, n, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
