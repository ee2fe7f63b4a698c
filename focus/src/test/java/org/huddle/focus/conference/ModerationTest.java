package org.huddle.focus.conference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.focus.conference.Harness.jid;

import java.util.Map;
import org.huddle.focus.conference.Step.ForceMuteEndpoint;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.colibri2.ForceMute;
import org.huddle.signalling.jitsi.Mute;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Mutes alone: a relayed mute request in; the answer, the participant's bridge mute, the step that
 * tells the bridge, and the notice to the muted participant out.
 */
class ModerationTest {
  final Harness h = new Harness();
  final Moderation moderation = new Moderation(h.state, h);

  @AfterEach
  void close() {
    h.close();
  }

  static Element request(String from, boolean video, String target, boolean mute) {
    Element iq = Xml.stanza("iq", Map.of("type", "set", "id", "m1", "from", from));
    iq.add(new Mute(video, target, null, mute).toElement());
    return iq;
  }

  static String error(Element answer) {
    return Xml.isError(answer) ? Xml.errorCondition(answer) : null;
  }

  @Test
  void aModeratorMutesAnothersAudioOnTheBridgeAndTheFocusTellsIt() {
    h.joined("mod", "moderator");
    Participant bob = h.joined("bob");
    Element answer = moderation.mute(request(jid("mod"), false, jid("bob"), true));
    assertThat(answer.attr("type")).isEqualTo("result");
    assertThat(bob.forceMute()).isEqualTo(new ForceMute(true, false));
    assertThat(h.steps).containsExactly(new ForceMuteEndpoint(bob));
    assertThat(h.wire.out).hasSize(1);
    Element notice = h.wire.out.get(0);
    assertThat(notice.attr("to")).isEqualTo(jid("bob"));
    assertThat(notice.attr("type")).isEqualTo("set");
    assertThat(Xml.payload(notice).toXml())
        .isEqualTo(
            "<mute xmlns='http://jitsi.org/jitmeet/audio' actor='" + jid("mod") + "'>true</mute>");
    assertThat(h.events)
        .as("the mute is announced for the records' audit log")
        .contains(
            new ConferenceEvent.ParticipantMuted(
                Harness.ROOM, h.state.meetingId(), jid("mod"), "bob", "audio"));
  }

  @Test
  void videoIsMutedApartFromAudioAndAParticipantUnmutesItselfWithoutANotice() {
    h.joined("mod", "moderator");
    Participant bob = h.joined("bob");
    moderation.mute(request(jid("mod"), false, jid("bob"), true));
    moderation.mute(request(jid("mod"), true, jid("bob"), true));
    assertThat(bob.forceMute()).isEqualTo(new ForceMute(true, true));
    h.wire.out.clear();
    h.steps.clear();
    Element answer = moderation.mute(request(jid("bob"), false, jid("bob"), false));
    assertThat(answer.attr("type")).isEqualTo("result");
    assertThat(bob.forceMute()).isEqualTo(new ForceMute(false, true));
    assertThat(h.steps).containsExactly(new ForceMuteEndpoint(bob));
    assertThat(h.wire.out).isEmpty();
  }

  @Test
  void aParticipantWhoIsNotAModeratorCannotMuteAnotherAndNobodyUnmutesAnother() {
    h.joined("mod", "moderator");
    Participant alice = h.joined("alice");
    Participant bob = h.joined("bob");
    assertThat(error(moderation.mute(request(jid("alice"), false, jid("bob"), true))))
        .isEqualTo("forbidden");
    moderation.mute(request(jid("mod"), false, jid("alice"), true));
    h.steps.clear();
    h.wire.out.clear();
    assertThat(error(moderation.mute(request(jid("mod"), false, jid("alice"), false))))
        .isEqualTo("not-allowed");
    assertThat(alice.forceMute()).isEqualTo(new ForceMute(true, false));
    assertThat(bob.forceMute()).isEqualTo(Participant.NOT_MUTED);
    assertThat(h.steps).isEmpty();
    assertThat(h.wire.out).isEmpty();
  }

  @Test
  void aRequestFromOutsideTheRoomForNobodyOrMalformedIsRefusedWithItsReason() {
    h.joined("mod", "moderator");
    h.joined("bob");
    assertThat(error(moderation.mute(request("x@elsewhere.example/mod", false, jid("bob"), true))))
        .isEqualTo("forbidden");
    assertThat(error(moderation.mute(request(jid("mod"), false, jid("nobody"), true))))
        .isEqualTo("item-not-found");
    assertThat(error(moderation.mute(request(jid("mod"), false, null, true))))
        .isEqualTo("bad-request");
    Element yes = request(jid("mod"), false, jid("bob"), true);
    Xml.payload(yes).text("yes");
    assertThat(error(moderation.mute(yes))).isEqualTo("bad-request");
    assertThat(h.steps).isEmpty();
  }

  @Test
  void aMutedParticipantsNextEndpointStartsMutedAndAMuteReachesItsCurrentOne() {
    h.announce("jvb-1");
    h.joined("mod", "moderator");
    Participant bob = h.joined("bob");
    bob.forceMuted(new ForceMute(true, false));
    BridgePlacement placement = new BridgePlacement(h.state, h, h.ctx);
    placement.mediaNeeded();
    assertThat(h.wire.colibri())
        .filteredOn(iq -> Xml.write(iq).contains("id='bob'"))
        .singleElement()
        .satisfies(
            iq -> assertThat(Xml.write(iq)).contains("<force-mute audio='true' video='false'/>"));
    assertThat(h.wire.colibri())
        .filteredOn(iq -> Xml.write(iq).contains("id='mod'"))
        .singleElement()
        .satisfies(iq -> assertThat(Xml.write(iq)).doesNotContain("force-mute"));
    int before = h.wire.colibri().size();
    bob.forceMuted(new ForceMute(true, true));
    placement.forceMute(bob);
    assertThat(h.wire.colibri()).hasSize(before + 1);
    assertThat(Xml.write(h.wire.colibri().get(before)))
        .contains("<endpoint id='bob'><force-mute audio='true' video='true'/></endpoint>");
  }
}
