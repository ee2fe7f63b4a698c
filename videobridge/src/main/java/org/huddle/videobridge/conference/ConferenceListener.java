package org.huddle.videobridge.conference;

import java.util.List;
import org.huddle.videobridge.endpoint.MediaTotals;

/** What a conference tells the bridge channel. Called from bridge threads; must not block. */
public interface ConferenceListener {
  /** The loudest endpoint changed. */
  void dominantSpeakerChanged(
      Conference conference, String dominant, List<String> previousSpeakers);

  /** The set of video sources forwarded to a receiver changed (last-N, constraints, bandwidth). */
  void forwardedSourcesChanged(Conference conference, String receiverId, List<String> sources);

  /**
   * The tallest layer any receiver is forwarded of a sender's source changed; the sender may stop
   * encoding taller ones (0: nobody receives it).
   */
  void senderConstraintChanged(
      Conference conference, String senderId, String sourceName, int maxHeight);

  /** An endpoint's media connectivity changed. */
  void connectivityChanged(Conference conference, String endpointId, boolean active);

  /** An endpoint left the conference. */
  void endpointExpired(Conference conference, String endpointId);

  /**
   * An endpoint left (Colibri2 expire, the conference's end, or its transport failed): what the
   * bridge measured of its media, told once per endpoint, before {@link #endpointExpired}.
   */
  default void mediaSummary(Conference conference, String endpointId, MediaTotals totals) {}
}
