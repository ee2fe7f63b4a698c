package org.huddle.videobridge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.huddle.videobridge.conference.Conference;
import org.huddle.videobridge.conference.ConferenceListener;
import org.huddle.videobridge.endpoint.MediaTotals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the conferences' endpoint totals into {@link MediaSummary}s for the role's listeners. */
final class MediaSummaries implements ConferenceListener {
  private static final Logger LOG = LoggerFactory.getLogger(MediaSummaries.class);

  private final List<MediaSummary.Listener> listeners = new CopyOnWriteArrayList<>();

  void add(MediaSummary.Listener l) {
    listeners.add(l);
  }

  @Override
  public void mediaSummary(Conference conference, String endpointId, MediaTotals t) {
    MediaSummary s =
        new MediaSummary(
            conference.meetingId(),
            endpointId,
            Instant.now(),
            t.packetsReceived(),
            t.packetsLost(),
            t.bytesReceived(),
            Duration.ofNanos(t.stayNanos()),
            t.bitrateBps(),
            t.layerSwitches());
    for (MediaSummary.Listener l : listeners) {
      try {
        l.summary(s);
      } catch (RuntimeException e) {
        // A listener's failure must not stop the endpoint's expiry.
        LOG.warn("media summary listener failed for {} in {}", endpointId, s.meetingId(), e);
      }
    }
  }

  @Override
  public void dominantSpeakerChanged(
      Conference conference, String dominant, List<String> previousSpeakers) {}

  @Override
  public void forwardedSourcesChanged(
      Conference conference, String receiverId, List<String> sources) {}

  @Override
  public void senderConstraintChanged(
      Conference conference, String senderId, String sourceName, int maxHeight) {}

  @Override
  public void connectivityChanged(Conference conference, String endpointId, boolean active) {}

  @Override
  public void endpointExpired(Conference conference, String endpointId) {}
}
