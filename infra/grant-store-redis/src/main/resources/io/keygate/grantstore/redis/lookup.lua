-- Read-only: suspension, live grant and tombstone of one (subject, target), in one atomic step.
-- ARGV[4] subject, ARGV[5] organisation, ARGV[6] target
local sub, org, tgt = ARGV[4], ARGV[5], ARGV[6]
if redis.call('EXISTS', B .. 'susp:' .. org) == 1 then
  return { 'SUSPENDED' }
end
local id = redis.call('GET', B .. 'pair:' .. sub .. ':' .. tgt)
if id then
  local g = grant(id)
  -- Redis may not have expired the key yet: the caller's clock says whether it has ended.
  if g and tonumber(g.nam) > NOW then
    return { 'LIVE', g.flat }
  end
end
local tomb = redis.call('HMGET', B .. 'tomb:' .. sub .. ':' .. tgt, 'id', 'reason', 'until')
if tomb[1] and tonumber(tomb[3]) > NOW then
  return { 'REVOKED', tomb[1], tomb[2] }
end
return { 'ABSENT' }
