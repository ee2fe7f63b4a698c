package org.huddle.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.huddle.records.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The meeting_file rows, against the machine's PostgreSQL and the embedded H2 alike. */
class MeetingFilesTest {
  static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  static final String ROOM = "standup@muc.meet.jitsi";

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anUploadIsLinkedToTheMeetingRunningInItsRoom(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config())) {
      records.writeNow(
          List.of(
              new RecordEvent.MeetingStarted("m-old", ROOM, T0.minusSeconds(7200)),
              new RecordEvent.MeetingEnded("m-old", T0.minusSeconds(3600)),
              new RecordEvent.MeetingStarted("m1", ROOM, T0)));
      MeetingFiles files = records.files();
      MeetingFiles.StoredFile a =
          files.add(
              ROOM,
              "alice@meet.jitsi/r",
              "Q3 report.pdf",
              1234,
              "application/pdf",
              "standup/k1/q3.pdf",
              T0.plusSeconds(60));
      files.add(
          "other@muc.meet.jitsi",
          "bob@meet.jitsi/r",
          "b.txt",
          3,
          "text/plain",
          "other/k2/b.txt",
          T0.plusSeconds(61));

      assertThat(a.meetingId()).isEqualTo("m1");
      assertThat(files.ofMeeting("m1"))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.name()).isEqualTo("Q3 report.pdf");
                assertThat(f.size()).isEqualTo(1234);
                assertThat(f.contentType()).isEqualTo("application/pdf");
                assertThat(f.uploader()).isEqualTo("alice@meet.jitsi/r");
                assertThat(f.key()).isEqualTo("standup/k1/q3.pdf");
                assertThat(f.createdAt()).isEqualTo(T0.plusSeconds(60));
                assertThat(f.deletedAt()).isNull();
              });
      assertThat(files.byKey("other/k2/b.txt"))
          .get()
          .extracting(MeetingFiles.StoredFile::meetingId)
          .isNull();
      assertThat(files.ofMeeting("m-old")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void expiredFilesComeOldestFirstInBoundedBatchesUntilMarkedDeleted(TestDatabase.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config())) {
      MeetingFiles files = records.files();
      for (int i = 0; i < 5; i++) {
        files.add(ROOM, "u", "f" + i, 1, "text/plain", "standup/k" + i + "/f", T0.plusSeconds(i));
      }
      List<MeetingFiles.StoredFile> batch = files.expired(T0.plusSeconds(4), 3);
      assertThat(batch).extracting(MeetingFiles.StoredFile::name).containsExactly("f0", "f1", "f2");
      batch.forEach(f -> files.markDeleted(f.id(), T0.plusSeconds(100)));
      assertThat(files.expired(T0.plusSeconds(4), 3))
          .extracting(MeetingFiles.StoredFile::name)
          .containsExactly("f3");
      assertThat(files.byKey("standup/k0/f").orElseThrow().deletedAt())
          .isEqualTo(T0.plusSeconds(100));
    }
  }
}
