package org.huddle.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.huddle.common.config.Settings;
import org.huddle.common.files.SlotGrant;
import org.huddle.records.MeetingFiles;
import org.huddle.records.RecordEvent;
import org.huddle.records.Records;
import org.huddle.records.testing.TestDatabase;
import org.huddle.web.FileShare;
import org.huddle.web.FileShareConfig;
import org.huddle.web.WebConfig;
import org.huddle.web.WebServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The file server over real HTTP: slots' PUT and GET URLs on a running web role, with the files in
 * a folder or in a real S3-compatible server (moto), and their rows in PostgreSQL or H2.
 */
class FileShareTest {
  static final String SECRET = "web-files-test-secret";
  static final String ROOM = "standup@muc.meet.jitsi";
  static final String TOKEN = "admin-token";

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  FileShareConfig files(Map<String, String> more) {
    Map<String, String> env = new java.util.HashMap<>(more);
    env.put("HUDDLE_FILE_SHARE_SECRET", SECRET);
    env.put("HUDDLE_FILE_SHARE_PATH", dir.resolve("files").toString());
    env.put("HUDDLE_FILE_SHARE_SIZE_LIMIT", "1 MiB");
    return FileShareConfig.fromEnvironment(Settings.Env.of(env));
  }

  static WebConfig web() {
    return WebConfig.fromEnvironment(
        Settings.Env.of(Map.of("HUDDLE_BIND_ADDRESS", "127.0.0.1", "HTTP_PORT", "0")));
  }

  static SlotGrant grant(String name, long size) {
    return new SlotGrant(
        SlotGrant.newKey("standup", name),
        name,
        size,
        "application/octet-stream",
        Instant.now().plusSeconds(300),
        ROOM,
        "alice@meet.jitsi/web");
  }

  String url(WebServer web, String key) {
    return "http://127.0.0.1:" + web.port() + "/files/" + key;
  }

  HttpResponse<String> put(WebServer web, SlotGrant g, HttpRequest.BodyPublisher body)
      throws Exception {
    return put(web, g.key(), "Bearer " + g.sign(SECRET.getBytes(StandardCharsets.UTF_8)), body);
  }

  HttpResponse<String> put(WebServer web, String key, String auth, HttpRequest.BodyPublisher body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(web, key))).PUT(body);
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> get(WebServer web, String key) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url(web, key))).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  /** Every regular file under the files folder, the spool included. */
  List<Path> filesOnDisk() throws Exception {
    try (Stream<Path> s = Files.walk(dir.resolve("files"))) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anUploadIsServedBackByteForByteAndListedWithItsMeeting(TestDatabase.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config());
        FileShare share = FileShare.start(files(Map.of()), records);
        WebServer web = WebServer.start(web(), null, TOKEN, records, share)) {
      records.writeNow(
          List.of(new RecordEvent.MeetingStarted("m1", ROOM, Instant.now().minusSeconds(60))));
      byte[] bytes = random(300_000);
      SlotGrant g = grant("notes.pdf", bytes.length);
      HttpResponse<String> put = put(web, g, HttpRequest.BodyPublishers.ofByteArray(bytes));
      assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

      HttpResponse<byte[]> got = get(web, g.key());
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(got.body()).isEqualTo(bytes);
      assertThat(got.headers().firstValue("Content-Type")).hasValue("application/pdf");
      assertThat(got.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

      assertThat(records.files().ofMeeting("m1"))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.name()).isEqualTo("notes.pdf");
                assertThat(f.size()).isEqualTo(bytes.length);
                assertThat(f.key()).isEqualTo(g.key());
                assertThat(f.uploader()).isEqualTo("alice@meet.jitsi/web");
              });
      HttpResponse<String> meeting =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + web.port() + "/api/meetings/m1"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(meeting.body())
          .contains("\"files\":[{\"name\":\"notes.pdf\",\"size\":300000")
          .contains("\"path\":\"/files/" + g.key() + "\"");
    }
  }

  @Nested
  class BadUploads {
    @Test
    void aBodyLargerThanTheSlotGets413AndLeavesNoFile() throws Exception {
      try (FileShare share = FileShare.start(files(Map.of()), null);
          WebServer web = WebServer.start(web(), null, null, null, share)) {
        SlotGrant g = grant("a.bin", 1000);
        // declared by Content-Length: refused before a byte is read
        assertThat(put(web, g, HttpRequest.BodyPublishers.ofByteArray(random(1001))).statusCode())
            .isEqualTo(413);
        // streamed without a length (chunked): refused once the 1001st byte arrives
        HttpRequest.BodyPublisher chunked =
            HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(random(200_000)));
        // The server answers 413 and closes with the rest of the body unread; a client still
        // sending may see that close (a reset) before it reads the answer.
        int status;
        try {
          status = put(web, g, chunked).statusCode();
        } catch (java.io.IOException closedMidUpload) {
          status = -1;
        }
        assertThat(status).as("413, or the connection closed mid-upload").isIn(413, -1);
        assertThat(get(web, g.key()).statusCode()).isEqualTo(404);
        assertThat(filesOnDisk()).as("no partial file, in the store or the spool").isEmpty();
        assertThat(share.handler().refused()).isEqualTo(3);
      }
    }

    @Test
    void aSlotOverTheServersOwnLimitGets413() throws Exception {
      try (FileShare share = FileShare.start(files(Map.of()), null);
          WebServer web = WebServer.start(web(), null, null, null, share)) {
        SlotGrant g = grant("big.bin", 2 * 1024 * 1024);
        assertThat(put(web, g, HttpRequest.BodyPublishers.ofByteArray(random(10))).statusCode())
            .isEqualTo(413);
        assertThat(filesOnDisk()).isEmpty();
      }
    }

    @Test
    void aShortBodyGets400AndLeavesNoFile() throws Exception {
      try (FileShare share = FileShare.start(files(Map.of()), null);
          WebServer web = WebServer.start(web(), null, null, null, share)) {
        SlotGrant g = grant("a.bin", 1000);
        assertThat(put(web, g, HttpRequest.BodyPublishers.ofByteArray(random(10))).statusCode())
            .isEqualTo(400);
        assertThat(filesOnDisk()).isEmpty();
      }
    }

    @Test
    void withoutAGoodGrantForThatUrlThePutIsRefused() throws Exception {
      try (FileShare share = FileShare.start(files(Map.of()), null);
          WebServer web = WebServer.start(web(), null, null, null, share)) {
        SlotGrant g = grant("a.txt", 3);
        HttpRequest.BodyPublisher abc = HttpRequest.BodyPublishers.ofString("abc");
        assertThat(put(web, g.key(), null, abc).statusCode()).isEqualTo(401);
        assertThat(put(web, g.key(), "Bearer " + g.sign("wrong".getBytes()), abc).statusCode())
            .isEqualTo(403);
        SlotGrant other = grant("b.txt", 3);
        assertThat(put(web, other.key(), "Bearer " + g.sign(SECRET.getBytes()), abc).statusCode())
            .as("a grant for another URL")
            .isEqualTo(403);
        SlotGrant expired =
            new SlotGrant(
                g.key(), "a.txt", 3, "text/plain", Instant.now().minusSeconds(1), ROOM, "a@b/c");
        assertThat(put(web, g.key(), "Bearer " + expired.sign(SECRET.getBytes()), abc).statusCode())
            .isEqualTo(403);
        assertThat(put(web, g, abc).statusCode()).isEqualTo(201);
        assertThat(put(web, g, HttpRequest.BodyPublishers.ofString("xyz")).statusCode())
            .as("a slot is used once")
            .isEqualTo(409);
        assertThat(new String(get(web, g.key()).body(), StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(get(web, "../../etc/passwd").statusCode()).isBetween(400, 404);
        assertThat(get(web, "standup/x/..%2F..%2Fpasswd").statusCode()).isBetween(400, 404);
      }
    }

    @Test
    void htmlIsNeverServedAsAPage() throws Exception {
      try (FileShare share = FileShare.start(files(Map.of()), null);
          WebServer web = WebServer.start(web(), null, null, null, share)) {
        byte[] page = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        SlotGrant g =
            new SlotGrant(
                SlotGrant.newKey("standup", "x.html"),
                "x.html",
                page.length,
                "text/html",
                Instant.now().plusSeconds(60),
                ROOM,
                "a@b/c");
        assertThat(put(web, g, HttpRequest.BodyPublishers.ofByteArray(page)).statusCode())
            .isEqualTo(201);
        HttpResponse<byte[]> got = get(web, g.key());
        assertThat(got.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(got.headers().firstValue("Content-Disposition").orElseThrow())
            .startsWith("attachment");
        assertThat(got.headers().firstValue("Content-Security-Policy").orElseThrow())
            .contains("sandbox");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theSweeperDeletesExpiredFilesAndMarksTheirRows(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config());
        FolderStore store = new FolderStore(dir.resolve("files"))) {
      Instant t0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      records.writeNow(List.of(new RecordEvent.MeetingStarted("m1", ROOM, t0.minusSeconds(10))));
      for (String name : List.of("old.txt", "new.txt")) {
        Path part = store.spool().resolve(name);
        Files.writeString(part, name);
        store.store(
            "standup/" + name.charAt(0) + "AAAAAAAAAAAAAAAAAAAAA/" + name, part, "text/plain");
      }
      records
          .files()
          .add(ROOM, "u", "old.txt", 7, "text/plain", "standup/oAAAAAAAAAAAAAAAAAAAAA/old.txt", t0);
      records
          .files()
          .add(
              ROOM,
              "u",
              "new.txt",
              7,
              "text/plain",
              "standup/nAAAAAAAAAAAAAAAAAAAAA/new.txt",
              t0.plusSeconds(3600));
      Clock later = Clock.fixed(t0.plus(Duration.ofDays(7)).plusSeconds(60), ZoneOffset.UTC);
      FileSweeper sweeper = new FileSweeper(store, records, Duration.ofDays(7), 10, later);

      assertThat(sweeper.sweep()).isEqualTo(1);
      assertThat(store.exists("standup/oAAAAAAAAAAAAAAAAAAAAA/old.txt")).isFalse();
      assertThat(store.exists("standup/nAAAAAAAAAAAAAAAAAAAAA/new.txt")).isTrue();
      List<MeetingFiles.StoredFile> rows = records.files().ofMeeting("m1");
      assertThat(rows)
          .extracting(MeetingFiles.StoredFile::name)
          .containsExactly("old.txt", "new.txt");
      assertThat(rows.get(0).deletedAt()).isEqualTo(later.instant());
      assertThat(rows.get(1).deletedAt()).isNull();
      assertThat(sweeper.sweep()).as("nothing more is due").isZero();
    }
  }

  @Test
  void aSweepIsBoundedByItsBatch() throws Exception {
    try (FolderStore store = new FolderStore(dir.resolve("files"))) {
      for (int i = 0; i < 5; i++) {
        Path part = store.spool().resolve("p" + i);
        Files.writeString(part, "x");
        store.store("r/" + i + "AAAAAAAAAAAAAAAAAAAAA/f", part, "text/plain");
      }
      Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC);
      FileSweeper sweeper = new FileSweeper(store, null, Duration.ofDays(1), 2, later);
      assertThat(sweeper.sweep()).isEqualTo(2);
      assertThat(sweeper.sweep()).isEqualTo(2);
      assertThat(sweeper.sweep()).isEqualTo(1);
      assertThat(filesOnDisk()).isEmpty();
    }
  }

  @Nested
  class InS3 {
    @Test
    void uploadsGoToTheBucketAndComeBackAndTheSweeperEmptiesIt() throws Exception {
      try (MotoServer moto = MotoServer.start();
          FileShare share =
              FileShare.start(
                  files(
                      Map.of(
                          "HUDDLE_FILE_SHARE_S3_ENDPOINT", moto.endpoint(),
                          "HUDDLE_FILE_SHARE_S3_BUCKET", "huddle-files",
                          "HUDDLE_FILE_SHARE_S3_ACCESS_KEY", "test",
                          "HUDDLE_FILE_SHARE_S3_SECRET_KEY", "test")),
                  null);
          WebServer web = WebServer.start(web(), null, null, null, share)) {
        byte[] bytes = random(200_000);
        SlotGrant g = grant("clip.mp4", bytes.length);
        assertThat(put(web, g, HttpRequest.BodyPublishers.ofByteArray(bytes)).statusCode())
            .isEqualTo(201);
        HttpResponse<byte[]> got = get(web, g.key());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(bytes);
        assertThat(got.headers().firstValue("Content-Type")).hasValue("video/mp4");

        SlotGrant big = grant("big.bin", 1000);
        assertThat(put(web, big, HttpRequest.BodyPublishers.ofByteArray(random(5000))).statusCode())
            .isEqualTo(413);
        assertThat(get(web, big.key()).statusCode()).as("nothing put in the bucket").isEqualTo(404);
        assertThat(filesOnDisk()).as("nothing left in the spool").isEmpty();

        FileStore store =
            new S3Store(
                files(
                        Map.of(
                            "HUDDLE_FILE_SHARE_S3_ENDPOINT", moto.endpoint(),
                            "HUDDLE_FILE_SHARE_S3_BUCKET", "huddle-files",
                            "HUDDLE_FILE_SHARE_S3_ACCESS_KEY", "test",
                            "HUDDLE_FILE_SHARE_S3_SECRET_KEY", "test"))
                    .s3(),
                dir.resolve("spool2"));
        assertThat(store.olderThan(Instant.now().plusSeconds(60), 10)).containsExactly(g.key());
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC);
        assertThat(new FileSweeper(store, null, Duration.ofDays(7), 10, later).sweep())
            .isEqualTo(1);
        assertThat(get(web, g.key()).statusCode()).isEqualTo(404);
        store.close();
      }
    }
  }
}
