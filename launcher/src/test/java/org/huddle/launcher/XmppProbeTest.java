package org.huddle.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.huddle.common.config.Settings.Env;
import org.huddle.xmpp.server.XmppServer;
import org.huddle.xmpp.server.config.XmppConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code huddle probe xmpp} against a real server on 127.0.0.1, started as {@code huddle xmpp}
 * starts it (the Lua plugins and token authentication included), in each of docker-jitsi-meet's
 * auth modes.
 */
class XmppProbeTest {
  static final String PASSWORD = "health-secret-1";
  static final Map<String, String> HEALTH = Map.of("HUDDLE_HEALTH_PASSWORD", PASSWORD);

  @TempDir Path data;
  XmppServer server;
  final StringWriter err = new StringWriter();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Starts a server with the health account and these variables, as `huddle xmpp` would. */
  void start(Map<String, String> extra) throws Exception {
    Map<String, String> vars = new HashMap<>();
    vars.put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
    vars.put("XMPP_PORT", "0");
    vars.put("XMPP_COMPONENT_PORT", "0");
    vars.put("PROSODY_HTTP_PORT", "0");
    vars.put("HUDDLE_DATA_PATH", data.toString());
    vars.putAll(HEALTH);
    vars.putAll(extra);
    Env env = Env.of(vars);
    server =
        XmppServer.start(
            XmppConfigLoader.load(Optional.empty(), env), XmppCommand.extensions(env, null));
  }

  String address() {
    return "127.0.0.1:" + server.c2sPort();
  }

  /** Runs `huddle probe --timeout 10 xmpp ARGS` with this environment; returns the exit code. */
  int probe(Map<String, String> env, String... args) {
    List<String> line = new ArrayList<>(List.of("--timeout", "10", "xmpp"));
    line.addAll(List.of(args));
    return new CommandLine(new ProbeCommand(Env.of(env)))
        .setErr(new PrintWriter(err, true))
        .execute(line.toArray(String[]::new));
  }

  /** What the probe wrote to stderr (the server's log goes elsewhere). */
  String stderr() {
    return err.toString();
  }

  static Stream<Arguments> authModes() {
    Map<String, String> jwt =
        Map.of(
            "ENABLE_AUTH", "1",
            "AUTH_TYPE", "jwt",
            "JWT_APP_ID", "huddle",
            "JWT_APP_SECRET", "jwt-secret-0123456789abcdef0123456789");
    List<Arguments> modes = new ArrayList<>();
    modes.add(Arguments.of("anonymous (the default)", Map.of(), true));
    modes.add(Arguments.of("internal accounts", internal(), false));
    modes.add(Arguments.of("jwt", jwt, false));
    modes.add(Arguments.of("anonymous, ENABLE_GUESTS=1", Map.of("ENABLE_GUESTS", "1"), true));
    modes.add(Arguments.of("internal accounts and guests", guests(internal()), false));
    modes.add(Arguments.of("jwt and guests", guests(jwt), false));
    return modes.stream();
  }

  static Map<String, String> internal() {
    return Map.of("ENABLE_AUTH", "1", "AUTH_TYPE", "internal");
  }

  static Map<String, String> guests(Map<String, String> env) {
    Map<String, String> m = new HashMap<>(env);
    m.put("ENABLE_GUESTS", "1");
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("authModes")
  void theHealthAccountLogsInWhateverTheAuthMode(
      String mode, Map<String, String> env, boolean mainDomainAnonymous) throws Exception {
    start(env);
    assertThat(probe(HEALTH, address())).as(stderr()).isZero();
    assertThat(stderr()).isEmpty();

    // Without the password, the probe logs in anonymously on the main domain, which only works
    // where that domain is anonymous: the reason for the health account.
    assertThat(probe(Map.of(), address(), "meet.jitsi")).isEqualTo(mainDomainAnonymous ? 0 : 1);
    if (!mainDomainAnonymous) {
      assertThat(stderr()).contains("refused an anonymous login: ");
    }
  }

  @Test
  void withoutThePasswordTheAnonymousProbeUsesTheGuestDomain() throws Exception {
    start(guests(internal()));
    assertThat(probe(Map.of(), address(), "guest.meet.jitsi")).as(stderr()).isZero();
  }

  @Test
  void aWrongPasswordFailsWithOneLineThatSaysWhy() throws Exception {
    start(Map.of());
    assertThat(probe(Map.of("HUDDLE_HEALTH_PASSWORD", "wrong"), address())).isEqualTo(1);
    assertThat(stderr().lines().toList())
        .singleElement()
        .isEqualTo(
            "xmpp "
                + address()
                + " (auth.meet.jitsi) refused health@auth.meet.jitsi: not-authorized");
    assertThat(stderr()).doesNotContain("wrong");
  }

  @Test
  void noServerFailsWithOneLineThatSaysWhy() throws Exception {
    start(Map.of());
    String gone = address();
    server.close();
    server = null;
    assertThat(probe(HEALTH, gone)).isEqualTo(1);
    assertThat(stderr().lines().toList())
        .singleElement()
        .asString()
        .startsWith("xmpp " + gone + " (auth.meet.jitsi) did not log in: ")
        .contains("Connection refused");
  }

  @Test
  void theUserAndTheAuthDomainFollowTheServersVariablesOrTheOption() throws Exception {
    start(Map.of("HUDDLE_HEALTH_USER", "checker", "XMPP_AUTH_DOMAIN", "accounts.example.com"));
    Map<String, String> env = new HashMap<>(HEALTH);
    env.put("HUDDLE_HEALTH_USER", "checker");
    assertThat(probe(env, address())).isEqualTo(1);
    assertThat(stderr()).contains("(auth.meet.jitsi) ended the stream: host-unknown");

    assertThat(probe(env, "--auth-domain", "accounts.example.com", address())).isZero();
    env.put("XMPP_AUTH_DOMAIN", "accounts.example.com");
    assertThat(probe(env, address())).isZero();
  }

  @Nested
  class TheLogin {
    XmppProbe probe(String domain, XmppProbe.Account account, boolean startTls) {
      return new XmppProbe(
          "127.0.0.1", server.c2sPort(), Duration.ofSeconds(10), domain, account, startTls);
    }

    XmppProbe.Account health() {
      return new XmppProbe.Account("health", PASSWORD);
    }

    @Test
    void bindsAResourceAfterStartTlsAndPlain() throws Exception {
      start(Map.of("PROSODY_C2S_REQUIRE_ENCRYPTION", "1"));
      assertThat(probe("auth.meet.jitsi", health(), true).run())
          .startsWith("health@auth.meet.jitsi/probe-");
      assertThatThrownBy(() -> probe("auth.meet.jitsi", health(), false).run())
          .as("the server requires TLS: without it there is no login")
          .hasMessageStartingWith("offers neither PLAIN nor SCRAM-SHA-1");
    }

    @Test
    void usesScramSha1WherePlainIsNotOffered() throws Exception {
      start(Map.of("PROSODY_C2S_REQUIRE_ENCRYPTION", "0"));
      // Without TLS the server offers SCRAM only (allow_unencrypted_plain_auth = false).
      assertThat(probe("auth.meet.jitsi", health(), false).run())
          .startsWith("health@auth.meet.jitsi/probe-");
      assertThatThrownBy(
              () -> probe("auth.meet.jitsi", new XmppProbe.Account("health", "nope"), false).run())
          .hasMessage("refused health@auth.meet.jitsi: not-authorized");
    }

    @Test
    void bindsAnAnonymousResourceAfterStartTls() throws Exception {
      start(Map.of());
      assertThat(probe("meet.jitsi", null, true).run()).contains("@meet.jitsi/probe-");
    }
  }

  @Nested
  class Scram {
    /** RFC 5802 §5's example exchange. */
    @Test
    void computesTheRfcExample() {
      ScramSha1Client c = new ScramSha1Client("user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
      assertThat(c.first()).isEqualTo("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
      assertThat(c.last("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"))
          .isEqualTo(
              "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
      assertThat(c.verifies("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")).isTrue();
      assertThat(c.verifies("v=AAAApqV8S7suAoZWja4dJRkFsKQ=")).isFalse();
    }

    @Test
    void refusesAServerNonceThatDoesNotExtendTheClients() {
      ScramSha1Client c = new ScramSha1Client("user", "pencil", "abc");
      assertThatThrownBy(() -> c.last("r=xyz123,s=QSXCR+Q6sek8bf92,i=4096"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
