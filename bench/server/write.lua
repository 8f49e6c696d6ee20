-- wrk script: each request admits a new member through the durable write route.
-- COLLEGIUM_COOKIE and COLLEGIUM_CSRF come from the environment (bench/server/run.sh).
local cookie = os.getenv("COLLEGIUM_COOKIE")
local csrf = os.getenv("COLLEGIUM_CSRF")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tag", tostring(threads) .. "-" .. tostring(math.random(1, 1000000000)))
end

local n = 0
request = function()
  n = n + 1
  local body = string.format(
    '{"admit_member":{"id":"m-bench-%s-%d","name":"Bench Member","category":"production",' ..
    '"workplace":"w-01","joined":"2024-01-01"}}', tag, n)
  return wrk.format("POST", "/api/commands",
    {["Content-Type"] = "application/json", ["Cookie"] = cookie, ["X-CSRF-Token"] = csrf}, body)
end
