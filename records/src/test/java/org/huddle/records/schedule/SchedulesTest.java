package org.huddle.records.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.huddle.records.store.Database;
import org.huddle.records.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scheduling and invitations against a real SMTP server on loopback (GreenMail) and the machine's
 * PostgreSQL and the embedded H2: the iCalendar content of invitations, updates and cancellations,
 * failing over from a dead server, and invitations that wait out an outage of every server.
 */
class SchedulesTest {
  private static final Instant T0 = Instant.parse("2026-12-10T09:00:00Z");
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-12-07T08:00:00Z"));

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Schedules schedules(Database db, int... smtpPorts) {
    List<MailServer> servers = new ArrayList<>();
    for (int p : smtpPorts) {
      servers.add(MailServer.parse("smtp://127.0.0.1:" + p));
    }
    return new Schedules(
        db,
        new Invitations("https://meet.example.com/", "meet.example.com"),
        new Mailer(servers, "huddle@meet.example.com", Duration.ofSeconds(5)),
        now::get,
        Duration.ofSeconds(30),
        Duration.ofHours(1));
  }

  private static MeetingPlan plan(String title, Instant begin, String... invitees) {
    return new MeetingPlan(
        "Weekly-Review",
        title,
        begin,
        begin.plusSeconds(3600),
        "olga@example.com",
        List.of(invitees));
  }

  private static String calendarOf(MimeMessage m) throws Exception {
    MimeMultipart parts = (MimeMultipart) m.getContent();
    for (int i = 0; i < parts.getCount(); i++) {
      if (parts.getBodyPart(i).getContentType().startsWith("text/calendar")) {
        return GreenMailUtil.getBody(parts.getBodyPart(i)).replace("\r\n ", "");
      }
    }
    throw new AssertionError("no text/calendar part");
  }

  private static MimeMessage to(MimeMessage[] received, String address) throws Exception {
    MimeMessage last = null;
    for (MimeMessage m : received) {
      if (m.getAllRecipients()[0].toString().equals(address)) {
        last = m;
      }
    }
    assertThat(last).as("a mail to " + address).isNotNull();
    return last;
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void invitationsUpdatesAndCancellationsCarryTheRightCalendarAndSkipADeadServer(
      TestDatabase.Kind kind) throws Exception {
    int dead = freePort();
    int live = freePort();
    GreenMail smtp = new GreenMail(new ServerSetup(live, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try (TestDatabase tdb = TestDatabase.create(kind);
        Database db = Database.open(tdb.config().target())) {
      Schedules s = schedules(db, dead, live);
      ScheduledMeeting m =
          s.create(plan("Weekly review", T0, "ann@example.com", "ben@example.com"));
      assertThat(m.room()).isEqualTo("weekly-review");
      assertThat(s.deliverDue()).isEqualTo(3);
      assertThat(s.pending()).isZero();
      MimeMessage[] got = smtp.getReceivedMessages();
      assertThat(got).hasSize(3);
      MimeMessage ann = to(got, "ann@example.com");
      assertThat(ann.getSubject()).isEqualTo("Invitation: Weekly review");
      assertThat(ann.getFrom()[0].toString()).isEqualTo("huddle@meet.example.com");
      String cal = calendarOf(ann);
      assertThat(cal)
          .contains("METHOD:REQUEST", "UID:" + m.id() + "@meet.example.com", "SEQUENCE:0")
          .contains("DTSTART:20261210T090000Z", "DTEND:20261210T100000Z", "SUMMARY:Weekly review")
          .contains("ORGANIZER:mailto:olga@example.com", "ATTENDEE:mailto:ann@example.com")
          .contains("ATTENDEE:mailto:ben@example.com", "https://meet.example.com/weekly-review")
          .contains("STATUS:CONFIRMED");
      assertThat(GreenMailUtil.getBody(ann)).contains("https://meet.example.com/weekly-review");

      // Moved an hour later, and ben is no longer invited; cy is.
      ScheduledMeeting moved =
          s.update(
                  m.id(),
                  plan("Weekly review", T0.plusSeconds(3600), "ann@example.com", "cy@example.com"))
              .orElseThrow();
      assertThat(moved.sequence()).isEqualTo(1);
      assertThat(s.deliverDue()).isEqualTo(4);
      got = smtp.getReceivedMessages();
      MimeMessage annUpdate = to(got, "ann@example.com");
      assertThat(annUpdate.getSubject()).isEqualTo("Updated: Weekly review");
      assertThat(calendarOf(annUpdate))
          .contains(
              "METHOD:REQUEST", "SEQUENCE:1", "DTSTART:20261210T100000Z", "UID:" + m.id() + "@");
      MimeMessage benGone = to(got, "ben@example.com");
      assertThat(benGone.getSubject()).isEqualTo("Cancelled: Weekly review");
      assertThat(calendarOf(benGone)).contains("METHOD:CANCEL", "STATUS:CANCELLED", "SEQUENCE:1");
      assertThat(calendarOf(to(got, "cy@example.com"))).contains("METHOD:REQUEST");

      ScheduledMeeting cancelled = s.cancel(m.id()).orElseThrow();
      assertThat(cancelled.cancelled()).isTrue();
      assertThat(s.deliverDue()).isEqualTo(3);
      assertThat(calendarOf(to(smtp.getReceivedMessages(), "cy@example.com")))
          .contains("METHOD:CANCEL", "SEQUENCE:2", "STATUS:CANCELLED");
      assertThat(s.update(m.id(), plan("again", T0))).as("a cancelled meeting stays so").isEmpty();
      assertThat(s.cancel("no-such-id")).isEmpty();
      assertThat(s.failures())
          .as("the dead server never counts as a failure while one took it")
          .isZero();
    } finally {
      smtp.stop();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void invitationsWaitOutAnOutageOfEveryServerAndNoneIsLost(TestDatabase.Kind kind)
      throws Exception {
    int port = freePort();
    try (TestDatabase tdb = TestDatabase.create(kind);
        Database db = Database.open(tdb.config().target())) {
      Schedules s = schedules(db, port);
      s.create(plan("Retro", T0, "ann@example.com"));
      assertThat(s.deliverDue()).isZero();
      assertThat(s.failures()).isEqualTo(2);
      assertThat(s.pending()).isEqualTo(2);
      assertThat(s.deliverDue()).as("not due again before the pause").isZero();
      assertThat(s.failures()).isEqualTo(2);

      now.set(now.get().plusSeconds(31));
      assertThat(s.deliverDue()).isZero();
      assertThat(s.failures()).isEqualTo(4);
      assertThat(s.backoff(2)).isEqualTo(Duration.ofSeconds(60));
      assertThat(s.backoff(20)).isEqualTo(Duration.ofHours(1));

      GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      smtp.start();
      try {
        now.set(now.get().plusSeconds(61));
        assertThat(s.deliverDue()).isEqualTo(2);
        assertThat(s.pending()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(2);
      } finally {
        smtp.stop();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = "H2")
  void aRoomsCurrentScheduledMeetingStartsAQuarterHourEarly(TestDatabase.Kind kind)
      throws Exception {
    try (TestDatabase tdb = TestDatabase.create(kind);
        Database db = Database.open(tdb.config().target())) {
      Schedules s = schedules(db);
      ScheduledMeeting m = s.create(plan("Review", T0));
      assertThat(s.current("weekly-review", T0.minusSeconds(16 * 60))).isEmpty();
      assertThat(s.current("weekly-review", T0.minusSeconds(14 * 60))).contains(m);
      assertThat(s.current("weekly-review", T0.plusSeconds(3599))).contains(m);
      assertThat(s.current("weekly-review", T0.plusSeconds(3600))).isEmpty();
      assertThat(s.current("other", T0)).isEmpty();
      s.cancel(m.id());
      assertThat(s.current("weekly-review", T0)).isEmpty();
      assertThat(s.list(T0.minusSeconds(1), T0.plusSeconds(1))).hasSize(1);
    }
  }

  @Test
  void aPlanWithABadFieldNamesIt() {
    Instant b = T0;
    assertThatThrownBy(
            () -> new MeetingPlan("bad room!", "t", b, b.plusSeconds(60), "o@x.org", List.of()))
        .hasMessageStartingWith("room:");
    assertThatThrownBy(() -> new MeetingPlan("r", " ", b, b.plusSeconds(60), "o@x.org", List.of()))
        .hasMessageStartingWith("title:");
    assertThatThrownBy(() -> new MeetingPlan("r", "t", b, b, "o@x.org", List.of()))
        .hasMessageStartingWith("end:");
    assertThatThrownBy(
            () -> new MeetingPlan("r", "t", b, b.plusSeconds(90_000), "o@x.org", List.of()))
        .hasMessageContaining("24 hours");
    assertThatThrownBy(() -> new MeetingPlan("r", "t", b, b.plusSeconds(60), "not-mail", List.of()))
        .hasMessageStartingWith("organizer:");
    assertThatThrownBy(
            () ->
                new MeetingPlan(
                    "r", "t", b, b.plusSeconds(60), "o@x.org", List.of("a@x.org\r\nBcc: z@x.org")))
        .hasMessageStartingWith("invitees:");
    assertThat(
            new MeetingPlan(
                    "r", "t", b, b.plusSeconds(60), "o@x.org", List.of("a@x.org", "a@x.org"))
                .invitees())
        .containsExactly("a@x.org");
    assertThatThrownBy(() -> MailServer.parse("http://u:hunter2@h"))
        .hasMessageNotContaining("hunter2");
    assertThat(MailServer.parse("smtps://u:p%40ss@mail.example.com").port()).isEqualTo(465);
    assertThat(MailServer.parse("smtps://u:p%40ss@mail.example.com").password()).isEqualTo("p@ss");
  }

  @Test
  void roomsInChineseAndCyrillicAreScheduledAndLinkedPercentEncoded() {
    Instant b = T0;
    MeetingPlan cyrillic =
        new MeetingPlan("Плане\u0308рка", "t", b, b.plusSeconds(60), "o@x.org", List.of());
    assertThat(cyrillic.room()).isEqualTo("планёрка");
    MeetingPlan chinese = new MeetingPlan("会议室", "t", b, b.plusSeconds(60), "o@x.org", List.of());
    Invitations invitations = new Invitations("https://meet.example.com/", "meet.example.com");
    ScheduledMeeting m =
        new ScheduledMeeting(
            "id", chinese.room(), "t", b, b.plusSeconds(60), "o@x.org", List.of(), 0, false);
    assertThat(invitations.link(m))
        .isEqualTo("https://meet.example.com/%E4%BC%9A%E8%AE%AE%E5%AE%A4");
    assertThatThrownBy(
            () -> new MeetingPlan("会议 室", "t", b, b.plusSeconds(60), "o@x.org", List.of()))
        .hasMessageStartingWith("room:");
  }
}
