package org.huddle.auth.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.huddle.auth.plugins.testing.PluginServer.join;
import static org.huddle.auth.plugins.testing.PluginServer.muc;
import static org.huddle.auth.plugins.testing.PluginServer.refusedWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.huddle.auth.plugins.lua.PluginStatus;
import org.huddle.auth.plugins.testing.LogCapture;
import org.huddle.auth.plugins.testing.PluginServer;
import org.huddle.common.config.Settings.Env;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** room_policy_file: room plugin options from an operator's file, re-read when it changes. */
class RoomPolicyFileTest {
  static final Duration RELOAD = Duration.ofSeconds(30);
  static final String MODULES = "public_rooms,private_rooms,other_rooms";
  static final String SIGNED_IN_ONLY = "Only signed-in users may join this room.";

  static final String POLICY =
      """
      -- the operator's room policy
      public_rooms = { "lobby" }
      other_rooms_access = "authenticated"
      private_room_passwords = {
          ["private-board"] = "plank-42";
      }
      """;

  @Nested
  class Parsing {
    static final Path EXAMPLE = Path.of("..", "docker", "room-policy.example.cfg.lua");

    @Test
    void theDeployExampleParsesAsShippedAndWithItsOptionsUncommented() throws Exception {
      String text = Files.readString(EXAMPLE);
      assertThat(RoomPolicyFile.parse(text, EXAMPLE.toString()))
          .as("as shipped, every option is commented out: .env and the defaults apply")
          .isEmpty();

      String uncommented =
          text.lines()
              .map(l -> l.matches("-- (\\w+ = .*|\\s+\\[.*|})") ? l.substring(3) : l)
              .reduce("", (a, b) -> a + b + "\n");
      Map<String, Object> options = RoomPolicyFile.parse(uncommented, EXAMPLE.toString());
      assertThat(options)
          .containsEntry("public_rooms", List.of("daily-standup", "team-meeting", "weekly-review"))
          .containsEntry("other_rooms_access", "open")
          .containsKey("private_room_default_password");
      assertThat(options.get("private_room_passwords"))
          .asInstanceOf(InstanceOfAssertFactories.MAP)
          .containsOnlyKeys("private-board", "private-hiring");
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLineButNotThePassword() {
      String broken =
          """
          public_rooms = { "lobby" }
          private_room_passwords = { ["private-board"] = "plank-42 }
          """;
      assertThatThrownBy(() -> RoomPolicyFile.parse(broken, "/config/room-policy.cfg.lua"))
          .hasMessageStartingWith("/config/room-policy.cfg.lua:2: ")
          .hasMessageNotContaining("plank");
    }

    @Test
    void anOptionThatIsNotARoomPolicyOptionIsRefusedWithItsLine() {
      String text = "public_rooms = { \"lobby\" }\n\nc2s_ports = { 5222 }\n";
      assertThatThrownBy(() -> RoomPolicyFile.parse(text, "policy.lua"))
          .hasMessageStartingWith("policy.lua:3: c2s_ports is not a room-policy option");
    }

    @Test
    void aValueOfTheWrongKindIsRefusedWithItsLineAndWithoutThePassword() {
      assertThatThrownBy(
              () -> RoomPolicyFile.parse("\nother_rooms_access = \"closed\"\n", "policy.lua"))
          .hasMessage(
              "policy.lua:2: other_rooms_access: expected \"open\" or \"authenticated\", not"
                  + " \"closed\"");
      assertThatThrownBy(
              () ->
                  RoomPolicyFile.parse(
                      "private_room_passwords = { [\"private-a\"] = 12345678 }", "policy.lua"))
          .hasMessageStartingWith("policy.lua:1: private_room_passwords: expected passwords")
          .hasMessageNotContaining("12345678");
      assertThatThrownBy(() -> RoomPolicyFile.parse("public_rooms = { { } }", "policy.lua"))
          .hasMessageStartingWith("policy.lua:1: public_rooms: expected a list");
    }

    @Test
    void hostSectionsBelongInTheMainConfig() {
      String text = "public_rooms = { \"lobby\" }\nComponent \"muc.meet.jitsi\" \"muc\"\n";
      assertThatThrownBy(() -> RoomPolicyFile.parse(text, "policy.lua"))
          .hasMessageStartingWith("policy.lua:2: VirtualHost and Component sections");
    }
  }

  @Nested
  class OnARunningServer {
    @TempDir Path dir;
    Path file;
    PluginServer server;

    @AfterEach
    void stop() {
      if (server != null) {
        server.close();
      }
    }

    void start(String policy, Map<String, String> env) throws Exception {
      file = dir.resolve("room-policy.cfg.lua");
      Files.writeString(file, policy);
      Map<String, String> all = new HashMap<>(env);
      all.put("XMPP_MUC_MODULES", MODULES);
      all.put("HUDDLE_ROOM_POLICY_FILE", file.toString());
      server = PluginServer.start(all, null, null);
    }

    /** Reloads so far, summed over the loaded plugins: every plugin reloads after a change. */
    int reloads() {
      return server.plugins().status().stream()
          .filter(s -> s.state().equals("loaded"))
          .mapToInt(PluginStatus::reloadAttempts)
          .min()
          .orElseThrow();
    }

    void edit(String policy) throws Exception {
      int before = reloads();
      Files.writeString(file, policy);
      await().atMost(RELOAD).until(() -> reloads() > before);
    }

    XMPPTCPConnection guest() throws Exception {
      return server.anonymous();
    }

    @Test
    void aRoomListedInTheFileIsPublicAndTheFileWinsOverTheEnvironment() throws Exception {
      start(POLICY, Map.of("HUDDLE_PUBLIC_ROOMS", "engineering", "PUBLIC_ROOMS", "engineering"));
      assertThat(join(muc(guest(), "lobby"), "ann")).isNotNull();
      assertThat(join(muc(guest(), "lobby"), "bob")).isNotNull();
      assertThat(refusedWith(Condition.not_allowed, () -> join(muc(guest(), "engineering"), "g")))
          .isEqualTo(SIGNED_IN_ONLY);
      assertThat(refusedWith(Condition.not_allowed, () -> join(muc(guest(), "daily-standup"), "g")))
          .as("the file's list replaces the default one")
          .isEqualTo(SIGNED_IN_ONLY);
    }

    @Test
    void aFixedPasswordFromTheFileIsRequired() throws Exception {
      start(POLICY, Map.of());
      assertThat(
              refusedWith(Condition.not_authorized, () -> join(muc(guest(), "private-board"), "a")))
          .isEqualTo("This room needs a password.");
      assertThat(
              refusedWith(
                  Condition.not_authorized,
                  () -> join(muc(guest(), "private-board"), "a", "plank-41")))
          .isEqualTo("Wrong password.");
      assertThat(join(muc(guest(), "private-board"), "ann", "plank-42")).isNotNull();
      assertThat(join(muc(guest(), "private-board"), "bob", "plank-42")).isNotNull();
    }

    @Test
    void editsTakeEffectWithoutARestart() throws Exception {
      start(POLICY, Map.of());
      join(muc(guest(), "private-board"), "ann", "plank-42"); // the room stays open throughout
      refusedWith(Condition.not_allowed, () -> join(muc(guest(), "engineering"), "g"));

      edit(
          POLICY
              .replace("{ \"lobby\" }", "{ \"lobby\", \"engineering\" }")
              .replace("plank-42", "board-43"));

      assertThat(join(muc(guest(), "engineering"), "bob")).isNotNull();
      assertThat(join(muc(guest(), "private-board"), "cid", "board-43")).isNotNull();
      assertThat(
              refusedWith(
                  Condition.not_authorized,
                  () -> join(muc(guest(), "private-board"), "dan", "plank-42")))
          .isEqualTo("Wrong password.");
      assertThat(join(muc(guest(), "lobby"), "eve")).isNotNull();

      edit(POLICY);
      assertThat(refusedWith(Condition.not_allowed, () -> join(muc(guest(), "engineering"), "g")))
          .as("a room taken off the list is no longer public, even while it is open")
          .isEqualTo(SIGNED_IN_ONLY);
    }

    @Test
    void aMalformedEditIsLoggedAndTheLastGoodPolicyStays() throws Exception {
      start(POLICY, Map.of());
      try (LogCapture log = new LogCapture()) {
        Files.writeString(
            file,
            """
            public_rooms = { "lobby", "engineering" }
            other_rooms_access = "open"
            private_room_passwords = { ["private-board"] = "leaked-99 }
            """);
        await().atMost(RELOAD).until(() -> !log.containing("is not valid").isEmpty());
        assertThat(log.containing("is not valid"))
            .singleElement(InstanceOfAssertFactories.STRING)
            .contains(file + ":3: ")
            .contains("the last good policy stays in force");
        assertThat(log.lines()).noneMatch(l -> l.contains("leaked-99"));
      }
      assertThat(join(muc(guest(), "lobby"), "ann")).isNotNull();
      assertThat(refusedWith(Condition.not_allowed, () -> join(muc(guest(), "engineering"), "g")))
          .isEqualTo(SIGNED_IN_ONLY);
      assertThat(
              refusedWith(Condition.not_authorized, () -> join(muc(guest(), "private-board"), "a")))
          .isEqualTo("This room needs a password.");
      assertThat(join(muc(guest(), "private-board"), "bob", "plank-42")).isNotNull();

      edit(POLICY.replace("{ \"lobby\" }", "{ \"lobby\", \"engineering\" }"));
      assertThat(join(muc(guest(), "engineering"), "cid"))
          .as("a good edit after a bad one applies")
          .isNotNull();
    }

    @Test
    void aServerDoesNotStartWithAMalformedFile() {
      assertThatThrownBy(() -> start("public_rooms = { \"lobby\"\n", Map.of()))
          .rootCause()
          .hasMessageContaining("room-policy.cfg.lua:");
    }
  }

  @Nested
  class PublicRoomsVariable {
    @Test
    void listsThePublicRooms() throws Exception {
      try (PluginServer server =
          PluginServer.start(
              Map.of("XMPP_MUC_MODULES", MODULES, "PUBLIC_ROOMS", "lobby, hall"),
              """
              other_rooms_access = "authenticated"
              """,
              null)) {
        assertThat(join(muc(server.anonymous(), "hall"), "ann")).isNotNull();
        assertThat(join(muc(server.anonymous(), "lobby"), "bob")).isNotNull();
        assertThat(
                refusedWith(
                    Condition.not_allowed,
                    () -> join(muc(server.anonymous(), "team-meeting"), "g")))
            .isEqualTo(SIGNED_IN_ONLY);
      }
    }

    @Test
    void huddlePublicRoomsWinsWhenBothAreSet() {
      assertThat(
              PluginSettings.environment(
                  Env.of(Map.of("PUBLIC_ROOMS", "a,b", "HUDDLE_PUBLIC_ROOMS", "c"))))
          .containsEntry("public_rooms", List.of("c"));
      assertThat(PluginSettings.environment(Env.of(Map.of("PUBLIC_ROOMS", "a,b"))))
          .containsEntry("public_rooms", List.of("a", "b"));
    }
  }
}
