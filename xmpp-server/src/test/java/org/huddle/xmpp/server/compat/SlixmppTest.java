package org.huddle.xmpp.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client not written in Java (Debian's python3-slixmpp) against Huddle: STARTTLS verified against
 * Huddle's self-signed certificate, SASL, roster, and a MUC round trip. A missing slixmpp fails the
 * test, saying so.
 */
class SlixmppTest {
  static final String PYTHON = "/usr/bin/python3";
  @RegisterExtension static final TestServerExtension kit = TestServerExtension.standard();
  static Path script;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    Process check =
        new ProcessBuilder(PYTHON, "-c", "import slixmpp").redirectErrorStream(true).start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor())
        .as(
            "python3-slixmpp must be installed (apt-get install python3-slixmpp; scripts/test.sh does it): %s",
            out)
        .isZero();
    script = Files.createTempFile("slixmpp_roundtrip", ".py");
    try (InputStream in = SlixmppTest.class.getResourceAsStream("/compat/slixmpp_roundtrip.py")) {
      Files.write(script, in.readAllBytes());
    }
  }

  @AfterAll
  static void stop() throws IOException {
    Files.deleteIfExists(script);
  }

  String run(String jid, String password, String mechanism, String nick) throws Exception {
    Path cafile = kit.server().server().certificates().certificate();
    Process p =
        new ProcessBuilder(
                List.of(
                    PYTHON,
                    script.toString(),
                    Integer.toString(kit.server().port()),
                    cafile.toString(),
                    jid,
                    password,
                    mechanism,
                    "standup@" + TestServer.MUC,
                    nick))
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("slixmpp finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("slixmpp output: %s", out).isZero();
    return out;
  }

  @Test
  void anAnonymousPythonClientJoinsARoomAndHearsItself() throws Exception {
    String out = run(TestServer.DOMAIN, "", "ANONYMOUS", "py-anon");
    assertThat(out).containsPattern("ROUNDTRIP_OK [0-9a-f-]+@meet\\.jitsi/\\S+ ANONYMOUS");
  }

  @Test
  void aPythonClientLogsInWithScramSha256() throws Exception {
    String out = run("jvb@" + TestServer.AUTH, TestServer.JVB_PASSWORD, "SCRAM-SHA-256", "py-jvb");
    assertThat(out).contains("ROUNDTRIP_OK jvb@auth.meet.jitsi/").contains("SCRAM-SHA-256");
  }

  @Test
  void aPythonClientLogsInWithPlainOverTls() throws Exception {
    String out = run("focus@" + TestServer.AUTH, TestServer.FOCUS_PASSWORD, "PLAIN", "py-focus");
    assertThat(out).contains("ROUNDTRIP_OK focus@auth.meet.jitsi/");
  }
}
