-- Writes one message for pull channels, or does nothing if this message id was written before.
-- KEYS[1] message hash   kairos:msg:{cid}:<id>
-- KEYS[2] offers zset    kairos:offers:{cid}       id -> score
-- KEYS[3] expiries zset  kairos:offers-exp:{cid}   id -> expiresAt
-- KEYS[4] tombstone      kairos:forgotten:{cid}    set while the customer is forgotten
-- ARGV[1] message id, ARGV[2] expiresAt (epoch ms), ARGV[3] score, ARGV[4] now (epoch ms),
-- ARGV[5] most offers kept per customer, ARGV[6..] hash field, value, field, value, ...
-- Returns 1 if written, 0 if the message already existed (a replay: nothing changes), -1 if the
-- customer is forgotten (a message still in flight must not bring their data back).
if redis.replicate_commands then redis.replicate_commands() end
if redis.call('EXISTS', KEYS[4]) == 1 then
  return -1
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local id = ARGV[1]
-- Every message hash of the customer shares this prefix (kairos:msg:{cid}:).
local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #id)
local fields = {}
for i = 6, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], id)
redis.call('ZADD', KEYS[3], ARGV[2], id)

-- A dropped offer's body goes too: every live body is then in the index, which is how a
-- forget finds them all without scanning the keyspace.
local function drop(ids)
  for _, old in ipairs(ids) do
    redis.call('ZREM', KEYS[2], old)
    redis.call('ZREM', KEYS[3], old)
    redis.call('DEL', prefix .. old)
  end
end
-- Offers past their expiry leave the index (their hashes have expired on their own).
drop(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[4]))
-- A bounded list: the lowest-scored offers give way.
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
if excess > 0 then
  drop(redis.call('ZRANGE', KEYS[2], 0, excess - 1))
end
-- The index lives as long as its longest-lived offer, so customers who are gone leave no keys.
local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
if last[2] then
  redis.call('PEXPIREAT', KEYS[2], last[2])
  redis.call('PEXPIREAT', KEYS[3], last[2])
end
return 1
