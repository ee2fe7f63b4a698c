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
import org.huddle.xmpp.codec.Element;

/**
 * One conference's Colibri2 session with one bridge. Requests go out one at a time, each after the
 * previous answer: the bridge may handle concurrent IQs in any order, and an update must not
 * overtake the request that creates its conference or endpoint.
 */
public final class BridgeSession {
  /** Colibri2's namespace. */
  public static final String NS = "jitsi:colibri2";

  private static final String NS_ICE_UDP = "urn:xmpp:jingle:transports:ice-udp:1";

  /** What the bridge answered to an endpoint's creation. */
  public record Allocation(Element transport, EndpointSources feedback) {}

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

  /** Creates an endpoint (and the conference, on the first request). */
  public CompletableFuture<Allocation> allocate(
      String endpointId, String statsId, List<Element> media, EndpointSources sources) {
    return enqueue(
        create -> {
          Element request = request(create);
          Element e =
              request
                  .addChild("endpoint", NS)
                  .attr("id", endpointId)
                  .attr("create", "true")
                  .attr("stats-id", statsId);
          media.forEach(m -> e.add(m.copy()));
          e.addChild("transport", NS).attr("ice-controlling", "true");
          if (sources != null && !sources.isEmpty()) {
            e.add(SourceCodec.toColibri(endpointId, sources, NS));
          }
          e.addChild("capability", NS).attr("name", "source-names");
          return request;
        },
        answer -> allocation(answer, endpointId));
  }

  private static Allocation allocation(Element answer, String endpointId) {
    Element modified = Xml.payload(answer);
    Element transport = null;
    if (modified != null) {
      for (Element e : modified.elements("endpoint", NS)) {
        if (endpointId.equals(e.attr("id"))) {
          Element outer = e.child("transport", NS);
          transport = outer == null ? null : outer.child("transport", NS_ICE_UDP);
        }
      }
    }
    if (transport == null) {
      throw new CompletionException(
          new Colibri2Exception(
              "the bridge answered no transport for " + endpointId, null, null, null));
    }
    EndpointSources feedback = EndpointSources.EMPTY;
    Element sources = modified.child("sources", NS);
    if (sources != null) {
      try {
        feedback = SourceCodec.fromColibri(sources);
      } catch (SourceCodec.InvalidSources e) {
        throw new CompletionException(
            new Colibri2Exception("bad feedback sources: " + e.getMessage(), null, null, null));
      }
    }
    return new Allocation(transport, feedback);
  }

  /**
   * Updates an endpoint: its {@code media} (the codecs and header extensions it accepted), its
   * transport (the participant's ICE-UDP transport) and/or its sources; what is null or empty is
   * left as it was. Jicofo sends {@code media} only on creation; JVB reads it on any request.
   */
  public CompletableFuture<Void> update(
      String endpointId,
      String statsId,
      List<Element> media,
      Element transport,
      EndpointSources sources) {
    return enqueue(
        create -> {
          Element request = request(create);
          Element e =
              request.addChild("endpoint", NS).attr("id", endpointId).attr("stats-id", statsId);
          media.forEach(m -> e.add(m.copy()));
          if (transport != null) {
            e.addChild("transport", NS).add(transport.copy());
          }
          if (sources != null) {
            e.add(SourceCodec.toColibri(endpointId, sources, NS));
          }
          return request;
        },
        answer -> null);
  }

  /** Expires one endpoint. */
  public CompletableFuture<Void> expire(String endpointId) {
    return enqueue(
        create -> {
          Element request = request(false);
          request.addChild("endpoint", NS).attr("id", endpointId).attr("expire", "true");
          return request;
        },
        answer -> null);
  }

  /** Expires the whole conference on this bridge. */
  public CompletableFuture<Void> expireConference() {
    return enqueue(create -> request(false).attr("expire", "true"), answer -> null);
  }

  private Element request(boolean create) {
    Element r =
        new Element("conference-modify", NS)
            .attr("meeting-id", meetingId)
            .attr("name", create ? conferenceName : null)
            .attr("create", create ? "true" : null);
    if (create) {
      created = true;
    }
    return r;
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
                new Colibri2Exception(
                    "no answer from " + bridgeJid + ": " + cause.getMessage(), null, null, null);
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  private static Colibri2Exception error(Element answer) {
    Element error = answer.child("error", null);
    String reason = null;
    String endpoint = null;
    if (error != null) {
      Element r = error.child("error", NS);
      reason = r == null ? null : r.attr("reason");
      Element ep = error.child("endpoint", NS);
      endpoint = ep == null ? null : ep.attr("id");
    }
    String condition = Xml.errorCondition(answer);
    return new Colibri2Exception(
        "colibri2 error " + condition + (reason == null ? "" : " (" + reason + ")"),
        condition,
        reason,
        endpoint);
  }
}
