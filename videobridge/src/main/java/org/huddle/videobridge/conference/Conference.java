package org.huddle.videobridge.conference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.endpoint.MediaSourceDesc;
import org.huddle.videobridge.endpoint.MediaTotals;
import org.huddle.videobridge.endpoint.VideoProjection;
import org.huddle.videobridge.pipeline.PacketInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conference routes: each packet an endpoint sends goes to every other endpoint that wants it,
 * shared read-only until the receiver's pipeline copies it to rewrite and encrypt. It also runs the
 * periodic work of its endpoints (reports, feedback, speaker detection, layer allocation, consent
 * expiry), and reports events to its listeners.
 */
public final class Conference implements Endpoint.Host {
  private static final Logger LOG = LoggerFactory.getLogger(Conference.class);

  private final String id;
  private final String meetingId;
  private final String name;
  private final MediaContext ctx;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final DominantSpeaker speakers;
  private final List<ConferenceListener> listeners;
  private final ForwardingPlan plan = new ForwardingPlan();
  private final Set<String> activeEndpoints = ConcurrentHashMap.newKeySet();
  private final long feedbackAudioSsrc = new java.security.SecureRandom().nextInt() & 0xffffffffL;
  private final long feedbackVideoSsrc = new java.security.SecureRandom().nextInt() & 0xffffffffL;
  private volatile long emptySinceNanos = System.nanoTime();
  private volatile boolean expired;

  Conference(
      String id,
      String meetingId,
      String name,
      MediaContext ctx,
      List<ConferenceListener> listeners) {
    this.id = id;
    this.meetingId = meetingId;
    this.name = name;
    this.ctx = ctx;
    this.listeners = listeners instanceof CopyOnWriteArrayList ? listeners : List.copyOf(listeners);
    this.speakers = new DominantSpeaker(ctx.config().media().dominantSpeakerHold().toNanos());
  }

  /** The bridge-internal id, used in colibri-ws URLs. */
  public String id() {
    return id;
  }

  public String meetingId() {
    return meetingId;
  }

  public String name() {
    return name;
  }

  /** The bridge's own audio SSRC in this conference (signalled as jvb-a0). */
  public long feedbackAudioSsrc() {
    return feedbackAudioSsrc;
  }

  /** The bridge's own video SSRC in this conference (signalled as jvb-v0). */
  public long feedbackVideoSsrc() {
    return feedbackVideoSsrc;
  }

  public boolean isExpired() {
    return expired;
  }

  // --- membership ------------------------------------------------------------------------------

  /** Creates an endpoint; false (null) when the id is taken. */
  public Endpoint createEndpoint(String endpointId) throws IOException {
    if (endpoints.containsKey(endpointId)) {
      return null;
    }
    var config = ctx.config();
    Endpoint e =
        new Endpoint(
            endpointId,
            this,
            config.media(),
            ctx.harvesters(),
            ctx.certificate(),
            ctx.workers(),
            ctx.stats(),
            feedbackAudioSsrc,
            feedbackVideoSsrc);
    if (endpoints.putIfAbsent(endpointId, e) != null) {
      e.close();
      return null;
    }
    e.transport()
        .onKeyed(
            () -> {
              LOG.info(
                  "conference {}: endpoint {} connected ({})",
                  id,
                  endpointId,
                  e.transport().timeline());
              connectivity(e, true);
            });
    LOG.info("conference {} ({}): endpoint {} created", id, name, endpointId);
    return e;
  }

  public Endpoint endpoint(String endpointId) {
    return endpoints.get(endpointId);
  }

  public Collection<Endpoint> endpoints() {
    return endpoints.values();
  }

  /** Removes and closes an endpoint. */
  public void expireEndpoint(String endpointId) {
    Endpoint e = endpoints.remove(endpointId);
    if (e == null) {
      return;
    }
    e.close();
    MediaTotals totals = e.mediaTotals(System.nanoTime());
    speakers.remove(endpointId);
    plan.remove(endpointId);
    activeEndpoints.remove(endpointId);
    if (endpoints.isEmpty()) {
      emptySinceNanos = System.nanoTime();
    }
    LOG.info("conference {}: endpoint {} expired ({})", id, endpointId, totals);
    listeners.forEach(l -> l.mediaSummary(this, endpointId, totals));
    listeners.forEach(l -> l.endpointExpired(this, endpointId));
    reallocate();
  }

  void expire() {
    expired = true;
    new ArrayList<>(endpoints.keySet()).forEach(this::expireEndpoint);
  }

  long emptySinceNanos() {
    return endpoints.isEmpty() ? emptySinceNanos : Long.MAX_VALUE;
  }

  private void connectivity(Endpoint e, boolean active) {
    boolean changed = active ? activeEndpoints.add(e.id()) : activeEndpoints.remove(e.id());
    if (changed) {
      listeners.forEach(l -> l.connectivityChanged(this, e.id(), active));
      reallocate();
    }
  }

  // --- routing (Endpoint.Host) -----------------------------------------------------------------

  @Override
  public void route(Endpoint from, PacketInfo p) {
    if (from.isForceMuted(p.audio)) {
      ctx.stats().add("route.dropped", 1);
      ctx.stats().add("route.dropped.force-muted", 1);
      return;
    }
    for (Endpoint to : endpoints.values()) {
      if (to != from && to.isConnected() && to.forwarding().wants(p)) {
        to.send(p.share()); // read-only until the receiver's pipeline copies what it forwards
      }
    }
  }

  @Override
  public void keyframeRequested(Endpoint receiver, long mediaSsrc) {
    for (Endpoint owner : endpoints.values()) {
      MediaSourceDesc s = owner.sources().byPrimary(mediaSsrc);
      if (s == null || owner == receiver) {
        continue;
      }
      VideoProjection v = receiver.forwarding().projection(mediaSsrc);
      int layer = v == null ? 0 : v.currentLayer() >= 0 ? v.currentLayer() : v.targetLayer();
      if (layer >= 0 && layer < s.layers().size()) {
        owner.requestKeyframe(s.layers().get(layer));
      }
      return;
    }
  }

  @Override
  public void audioLevel(String endpointId, int level, long nanos) {
    speakers.level(endpointId, level);
  }

  @Override
  public long rtxSsrcFor(long primarySsrc) {
    for (Endpoint owner : endpoints.values()) {
      MediaSourceDesc s = owner.sources().byPrimary(primarySsrc);
      if (s != null) {
        return s.rtx().getOrDefault(primarySsrc, -1L);
      }
    }
    return -1;
  }

  @Override
  public void transportFailed(Endpoint e) {
    ctx.stats().add("ice.failed", 1);
    LOG.info("conference {}: endpoint {} lost its transport", id, e.id());
    connectivity(e, false);
    expireEndpoint(e.id());
  }

  // --- periodic work ---------------------------------------------------------------------------

  /** Dominant speaker detection; announces and reallocates on a change. */
  void evaluateSpeakers(long nowNanos) {
    String changed = speakers.evaluate(nowNanos);
    if (changed != null) {
      List<String> previous = speakers.previousSpeakers();
      listeners.forEach(l -> l.dominantSpeakerChanged(this, changed, previous));
      reallocate();
    }
  }

  /** The video sources currently forwarded to a receiver. */
  public List<String> forwardedSources(String receiverId) {
    return plan.forwardedSources(receiverId);
  }

  public String dominantSpeaker() {
    return speakers.dominant();
  }

  void sendReports() {
    endpoints.values().forEach(Endpoint::sendReports);
  }

  void sendTransportCcFeedback() {
    endpoints.values().forEach(Endpoint::sendTransportCcFeedback);
  }

  /** Drops endpoints we have not heard from within the consent timeout (RFC 7675). */
  void expireSilent(long nowNanos, long timeoutNanos) {
    for (Endpoint e : endpoints.values()) {
      long silent = e.silentForNanos(nowNanos);
      if (silent > timeoutNanos) {
        LOG.info(
            "conference {}: nothing heard from {} for {} ms ({} packets received in all)",
            id,
            e.id(),
            silent / 1_000_000,
            e.packetsReceived());
        transportFailed(e);
      }
    }
  }

  /** Recomputes every receiver's layers and announces what changed. */
  public synchronized void reallocate() {
    var media = ctx.config().media();
    plan.update(
        this,
        endpoints,
        speakers.order(),
        media.defaultLastN(),
        media.layerHold().toNanos(),
        listeners);
  }
}
