package org.huddle.focus.conference;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.huddle.focus.colibri2.BridgeSession;
import org.huddle.focus.conference.Participant.Media;
import org.huddle.focus.jingle.JingleSession;
import org.huddle.focus.jingle.OfferFactory;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.SourceCodec;
import org.huddle.focus.source.SourceCodec.InvalidSources;
import org.huddle.focus.source.SourceMap;
import org.huddle.focus.source.SourceRules;
import org.huddle.focus.xml.StanzaErrors;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jingle.Content;
import org.huddle.signalling.jingle.IceUdpTransport;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.signalling.jitsi.JsonMessage;
import org.huddle.xmpp.codec.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a participant's Jingle requests on its session (XEP-0166 and Jitsi's source actions,
 * docs/wire.md#jingle), on the conference's queue. Errors are XEP-0166 §7.3's: an action the state
 * does not allow is {@code unexpected-request} with {@code <out-of-order/>}; bad sources or a
 * missing transport is {@code bad-request}; an action the focus does not do is {@code
 * feature-not-implemented}; restart requests beyond the rate limit are {@code resource-constraint}.
 */
final class ParticipantJingle {
  private static final Logger LOG = LoggerFactory.getLogger(ParticipantJingle.class);

  private final Conference conference;
  private final ConferenceContext ctx;
  private final ConferenceMedia media;
  private final SourceSignaling signaling;
  private final SourceRules rules;
  private final RestartLimit restarts;

  ParticipantJingle(
      Conference conference,
      ConferenceContext ctx,
      ConferenceMedia media,
      SourceSignaling signaling) {
    this.conference = conference;
    this.ctx = ctx;
    this.media = media;
    this.signaling = signaling;
    this.rules =
        new SourceRules(
            ctx.config().conference().maxSsrcsPerUser(),
            ctx.config().conference().maxSsrcGroupsPerUser());
    var c = ctx.config().conference();
    this.restarts =
        new RestartLimit(c.restartMinInterval(), c.restartMaxRequests(), c.restartInterval());
  }

  /** The router's entry: runs the request on the conference's queue. */
  CompletableFuture<Element> handle(JingleSession session, String action, Element request) {
    CompletableFuture<Element> answer = new CompletableFuture<>();
    conference
        .queue()
        .execute(
            () -> {
              try {
                answer.complete(dispatch(session, action, request));
              } catch (RuntimeException e) {
                LOG.warn("{}: Jingle {} failed", conference.roomJid(), action, e);
                answer.complete(error(request, "internal-server-error", null, null));
              }
            });
    return answer;
  }

  private Element dispatch(JingleSession session, String action, Element request) {
    Participant p =
        conference.participants().stream()
            .filter(q -> q.session == session)
            .findFirst()
            .orElse(null);
    if (p == null) {
      return error(request, "item-not-found", "the session has ended", "unknown-session");
    }
    Element jingle = Xml.payload(request);
    return switch (action) {
      case "session-accept" -> accept(p, jingle, request);
      case "source-add", "addsource" -> sourceAdd(p, jingle, request);
      case "source-remove", "removesource" -> sourceRemove(p, jingle, request);
      case "transport-info" -> transportInfo(p, jingle, request);
      case "session-terminate" -> terminate(p, jingle, request);
      case "session-info" -> info(p, jingle, request);
      default -> error(request, "feature-not-implemented", "the focus does not do " + action, null);
    };
  }

  private Element accept(Participant p, Element jingle, Element request) {
    if (p.media != Media.OFFERED) {
      return error(request, "unexpected-request", "the session is not pending", "out-of-order");
    }
    Element transport = transport(jingle);
    if (transport == null) {
      return error(request, "bad-request", "session-accept without an ICE-UDP transport", null);
    }
    EndpointSources sources;
    try {
      sources = sources(p, jingle);
      rules.checkAdd(EndpointSources.EMPTY, sources, signaling.othersOf(p));
    } catch (InvalidSources e) {
      return error(request, "bad-request", e.getMessage(), null);
    }
    // The bridge learns which of the offered codecs this participant takes (docs/codecs.md).
    List<org.huddle.signalling.colibri2.Media> accepted =
        OfferFactory.acceptedMedia(p.offer, jingle.elements(Content.ELEMENT, Content.NAMESPACE));
    p.cancelAcceptTimer();
    p.media = Media.ACTIVE;
    p.sources = sources;
    update(p, accepted, transport, sources);
    if (!sources.isEmpty()) {
      signaling.added(p, sources);
    }
    signaling.flush(p);
    LOG.info(
        "{}: {} accepted its session with {} sources, video codecs {}",
        conference.roomJid(),
        p.id,
        sources.sources().size(),
        accepted.stream().anyMatch(m -> "video".equals(m.type()))
            ? OfferFactory.codecNames(accepted, "video")
            : "as offered");
    return Xml.result(request, null);
  }

  private Element sourceAdd(Participant p, Element jingle, Element request) {
    if (p.media != Media.ACTIVE) {
      return error(request, "unexpected-request", "the session is not active", "out-of-order");
    }
    EndpointSources added;
    try {
      added = sources(p, jingle);
      if (added.isEmpty()) {
        throw new InvalidSources("source-add names no source");
      }
      rules.checkAdd(p.sources, added, signaling.othersOf(p));
    } catch (InvalidSources e) {
      return error(request, "bad-request", e.getMessage(), null);
    }
    EndpointSources fresh = added.minus(p.sources);
    p.sources = p.sources.plus(added);
    update(p, null, p.sources);
    signaling.added(p, fresh);
    return Xml.result(request, null);
  }

  private Element sourceRemove(Participant p, Element jingle, Element request) {
    if (p.media != Media.ACTIVE) {
      return error(request, "unexpected-request", "the session is not active", "out-of-order");
    }
    EndpointSources named;
    try {
      named = p.sources.named(sources(p, jingle));
    } catch (InvalidSources e) {
      return error(request, "bad-request", e.getMessage(), null);
    }
    if (!named.isEmpty()) {
      p.sources = p.sources.minus(named);
      update(p, null, p.sources);
      signaling.removed(p, named);
    }
    return Xml.result(request, null);
  }

  private Element transportInfo(Participant p, Element jingle, Element request) {
    if (p.media != Media.OFFERED && p.media != Media.ACTIVE) {
      return error(request, "unexpected-request", "the session is not running", "out-of-order");
    }
    Element transport = transport(jingle);
    if (transport == null) {
      return error(request, "bad-request", "transport-info without an ICE-UDP transport", null);
    }
    update(p, transport, null);
    return Xml.result(request, null);
  }

  private Element terminate(Participant p, Element jingle, Element request) {
    Element bridgeSession = jingle.child("bridge-session", WireNamespaces.FOCUS);
    boolean restart = bridgeSession != null && "true".equals(bridgeSession.attr("restart"));
    if (restart) {
      if (!allowRestart(p)) {
        return error(request, "resource-constraint", "restarting too often", null);
      }
      LOG.info("{}: {} ended its session and asks to restart", conference.roomJid(), p.id);
      media.reinvite(p, false);
    } else {
      LOG.info("{}: {} ended its session", conference.roomJid(), p.id);
      media.drop(p, Media.FAILED, "success", null, false);
    }
    return Xml.result(request, null);
  }

  /**
   * An in-place ICE restart request ({@code bridge-session ice-restart='true'}, or the older {@code
   * ice-state} failed). The bridge cannot restart ICE, so the participant is re-invited, which is
   * what Jicofo falls back to.
   */
  private Element info(Participant p, Element jingle, Element request) {
    Element bridgeSession = jingle.child("bridge-session", WireNamespaces.FOCUS);
    Element iceState = jingle.child("ice-state", WireNamespaces.FOCUS);
    boolean restart =
        (bridgeSession != null && "true".equals(bridgeSession.attr("ice-restart")))
            || (iceState != null && "failed".equals(iceState.text().trim()));
    if (!restart) {
      return jingle.elementCount() == 0
          ? Xml.result(request, null)
          : error(request, "feature-not-implemented", null, "unsupported-info");
    }
    BridgeSession current = media.session();
    String id = bridgeSession == null ? null : bridgeSession.attr("id");
    if (current == null || (id != null && !id.equals(current.id()))) {
      return error(request, "item-not-found", "not the current bridge session", null);
    }
    if (!allowRestart(p)) {
      return error(request, "resource-constraint", "restarting too often", null);
    }
    LOG.info("{}: {} reports ICE failure; re-inviting it", conference.roomJid(), p.id);
    media.reinvite(p, true);
    return Xml.result(request, null);
  }

  private boolean allowRestart(Participant p) {
    return restarts.allow(p.restartRequests, System.nanoTime());
  }

  /** The sources of a request, from XEP-0339 elements and, if present, Jitsi's JSON form. */
  private static EndpointSources sources(Participant p, Element jingle) throws InvalidSources {
    EndpointSources s = SourceCodec.fromJingle(jingle.elements("content", WireNamespaces.JINGLE));
    Element json = jingle.child(JsonMessage.ELEMENT, JsonMessage.NAMESPACE);
    if (json != null) {
      SourceMap map = SourceCodec.fromJson(JsonMessage.parse(json).json());
      for (String owner : map.owners().keySet()) {
        if (!owner.equals(p.id)) {
          throw new InvalidSources("sources of '" + owner + "' are not the sender's");
        }
      }
      s = s.plus(map.get(p.id));
    }
    return s;
  }

  /** The first content's ICE-UDP transport (Jicofo uses the first; the rest are bundled). */
  private static Element transport(Element jingle) {
    List<Element> contents = jingle.elements("content", WireNamespaces.JINGLE);
    for (Element c : contents) {
      Element t = c.child(IceUdpTransport.ELEMENT, IceUdpTransport.NAMESPACE);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /** Sends the participant's transport and/or sources to the bridge. */
  private void update(Participant p, Element transport, EndpointSources sources) {
    update(p, List.of(), transport, sources);
  }

  /** Sends the participant's accepted media, transport and/or sources to the bridge. */
  private void update(
      Participant p,
      List<org.huddle.signalling.colibri2.Media> accepted,
      Element transport,
      EndpointSources sources) {
    BridgeSession s = media.session();
    if (s == null || p.endpointOwner != s) {
      return;
    }
    int generation = p.generation;
    String statsId = p.occupant.statsId() == null ? p.id : p.occupant.statsId();
    s.update(p.id, statsId, accepted, transport, sources)
        .whenCompleteAsync(
            (v, e) -> {
              if (e != null && media.current(p, generation, s)) {
                media.colibriFailed(p, e);
              }
            },
            conference.queue());
  }

  private Element error(Element request, String condition, String text, String jingleCondition) {
    ctx.stats().jingleErrors.incrementAndGet();
    return StanzaErrors.reply(
        request, condition, text, jingleCondition == null ? null : Jingle.error(jingleCondition));
  }
}
