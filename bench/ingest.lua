-- wrk script for bench/ingest.py: batches of 50 events whose ids embed the wrk thread and
-- a counter, so every id is unique; every tenth request replays the previous batch (a
-- retry), which the server must accept without storing anything twice.
local app_key = os.getenv("BENCH_APP_KEY")
local origin = os.getenv("BENCH_ORIGIN")
local guides = tonumber(os.getenv("BENCH_GUIDES"))
local first_guide = tonumber(os.getenv("BENCH_FIRST_GUIDE"))
local path = "/api/public/v1/apps/" .. app_key .. "/events"
local threads = {}
local thread_number = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("thread_id", thread_number)
  table.insert(threads, thread)
end

local counter = 0
local previous = nil
local names = {"step_viewed", "step_viewed", "step_completed", "guide_started", "tip_viewed",
               "guide_completed", "help_opened", "custom"}

local function batch()
  counter = counter + 1
  local visitor = math.random(10000)
  local parts = {}
  -- One visitor's batch: a couple of guides they are working through, as in real use.
  local own_guides = {first_guide + math.random(guides) - 1, first_guide + math.random(guides) - 1}
  for i = 1, 50 do
    local name = names[math.random(#names)]
    local guide = own_guides[math.random(2)]
    local extra
    if name == "help_opened" then
      extra = ""
    elseif name == "custom" then
      extra = ',"custom_name":"report exported","props":{"rows":12}'
    else
      extra = string.format(',"guide_id":%d,"version":1,"step_id":"s%d"', guide, math.random(5))
    end
    parts[i] = string.format(
      '{"id":"w%d-%d-%d","name":"%s","url":"http://host.bench/claims/%d?token=x&tab=2",' ..
      '"ts":"2026-11-24T10:00:00Z"%s}', thread_id, counter, i, name, i, extra)
  end
  return string.format('{"visitor_id":"visitor-%06d","session_id":"s%d","locale":"nl",' ..
                       '"events":[%s]}', visitor, visitor, table.concat(parts, ","))
end

acked = {}  -- global: done() reads it through thread:get

request = function()
  local body
  if previous ~= nil and counter % 10 == 9 then
    body = previous  -- a retry: the same ids again
    counter = counter + 1
  else
    body = batch()
    previous = body
  end
  return wrk.format("POST", path, {["Content-Type"] = "text/plain", ["Origin"] = origin}, body)
end

response = function(status, headers, body)
  if status == 200 then
    local ids = string.match(body, '"accepted":(%b[])')
    if ids then acked[#acked + 1] = ids end
  end
end

done = function(summary, latency, requests)
  local out = io.open(os.getenv("BENCH_ACKED_FILE"), "w")
  for _, thread in ipairs(threads) do
    for _, ids in ipairs(thread:get("acked")) do
      out:write(ids, "\n")
    end
  end
  out:close()
end
