-- wrk script: counts the responses by HTTP status, exactly (wrk itself only reports "Non-2xx").
-- done() prints one line per status, "status <code> <count>", and "elapsed_us <microseconds>".
--   wrk -t2 -c8 -d30s -s bench/wrk/count-statuses.lua -H 'Authorization: Bearer …' <url>
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses")) do
      total[code] = (total[code] or 0) + n
    end
  end
  for code, n in pairs(total) do
    io.write(string.format("status %d %d\n", code, n))
  end
  io.write(string.format("elapsed_us %d\n", summary.duration))
end
