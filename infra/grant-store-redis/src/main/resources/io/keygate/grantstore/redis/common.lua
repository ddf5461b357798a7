-- Shared head of every grant-store script (RedisGrantStore prepends it).
-- ARGV[1] key base, e.g. "{keygate}:" (one hash tag: every key lives in one cluster slot)
-- ARGV[2] now, epoch milliseconds of the caller's clock (scripts never read Redis's clock:
--         the application's clock decides, and tests inject theirs)
-- ARGV[3] revocation channel
-- Keys: grant:<id> (hash), pair:<subject>:<target> (grant id), tomb:<subject>:<target> (hash),
--       subj:<subject>, org:<organisation>, live (sorted sets of grant ids scored by notAfter ms),
--       susp:<organisation> (signed hash: org, state SUSPENDED|RESUMED, reason, at, kid, mac). Identifiers are tokens without ':' (see Names), so keys cannot collide.
local B = ARGV[1]
local NOW = tonumber(ARGV[2])
local NOW_ARG = ARGV[2]
local CHANNEL = ARGV[3]

-- A key of another type (an attacker's SET) is returned as a garbled record rather than failing
-- the script: the caller refuses it loudly, and a revocation still removes it.
local function grant(id)
  local flat = redis.pcall('HGETALL', B .. 'grant:' .. id)
  if type(flat) == 'table' and flat.err then
    return { flat = { 'garbled', 'not a hash' }, id = id }
  end
  if #flat == 0 then
    return nil
  end
  local g = { flat = flat }
  for i = 1, #flat, 2 do
    g[flat[i]] = flat[i + 1]
  end
  -- The key names the grant: index clean-up follows the key, not a field an attacker may have set.
  g.id = id
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
-- Fields are read with tostring: a forged grant with fields missing must still be removable (a
-- revocation must never fail on what an attacker planted).
local function removeGrant(g, reason)
  redis.call('DEL', B .. 'grant:' .. tostring(g.id))
  local pairKey = B .. 'pair:' .. tostring(g.sub) .. ':' .. tostring(g.tgt)
  if redis.call('GET', pairKey) == g.id then
    redis.call('DEL', pairKey)
  end
  redis.call('ZREM', B .. 'subj:' .. tostring(g.sub), tostring(g.id))
  redis.call('ZREM', B .. 'org:' .. tostring(g.org), tostring(g.id))
  redis.call('ZREM', B .. 'live', tostring(g.id))
  if reason and tonumber(g.nam) then
    local left = ttl(g.nam)
    if left > 0 then
      local tomb = B .. 'tomb:' .. tostring(g.sub) .. ':' .. tostring(g.tgt)
      redis.call('DEL', tomb)
      redis.call('HSET', tomb, 'id', g.id, 'reason', reason, 'until', g.nam)
      redis.call('PEXPIRE', tomb, left)
    end
  end
end

-- Whether an organisation is suspended. A record with state RESUMED is a lift (lifts are signed
-- records, never deletions); anything else present counts as suspended, so a garbled record refuses.
-- The scripts cannot check MACs (the key never goes to Redis): the Java side verifies what it reads.
local function suspended(org)
  local key = B .. 'susp:' .. org
  if redis.call('EXISTS', key) == 0 then
    return false
  end
  if redis.call('TYPE', key).ok ~= 'hash' then
    return true
  end
  return redis.call('HGET', key, 'state') ~= 'RESUMED'
end

-- Revocation messages are built, signed and published by the Java side after a script returns
-- (signing needs the key, which never goes to Redis); the scripts return what ended.
