-- POST /api/articles with a ~1 KB article, the size of the seeded ones, as account admin: with the session token
-- bench/run.sh put in BENCH_TOKEN, or with HTTP Basic when BENCH_BASIC (base64 of name:password) is set.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local basic = os.getenv("BENCH_BASIC")
if basic then
  wrk.headers["Authorization"] = "Basic " .. basic
elseif os.getenv("BENCH_TOKEN") then
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
end
wrk.body = '{"title":"Posted by the benchmark","content":"' .. string.rep("benchmark body text ", 50) .. '"}'
