package org.huddle.xmpp.server.features.extdisco;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.testing.Coturn;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** XEP-0215 credentials checked by a real coturn allocation. */
class ExternalServicesTest {
  static final String SECRET = "turn-shared-secret";
  static Coturn coturn;

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.inMemory(ExternalServicesTest::startCoturn, null);

  /** Starts coturn; the server's TURN settings point at it. */
  static Map<String, String> startCoturn() {
    try {
      coturn = Coturn.start(SECRET);
    } catch (Exception e) {
      throw new IllegalStateException("coturn did not start", e);
    }
    return Map.of(
        "TURN_HOST", "127.0.0.1",
        "TURN_PORT", Integer.toString(coturn.port()),
        "TURN_TRANSPORT", "udp,tcp",
        "TURN_CREDENTIALS", SECRET,
        "TURN_TTL", "3600",
        "STUN_HOST", "127.0.0.1",
        "STUN_PORT", Integer.toString(coturn.port()));
  }

  @AfterAll
  static void stop() {
    if (coturn != null) {
      coturn.close();
    }
  }

  /** Asks the server for its services over an in-memory stream; returns the result's services. */
  static List<Element> ask(String ns, String attrs) {
    Peer c = server.transcript().anonymous("c");
    c.sends(
        "<iq type='get' id='services' to='meet.jitsi'><services xmlns='"
            + ns
            + "'"
            + attrs
            + "/></iq>");
    Element reply =
        c.receives("<iq type='result' id='services'><services xmlns='" + ns + "'/></iq>");
    return reply.firstElement().elements("service", ns);
  }

  static List<String> types(List<Element> services) {
    return services.stream().map(e -> e.attr("type")).toList();
  }

  @Test
  void aTurnCredentialFromExtdisco2AllocatesOnCoturn() throws Exception {
    List<Element> services = ask("urn:xmpp:extdisco:2", "");
    Element t =
        services.stream()
            .filter(e -> "turn".equals(e.attr("type")) && "udp".equals(e.attr("transport")))
            .findFirst()
            .orElse(null);
    assertThat(t).as("a udp turn entry in %s", services).isNotNull();
    assertThat(t.attr("host")).isEqualTo("127.0.0.1");
    assertThat(t.attr("restricted")).isEqualTo("1");
    assertThat(t.attr("username")).matches("\\d+:[0-9a-f-]+");
    Instant expires = Instant.parse(t.attr("expires"));
    assertThat(expires).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
    assertThat(Long.parseLong(t.attr("username").split(":")[0]))
        .isEqualTo(expires.getEpochSecond());
    assertThat(coturn.allocate(t.attr("username"), t.attr("password")))
        .as("coturn accepts it")
        .isZero();
    assertThat(coturn.allocate(t.attr("username"), "AAAA" + t.attr("password").substring(4)))
        .as("coturn refuses a tampered password")
        .isNotZero();
    assertThat(types(services)).contains("stun");
    assertThat(services).extracting(e -> e.attr("transport")).contains("tcp");
  }

  @Test
  void olderClientsAskingExtdisco1GetTheSameServices() {
    List<Element> services = ask("urn:xmpp:extdisco:1", "");
    assertThat(types(services)).contains("turn");
    assertThat(services).anyMatch(e -> e.attr("password") != null);
  }

  @Test
  void aTypeFilterReturnsOnlyThatType() {
    List<Element> services = ask("urn:xmpp:extdisco:2", " type='stun'");
    assertThat(types(services)).contains("stun").doesNotContain("turn");
    assertThat(services).allMatch(e -> e.attr("password") == null);
  }

  @Test
  void anExpiredCredentialIsRefusedByCoturn() throws Exception {
    String user = (Instant.now().getEpochSecond() - 60) + ":late";
    assertThat(coturn.allocate(user, ExternalServices.password(SECRET, user))).isNotZero();
    String fresh = (Instant.now().getEpochSecond() + 600) + ":ontime";
    assertThat(coturn.allocate(fresh, ExternalServices.password(SECRET, fresh))).isZero();
  }
}
