package org.huddle.focus.conference;

import java.util.List;
import java.util.Map;
import org.huddle.focus.conference.Step.ForceMuteEndpoint;
import org.huddle.focus.xml.StanzaErrors;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.colibri2.ForceMute;
import org.huddle.signalling.jitsi.Mute;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A moderator's mutes (docs/wire.md#mute): a participant's {@code mute} request to the focus's
 * occupant JID. A moderator may mute anyone; anyone may mute or unmute themself; nobody unmutes
 * another. The mute is enforced on the bridge (Colibri2 {@code force-mute}, through {@link
 * ForceMuteEndpoint}), so a client that ignores it is still not heard, and the muted participant is
 * told by a {@code mute} IQ from the focus's occupant JID, which clients never answer.
 *
 * <p>A/V moderation (docs/wire.md#av-moderation): while a medium is moderated, a participant who is
 * neither a moderator nor on that medium's whitelist may not unmute itself ({@code not-allowed}),
 * and stays muted on the bridge. Turning moderation on mutes every such participant, as does taking
 * someone off the whitelist; the state comes from the {@code avmoderation} component's messages.
 */
final class Moderation {
  private static final Logger LOG = LoggerFactory.getLogger(Moderation.class);

  private final ConferenceState state;
  private final Effects effects;

  Moderation(ConferenceState state, Effects effects) {
    this.state = state;
    this.effects = effects;
  }

  /**
   * Answers a mute request that the room relayed from an occupant.
   *
   * @param iq the request, {@code from} the requester's occupant JID
   * @return the result, or an error: {@code bad-request} (malformed), {@code forbidden} (not a
   *     participant, or muting another without being a moderator), {@code item-not-found} (no such
   *     participant), {@code not-allowed} (unmuting another)
   */
  Element mute(Element iq) {
    Mute m;
    try {
      m = Mute.parse(Xml.payload(iq));
    } catch (SignallingException e) {
      return StanzaErrors.reply(iq, "bad-request", e.getMessage(), null);
    }
    if (m.jid() == null) {
      return StanzaErrors.reply(iq, "bad-request", "a mute names its participant in jid", null);
    }
    Participant from = occupant(iq.attr("from"));
    if (from == null) {
      return StanzaErrors.reply(iq, "forbidden", "only a participant may ask for a mute", null);
    }
    Participant target = occupant(m.jid());
    if (target == null) {
      return StanzaErrors.reply(iq, "item-not-found", "no participant " + m.jid(), null);
    }
    boolean self = target == from;
    if (!self && !m.mute()) {
      return StanzaErrors.reply(iq, "not-allowed", "only a participant unmutes itself", null);
    }
    if (!self && !from.isModerator()) {
      return StanzaErrors.reply(iq, "forbidden", "only a moderator mutes others", null);
    }
    if (self && !m.mute() && !state.avModeration().mayUnmute(from, m.video())) {
      LOG.info(
          "{}: {} may not unmute its {}: A/V moderation",
          state.roomJid(),
          from.id(),
          m.video() ? "video" : "audio");
      // Said again, so that a client that unmuted before asking (lib-jitsi-meet does) mutes again
      // and asks once more when it is allowed.
      effects.send(
          Xml.iq(
              "set",
              from.occupant().occupantJid(),
              new Mute(m.video(), null, null, true).toElement()));
      return StanzaErrors.reply(
          iq, "not-allowed", "a moderator must allow you to unmute first", null);
    }
    ForceMute was = target.forceMute();
    ForceMute now =
        m.video() ? new ForceMute(was.audio(), m.mute()) : new ForceMute(m.mute(), was.video());
    if (!now.equals(was)) {
      LOG.info(
          "{}: {} {} {}'s {}",
          state.roomJid(),
          from.id(),
          m.mute() ? "muted" : "unmuted",
          target.id(),
          m.video() ? "video" : "audio");
      target.forceMuted(now);
      effects.dispatch(new ForceMuteEndpoint(target));
    }
    if (!self && m.mute()) {
      Mute notice = new Mute(m.video(), null, from.occupant().occupantJid(), true);
      effects.send(Xml.iq("set", target.occupant().occupantJid(), notice.toElement()));
      effects.publish(
          new ConferenceEvent.ParticipantMuted(
              state.roomJid(),
              state.meetingId(),
              from.occupant().occupantJid(),
              target.id(),
              m.video() ? "video" : "audio"));
    }
    return Xml.result(iq, null);
  }

  /**
   * A message from the A/V moderation component about this room: moderation of a medium turned on
   * (every participant who may not unmute is muted) or off, or the whitelists (whoever was taken
   * off is muted again).
   */
  void avModeration(AvModerationNotice n) {
    AvModeration av = state.avModeration();
    if (n.enabled() != null) {
      if (av.enabled(n.video(), n.enabled(), n.actor())) {
        LOG.info(
            "{}: A/V moderation of {} turned {} by {}",
            state.roomJid(),
            n.video() ? "video" : "audio",
            n.enabled() ? "on" : "off",
            n.actor());
        for (Participant p : List.copyOf(state.participants())) {
          muteUnlessAllowed(p, n.video(), n.actor());
        }
      }
      return;
    }
    for (Map.Entry<Boolean, List<String>> list : n.whitelists().entrySet()) {
      for (String removed : av.allowed(list.getKey(), list.getValue())) {
        Participant p = occupant(removed);
        if (p != null) {
          muteUnlessAllowed(p, list.getKey(), null);
        }
      }
    }
  }

  /**
   * Tells a participant that arrived while A/V moderation was on that it is muted in each medium it
   * may not unmute (it starts so on the bridge, {@link ConferenceState#add}).
   */
  void tellMuted(Participant p) {
    for (boolean video : new boolean[] {false, true}) {
      if (video ? p.forceMute().video() : p.forceMute().audio()) {
        String actor = state.avModeration().actor(video);
        effects.send(
            Xml.iq(
                "set", p.occupant().occupantJid(), new Mute(video, null, actor, true).toElement()));
      }
    }
  }

  /** Mutes the participant's medium on the bridge, and tells it, unless it may unmute. */
  private void muteUnlessAllowed(Participant p, boolean video, String actor) {
    ForceMute was = p.forceMute();
    if (state.avModeration().mayUnmute(p, video) || (video ? was.video() : was.audio())) {
      return;
    }
    p.forceMuted(video ? new ForceMute(was.audio(), true) : new ForceMute(true, was.video()));
    effects.dispatch(new ForceMuteEndpoint(p));
    effects.send(
        Xml.iq("set", p.occupant().occupantJid(), new Mute(video, null, actor, true).toElement()));
  }

  /** The participant at an occupant JID of this room, or null. */
  private Participant occupant(String jid) {
    Jid j = jid == null ? null : Jid.ofOrNull(jid);
    if (j == null
        || j.resource() == null
        || !j.bare().toString().equalsIgnoreCase(state.roomJid())) {
      return null;
    }
    return state.participant(j.resource());
  }
}
