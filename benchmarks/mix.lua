-- wrk script: the same mix for every server: retrieve, list, create in turn, keep-alive.
local requests = {}
local i = 0

function init(args)
  local key = args[1] or "bench-key"
  local headers = { ["x-api-key"] = key }
  local json = { ["x-api-key"] = key, ["content-type"] = "application/json" }
  requests[1] = wrk.format("GET", "/v3/orders/bench-order", headers)
  requests[2] = wrk.format("GET", "/v3/orders/?per_page=5", headers)
  requests[3] = wrk.format("POST", "/v3/orders/", json, '{"name": "bench"}')
end

function request()
  i = i % #requests + 1
  return requests[i]
end
