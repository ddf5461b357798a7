-- Read-only: suspension record, live grant and tombstone of one (subject, target), in one atomic step.
-- ARGV[4] subject, ARGV[5] organisation, ARGV[6] target
-- Reply: { suspension hash (flat, empty when none), kind, ... }. Nothing here is trusted: the caller
-- verifies the MACs of the suspension record and of the grant before acting on either.
local sub, org, tgt = ARGV[4], ARGV[5], ARGV[6]
local suspKey = B .. 'susp:' .. org
local susp = {}
if redis.call('EXISTS', suspKey) == 1 then
  if redis.call('TYPE', suspKey).ok == 'hash' then
    susp = redis.call('HGETALL', suspKey)
  else
    susp = { 'garbled', 'not a hash' }
  end
end
local id = redis.call('GET', B .. 'pair:' .. sub .. ':' .. tgt)
if id then
  local g = grant(id)
  -- Redis may not have expired the key yet: the caller's clock says whether it has ended. A grant
  -- whose nam is unreadable goes to the caller, whose MAC check refuses it loudly.
  if g and (tonumber(g.nam) == nil or tonumber(g.nam) > NOW) then
    return { susp, 'LIVE', g.flat }
  end
end
local tomb = redis.call('HMGET', B .. 'tomb:' .. sub .. ':' .. tgt, 'id', 'reason', 'until')
if tomb[1] and tonumber(tomb[3]) and tonumber(tomb[3]) > NOW then
  return { susp, 'REVOKED', tomb[1], tomb[2] }
end
return { susp, 'ABSENT' }
