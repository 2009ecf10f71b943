-- The wrk script of bench/load.py: which page each user asks for next, and what came back.
--
-- bench/load.py runs wrk with one thread per user and one connection per
-- thread, so each thread is one logged-in person with its own session cookie:
--
--   wrk -t50 -c50 -d60s --latency -s bench/load.lua URL -- MODE SESSIONS MEETINGS PDFS TERMS DECISIONS
--
-- MODE      "mix" (the pages people read) or "floor" (the floor page: /bench/floor/,
--           login required, base.html with no content, with the same session cookies)
-- SESSIONS  a file with one session cookie a line ("sessionid=…"), one per user
-- MEETINGS  ids of adjusted minutes, comma-separated; PDFS the ones with a stored PDF
-- TERMS     URL-encoded search terms, comma-separated
-- DECISIONS "1" if the decisions page answers, else its share goes to the start page
--
-- At the end it prints one line "RESULT {json}" with the request count, the
-- latency percentiles (µs), wrk's socket errors and, per page kind, the
-- requests and the answers other than 200 (and a few of their paths).

local threads = {}
local next_id = 0

function setup(thread)
   next_id = next_id + 1
   thread:set("id", next_id)
   table.insert(threads, thread)
end

local function split(text)
   local parts = {}
   for part in string.gmatch(text or "", "[^,]+") do
      parts[#parts + 1] = part
   end
   return parts
end

function init(args)
   mode = args[1]
   local cookies = {}
   for line in io.lines(args[2]) do
      cookies[#cookies + 1] = line
   end
   cookie = cookies[(id - 1) % #cookies + 1]
   meetings, pdfs, terms = split(args[3]), split(args[4]), split(args[5])
   decisions_ok = args[6] == "1"
   math.randomseed(id * 7919)
   counts, bad, bad_paths = {}, {}, {}
end

local function choice(list)
   return list[math.random(#list)]
end

-- The weights of bench/load.py's docstring: what people do at the end of a meeting cycle.
local function pick()
   if mode == "floor" then
      return "floor", "/bench/floor/"
   end
   local roll = math.random()
   if roll < 0.30 then
      if not decisions_ok then
         return "decisions", "/"
      end
      return "decisions", "/decisions/" .. choice({ "", "?page=2", "?page=3", "?q=" .. choice(terms) })
   elseif roll < 0.50 then
      return "search", "/search/?q=" .. choice(terms)
   elseif roll < 0.80 then
      return "minutes", "/meetings/" .. choice(meetings) .. "/"
   elseif roll < 0.90 and #pdfs > 0 then
      return "pdf", "/meetings/" .. choice(pdfs) .. "/pdf/"
   end
   return "home", "/"
end

function request()
   kind, path = pick()
   return wrk.format("GET", path, { ["Cookie"] = cookie, ["Accept-Language"] = "sv" })
end

function response(status, headers, body)
   counts[kind] = (counts[kind] or 0) + 1
   if status ~= 200 then
      bad[kind] = (bad[kind] or 0) + 1
      if #bad_paths < 10 then
         bad_paths[#bad_paths + 1] = status .. " " .. path
      end
   end
end

function done(summary, latency, requests)
   local kinds, errors = {}, {}
   for _, thread in ipairs(threads) do
      for name, n in pairs(thread:get("counts") or {}) do
         kinds[name] = kinds[name] or { requests = 0, errors = 0 }
         kinds[name].requests = kinds[name].requests + n
      end
      for name, n in pairs(thread:get("bad") or {}) do
         kinds[name].errors = kinds[name].errors + n
      end
      for _, detail in ipairs(thread:get("bad_paths") or {}) do
         if #errors < 10 then
            errors[#errors + 1] = string.format("%q", detail)
         end
      end
   end
   local parts = {}
   for name, k in pairs(kinds) do
      parts[#parts + 1] = string.format('"%s": {"requests": %d, "errors": %d}', name, k.requests, k.errors)
   end
   local e = summary.errors
   io.write(string.format(
      'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
         .. '"socket_errors": %d, "kinds": {%s}, "error_paths": [%s]}\n',
      summary.requests, summary.duration,
      latency:percentile(50), latency:percentile(95), latency:percentile(99),
      e.connect + e.read + e.write + e.timeout,
      table.concat(parts, ", "), table.concat(errors, ", ")
   ))
end
