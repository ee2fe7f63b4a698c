package org.huddle.launcher.doctor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What a browser does first, through PUBLIC_URL: the meeting page, BOSH, the XMPP WebSocket and the
 * bridge channel (colibri-ws). The bridge answers an upgrade for its own server id and a conference
 * it does not have with 403, and only the bridge does: its id wrong (or the proxy's route missing)
 * gives 404, a proxy that cannot reach it 502 or 504. So 403 means "this URL reaches the bridge".
 */
final class PublicUrlChecks {
  private final URI base;
  private final String domain;
  private final String bridgeId;
  private final Duration timeout;
  private final boolean insecure;

  PublicUrlChecks(URI base, String domain, String bridgeId, Duration timeout, boolean insecure) {
    this.base = base;
    this.domain = domain;
    this.bridgeId = bridgeId;
    this.timeout = timeout;
    this.insecure = insecure;
  }

  void run(List<Check> out) {
    HttpClient client = client(false);
    if (base.getScheme().equals("https")) {
      try {
        client.send(
            HttpRequest.newBuilder(base.resolve("/")).timeout(timeout).build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (SSLHandshakeException e) {
        if (!insecure) {
          out.add(
              Check.fail(
                  "the TLS certificate of " + base + " is not trusted (" + e.getMessage() + ")",
                  "browsers refuse it too: get one that is (./deploy.sh ssl DOMAIN EMAIL), or run"
                      + " with --insecure to check the rest anyway"));
          return;
        }
        out.add(
            Check.warn(
                "the TLS certificate of " + base + " is not trusted; checked with --insecure",
                "browsers warn about it and the app's WebSockets may fail: get a trusted"
                    + " certificate (./deploy.sh ssl DOMAIN EMAIL)"));
        client = client(true);
      } catch (Exception e) {
        // reported by the checks below
      }
    }
    out.add(page(client));
    out.add(bosh(client));
    out.add(xmppWebSocket(client));
    out.add(colibriWebSocket(client));
  }

  private Check page(HttpClient client) {
    URI u = base.resolve("/daily-standup");
    String what = "meeting page GET " + u;
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(u).timeout(timeout).build(),
              HttpResponse.BodyHandlers.ofString());
      String type = r.headers().firstValue("Content-Type").orElse("");
      if (r.statusCode() == 200 && type.startsWith("text/html")) {
        return Check.ok(what);
      }
      return Check.fail(
          what + " answered " + r.statusCode() + " " + type,
          "PUBLIC_URL must lead to the web role (huddle web, port HTTP_PORT) through the proxy");
    } catch (Exception e) {
      return Check.fail(what + ": " + e, unreachable());
    }
  }

  private Check bosh(HttpClient client) {
    URI u = base.resolve("/http-bind");
    String what = "BOSH POST " + u;
    String body =
        "<body rid='"
            + (1 + new SecureRandom().nextInt(1_000_000))
            + "' to='"
            + domain
            + "' xml:lang='en' wait='10' hold='1' ver='1.6' xmpp:version='1.0'"
            + " xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh'/>";
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(u)
                  .timeout(timeout)
                  .header("Content-Type", "text/xml; charset=utf-8")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200 && r.body().contains("sid=")) {
        return Check.ok(what);
      }
      return Check.fail(
          what + " answered " + r.statusCode() + " without a session id",
          "the proxy must pass /http-bind to the XMPP server's HTTP port (XMPP_BOSH_URL_BASE)");
    } catch (Exception e) {
      return Check.fail(what + ": " + e, unreachable());
    }
  }

  private Check xmppWebSocket(HttpClient client) {
    URI u = ws("/xmpp-websocket");
    String what = "XMPP WebSocket upgrade " + u;
    int status = upgrade(client, u, "xmpp");
    if (status == 101) {
      return Check.ok(what);
    }
    return Check.fail(
        what + " answered " + describe(status),
        "the proxy must upgrade /xmpp-websocket (Upgrade and Connection headers) to the XMPP"
            + " server's HTTP port; ENABLE_XMPP_WEBSOCKET must not be 0");
  }

  private Check colibriWebSocket(HttpClient client) {
    URI u = ws("/colibri-ws/" + bridgeId + "/doctor-" + UUID.randomUUID() + "/doctor?pwd=doctor");
    String what = "colibri-ws upgrade " + u;
    int status = upgrade(client, u, null);
    if (status == 403) {
      return Check.ok(what + " reached the bridge (403 for an unknown conference)");
    }
    String fix =
        switch (status) {
          case 404 ->
              "no bridge with id '"
                  + bridgeId
                  + "' answers there: the proxy does not route /colibri-ws/ to the bridge's"
                  + " colibri-ws port, or JVB_WS_SERVER_ID differs between the bridge and here";
          case 502, 503, 504 ->
              "the proxy cannot reach the bridge's colibri-ws port (HUDDLE_COLIBRI_WS_URL_BASE,"
                  + " or nginx's upstream for /colibri-ws/)";
          default ->
              "the proxy must upgrade /colibri-ws/ to the bridge's colibri-ws port; without it"
                  + " the bridge channel fails (no speaker, no layer choice)";
        };
    return Check.fail(what + " answered " + describe(status), fix);
  }

  /** The upgrade's HTTP status (101 on success), or -1 when the connection failed. */
  private int upgrade(HttpClient client, URI u, String subprotocol) {
    WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(timeout);
    if (subprotocol != null) {
      b.subprotocols(subprotocol);
    }
    try {
      WebSocket ws =
          b.buildAsync(u, new WebSocket.Listener() {})
              .get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
      ws.abort();
      return 101;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      return -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private static String describe(int status) {
    return status < 0 ? "nothing (no connection)" : Integer.toString(status);
  }

  private URI ws(String path) {
    String scheme = base.getScheme().equals("https") ? "wss" : "ws";
    return URI.create(scheme + base.toString().substring(base.getScheme().length()) + path);
  }

  private String unreachable() {
    return "nothing answers at "
        + base
        + ": check that PUBLIC_URL's name resolves to this server and the proxy (or huddle web)"
        + " listens there";
  }

  private HttpClient client(boolean trustAll) {
    HttpClient.Builder b =
        HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
    if (trustAll) {
      try {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {new TrustAll()}, null);
        b.sslContext(ssl);
      } catch (Exception e) {
        throw new IllegalStateException("TLS is part of every JDK", e);
      }
    }
    return b.build();
  }

  /** For --insecure: accepts any certificate and name (the extended manager skips the name). */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, java.net.Socket s) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, java.net.Socket s) {}

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
