package org.huddle.xmpp.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An XMPP-over-WebSocket client built on the JDK's own WebSocket (java.net.http), independent of
 * the server's Jetty: it sends text frames and collects the frames it receives.
 */
public final class WsClient implements AutoCloseable {
  public static final String OPEN =
      "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='meet.jitsi' version='1.0'/>";

  private final WebSocket ws;
  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final BlockingQueue<String> pings = new LinkedBlockingQueue<>();

  private WsClient(URI uri, String subprotocol) {
    this(uri, subprotocol, null, java.util.Map.of());
  }

  private WsClient(
      URI uri,
      String subprotocol,
      java.net.InetAddress local,
      java.util.Map<String, String> headers) {
    HttpClient.Builder http = HttpClient.newBuilder();
    if (local != null) {
      http.localAddress(local);
    }
    var builder = http.build().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (subprotocol != null) {
      builder.subprotocols(subprotocol);
    }
    headers.forEach(builder::header);
    ws =
        builder
            .buildAsync(
                uri,
                new WebSocket.Listener() {
                  private final StringBuilder partial = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      frames.add(partial.toString());
                      partial.setLength(0);
                    }
                    w.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onPing(WebSocket w, ByteBuffer message) {
                    // The JDK answers with a pong by itself; this only records the ping.
                    ByteBuffer copy = message.duplicate();
                    byte[] payload = new byte[copy.remaining()];
                    copy.get(payload);
                    pings.add(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
                    w.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
                    closed.complete(statusCode);
                    return null;
                  }

                  @Override
                  public void onError(WebSocket w, Throwable error) {
                    closed.complete(-1);
                  }
                })
            .join();
  }

  /** Connects to /xmpp-websocket with the 'xmpp' subprotocol; query may be "" or "?token=...". */
  public static WsClient connect(int httpPort, String query) {
    return new WsClient(
        URI.create("ws://127.0.0.1:" + httpPort + "/xmpp-websocket" + query), "xmpp");
  }

  /**
   * Connects from a chosen local address with extra request headers: a stand-in for a reverse proxy
   * at that address that adds {@code X-Forwarded-For}.
   */
  public static WsClient connect(
      int httpPort,
      String query,
      java.net.InetAddress local,
      java.util.Map<String, String> headers) {
    return new WsClient(
        URI.create("ws://127.0.0.1:" + httpPort + "/xmpp-websocket" + query),
        "xmpp",
        local,
        headers);
  }

  /** Connects with a chosen subprotocol (null for none). */
  public static WsClient connect(int httpPort, String query, String subprotocol) {
    return new WsClient(
        URI.create("ws://127.0.0.1:" + httpPort + "/xmpp-websocket" + query), subprotocol);
  }

  public WsClient send(String frame) {
    ws.sendText(frame, true).join();
    return this;
  }

  public WsClient sendBinary(byte[] frame) {
    ws.sendBinary(ByteBuffer.wrap(frame), true).join();
    return this;
  }

  /** The next frame containing {@code marker}, skipping others; fails after the timeout. */
  public String next(String marker) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String f = frames.poll(200, TimeUnit.MILLISECONDS);
      if (f != null && f.contains(marker)) {
        return f;
      }
    }
    throw new AssertionError(
        "no frame with '" + marker + "' within 10 s; closed=" + closed.getNow(null));
  }

  /** The payload of the next WebSocket ping frame from the server, or null after the timeout. */
  public String nextPing(Duration timeout) throws InterruptedException {
    return pings.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The status the server closed with, waiting up to the timeout; null if still open. */
  public Integer closeStatus(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  /** Logs in anonymously and binds; returns the bound JID. */
  public String loginAnonymously() throws InterruptedException {
    send(OPEN);
    next("<mechanism>ANONYMOUS</mechanism>");
    send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
    next("<success");
    send(OPEN);
    next("urn:ietf:params:xml:ns:xmpp-bind");
    send(
        "<iq xmlns='jabber:client' type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
    String bound = next("</jid>");
    return bound.substring(bound.indexOf("<jid>") + 5, bound.indexOf("</jid>"));
  }

  /** Sends a close frame with this status, as a browser does (1001 when its page goes away). */
  public void closeWith(int status) {
    ws.sendClose(status, "").join();
  }

  @Override
  public void close() {
    ws.abort();
  }
}
