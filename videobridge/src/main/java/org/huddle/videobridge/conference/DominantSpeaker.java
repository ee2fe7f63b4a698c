package org.huddle.videobridge.conference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * Picks the dominant speaker from RFC 6464 audio levels. A simpler cousin of the Volfin and Cohen
 * method jitsi-videobridge uses: each endpoint's activity is the smoothed loudness of its recent
 * packets; another endpoint takes over once it has been clearly louder than the current speaker for
 * the hold time, so a cough does not steal the stage.
 *
 * <p>Levels arrive from many receive threads; evaluation runs on the scheduler. All methods are
 * synchronized; the work per call is small.
 */
public final class DominantSpeaker {
  /** Below this activity (in dB above silence) nobody is speaking. */
  private static final double SPEECH_THRESHOLD = 20;

  private static final int MAX_PREVIOUS = 10;

  private final long holdNanos;
  private final Map<String, double[]> pending = new HashMap<>(); // sum, count since last eval
  private final Map<String, Double> activity = new HashMap<>();
  private final LinkedList<String> previous = new LinkedList<>();
  private String dominant;
  private String challenger;
  private long challengerSinceNanos;

  public DominantSpeaker(long holdNanos) {
    this.holdNanos = holdNanos;
  }

  /** One packet's level, 0 (loud) to 127 (silent). */
  public synchronized void level(String endpointId, int level) {
    double[] acc = pending.computeIfAbsent(endpointId, k -> new double[2]);
    acc[0] += 127 - Math.min(127, Math.max(0, level));
    acc[1]++;
  }

  /**
   * Updates activities and decides.
   *
   * @return the new dominant speaker when it changed, else null
   */
  public synchronized String evaluate(long nowNanos) {
    for (Map.Entry<String, Double> a : activity.entrySet()) {
      a.setValue(a.getValue() * 0.7); // decays when an endpoint stops sending
    }
    pending.forEach(
        (id, acc) -> {
          double mean = acc[1] == 0 ? 0 : acc[0] / acc[1];
          activity.merge(id, 0.3 * mean, Double::sum);
        });
    pending.clear();
    String loudest = null;
    double best = SPEECH_THRESHOLD;
    for (Map.Entry<String, Double> a : activity.entrySet()) {
      if (a.getValue() > best) {
        best = a.getValue();
        loudest = a.getKey();
      }
    }
    if (loudest == null || loudest.equals(dominant)) {
      challenger = null;
      return null;
    }
    if (dominant == null) {
      return change(loudest);
    }
    double current = activity.getOrDefault(dominant, 0.0);
    if (best < current + 6) {
      challenger = null;
      return null;
    }
    if (!loudest.equals(challenger)) {
      challenger = loudest;
      challengerSinceNanos = nowNanos;
      return null;
    }
    return nowNanos - challengerSinceNanos >= holdNanos ? change(loudest) : null;
  }

  private String change(String next) {
    if (dominant != null) {
      previous.remove(dominant);
      previous.addFirst(dominant);
      while (previous.size() > MAX_PREVIOUS) {
        previous.removeLast();
      }
    }
    previous.remove(next);
    dominant = next;
    challenger = null;
    return next;
  }

  public synchronized String dominant() {
    return dominant;
  }

  /** Earlier dominant speakers, most recent first. */
  public synchronized List<String> previousSpeakers() {
    return new ArrayList<>(previous);
  }

  /** Speakers in order: dominant first, then previous ones. */
  public synchronized List<String> order() {
    List<String> out = new ArrayList<>();
    if (dominant != null) {
      out.add(dominant);
    }
    out.addAll(previous);
    return out;
  }

  public synchronized void remove(String endpointId) {
    activity.remove(endpointId);
    pending.remove(endpointId);
    previous.remove(endpointId);
    if (endpointId.equals(dominant)) {
      dominant = previous.isEmpty() ? null : previous.removeFirst();
    }
  }
}
