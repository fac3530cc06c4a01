-- GET /api/articles/{id}, ids drawn uniformly from the seeded range so requests spread over the table.
local low = tonumber(os.getenv("SEED_MIN_ID"))
local high = tonumber(os.getenv("SEED_MAX_ID"))
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + thread_number) -- each thread its own sequence
end

function request()
  return wrk.format("GET", "/api/articles/" .. math.random(low, high))
end
