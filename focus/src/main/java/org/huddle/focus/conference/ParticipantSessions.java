package org.huddle.focus.conference;

import java.util.List;
import org.huddle.focus.colibri2.BridgeSession;
import org.huddle.focus.conference.JingleRequests.Accept;
import org.huddle.focus.conference.JingleRequests.AddSources;
import org.huddle.focus.conference.JingleRequests.Decision;
import org.huddle.focus.conference.JingleRequests.End;
import org.huddle.focus.conference.JingleRequests.Nothing;
import org.huddle.focus.conference.JingleRequests.Refuse;
import org.huddle.focus.conference.JingleRequests.RemoveSources;
import org.huddle.focus.conference.JingleRequests.Restart;
import org.huddle.focus.conference.JingleRequests.Transport;
import org.huddle.focus.conference.Participant.Media;
import org.huddle.focus.conference.Step.Accepted;
import org.huddle.focus.conference.Step.ExpireEndpoint;
import org.huddle.focus.conference.Step.Invite;
import org.huddle.focus.conference.Step.SourcesChanged;
import org.huddle.focus.conference.Step.UpdateEndpoint;
import org.huddle.focus.jingle.Features;
import org.huddle.focus.jingle.JingleSession;
import org.huddle.focus.jingle.OfferFactory;
import org.huddle.focus.muc.Occupant;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.SourceRules;
import org.huddle.focus.xml.StanzaErrors;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.xmpp.codec.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The participants' Jingle sessions with the focus: the offer once a participant's endpoint is
 * allocated, the accept timeout, ending sessions, and the participants' requests on them, which
 * {@link JingleRequests} decides and this carries out. What a request means for the bridge goes out
 * as {@link UpdateEndpoint} or {@link ExpireEndpoint}, and for the others as {@link SourcesChanged}
 * or {@link Accepted}.
 */
final class ParticipantSessions {
  private static final Logger LOG = LoggerFactory.getLogger(ParticipantSessions.class);

  private final ConferenceState state;
  private final Effects effects;
  private final ConferenceContext ctx;
  private final SourceSignaling signalling;
  private final JingleRequests requests;
  private final RestartLimit restarts;

  ParticipantSessions(
      ConferenceState state, Effects effects, ConferenceContext ctx, SourceSignaling signalling) {
    this.state = state;
    this.effects = effects;
    this.ctx = ctx;
    this.signalling = signalling;
    var c = ctx.config().conference();
    this.requests =
        new JingleRequests(new SourceRules(c.maxSsrcsPerUser(), c.maxSsrcGroupsPerUser()));
    this.restarts =
        new RestartLimit(c.restartMinInterval(), c.restartMaxRequests(), c.restartInterval());
  }

  /** Its endpoint is allocated: sends the participant its session-initiate. */
  void offer(Participant p, BridgeSession s, BridgeSession.Allocation allocation) {
    Occupant o = p.occupant();
    JingleSession js =
        new JingleSession(
            o.occupantJid(),
            o.realJid(),
            ctx.focusJid(),
            ctx.config().conference().jsonSources() && p.features().has(Features.JSON_SOURCES));
    int generation = p.generation();
    p.offered(
        js,
        effects.schedule(
            ctx.config().conference().sessionAcceptTimeout(), () -> acceptTimedOut(p, generation)));
    effects.listen(js);
    Element iq =
        js.initiate(
            p.offer(),
            allocation.transport(),
            signalling.offer(p, state.participants(), state.bridgeSources()),
            s.id(),
            state.bridge().region());
    LOG.info("{}: {} offered its session ({})", state.roomJid(), p.id(), p.joinTimeline());
    effects
        .request(iq)
        .whenCompleteAsync(
            (answer, error) -> {
              // No answer counts as accepted, as in Jicofo; an error ends the session.
              if (answer != null && Xml.isError(answer) && state.current(p, generation, s)) {
                LOG.warn(
                    "{}: {} refused the session ({})",
                    state.roomJid(),
                    p.id(),
                    Xml.errorCondition(answer));
                endMedia(p, Media.FAILED, "general-error", "jingle session failed", true);
              }
            },
            effects.queue());
  }

  private void acceptTimedOut(Participant p, int generation) {
    if (!state.present(p) || p.generation() != generation || p.media() != Media.OFFERED) {
      return;
    }
    LOG.warn("{}: {} did not accept its session in time; removing it", state.roomJid(), p.id());
    ctx.stats().acceptTimeouts.incrementAndGet();
    endMedia(p, Media.FAILED, "timeout", "no session-accept", true);
    state.room().kick(p.id(), "The meeting did not hear back from your browser in time.");
  }

  /**
   * Ends a participant's media: its Jingle session (terminated, if a reason is given and asked),
   * its endpoint on the bridge, and its sources, which the others are told to remove.
   */
  void endMedia(Participant p, Media to, String reason, String text, boolean terminate) {
    if (p.session() != null) {
      effects.forget(p.session());
      if (terminate) {
        effects.request(p.session().terminate(reason, text));
      }
    }
    effects.dispatch(new ExpireEndpoint(p));
    EndpointSources gone = p.sources();
    p.resetMediaAndSources(to);
    if (!gone.isEmpty()) {
      effects.dispatch(new SourcesChanged(p, EndpointSources.EMPTY, gone));
    }
  }

  /** A participant needs a new session (ICE failed, or it restarted): re-invite it. */
  void reinvite(Participant p, boolean terminate) {
    endMedia(p, Media.NONE, "success", "reinvite requested", terminate);
    effects.dispatch(new Invite(p));
  }

  /** Ends every participant's session, with nothing said about sources: all get a new offer. */
  void terminateAll(String reason, String text) {
    for (Participant p : state.participants()) {
      if (p.session() != null) {
        effects.forget(p.session());
        effects.request(p.session().terminate(reason, text));
      }
      p.resetMediaAndSources(Media.NONE);
    }
  }

  /** The conference ends: its sessions are forgotten, with nothing sent. */
  void forgetAll() {
    for (Participant p : state.participants()) {
      if (p.session() != null) {
        effects.forget(p.session());
      }
      p.resetMedia(Media.NONE);
    }
  }

  /** A participant's request on its session; the answer to send. */
  Element request(JingleSession js, String action, Element request) {
    Participant p = state.bySession(js);
    if (p == null) {
      return refuse(request, "item-not-found", "the session has ended", "unknown-session");
    }
    BridgeSession session = state.session();
    Decision d =
        requests.decide(
            p,
            action,
            Xml.payload(request),
            SourceSignaling.othersOf(p, state.participants(), state.bridgeSources()),
            session == null ? null : session.id());
    switch (d) {
      case Refuse r -> {
        return refuse(request, r.condition(), r.text(), r.jingleCondition());
      }
      case Accept a -> accepted(p, a);
      case AddSources a -> {
        p.sourcesChanged(a.all());
        effects.dispatch(new UpdateEndpoint(p, List.of(), null, a.all()));
        effects.dispatch(new SourcesChanged(p, a.fresh(), EndpointSources.EMPTY));
      }
      case RemoveSources r -> {
        if (!r.named().isEmpty()) {
          p.sourcesChanged(p.sources().minus(r.named()));
          effects.dispatch(new UpdateEndpoint(p, List.of(), null, p.sources()));
          effects.dispatch(new SourcesChanged(p, EndpointSources.EMPTY, r.named()));
        }
      }
      case Transport t -> effects.dispatch(new UpdateEndpoint(p, List.of(), t.transport(), null));
      case End e -> {
        LOG.info("{}: {} ended its session", state.roomJid(), p.id());
        endMedia(p, Media.FAILED, "success", null, false);
      }
      case Restart r -> {
        if (!p.allowRestart(restarts, System.nanoTime())) {
          return refuse(request, "resource-constraint", "restarting too often", null);
        }
        LOG.info("{}: {} {}", state.roomJid(), p.id(), r.why());
        reinvite(p, r.terminate());
      }
      case Nothing n -> {}
    }
    return Xml.result(request, null);
  }

  private void accepted(Participant p, Accept a) {
    p.accepted(a.sources());
    effects.dispatch(new UpdateEndpoint(p, a.accepted(), a.transport(), a.sources()));
    effects.dispatch(new Accepted(p, a.sources()));
    LOG.info(
        "{}: {} accepted its session with {} sources, video codecs {}",
        state.roomJid(),
        p.id(),
        a.sources().sources().size(),
        a.accepted().stream().anyMatch(m -> "video".equals(m.type()))
            ? OfferFactory.codecNames(a.accepted(), "video")
            : "as offered");
  }

  /** The error answer to a request, counted. */
  Element refuse(Element request, String condition, String text, String jingleCondition) {
    ctx.stats().jingleErrors.incrementAndGet();
    return StanzaErrors.reply(
        request, condition, text, jingleCondition == null ? null : Jingle.error(jingleCondition));
  }
}
