package org.huddle.videobridge.rtcp;

/**
 * A receiver's downlink estimate from transport-wide feedback, in the spirit of Google Congestion
 * Control (draft-ietf-rmcat-gcc-02): a loss-based controller (§6) and a delay-based one that
 * watches whether packets arrive spread out more than they were sent (queues growing, §5). It is
 * deliberately small: decrease on loss over 10% or on a growing queue, increase by 8% a second
 * while neither happens.
 *
 * <p>Transport-wide feedback arrives every 50–100 ms, so neither controller acts on one message
 * alone: loss is judged over a window of at least {@link #LOSS_WINDOW_NANOS} (GCC's loss controller
 * runs on receiver reports, about once a second), and a growing queue must show in two messages in
 * a row. Acting on each message made one lost burst (a key frame into a busy receiver's socket) cut
 * the estimate tenfold within half a second, and with no probing it then stayed too low to forward
 * a second video source.
 */
public final class BandwidthEstimator {
  private static final int HISTORY = 4096;
  private static final long OVERUSE_MICROS = 12_000;
  static final long LOSS_WINDOW_NANOS = 1_000_000_000L;
  private static final int LOSS_WINDOW_MIN_PACKETS = 20;

  /** Sending below this share of the estimate, a growing queue is not taken as overuse. */
  static final double APP_LIMITED = 0.5;

  private final long minBps;
  private final long[] sentNanos = new long[HISTORY];
  private final int[] sentBytes = new int[HISTORY];
  private final int[] sentSeq = new int[HISTORY];
  private double estimateBps;
  private long lastUpdateNanos;
  private boolean hasFeedback;

  // The loss window, across feedback messages.
  private long windowStartNanos = -1;
  private int windowLost;
  private int windowReceived;
  private boolean overusedLast;

  // Scratch for one feedback message.
  private int fbLost;
  private int fbReceived;
  private long fbBytes;
  private long fbFirstArrival = -1;
  private long fbLastArrival = -1;
  private long fbPrevArrival = -1;
  private long fbPrevSent = -1;
  private long fbFirstSent = -1;
  private long fbDelayGrowthMicros;

  public BandwidthEstimator(long initialBps, long minBps) {
    this.estimateBps = initialBps;
    this.minBps = minBps;
  }

  /** Notes a packet sent with transport-wide sequence number {@code seq}. */
  public synchronized void sent(int seq, int bytes, long nowNanos) {
    int slot = seq & (HISTORY - 1);
    sentSeq[slot] = seq;
    sentNanos[slot] = nowNanos;
    sentBytes[slot] = bytes;
  }

  /** Starts reading one feedback message. */
  public synchronized void beginFeedback() {
    fbLost = 0;
    fbReceived = 0;
    fbBytes = 0;
    fbFirstArrival = -1;
    fbLastArrival = -1;
    fbPrevArrival = -1;
    fbPrevSent = -1;
    fbFirstSent = -1;
    fbDelayGrowthMicros = 0;
  }

  /** One packet of the feedback message. */
  public synchronized void feedback(int seq, long arrivalMicros) {
    int slot = seq & (HISTORY - 1);
    if (sentSeq[slot] != seq || sentNanos[slot] == 0) {
      return; // not ours or too old
    }
    if (arrivalMicros < 0) {
      fbLost++;
      return;
    }
    fbReceived++;
    fbBytes += sentBytes[slot];
    long sentMicros = sentNanos[slot] / 1000;
    if (fbFirstArrival < 0) {
      fbFirstArrival = arrivalMicros;
      fbFirstSent = sentMicros;
    }
    fbLastArrival = arrivalMicros;
    if (fbPrevArrival >= 0) {
      fbDelayGrowthMicros += (arrivalMicros - fbPrevArrival) - (sentMicros - fbPrevSent);
    }
    fbPrevArrival = arrivalMicros;
    fbPrevSent = sentMicros;
  }

  /** Ends the message and updates the estimate. */
  public synchronized void endFeedback(long nowNanos) {
    int total = fbLost + fbReceived;
    if (total == 0) {
      return;
    }
    hasFeedback = true;
    if (windowStartNanos < 0) {
      windowStartNanos = nowNanos;
    }
    windowLost += fbLost;
    windowReceived += fbReceived;
    long spanMicros = fbLastArrival - fbFirstArrival;
    double receiveBps = spanMicros > 0 ? fbBytes * 8e6 / spanMicros : -1;
    long sendSpanMicros = fbPrevSent - fbFirstSent;
    double sendBps = sendSpanMicros > 0 ? fbBytes * 8e6 / sendSpanMicros : -1;
    // A growing queue says the path is full only when the bridge sent near what the estimate
    // allows. Sending far below it (the allocation forwards little), a later arrival is jitter
    // (a busy receiver), and cutting to what arrived would pin the estimate to the little it
    // sends: with no probing it could never grow back to fit a second video.
    boolean appLimited = sendBps >= 0 && sendBps < APP_LIMITED * estimateBps;
    boolean overused = fbDelayGrowthMicros > OVERUSE_MICROS && receiveBps > 0 && !appLimited;
    if (overused && overusedLast) {
      estimateBps = Math.min(estimateBps, 0.85 * receiveBps);
    }
    overusedLast = overused;
    int windowTotal = windowLost + windowReceived;
    if (nowNanos - windowStartNanos >= LOSS_WINDOW_NANOS
        && windowTotal >= LOSS_WINDOW_MIN_PACKETS) {
      double loss = (double) windowLost / windowTotal;
      double elapsed = lastUpdateNanos == 0 ? 0 : (nowNanos - lastUpdateNanos) / 1e9;
      lastUpdateNanos = nowNanos;
      if (loss > 0.10) {
        estimateBps *= 1 - 0.5 * loss;
      } else if (loss < 0.02 && !overused) {
        estimateBps *= Math.pow(1.08, Math.min(elapsed, 1.0));
      }
      windowStartNanos = nowNanos;
      windowLost = 0;
      windowReceived = 0;
    }
    estimateBps = Math.max(minBps, estimateBps);
  }

  /** The current estimate in bits per second. */
  public synchronized long estimateBps() {
    return (long) estimateBps;
  }

  public synchronized boolean hasFeedback() {
    return hasFeedback;
  }
}
