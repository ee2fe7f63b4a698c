package org.huddle.deployment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client addresses behind the shipped nginx site, for real: {@code huddle xmpp} trusts only the
 * proxy's address (PROSODY_TRUSTED_PROXIES=127.0.0.1), a real nginx runs the Compose site's
 * template, and two BOSH clients reach nginx over HTTPS from two other loopback addresses (curl
 * --interface). The stranger's five wrong guesses at a private room's password lock out the
 * stranger, and the member, who comes from another address, still gets in with the password.
 * Without the forwarded address both would share nginx's, and the member would be locked out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxTrustedProxyIT {
  static final String ROOM = "private-board@muc.meet.jitsi";
  static final Pattern SID = Pattern.compile("sid=['\"]([^'\"]+)['\"]");

  @TempDir static Path home;
  Process xmpp;
  Process nginx;
  int https;

  @BeforeAll
  void start() throws Exception {
    assertThat(Path.of("/usr/sbin/nginx")).as("nginx (nginx-light)").exists();
    int http = LocalDeployment.freeTcpPort();
    https = LocalDeployment.freeTcpPort();
    int xmppHttp = LocalDeployment.freeTcpPort();
    Path policy = home.resolve("room-policy.cfg.lua");
    Files.writeString(
        policy, "private_room_passwords = { [\"private-board\"] = \"right horse\" }\n");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(Scripts.javaHome(), "bin", "java").toString(),
                "-jar",
                Scripts.jar().toString(),
                "xmpp")
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("xmpp.log").toFile());
    Map<String, String> env = pb.environment();
    env.put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
    env.put("HUDDLE_DATA_PATH", home.resolve("data").toString());
    env.put("XMPP_PORT", String.valueOf(LocalDeployment.freeTcpPort()));
    env.put("XMPP_COMPONENT_PORT", String.valueOf(LocalDeployment.freeTcpPort()));
    env.put("PROSODY_HTTP_PORT", String.valueOf(xmppHttp));
    env.put("PROSODY_TRUSTED_PROXIES", "127.0.0.1");
    env.put("HUDDLE_ROOM_POLICY_FILE", policy.toString());
    xmpp = pb.start();

    assertThat(new LocalDeployment(home.resolve("d")).deploy("init").exit()).isZero();
    Path certs = home.resolve("d/docker/config/certs");
    NginxSite site =
        NginxSite.write(
            home.resolve("nginx"),
            certs,
            home,
            http,
            https,
            "http://xmpp:5280",
            "http://127.0.0.1:" + xmppHttp);
    assertThat(site.site).doesNotContain("${").contains("127.0.0.1:" + xmppHttp);
    nginx = site.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    // GET /http-bind is the XMPP server's own answer, through nginx.
    while (!curl("127.0.0.1", "GET", "/http-bind", null).endsWith("\n200")) {
      assertThat(xmpp.isAlive()).as("huddle xmpp stopped; %s", home.resolve("xmpp.log")).isTrue();
      assertThat(System.nanoTime()).as("xmpp behind nginx up within 90 s").isLessThan(deadline);
      Thread.sleep(300);
    }
  }

  @AfterAll
  void stop() throws Exception {
    for (Process p : new Process[] {nginx, xmpp}) {
      if (p != null) {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  @Test
  void aStrangersWrongGuessesDoNotLockOutAMemberFromAnotherAddress() throws Exception {
    Bosh stranger = new Bosh("127.0.0.2", "stranger");
    for (int i = 1; i <= 5; i++) {
      assertThat(stranger.join("guess " + i))
          .as("wrong guess %d", i)
          .contains("not-authorized")
          .contains("Wrong password");
    }
    assertThat(stranger.join("right horse"))
        .as("after five wrong guesses even the right password is refused from that address")
        .contains("resource-constraint");
    Bosh member = new Bosh("127.0.0.3", "member");
    String joined = member.join("right horse");
    assertThat(joined)
        .as("the member, from another address, gets in")
        .contains("status code='110'");
    assertThat(Files.readString(home.resolve("xmpp.log")))
        .as("the server counted the guesses against the stranger's own address")
        .contains("from 127.0.0.2 (5 of 5)")
        .doesNotContain("from 127.0.0.1 (");
  }

  /** A BOSH client that reaches nginx from one loopback address, through curl. */
  final class Bosh {
    final String address;
    final String nick;
    String sid;
    long rid = 1000;

    Bosh(String address, String nick) throws Exception {
      this.address = address;
      this.nick = nick;
      String created =
          post(
              "<body rid='"
                  + rid++
                  + "' to='meet.jitsi' xml:lang='en' wait='5' hold='1' ver='1.6' xmpp:version='1.0'"
                  + " xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh'/>");
      Matcher m = SID.matcher(created);
      assertThat(m.find()).as("a BOSH session through nginx: %s", created).isTrue();
      sid = m.group(1);
      assertThat(send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>"))
          .contains("<success");
      post(
          "<body rid='"
              + rid++
              + "' sid='"
              + sid
              + "' to='meet.jitsi' xml:lang='en' xmpp:restart='true'"
              + " xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh'/>");
      assertThat(
              send(
                  "<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>"))
          .contains("<jid>");
    }

    /** A MUC join with this password; the answer (an error or the self-presence). */
    String join(String password) throws Exception {
      String answer =
          send(
              "<presence to='"
                  + ROOM
                  + "/"
                  + nick
                  + "'><x xmlns='http://jabber.org/protocol/muc'><password>"
                  + password
                  + "</password></x></presence>");
      // The answer may come in the next poll.
      for (int i = 0; i < 4 && !answer.contains("<presence"); i++) {
        answer += send("");
      }
      return answer;
    }

    String send(String payload) throws Exception {
      return post(
          "<body rid='"
              + rid++
              + "' sid='"
              + sid
              + "' xmlns='http://jabber.org/protocol/httpbind'>"
              + payload
              + "</body>");
    }

    String post(String body) throws Exception {
      return curl(address, "POST", "/http-bind", body);
    }
  }

  /** One HTTPS request to nginx from a local address; the status line's code, then the body. */
  String curl(String from, String method, String path, String body) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "curl",
                "-sk",
                "--max-time",
                "15",
                "--interface",
                from,
                "-X",
                method,
                "-w",
                "\\n%{http_code}",
                "https://127.0.0.1:" + https + path));
    if (body != null) {
      cmd.addAll(List.of("-H", "Content-Type: text/xml; charset=utf-8", "--data-binary", "@-"));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Process p = pb.start();
    if (body != null) {
      try (var in = p.getOutputStream()) {
        in.write(body.getBytes(UTF_8));
      }
    } else {
      p.getOutputStream().close();
    }
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }
}
