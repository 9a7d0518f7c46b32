-- wrk script: POST /api/invoices/{id}/send cycling through the invoice ids in the file named by
-- $WRK_INVOICES (one id per line). Each send of a sent invoice emits one invoice_sent event.
-- Threads start at different offsets, so concurrent requests rarely lock the same invoice row.
--   WRK_INVOICES=ids.txt wrk -t2 -c8 -d20s -s bench/wrk/send-invoices.lua -H 'Authorization: Bearer …' http://127.0.0.1:8080
local ids = {}
for line in io.lines(os.getenv("WRK_INVOICES")) do
  if line ~= "" then table.insert(ids, line) end
end
local counter = 0
local thread_index = 0

function setup(thread)
  thread:set("offset", thread_index * 7919)
  thread_index = thread_index + 1
end

function init(args)
  counter = offset or 0
end

function request()
  counter = counter + 1
  local id = ids[(counter % #ids) + 1]
  -- wrk.format uses the headers given instead of wrk.headers (the -H options): merge them
  local headers = {["Content-Type"] = "application/json"}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  return wrk.format("POST", "/api/invoices/" .. id .. "/send", headers, "{}")
end
