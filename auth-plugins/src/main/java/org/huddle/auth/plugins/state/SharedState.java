package org.huddle.auth.plugins.state;

import java.time.Duration;
import java.util.Optional;

/**
 * State that several XMPP shards share (room passwords, failed-attempt counters): in Redis when
 * {@code REDIS_URL} is set, else in this process. Keys are plain strings; implementations add their
 * own prefix.
 *
 * <p>Calls are short and bounded (Redis calls time out), because room hooks call them from an I/O
 * thread while holding the room's lock.
 */
public interface SharedState extends AutoCloseable {
  /** The value, or empty when there is none. */
  Optional<String> get(String key) throws StateUnavailableException;

  /**
   * Sets a value.
   *
   * @param ttl how long it lives, or null for as long as the store keeps things
   */
  void set(String key, String value, Duration ttl) throws StateUnavailableException;

  void delete(String key) throws StateUnavailableException;

  /**
   * Adds one to a counter that starts at zero and is forgotten a {@code window} after its first
   * increment (a fixed window), and returns the new count.
   */
  long increment(String key, Duration window) throws StateUnavailableException;

  /** The counter's current value, 0 when there is none. */
  long count(String key) throws StateUnavailableException;

  /** Where the state lives, for logs (never credentials). */
  String describe();

  @Override
  void close();
}
