package org.huddle.focus.conference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huddle.focus.FocusConfig;
import org.huddle.focus.conference.ConferenceEvent.ParticipantJoined;
import org.huddle.focus.conference.ConferenceEvent.ParticipantLeft;
import org.huddle.focus.conference.ConferenceState.Timer;
import org.huddle.focus.conference.Participant.Media;
import org.huddle.focus.conference.Step.End;
import org.huddle.focus.conference.Step.EndMedia;
import org.huddle.focus.conference.Step.MediaNeeded;
import org.huddle.focus.conference.Step.TellMuted;
import org.huddle.focus.jingle.Features;
import org.huddle.focus.muc.CapsCache;
import org.huddle.focus.muc.EntityCaps;
import org.huddle.focus.muc.Occupant;
import org.huddle.focus.muc.Room;
import org.huddle.focus.xml.Xml;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in the conference: the focus's own place in the room (join, unlock, leave, its presence
 * extensions), participants arriving, changing and leaving (from room presence), what each supports
 * (disco#info), and who is made owner ({@link Moderators} decides). Media is not its business: when
 * the participants change it asks for {@link MediaNeeded}, and a leaver's media goes with {@link
 * EndMedia}.
 */
final class Membership {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  private final ConferenceState state;
  private final Effects effects;
  private final FocusConfig.Conference config;
  private final Admission admission;
  private final Moderators moderators;
  private final CapsCache caps;
  private final Map<String, String> properties = new LinkedHashMap<>();

  Membership(
      ConferenceState state,
      Effects effects,
      FocusConfig.Conference config,
      Admission admission,
      CapsCache caps) {
    this.state = state;
    this.effects = effects;
    this.config = config;
    this.admission = admission;
    this.moderators = new Moderators(config.autoOwner(), admission);
    this.caps = caps;
    properties.put("support-terminate-restart", "true");
  }

  /** Joins the room; the first participant must arrive within the initial timeout. */
  void join() {
    state.room().useExtensions(extensions());
    state.room().join();
    state.arm(
        Timer.INITIAL,
        effects.schedule(
            config.initialTimeout(),
            () -> {
              state.fired(Timer.INITIAL);
              if (state.participants().isEmpty() && !state.ended()) {
                effects.dispatch(new End("nobody joined within the initial timeout"));
              }
            }));
  }

  /**
   * A presence from the room.
   *
   * @return true when it made the focus part of the room (the conference is running)
   */
  boolean presence(Element p) {
    if (state.ended()) {
      return false;
    }
    if ("error".equals(p.attr("type"))) {
      if (state.room().occupantJid().equalsIgnoreCase(p.attr("from"))) {
        effects.dispatch(new End("the room refused the focus: " + Xml.errorCondition(p)));
      }
      return false;
    }
    Occupant o = Occupant.parse(p);
    if (o == null) {
      return false;
    }
    if (o.nick().equals(Room.NICK) || o.self()) {
      return self(o);
    }
    Participant known = state.participant(o.nick());
    if (!o.available()) {
      left(o);
    } else if (known != null) {
      known.presenceChanged(o);
      electOwners();
    } else {
      arrived(o);
    }
    return false;
  }

  private boolean self(Occupant o) {
    if (!o.available()) {
      effects.dispatch(new End("the focus was removed from the room"));
      return false;
    }
    if (state.phase() != Phase.JOINING) {
      return false;
    }
    state.phase(Phase.RUNNING);
    LOG.info("{}: focus joined (meeting {})", state.roomJid(), state.meetingId());
    effects.publish(new ConferenceEvent.ConferenceStarted(state.roomJid(), state.meetingId()));
    if (o.statusCodes().contains(201)) {
      state.room().unlock();
    }
    return true;
  }

  private void arrived(Occupant o) {
    Participant p = state.add(o, admission.signedIn(o.realBareJid()));
    state.cancel(Timer.INITIAL);
    LOG.info("{}: {} joined ({} participants)", state.roomJid(), p.id(), state.size());
    effects.publish(new ParticipantJoined(state.roomJid(), p.id(), state.size()));
    if (!p.forceMute().equals(Participant.NOT_MUTED)) {
      effects.dispatch(new TellMuted(p));
    }
    electOwners();
    discoverFeatures(p);
  }

  /**
   * Learns what the participant supports: from the caps cache when its presence names a client
   * version (XEP-0115) an earlier disco#info answer proved, else by asking it (XEP-0030), as Jicofo
   * does before inviting; a proved answer is remembered for the next joiner with that version.
   */
  private void discoverFeatures(Participant p) {
    EntityCaps version = EntityCaps.of(p.occupant().presence());
    Element known = caps.lookup(version);
    if (known != null) {
      featuresKnown(p, known, "caps");
      return;
    }
    Element query = new Element("query", Namespaces.DISCO_INFO);
    effects
        .request(Xml.iq("get", p.occupant().occupantJid(), query))
        .handle((answer, error) -> answer != null && !Xml.isError(answer) ? answer : null)
        .thenAcceptAsync(
            answer -> {
              Element info = answer == null ? null : Xml.payload(answer);
              if (version != null && info != null && !caps.learn(version, info)) {
                LOG.debug(
                    "{}: {}'s disco#info does not hash to {}", state.roomJid(), p.id(), version);
              }
              if (state.present(p)) {
                featuresKnown(p, info, "disco#info");
              }
            },
            effects.queue());
  }

  private void featuresKnown(Participant p, Element info, String from) {
    p.featuresKnown(info == null ? Features.DEFAULT : Features.of(info), from);
    described(p, info);
    effects.dispatch(new MediaNeeded());
  }

  /** Tells the records who joined: a client kind from its disco#info, or unknown without one. */
  private void described(Participant p, Element info) {
    effects.publish(
        new ConferenceEvent.ParticipantDescribed(
            state.roomJid(),
            p.id(),
            state.meetingId(),
            displayName(p.occupant()),
            ClientKinds.of(info),
            p.joinedAt()));
  }

  /** XEP-0172's user nickname: the display name Jitsi clients put in their room presence. */
  private static final String NICK = "http://jabber.org/protocol/nick";

  /** The display name in an occupant's presence, or null. */
  private static String displayName(Occupant o) {
    Element nick = o.presence() == null ? null : o.presence().child("nick", NICK);
    String name = nick == null ? null : nick.text().strip();
    return name == null || name.isEmpty() ? null : name;
  }

  private void left(Occupant o) {
    Participant p = state.remove(o.nick());
    if (p == null) {
      return;
    }
    LOG.info("{}: {} left ({} participants)", state.roomJid(), p.id(), state.size());
    if (p.features() == null) {
      described(p, null); // left before answering the disco#info: still a (short) stay
    }
    // Jicofo leaves source-remove to the room's leave presence; clients that do not read room
    // presence (gateways, test clients) need it, and lib-jitsi-meet ignores the repeat.
    effects.dispatch(new EndMedia(p, Media.NONE, null, null, false));
    effects.publish(new ParticipantLeft(state.roomJid(), p.id(), state.size()));
    effects.dispatch(new MediaNeeded());
    if (state.participants().isEmpty()) {
      effects.dispatch(new End("everyone left"));
      return;
    }
    electOwners();
  }

  private void electOwners() {
    if (state.ended()) {
      return;
    }
    for (Participant p : moderators.toGrant(state.participants())) {
      p.markOwnerRequested();
      LOG.info("{}: making {} owner", state.roomJid(), p.id());
      state.room().grantOwner(p.occupant().realBareJid());
    }
  }

  /** Shows or hides Jicofo's "no bridge" sign in the focus's presence. */
  void bridgeNotice(boolean show) {
    if (show == state.bridgeNotice() || state.ended()) {
      return;
    }
    state.bridgeNotice(show);
    state.room().setExtensions(extensions());
  }

  private List<Element> extensions() {
    List<Element> out = new ArrayList<>();
    out.add(Room.conferenceProperties(properties));
    if (state.bridgeNotice()) {
      out.add(Room.bridgeNotAvailable());
    }
    return out;
  }

  /** The focus leaves the room, and the participants are forgotten. */
  void leave() {
    state.room().leave();
    state.clear();
  }
}
