-- Writes one message, atomically and at most once per message id: the offer entry and body for
-- pull channels and, for a push channel, the entry on the channel's stream shard. Every key is
-- in the customer's shard (hash tag {sNN}), so this is one script on one Redis Cluster slot.
-- KEYS[1] message hash   kairos:msg:{sNN}:<cid>:<id>
-- KEYS[2] offers zset    kairos:offers:{sNN}:<cid>       id -> score
-- KEYS[3] expiries zset  kairos:offers-exp:{sNN}:<cid>   id -> expiresAt
-- KEYS[4] tombstone      kairos:forgotten:{sNN}:<cid>    set while the customer is forgotten
-- KEYS[5] dedup marker   kairos:sent:{sNN}:<id>
-- KEYS[6] stream shard   kairos:stream:{sNN}:<channel>   only for push channels
-- ARGV[1] message id, ARGV[2] customer id, ARGV[3] expiresAt (epoch ms), ARGV[4] score,
-- ARGV[5] now (epoch ms), ARGV[6] most offers kept per customer, ARGV[7] marker expiry (epoch
-- ms, at or after expiresAt: the writer never writes an expired message, so no replay can come
-- after the marker is gone), ARGV[8] approximate stream shard length cap,
-- ARGV[9..] body field, value, field, value, ...
-- The body and the stream entry also get landedAt: Redis's own clock (TIME, epoch ms) when this
-- script wrote them, so a reader can tell how long after its cause a message was in Redis.
-- Returns 1 if written, 0 if this message id was written before (a replay: nothing changes), -1
-- if the customer is forgotten (a message still in flight must not bring their data back).
if redis.replicate_commands then redis.replicate_commands() end
if redis.call('EXISTS', KEYS[4]) == 1 then
  return -1
end
if not redis.call('SET', KEYS[5], '1', 'NX') then
  return 0
end
redis.call('PEXPIREAT', KEYS[5], ARGV[7])
local id = ARGV[1]
-- Every message hash of the customer shares this prefix (kairos:msg:{sNN}:<cid>:).
local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #id)
local fields = {}
for i = 9, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
local time = redis.call('TIME')
fields[#fields + 1] = 'landedAt'
fields[#fields + 1] = string.format('%.0f', tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000))
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], id)
redis.call('ZADD', KEYS[3], ARGV[3], id)

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
drop(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[5]))
-- A bounded list: the lowest-scored offers give way. A push message's body stays (and so in the
-- expiry index) until it expires: its stream entry may not be sent yet, and push workers send
-- only entries whose body still exists.
local push = {EMAIL = true, SMS = true, PUSH = true}
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[6])
if excess > 0 then
  for _, old in ipairs(redis.call('ZRANGE', KEYS[2], 0, excess - 1)) do
    if push[redis.call('HGET', prefix .. old, 'channel')] then
      redis.call('ZREM', KEYS[2], old)
    else
      drop({old})
    end
  end
end
-- The index lives as long as its longest-lived offer, so customers who are gone leave no keys.
local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
if last[2] then
  redis.call('PEXPIREAT', KEYS[2], last[2])
  redis.call('PEXPIREAT', KEYS[3], last[2])
end
if KEYS[6] then
  local entry = {'messageId', id, 'customerId', ARGV[2], 'messageKey', KEYS[1]}
  for i = 1, #fields do
    entry[#entry + 1] = fields[i]
  end
  -- XADD last: before Redis 7 it is flagged non-deterministic, and no write may follow one.
  redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[8], '*', unpack(entry))
end
return 1
