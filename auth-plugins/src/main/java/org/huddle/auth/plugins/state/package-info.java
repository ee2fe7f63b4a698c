/**
 * State shared between XMPP shards (room passwords, attempt counters): Redis through Jedis when
 * {@code REDIS_URL} is set (redis.io/docs/latest/commands: GET, SET PX, DEL, INCR with PEXPIRE in
 * one script), in memory otherwise.
 */
package org.huddle.auth.plugins.state;
