/**
 * The Lua scripts that keep mesh membership in Redis. Each one changes membership and publishes the
 * matching event on the control channel in a single atomic step, numbered by one counter (`seq`):
 * every process sees every event in the same order, and a snapshot plus the events numbered after
 * it is exactly the membership.
 *
 * Keys, under a prefix P:
 * - `P seq`             the event counter (also the registration order of members)
 * - `P nodes`           set of relay process ids that registered
 * - `P node:<id>`       a process's heartbeat, with a TTL; gone = the process is dead
 * - `P members:<id>`    hash member id → `<seq> <member JSON>` of the process's members
 *
 * Control events (text): `J <seq> <node> <member JSON>`, `L <seq> <node> <member id>`,
 * `N <seq> <node>` (a process registered), `D <seq> <node>` (a process was found dead or
 * stopped; its members are gone).
 *
 * The scripts reach keys they compute from the prefix, so they need one Redis (or one shard):
 * membership is small and changes rarely; broadcast traffic is what would be spread (see README).
 */

/** KEYS: seq, members:self. ARGV: member id, member JSON, control channel, node id. */
export const JOIN = `
local seq = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[2], ARGV[1], seq .. ' ' .. ARGV[2])
redis.call('PUBLISH', ARGV[3], 'J ' .. seq .. ' ' .. ARGV[4] .. ' ' .. ARGV[2])
return seq`;

/** KEYS: seq, members:self. ARGV: member id, control channel, node id. */
export const LEAVE = `
if redis.call('HDEL', KEYS[2], ARGV[1]) == 1 then
  local seq = redis.call('INCR', KEYS[1])
  redis.call('PUBLISH', ARGV[2], 'L ' .. seq .. ' ' .. ARGV[3] .. ' ' .. ARGV[1])
end
return 1`;

/** Removes dead processes (no heartbeat key) and announces each. Shared by the scripts below. */
const REAP = `
local function reap(prefix, seqKey, channel, self)
  for _, node in ipairs(redis.call('SMEMBERS', prefix .. 'nodes')) do
    if node ~= self and redis.call('EXISTS', prefix .. 'node:' .. node) == 0 then
      redis.call('SREM', prefix .. 'nodes', node)
      redis.call('DEL', prefix .. 'members:' .. node)
      local seq = redis.call('INCR', seqKey)
      redis.call('PUBLISH', channel, 'D ' .. seq .. ' ' .. node)
    end
  end
end`;

/**
 * Refreshes this process's heartbeat and reaps dead processes. Returns 0 when this process's own
 * heartbeat key was gone (Redis restarted empty, or others declared it dead): it must register again.
 * KEYS: node:self, seq. ARGV: prefix, control channel, node id, ttl ms.
 */
export const HEARTBEAT = `${REAP}
if not redis.call('SET', KEYS[1], '1', 'PX', ARGV[4], 'XX') then return 0 end
reap(ARGV[1], KEYS[2], ARGV[2], ARGV[3])
return 1`;

/**
 * Makes Redis hold exactly this process's current members (registering the process), announcing
 * each difference, then returns the whole mesh: `[seq, [node...], node, value, node, value, ...]`, where
 * value is `<seq> <member JSON>` and the first `seq` is the last event the snapshot includes.
 * KEYS: node:self, members:self, seq. ARGV: prefix, control channel, node id, ttl ms, then member
 * id and member JSON pairs in registration order.
 */
export const SYNC = `${REAP}
local prefix, channel, self = ARGV[1], ARGV[2], ARGV[3]
redis.call('SET', KEYS[1], '1', 'PX', ARGV[4])
if redis.call('SADD', prefix .. 'nodes', self) == 1 then
  local seq = redis.call('INCR', KEYS[3])
  redis.call('PUBLISH', channel, 'N ' .. seq .. ' ' .. self)
end
local wanted = {}
for i = 5, #ARGV, 2 do wanted[ARGV[i]] = true end
for _, id in ipairs(redis.call('HKEYS', KEYS[2])) do
  if not wanted[id] then
    redis.call('HDEL', KEYS[2], id)
    local seq = redis.call('INCR', KEYS[3])
    redis.call('PUBLISH', channel, 'L ' .. seq .. ' ' .. self .. ' ' .. id)
  end
end
for i = 5, #ARGV, 2 do
  if redis.call('HEXISTS', KEYS[2], ARGV[i]) == 0 then
    local seq = redis.call('INCR', KEYS[3])
    redis.call('HSET', KEYS[2], ARGV[i], seq .. ' ' .. ARGV[i + 1])
    redis.call('PUBLISH', channel, 'J ' .. seq .. ' ' .. self .. ' ' .. ARGV[i + 1])
  end
end
reap(prefix, KEYS[3], channel, self)
local nodes = redis.call('SMEMBERS', prefix .. 'nodes')
local out = { 0, nodes }
for _, node in ipairs(nodes) do
  local entries = redis.call('HGETALL', prefix .. 'members:' .. node)
  for i = 2, #entries, 2 do
    out[#out + 1] = node
    out[#out + 1] = entries[i]
  end
end
out[1] = tonumber(redis.call('GET', KEYS[3]) or '0')
return out`;

/** Deregisters a stopping process. KEYS: node:self, members:self, seq. ARGV: prefix, control channel, node id. */
export const DEREGISTER = `
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SREM', ARGV[1] .. 'nodes', ARGV[3])
local seq = redis.call('INCR', KEYS[3])
redis.call('PUBLISH', ARGV[2], 'D ' .. seq .. ' ' .. ARGV[3])
return 1`;
