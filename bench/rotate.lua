-- wrk script for bench/load.py's rotation: every request a random cookie (a member's
-- session and CSRF cookies, or none) and a random path, as many members browsing at once.
--   wrk -s bench/rotate.lua http://127.0.0.1:8100/ COOKIES_FILE PATHS_FILE
-- Counts each response's X-Sadlist-Cache header (where the page came from) and prints
-- "cache <where> <count>" lines when done, and "shared <hit|miss|off> <count>" for the
-- shared parts of the pages rendered (X-Sadlist-Shared).

local cookies, paths = {}, {}
local threads = {}

local function lines(name)
  local found = {}
  for line in io.lines(name) do
    table.insert(found, line)
  end
  return found
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  cookies = lines(args[1])
  paths = lines(args[2])
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  local cookie = cookies[math.random(#cookies)]
  local headers = {}
  if cookie ~= "" then
    headers["Cookie"] = cookie
  end
  return wrk.format("GET", paths[math.random(#paths)], headers)
end

function response(status, headers, body)
  -- One global per kind (c_local, c_miss...): what done() reads back from each thread.
  local name = "c_" .. (headers["X-Sadlist-Cache"] or "none")
  _G[name] = (_G[name] or 0) + 1
  -- And, for a page rendered now, where its shared part came from (X-Sadlist-Shared).
  local shared = headers["X-Sadlist-Shared"]
  if shared then
    _G["s_" .. shared] = (_G["s_" .. shared] or 0) + 1
  end
end

-- Sums each thread's counts of ``prefix .. where`` and prints "<label> <where> <count>".
local function report(label, prefix, kinds)
  local total = {}
  for _, thread in ipairs(threads) do
    for _, where in ipairs(kinds) do
      local count = thread:get(prefix .. where)
      if count then
        total[where] = (total[where] or 0) + count
      end
    end
  end
  for where, count in pairs(total) do
    io.write(string.format("%s %s %d\n", label, where, count))
  end
end

function done(summary, latency, requests)
  report("cache", "c_", {"local", "common", "member", "miss", "off", "none"})
  report("shared", "s_", {"hit", "miss", "off"})
end
