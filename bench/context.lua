-- wrk script for bench/context.py: POSTs context requests varying page and visitor.
-- Filled in by the benchmark: APP_KEY, ORIGIN, SECTIONS, DEPARTMENTS, VISITORS.
local app_key = os.getenv("BENCH_APP_KEY")
local origin = os.getenv("BENCH_ORIGIN")
local sections = tonumber(os.getenv("BENCH_SECTIONS"))
local departments = tonumber(os.getenv("BENCH_DEPARTMENTS"))
local visitors = tonumber(os.getenv("BENCH_VISITORS"))
local path = os.getenv("BENCH_PATH") or ("/api/public/v1/apps/" .. app_key .. "/context")
local pages = {"/section%d/page%d", "/section%d/items/%d", "/section%d/list?status=open&p=%d",
               "/section%d/%d/edit", "/section%d/page%d#help"}
local roles = {"employee", "approver", "manager"}

math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))

request = function()
  local page = string.format(pages[math.random(#pages)], math.random(sections) - 1,
                             math.random(20))
  local visitor = math.random(visitors) - 1
  local body = string.format(
    '{"url":"http://host.bench%s","visitor_id":"visitor-%06d","user_id":"user-%d",' ..
    '"traits":{"department":"dept%d","role":"%s"},"locale":"%s"}',
    page, visitor, visitor, visitor % departments, roles[visitor % 3 + 1],
    (visitor % 2 == 0) and "nl" or "en")
  return wrk.format("POST", path,
                    {["Content-Type"] = "application/json", ["Origin"] = origin}, body)
end
