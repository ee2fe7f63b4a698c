package org.huddle.focus.conference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.focus.conference.Harness.ROOM;
import static org.huddle.focus.conference.Harness.jid;
import static org.huddle.focus.conference.ModerationTest.error;
import static org.huddle.focus.conference.ModerationTest.request;

import org.huddle.focus.conference.Step.ForceMuteEndpoint;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.colibri2.ForceMute;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A/V moderation in the focus (docs/wire.md#av-moderation): the component's messages in; the
 * answers to self-unmutes, the bridge mutes and the notices out.
 */
class AvModerationTest {
  final Harness h = new Harness();
  final Moderation moderation = new Moderation(h.state, h);

  @AfterEach
  void close() {
    h.close();
  }

  static AvModerationNotice enabled(String media, boolean on) {
    return AvModerationNotice.parse(
        "{\"type\":\"av_moderation\",\"room\":\""
            + ROOM
            + "\",\"enabled\":"
            + on
            + ",\"actor\":\""
            + jid("mod")
            + "\",\"mediaType\":\""
            + media
            + "\"}");
  }

  static AvModerationNotice whitelists(String lists, String media, boolean removed) {
    return AvModerationNotice.parse(
        "{\"type\":\"av_moderation\",\"room\":\""
            + ROOM
            + "\",\"whitelists\":"
            + lists
            + (removed ? ",\"removed\":true" : "")
            + ",\"mediaType\":\""
            + media
            + "\"}");
  }

  String unmute(String nick, boolean video) {
    Element answer = moderation.mute(request(jid(nick), video, jid(nick), false));
    return error(answer) == null ? answer.attr("type") : error(answer);
  }

  @Test
  void turningItOnMutesEveryoneButTheModeratorsOnTheBridgeAndTellsThem() {
    h.joined("mod", "moderator");
    Participant bob = h.joined("bob");
    Participant cy = h.joined("cy");
    moderation.avModeration(enabled("audio", true));
    assertThat(bob.forceMute()).isEqualTo(new ForceMute(true, false));
    assertThat(cy.forceMute()).isEqualTo(new ForceMute(true, false));
    assertThat(h.state.participant("mod").forceMute()).isEqualTo(Participant.NOT_MUTED);
    assertThat(h.steps).containsExactly(new ForceMuteEndpoint(bob), new ForceMuteEndpoint(cy));
    assertThat(h.wire.out).extracting(m -> m.attr("to")).containsExactly(jid("bob"), jid("cy"));
    assertThat(Xml.payload(h.wire.out.get(0)).toXml())
        .isEqualTo(
            "<mute xmlns='http://jitsi.org/jitmeet/audio' actor='" + jid("mod") + "'>true</mute>");
    h.steps.clear();
    moderation.avModeration(enabled("audio", true));
    assertThat(h.steps).as("the same state again changes nothing").isEmpty();
  }

  @Test
  void aParticipantUnmutesOnlyOnceAllowedAndAModeratorAlways() {
    h.joined("mod", "moderator");
    Participant bob = h.joined("bob");
    moderation.avModeration(enabled("audio", true));
    h.wire.out.clear();
    assertThat(unmute("bob", false)).isEqualTo("not-allowed");
    assertThat(bob.forceMute().audio()).as("the bridge keeps dropping his audio").isTrue();
    assertThat(h.wire.out)
        .as("told again that he is muted, so that his client mutes the track it unmuted")
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.attr("to")).isEqualTo(jid("bob"));
              assertThat(Xml.payload(m).toXml())
                  .isEqualTo("<mute xmlns='http://jitsi.org/jitmeet/audio'>true</mute>");
            });
    assertThat(unmute("bob", true)).as("video is not moderated").isEqualTo("result");
    assertThat(unmute("mod", false)).isEqualTo("result");
    moderation.avModeration(
        whitelists("{\"audio\":[\"" + jid("mod") + "\",\"" + jid("bob") + "\"]}", "audio", false));
    assertThat(unmute("bob", false)).isEqualTo("result");
    assertThat(bob.forceMute()).isEqualTo(Participant.NOT_MUTED);
  }

  @Test
  void takenOffTheWhitelistHeIsMutedAgainAndTurningItOffFreesEveryone() {
    h.joined("mod", "moderator");
    Participant bob = h.joined("bob");
    moderation.avModeration(enabled("video", true));
    moderation.avModeration(
        whitelists("{\"video\":[\"" + jid("mod") + "\",\"" + jid("bob") + "\"]}", "video", false));
    assertThat(unmute("bob", true)).isEqualTo("result");
    h.steps.clear();
    h.wire.out.clear();
    moderation.avModeration(whitelists("{\"video\":[\"" + jid("mod") + "\"]}", "video", true));
    assertThat(bob.forceMute()).isEqualTo(new ForceMute(false, true));
    assertThat(h.steps).containsExactly(new ForceMuteEndpoint(bob));
    assertThat(Xml.payload(h.wire.out.get(0)).toXml())
        .isEqualTo("<mute xmlns='http://jitsi.org/jitmeet/video'>true</mute>");
    // An emptied list is left out of the message: the medium named is emptied.
    Participant cy = h.joined("cy");
    moderation.avModeration(whitelists("{}", "video", true));
    assertThat(unmute("cy", true)).isEqualTo("not-allowed");
    moderation.avModeration(enabled("video", false));
    assertThat(unmute("bob", true)).isEqualTo("result");
    assertThat(unmute("cy", true)).isEqualTo("result");
  }

  @Test
  void aJoinerWhoMayNotUnmuteStartsMutedOnTheBridgeAndIsTold() {
    h.joined("mod", "moderator");
    moderation.avModeration(enabled("audio", true));
    Participant late = h.joined("late");
    assertThat(late.forceMute()).isEqualTo(new ForceMute(true, false));
    assertThat(h.joined("mod2", "moderator").forceMute()).isEqualTo(Participant.NOT_MUTED);
    h.wire.out.clear();
    moderation.tellMuted(late);
    assertThat(h.wire.out)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.attr("to")).isEqualTo(jid("late"));
              assertThat(Xml.payload(m).toXml())
                  .as("named after the moderator who turned it on")
                  .isEqualTo(
                      "<mute xmlns='http://jitsi.org/jitmeet/audio' actor='"
                          + jid("mod")
                          + "'>true</mute>");
            });
  }

  @Test
  void membershipAsksForTheNoticeWhenAJoinerArrivesMuted() {
    Membership membership =
        new Membership(h.state, h, h.config.conference(), h.ctx.admission(), h.ctx.caps());
    h.joined("mod", "moderator");
    moderation.avModeration(enabled("video", true));
    h.steps.clear();
    membership.presence(Harness.presence("late", null, "participant"));
    assertThat(h.steps(Step.TellMuted.class))
        .extracting(Step.TellMuted::participant)
        .containsExactly(h.state.participant("late"));
  }

  @Test
  void unreadableOrForeignMessagesAreNotNotices() {
    assertThat(AvModerationNotice.parse("{not json")).isNull();
    assertThat(AvModerationNotice.parse("[]")).isNull();
    assertThat(AvModerationNotice.parse("{\"type\":\"speakerstats\",\"room\":\"r@m\"}")).isNull();
    assertThat(
            AvModerationNotice.parse(
                "{\"type\":\"av_moderation\",\"room\":\"r@m\",\"enabled\":\"yes\","
                    + "\"mediaType\":\"audio\"}"))
        .isNull();
    assertThat(
            AvModerationNotice.parse(
                "{\"type\":\"av_moderation\",\"room\":\"r@m\",\"whitelists\":{\"audio\":\"x\"}}"))
        .isNull();
    assertThat(
            AvModerationNotice.parse(
                "{\"type\":\"av_moderation\",\"room\":\"r@m\",\"pad\":\""
                    + "x".repeat(AvModerationNotice.MAX_JSON)
                    + "\"}"))
        .isNull();
    assertThat(
            AvModerationNotice.parse(
                "{\"type\":\"av_moderation\",\"room\":\"r@m\",\"enabled\":true,"
                    + "\"mediaType\":\"desktop\"}"))
        .as("the focus does not mute screens apart from video")
        .isNull();
  }
}
