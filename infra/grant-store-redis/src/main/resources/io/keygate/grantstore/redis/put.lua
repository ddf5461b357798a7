-- Stores a grant unless its organisation is suspended or it has ended; supersedes the pair's
-- previous grant (revoked as "superseded"; the caller publishes that). Check and write are one atomic step.
-- ARGV[4..] field/value pairs of the grant hash (id, sub, org, tgt, lvl, nb, na, nam, req, an, a1.., kid, mac)
local fields = {}
for i = 4, #ARGV, 2 do
  fields[ARGV[i]] = ARGV[i + 1]
end
if suspended(fields.org) then
  return { 'ORGANISATION_SUSPENDED' }
end
local left = ttl(fields.nam)
if left <= 0 then
  return { 'ALREADY_EXPIRED' }
end
local pairKey = B .. 'pair:' .. fields.sub .. ':' .. fields.tgt
local previousId = redis.call('GET', pairKey)
local superseded = false
if previousId and previousId ~= fields.id then
  local previous = grant(previousId)
  if previous and tonumber(previous.nam) and tonumber(previous.nam) > NOW then
    removeGrant(previous, nil)
    superseded = previousId
  elseif previous then
    removeGrant(previous, nil)
  end
end
-- A grant id names one grant: if it was stored for another pair, that entry goes (no event: the
-- grant itself lives on).
local same = grant(fields.id)
if same and (same.sub ~= fields.sub or same.tgt ~= fields.tgt or same.org ~= fields.org) then
  removeGrant(same, nil)
end
local key = B .. 'grant:' .. fields.id
redis.call('DEL', key)
redis.call('HSET', key, unpack(ARGV, 4))
redis.call('PEXPIRE', key, left)
redis.call('SET', pairKey, fields.id, 'PX', left)
redis.call('DEL', B .. 'tomb:' .. fields.sub .. ':' .. fields.tgt)
for _, index in ipairs({ B .. 'subj:' .. fields.sub, B .. 'org:' .. fields.org, B .. 'live' }) do
  redis.call('ZREMRANGEBYSCORE', index, '-inf', NOW_ARG)
  redis.call('ZADD', index, fields.nam, fields.id)
  extendIndex(index)
end
return { 'STORED', superseded }
