export {
  RedisBackplane,
  BACKPLANE_UNAVAILABLE,
  NODE_ID_PATTERN,
  type RedisBackplaneOptions,
} from "./redis-backplane.js";
