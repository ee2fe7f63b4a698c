package org.huddle.records;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.huddle.records.schedule.Invitations;
import org.huddle.records.schedule.Mailer;
import org.huddle.records.schedule.ScheduledMeeting;
import org.huddle.records.schedule.Schedules;
import org.huddle.records.store.Database;
import org.huddle.records.store.RecordStore;
import org.huddle.records.writer.AsyncWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one process: a {@link Recorder} whose events go through a bounded queue to the
 * database, so that a slow or absent database never delays a join. Open it once per process and
 * close it at shutdown (queued events are written first, for a few seconds at most).
 */
public final class Records implements Recorder, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Records.class);

  private final Database db;
  private final RecordStore store;
  private final AsyncWriter<RecordEvent> writer;
  private final RecordQueries queries;
  private final RecordsConfig.Mail mail;
  private Schedules schedules;
  private final MeetingFiles files;
  private final Accounts accounts;

  private Records(
      Database db, int buffer, RecordsConfig.Mail mail, Duration firstPause, Duration maxPause) {
    this.db = db;
    this.mail = mail;
    this.store = new RecordStore(db);
    this.queries = new RecordQueries(db);
    this.files = new MeetingFiles(db);
    this.accounts = new Accounts(db);
    this.writer =
        new AsyncWriter<>("records", buffer, store::write, db::reachable, firstPause, maxPause);
  }

  /** Opens the database named by the config (connecting and migrating in the background). */
  public static Records open(RecordsConfig config) {
    return open(config, Duration.ofMillis(250), Duration.ofSeconds(10));
  }

  /** As {@link #open(RecordsConfig)}, with the pauses between attempts during an outage. */
  public static Records open(RecordsConfig config, Duration firstPause, Duration maxPause) {
    Database db = Database.open(config.target());
    LOG.info(
        "records: {} at {}",
        config.target().kind(),
        Database.Target.redacted(config.target().jdbcUrl()));
    Records records = new Records(db, config.buffer(), config.mail(), firstPause, maxPause);
    if (config.admin().wanted()) {
      Thread.ofVirtual()
          .name("records-first-admin")
          .start(() -> records.firstAdminWhenUp(config.admin()));
    }
    return records;
  }

  /**
   * Creates the configured admin account while there is no account at all, once the database
   * answers (it may come up after this process): tried every 5 seconds for 10 minutes.
   */
  private void firstAdminWhenUp(RecordsConfig.FirstAdmin admin) {
    for (int attempt = 0; attempt < 120; attempt++) {
      try {
        firstAdmin(admin);
        return;
      } catch (IllegalArgumentException e) {
        LOG.warn("records: HUDDLE_ADMIN_USER/HUDDLE_ADMIN_PASSWORD refused: {}", e.getMessage());
        return;
      } catch (RuntimeException e) {
        try {
          Thread.sleep(5_000);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
    LOG.warn("records: the database never answered; no admin account was created");
  }

  /** Creates the admin account if there is no account at all; true when it did. */
  boolean firstAdmin(RecordsConfig.FirstAdmin admin) {
    if (accounts.count() != 0) {
      return false;
    }
    String email = admin.email().isBlank() ? null : admin.email();
    accounts.put(admin.user(), admin.password(), Accounts.Role.ADMIN, email);
    record(
        RecordEvent.Audit.of(
            Instant.now(),
            null,
            AuditAction.ACCOUNT_CHANGED,
            "HUDDLE_ADMIN_USER",
            Accounts.checkedName(admin.user()),
            "created at start, admin"));
    LOG.info("records: admin account {} created (HUDDLE_ADMIN_USER)", admin.user());
    return true;
  }

  @Override
  public void record(RecordEvent event) {
    writer.offer(event);
  }

  /** Writes now, on the caller's thread (for tests and tools; roles use {@link #record}). */
  public void writeNow(List<? extends RecordEvent> events) {
    store.write(events);
  }

  /** What the admin API reads (each call may throw when the database is away). */
  public RecordQueries queries() {
    return queries;
  }

  /** The files shared in meetings (each call may throw when the database is away). */
  public MeetingFiles files() {
    return files;
  }

  /** The admin and organizer accounts (each call may throw when the database is away). */
  public Accounts accounts() {
    return accounts;
  }

  /** Usage per UTC day over [{@code from}, {@code to}). */
  public Statistics.Summary statistics(Instant from, Instant to, Instant now) {
    return Statistics.of(
        from,
        to,
        queries.meetingsOverlapping(from, to),
        queries.participationsOverlapping(from, to),
        now);
  }

  /**
   * Scheduled meetings and their invitations, mailing due invitations in the background from the
   * first call on (docs/records.md, "Scheduling").
   *
   * @param publicUrl the meeting links' base (PUBLIC_URL)
   * @param domain the right-hand side of the invitations' event UIDs
   */
  public synchronized Schedules schedules(String publicUrl, String domain) {
    if (schedules == null) {
      schedules =
          new Schedules(
              db,
              new Invitations(publicUrl, domain),
              new Mailer(mail.servers(), mail.from(), mail.timeout()),
              Instant::now,
              Duration.ofSeconds(30),
              Duration.ofHours(1));
      schedules.start(Duration.ofSeconds(2));
    }
    return schedules;
  }

  /**
   * The scheduled meeting a room (its name) holds at this time, if any; never starts mailing.
   * Empty, too, while the database cannot answer.
   */
  public Optional<ScheduledMeeting> scheduled(String room, Instant at) {
    try {
      return Schedules.current(db, room, at);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  public Database database() {
    return db;
  }

  /** Events written. */
  public long written() {
    return writer.written();
  }

  /** Events dropped because the buffer was full. */
  public long dropped() {
    return writer.dropped();
  }

  /** Events the database refused although it was up. */
  public long rejected() {
    return writer.rejected();
  }

  /** Events waiting to be written. */
  public int pending() {
    return writer.pending();
  }

  /** Whether the database is away now. */
  public boolean databaseDown() {
    return writer.down();
  }

  /** Outages seen since start. */
  public long outages() {
    return writer.outages();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (schedules != null) {
        schedules.close();
      }
    }
    writer.close(Duration.ofSeconds(5));
    db.close();
  }
}
