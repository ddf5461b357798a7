-- Revokes one grant, a subject's or an organisation's grants; with ARGV[7] = '1' also suspends the
-- organisation first, in the same atomic step (so no put can slip in between).
-- ARGV[4] scope (GRANT | SUBJECT | ORGANISATION), ARGV[5] key, ARGV[6] reason, ARGV[7] suspend flag,
-- ARGV[8..] the signed suspension record's field/value pairs (with the suspend flag)
-- Reply: the hashes of the grants that ended; the caller publishes the revocation.
local scope, key, reason, suspend = ARGV[4], ARGV[5], ARGV[6], ARGV[7] == '1'
if suspend then
  redis.call('DEL', B .. 'susp:' .. key)
  redis.call('HSET', B .. 'susp:' .. key, unpack(ARGV, 8))
end
local candidates
if scope == 'GRANT' then
  candidates = { key }
else
  local index = B .. (scope == 'SUBJECT' and 'subj:' or 'org:') .. key
  -- Lazy clean-up of members that ended: no SCAN, ever.
  redis.call('ZREMRANGEBYSCORE', index, '-inf', NOW_ARG)
  candidates = redis.call('ZRANGE', index, 0, -1)
end
local ids, revoked = {}, {}
for _, id in ipairs(candidates) do
  local g = grant(id)
  if g and (tonumber(g.nam) == nil or tonumber(g.nam) > NOW) then
    removeGrant(g, reason)
    ids[#ids + 1] = id
    revoked[#revoked + 1] = g.flat
  elseif g then
    removeGrant(g, nil)
  end
end
return revoked
