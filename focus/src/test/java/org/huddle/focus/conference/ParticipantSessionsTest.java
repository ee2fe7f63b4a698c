package org.huddle.focus.conference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.focus.conference.DecisionsTest.sources;
import static org.huddle.focus.conference.Harness.jid;

import java.util.List;
import org.huddle.focus.colibri2.BridgeSession;
import org.huddle.focus.conference.Participant.Media;
import org.huddle.focus.conference.Step.Accepted;
import org.huddle.focus.conference.Step.ExpireEndpoint;
import org.huddle.focus.conference.Step.Invite;
import org.huddle.focus.conference.Step.SourcesChanged;
import org.huddle.focus.conference.Step.UpdateEndpoint;
import org.huddle.focus.jingle.JingleSession;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jingle.IceUdpTransport;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The participants' Jingle sessions alone: an allocation or a request in; the Jingle sent, the
 * answer, and what it hands the bridge and the others (as steps) out.
 */
class ParticipantSessionsTest {
  final Harness h = new Harness();
  final ParticipantSessions sessions =
      new ParticipantSessions(h.state, h, h.ctx, new SourceSignaling(false));
  BridgeSession bridgeSession;

  @BeforeEach
  void onABridge() {
    var bridge = h.announce("jvb-1");
    bridgeSession =
        new BridgeSession(h.wire, bridge.jid(), "m1", Harness.ROOM, h.config.xmpp().replyTimeout());
    h.state.onBridge(bridge, bridgeSession);
  }

  @AfterEach
  void close() {
    h.close();
  }

  /** Offers the participant its session, as after its allocation. */
  JingleSession offer(Participant p) {
    p.allocating(bridgeSession, List.of());
    IceUdpTransport ice = new IceUdpTransport("u", "p", List.of(), true, null, null);
    sessions.offer(p, bridgeSession, new BridgeSession.Allocation(ice, EndpointSources.EMPTY));
    return p.session();
  }

  Element request(Participant p, Element jingle) {
    Element iq = Xml.iq("set", Harness.FOCUS, jingle).attr("from", jid(p.id()));
    return sessions.request(p.session(), jingle.attr("action"), iq);
  }

  @Test
  void anOfferIsSentRoutedAndTimed() {
    Participant alice = h.joined("alice");
    JingleSession js = offer(alice);
    assertThat(h.wire.jingle(jid("alice"))).containsExactly("session-initiate");
    assertThat(h.listening).containsExactly(js);
    assertThat(alice.media()).isEqualTo(Media.OFFERED);
    assertThat(h.armed)
        .extracting(Harness.Armed::delay)
        .containsExactly(h.config.conference().sessionAcceptTimeout());
  }

  @Test
  void anAcceptHandsTheBridgeItsPartAndTheOthersTheirs() {
    Participant alice = h.joined("alice");
    offer(alice);
    Element accept = Jingle.of("session-accept", alice.session().sid()).toElement();
    Element content = accept.addChild("content", WireNamespaces.JINGLE).attr("name", "audio");
    content
        .addChild("description", WireNamespaces.RTP)
        .attr("media", "audio")
        .addChild("source", WireNamespaces.SSMA)
        .attr("ssrc", 1);
    content.addChild("transport", WireNamespaces.ICE_UDP).attr("ufrag", "x").attr("pwd", "y");
    assertThat(request(alice, accept).attr("type")).isEqualTo("result");
    assertThat(alice.media()).isEqualTo(Media.ACTIVE);
    assertThat(h.steps).hasSize(2);
    assertThat(h.steps.get(0)).isInstanceOf(UpdateEndpoint.class);
    assertThat(h.steps.get(1)).isEqualTo(new Accepted(alice, sources(1)));
  }

  @Test
  void aParticipantThatIsSilentTooLongIsEndedAndKicked() {
    Participant alice = h.joined("alice");
    JingleSession js = offer(alice);
    h.fire(h.config.conference().sessionAcceptTimeout());
    assertThat(h.wire.jingle(jid("alice")))
        .containsExactly("session-initiate", "session-terminate");
    assertThat(h.listening).doesNotContain(js);
    assertThat(alice.media()).isEqualTo(Media.FAILED);
    assertThat(h.steps).containsExactly(new ExpireEndpoint(alice));
    assertThat(h.wire.out).anyMatch(s -> Harness.ROOM.equals(s.attr("to")));
  }

  @Test
  void endingMediaExpiresTheEndpointBeforeTheSourcesAreTakenBack() {
    Participant alice = h.active("alice", 1);
    sessions.endMedia(alice, Media.NONE, null, null, false);
    assertThat(h.steps)
        .containsExactly(
            new ExpireEndpoint(alice),
            new SourcesChanged(alice, EndpointSources.EMPTY, sources(1)));
    assertThat(alice.sources().isEmpty()).isTrue();
    assertThat(h.wire.jingle(jid("alice"))).isEmpty();
  }

  @Test
  void aRestartEndsTheSessionAndAsksForAnInvitation() {
    Participant alice = h.joined("alice");
    offer(alice);
    Element info = Jingle.of("session-info", alice.session().sid()).toElement();
    info.addChild("bridge-session", WireNamespaces.FOCUS)
        .attr("id", bridgeSession.id())
        .attr("ice-restart", "true");
    assertThat(request(alice, info).attr("type")).isEqualTo("result");
    assertThat(h.wire.jingle(jid("alice")))
        .containsExactly("session-initiate", "session-terminate");
    assertThat(h.steps).containsExactly(new ExpireEndpoint(alice), new Invite(alice));
  }

  @Test
  void aRequestOnAnEndedSessionIsUnknown() {
    Participant alice = h.joined("alice");
    JingleSession js = offer(alice);
    sessions.endMedia(alice, Media.NONE, null, null, false);
    Element iq =
        Xml.iq("set", Harness.FOCUS, Jingle.of("transport-info", js.sid()).toElement())
            .attr("from", jid("alice"));
    assertThat(Xml.errorCondition(sessions.request(js, "transport-info", iq)))
        .isEqualTo("item-not-found");
  }
}
