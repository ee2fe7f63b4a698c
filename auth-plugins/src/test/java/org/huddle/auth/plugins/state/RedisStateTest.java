package org.huddle.auth.plugins.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import org.huddle.auth.plugins.testing.LogCapture;
import org.huddle.auth.plugins.testing.TcpProxy;
import org.huddle.auth.plugins.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** RedisState against a real Redis on loopback. */
class RedisStateTest {
  static final TestRedis REDIS = TestRedis.get();
  final String prefix = TestRedis.newPrefix();

  @AfterEach
  void clean() {
    REDIS.clean(prefix);
  }

  RedisState connect(String url) {
    return RedisState.connect(
        url, prefix, Duration.ofMillis(500), Duration.ofMillis(200), Clock.systemUTC());
  }

  @Nested
  class WhileRedisAnswers {
    @Test
    void setsGetsAndDeletesUnderItsPrefix() throws Exception {
      try (RedisState s = connect(REDIS.url());
          UnifiedJedis direct = REDIS.client()) {
        assertThat(s.get("k")).isEmpty();
        s.set("k", "v", null);
        assertThat(s.get("k")).contains("v");
        assertThat(direct.get(prefix + "k")).isEqualTo("v");
        assertThat(direct.ttl(prefix + "k")).as("no ttl: kept").isEqualTo(-1);
        s.delete("k");
        assertThat(direct.exists(prefix + "k")).isFalse();
      }
    }

    @Test
    void givesValuesTheirLifetime() throws Exception {
      try (RedisState s = connect(REDIS.url());
          UnifiedJedis direct = REDIS.client()) {
        s.set("day", "v", Duration.ofDays(1));
        assertThat(direct.pttl(prefix + "day")).isBetween(1L, Duration.ofDays(1).toMillis());
        s.set("brief", "v", Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(5)).until(() -> s.get("brief").isEmpty());
      }
    }

    @Test
    void countsInAFixedWindowThatStartsWithTheFirstIncrement() throws Exception {
      try (RedisState s = connect(REDIS.url());
          UnifiedJedis direct = REDIS.client()) {
        assertThat(s.count("c")).isZero();
        assertThat(s.increment("c", Duration.ofMinutes(1))).isEqualTo(1);
        long ttl = direct.pttl(prefix + "c");
        assertThat(s.increment("c", Duration.ofMinutes(1))).isEqualTo(2);
        assertThat(s.increment("c", Duration.ofMinutes(1))).isEqualTo(3);
        assertThat(s.count("c")).isEqualTo(3);
        assertThat(ttl).isBetween(1L, 60_000L);
        assertThat(direct.pttl(prefix + "c"))
            .as("later increments keep the window")
            .isLessThanOrEqualTo(ttl);
      }
    }
  }

  @Nested
  class DuringAnOutage {
    @Test
    void callsFailTheOutageIsLoggedOnceAndTheClientReconnectsOnItsOwn() throws Exception {
      try (TcpProxy proxy = new TcpProxy(REDIS.host(), REDIS.port());
          LogCapture log = new LogCapture();
          RedisState s = connect("redis://127.0.0.1:" + proxy.port())) {
        s.set("k", "before", null);
        proxy.cut();
        for (int i = 0; i < 5; i++) {
          assertThatThrownBy(() -> s.get("k")).isInstanceOf(StateUnavailableException.class);
          Thread.sleep(60);
        }
        assertThat(s.isDown()).isTrue();
        assertThat(log.containing("is unreachable")).hasSize(1);
        assertThat(log.lines()).noneMatch(l -> l.contains("before"));

        proxy.restore();
        await().atMost(Duration.ofSeconds(10)).until(s::ping);
        assertThat(s.get("k")).contains("before");
        assertThat(log.containing("is reachable again")).hasSize(1);
      }
    }

    @Test
    void neverLogsTheCredentialsInTheUrl() throws Exception {
      try (TcpProxy proxy = new TcpProxy(REDIS.host(), REDIS.port());
          LogCapture log = new LogCapture();
          RedisState s = connect("redis://user:hunter2-secret@127.0.0.1:" + proxy.port())) {
        proxy.cut();
        assertThatThrownBy(() -> s.get("k")).isInstanceOf(StateUnavailableException.class);
        assertThat(log.lines()).isNotEmpty().noneMatch(l -> l.contains("hunter2"));
        assertThat(s.describe()).doesNotContain("hunter2");
      }
    }
  }
}
