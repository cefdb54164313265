-- Withdraws a customer's messages on one channel after they revoked their consent for it: each
-- message on that channel that went out at or before the revocation (sendAt <= at) leaves the
-- offer list and its body is deleted, so pull channels no longer show it and push workers, which
-- send a stream entry only while its body exists, acknowledge and skip it. Messages sent after
-- the revocation (a consent given again) stay, so a repeat or a replay withdraws nothing more.
-- Every key is in the customer's shard (hash tag {sNN}): one script on one Redis Cluster slot.
-- KEYS[1] offers zset    kairos:offers:{sNN}:<cid>
-- KEYS[2] expiries zset  kairos:offers-exp:{sNN}:<cid>   names every live body of the customer
-- ARGV[1] message key prefix kairos:msg:{sNN}:<cid>:, ARGV[2] channel (EMAIL, SMS, PUSH, WEB,
-- APP, CALL_CENTER), ARGV[3] at: event time of the revocation (epoch ms)
-- Returns the number of messages withdrawn (0 for a repeat).
if redis.replicate_commands then redis.replicate_commands() end
local at = tonumber(ARGV[3])
local withdrawn = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local key = ARGV[1] .. id
  local body = redis.call('HMGET', key, 'channel', 'sendAt', 'createdAt')
  if body[1] == ARGV[2] then
    local sentAt = tonumber(body[2] or body[3] or '0')
    if sentAt == nil or sentAt <= at then
      redis.call('DEL', key)
      redis.call('ZREM', KEYS[1], id)
      redis.call('ZREM', KEYS[2], id)
      withdrawn = withdrawn + 1
    end
  end
end
return withdrawn
