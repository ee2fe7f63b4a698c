package org.huddle.xmpp.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huddle.common.config.Settings.Env;
import org.huddle.xmpp.server.XmppServer;
import org.huddle.xmpp.server.api.OptionSpec;
import org.huddle.xmpp.server.api.OptionType;
import org.huddle.xmpp.server.api.ServerExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Option names at start-up: misspellings fail, Jitsi's extra options pass, others are logged. */
class OptionCheckTest {
  static final Env NO_ENV = Env.of(Map.of());

  static void check(String file, OptionSpec... extension) {
    OptionCheck.check(XmppConfigLoader.load(file, NO_ENV), List.of(extension));
  }

  /** Runs the check with OptionCheck's log captured; returns the WARN lines. */
  static List<String> warnings(String file) {
    Logger log = (Logger) LoggerFactory.getLogger(OptionCheck.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    try {
      check(file);
    } finally {
      log.detachAppender(appender);
    }
    return appender.list.stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Nested
  class Misspellings {
    @Test
    void failWithTheNearestKnownName() {
      assertThatThrownBy(
              () -> check("Component \"rooms.example\" \"muc\"\n  muc_room_lockng = false"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "config: unknown option muc_room_lockng (Component \"rooms.example\");"
                  + " did you mean muc_room_locking?");
    }

    @Test
    void countSwappedLettersAsOneEdit() {
      assertThatThrownBy(() -> check("c2s_requier_encryption = false"))
          .hasMessageContaining("did you mean c2s_require_encryption?");
      assertThatThrownBy(() -> check("admin = { \"boss@example.com\" }"))
          .hasMessageContaining("did you mean admins?");
    }

    @Test
    void ofAnExtensionsOptionFailToo() {
      assertThatThrownBy(
              () ->
                  check(
                      "public_room = { \"standup\" }",
                      OptionSpec.of("public_rooms", OptionType.LIST)))
          .hasMessageContaining("did you mean public_rooms?");
    }
  }

  @Nested
  class JitsiConfigs {
    /** Options of docker-jitsi-meet's prosody.cfg.lua and jitsi-meet.cfg.lua Huddle ignores. */
    static final String JITSI =
        """
        pidfile = "/config/data/prosody.pid"
        allow_registration = false
        network_backend = "epoll"
        network_settings = { tcp_backlog = 511 }
        log = { { levels = { min = "info" }, to = "console" } }
        gc = { mode = "incremental" }
        s2s_ports = { 5269 }
        https_ports = { }
        s2s_secure_auth = false
        smacks_max_unacked_stanzas = 5
        smacks_max_hibernated_sessions = 1
        smacks_max_old_sessions = 1
        smacks_hibernation_time = 60
        http_default_host = "meet.jitsi"
        muc_mapper_domain_base = "meet.jitsi"
        recorder_prefixes = { "recorder@hidden.meet.jitsi" }
        limits = { c2s = { rate = "10kb/s" }; s2sin = { rate = "30kb/s" } }
        VirtualHost "meet.jitsi"
            authentication = "anonymous"
            ssl = { key = "/config/certs/meet.jitsi.key"; certificate = "/config/certs/meet.jitsi.crt" }
            modules_enabled = { "bosh"; "ping"; "speakerstats"; "conference_duration" }
            main_muc = "muc.meet.jitsi"
            lobby_muc = "lobby.meet.jitsi"
            breakout_rooms_muc = "breakout.meet.jitsi"
            speakerstats_component = "speakerstats.meet.jitsi"
            c2s_require_encryption = false
        Component "muc.meet.jitsi" "muc"
            storage = "memory"
            muc_room_cache_size = 1000
            muc_room_locking = false
            muc_room_default_public_jids = true
        Component "speakerstats.meet.jitsi" "speakerstats_component"
            muc_component = "muc.meet.jitsi"
        """;

    @Test
    void loadWithoutAWarning() {
      assertThat(warnings(JITSI)).isEmpty();
    }
  }

  @Nested
  class UnknownNames {
    @Test
    void farFromEveryKnownOneAreLoggedOnceAndIgnored() {
      List<String> warned =
          warnings(
              """
              my_plugin_colour = "blue"
              VirtualHost "a.example"
                  my_plugin_colour = "red"
              """);
      assertThat(warned)
          .singleElement()
          .asString()
          .startsWith("config: option my_plugin_colour is not one Huddle reads");
    }
  }

  @Nested
  class ExtensionOptions {
    @Test
    void areTypeChecked() {
      assertThatThrownBy(
              () ->
                  check(
                      "VirtualHost \"a.example\"\n  private_room_max_failures = \"many\"",
                      OptionSpec.of("private_room_max_failures", OptionType.INTEGER)))
          .hasMessage(
              "config: option private_room_max_failures (VirtualHost \"a.example\") must be a"
                  + " whole number, not \"many\"");
    }

    @Test
    void areKnownNames() {
      assertThatCode(
              () ->
                  check(
                      "public_rooms = { \"standup\" }",
                      OptionSpec.of("public_rooms", OptionType.LIST)))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void runsWhenTheServerStartsBeforeAnythingIsOpened(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("huddle.cfg.lua");
    Files.writeString(file, "data_path = \"" + dir.resolve("data") + "\"\nbosh_max_wiat = 10\n");
    XmppConfig config = XmppConfigLoader.load(Optional.of(file), NO_ENV);
    ServerExtension extension = context -> {};
    assertThatThrownBy(() -> XmppServer.start(config, List.of(extension)))
        .hasMessage(file + ": unknown option bosh_max_wiat; did you mean bosh_max_wait?");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void theDistanceCountsEditsAndSwaps() {
    assertThat(OptionCheck.distance("muc_room_locking", "muc_room_locking")).isZero();
    assertThat(OptionCheck.distance("muc_room_lcoking", "muc_room_locking")).isEqualTo(1);
    assertThat(OptionCheck.distance("admin", "admins")).isEqualTo(1);
    assertThat(OptionCheck.distance("lobby_muc", "main_muc")).isGreaterThan(2);
    assertThat(OptionCheck.nearest("ssl", List.of("ssh")))
        .as("short names need an exact match")
        .isNull();
  }
}
