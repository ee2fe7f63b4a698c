package org.huddle.xmpp.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A BOSH client on the JDK's HttpClient: posts bodies with increasing rids and reads the answers.
 */
public final class BoshClient {
  public static final String NS = "http://jabber.org/protocol/httpbind";
  private static final Pattern SID = Pattern.compile("sid='([^']+)'");

  private final HttpClient http;
  private final URI uri;
  private final java.util.Map<String, String> headers;
  private long rid = 1_000_000L;
  private String sid;

  public BoshClient(int httpPort, String query) {
    this(httpPort, query, null, java.util.Map.of());
  }

  /**
   * A client whose requests come from a chosen local address with extra headers: a stand-in for a
   * reverse proxy at that address that adds {@code X-Forwarded-For}.
   */
  public BoshClient(
      int httpPort,
      String query,
      java.net.InetAddress local,
      java.util.Map<String, String> headers) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (local != null) {
      b.localAddress(local);
    }
    this.http = b.build();
    this.uri = URI.create("http://127.0.0.1:" + httpPort + "/http-bind" + query);
    this.headers = java.util.Map.copyOf(headers);
  }

  public String sid() {
    return sid;
  }

  public long nextRid() {
    return rid + 1;
  }

  /** Creates the session (XEP-0206 §5) and returns the creation response. */
  public String create(int wait, int hold) {
    String body =
        "<body xmlns='"
            + NS
            + "' rid='"
            + (++rid)
            + "' to='meet.jitsi' xml:lang='en' wait='"
            + wait
            + "' hold='"
            + hold
            + "' ver='1.6' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>";
    String response = post(body).join().body();
    Matcher m = SID.matcher(response);
    if (m.find()) {
      sid = m.group(1);
    }
    return response;
  }

  /** Sends payload in the next request, asynchronously (the server may hold it). */
  public CompletableFuture<HttpResponse<String>> send(String payload) {
    return sendWithRid(++rid, payload, "");
  }

  /** Sends a request with a chosen rid and extra body attributes. */
  public CompletableFuture<HttpResponse<String>> sendWithRid(
      long chosenRid, String payload, String attrs) {
    String body =
        "<body xmlns='"
            + NS
            + "' rid='"
            + chosenRid
            + "' sid='"
            + sid
            + "'"
            + attrs
            + (payload.isEmpty() ? "/>" : ">" + payload + "</body>");
    return post(body);
  }

  /**
   * Sends and waits, collecting responses until one contains {@code marker}, keeping one request
   * open.
   */
  public String sendAndAwait(String payload, String marker) {
    CompletableFuture<HttpResponse<String>> pending = send(payload);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    StringBuilder all = new StringBuilder();
    while (System.nanoTime() < deadline) {
      String got = pending.join().body();
      all.append(got);
      if (all.toString().contains(marker)) {
        return all.toString();
      }
      pending = send("");
    }
    throw new AssertionError("no '" + marker + "' within 15 s; got " + all);
  }

  /** Like {@link #sendAndAwait}, collecting until every marker has been seen. */
  public String sendAndAwaitAll(String payload, String... markers) {
    StringBuilder all = new StringBuilder(sendAndAwait(payload, markers[0]));
    for (String marker : markers) {
      if (!all.toString().contains(marker)) {
        all.append(sendAndAwait("", marker));
      }
    }
    return all.toString();
  }

  /** Restarts the stream after SASL (XEP-0206 §5). */
  public String restart(String marker) {
    CompletableFuture<HttpResponse<String>> r =
        sendWithRid(
            ++rid,
            "",
            " to='meet.jitsi' xml:lang='en' xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh'");
    String got = r.join().body();
    return got.contains(marker) ? got : got + sendAndAwait("", marker);
  }

  public CompletableFuture<HttpResponse<String>> post(String body) {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(70))
            .header("Content-Type", "text/xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(req::header);
    return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Logs in anonymously and binds; returns the bound JID. */
  public String loginAnonymously() {
    create(10, 1);
    sendAndAwait(
        "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>", "<success");
    restart("urn:ietf:params:xml:ns:xmpp-bind");
    String bound =
        sendAndAwait(
            "<iq xmlns='jabber:client' type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>",
            "</jid>");
    return bound.substring(bound.indexOf("<jid>") + 5, bound.indexOf("</jid>"));
  }
}
