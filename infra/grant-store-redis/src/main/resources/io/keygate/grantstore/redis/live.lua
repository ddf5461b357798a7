-- Read-only: every stored grant whose notAfter is still ahead, ordered by notAfter then id.
local ids = redis.call('ZRANGEBYSCORE', B .. 'live', '(' .. NOW_ARG, '+inf')
local out = {}
for _, id in ipairs(ids) do
  local g = grant(id)
  if g and (tonumber(g.nam) == nil or tonumber(g.nam) > NOW) then
    out[#out + 1] = g.flat
  end
end
return out
