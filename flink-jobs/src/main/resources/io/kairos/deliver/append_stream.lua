-- Appends one message to a push channel's stream, at most once per message id.
-- KEYS[1] stream        kairos:stream:{channel}
-- KEYS[2] dedup marker  kairos:streamed:{channel}:<id>
-- ARGV[1] expiresAt (epoch ms): the marker lives as long as the message is valid (the sink never
-- writes an expired message, so no replay can come after the marker is gone)
-- ARGV[2] approximate stream length cap, ARGV[3..] entry field, value, field, value, ...
-- Returns 1 if appended, 0 if this message id was already on the stream.
if redis.replicate_commands then redis.replicate_commands() end
if not redis.call('SET', KEYS[2], '1', 'NX') then
  return 0
end
redis.call('PEXPIREAT', KEYS[2], ARGV[1])
local fields = {}
for i = 3, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
-- XADD last: before Redis 7 it is flagged non-deterministic, and no write may follow one.
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', unpack(fields))
return 1
