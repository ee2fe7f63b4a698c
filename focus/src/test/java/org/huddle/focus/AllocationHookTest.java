package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.huddle.focus.xml.Xml;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which bridge a conference gets: the default (least loaded, draining bridges avoided), the HTTP
 * allocation hook and a Lua script.
 */
class AllocationHookTest extends PerTestDeployment {
  private AllocationHook hook;

  @AfterEach
  void stopHook() {
    if (hook != null) {
      hook.close();
    }
  }

  /** Two participants; returns the UDP port of the bridge their sessions use. */
  static int meetingBridgePort(Deployment d, List<TestParticipant> participants) throws Exception {
    String room = FailoverTest.room("hook");
    List<TestParticipant> ps = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      TestParticipant p = new TestParticipant(d.c2sPort(), room, "h" + i, 80_000L * (i + 1), true);
      participants.add(p);
      ps.add(p);
      assertThat(Xml.payload(p.requestConference(Deployment.FOCUS_COMPONENT)).attr("ready"))
          .isEqualTo("true");
      p.join();
    }
    int port = -1;
    for (TestParticipant p : ps) {
      Element initiate = p.acceptSession();
      port = FailoverTest.candidatePort(initiate);
    }
    return port;
  }

  private int meetingBridgePort() throws Exception {
    return meetingBridgePort(d, participants);
  }

  /** Bridges jvb-alpha and jvb-beta and a focus with these extra settings. */
  static void twoBridges(Deployment d, String extra) throws Exception {
    d.startBridge("jvb-alpha");
    d.startBridge("jvb-beta");
    d.startFocus(extra);
    d.awaitBridges(2);
  }

  private void twoBridges(String extra) throws Exception {
    d = new HuddleDeployment();
    twoBridges(d, extra);
  }

  /**
   * Shared with the Prosody test: with two bridges, a hook that names jvb-beta gets the conference
   * there (least loaded would pick jvb-alpha: ties go by name), asked with allocateserver's query.
   */
  static void hookPicksTheBridgeScenario(Deployment d, List<TestParticipant> participants)
      throws Exception {
    try (AllocationHook hook =
        new AllocationHook("{\"sfu\": \"jvb-beta:443\", \"turn\": \"127.0.0.1:3478\"}")) {
      twoBridges(d, hook.focusConfig());
      int port = meetingBridgePort(d, participants);
      assertThat(port).isEqualTo(d.bridge("jvb-beta").udpPort());
      assertThat(hook.queries).isNotEmpty();
      assertThat(hook.queries.get(0))
          .contains("Kind=SFUTURN")
          .contains("Email=")
          .contains("BeginAt=0")
          .contains("EndAt=0");
    }
  }

  @Nested
  class Default {
    @Test
    void aDrainingBridgeGetsNoNewConferenceWhileAnotherIsAvailable() throws Exception {
      twoBridges("");
      d.bridge("jvb-alpha").setDrain(true);
      Await.until(
          "the focus sees jvb-alpha draining",
          java.time.Duration.ofSeconds(10),
          () ->
              d.focus.registry().all().stream()
                  .anyMatch(b -> b.nick().equals("jvb-alpha") && b.draining()));
      assertThat(meetingBridgePort()).isEqualTo(d.bridge("jvb-beta").udpPort());
    }
  }

  @Nested
  class HttpHook {
    @Test
    void theHookPicksTheBridge() throws Exception {
      d = new HuddleDeployment();
      hookPicksTheBridgeScenario(d, participants);
    }

    @Test
    void anInstantMeetingsHookRequestCarriesTheOwnersEmailFromPresence() throws Exception {
      hook = new AllocationHook("{\"sfu\": \"jvb-beta:443\"}");
      twoBridges(hook.focusConfig());
      String room = FailoverTest.room("instant");
      for (int i = 0; i < 2; i++) {
        TestParticipant p =
            new TestParticipant(d.c2sPort(), room, "e" + i, 70_000L * (i + 1), true)
                .email(i == 0 ? "owner@example.org" : "guest@example.org");
        participants.add(p);
        p.requestConference(Deployment.FOCUS_COMPONENT);
        p.join();
      }
      for (TestParticipant p : participants) {
        p.awaitJingle("session-initiate", java.time.Duration.ofSeconds(20));
      }
      assertThat(hook.queries).isNotEmpty();
      assertThat(hook.queries.get(0))
          .contains("Email=owner%40example.org")
          .contains("BeginAt=0")
          .contains("EndAt=0");
    }

    @Test
    void aBridgeTheHookNamesBeforeItJoinsIsWaitedForAndThenUsed() throws Exception {
      hook = new AllocationHook("{\"sfu\": \"jvb-gamma\"}");
      twoBridges(hook.focusConfig());
      String room = FailoverTest.room("wait");
      List<TestParticipant> ps = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        TestParticipant p =
            new TestParticipant(d.c2sPort(), room, "w" + i, 90_000L * (i + 1), true);
        participants.add(p);
        ps.add(p);
        p.requestConference(Deployment.FOCUS_COMPONENT);
        p.join();
      }
      assertThat(ps.get(0).pollJingle("session-initiate", java.time.Duration.ofSeconds(3)))
          .as("no session while the named bridge is missing")
          .isNull();
      d.startBridge("jvb-gamma");
      for (TestParticipant p : ps) {
        Element initiate = p.awaitJingle("session-initiate", java.time.Duration.ofSeconds(20));
        assertThat(FailoverTest.candidatePort(initiate)).isEqualTo(d.bridge("jvb-gamma").udpPort());
      }
    }
  }

  @Nested
  class HookTurn {
    static final String SECRET = "hook-turn-secret";

    /** The XEP-0215 services a participant gets from the server, as type:host:port. */
    List<Element> services(TestParticipant p) throws Exception {
      Element answer =
          p.ask(
              "meet.jitsi",
              new Element("services", "urn:xmpp:extdisco:2"),
              org.jivesoftware.smack.packet.IQ.Type.get);
      assertThat(answer.attr("type")).isEqualTo("result");
      return Xml.payload(answer).elements("service", "urn:xmpp:extdisco:2");
    }

    static List<String> turnHosts(List<Element> services) {
      return services.stream()
          .filter(s -> s.attr("type").startsWith("turn"))
          .map(s -> s.attr("type") + ":" + s.attr("host") + ":" + s.attr("port"))
          .toList();
    }

    @Test
    void theHooksTurnServerReachesTheMeetingsParticipantsAndNoOneElse() throws Exception {
      try (org.huddle.xmpp.server.testing.Coturn coturn =
          org.huddle.xmpp.server.testing.Coturn.start(SECRET)) {
        d =
            new HuddleDeployment(
                java.util.Map.of(
                    "TURN_HOST", "turn.default.example",
                    "TURN_TRANSPORT", "udp",
                    "TURN_CREDENTIALS", SECRET),
                List.of());
        hook =
            new AllocationHook(
                "{\"sfu\": \"jvb-beta\", \"turn\": [\"turn:127.0.0.1:"
                    + coturn.port()
                    + "?transport=udp\", \"not a server\"]}");
        twoBridges(d, hook.focusConfig());
        TestParticipant elsewhere =
            new TestParticipant(d.c2sPort(), FailoverTest.room("other"), "o1", 95_000L, true);
        participants.add(elsewhere);
        elsewhere.join();

        assertThat(meetingBridgePort()).isEqualTo(d.bridge("jvb-beta").udpPort());
        TestParticipant inMeeting = participants.get(1); // after the one elsewhere
        List<Element> got = services(inMeeting);
        assertThat(turnHosts(got)).containsExactly("turn:127.0.0.1:" + coturn.port());
        Element turn = got.stream().filter(e -> "turn".equals(e.attr("type"))).findFirst().get();
        assertThat(coturn.allocate(turn.attr("username"), turn.attr("password")))
            .as("coturn accepts the TURN REST credentials handed with the hook's server")
            .isZero();
        assertThat(turnHosts(services(elsewhere)))
            .as("a participant of another meeting keeps the server's default")
            .containsExactly("turn:turn.default.example:443");
      }
    }
  }

  @Nested
  class Lua {
    @Test
    void aLuaScriptPicksTheBridge(@TempDir Path dir) throws Exception {
      Path script = dir.resolve("strategy.lua");
      Files.writeString(
          script,
          """
          function select_bridge(bridges, request)
            for _, b in ipairs(bridges) do
              if string.find(b.id, "beta") then return b.id end
            end
            return bridges[1].id
          end
          """);
      twoBridges("focus.bridge { selection-strategy = lua, lua-script = \"" + script + "\" }");
      assertThat(meetingBridgePort()).isEqualTo(d.bridge("jvb-beta").udpPort());
    }

    @Test
    void aScriptThatNeverReturnsFallsBackToTheLeastLoaded(@TempDir Path dir) throws Exception {
      Path script = dir.resolve("loop.lua");
      Files.writeString(script, "function select_bridge(bridges, request) while true do end end\n");
      twoBridges("focus.bridge { selection-strategy = lua, lua-script = \"" + script + "\" }");
      int port = meetingBridgePort();
      assertThat(port).isIn(d.bridge("jvb-alpha").udpPort(), d.bridge("jvb-beta").udpPort());
    }
  }
}
