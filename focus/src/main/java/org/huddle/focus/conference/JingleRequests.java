package org.huddle.focus.conference;

import java.util.List;
import org.huddle.focus.conference.Participant.Media;
import org.huddle.focus.jingle.OfferFactory;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.SourceCodec;
import org.huddle.focus.source.SourceCodec.InvalidSources;
import org.huddle.focus.source.SourceMap;
import org.huddle.focus.source.SourceRules;
import org.huddle.signalling.jingle.Content;
import org.huddle.signalling.jingle.IceUdpTransport;
import org.huddle.signalling.jitsi.BridgeSession;
import org.huddle.signalling.jitsi.JsonMessage;
import org.huddle.xmpp.codec.Element;

/**
 * Reads a participant's Jingle request on its session (XEP-0166 and Jitsi's source actions,
 * docs/wire.md#jingle) and decides what it means for the conference, without changing anything: the
 * {@link ParticipantSessions} carries the {@link Decision} out and answers. Refusals are XEP-0166
 * §7.3's: an action the state does not allow is {@code unexpected-request} with {@code
 * <out-of-order/>}; bad sources or a missing transport is {@code bad-request}; an action the focus
 * does not do is {@code feature-not-implemented}.
 *
 * <p>The request is read leniently, as a tree, where Jitsi clients send what the typed parse would
 * refuse (docs/focus.md#reading-a-participants-jingle).
 */
final class JingleRequests {
  /** What a request asks of the conference. */
  sealed interface Decision {}

  /** Answer with this error and change nothing. */
  record Refuse(String condition, String text, String jingleCondition) implements Decision {}

  /** The participant accepted its session with this transport, these sources and codecs. */
  record Accept(
      Element transport,
      EndpointSources sources,
      List<org.huddle.signalling.colibri2.Media> accepted)
      implements Decision {}

  /**
   * The participant now sends {@code all}; {@code fresh} are the sources the others do not know.
   */
  record AddSources(EndpointSources all, EndpointSources fresh) implements Decision {}

  /** The participant no longer sends these (maybe none of what it named). */
  record RemoveSources(EndpointSources named) implements Decision {}

  /** The participant's ICE-UDP transport changed. */
  record Transport(Element transport) implements Decision {}

  /** The participant ended its session. */
  record End() implements Decision {}

  /**
   * The participant asks for a new session (rate-limited by the conference).
   *
   * @param terminate whether its old session is to be terminated (it did not end it itself)
   * @param why for the log
   */
  record Restart(boolean terminate, String why) implements Decision {}

  /** Nothing to do but answer with a result. */
  record Nothing() implements Decision {}

  private final SourceRules rules;

  JingleRequests(SourceRules rules) {
    this.rules = rules;
  }

  /**
   * Decides a request.
   *
   * @param p the participant whose session it came on
   * @param jingle the request's {@code jingle} element
   * @param others every other owner's sources, the bridge's included
   * @param bridgeSessionId the conference's current bridge session, or null without one
   */
  Decision decide(
      Participant p, String action, Element jingle, SourceMap others, String bridgeSessionId) {
    return switch (action) {
      case "session-accept" -> accept(p, jingle, others);
      case "source-add", "addsource" -> sourceAdd(p, jingle, others);
      case "source-remove", "removesource" -> sourceRemove(p, jingle);
      case "transport-info" -> transportInfo(p, jingle);
      case "session-terminate" -> terminate(jingle);
      case "session-info" -> info(jingle, bridgeSessionId);
      default -> new Refuse("feature-not-implemented", "the focus does not do " + action, null);
    };
  }

  private Decision accept(Participant p, Element jingle, SourceMap others) {
    if (p.media() != Media.OFFERED) {
      return new Refuse("unexpected-request", "the session is not pending", "out-of-order");
    }
    Element transport = transport(jingle);
    if (transport == null) {
      return new Refuse("bad-request", "session-accept without an ICE-UDP transport", null);
    }
    EndpointSources sources;
    try {
      sources = sources(p, jingle);
      rules.checkAdd(EndpointSources.EMPTY, sources, others);
    } catch (InvalidSources e) {
      return new Refuse("bad-request", e.getMessage(), null);
    }
    // The bridge learns which of the offered codecs this participant takes (docs/codecs.md).
    return new Accept(
        transport,
        sources,
        OfferFactory.acceptedMedia(p.offer(), jingle.elements(Content.ELEMENT, Content.NAMESPACE)));
  }

  private Decision sourceAdd(Participant p, Element jingle, SourceMap others) {
    if (p.media() != Media.ACTIVE) {
      return new Refuse("unexpected-request", "the session is not active", "out-of-order");
    }
    EndpointSources added;
    try {
      added = sources(p, jingle);
      if (added.isEmpty()) {
        throw new InvalidSources("source-add names no source");
      }
      rules.checkAdd(p.sources(), added, others);
    } catch (InvalidSources e) {
      return new Refuse("bad-request", e.getMessage(), null);
    }
    return new AddSources(p.sources().plus(added), added.minus(p.sources()));
  }

  private Decision sourceRemove(Participant p, Element jingle) {
    if (p.media() != Media.ACTIVE) {
      return new Refuse("unexpected-request", "the session is not active", "out-of-order");
    }
    try {
      return new RemoveSources(p.sources().named(sources(p, jingle)));
    } catch (InvalidSources e) {
      return new Refuse("bad-request", e.getMessage(), null);
    }
  }

  private Decision transportInfo(Participant p, Element jingle) {
    if (p.media() != Media.OFFERED && p.media() != Media.ACTIVE) {
      return new Refuse("unexpected-request", "the session is not running", "out-of-order");
    }
    Element transport = transport(jingle);
    if (transport == null) {
      return new Refuse("bad-request", "transport-info without an ICE-UDP transport", null);
    }
    return new Transport(transport);
  }

  private static Decision terminate(Element jingle) {
    BridgeSession bridgeSession = bridgeSession(jingle);
    return bridgeSession != null && bridgeSession.restart()
        ? new Restart(false, "ended its session and asks to restart")
        : new End();
  }

  /**
   * An in-place ICE restart request ({@code bridge-session ice-restart='true'}, or the older {@code
   * ice-state} failed). The bridge cannot restart ICE, so the participant is re-invited, which is
   * what Jicofo falls back to.
   */
  private static Decision info(Element jingle, String bridgeSessionId) {
    BridgeSession bridgeSession = bridgeSession(jingle);
    // Older clients say so with an ice-state element, which only this reads.
    Element iceState = jingle.child("ice-state", BridgeSession.NAMESPACE);
    boolean restart =
        (bridgeSession != null && bridgeSession.iceRestart())
            || (iceState != null && "failed".equals(iceState.text().trim()));
    if (!restart) {
      return jingle.elementCount() == 0
          ? new Nothing()
          : new Refuse("feature-not-implemented", null, "unsupported-info");
    }
    String id = bridgeSession == null ? null : bridgeSession.id();
    if (bridgeSessionId == null || (id != null && !id.equals(bridgeSessionId))) {
      return new Refuse("item-not-found", "not the current bridge session", null);
    }
    return new Restart(true, "reports ICE failure; re-inviting it");
  }

  private static BridgeSession bridgeSession(Element jingle) {
    Element e = jingle.child(BridgeSession.ELEMENT, BridgeSession.NAMESPACE);
    return e == null ? null : BridgeSession.parse(e);
  }

  /** The sources of a request, from XEP-0339 elements and, if present, Jitsi's JSON form. */
  private static EndpointSources sources(Participant p, Element jingle) throws InvalidSources {
    EndpointSources s = SourceCodec.fromJingle(jingle.elements(Content.ELEMENT, Content.NAMESPACE));
    Element json = jingle.child(JsonMessage.ELEMENT, JsonMessage.NAMESPACE);
    if (json != null) {
      SourceMap map = SourceCodec.fromJson(JsonMessage.parse(json).json());
      for (String owner : map.owners().keySet()) {
        if (!owner.equals(p.id())) {
          throw new InvalidSources("sources of '" + owner + "' are not the sender's");
        }
      }
      s = s.plus(map.get(p.id()));
    }
    return s;
  }

  /**
   * The first content's ICE-UDP transport (Jicofo uses the first; the rest are bundled). Kept as a
   * tree: the bridge reads it, and its refusal is the participant's failure.
   */
  private static Element transport(Element jingle) {
    for (Element c : jingle.elements(Content.ELEMENT, Content.NAMESPACE)) {
      Element t = c.child(IceUdpTransport.ELEMENT, IceUdpTransport.NAMESPACE);
      if (t != null) {
        return t;
      }
    }
    return null;
  }
}
