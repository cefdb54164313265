-- Sets one cell of a period's movement matrix to an absolute count, only ever upwards: the job
-- sends running totals, so a replay (lower or equal counts) changes nothing and no move is
-- counted twice.
-- KEYS[1] matrix hash    kairos:movements:{period}   "FROM>TO" -> count
-- ARGV[1] field FROM>TO, ARGV[2] count, ARGV[3] expiresAt (epoch ms)
-- Returns 1 if the count went up, 0 otherwise.
if redis.replicate_commands then redis.replicate_commands() end
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored and tonumber(stored) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1
