-- Read-only: a customer's best current offers with their bodies (and optionally the profile), in
-- one round trip. Every key is in the customer's shard (hash tag {sNN}), one cluster slot.
-- KEYS[1] offers zset    kairos:offers:{sNN}:<cid>
-- KEYS[2] profile hash   kairos:profile:{sNN}:<cid>   (optional)
-- ARGV[1] now (epoch ms), ARGV[2] most offers returned, ARGV[3] message key prefix
-- kairos:msg:{sNN}:<cid>:
-- Returns {profile field/value list, id, body field/value list, id, body, ...}, best first.
-- Offers whose body is gone or whose expiresAt has passed are never returned.
local out = {{}}
if KEYS[2] then
  out[1] = redis.call('HGETALL', KEYS[2])
end
local limit = tonumber(ARGV[2])
local now = tonumber(ARGV[1])
local found = 0
for _, id in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, -1)) do
  if found >= limit then
    break
  end
  local body = redis.call('HGETALL', ARGV[3] .. id)
  if #body > 0 then
    local expiresAt = nil
    for i = 1, #body, 2 do
      if body[i] == 'expiresAt' then
        expiresAt = tonumber(body[i + 1])
      end
    end
    if expiresAt == nil or expiresAt > now then
      found = found + 1
      out[#out + 1] = id
      out[#out + 1] = body
    end
  end
end
return out
