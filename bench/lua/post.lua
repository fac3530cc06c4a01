-- POST /api/articles with a ~1 KB article, the size of the seeded ones.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"Posted by the benchmark","author":"wrk","content":"' .. string.rep("benchmark body text ", 50) .. '"}'
