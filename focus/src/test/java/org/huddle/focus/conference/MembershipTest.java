package org.huddle.focus.conference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.focus.conference.Harness.ROOM;
import static org.huddle.focus.conference.Harness.presence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.huddle.focus.conference.ConferenceEvent.ParticipantJoined;
import org.huddle.focus.conference.ConferenceEvent.ParticipantLeft;
import org.huddle.focus.conference.Participant.Media;
import org.huddle.focus.conference.Step.End;
import org.huddle.focus.conference.Step.EndMedia;
import org.huddle.focus.conference.Step.MediaNeeded;
import org.huddle.focus.muc.EntityCaps;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jitsi.ConferenceProperties;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Membership alone: room presence in; the state, events and the steps it hands on out. */
class MembershipTest {
  final Harness h = new Harness();
  final Membership membership =
      new Membership(h.state, h, h.config.conference(), h.ctx.admission(), h.ctx.caps());

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void theFocussOwnPresenceRunsTheConferenceOnce() {
    membership.join();
    assertThat(membership.presence(Harness.self())).isTrue();
    assertThat(h.state.phase()).isEqualTo(Phase.RUNNING);
    assertThat(membership.presence(Harness.self())).isFalse();
  }

  @Test
  void anArrivalIsAddedAnnouncedAndAskedWhatItSupportsThenMediaIsAskedFor() {
    membership.join();
    membership.presence(presence("alice", null));
    assertThat(h.state.size()).isEqualTo(1);
    assertThat(h.state.armed(ConferenceState.Timer.INITIAL)).isFalse();
    assertThat(h.events).hasSize(2).startsWith(new ParticipantJoined(ROOM, "alice", 1));
    assertThat(h.events.get(1))
        .as("once it has answered the disco#info, what it is")
        .isInstanceOfSatisfying(
            ConferenceEvent.ParticipantDescribed.class,
            d -> {
              assertThat(d.participant()).isEqualTo("alice");
              assertThat(d.meetingId()).isEqualTo(h.state.meetingId());
              assertThat(d.client()).isEqualTo("unknown");
            });
    assertThat(h.wire.out)
        .anyMatch(s -> Harness.jid("alice").equals(s.attr("to")) && isDisco(Xml.payload(s)));
    assertThat(h.state.participant("alice").wantsMedia()).isTrue();
    assertThat(h.steps).containsExactly(new MediaNeeded());
  }

  /** A join presence naming a client version (XEP-0115 caps). */
  static Element withCaps(String nick, String ver) {
    Element p = presence(nick, null);
    p.addChild(EntityCaps.ELEMENT, EntityCaps.NAMESPACE)
        .attr("hash", "sha-1")
        .attr("node", "https://jitsi.org/jitsi-meet")
        .attr("ver", ver);
    return p;
  }

  /** The ver of what Wire answers to a disco#info: audio and video, no identity. */
  static String wiresVer() throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-1")
            .digest(
                "urn:xmpp:jingle:apps:rtp:audio<urn:xmpp:jingle:apps:rtp:video<"
                    .getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(digest);
  }

  long discosTo(String nick) {
    return h.wire.out.stream()
        .filter(s -> Harness.jid(nick).equals(s.attr("to")) && isDisco(Xml.payload(s)))
        .count();
  }

  @Test
  void aJoinerWithAClientVersionAnEarlierAnswerProvedIsNotAskedAndGetsItsMediaAtOnce()
      throws Exception {
    membership.join();
    membership.presence(withCaps("alice", wiresVer()));
    assertThat(discosTo("alice")).as("the first of its version is asked").isEqualTo(1);
    h.steps.clear();
    membership.presence(withCaps("bob", wiresVer()));
    assertThat(discosTo("bob")).isZero();
    Participant bob = h.state.participant("bob");
    assertThat(bob.wantsMedia()).isTrue();
    assertThat(bob.features()).isEqualTo(h.state.participant("alice").features());
    assertThat(h.steps).containsExactly(new MediaNeeded());
    assertThat(h.events)
        .filteredOn(ConferenceEvent.ParticipantDescribed.class::isInstance)
        .extracting(e -> ((ConferenceEvent.ParticipantDescribed) e).participant())
        .as("the records hear of bob as of alice")
        .containsExactly("alice", "bob");
  }

  @Test
  void aVersionItsAnswerDoesNotHashToIsAskedEveryTime() {
    membership.join();
    membership.presence(withCaps("alice", "bm90IHRoZSBoYXNoIG9mIGl0cyBmZWF0dXJlcz0="));
    membership.presence(withCaps("bob", "bm90IHRoZSBoYXNoIG9mIGl0cyBmZWF0dXJlcz0="));
    assertThat(discosTo("alice")).isEqualTo(1);
    assertThat(discosTo("bob")).isEqualTo(1);
    assertThat(h.state.participant("bob").wantsMedia()).isTrue();
  }

  static boolean isDisco(Element payload) {
    return payload != null && payload.is("query", Namespaces.DISCO_INFO);
  }

  @Test
  void aLeaverHasItsMediaEndedAndTheLastOneEndsTheConference() {
    membership.presence(presence("alice", null));
    membership.presence(presence("bob", null));
    Participant alice = h.state.participant("alice");
    h.steps.clear();
    membership.presence(presence("alice", "unavailable"));
    assertThat(h.steps)
        .containsExactly(new EndMedia(alice, Media.NONE, null, null, false), new MediaNeeded());
    assertThat(h.events).contains(new ParticipantLeft(ROOM, "alice", 1));
    membership.presence(presence("bob", "unavailable"));
    assertThat(h.steps).last().isEqualTo(new End("everyone left"));
  }

  @Test
  void aParticipantThatLeavesBeforeAnsweringTheDiscoIsDescribedOnceBeforeItLeaves() {
    membership.join();
    h.wire.holdDisco = true;
    membership.presence(presence("alice", null));
    membership.presence(presence("bob", null));
    membership.presence(presence("alice", "unavailable"));
    h.wire.releaseDisco(); // alice's answer comes after her leave; bob's is his first
    List<String> aliceEvents =
        h.events.stream()
            .filter(
                e ->
                    e instanceof ConferenceEvent.ParticipantDescribed d
                            && d.participant().equals("alice")
                        || e instanceof ParticipantLeft l && l.participant().equals("alice"))
            .map(e -> e.getClass().getSimpleName())
            .toList();
    assertThat(aliceEvents)
        .as("the records get her stay, with an unknown client, before her leave; and only once")
        .containsExactly("ParticipantDescribed", "ParticipantLeft");
    assertThat(h.events)
        .filteredOn(ConferenceEvent.ParticipantDescribed.class::isInstance)
        .extracting(e -> ((ConferenceEvent.ParticipantDescribed) e).participant())
        .containsExactly("alice", "bob");
  }

  @Test
  void nobodyWithinTheInitialTimeoutEndsTheConference() {
    membership.join();
    h.fire(h.config.conference().initialTimeout());
    assertThat(h.steps).containsExactly(new End("nobody joined within the initial timeout"));
  }

  @Test
  void theNoBridgeSignIsResentOnlyWhenItChanges() {
    membership.join();
    h.wire.clear();
    membership.bridgeNotice(true);
    membership.bridgeNotice(true);
    membership.bridgeNotice(false);
    assertThat(h.wire.out)
        .extracting(p -> p.child(ConferenceProperties.BRIDGE_NOT_AVAILABLE, WireNamespaces.FOCUS))
        .satisfiesExactly(sign -> assertThat(sign).isNotNull(), sign -> assertThat(sign).isNull());
  }
}
