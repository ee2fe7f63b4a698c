package org.huddle.xmpp.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.huddle.xmpp.server.testing.Clients;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.WsClient;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

class HealthAndMetricsTest {
  @RegisterExtension static final TestServerExtension kit = TestServerExtension.standard();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + kit.server().httpPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthIsOkWhileTheServerAcceptsLogins() throws Exception {
    HttpResponse<String> r = get("/about/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("OK\n");
  }

  @Test
  void anExtensionCanReportAProblem() throws Exception {
    java.util.concurrent.atomic.AtomicReference<String> problem =
        new java.util.concurrent.atomic.AtomicReference<>();
    try (TestServer s =
        TestServer.start(
            java.util.Map.of(), null, java.util.List.of(ctx -> ctx.healthCheck(problem::get)))) {
      var uri = URI.create("http://127.0.0.1:" + s.httpPort() + "/about/health");
      assertThat(
              HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
      problem.set("plugin private_rooms is broken");
      HttpResponse<String> r =
          HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("plugin private_rooms is broken");
    }
  }

  @Test
  void healthIs503OnceTheServerStops() throws Exception {
    TestServer s = TestServer.start();
    assertThat(s.server().healthProblem()).isNull();
    s.close();
    assertThat(s.server().healthProblem()).isEqualTo("stopping");
  }

  @Test
  void metricsCountSessionsStanzasRoomsAndAuthFailures() throws Exception {
    try (Clients clients = new Clients(kit.server());
        WsClient ws = WsClient.connect(kit.server().httpPort(), "")) {
      XMPPTCPConnection c = kit.clients().anonymous();
      ws.loginAnonymously();
      MultiUserChatManager.getInstanceFor(c)
          .getMultiUserChat(JidCreate.entityBareFrom("metrics@muc.meet.jitsi"))
          .join(Resourcepart.from("m"));
      try {
        kit.clients()
            .login(
                clients
                    .accountConfig("auth.meet.jitsi", "focus", "wrong")
                    .addEnabledSaslMechanism("SCRAM-SHA-1"));
      } catch (Exception expected) {
        // counted below
      }
      HttpResponse<String> r = get("/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
      String m = r.body();
      assertThat(m).containsPattern("huddle_xmpp_sessions\\{transport=\"c2s\"} [1-9]");
      assertThat(m).containsPattern("huddle_xmpp_sessions\\{transport=\"websocket\"} [1-9]");
      assertThat(m).containsPattern("huddle_xmpp_stanzas_in_total\\{kind=\"presence\"} [1-9]");
      assertThat(m).containsPattern("huddle_xmpp_stanzas_out_total\\{kind=\"presence\"} [1-9]");
      assertThat(m).containsPattern("huddle_xmpp_muc_rooms\\{service=\"muc.meet.jitsi\"} 1");
      assertThat(m).containsPattern("huddle_xmpp_muc_occupants\\{service=\"muc.meet.jitsi\"} 1");
      assertThat(m)
          .containsPattern("huddle_xmpp_auth_failures_total\\{mechanism=\"SCRAM-SHA-1\"} [1-9]");
      assertThat(m)
          .containsPattern("huddle_xmpp_auth_success_total\\{mechanism=\"ANONYMOUS\"} [1-9]");
    }
  }

  @Test
  void unknownPathsAre404() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    assertThat(get("/xmpp-websocket").statusCode()).isEqualTo(400);
    assertThat(get("/http-bind").statusCode()).isEqualTo(200);
  }
}
