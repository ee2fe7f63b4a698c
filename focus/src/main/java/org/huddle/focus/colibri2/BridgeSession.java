package org.huddle.focus.colibri2;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.SourceCodec;
import org.huddle.focus.xml.Xml;
import org.huddle.focus.xmpp.StanzaLink;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.colibri2.Capability;
import org.huddle.signalling.colibri2.Colibri2Error;
import org.huddle.signalling.colibri2.ConferenceModified;
import org.huddle.signalling.colibri2.ConferenceModify;
import org.huddle.signalling.colibri2.Endpoint;
import org.huddle.signalling.colibri2.ForceMute;
import org.huddle.signalling.colibri2.Media;
import org.huddle.signalling.colibri2.Transport;
import org.huddle.signalling.jingle.IceUdpTransport;
import org.huddle.xmpp.codec.Element;

/**
 * One conference's Colibri2 session with one bridge. Requests go out one at a time, each after the
 * previous answer: the bridge may handle concurrent IQs in any order, and an update must not
 * overtake the request that creates its conference or endpoint.
 */
public final class BridgeSession {
  /** What the bridge answered to an endpoint's creation. */
  public record Allocation(IceUdpTransport transport, EndpointSources feedback) {}

  private final StanzaLink link;
  private final String bridgeJid;
  private final String meetingId;
  private final String conferenceName;
  private final Duration timeout;
  private final String id = UUID.randomUUID().toString();
  private boolean created;
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

  /**
   * @param bridgeJid the bridge's brewery occupant JID
   * @param meetingId the conference's meeting id
   * @param conferenceName the room JID
   */
  public BridgeSession(
      StanzaLink link,
      String bridgeJid,
      String meetingId,
      String conferenceName,
      Duration timeout) {
    this.link = link;
    this.bridgeJid = bridgeJid;
    this.meetingId = meetingId;
    this.conferenceName = conferenceName;
    this.timeout = timeout;
  }

  /** Jitsi's {@code bridge-session id}, new for every session. */
  public String id() {
    return id;
  }

  public String bridgeJid() {
    return bridgeJid;
  }

  /**
   * Creates an endpoint (and the conference, on the first request).
   *
   * @param forceMute the moderator's mute the endpoint starts with (a participant moved to this
   *     bridge keeps it), or null; sent only when it mutes something
   */
  public CompletableFuture<Allocation> allocate(
      String endpointId,
      String statsId,
      List<Media> media,
      EndpointSources sources,
      ForceMute forceMute) {
    Endpoint.Builder e =
        Endpoint.builder(endpointId)
            .create()
            .statsId(statsId)
            .media(media)
            .transport(new Transport(true, null))
            .forceMute(
                forceMute != null && (forceMute.audio() || forceMute.video()) ? forceMute : null);
    if (sources != null && !sources.isEmpty()) {
      e.sources(SourceCodec.toColibri(endpointId, sources));
    }
    Endpoint endpoint = e.capability(Capability.SOURCE_NAMES).build();
    return enqueue(create -> request(create, endpoint), answer -> allocation(answer, endpointId));
  }

  private static Allocation allocation(Element answer, String endpointId) {
    ConferenceModified modified;
    try {
      Element payload = Xml.payload(answer);
      modified = payload == null ? null : ConferenceModified.parse(payload);
    } catch (SignallingException e) {
      throw new CompletionException(
          new SignallingException(
              null, null, "the bridge answered malformed Colibri2: " + e.getMessage()));
    }
    Endpoint created = modified == null ? null : modified.endpoint(endpointId);
    IceUdpTransport transport =
        created == null || created.transport() == null ? null : created.transport().ice();
    if (transport == null) {
      throw new CompletionException(
          new SignallingException(
              null, null, "the bridge answered no transport for " + endpointId));
    }
    EndpointSources feedback = EndpointSources.EMPTY;
    if (modified.sources() != null) {
      try {
        feedback = SourceCodec.fromColibri(modified.sources());
      } catch (SourceCodec.InvalidSources e) {
        throw new CompletionException(
            new SignallingException(null, null, "bad feedback sources: " + e.getMessage()));
      }
    }
    return new Allocation(transport, feedback);
  }

  /**
   * Updates an endpoint: its {@code media} (the codecs and header extensions it accepted), its
   * transport (the participant's ICE-UDP transport) and/or its sources; what is null or empty is
   * left as it was. Jicofo sends {@code media} only on creation; JVB reads it on any request.
   *
   * @param transport the participant's ICE-UDP transport element, or null; a malformed one fails
   *     the update as the bridge would refuse it ({@code bad-request})
   */
  public CompletableFuture<Void> update(
      String endpointId,
      String statsId,
      List<Media> media,
      Element transport,
      EndpointSources sources) {
    Endpoint.Builder e = Endpoint.builder(endpointId).statsId(statsId).media(media);
    if (sources != null) {
      e.sources(SourceCodec.toColibri(endpointId, sources));
    }
    if (transport != null) {
      try {
        e.transport(new Transport(null, IceUdpTransport.parse(transport)));
      } catch (SignallingException ex) {
        return CompletableFuture.failedFuture(ex);
      }
    }
    Endpoint endpoint = e.build();
    return enqueue(create -> request(create, endpoint), answer -> null);
  }

  /** Sets an endpoint's moderator mute: the bridge forwards none of the media it names. */
  public CompletableFuture<Void> forceMute(String endpointId, ForceMute forceMute) {
    Endpoint endpoint = Endpoint.builder(endpointId).forceMute(forceMute).build();
    return enqueue(create -> request(create, endpoint), answer -> null);
  }

  /** Expires one endpoint. */
  public CompletableFuture<Void> expire(String endpointId) {
    return enqueue(create -> request(false, Endpoint.expired(endpointId)), answer -> null);
  }

  /** Expires the whole conference on this bridge. */
  public CompletableFuture<Void> expireConference() {
    return enqueue(
        create -> ConferenceModify.of(meetingId, List.of()).expiring().toElement(), answer -> null);
  }

  /** A request about one endpoint, creating the conference first when it is not yet. */
  private Element request(boolean create, Endpoint endpoint) {
    ConferenceModify r = ConferenceModify.of(meetingId, List.of(endpoint));
    if (create) {
      created = true;
      r = r.creating(conferenceName);
    }
    return r.toElement();
  }

  private interface Builder {
    Element build(boolean create);
  }

  private interface Reader<T> {
    T read(Element answer);
  }

  private synchronized <T> CompletableFuture<T> enqueue(Builder builder, Reader<T> reader) {
    CompletableFuture<T> result =
        tail.handle((v, e) -> null)
            .thenCompose(
                v -> {
                  Element payload;
                  synchronized (this) {
                    payload = builder.build(!created);
                  }
                  return link.request(Xml.iq("set", bridgeJid, payload), timeout);
                })
            .thenApply(
                answer -> {
                  if (Xml.isError(answer)) {
                    throw new CompletionException(error(answer));
                  }
                  return reader.read(answer);
                });
    tail = result;
    return result.exceptionallyCompose(
        e -> {
          Throwable cause =
              e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          if (cause instanceof TimeoutException || cause instanceof java.io.IOException) {
            cause =
                new SignallingException(
                    null, null, "no answer from " + bridgeJid + ": " + cause.getMessage());
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  private static SignallingException error(Element answer) {
    Element error = answer.child("error", null);
    String reason = null;
    String endpoint = null;
    if (error != null) {
      Element r = error.child(Colibri2Error.ELEMENT, Colibri2Error.NAMESPACE);
      reason = r == null ? null : Colibri2Error.parse(r).reason();
      Element ep = error.child(Endpoint.ELEMENT, Endpoint.NAMESPACE);
      endpoint = ep == null ? null : ep.attr("id");
    }
    String condition = Xml.errorCondition(answer);
    return new SignallingException(
        condition,
        reason,
        "colibri2 error " + condition + (reason == null ? "" : " (" + reason + ")"),
        endpoint);
  }
}
