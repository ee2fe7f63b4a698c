package org.huddle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headless Chromium (Debian's, with a fake camera and microphone) joins meetings through the web
 * app of {@code huddle all} (the packaged jar), over real sockets. The JVM runs in a network
 * namespace with only a loopback interface (see {@code src/test/netns/bin/java}), and so do the
 * browsers it starts. Each test runs one scenario from {@code web/frontend/e2e/scenarios/} with
 * playwright-core; screenshots of every step go to {@code target/e2e/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeetingInBrowserIT {
  private static final Logger LOG = LoggerFactory.getLogger(MeetingInBrowserIT.class);
  private static final Pattern JOIN_TIME = Pattern.compile("JOIN_TIME_MS=(\\d+)");
  private static final long SCENARIO_LIMIT_SECONDS = 330;

  /** The admin token of the shared {@code huddle all} (the admin-records scenario uses it). */
  private static final String ADMIN_TOKEN = "e2e-admin-" + Long.toHexString(System.nanoTime());

  /**
   * The first admin account of the shared {@code huddle all} (the accounts scenario logs in). The
   * password is fixed: the embedded records under {@code target/e2e/data} outlive a run, and the
   * first admin is made only while there is no account at all.
   */
  private static final String ADMIN_USER = "e2e-admin";

  private static final String ADMIN_PASSWORD = "e2e-admin-password-1";

  /** The page that embeds the meeting in the embed scenario (answered by the browser driver). */
  private static final String EMBEDDER = "https://embedder.test";

  private HuddleAll roles;

  /** The shared {@code huddle all}'s HTTPS address (a self-signed certificate for 127.0.0.1). */
  private String httpsUrl;

  private final Path frontend = Path.of(env("HUDDLE_FRONTEND_DIR", "../web/frontend"));
  private final Path output = Path.of(env("HUDDLE_E2E_OUTPUT", "target/e2e"));

  @BeforeAll
  void start() throws Exception {
    assertThat(System.getenv("HUDDLE_NETNS"))
        .as(
            "the browser tests must run in a network namespace with only loopback, so that media"
                + " stays on 127.0.0.1; src/test/netns/bin/java could not create one (needs root for"
                + " 'unshare -n')")
        .isEqualTo("isolated");
    assertThat(Path.of(env("HUDDLE_CHROMIUM", "/usr/bin/chromium")))
        .as("Debian's chromium is needed (apt-get install chromium chromium-driver)")
        .isExecutable();
    assertThat(frontend.resolve("node_modules/playwright-core"))
        .as("playwright-core is installed by the build's 'npm ci' in web/frontend")
        .isDirectory();
    // HTTPS as well, for the embed scenario: @jitsi/react-sdk loads
    // https://<domain>/external_api.js.
    Path tls = output.resolve("tls");
    Files.createDirectories(tls);
    TestCertificate.selfSigned(tls.resolve("web.crt"), tls.resolve("web.key"), "127.0.0.1");
    int httpsPort;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      httpsPort = s.getLocalPort();
    }
    httpsUrl = "https://127.0.0.1:" + httpsPort;
    roles =
        HuddleAll.start(
            output,
            Map.of(
                "HUDDLE_ADMIN_TOKEN",
                ADMIN_TOKEN,
                "HUDDLE_ADMIN_USER",
                ADMIN_USER,
                "HUDDLE_ADMIN_PASSWORD",
                ADMIN_PASSWORD,
                "HUDDLE_WEB_TLS_CERT",
                tls.resolve("web.crt").toString(),
                "HUDDLE_WEB_TLS_KEY",
                tls.resolve("web.key").toString(),
                "HTTPS_PORT",
                Integer.toString(httpsPort),
                "HUDDLE_FRAME_ANCESTORS",
                "'self', " + EMBEDDER),
            Map.of());
    LOG.info("huddle all is up; web at {}", roles.url());
  }

  /** The focus's health before a media scenario: it must still see an operational bridge. */
  private void requireFocus() {
    assertThat(roles.focusHealth())
        .as("the focus's /about/health (it needs an operational videobridge)")
        .isEqualTo(200);
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (roles != null) {
      roles.close();
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithoutMedia {
    @Test
    void theLandingPageLeadsToALabelledPreJoinScreenThatFitsAPhone() throws Exception {
      scenario("pages");
    }

    @Test
    void aPrivateRoomRefusesAJoinWithoutThePasswordAndAdmitsOneWithIt() throws Exception {
      scenario("private-room");
    }

    @Test
    void chatReachesEveryoneOverWebSocketAndBoshAndHandMuteInviteAndLeaveShow() throws Exception {
      scenario("chat");
    }

    @Test
    void aFileSharedInTheChatReachesTheOtherParticipantByteForByte() throws Exception {
      scenario("file-share");
    }

    @Test
    void theAdminFindsTheMeetingItsParticipantsAndChartsOnTheRecordsPage() throws Exception {
      scenario("admin-records");
    }

    @Test
    void anOrganizerSchedulesOnItsPageAndTheAdminSeesItAndTheAuditLog() throws Exception {
      scenario("accounts");
    }

    @Test
    void theModeratorTurnsTheLobbyOnAdmitsOneKnockerDeniesAnotherAndTurnsItOff() throws Exception {
      scenario("lobby");
    }

    @Test
    void chineseAndCyrillicRoomAndDisplayNamesRoundTripInTheBrowsersLanguages() throws Exception {
      scenario("any-script");
    }

    @Test
    void axeFindsNoSeriousViolationAndTheKeyboardWorksTheMeeting() throws Exception {
      scenario("accessibility");
    }
  }

  /**
   * A page on another origin embeds the meeting with the published {@code @jitsi/react-sdk}
   * (bundled by esbuild from npm), which loads {@code /external_api.js} over HTTPS: it joins, hears
   * a participant and a message, toggles audio and hangs up, with each step's event; commands from
   * a third origin are ignored and counted (docs/web.md, "Embedding: the IFrame API").
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Embedding {
    @Test
    void aReactSdkPageJoinsTogglesAudioAndHangsUpAndAStrangersCommandsAreIgnored()
        throws Exception {
      scenario("embed", roles, Map.of("HUDDLE_E2E_HTTPS_URL", httpsUrl));
    }
  }

  /**
   * {@code huddle all} of its own with ENABLE_AUTH=1 and ENABLE_GUESTS=1, and the account alice.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithSigningIn {
    static final String PASSWORD = "alice-pw-1";
    HuddleAll withAuth;

    @BeforeAll
    void start() throws Exception {
      withAuth =
          HuddleAll.start(
              output.resolve("auth"),
              Map.of("ENABLE_AUTH", "1", "AUTH_TYPE", "internal", "ENABLE_GUESTS", "1"),
              Map.of("alice@meet.jitsi", PASSWORD));
    }

    @AfterAll
    void stop() throws InterruptedException {
      withAuth.close();
    }

    @Test
    void aGuestWaitsForTheHostWhoSignsInAndThenGoesInByItself() throws Exception {
      scenario("waiting-for-host", withAuth, Map.of("HUDDLE_E2E_HOST_PASSWORD", PASSWORD));
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class WithMedia {
    @Test
    @Order(1)
    void threeParticipantsDecodeEachOthersVideoAndAudioAndSeeAClosedTabLeave() throws Exception {
      requireFocus();
      List<String> out = scenario("three-participants");
      Matcher m = JOIN_TIME.matcher(String.join("\n", out));
      assertThat(m.find()).as("the scenario prints the join time").isTrue();
      long ms = Long.parseLong(m.group(1));
      System.out.println("Join time (click to first remote frame): " + ms + " ms");
      LOG.info("Join time (click to first remote frame): {} ms", ms);
      Files.createDirectories(output);
      Files.writeString(output.resolve("join-time.txt"), ms + " ms\n");
    }

    @Test
    @Order(2)
    void aScreenShareAppearsAtTheOthers() throws Exception {
      requireFocus();
      scenario("screen-share");
    }

    @Test
    @Order(3)
    void aParticipantWhoseNetworkDropsForTenSecondsComesBackWithMedia() throws Exception {
      requireFocus();
      scenario("network-drop");
    }

    @Test
    @Order(4)
    void theOrganizerMutesMessagesPrivatelyGrantsModeratorAndRemovesAGuest() throws Exception {
      requireFocus();
      scenario("organizer");
    }

    @Test
    @Order(5)
    void aGuestUnmutesOnlyOnceTheOrganizerAllowsItUnderAvModeration() throws Exception {
      requireFocus();
      scenario("av-moderation");
    }

    @Test
    @Order(6)
    void handsQueueReactionsPollsSpeakerStatsRevokeModeratorAndEndingTheMeeting() throws Exception {
      requireFocus();
      scenario("in-meeting");
    }

    /**
     * Breakout rooms in our app: the moderator adds a room and sends a guest there, whose page
     * enters it as a meeting of its own; closing it brings the guest back to the main meeting.
     */
    @Test
    @Order(7)
    void theOrganizerSendsAGuestToABreakoutRoomAndClosesIt() throws Exception {
      requireFocus();
      scenario("breakout");
    }
  }

  /**
   * Jitsi's own client library from npm (lib-jitsi-meet, bundled unmodified by {@code
   * e2e/jitsi/bundle.mjs}), with P2P off so that every meeting size goes through the bridge.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithJitsiClients {
    @Test
    void meetingsOfTwoThreeAndSixShowEveryCameraOnItsSignalledSsrcOverVp8() throws Exception {
      requireFocus();
      scenario("jitsi-meeting", roles, Map.of("HUDDLE_E2E_CODEC", "VP8"));
    }

    @Test
    void raisedHandsReactionsPollsAndModeratorRightsInteroperateWithLibJitsiMeet()
        throws Exception {
      requireFocus();
      scenario("jitsi-in-meeting");
    }

    @Test
    void meetingsOfTwoThreeAndSixShowEveryCameraOnItsSignalledSsrcOverVp9() throws Exception {
      requireFocus();
      scenario("jitsi-meeting", roles, Map.of("HUDDLE_E2E_CODEC", "VP9"));
    }

    /**
     * Breakout rooms through lib-jitsi-meet's BreakoutRooms module: the moderator creates a room
     * and sends two participants there, who meet in it as a conference of its own; closing it
     * brings them back (docs/wire.md, "Breakout rooms").
     */
    @Test
    void aModeratorSendsTwoParticipantsToABreakoutRoomAndBringsThemBack() throws Exception {
      requireFocus();
      scenario("jitsi-breakout", roles, Map.of());
    }

    @Test
    void theLobbyWorksForLibJitsiMeetEnableKnockApproveDenyDisable() throws Exception {
      requireFocus();
      scenario("jitsi-lobby");
    }
  }

  /**
   * Huddle's own app with each codec first in config.js's codecPreferenceOrder: three participants
   * each decode the others in it; a receiver short of bandwidth gets a lower SVC spatial layer, or
   * a lower encoding of VP9 sent as simulcast.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithEachCodec {
    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "AV1", "H264"})
    void threeParticipantsDecodeEachOtherIn(String codec) throws Exception {
      requireFocus();
      scenario("codec-meeting", roles, Map.of("HUDDLE_E2E_CODEC", codec));
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP9", "AV1"})
    void aReceiverShortOfBandwidthDropsToALowerSpatialLayerAndClimbsBackIn(String codec)
        throws Exception {
      requireFocus();
      scenario("svc-bandwidth", roles, Map.of("HUDDLE_E2E_CODEC", codec));
    }

    /** VP9 simulcast: config.videoQuality.vp9.useSimulcast, three encodings of L1T3 each. */
    @Test
    void vp9SentAsSimulcastDropsToALowerEncodingAndClimbsBack() throws Exception {
      requireFocus();
      scenario(
          "svc-bandwidth", roles, Map.of("HUDDLE_E2E_CODEC", "VP9", "HUDDLE_E2E_SIMULCAST", "1"));
    }
  }

  /** Runs one scenario with node; fails with its output unless it exits 0. */
  private List<String> scenario(String name) throws IOException, InterruptedException {
    return scenario(name, roles, Map.of());
  }

  /** Runs one scenario against these roles, with more environment for it. */
  private List<String> scenario(String name, HuddleAll target, Map<String, String> env)
      throws IOException, InterruptedException {
    Path shots = output.resolve(name);
    Files.createDirectories(shots);
    ProcessBuilder pb =
        new ProcessBuilder("node", "e2e/run.mjs", name)
            .directory(frontend.toFile())
            .redirectErrorStream(true);
    pb.environment().put("HUDDLE_URL", target.url());
    pb.environment().put("HUDDLE_E2E_ADMIN_TOKEN", ADMIN_TOKEN);
    pb.environment().put("HUDDLE_E2E_ADMIN_USER", ADMIN_USER);
    pb.environment().put("HUDDLE_E2E_ADMIN_PASSWORD", ADMIN_PASSWORD);
    pb.environment().putAll(env);
    pb.environment().put("HUDDLE_E2E_OUTPUT", shots.toAbsolutePath().toString());
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                      synchronized (lines) {
                        lines.add(line);
                      }
                      LOG.info("[{}] {}", name, line);
                    }
                  } catch (IOException e) {
                    LOG.warn("reading the scenario's output failed", e);
                  }
                });
    boolean done = p.waitFor(SCENARIO_LIMIT_SECONDS, TimeUnit.SECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    reader.join(5000);
    List<String> out;
    synchronized (lines) {
      out = List.copyOf(lines);
    }
    Files.write(shots.resolve("output.txt"), out);
    assertThat(done).as("scenario %s finished within %d s", name, SCENARIO_LIMIT_SECONDS).isTrue();
    assertThat(p.exitValue())
        .as(
            "scenario %s failed (the roles' log: %s):%n%s",
            name, target.log, String.join("\n", tail(out, 40)))
        .isZero();
    return out;
  }

  private static List<String> tail(List<String> lines, int n) {
    return lines.subList(Math.max(0, lines.size() - n), lines.size());
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
