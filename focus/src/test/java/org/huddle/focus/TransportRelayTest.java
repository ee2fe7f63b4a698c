package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Test;

/**
 * The focus relays the bridge's ICE-UDP transport to each participant and the participant's to the
 * bridge; what it does not model (a newer bridge's or client's extension) arrives in its place. See
 * docs/wire.md#transport.
 */
class TransportRelayTest extends PerTestDeployment {
  static final String EXTENSION = "urn:example:transport-extension";

  static String room(String name) {
    return name + "-" + Long.toHexString(System.nanoTime()) + "@" + Deployment.MUC;
  }

  /** Every ICE-UDP transport under {@code e}. */
  static List<Element> iceTransports(Element e) {
    List<Element> out = new java.util.ArrayList<>();
    for (Element c : e.elements()) {
      if (c.is("transport", WireNamespaces.ICE_UDP)) {
        out.add(c);
      } else {
        out.addAll(iceTransports(c));
      }
    }
    return out;
  }

  /** The bridge's answer with an unknown attribute and child first in each ICE-UDP transport. */
  static Element withExtension(Element answer) {
    Element edited = answer.copy();
    for (Element t : iceTransports(edited)) {
      List<Element> children = t.elements();
      t.clear().attr("x-extension", "1");
      t.addChild("extension", EXTENSION).attr("v", "2");
      children.forEach(t::add);
    }
    return edited;
  }

  static List<Element> sent(FlakyBridge bridge) {
    synchronized (bridge.requests) {
      return List.copyOf(bridge.requests);
    }
  }

  /** Two participants (the focus invites once there are two) who accepted their sessions. */
  List<TestParticipant> meeting(String name) throws Exception {
    List<TestParticipant> ps = Scenario.meeting(d, room(name), Deployment.FOCUS_COMPONENT, 2, true);
    participants.addAll(ps);
    return ps;
  }

  @Test
  void anUnknownChildOfTheBridgesTransportReachesTheParticipantInItsPlace() throws Exception {
    d = new HuddleDeployment();
    try (FlakyBridge bridge = new FlakyBridge(d, "jvb-extended")) {
      bridge.answerEdit = TransportRelayTest::withExtension;
      d.startFocus("");
      d.awaitBridges(1);
      Element initiate = meeting("relay").get(0).initiate;
      List<Element> transports = iceTransports(Xml.payload(initiate));
      assertThat(transports).isNotEmpty();
      for (Element t : transports) {
        assertThat(t.attr("x-extension")).isEqualTo("1");
        assertThat(t.firstElement().is("extension", EXTENSION)).as(t.toXml()).isTrue();
        assertThat(t.firstElement().attr("v")).isEqualTo("2");
        assertThat(t.elements("candidate", WireNamespaces.ICE_UDP)).isNotEmpty();
      }
    }
  }

  @Test
  void anUnknownChildOfTheParticipantsTransportReachesTheBridge() throws Exception {
    d = new HuddleDeployment();
    try (FlakyBridge bridge = new FlakyBridge(d, "jvb-plain")) {
      d.startFocus("");
      d.awaitBridges(1);
      TestParticipant p = meeting("relay-back").get(0);
      Element info = Jingle.of("transport-info", p.sid).toElement();
      Element t =
          info.addChild("content", WireNamespaces.JINGLE)
              .attr("creator", "initiator")
              .attr("name", "audio")
              .addChild("transport", WireNamespaces.ICE_UDP)
              .attr("ufrag", "u1")
              .attr("pwd", "p1")
              .attr("x-extension", "3");
      t.addChild("extension", EXTENSION).attr("v", "4");
      t.addChild("candidate", WireNamespaces.ICE_UDP)
          .attr("component", 1)
          .attr("foundation", "2")
          .attr("id", "c2")
          .attr("ip", "127.0.0.1")
          .attr("port", 9)
          .attr("priority", 1)
          .attr("protocol", "udp")
          .attr("type", "host");
      assertThat(p.sendJingle(info).attr("type")).isEqualTo("result");
      Await.until(
          "the bridge is sent the participant's transport with its extension first",
          Duration.ofSeconds(10),
          () ->
              sent(bridge).stream()
                  .flatMap(r -> iceTransports(r).stream())
                  .anyMatch(
                      x ->
                          "3".equals(x.attr("x-extension"))
                              && x.firstElement().is("extension", EXTENSION)
                              && "4".equals(x.firstElement().attr("v"))));
    }
  }
}
