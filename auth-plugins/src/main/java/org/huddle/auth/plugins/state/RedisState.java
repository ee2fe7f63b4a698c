package org.huddle.auth.plugins.state;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Shared state in Redis (through Jedis), so that XMPP shards agree on room passwords and attempt
 * counters.
 *
 * <p>When Redis cannot be reached, the first failure is logged once (with the address, never the
 * credentials) and calls then fail at once with {@link StateUnavailableException} for the retry
 * interval, so that an outage costs each I/O thread at most one timeout per interval rather than
 * one per call. After the interval the next call tries Redis again; Jedis's pool opens fresh
 * connections on its own, and the first success is logged as the end of the outage.
 */
public final class RedisState implements SharedState {
  private static final Logger LOG = LoggerFactory.getLogger(RedisState.class);

  /** Increments a counter and starts its window on the first increment, atomically. */
  private static final String INCREMENT =
      "local n = redis.call('INCR', KEYS[1]) "
          + "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
          + "return n";

  private final RedisClient redis;
  private final String prefix;
  private final String address;
  private final Duration retryInterval;
  private final Clock clock;
  private final AtomicBoolean down = new AtomicBoolean();
  private volatile long failFastUntil;

  private RedisState(
      RedisClient redis, String prefix, String address, Duration retryInterval, Clock clock) {
    this.redis = redis;
    this.prefix = prefix;
    this.address = address;
    this.retryInterval = retryInterval;
    this.clock = clock;
  }

  /**
   * Connects lazily to the Redis at {@code url} ({@code redis://[user:password@]host[:port][/db]},
   * or {@code rediss://} for TLS). Nothing is sent until the first call.
   *
   * @param timeout the connect and read timeout of each call
   * @param retryInterval how long calls fail at once after a failure before Redis is tried again
   */
  public static RedisState connect(
      String url, String prefix, Duration timeout, Duration retryInterval, Clock clock) {
    URI uri = URI.create(url);
    if (!JedisURIHelper.isValid(uri)) {
      throw new IllegalArgumentException(
          "REDIS_URL must look like redis://host:6379 or rediss://host:6379");
    }
    HostAndPort hp = JedisURIHelper.getHostAndPort(uri);
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis)
            .socketTimeoutMillis(millis)
            .clientName("huddle-xmpp");
    if ("rediss".equalsIgnoreCase(uri.getScheme())) {
      config.sslOptions(SslOptions.defaults()); // verified against the JDK trust store
    }
    String user = JedisURIHelper.getUser(uri);
    String password = JedisURIHelper.getPassword(uri);
    if (user != null) {
      config.user(user);
    }
    if (password != null) {
      config.password(password);
    }
    if (JedisURIHelper.hasDbIndex(uri)) {
      config.database(JedisURIHelper.getDBIndex(uri));
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(16);
    pool.setMaxIdle(8);
    pool.setMaxWait(timeout); // never wait forever for a pooled connection
    RedisClient client =
        RedisClient.builder().hostAndPort(hp).clientConfig(config.build()).poolConfig(pool).build();
    return new RedisState(client, prefix, hp.toString(), retryInterval, clock);
  }

  @Override
  public Optional<String> get(String key) throws StateUnavailableException {
    return Optional.ofNullable(call(() -> redis.get(prefix + key)));
  }

  @Override
  public void set(String key, String value, Duration ttl) throws StateUnavailableException {
    call(
        () ->
            ttl == null || ttl.isZero()
                ? redis.set(prefix + key, value)
                : redis.set(prefix + key, value, SetParams.setParams().px(ttl.toMillis())));
  }

  @Override
  public void delete(String key) throws StateUnavailableException {
    call(() -> redis.del(prefix + key));
  }

  @Override
  public long increment(String key, Duration window) throws StateUnavailableException {
    Object n =
        call(
            () ->
                redis.eval(
                    INCREMENT, 1, prefix + key, Long.toString(Math.max(1, window.toMillis()))));
    return ((Number) n).longValue();
  }

  @Override
  public long count(String key) throws StateUnavailableException {
    String v = call(() -> redis.get(prefix + key));
    return v == null ? 0 : Long.parseLong(v);
  }

  /** Sends a PING; true when Redis answered. */
  public boolean ping() {
    try {
      call(redis::ping);
      return true;
    } catch (StateUnavailableException e) {
      return false;
    }
  }

  /** Whether the last call failed (an outage is in progress). */
  public boolean isDown() {
    return down.get();
  }

  @Override
  public String describe() {
    return "Redis at " + address;
  }

  @Override
  public void close() {
    redis.close();
  }

  /**
   * Runs a command; when a pooled connection turns out to be dead (Redis restarted, a proxy dropped
   * it), drops the idle ones and tries once more on a fresh connection.
   */
  private <T> T attempt(Supplier<T> command) {
    try {
      return command.get();
    } catch (JedisConnectionException e) {
      redis.getPool().clear();
      return command.get();
    }
  }

  private <T> T call(Supplier<T> command) throws StateUnavailableException {
    if (down.get() && clock.millis() < failFastUntil) {
      throw new StateUnavailableException("Redis is unreachable");
    }
    try {
      T result = attempt(command);
      if (down.compareAndSet(true, false)) {
        LOG.info("shared state: Redis at {} is reachable again", address);
      }
      return result;
    } catch (JedisException e) {
      failFastUntil = clock.millis() + retryInterval.toMillis();
      if (down.compareAndSet(false, true)) {
        LOG.warn(
            "shared state: Redis at {} is unreachable ({}); rooms that exist keep working, "
                + "counters fall back to this shard, new private rooms wait; retrying every {} s",
            address,
            e.getClass().getSimpleName(),
            retryInterval.toSeconds());
      }
      throw new StateUnavailableException("Redis is unreachable");
    }
  }
}
