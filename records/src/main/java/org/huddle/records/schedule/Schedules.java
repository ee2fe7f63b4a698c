package org.huddle.records.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.huddle.records.store.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled meetings and their invitations. Creating, changing or cancelling a meeting writes the
 * meeting and one outbox row per recipient in one transaction; a sender thread then mails the due
 * rows through the {@link Mailer}, trying the servers in order, and keeps a row that none took for
 * a later attempt with a growing pause (30 s, doubling to an hour). So an invitation survives an
 * outage of every mail server and a restart: it is sent when a server takes it.
 */
public final class Schedules implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);

  /** A scheduled meeting counts as the room's current one from this long before it begins. */
  public static final Duration EARLY = Duration.ofMinutes(15);

  private static final int BATCH = 50;

  /** How long a process holds a mail it is sending before another may try it. */
  private static final Duration CLAIM = Duration.ofMinutes(5);

  private final Database db;
  private final Invitations invitations;
  private final Mailer mailer;
  private final Supplier<Instant> clock;
  private final Duration firstRetry;
  private final Duration maxRetry;
  private final LongAdder sent = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final AtomicBoolean running = new AtomicBoolean();
  private Thread sender;

  public Schedules(
      Database db,
      Invitations invitations,
      Mailer mailer,
      Supplier<Instant> clock,
      Duration firstRetry,
      Duration maxRetry) {
    this.db = db;
    this.invitations = invitations;
    this.mailer = mailer;
    this.clock = clock;
    this.firstRetry = firstRetry;
    this.maxRetry = maxRetry;
  }

  /** Starts mailing due invitations every {@code poll}. */
  public void start(Duration poll) {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    sender =
        Thread.ofVirtual()
            .name("invitations")
            .start(
                () -> {
                  while (running.get()) {
                    try {
                      deliverDue();
                    } catch (RuntimeException e) {
                      LOG.debug("invitations: the database cannot be read now: {}", e.toString());
                    }
                    try {
                      Thread.sleep(poll.toMillis());
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  /** Schedules a meeting and queues its invitations. */
  public ScheduledMeeting create(MeetingPlan plan) {
    return create(plan, null);
  }

  /**
   * Schedules a meeting for an account and queues its invitations.
   *
   * @param owner the account that scheduled it (an organizer sees only its own), or null
   */
  public ScheduledMeeting create(MeetingPlan plan, String owner) {
    db.migrate();
    Instant now = clock.get();
    ScheduledMeeting m =
        new ScheduledMeeting(
            UUID.randomUUID().toString(),
            plan.room(),
            plan.title(),
            plan.beginsAt(),
            plan.endsAt(),
            plan.organizer(),
            plan.invitees(),
            0,
            false);
    db.jdbi()
        .useTransaction(
            h -> {
              bindMeeting(
                      h.createUpdate(
                          "INSERT INTO scheduled_meeting (id, room, title, begins_at, ends_at,"
                              + " organizer_email, sequence, cancelled, created_at, updated_at,"
                              + " owner_account)"
                              + " VALUES (:id, :room, :title, :b, :e, :org, 0, FALSE, :now, :now,"
                              + " :owner)"),
                      m)
                  .bind("owner", owner)
                  .bind("now", ts(now))
                  .execute();
              insertInvitees(h, m.id(), m.invitees());
              queue(h, m, recipients(m), now);
            });
    return m;
  }

  /**
   * Changes a meeting: everyone invited now gets the updated calendar; anyone no longer invited
   * gets a cancellation.
   *
   * @return the meeting as changed, or empty when there is no such meeting or it was cancelled
   */
  public Optional<ScheduledMeeting> update(String id, MeetingPlan plan) {
    db.migrate();
    Instant now = clock.get();
    return db.jdbi()
        .inTransaction(
            h -> {
              Optional<ScheduledMeeting> before = find(h, id);
              if (before.isEmpty() || before.get().cancelled()) {
                return Optional.<ScheduledMeeting>empty();
              }
              ScheduledMeeting old = before.get();
              ScheduledMeeting m =
                  new ScheduledMeeting(
                      id,
                      plan.room(),
                      plan.title(),
                      plan.beginsAt(),
                      plan.endsAt(),
                      plan.organizer(),
                      plan.invitees(),
                      old.sequence() + 1,
                      false);
              bindMeeting(
                      h.createUpdate(
                          "UPDATE scheduled_meeting SET room = :room, title = :title, begins_at = :b,"
                              + " ends_at = :e, organizer_email = :org, sequence = :seq,"
                              + " updated_at = :now WHERE id = :id"),
                      m)
                  .bind("seq", m.sequence())
                  .bind("now", ts(now))
                  .execute();
              h.createUpdate("DELETE FROM scheduled_invitee WHERE meeting_id = :id")
                  .bind("id", id)
                  .execute();
              insertInvitees(h, id, m.invitees());
              queue(h, m, recipients(m), now);
              List<String> dropped = new ArrayList<>(old.invitees());
              dropped.removeAll(m.invitees());
              if (!dropped.isEmpty()) {
                ScheduledMeeting gone =
                    new ScheduledMeeting(
                        id,
                        m.room(),
                        m.title(),
                        m.beginsAt(),
                        m.endsAt(),
                        m.organizer(),
                        dropped,
                        m.sequence(),
                        true);
                queue(h, gone, dropped, now);
              }
              return Optional.of(m);
            });
  }

  /** Cancels a meeting and mails everyone the cancellation; empty when there is no such meeting. */
  public Optional<ScheduledMeeting> cancel(String id) {
    db.migrate();
    Instant now = clock.get();
    return db.jdbi()
        .inTransaction(
            h -> {
              Optional<ScheduledMeeting> before = find(h, id);
              if (before.isEmpty()) {
                return Optional.<ScheduledMeeting>empty();
              }
              ScheduledMeeting old = before.get();
              if (old.cancelled()) {
                return Optional.of(old);
              }
              ScheduledMeeting m =
                  new ScheduledMeeting(
                      id,
                      old.room(),
                      old.title(),
                      old.beginsAt(),
                      old.endsAt(),
                      old.organizer(),
                      old.invitees(),
                      old.sequence() + 1,
                      true);
              h.createUpdate(
                      "UPDATE scheduled_meeting SET cancelled = TRUE, sequence = :seq,"
                          + " updated_at = :now WHERE id = :id")
                  .bind("id", id)
                  .bind("seq", m.sequence())
                  .bind("now", ts(now))
                  .execute();
              queue(h, m, recipients(m), now);
              return Optional.of(m);
            });
  }

  /** The account that scheduled a meeting: empty for none (the token) or no such meeting. */
  public Optional<String> ownerOf(String id) {
    db.migrate();
    return db.jdbi()
        .withHandle(
            h ->
                h
                    .createQuery("SELECT owner_account FROM scheduled_meeting WHERE id = :id")
                    .bind("id", id)
                    .mapTo(String.class)
                    .list()
                    .stream()
                    .filter(o -> o != null)
                    .findFirst());
  }

  public Optional<ScheduledMeeting> get(String id) {
    db.migrate();
    return db.jdbi().withHandle(h -> find(h, id));
  }

  /** Meetings (cancelled ones too) that begin in [from, to), earliest first, at most 1000. */
  public List<ScheduledMeeting> list(Instant from, Instant to) {
    return list(from, to, null);
  }

  /** As {@link #list(Instant, Instant)}, only those {@code owner} scheduled (null: everyone's). */
  public List<ScheduledMeeting> list(Instant from, Instant to, String owner) {
    db.migrate();
    return db.jdbi()
        .withHandle(
            h -> {
              var q =
                  h.createQuery(
                          "SELECT id FROM scheduled_meeting WHERE begins_at >= :f AND begins_at < :t"
                              + (owner == null ? "" : " AND owner_account = :owner")
                              + " ORDER BY begins_at, id LIMIT 1000")
                      .bind("f", ts(from))
                      .bind("t", ts(to));
              if (owner != null) {
                q.bind("owner", owner);
              }
              List<String> ids = q.mapTo(String.class).list();
              List<ScheduledMeeting> out = new ArrayList<>();
              for (String id : ids) {
                find(h, id).ifPresent(out::add);
              }
              return out;
            });
  }

  /**
   * The scheduled meeting a room holds at this time: not cancelled, from {@link #EARLY} before it
   * begins until it ends. Empty for an instant meeting.
   */
  public Optional<ScheduledMeeting> current(String room, Instant at) {
    return current(db, room, at);
  }

  /** As {@link #current(String, Instant)}, read from {@code db} without a schedule running. */
  public static Optional<ScheduledMeeting> current(Database db, String room, Instant at) {
    db.migrate();
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT id FROM scheduled_meeting WHERE room = :room AND NOT cancelled"
                            + " AND begins_at <= :early AND ends_at > :at ORDER BY begins_at, id")
                    .bind("room", room)
                    .bind("early", ts(at.plus(EARLY)))
                    .bind("at", ts(at))
                    .mapTo(String.class)
                    .findFirst()
                    .flatMap(id -> find(h, id)));
  }

  /** Mails the due outbox rows now; returns how many went out. */
  public int deliverDue() {
    db.migrate();
    Instant now = clock.get();
    record Row(String id, Mailer.Mail mail, int attempts) {}
    List<Row> due =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT id, recipient, subject, body, calendar, calendar_method,"
                                + " attempts FROM mail_outbox WHERE sent_at IS NULL AND"
                                + " next_attempt_at <= :now ORDER BY created_at, id LIMIT "
                                + BATCH)
                        .bind("now", ts(now))
                        .map(
                            (rs, ctx) ->
                                new Row(
                                    rs.getString(1),
                                    new Mailer.Mail(
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getString(4),
                                        rs.getString(5),
                                        rs.getString(6)),
                                    rs.getInt(7)))
                        .list());
    int ok = 0;
    for (Row r : due) {
      // Claim the row first, so that two processes sharing the database never mail it twice: the
      // claim holds it back for a while, and only the process whose update took it sends.
      int claimed =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createUpdate(
                              "UPDATE mail_outbox SET next_attempt_at = :hold WHERE id = :id"
                                  + " AND sent_at IS NULL AND next_attempt_at <= :now")
                          .bind("hold", ts(now.plus(CLAIM)))
                          .bind("id", r.id())
                          .bind("now", ts(now))
                          .execute());
      if (claimed != 1) {
        continue;
      }
      try {
        MailServer via = mailer.send(r.mail());
        db.jdbi()
            .useHandle(
                h ->
                    h.createUpdate(
                            "UPDATE mail_outbox SET sent_at = :now, sent_via = :via,"
                                + " attempts = attempts + 1 WHERE id = :id")
                        .bind("now", ts(clock.get()))
                        .bind("via", via.name())
                        .bind("id", r.id())
                        .execute());
        sent.increment();
        ok++;
      } catch (jakarta.mail.MessagingException e) {
        failures.increment();
        Duration pause = backoff(r.attempts() + 1);
        LOG.warn(
            "invitation to {} not sent (attempt {}): {}; trying again in {} s",
            r.mail().to(),
            r.attempts() + 1,
            e.getMessage(),
            pause.toSeconds());
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        db.jdbi()
            .useHandle(
                h ->
                    h.createUpdate(
                            "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = :next,"
                                + " last_error = :why WHERE id = :id")
                        .bind("next", ts(clock.get().plus(pause)))
                        .bind("why", why.length() > 1000 ? why.substring(0, 1000) : why)
                        .bind("id", r.id())
                        .execute());
      }
    }
    return ok;
  }

  /** The pause after the n-th failed attempt: doubling from the first retry up to the most. */
  Duration backoff(int attempts) {
    Duration d = firstRetry;
    for (int i = 1; i < attempts && d.compareTo(maxRetry) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxRetry) > 0 ? maxRetry : d;
  }

  /** Mails still to send. */
  public long pending() {
    db.migrate();
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL")
                    .mapTo(Long.class)
                    .one());
  }

  public long sent() {
    return sent.sum();
  }

  /** Attempts that no server took. */
  public long failures() {
    return failures.sum();
  }

  private static List<String> recipients(ScheduledMeeting m) {
    Set<String> all = new LinkedHashSet<>(m.invitees());
    all.add(m.organizer());
    return List.copyOf(all);
  }

  private void queue(Handle h, ScheduledMeeting m, List<String> to, Instant now) {
    String calendar = invitations.calendar(m);
    for (String recipient : to) {
      h.createUpdate(
              "INSERT INTO mail_outbox (id, meeting_id, recipient, subject, body, calendar,"
                  + " calendar_method, created_at, next_attempt_at)"
                  + " VALUES (:id, :m, :to, :subject, :body, :cal, :method, :now, :now)")
          .bind("id", UUID.randomUUID().toString())
          .bind("m", m.id())
          .bind("to", recipient)
          .bind("subject", invitations.subject(m))
          .bind("body", invitations.body(m))
          .bind("cal", calendar)
          .bind("method", m.cancelled() ? "CANCEL" : "REQUEST")
          .bind("now", ts(now))
          .execute();
    }
  }

  /** Binds the columns a meeting's row takes from it: id, room, title, begin, end, organizer. */
  private static Update bindMeeting(Update u, ScheduledMeeting m) {
    return u.bind("id", m.id())
        .bind("room", m.room())
        .bind("title", m.title())
        .bind("b", ts(m.beginsAt()))
        .bind("e", ts(m.endsAt()))
        .bind("org", m.organizer());
  }

  private static void insertInvitees(Handle h, String id, List<String> invitees) {
    for (String e : invitees) {
      h.createUpdate("INSERT INTO scheduled_invitee (meeting_id, email) VALUES (:m, :e)")
          .bind("m", id)
          .bind("e", e)
          .execute();
    }
  }

  private static Optional<ScheduledMeeting> find(Handle h, String id) {
    List<String> invitees =
        h.createQuery("SELECT email FROM scheduled_invitee WHERE meeting_id = :id ORDER BY email")
            .bind("id", id)
            .mapTo(String.class)
            .list();
    return h.createQuery(
            "SELECT id, room, title, begins_at, ends_at, organizer_email, sequence, cancelled"
                + " FROM scheduled_meeting WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> meeting(rs, invitees))
        .findOne();
  }

  private static ScheduledMeeting meeting(ResultSet rs, List<String> invitees) throws SQLException {
    return new ScheduledMeeting(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getTimestamp(4).toInstant(),
        rs.getTimestamp(5).toInstant(),
        rs.getString(6),
        invitees,
        rs.getInt(7),
        rs.getBoolean(8));
  }

  private static Timestamp ts(Instant at) {
    return Timestamp.from(at);
  }

  @Override
  public void close() {
    running.set(false);
    if (sender != null) {
      sender.interrupt();
    }
  }
}
