-- wrk script: GET requests cycling through the paths listed in the file named by $WRK_PATHS
-- (one path per line, e.g. /api/time-entries?limit=10&depth=0), each thread from its own offset.
--   WRK_PATHS=paths.txt wrk -t2 -c32 -d60s -s bench/wrk/paths.lua -H 'Authorization: Bearer …' http://127.0.0.1:8080
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if line ~= "" then table.insert(paths, line) end
end
local counter = 0
local thread_index = 0

function setup(thread)
  thread:set("offset", thread_index)
  thread_index = thread_index + 1
end

function init(args)
  counter = offset or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
