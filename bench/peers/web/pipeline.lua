-- wrk script of web-json.sh's pipelined pass: every write carries DEPTH requests (HTTP/1.1 pipelining), so one wrk
-- thread's cost per request drops DEPTH-fold and the server, not wrk, sets the rate.
local depth = tonumber(os.getenv("DEPTH") or "8")

init = function(args)
  local requests = {}
  for i = 1, depth do requests[i] = wrk.format(nil, wrk.path) end
  batch = table.concat(requests)
end

request = function() return batch end
