package org.huddle.videobridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.Xml;
import org.huddle.signalling.smack.ElementIq;
import org.huddle.signalling.smack.StanzaReader;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.ProsodyFixture;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.huddle.xmpp.codec.Element;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The bridge against a real Prosody with Jitsi's layout: it logs in as jvb@auth.meet.jitsi, joins
 * JvbBrewery@internal-muc.meet.jitsi with its stats, and a focus reaches it there with health
 * checks and Colibri2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BreweryAgainstProsodyTest {
  static final String BREWERY = "jvbbrewery@" + ProsodyFixture.INTERNAL_MUC;
  ProsodyFixture prosody;
  Videobridge bridge;
  XMPPTCPConnection focus;

  /** Reads the stand-in focus's answers, as the focus's own connection does. */
  final StanzaReader reader = new StanzaReader();

  final Map<String, Presence> presences = new ConcurrentHashMap<>();

  @BeforeAll
  void start() throws Exception {
    prosody = ProsodyFixture.start("jvb", "jvb-secret", "focus", "focus-secret");
    bridge =
        TestBridges.start(
            """
            videobridge.region = "eu-test"
            videobridge.xmpp {
              enabled = true, host = "127.0.0.1", port = %d, domain = "auth.meet.jitsi"
              username = "jvb", password = "jvb-secret", brewery-muc = "jvbbrewery"
              internal-muc-domain = "internal-muc.meet.jitsi", nickname = "jvb-test"
              presence-interval = 500 milliseconds
            }
            """
                .formatted(prosody.c2sPort()));
    await().atMost(Duration.ofSeconds(20)).until(bridge::isXmppJoined);
    focus =
        new XMPPTCPConnection(
            XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(ProsodyFixture.AUTH_DOMAIN)
                .setHost("127.0.0.1")
                .setPort(prosody.c2sPort())
                .setUsernameAndPassword("focus", "focus-secret")
                .setResource("focus")
                .setSecurityMode(SecurityMode.disabled)
                .build());
    focus.addAsyncStanzaListener(
        s -> presences.put(s.getFrom().toString(), (Presence) s), s -> s instanceof Presence);
    focus.connect().login();
    focus.sendStanza(
        focus
            .getStanzaFactory()
            .buildPresenceStanza()
            .to(JidCreate.entityFullFrom(BREWERY + "/focus"))
            .addExtension(
                StandardExtensionElement.builder("x", "http://jabber.org/protocol/muc").build())
            .build());
  }

  @AfterAll
  void stop() throws Exception {
    if (focus != null) {
      focus.disconnect();
    }
    if (bridge != null) {
      bridge.close();
    }
    if (prosody != null) {
      prosody.close();
    }
  }

  Map<String, String> stats(Presence p) {
    Map<String, String> out = new ConcurrentHashMap<>();
    StandardExtensionElement stats =
        (StandardExtensionElement)
            p.getExtensionElement("stats", "http://jitsi.org/protocol/colibri");
    if (stats != null) {
      for (StandardExtensionElement s : stats.getElements("stat")) {
        out.put(s.getAttributeValue("name"), s.getAttributeValue("value"));
      }
    }
    return out;
  }

  IQ request(Element child, IQ.Type type) {
    ElementIq iq = new ElementIq(child);
    iq.setType(type);
    try {
      iq.setTo(JidCreate.entityFullFrom(BREWERY + "/jvb-test"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return iq;
  }

  @Nested
  class Brewery {
    @Test
    void theBridgeAnnouncesItselfWithTheStatsTheFocusReads() {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> presences.containsKey(BREWERY + "/jvb-test"));
      Map<String, String> s = stats(presences.get(BREWERY + "/jvb-test"));
      assertThat(s)
          .containsKeys("stress_level", "version", "drain", "healthy", "graceful_shutdown");
      assertThat(s).containsEntry("region", "eu-test").containsEntry("healthy", "true");
      assertThat(Double.parseDouble(s.get("stress_level"))).isBetween(0.0, 10.0);
    }

    @Test
    void drainIsAnnouncedInPresence() {
      bridge.setDrain(true);
      try {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> {
                  Presence p = presences.get(BREWERY + "/jvb-test");
                  return p != null && "true".equals(stats(p).get("drain"));
                });
      } finally {
        bridge.setDrain(false);
      }
    }
  }

  @Nested
  class Iqs {
    @Test
    void aHealthCheckGetsAnEmptyResult() throws Exception {
      IQ result =
          focus.sendIqRequestAndWaitForResponse(
              request(new Element("healthcheck", WireNamespaces.HEALTHCHECK), IQ.Type.get));
      assertThat(result.getType()).isEqualTo(IQ.Type.result);
    }

    @Test
    void colibri2CreatesAnEndpointOverXmpp() throws Exception {
      try (TestEndpoint e = new TestEndpoint("over-xmpp")) {
        Element req =
            Colibri2Requests.createEndpoint(
                Colibri2Requests.conferenceModify("xmpp-meeting", true),
                e,
                Colibri2Requests.Sources.of(50));
        Stanza result = focus.sendIqRequestAndWaitForResponse(request(req, IQ.Type.set));
        assertThat(result).isInstanceOf(ElementIq.class);
        Element answer = reader.payload((IQ) result);
        assertThat(answer.name()).isEqualTo("conference-modified");
        Element ice = Colibri2Requests.bridgeTransport(answer, "over-xmpp");
        assertThat(ice.attr("ufrag")).isNotBlank();
        e.connect(ice);
        assertThat(e.awaitConnected(Duration.ofSeconds(20))).isTrue();
      }
    }

    @Test
    void anUnknownConferenceIsAnErrorWithTheColibri2Reason() {
      Element req =
          Xml.parse("<conference-modify xmlns='jitsi:colibri2' meeting-id='no-such-meeting'/>");
      XMPPException.XMPPErrorException e =
          catchThrowableOfType(
              XMPPException.XMPPErrorException.class,
              () -> focus.sendIqRequestAndWaitForResponse(request(req, IQ.Type.set)));
      assertThat(e).isNotNull();
      assertThat(e.getStanzaError().getCondition().toString()).isEqualTo("item-not-found");
      StandardExtensionElement reason =
          (StandardExtensionElement)
              e.getStanzaError().getExtension("error", WireNamespaces.COLIBRI2);
      assertThat(reason).isNotNull();
      assertThat(reason.getAttributeValue("reason")).isEqualTo("conference_not_found");
    }
  }
}
