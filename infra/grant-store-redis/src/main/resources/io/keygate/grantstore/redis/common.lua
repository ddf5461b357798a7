-- Shared head of every grant-store script (RedisGrantStore prepends it).
-- ARGV[1] key base, e.g. "{keygate}:" (one hash tag: every key lives in one cluster slot)
-- ARGV[2] now, epoch milliseconds of the caller's clock (scripts never read Redis's clock:
--         the application's clock decides, and tests inject theirs)
-- ARGV[3] revocation channel
-- Keys: grant:<id> (hash), pair:<subject>:<target> (grant id), tomb:<subject>:<target> (hash),
--       subj:<subject>, org:<organisation>, live (sorted sets of grant ids scored by notAfter ms),
--       susp:<organisation> (reason). Identifiers are tokens without ':' (see Names), so keys cannot collide.
local B = ARGV[1]
local NOW = tonumber(ARGV[2])
local NOW_ARG = ARGV[2]
local CHANNEL = ARGV[3]

local function grant(id)
  local flat = redis.call('HGETALL', B .. 'grant:' .. id)
  if #flat == 0 then
    return nil
  end
  local g = { flat = flat }
  for i = 1, #flat, 2 do
    g[flat[i]] = flat[i + 1]
  end
  return g
end

-- Time left until notAfter on the caller's clock. A relative TTL, not PEXPIREAT: an absolute time
-- would be read on Redis's clock, and a skewed Redis host would expire grants early or late.
local function ttl(nam)
  return tonumber(nam) - NOW
end

-- Keeps an index alive as long as its longest-lived member, so that no key outlives its use.
local function extendIndex(key)
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if #last == 2 then
    local left = tonumber(last[2]) - NOW
    if left > 0 then
      redis.call('PEXPIRE', key, math.floor(left) + 1000)
    end
  end
end

-- Removes a grant and its index entries; with a reason, leaves a tombstone until its old notAfter
-- so that lookups say Revoked (not Absent) for as long as the grant would have lived.
local function removeGrant(g, reason)
  redis.call('DEL', B .. 'grant:' .. g.id)
  local pairKey = B .. 'pair:' .. g.sub .. ':' .. g.tgt
  if redis.call('GET', pairKey) == g.id then
    redis.call('DEL', pairKey)
  end
  redis.call('ZREM', B .. 'subj:' .. g.sub, g.id)
  redis.call('ZREM', B .. 'org:' .. g.org, g.id)
  redis.call('ZREM', B .. 'live', g.id)
  if reason then
    local left = ttl(g.nam)
    if left > 0 then
      local tomb = B .. 'tomb:' .. g.sub .. ':' .. g.tgt
      redis.call('DEL', tomb)
      redis.call('HSET', tomb, 'id', g.id, 'reason', reason, 'until', g.nam)
      redis.call('PEXPIRE', tomb, left)
    end
  end
end

-- Revocation message: lines "v1", scope, key, at (ms), count, ids..., then the reason (last, as it
-- is free text and may hold line breaks).
local function publish(scope, key, ids, reason)
  local parts = { 'v1', scope, key, NOW_ARG, tostring(#ids) }
  for _, id in ipairs(ids) do
    parts[#parts + 1] = id
  end
  parts[#parts + 1] = reason
  redis.call('PUBLISH', CHANNEL, table.concat(parts, '\n'))
end

