package org.huddle.focus.conference;

import org.huddle.focus.conference.Participant.Media;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.SourceMap;
import org.huddle.xmpp.codec.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells participants about each other's sources. An offer carries everyone else's accepted sources
 * and the bridge's; later changes go out as {@code source-add} and {@code source-remove} to
 * participants whose session is accepted, and wait (merged) for those whose session is only
 * offered, to go out right after their {@code session-accept}. With {@code strip-simulcast},
 * receivers see only the first layer of a simulcast source and its RTX (docs/wire.md#sources).
 */
final class SourceSignaling {
  private static final Logger LOG = LoggerFactory.getLogger(SourceSignaling.class);
  private static final String BRIDGE_OWNER = "jvb";

  private final Conference conference;
  private final ConferenceContext ctx;
  private final ConferenceMedia media;

  SourceSignaling(Conference conference, ConferenceContext ctx, ConferenceMedia media) {
    this.conference = conference;
    this.ctx = ctx;
    this.media = media;
  }

  private EndpointSources forReceivers(EndpointSources s) {
    return ctx.config().conference().stripSimulcast() ? s.stripSimulcast() : s;
  }

  /** What an offer to {@code receiver} carries: the others' sources and the bridge's. */
  SourceMap sourcesFor(Participant receiver) {
    SourceMap map = SourceMap.EMPTY;
    for (Participant p : conference.participants()) {
      if (p != receiver && !p.sources.isEmpty()) {
        map = map.with(p.id, forReceivers(p.sources));
      }
    }
    return map.with(BRIDGE_OWNER, media.bridgeSources());
  }

  /** Every sender's sources except the receiver's own, for checking SSRC clashes. */
  SourceMap othersOf(Participant p) {
    SourceMap map = SourceMap.EMPTY;
    for (Participant q : conference.participants()) {
      if (q != p) {
        map = map.with(q.id, q.sources);
      }
    }
    return map.with(BRIDGE_OWNER, media.bridgeSources());
  }

  void added(Participant from, EndpointSources added) {
    tellOthers(from, added, true);
  }

  void removed(Participant from, EndpointSources removed) {
    tellOthers(from, removed, false);
  }

  private void tellOthers(Participant from, EndpointSources sources, boolean add) {
    SourceMap change = SourceMap.of(from.id, forReceivers(sources));
    for (Participant q : conference.participants()) {
      if (q == from || q.session == null) {
        continue;
      }
      if (q.media == Media.ACTIVE) {
        send(q, add ? "source-add" : "source-remove", change);
      } else if (q.media == Media.OFFERED && add) {
        q.pendingAdd = q.pendingAdd.plus(change);
      } else if (q.media == Media.OFFERED) {
        q.pendingAdd = q.pendingAdd.minus(change);
        q.pendingRemove = q.pendingRemove.plus(change);
      }
    }
  }

  /** Sends what waited for this participant's session-accept. */
  void flush(Participant p) {
    if (!p.pendingRemove.isEmpty()) {
      send(p, "source-remove", p.pendingRemove);
    }
    if (!p.pendingAdd.isEmpty()) {
      send(p, "source-add", p.pendingAdd);
    }
    p.pendingAdd = SourceMap.EMPTY;
    p.pendingRemove = SourceMap.EMPTY;
  }

  private void send(Participant to, String action, SourceMap sources) {
    Element iq = to.session.sources(action, sources);
    ctx.xmpp()
        .request(iq, ctx.config().xmpp().replyTimeout())
        .whenComplete(
            (answer, error) -> {
              if (error != null) {
                LOG.debug(
                    "{}: {} to {} unanswered: {}",
                    conference.roomJid(),
                    action,
                    to.id,
                    error.toString());
              }
            });
  }
}
