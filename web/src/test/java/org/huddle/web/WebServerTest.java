package org.huddle.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.huddle.common.config.Settings;
import org.huddle.xmpp.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The web server over real sockets on 127.0.0.1: pages, files, config.js, health and metrics, and
 * the three proxied paths, against a real Huddle XMPP server and a stand-in colibri-ws upstream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebServerTest {
  private TestServer xmpp;
  private Server colibri;
  private WebServer web;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start() throws Exception {
    xmpp = TestServer.start();
    colibri = new Server();
    ServerConnector connector = new ServerConnector(colibri);
    connector.setHost("127.0.0.1");
    colibri.addConnector(connector);
    colibri.setHandler(
        WebSocketUpgradeHandler.from(
            colibri,
            container ->
                container.addMapping(
                    "/colibri-ws/*",
                    (req, resp, cb) -> {
                      if (!"ok".equals(Request.extractQueryParameters(req).getValue("pwd"))) {
                        resp.setStatus(403);
                        cb.succeeded();
                        return null;
                      }
                      return new Echo(req.getHttpURI().getPathQuery());
                    })));
    colibri.start();
    web =
        WebServer.start(
            WebConfig.fromEnvironment(
                Settings.Env.of(
                    Map.of(
                        "HUDDLE_BIND_ADDRESS",
                        "127.0.0.1",
                        "HTTP_PORT",
                        "0",
                        "XMPP_BOSH_URL_BASE",
                        "http://127.0.0.1:" + xmpp.httpPort(),
                        "HUDDLE_COLIBRI_WS_URL_BASE",
                        "http://127.0.0.1:" + connector.getLocalPort(),
                        "HUDDLE_FRAME_ANCESTORS",
                        "'self', https://intranet.example.com"))));
  }

  @AfterAll
  void stop() throws Exception {
    web.close();
    colibri.stop();
    xmpp.close();
  }

  /** A stand-in bridge channel: says hello with the path it was reached at, then echoes. */
  public static final class Echo implements Session.Listener.AutoDemanding {
    private final String pathQuery;
    private Session session;

    Echo(String pathQuery) {
      this.pathQuery = pathQuery;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
      session.sendText(
          "{\"colibriClass\":\"ServerHello\",\"path\":\"" + pathQuery + "\"}", Callback.NOOP);
    }

    @Override
    public void onWebSocketText(String text) {
      session.sendText("echo " + text, Callback.NOOP);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + web.httpPort() + path);
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Nested
  class Site {
    @Test
    void theLandingPageAndEveryRoomServeTheApp() throws Exception {
      // Rooms in any script arrive percent-encoded (/会议室, /планёрка).
      String chinese = URLEncoder.encode("会议室", StandardCharsets.UTF_8);
      String cyrillic = URLEncoder.encode("Планёрка", StandardCharsets.UTF_8);
      for (String path :
          new String[] {"/", "/daily-standup", "/private-team_2", "/" + chinese, "/" + cyrillic}) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(r.body()).contains("<script src=\"/config.js\"></script>");
        assertThat(r.headers().firstValue("Content-Security-Policy"))
            .hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'"));
      }
    }

    @Test
    void theAppsPagesMayBeFramedByTheEmbeddingOriginsAndNothingElseBeyondItself() throws Exception {
      for (String path : new String[] {"/", "/daily-standup"}) {
        assertThat(get(path).headers().firstValue("Content-Security-Policy"))
            .as(path)
            .hasValueSatisfying(
                v ->
                    assertThat(v)
                        .endsWith("; frame-ancestors 'self' https://intranet.example.com"));
      }
      for (String path : new String[] {"/admin.html", "/js/main.js", "/config.js", "/nope/x"}) {
        assertThat(get(path).headers().firstValue("Content-Security-Policy"))
            .as(path)
            .hasValueSatisfying(v -> assertThat(v).endsWith("; frame-ancestors 'self'"));
      }
      assertThat(get("/config.js").body())
          .contains("\"frameAncestors\":[\"'self'\",\"https://intranet.example.com\"]");
    }

    @Test
    void theIframeApiScriptIsServedAtTheRoot() throws Exception {
      HttpResponse<String> r = get("/external_api.js");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).contains("text/javascript;charset=utf-8");
      assertThat(r.body()).contains("JitsiMeetExternalAPI");
      assertThat(get("/libs/external_api.min.js").body()).isEqualTo(r.body());
    }

    @Test
    void ignoredEmbedCommandsReportedByThePageAreCounted() throws Exception {
      HttpResponse<String> ok = post("/about/embed-ignored", "3");
      assertThat(ok.statusCode()).isEqualTo(204);
      assertThat(get("/metrics").body())
          .containsPattern("(?m)^huddle_web_embed_commands_ignored_total [3-9]");
      for (String bad : new String[] {"0", "-1", "1001", "lots", "123456789"}) {
        assertThat(post("/about/embed-ignored", bad).statusCode()).as(bad).isEqualTo(400);
      }
      assertThat(get("/about/embed-ignored").statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
      return http.send(
          HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void configJsNamesTheHostsAndTheTransports() throws Exception {
      HttpResponse<String> r = get("/config.js");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"muc\":\"muc.meet.jitsi\"", "\"bosh\":\"/http-bind\"");
    }

    @Test
    void filesCarryAnEtagAndAnswer304WhenUnchanged() throws Exception {
      HttpResponse<String> r = get("/js/main.js");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).contains("text/javascript;charset=utf-8");
      String etag = r.headers().firstValue("ETag").orElseThrow();
      assertThat(get("/js/main.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
      assertThat(get("/libs/strophe.esm.js").statusCode()).isEqualTo(200);
    }

    @Test
    void pathsOutsideTheAppAreNotFound() throws Exception {
      for (String path :
          new String[] {"/js/%2e%2e/%2e%2e/web-reference.conf", "/nope/deeper", "/x.class"}) {
        assertThat(get(path).statusCode()).as(path).isIn(400, 404);
      }
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void healthAndMetricsAnswer() throws Exception {
      HttpResponse<String> health = get("/about/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("OK\n");
      assertThat(get("/metrics").body()).contains("huddle_web_requests_total{route=\"page\"}");
    }
  }

  @Nested
  class Proxy {
    @Test
    void boshReachesTheXmppServer() throws Exception {
      String body =
          "<body rid='1000' to='meet.jitsi' xml:lang='en' wait='5' hold='1' ver='1.6'"
              + " xmpp:version='1.0' xmlns='http://jabber.org/protocol/httpbind'"
              + " xmlns:xmpp='urn:xmpp:xbosh'/>";
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri("/http-bind"))
                  .header("Content-Type", "text/xml; charset=utf-8")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("sid=", "ANONYMOUS");
    }

    @Test
    void xmppOverWebSocketReachesTheXmppServerWithItsSubprotocol() throws Exception {
      LinkedBlockingQueue<String> in = new LinkedBlockingQueue<>();
      WebSocket ws =
          http.newWebSocketBuilder()
              .subprotocols("xmpp")
              .buildAsync(wsUri("/xmpp-websocket"), collector(in))
              .get(10, TimeUnit.SECONDS);
      assertThat(ws.getSubprotocol()).isEqualTo("xmpp");
      ws.sendText(
          "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='meet.jitsi' version='1.0'/>",
          true);
      StringBuilder got = new StringBuilder();
      while (!got.toString().contains("ANONYMOUS")) {
        String frame = in.poll(10, TimeUnit.SECONDS);
        assertThat(frame).as("a frame from the XMPP server (so far: %s)", got).isNotNull();
        got.append(frame);
      }
      assertThat(got.toString()).contains("<open");
      ws.abort();
    }

    @Test
    void theUpstreamsRefusalReachesTheBrowser() {
      // The XMPP server refuses a WebSocket without the 'xmpp' subprotocol (RFC 7395).
      assertThatThrownBy(
              () ->
                  http.newWebSocketBuilder()
                      .buildAsync(wsUri("/xmpp-websocket"), collector(new LinkedBlockingQueue<>()))
                      .join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              WebSocketHandshakeException.class,
              e -> assertThat(e.getResponse().statusCode()).isEqualTo(400));
      assertThatThrownBy(
              () ->
                  http.newWebSocketBuilder()
                      .buildAsync(
                          wsUri("/colibri-ws/jvb1/c1/ep1?pwd=wrong"),
                          collector(new LinkedBlockingQueue<>()))
                      .join())
          .cause()
          .isInstanceOfSatisfying(
              WebSocketHandshakeException.class,
              e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
    }

    @Test
    void theBridgeChannelKeepsItsPathAndQueryAndCarriesBothWays() throws Exception {
      LinkedBlockingQueue<String> in = new LinkedBlockingQueue<>();
      WebSocket ws =
          http.newWebSocketBuilder()
              .buildAsync(wsUri("/colibri-ws/jvb1/c1/ep1?pwd=ok"), collector(in))
              .get(10, TimeUnit.SECONDS);
      assertThat(in.poll(10, TimeUnit.SECONDS))
          .isEqualTo(
              "{\"colibriClass\":\"ServerHello\",\"path\":\"/colibri-ws/jvb1/c1/ep1?pwd=ok\"}");
      assertThat(get("/metrics").body())
          .contains("huddle_web_proxied_websockets{upstream=\"colibri\"} 1.0");
      ws.sendText("{\"colibriClass\":\"ReceiverVideoConstraints\"}", true);
      assertThat(in.poll(10, TimeUnit.SECONDS))
          .isEqualTo("echo {\"colibriClass\":\"ReceiverVideoConstraints\"}");
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    }
  }

  private URI wsUri(String path) {
    return URI.create("ws://127.0.0.1:" + web.httpPort() + path);
  }

  private static WebSocket.Listener collector(LinkedBlockingQueue<String> in) {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          in.add(partial.toString());
          partial.setLength(0);
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        ws.request(1);
        return null;
      }
    };
  }
}
