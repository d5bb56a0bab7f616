-- wrk script: rotate through signed-in users (cookies) and, for POSTs, questions.
-- Configured by environment variables set by bench/run.py.
local cookies = {}
for cookie in string.gmatch(os.getenv("BENCH_COOKIES") or "", "[^|]+") do
  table.insert(cookies, cookie)
end
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^|]+") do
  table.insert(paths, p)
end
local method = os.getenv("BENCH_METHOD") or "GET"
local origin = os.getenv("BENCH_ORIGIN")
local csrf = os.getenv("BENCH_CSRF")
local counter = 0

request = function()
  counter = counter + 1
  local headers = { ["X-Forwarded-Proto"] = "https", ["Accept-Encoding"] = "gzip" }
  if #cookies > 0 then
    headers["Cookie"] = cookies[(counter % #cookies) + 1]
  end
  local path = paths[(counter % #paths) + 1]
  local body = nil
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["X-CSRFToken"] = csrf
    headers["Referer"] = origin .. "/"
    headers["HX-Request"] = "true"
    body = "confidence=" .. ((counter % 5) + 1)
  end
  return wrk.format(method, path, headers, body)
end
