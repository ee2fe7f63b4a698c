package org.huddle.xmpp.server.features.extdisco;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.xmpp.server.testing.Coturn;
import org.huddle.xmpp.server.testing.RawClient;
import org.huddle.xmpp.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** XEP-0215 credentials checked by a real coturn allocation. */
class ExternalServicesTest {
  static final String SECRET = "turn-shared-secret";
  static Coturn coturn;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    coturn = Coturn.start(SECRET);
    server =
        TestServer.start(
            Map.of(
                "TURN_HOST", "127.0.0.1",
                "TURN_PORT", Integer.toString(coturn.port()),
                "TURN_TRANSPORT", "udp,tcp",
                "TURN_CREDENTIALS", SECRET,
                "TURN_TTL", "3600",
                "STUN_HOST", "127.0.0.1",
                "STUN_PORT", Integer.toString(coturn.port())),
            null);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (coturn != null) {
      coturn.close();
    }
  }

  static Map<String, String> attrs(String element) {
    Map<String, String> m = new HashMap<>();
    Matcher a = Pattern.compile("(\\w+)='([^']*)'").matcher(element);
    while (a.find()) {
      m.put(a.group(1), a.group(2));
    }
    return m;
  }

  static String ask(RawClient raw, String ns, String attrs) throws Exception {
    String id = "x" + System.nanoTime();
    raw.send(
        "<iq type='get' id='"
            + id
            + "' to='meet.jitsi'><services xmlns='"
            + ns
            + "'"
            + attrs
            + "/></iq>");
    int before = raw.received().split("</iq>", -1).length - 1;
    String all = raw.readUntil("</iq>", before + 1, Duration.ofSeconds(5));
    String reply = all.substring(all.lastIndexOf("<iq", all.lastIndexOf("id='" + id + "'")));
    assertThat(reply).as("the reply to %s", id).contains("type='result'");
    return reply;
  }

  @Test
  void aTurnCredentialFromExtdisco2AllocatesOnCoturn() throws Exception {
    try (RawClient raw = RawClient.loggedInAnonymously(server.port())) {
      String services = ask(raw, "urn:xmpp:extdisco:2", "");
      Matcher turn =
          Pattern.compile("<service [^>]*type='turn'[^>]*transport='udp'[^>]*/>").matcher(services);
      assertThat(turn.find()).as("a udp turn entry in %s", services).isTrue();
      Map<String, String> t = attrs(turn.group());
      assertThat(t).containsEntry("host", "127.0.0.1").containsEntry("restricted", "1");
      assertThat(t.get("username")).matches("\\d+:[0-9a-f-]+");
      Instant expires = Instant.parse(t.get("expires"));
      assertThat(expires)
          .isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
      assertThat(Long.parseLong(t.get("username").split(":")[0]))
          .isEqualTo(expires.getEpochSecond());
      assertThat(coturn.allocate(t.get("username"), t.get("password")))
          .as("coturn accepts it")
          .isZero();
      assertThat(coturn.allocate(t.get("username"), "AAAA" + t.get("password").substring(4)))
          .as("coturn refuses a tampered password")
          .isNotZero();
      assertThat(services).contains("type='stun'").contains("transport='tcp'");
    }
  }

  @Test
  void olderClientsAskingExtdisco1GetTheSameServices() throws Exception {
    try (RawClient raw = RawClient.loggedInAnonymously(server.port())) {
      String services = ask(raw, "urn:xmpp:extdisco:1", "");
      assertThat(services)
          .contains("xmlns='urn:xmpp:extdisco:1'")
          .contains("type='turn'")
          .contains("password='");
    }
  }

  @Test
  void aTypeFilterReturnsOnlyThatType() throws Exception {
    try (RawClient raw = RawClient.loggedInAnonymously(server.port())) {
      String services = ask(raw, "urn:xmpp:extdisco:2", " type='stun'");
      assertThat(services)
          .contains("type='stun'")
          .doesNotContain("type='turn'")
          .doesNotContain("password");
    }
  }

  @Test
  void anExpiredCredentialIsRefusedByCoturn() throws Exception {
    String user = (Instant.now().getEpochSecond() - 60) + ":late";
    assertThat(coturn.allocate(user, ExternalServices.password(SECRET, user))).isNotZero();
    String fresh = (Instant.now().getEpochSecond() + 600) + ":ontime";
    assertThat(coturn.allocate(fresh, ExternalServices.password(SECRET, fresh))).isZero();
  }
}
