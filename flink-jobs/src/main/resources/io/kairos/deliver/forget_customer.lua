-- Forgets a customer: drops their profile, offers and message bodies and sets a tombstone that
-- makes every later write for them a no-op until the retention window ends.
-- KEYS[1] tombstone      kairos:forgotten:{sNN}:<cid>
-- KEYS[2] profile hash   kairos:profile:{sNN}:<cid>
-- KEYS[3] offers zset    kairos:offers:{sNN}:<cid>
-- KEYS[4] expiries zset  kairos:offers-exp:{sNN}:<cid>
-- ARGV[1] forgottenAt (epoch ms), ARGV[2] retentionUntil (epoch ms),
-- ARGV[3] message key prefix kairos:msg:{sNN}:<cid>: (the bodies share the slot of KEYS[1])
-- Returns the number of keys deleted (0 for a repeat).
if redis.replicate_commands then redis.replicate_commands() end
local deleted = 0
-- write_message keeps every live body in the expiry index, so it names all of them.
for _, id in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
  deleted = deleted + redis.call('DEL', ARGV[3] .. id)
end
deleted = deleted + redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
redis.call('SET', KEYS[1], ARGV[1])
-- In the past (a replay of an old request) this deletes the tombstone at once, as it should.
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return deleted
