package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.colibri2.ConferenceModify;
import org.huddle.signalling.jitsi.ConferenceIq;
import org.huddle.signalling.smack.ElementIq;
import org.huddle.signalling.smack.StanzaReader;
import org.huddle.xmpp.codec.Element;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.provider.ProviderManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The focus and a bridge in one JVM, as {@code huddle all} runs them: each connection reads its IQs
 * with its own limit (the bridge 10,000 elements in a payload, the focus 20,000), and neither
 * leaves anything in Smack's JVM-wide providers that the other would read with.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneJvmReadingTest {
  static final String BRIDGE = "jvb-reading";

  /** Over the bridge's limit and within the focus's: the payload and 10,000 children. */
  static final int CHILDREN = 10_000;

  HuddleDeployment d;
  TestParticipant client;

  @BeforeAll
  void start() throws Exception {
    d = new HuddleDeployment();
    d.startBridge(BRIDGE);
    d.startFocus("");
    d.awaitBridges(1);
    client =
        new TestParticipant(d.c2sPort(), FailoverTest.room("reading"), "reader", 900_000L, true);
  }

  @AfterAll
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    d.close();
  }

  static Element withChildren(Element payload) {
    for (int i = 0; i < CHILDREN; i++) {
      payload.addChild("x", payload.namespace());
    }
    return payload;
  }

  /**
   * Neither role left a provider of its own in Smack's registry: every payload the roles read goes
   * through the one the signalling module registers, Smack's own Jingle provider included.
   */
  @Test
  void everyPayloadTheRolesReadGoesThroughOneSharedProvider() {
    List<Object> providers = new ArrayList<>();
    for (List<String> p : StanzaReader.PAYLOADS) {
      providers.add(ProviderManager.getIQProvider(p.get(0), p.get(1)));
    }
    assertThat(providers).doesNotContainNull();
    assertThat(new HashSet<>(providers)).hasSize(1);
    assertThat(providers.get(0).getClass().getName())
        .isEqualTo("org.huddle.signalling.smack.ElementIqProvider");
  }

  @Test
  void theBridgeRefusesAPayloadOverItsLimitAndStaysConnected() throws Exception {
    Element answer =
        client.ask(
            "jvb@auth.meet.jitsi/" + BRIDGE,
            withChildren(
                new Element(ConferenceModify.ELEMENT, ConferenceModify.NAMESPACE)
                    .attr("meeting-id", "too-large")));
    assertThat(answer.attr("type")).isEqualTo("error");
    assertThat(Xml.errorCondition(answer)).isEqualTo("bad-request");

    ElementIq health = new ElementIq(new Element("healthcheck", WireNamespaces.HEALTHCHECK));
    health.setType(IQ.Type.get);
    health.setTo(JidCreate.from("jvb@auth.meet.jitsi/" + BRIDGE));
    assertThat(client.xmpp.sendIqRequestAndWaitForResponse(health).getType())
        .isEqualTo(IQ.Type.result);
    assertThat(d.bridge(BRIDGE).isXmppJoined()).isTrue();
  }

  @Test
  void theFocusReadsAPayloadTheBridgeWouldRefuse() throws Exception {
    Element answer =
        client.ask(
            "focus@auth.meet.jitsi/focus",
            withChildren(
                new Element(ConferenceIq.ELEMENT, ConferenceIq.NAMESPACE)
                    .attr("room", FailoverTest.room("reading"))));
    assertThat(answer.attr("type")).isEqualTo("result");
    assertThat(answer.child(ConferenceIq.ELEMENT, ConferenceIq.NAMESPACE)).isNotNull();
  }
}
