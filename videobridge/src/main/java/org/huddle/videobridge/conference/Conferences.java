package org.huddle.videobridge.conference;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's conferences, by meeting id and by bridge id, and the timers that drive their
 * periodic work. Membership only: routing is the conference's.
 */
public final class Conferences implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Conferences.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MediaContext ctx;
  private final Map<String, Conference> byMeetingId = new ConcurrentHashMap<>();
  private final Map<String, Conference> byId = new ConcurrentHashMap<>();
  private final List<ConferenceListener> listeners = new CopyOnWriteArrayList<>();
  private final List<ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();

  public Conferences(MediaContext ctx) {
    this.ctx = ctx;
    var m = ctx.config().media();
    every(m.dominantSpeakerInterval().toMillis(), c -> c.evaluateSpeakers(System.nanoTime()));
    every(m.rtcpReportInterval().toMillis(), Conference::sendReports);
    every(m.transportCcInterval().toMillis(), Conference::sendTransportCcFeedback);
    every(1000, Conference::reallocate);
    long consent = ctx.config().ice().consentTimeout().toNanos();
    every(
        Math.max(100, Math.min(1000, consent / 4_000_000)),
        c -> c.expireSilent(System.nanoTime(), consent));
    timers.add(ctx.scheduler().scheduleWithFixedDelay(this::expireEmpty, 1, 1, TimeUnit.SECONDS));
  }

  private void every(long millis, java.util.function.Consumer<Conference> task) {
    timers.add(
        ctx.scheduler()
            .scheduleWithFixedDelay(
                () -> {
                  for (Conference c : byId.values()) {
                    try {
                      task.accept(c);
                    } catch (RuntimeException e) {
                      LOG.warn("periodic task failed in conference {}", c.id(), e);
                    }
                  }
                },
                millis,
                millis,
                TimeUnit.MILLISECONDS));
  }

  private void expireEmpty() {
    long timeout = ctx.config().conferenceEmptyTimeout().toNanos();
    long now = System.nanoTime();
    for (Conference c : byId.values()) {
      long since = c.emptySinceNanos();
      if (since != Long.MAX_VALUE && now - since > timeout) {
        LOG.info("conference {} ({}) empty for too long; expiring", c.id(), c.name());
        expire(c);
      }
    }
  }

  /** Registers a listener for every conference, present and future. */
  public void addListener(ConferenceListener l) {
    listeners.add(l);
  }

  public MediaContext context() {
    return ctx;
  }

  /**
   * Creates a conference.
   *
   * @return null when the meeting id is taken
   */
  public Conference create(String meetingId, String name) {
    String id = HexFormat.of().formatHex(bytes());
    Conference c = new Conference(id, meetingId, name, ctx, listeners);
    if (byMeetingId.putIfAbsent(meetingId, c) != null) {
      return null;
    }
    byId.put(id, c);
    LOG.info("conference {} created for meeting {} ({})", id, meetingId, name);
    return c;
  }

  private static byte[] bytes() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return b;
  }

  public Conference byMeetingId(String meetingId) {
    return byMeetingId.get(meetingId);
  }

  public Conference byId(String id) {
    return byId.get(id);
  }

  public Collection<Conference> all() {
    return byId.values();
  }

  public void expire(Conference c) {
    byMeetingId.remove(c.meetingId(), c);
    byId.remove(c.id(), c);
    c.expire();
  }

  /** Endpoints in all conferences. */
  public int endpointCount() {
    return byId.values().stream().mapToInt(c -> c.endpoints().size()).sum();
  }

  @Override
  public void close() {
    timers.forEach(t -> t.cancel(false));
    byId.values().forEach(this::expire);
  }
}
