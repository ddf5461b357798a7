-- Lifts a suspension by replacing its record with a signed RESUMED record (a deletion could not be
-- told from an attacker's DEL). ARGV[4] organisation, ARGV[5..] the signed record's field/value pairs.
local key = B .. 'susp:' .. ARGV[4]
redis.call('DEL', key)
redis.call('HSET', key, unpack(ARGV, 5))
return 1
