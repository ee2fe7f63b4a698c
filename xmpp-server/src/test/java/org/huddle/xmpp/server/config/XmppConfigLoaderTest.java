package org.huddle.xmpp.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.huddle.common.config.Settings.Env;
import org.huddle.xmpp.codec.ParseBudget;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class XmppConfigLoaderTest {
  static final Env NO_ENV = Env.of(Map.of());

  static String reference() throws Exception {
    try (InputStream in =
        XmppConfigLoader.class.getResourceAsStream("/huddle-xmpp.reference.cfg.lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Nested
  class IoThreads {
    @Test
    void defaultToOnePerCoreAndComeFromTheEnvironmentOrTheFile() throws Exception {
      assertThat(XmppConfigLoader.load(Optional.empty(), NO_ENV).ioThreads())
          .isEqualTo(Runtime.getRuntime().availableProcessors());
      assertThat(
              XmppConfigLoader.load(Optional.empty(), Env.of(Map.of("HUDDLE_XMPP_IO_THREADS", "3")))
                  .ioThreads())
          .isEqualTo(3);
      Path file = Files.createTempFile("io-threads", ".cfg.lua");
      try {
        Files.writeString(file, "io_threads = -1\nVirtualHost \"x.example\"\n");
        XmppConfig bad = XmppConfigLoader.load(Optional.of(file), NO_ENV);
        assertThatThrownBy(bad::ioThreads).hasMessageContaining("io_threads");
      } finally {
        Files.delete(file);
      }
    }
  }

  @Nested
  class FileShare {
    @Test
    void aSecretAddsTheUploadComponentPointingAtThePublicUrl() throws Exception {
      XmppConfig c =
          XmppConfigLoader.load(
              Optional.empty(),
              Env.of(
                  Map.of(
                      "HUDDLE_FILE_SHARE_SECRET", "s",
                      "PUBLIC_URL", "https://meet.example.com",
                      "HUDDLE_FOCUS_ALLOCATION_URL", "http://hook/allocate")));
      HostConfig upload = c.host("upload.meet.jitsi").orElseThrow();
      assertThat(upload.module()).isEqualTo("http_file_share");
      assertThat(upload.components().mucComponent()).contains("muc.meet.jitsi");
      FileShareOptions o = FileShareOptions.from(upload.name(), upload.options());
      assertThat(o.baseUrl()).isEqualTo("https://meet.example.com/files");
      assertThat(o.allocationUrl()).isEqualTo("http://hook/allocate");
      assertThat(o.sizeLimit()).isEqualTo(100L * 1024 * 1024);
      assertThat(XmppConfigLoader.load(Optional.empty(), NO_ENV).host("upload.meet.jitsi"))
          .as("no secret, no file sharing")
          .isEmpty();
    }
  }

  @Nested
  class Defaults {
    @Test
    void areJitsisLayout() throws Exception {
      XmppConfig c = XmppConfigLoader.load(Optional.empty(), NO_ENV);
      assertThat(c.hosts())
          .extracting(HostConfig::name)
          .containsExactly(
              "meet.jitsi",
              "auth.meet.jitsi",
              "internal-muc.meet.jitsi",
              "muc.meet.jitsi",
              "speakerstats.meet.jitsi",
              "conferenceduration.meet.jitsi",
              "endconference.meet.jitsi",
              "avmoderation.meet.jitsi",
              "breakout.meet.jitsi",
              "lobby.meet.jitsi");
      assertThat(c.host("lobby.meet.jitsi").get().isMuc()).isTrue();
      assertThat(c.host("meet.jitsi").get().modules())
          .containsExactly("muc_breakout_rooms", "muc_lobby_rooms");
      assertThat(c.host("meet.jitsi").get().components().mainMuc()).contains("muc.meet.jitsi");
      assertThat(c.host("speakerstats.meet.jitsi").get().isInternalComponent()).isTrue();
      assertThat(c.host("breakout.meet.jitsi").get().isMuc()).isTrue();
      assertThat(c.host("meet.jitsi").get().modules()).contains("muc_breakout_rooms");
      assertThat(c.host("meet.jitsi").get().options().string("main_muc", null))
          .isEqualTo("muc.meet.jitsi");
      assertThat(c.host("endconference.meet.jitsi").get().components().mucComponent())
          .contains("muc.meet.jitsi");
      assertThat(c.host("meet.jitsi").get().authentication()).isEqualTo("anonymous");
      assertThat(c.host("auth.meet.jitsi").get().authentication()).isEqualTo("internal_hashed");
      assertThat(c.host("muc.meet.jitsi").get().isMuc()).isTrue();
      assertThat(c.c2s().port()).isEqualTo(5222);
      assertThat(c.component().port()).isEqualTo(5347);
      assertThat(c.http().port()).isEqualTo(5280);
      assertThat(c.limits().parser().maxStanzaBytes()).isEqualTo(256 * 1024);
      assertThat(c.admins()).containsExactly("focus@auth.meet.jitsi", "jvb@auth.meet.jitsi");
    }

    /**
     * The reference file documents the defaults; reading it must give exactly what no file gives.
     */
    @Test
    void equalTheReferenceFile() throws Exception {
      XmppConfig none = XmppConfigLoader.load(Optional.empty(), NO_ENV);
      XmppConfig ref = XmppConfigLoader.load(reference(), NO_ENV);
      assertThat(ref.c2s()).isEqualTo(none.c2s());
      assertThat(ref.component()).isEqualTo(none.component());
      assertThat(ref.http()).isEqualTo(none.http());
      assertThat(ref.dataPath()).isEqualTo(none.dataPath());
      assertThat(ref.security()).isEqualTo(none.security());
      assertThat(ref.limits()).isEqualTo(none.limits());
      assertThat(ref.timeouts()).isEqualTo(none.timeouts());
      assertThat(ref.admins()).isEqualTo(none.admins());
      assertThat(ref.hosts()).hasSameSizeAs(none.hosts());
      for (int i = 0; i < ref.hosts().size(); i++) {
        HostConfig a = ref.hosts().get(i);
        HostConfig b = none.hosts().get(i);
        assertThat(a.name()).isEqualTo(b.name());
        assertThat(a.kind()).isEqualTo(b.kind());
        assertThat(a.module()).isEqualTo(b.module());
        assertThat(a.authentication()).isEqualTo(b.authentication());
        assertThat(a.options().own()).as(a.name()).isEqualTo(b.options().own());
      }
      // Every default the code falls back to is written in the reference file, with the same value.
      // (admins aside: the file shows the effective list, which the code adds for the default
      // layout; compared above)
      var defaults = new java.util.HashMap<>(XmppConfigLoader.defaultGlobals());
      defaults.remove("admins");
      assertThat(ref.global().own()).containsAllEntriesOf(defaults);
    }
  }

  @Nested
  class Environment {
    @Test
    void overridesWithDockerJitsiMeetNames() {
      Env env =
          Env.of(
              Map.of(
                  "XMPP_DOMAIN", "example.com",
                  "XMPP_PORT", "15222",
                  "PROSODY_HTTP_PORT", "15280",
                  "JICOFO_AUTH_PASSWORD", "f",
                  "JVB_AUTH_USER", "bridge",
                  "JVB_AUTH_PASSWORD", "j",
                  "JICOFO_COMPONENT_SECRET", "s",
                  "XMPP_MUC_MODULES", "speakerstats,public_rooms"));
      XmppConfig c = XmppConfigLoader.load("", env);
      assertThat(c.hosts())
          .extracting(HostConfig::name)
          .containsExactly(
              "example.com",
              "auth.example.com",
              "internal-muc.example.com",
              "muc.example.com",
              "speakerstats.example.com",
              "conferenceduration.example.com",
              "endconference.example.com",
              "avmoderation.example.com",
              "breakout.example.com",
              "lobby.example.com",
              "focus.example.com");
      assertThat(c.host("speakerstats.example.com").get().components().mucComponent())
          .contains("muc.example.com");
      assertThat(c.c2s().port()).isEqualTo(15222);
      assertThat(c.http().port()).isEqualTo(15280);
      assertThat(c.accounts())
          .containsExactly(
              new XmppConfig.AccountSeed("auth.example.com", "focus", "f"),
              new XmppConfig.AccountSeed("auth.example.com", "bridge", "j"));
      assertThat(c.host("focus.example.com").get().options().string("component_secret", null))
          .isEqualTo("s");
      assertThat(c.host("muc.example.com").get().modules())
          .containsExactly("public_rooms", "private_rooms", "other_rooms", "polls", "speakerstats");
    }

    @Test
    void aHealthPasswordSeedsAHealthAccountOnTheAuthDomainThatIsNoAdmin() {
      XmppConfig c =
          XmppConfigLoader.load(
              "",
              Env.of(
                  Map.of(
                      "XMPP_AUTH_DOMAIN", "accounts.example.com",
                      "HUDDLE_HEALTH_PASSWORD", "h",
                      "PROSODY_ADMINS", "boss@accounts.example.com")));
      assertThat(c.accounts())
          .containsExactly(new XmppConfig.AccountSeed("accounts.example.com", "health", "h"));
      assertThat(c.admins()).noneMatch(a -> a.startsWith("health@"));

      XmppConfig named =
          XmppConfigLoader.load(
              "", Env.of(Map.of("HUDDLE_HEALTH_USER", "checker", "HUDDLE_HEALTH_PASSWORD", "h")));
      assertThat(named.accounts())
          .containsExactly(new XmppConfig.AccountSeed("auth.meet.jitsi", "checker", "h"));
      assertThat(XmppConfigLoader.load("", Env.of(Map.of("HUDDLE_HEALTH_USER", "x"))).accounts())
          .as("no password, no account")
          .isEmpty();
    }

    @Test
    void enableAuthMakesTheMainHostUseAccountsAndGuestsGetTheirOwn() {
      Env env = Env.of(Map.of("ENABLE_AUTH", "1", "ENABLE_GUESTS", "true"));
      XmppConfig c = XmppConfigLoader.load("", env);
      assertThat(c.host("meet.jitsi").get().authentication()).isEqualTo("internal_hashed");
      assertThat(c.host("guest.meet.jitsi").get().authentication()).isEqualTo("anonymous");
      XmppConfig jwt =
          XmppConfigLoader.load("", Env.of(Map.of("ENABLE_AUTH", "1", "AUTH_TYPE", "jwt")));
      assertThat(jwt.host("meet.jitsi").get().authentication()).isEqualTo("token");
      assertThat(jwt.host("muc.meet.jitsi").get().modules()).contains("token_verification");
      assertThat(c.host("muc.meet.jitsi").get().modules()).doesNotContain("token_verification");
    }

    @Test
    void withAuthGuestsWaitForAHostAndKeepAHostForThePublicRoomsEvenWhenTurnedOff() {
      XmppConfig noGuests = XmppConfigLoader.load("", Env.of(Map.of("ENABLE_AUTH", "1")));
      assertThat(noGuests.host("guest.meet.jitsi").get().authentication())
          .as("the public rooms stay open to everyone")
          .isEqualTo("anonymous");
      assertThat(noGuests.host("muc.meet.jitsi").get().modules())
          .as("wait_for_host runs before private_rooms makes a first occupant owner")
          .containsExactly(
              "wait_for_host", "public_rooms", "private_rooms", "other_rooms", "polls");
      XmppConfig open = XmppConfigLoader.load("", NO_ENV);
      assertThat(open.host("guest.meet.jitsi")).isEmpty();
      assertThat(open.host("muc.meet.jitsi").get().modules()).doesNotContain("wait_for_host");
    }

    @Test
    void turnOffTheJitsiComponents() {
      XmppConfig none = XmppConfigLoader.load("", Env.of(Map.of("HUDDLE_JITSI_COMPONENTS", "0")));
      assertThat(none.hosts()).noneMatch(HostConfig::isInternalComponent);
      XmppConfig noEnd =
          XmppConfigLoader.load("", Env.of(Map.of("ENABLE_END_CONFERENCE", "false")));
      assertThat(noEnd.hosts())
          .filteredOn(HostConfig::isInternalComponent)
          .extracting(HostConfig::module)
          .containsExactly(
              "speakerstats_component", "conference_duration_component", "av_moderation_component");
      XmppConfig noAv = XmppConfigLoader.load("", Env.of(Map.of("ENABLE_AV_MODERATION", "0")));
      assertThat(noAv.hosts())
          .filteredOn(HostConfig::isInternalComponent)
          .extracting(HostConfig::module)
          .containsExactly(
              "speakerstats_component", "conference_duration_component", "end_conference");
      assertThat(none.host("breakout.meet.jitsi")).isEmpty();
      assertThat(none.host("meet.jitsi").get().modules()).isEmpty();
      assertThat(none.host("lobby.meet.jitsi")).isEmpty();
      XmppConfig noBreakout =
          XmppConfigLoader.load("", Env.of(Map.of("ENABLE_BREAKOUT_ROOMS", "0")));
      assertThat(noBreakout.host("breakout.meet.jitsi")).isEmpty();
      assertThat(noBreakout.host("meet.jitsi").get().modules()).containsExactly("muc_lobby_rooms");
      assertThat(noBreakout.host("endconference.meet.jitsi")).isPresent();
      XmppConfig noLobby = XmppConfigLoader.load("", Env.of(Map.of("ENABLE_LOBBY", "0")));
      assertThat(noLobby.host("lobby.meet.jitsi")).isEmpty();
      assertThat(noLobby.host("meet.jitsi").get().modules()).doesNotContain("muc_lobby_rooms");
      assertThat(noLobby.host("endconference.meet.jitsi")).isPresent();
    }

    @Test
    void guestsDiscoverTheMainDomainsComponents() {
      XmppConfig c =
          XmppConfigLoader.load("", Env.of(Map.of("ENABLE_AUTH", "1", "ENABLE_GUESTS", "1")));
      assertThat(c.host("guest.meet.jitsi").get().components().addresses())
          .containsEntry("speakerstats", "speakerstats.meet.jitsi")
          .containsEntry("conference_duration", "conferenceduration.meet.jitsi")
          .containsEntry("end_conference", "endconference.meet.jitsi")
          .containsEntry("av_moderation", "avmoderation.meet.jitsi")
          .containsEntry("breakout_rooms", "breakout.meet.jitsi")
          .containsEntry("lobbyrooms", "lobby.meet.jitsi");
      assertThat(c.host("guest.meet.jitsi").get().modules()).contains("muc_lobby_rooms");
    }

    @Test
    void namesTheVariableInABadValue() {
      assertThatThrownBy(() -> XmppConfigLoader.load("", Env.of(Map.of("XMPP_PORT", "five"))))
          .hasMessageContaining("XMPP_PORT");
    }

    @Test
    void winsOverTheFile() {
      XmppConfig c =
          XmppConfigLoader.load(
              "data_path = \"/from/file\"", Env.of(Map.of("HUDDLE_DATA_PATH", "/from/env")));
      assertThat(c.dataPath()).isEqualTo(Path.of("/from/env"));
    }
  }

  @Nested
  class ProsodyStyleFiles {
    @Test
    void sectionsTakeTheOptionsThatFollowThem() {
      String file =
          """
          c2s_timeout = "5 minutes"
          modules_enabled = { "ping"; "disco" }
          VirtualHost "chat.example"
              authentication = "internal_hashed"
              modules_enabled = { "public_rooms" }
          Component "rooms.chat.example" "muc"
              muc_room_locking = true
              max_history_messages = 50
          Component "focus.chat.example"
              component_secret = "shh"
          """;
      XmppConfig c = XmppConfigLoader.load(file, NO_ENV);
      assertThat(c.timeouts().authentication()).isEqualTo(Duration.ofMinutes(5));
      assertThat(c.hosts())
          .extracting(HostConfig::name)
          .containsExactly("chat.example", "rooms.chat.example", "focus.chat.example");
      HostConfig vh = c.host("chat.example").get();
      assertThat(vh.modules()).containsExactly("ping", "disco", "public_rooms");
      HostConfig muc = c.host("rooms.chat.example").get();
      assertThat(muc.isMuc()).isTrue();
      assertThat(muc.options().bool("muc_room_locking", false)).isTrue();
      assertThat(muc.options().number("max_history_messages", 0)).isEqualTo(50);
      assertThat(muc.options().duration("c2s_timeout", "1 second"))
          .as("falls back to global")
          .isEqualTo(Duration.ofMinutes(5));
      assertThat(c.host("focus.chat.example").get().isExternalComponent()).isTrue();
    }

    @Test
    void readsTheParserCostLimits() {
      XmppConfig c =
          XmppConfigLoader.load(
              "xml_max_attributes = 100\nxml_max_stanza_namespaces = 500\n"
                  + "xml_max_stream_names = 700\n"
                  + "c2s_parse_rate = \"2 MiB/s\"\nc2s_parse_burst = \"3 seconds\"\n"
                  + "c2s_parse_throttle_limit = \"1 minute\"",
              NO_ENV);
      assertThat(c.limits().parser().maxAttributes()).isEqualTo(100);
      assertThat(c.limits().parser().maxStanzaNamespaces()).isEqualTo(500);
      assertThat(c.limits().parser().maxStreamNames()).isEqualTo(700);
      assertThat(c.limits().parser().budget())
          .isEqualTo(new ParseBudget.Limits(2 << 20, Duration.ofSeconds(3), Duration.ofMinutes(1)));
    }

    @Test
    void refusesAParseRateWithoutPerSecond() {
      assertThatThrownBy(() -> XmppConfigLoader.load("c2s_parse_rate = \"2 MiB\"", NO_ENV))
          .hasMessageContaining("c2s_parse_rate");
    }

    @Test
    void readsTablesAndLuaExpressions() {
      XmppConfig c =
          XmppConfigLoader.load(
              "local base = 1000\nxml_max_depth = 10 * 4\nssl = { certificate = \"/c.pem\", key = \"/k.pem\" }\n"
                  + "c2s_ports = { base * 5 + 222 }",
              NO_ENV);
      assertThat(c.limits().parser().maxDepth()).isEqualTo(40);
      assertThat(c.security().certificate()).contains(Path.of("/c.pem"));
      assertThat(c.c2s().port()).isEqualTo(5222);
    }

    @Test
    void cannotReachTheOperatingSystem() {
      assertThatThrownBy(() -> XmppConfigLoader.load("x = io.open('/etc/passwd')", NO_ENV))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> XmppConfigLoader.load("x = os.getenv('HOME')", NO_ENV))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> XmppConfigLoader.load("x = require('os')", NO_ENV))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> XmppConfigLoader.load("dofile('/etc/passwd')", NO_ENV))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsSyntaxErrorsWithTheLine() {
      assertThatThrownBy(() -> XmppConfigLoader.load("a = 1\nb = = 2", NO_ENV))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(":2:");
    }
  }
}
