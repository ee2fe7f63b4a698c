package org.huddle.deployment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.X509TrustManager;
import org.huddle.focus.Scenario;
import org.huddle.focus.TestParticipant;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCInitialPresence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * An operator's day in local mode, in order: init and start every role, people join a meeting, the
 * watchdog brings back a killed videobridge and a killed XMPP server, gives up with an alert when a
 * service keeps dying, and a backup restores the deployment. Every role binds 127.0.0.1 on ports of
 * its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalDeploymentIT {
  static final String DOMAIN = "meet.jitsi";
  static final String ROOM = "daily-standup@muc.meet.jitsi";

  @TempDir static Path home;
  static LocalDeployment d;

  @BeforeAll
  static void deploy() throws Exception {
    d = new LocalDeployment(home);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (d != null) {
      d.close();
    }
  }

  @Test
  @Order(1)
  void initAndStartBringUpEveryRole() throws Exception {
    Scripts.Result init = d.deploy("init");
    assertThat(init.exit()).as("%s", init).isZero();
    d.useTestSettings();
    long t0 = System.nanoTime();
    Scripts.Result start = d.deploy("start");
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    System.out.printf("deploy.sh start: every role healthy in %d ms%n", ms);
    assertThat(start.exit()).as("%s\nxmpp log:\n%s", start, d.log("xmpp")).isZero();
    for (String role : LocalDeployment.ROLES) {
      assertThat(start.out()).as("%s", start).contains(role + " is healthy");
      assertThat(d.alive(role)).as("%s runs", role).isTrue();
    }
    Scripts.Result status = d.deploy("status");
    assertThat(status.exit()).as("%s", status).isZero();
    for (String role : LocalDeployment.ROLES) {
      assertThat(status.out()).containsPattern(role + " +running \\(pid \\d+\\), healthy");
    }
    Scripts.Result check = d.watchdog(Map.of(), "check");
    assertThat(check.exit()).as("%s", check).isZero();
  }

  @Test
  @Order(2)
  void aGuestOpensTheMeetingAndJoinsWithTheFocus() throws Exception {
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + d.port("HTTP_PORT") + "/daily-standup"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));

    XMPPTCPConnection guest = guest();
    try {
      IQ ready = guest.sendIqRequestAndWaitForResponse(new ConferenceRequest(ROOM));
      String answer =
          ready instanceof UnparsedIQ u ? u.getContent().toString() : ready.toXML().toString();
      assertThat(answer).containsPattern("ready=['\"]true['\"]").contains(ROOM);
      MultiUserChat muc = join(guest, "alice");
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(muc.getOccupants())
                      .as("the focus is in the room")
                      .anySatisfy(
                          o -> assertThat(o.getResourceOrEmpty().toString()).isEqualTo("focus")));
    } finally {
      guest.disconnect();
    }
  }

  @Test
  @Order(3)
  void startAndStatusAreSafeToRunTwice() throws Exception {
    Map<String, Long> before = pids();
    Scripts.Result again = d.deploy("start");
    assertThat(again.exit()).as("%s", again).isZero();
    assertThat(again.out()).contains("xmpp is already running");
    assertThat(pids()).as("nothing restarted").isEqualTo(before);
    Scripts.Result watchdog = d.watchdog(Map.of(), "start");
    assertThat(watchdog.exit()).as("%s", watchdog).isZero();
    Scripts.Result watchdogAgain = d.watchdog(Map.of(), "start");
    assertThat(watchdogAgain.exit()).isZero();
    assertThat(watchdogAgain.out()).contains("already running");
    Scripts.Result status = d.watchdog(Map.of(), "status");
    assertThat(status.exit()).as("%s", status).isZero();
    assertThat(status.out()).contains("watchdog     running");
  }

  @Test
  @Order(4)
  void aKilledVideobridgeIsBackWithin20SecondsAndTheCallGetsItsMediaBack() throws Exception {
    // A call in progress: two participants sending and receiving media through the bridge.
    List<TestParticipant> call = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        TestParticipant p =
            new TestParticipant(
                d.port("XMPP_PORT"),
                "team-meeting@muc.meet.jitsi",
                "m" + i,
                70_000L * (i + 1),
                true);
        call.add(p);
        assertThat(p.requestConference("focus.meet.jitsi").attr("type")).isEqualTo("result");
        p.join();
      }
      for (TestParticipant p : call) {
        p.acceptSession();
      }
      Scenario.exchangeMedia(call, Duration.ofSeconds(30));

      long old = d.pid("videobridge").orElseThrow();
      ProcessHandle.of(old).orElseThrow().destroyForcibly(); // kill -9
      long t0 = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> healthy("HUDDLE_JVB_REST_PORT") && d.pid("videobridge").orElse(old) != old);
      long restarted = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(d.log("auto-restart")).contains("restarting videobridge: the process died");

      // The focus re-invites everyone onto the bridge that came back.
      for (TestParticipant p : call) {
        p.accept(p.awaitJingle("session-initiate", Duration.ofSeconds(60)), true);
      }
      Scenario.exchangeMedia(call, Duration.ofSeconds(30));
      long mediaBack = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      System.out.printf(
          "videobridge killed with SIGKILL: back and healthy after %d ms; media flowing again after"
              + " %d ms%n",
          restarted, mediaBack);
      assertThat(restarted)
          .as("the issue's bound for a bridge restart")
          .isLessThanOrEqualTo(20_000);
    } finally {
      call.forEach(TestParticipant::close);
    }
  }

  @Test
  @Order(5)
  void theWatchdogRestartsAKilledXmppServerAndClientsReconnect() throws Exception {
    XMPPTCPConnection guest = guest();
    ReconnectionManager reconnect = ReconnectionManager.getInstanceFor(guest);
    reconnect.setFixedDelay(1);
    reconnect.setReconnectionPolicy(ReconnectionManager.ReconnectionPolicy.FIXED_DELAY);
    reconnect.enableAutomaticReconnection();
    // As a Jitsi client does: after a new session (the old one died with the server), join again.
    AtomicInteger sessions = new AtomicInteger();
    guest.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void authenticated(XMPPConnection c, boolean resumed) {
            sessions.incrementAndGet();
            try {
              Presence join =
                  c.getStanzaFactory()
                      .buildPresenceStanza()
                      .to(JidCreate.fullFrom(ROOM + "/bob"))
                      .addExtension(new MUCInitialPresence(null, 0, 0, 0, null))
                      .build();
              c.sendStanza(join);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
    MultiUserChat muc = join(guest, "bob");
    try {
      long old = d.pid("xmpp").orElseThrow();
      ProcessHandle.of(old).orElseThrow().destroyForcibly();
      long t0 = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> healthy("PROSODY_HTTP_PORT") && d.pid("xmpp").orElse(old) != old);
      long restarted = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> guest.isAuthenticated() && sessions.get() > 0);
      long rejoined = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      System.out.printf(
          "xmpp killed with SIGKILL: healthy after %d ms; the client had a new session after %d ms%n",
          restarted, rejoined);
      assertThat(d.log("auto-restart")).contains("restarting xmpp: the process died");
      // Someone new sees bob in the room again.
      XMPPTCPConnection carol = guest();
      try {
        MultiUserChat seen = join(carol, "carol");
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(seen.getOccupants())
                        .anySatisfy(
                            o -> assertThat(o.getResourceOrEmpty().toString()).isEqualTo("bob")));
      } finally {
        carol.disconnect();
      }
      // The roles that log in to XMPP came back too.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> healthy("HUDDLE_FOCUS_HTTP_PORT") && healthy("HUDDLE_JVB_REST_PORT"));
    } finally {
      reconnect.disableAutomaticReconnection();
      guest.disconnect();
    }
  }

  @Test
  @Order(6)
  void theWatchdogGivesUpAfterTheHourlyCapAndAlertsTheWebhook() throws Exception {
    BlockingQueue<String> alerts = new LinkedBlockingQueue<>();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/alert",
        ex -> {
          alerts.add(new String(ex.getRequestBody().readAllBytes(), UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    hook.start();
    try {
      assertThat(d.watchdog(Map.of(), "stop").exit()).isZero();
      Map<String, String> env =
          Map.of(
              "MAX_RESTARTS_PER_HOUR",
              "1",
              "ALERT_WEBHOOK_URL",
              "http://127.0.0.1:" + hook.getAddress().getPort() + "/alert");
      assertThat(d.watchdog(env, "start").exit()).isZero();
      long first = d.pid("redis").orElseThrow();
      ProcessHandle.of(first).orElseThrow().destroyForcibly();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> d.log("auto-restart").contains("redis restarted and healthy"));
      ProcessHandle.of(d.pid("redis").orElseThrow()).orElseThrow().destroyForcibly();
      String alert = alerts.poll(30, TimeUnit.SECONDS);
      assertThat(alert)
          .as("an alert within 30 s; the watchdog's log:\n%s", d.log("auto-restart"))
          .isNotNull();
      assertThat(alert)
          .startsWith("{\"text\": ")
          .contains("giving up on redis")
          .contains("1 restarts");
      assertThat(d.log("auto-restart")).contains("ALERT: giving up on redis");
      Thread.sleep(3000);
      assertThat(d.alive("redis")).as("no restart after giving up").isFalse();
      Scripts.Result status = d.watchdog(Map.of(), "status");
      assertThat(status.out()).contains("GAVE UP");
      assertThat(alerts).as("one alert, not one per round").isEmpty();
      // The operator steps in.
      Scripts.Result start = d.deploy("start", "redis");
      assertThat(start.exit()).as("%s", start).isZero();
    } finally {
      d.watchdog(Map.of(), "stop");
      hook.stop(0);
    }
  }

  @Test
  @Order(7)
  void backupThenRestoreRoundTripsSettingsAccountsAndRedis() throws Exception {
    Path data = home.resolve("docker/config/xmpp");
    Scripts.Result add =
        Scripts.run(
            List.of(
                Path.of(Scripts.javaHome(), "bin/java").toString(),
                "-jar",
                Scripts.jar().toString(),
                "user",
                "add",
                "alice@auth.meet.jitsi",
                "--password",
                "correct horse"),
            Map.of("HUDDLE_DATA_PATH", data.toString()),
            Duration.ofMinutes(1));
    assertThat(add.exit()).as("%s", add).isZero();
    redis("SET", "huddle-deploy-test", "kept");

    Scripts.Result backup = d.deploy("backup");
    assertThat(backup.exit()).as("%s", backup).isZero();
    Path archive = Path.of(backup.out().strip().lines().reduce((a, b) -> b).orElseThrow());
    Scripts.Result listing =
        Scripts.run(List.of("tar", "-tzf", archive.toString()), Map.of(), Duration.ofSeconds(30));
    assertThat(listing.out())
        .contains("huddle/env")
        .contains("huddle/redis.rdb")
        .contains("huddle/config/certs/huddle.crt")
        .contains("accounts/alice.properties");

    String env = Files.readString(d.envFile);
    Path account = accountFile(data, "alice");
    byte[] accountBytes = Files.readAllBytes(account);

    assertThat(d.deploy("stop").exit()).isZero();
    // Disaster: the settings and the data are gone.
    Files.delete(d.envFile);
    deleteTree(home.resolve("docker/config"));

    Scripts.Result restore = d.deploy("restore", archive.toString());
    assertThat(restore.exit()).as("%s", restore).isZero();
    assertThat(Files.readString(d.envFile)).isEqualTo(env);
    assertThat(Files.readAllBytes(accountFile(data, "alice"))).isEqualTo(accountBytes);

    Scripts.Result start = d.deploy("start");
    assertThat(start.exit()).as("%s", start).isZero();
    assertThat(redis("GET", "huddle-deploy-test")).isEqualTo("kept");
    XMPPTCPConnection alice =
        new XMPPTCPConnection(
            base("auth.meet.jitsi")
                .setSecurityMode(SecurityMode.ifpossible)
                .setUsernameAndPassword("alice", "correct horse")
                .build());
    try {
      alice.connect().login();
      assertThat(alice.getUser().asBareJid().toString()).isEqualTo("alice@auth.meet.jitsi");
    } finally {
      alice.disconnect();
    }
  }

  @Test
  @Order(8)
  void stopIsSafeToRunTwiceAndLeavesNothingRunning() throws Exception {
    Map<String, Long> running = pids();
    Scripts.Result stop = d.deploy("stop");
    assertThat(stop.exit()).as("%s", stop).isZero();
    for (long pid : running.values()) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
    Scripts.Result again = d.deploy("stop");
    assertThat(again.exit()).as("%s", again).isZero();
    Scripts.Result status = d.deploy("status");
    assertThat(status.exit()).isZero();
    for (String role : LocalDeployment.ROLES) {
      assertThat(status.out()).containsPattern(role + " +stopped");
    }
    try (Socket s = new Socket()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> s.connect(new InetSocketAddress("127.0.0.1", d.port("XMPP_PORT")), 2000))
          .isInstanceOf(IOException.class);
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  static Map<String, Long> pids() throws IOException {
    Map<String, Long> m = new java.util.TreeMap<>();
    for (String role : LocalDeployment.ROLES) {
      d.pid(role).ifPresent(p -> m.put(role, p));
    }
    return m;
  }

  static boolean healthy(String portSetting) {
    try {
      HttpResponse<Void> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .build()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + d.port(portSetting) + "/about/health"))
                      .timeout(Duration.ofSeconds(3))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return r.statusCode() / 100 == 2;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static XMPPTCPConnectionConfiguration.Builder base(String domain) throws Exception {
    return XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(domain)
        .setHostAddress(InetAddress.getLoopbackAddress())
        .setPort(d.port("XMPP_PORT"))
        .setCustomX509TrustManager(new TrustTheSelfSignedCertificate())
        .setHostnameVerifier((h, s) -> true)
        .setSecurityMode(SecurityMode.required);
  }

  static XMPPTCPConnection guest() throws Exception {
    XMPPTCPConnection c =
        new XMPPTCPConnection(base(DOMAIN).performSaslAnonymousAuthentication().build());
    c.setUseStreamManagement(false);
    c.setReplyTimeout(10_000);
    c.connect().login();
    return c;
  }

  static MultiUserChat join(XMPPTCPConnection c, String nick) throws Exception {
    MultiUserChat muc =
        MultiUserChatManager.getInstanceFor(c).getMultiUserChat(JidCreate.entityBareFrom(ROOM));
    muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from(nick)).build());
    return muc;
  }

  static Path accountFile(Path data, String user) {
    return data.resolve("auth%2emeet%2ejitsi/accounts/" + user + ".properties");
  }

  static String redis(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Scripts.tool("redis-cli", "redis-tools"),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(d.port("REDIS_PORT"))));
    command.addAll(List.of(args));
    Scripts.Result r = Scripts.run(command, Map.of(), Duration.ofSeconds(30));
    assertThat(r.exit()).as("%s", r).isZero();
    return r.out().strip();
  }

  static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The conference request a Jitsi client sends the focus before joining the room. */
  static final class ConferenceRequest extends IQ {
    private final String room;

    ConferenceRequest(String room) throws Exception {
      super("conference", "http://jitsi.org/protocol/focus");
      this.room = room;
      setType(Type.set);
      setTo(JidCreate.from("focus.meet.jitsi"));
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(
        IQChildElementXmlStringBuilder xml) {
      xml.attribute("room", room).attribute("machine-uid", "deployment-test");
      xml.rightAngleBracket();
      return xml;
    }
  }

  /** deploy.sh made this certificate itself; the test has no CA to check it against. */
  static final class TrustTheSelfSignedCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
