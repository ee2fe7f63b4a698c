package org.huddle.auth.plugins.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.huddle.auth.plugins.testing.PluginServer.join;
import static org.huddle.auth.plugins.testing.PluginServer.muc;
import static org.huddle.auth.plugins.testing.PluginServer.refusedWith;
import static org.huddle.auth.plugins.testing.PluginServer.setPassword;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.huddle.auth.plugins.testing.LogCapture;
import org.huddle.auth.plugins.testing.PluginServer;
import org.huddle.auth.plugins.testing.TcpProxy;
import org.huddle.auth.plugins.testing.TestRedis;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** Two XMPP shards with REDIS_URL set share room passwords and attempt counters. */
class SharedStateTest {
  static final TestRedis REDIS = TestRedis.get();
  static final AtomicInteger ROOMS = new AtomicInteger();
  static final String CONFIG =
      "private_room_max_failures = 3\nredis_retry_interval = \"200 ms\"\nredis_timeout = \"500 ms\"\n";

  final String prefix = TestRedis.newPrefix();
  PluginServer a;
  PluginServer b;

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    REDIS.clean(prefix);
  }

  PluginServer shard(String redisUrl) {
    return PluginServer.start(
        Map.of(
            "XMPP_MUC_MODULES", "public_rooms,private_rooms,other_rooms",
            "REDIS_URL", redisUrl,
            "HUDDLE_REDIS_KEY_PREFIX", prefix),
        CONFIG,
        null);
  }

  /** Opens a private room on a shard and sets its password as its owner; returns the owner. */
  static MultiUserChat privateRoom(PluginServer shard, String room, String password)
      throws Exception {
    MultiUserChat owner = muc(shard.anonymous(), room);
    join(owner, "alice");
    setPassword(owner, password);
    return owner;
  }

  static String newRoom() {
    return "private-shared" + ROOMS.incrementAndGet();
  }

  @Nested
  class TwoShards {
    void startTwoShards() {
      a = shard(REDIS.url());
      b = shard(REDIS.url());
    }

    @Test
    void seeTheSameRoomPassword() throws Exception {
      startTwoShards();
      String room = newRoom();
      MultiUserChat owner = privateRoom(a, room, "shared-pw-1");
      try (UnifiedJedis direct = REDIS.client()) {
        assertThat(direct.keys(prefix + "*")).anyMatch(k -> k.contains(room));
      }

      assertThat(refusedWith(Condition.not_authorized, () -> join(muc(b.anonymous(), room), "bob")))
          .isEqualTo("This room needs a password.");
      assertThat(
              refusedWith(
                  Condition.not_authorized, () -> join(muc(b.anonymous(), room), "bob", "nope")))
          .isEqualTo("Wrong password.");
      assertThat(join(muc(b.anonymous(), room), "bob", "shared-pw-1")).isNotNull();
    }

    @Test
    void seeAChangedPasswordWhereTheRoomIsAlreadyOpen() throws Exception {
      startTwoShards();
      String room = newRoom();
      MultiUserChat owner = privateRoom(a, room, "before-pw");
      MultiUserChat onB = muc(b.anonymous(), room);
      join(onB, "bob", "before-pw");
      setPassword(owner, "after-pw");
      assertThat(
              refusedWith(
                  Condition.not_authorized,
                  () -> join(muc(b.anonymous(), room), "carol", "before-pw")))
          .isEqualTo("Wrong password.");
      assertThat(join(muc(b.anonymous(), room), "carol", "after-pw")).isNotNull();
      assertThat(onB.isJoined()).as("those in stay").isTrue();
      refusedWith(
          Condition.not_authorized, () -> join(muc(a.anonymous(), room), "dan", "before-pw"));
    }

    @Test
    void forgetARoomsPasswordWhenTheRoomEnds() throws Exception {
      a = shard(REDIS.url());
      String room = newRoom();
      MultiUserChat owner = privateRoom(a, room, "short-lived");
      try (UnifiedJedis direct = REDIS.client()) {
        assertThat(direct.keys(prefix + "store:*" + room + "*")).hasSize(1);
        owner.leave();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> direct.keys(prefix + "store:*" + room + "*").isEmpty());
      }
      assertThat(join(muc(a.anonymous(), room), "next-owner"))
          .as("a new room, a new owner")
          .isNotNull();
    }

    @Test
    void countFailedAttemptsTogether() throws Exception {
      startTwoShards();
      String room = newRoom();
      MultiUserChat owner = privateRoom(a, room, "shared-pw-2");
      for (int i = 0; i < 3; i++) {
        refusedWith(Condition.not_authorized, () -> join(muc(a.anonymous(), room), "x", "bad"));
      }
      refusedWith(
          Condition.resource_constraint, () -> join(muc(b.anonymous(), room), "x", "shared-pw-2"));
    }
  }

  @Nested
  class WhenRedisGoesAway {
    @Test
    void roomsThatExistKeepWorkingNewPrivateRoomsWaitAndItRecovers() throws Exception {
      try (TcpProxy proxy = new TcpProxy(REDIS.host(), REDIS.port());
          LogCapture log = new LogCapture()) {
        a = shard("redis://127.0.0.1:" + proxy.port());
        String room = newRoom();
        MultiUserChat owner = muc(a.anonymous(), room);
        join(owner, "alice");
        setPassword(owner, "outage-pw");

        proxy.cut();
        assertThat(join(muc(a.anonymous(), room), "bob", "outage-pw"))
            .as("an existing room keeps working")
            .isNotNull();
        refusedWith(Condition.not_authorized, () -> join(muc(a.anonymous(), room), "eve", "x"));
        assertThat(join(muc(a.anonymous(), "daily-standup"), "carol")).isNotNull();
        assertThat(join(muc(a.anonymous(), "some-meeting"), "carol")).isNotNull();
        String fresh = newRoom();
        assertThat(
                refusedWith(
                    Condition.service_unavailable, () -> join(muc(a.anonymous(), fresh), "dan")))
            .contains("try again");
        assertThat(log.containing("is unreachable")).hasSize(1);

        proxy.restore();
        await()
            .atMost(Duration.ofSeconds(15))
            .ignoreExceptions()
            .until(() -> join(muc(a.anonymous(), fresh), "dan") != null);
        assertThat(join(muc(a.anonymous(), room), "erin", "outage-pw")).isNotNull();
        assertThat(log.containing("is reachable again")).hasSize(1);
        assertThat(log.containing("is unreachable")).as("one outage, logged once").hasSize(1);
      }
    }
  }
}
