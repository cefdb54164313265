-- Replaces a customer's profile (what pull channels show), unless a later one is already there.
-- KEYS[1] profile hash   kairos:profile:{sNN}:<cid>
-- KEYS[2] tombstone      kairos:forgotten:{sNN}:<cid>
-- ARGV[1] updatedAt (event time, epoch ms), ARGV[2] expiresAt (epoch ms),
-- ARGV[3..] hash field, value, field, value, ... (always the full set of fields)
-- Returns 1 if written, 0 if the stored profile is newer (a replay or a late write: the newer
-- view stays), -1 if the customer is forgotten.
if redis.replicate_commands then redis.replicate_commands() end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return -1
end
local stored = redis.call('HGET', KEYS[1], 'updatedAt')
if stored and tonumber(stored) > tonumber(ARGV[1]) then
  return 0
end
local fields = {}
for i = 3, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1
