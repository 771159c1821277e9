-- wrk pipelining: each write carries DEPTH GET /plaintext requests (TechEmpower's plaintext test uses 16).
local depth = tonumber(os.getenv("PIPELINE_DEPTH") or "16")

init = function(args)
  local requests = {}
  for i = 1, depth do
    requests[i] = wrk.format(nil, "/plaintext")
  end
  pipelined = table.concat(requests)
end

request = function()
  return pipelined
end
