package org.huddle.videobridge.conference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.endpoint.MediaSourceDesc;
import org.huddle.videobridge.endpoint.VideoProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link BandwidthAllocator}'s choices to every receiver of a conference: sets each
 * projection's target layer (asking the sender for a key frame when a new layer is needed), and
 * tells the listeners which sources each receiver now gets and how tall a layer each sender's
 * source is needed at. Called under the conference's lock.
 */
final class ForwardingPlan {
  private static final Logger LOG = LoggerFactory.getLogger(ForwardingPlan.class);
  private final Map<String, List<String>> forwarded = new ConcurrentHashMap<>();
  private final Map<String, Integer> senderMaxHeights = new ConcurrentHashMap<>();
  private final Map<String, List<String>> chosenLayers = new ConcurrentHashMap<>();

  List<String> forwardedSources(String receiverId) {
    return forwarded.getOrDefault(receiverId, List.of());
  }

  void remove(String endpointId) {
    forwarded.remove(endpointId);
    chosenLayers.remove(endpointId);
  }

  void update(
      Conference conference,
      Map<String, Endpoint> endpoints,
      List<String> speakerOrder,
      int defaultLastN,
      long layerHoldNanos,
      List<ConferenceListener> listeners) {
    long now = System.nanoTime();
    Map<MediaSourceDesc, Integer> tallest = new HashMap<>();
    for (Endpoint owner : endpoints.values()) {
      owner.sources().all().stream().filter(MediaSourceDesc::video).forEach(s -> tallest.put(s, 0));
    }
    for (Endpoint receiver : endpoints.values()) {
      List<MediaSourceDesc> sources = new ArrayList<>();
      Set<Long> primaries = new HashSet<>();
      for (Endpoint owner : endpoints.values()) {
        if (owner != receiver) {
          for (MediaSourceDesc s : owner.sources().all()) {
            if (s.video()) {
              sources.add(s);
              primaries.add(s.primarySsrc());
            }
          }
        }
      }
      List<String> names = new ArrayList<>();
      List<String> layers = new ArrayList<>();
      for (BandwidthAllocator.Choice c :
          BandwidthAllocator.allocate(
              receiver, sources, endpoints, speakerOrder, defaultLastN, layerHoldNanos, now)) {
        Endpoint owner = endpoints.get(c.source().owner());
        boolean needsKeyframe =
            receiver
                .forwarding()
                .setTarget(c.source().primarySsrc(), c.layer(), c.spatial(), c.temporal(), now);
        if (c.layer() < 0) {
          continue;
        }
        long layerSsrc = c.source().layers().get(c.layer());
        // A receiver that cannot receive yet asks when its first packets arrive (the projection
        // then needs a key frame); asking now would spend the sender's rate limit on a key frame
        // that reaches nobody.
        VideoProjection projection = receiver.forwarding().projection(c.source().primarySsrc());
        boolean waiting = projection != null && projection.awaitingKeyframe();
        if ((needsKeyframe || waiting) && owner != null && receiver.isConnected()) {
          owner.requestKeyframe(layerSsrc);
        }
        names.add(c.source().name());
        int height = c.height();
        layers.add(
            c.source().name()
                + " "
                + height
                + "p (encoding "
                + c.layer()
                + (c.spatial() >= 0 ? ", spatial " + c.spatial() : "")
                + (c.temporal() >= 0 ? ", temporal " + c.temporal() : "")
                + ")");
        tallest.merge(c.source(), height, Math::max);
      }
      receiver.forwarding().retain(primaries);
      List<String> old = forwarded.put(receiver.id(), names);
      List<String> oldLayers = chosenLayers.put(receiver.id(), layers);
      if (!layers.equals(oldLayers)) {
        LOG.debug("{}: {} gets {}", conference.id(), receiver.id(), layers);
      }
      if (!names.equals(old)) {
        LOG.debug(
            "{}: {} now receives {} of {} video sources {} (downlink estimate {} kbps)",
            conference.id(),
            receiver.id(),
            names.size(),
            sources.size(),
            names,
            receiver.bandwidthEstimateBps() / 1000);
        listeners.forEach(l -> l.forwardedSourcesChanged(conference, receiver.id(), names));
      }
    }
    tallest.forEach(
        (source, height) -> {
          Integer previous = senderMaxHeights.put(source.name(), height);
          if (!height.equals(previous)) {
            listeners.forEach(
                l -> l.senderConstraintChanged(conference, source.owner(), source.name(), height));
          }
        });
  }
}
