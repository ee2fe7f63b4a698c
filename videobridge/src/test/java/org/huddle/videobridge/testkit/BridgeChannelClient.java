package org.huddle.videobridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A colibri-ws client for tests: queues every JSON message the bridge sends. */
public final class BridgeChannelClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocketClient client = new WebSocketClient();
  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private volatile Session session;
  private volatile int closeCode = -1;

  /**
   * Connects to the path and query of a colibri-ws URL, on the given local port (the advertised
   * domain is not where a test bridge listens).
   */
  public static BridgeChannelClient connect(String advertisedUrl, int port) throws Exception {
    URI u = URI.create(advertisedUrl);
    URI local = URI.create("ws://127.0.0.1:" + port + u.getRawPath() + "?" + u.getRawQuery());
    BridgeChannelClient c = new BridgeChannelClient();
    c.client.start();
    c.session = c.client.connect(new Listener(c), local).get(10, TimeUnit.SECONDS);
    return c;
  }

  /** Jetty calls listeners through public lookups: the class must be public. */
  public static final class Listener implements Session.Listener.AutoDemanding {
    private final BridgeChannelClient c;

    Listener(BridgeChannelClient c) {
      this.c = c;
    }

    @Override
    public void onWebSocketText(String message) {
      try {
        c.messages.add(JSON.readTree(message));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("bridge sent invalid JSON: " + message, e);
      }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      c.closeCode = statusCode;
    }
  }

  public void send(String json) {
    session.sendText(json, Callback.NOOP);
  }

  /**
   * Takes the oldest message of the given class, waiting up to the timeout; null if none came.
   * Messages of other classes stay queued for their own readers.
   */
  public JsonNode next(String colibriClass, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode m;
      while ((m = messages.poll()) != null) {
        pending.add(m);
      }
      for (var it = pending.iterator(); it.hasNext(); ) {
        JsonNode p = it.next();
        if (colibriClass.equals(p.path("colibriClass").asText())) {
          it.remove();
          return p;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      m = messages.poll(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS);
      if (m != null) {
        pending.add(m);
      }
    }
  }

  private final java.util.List<JsonNode> pending = new java.util.ArrayList<>();

  public BlockingQueue<JsonNode> messages() {
    return messages;
  }

  /** The close status code, or -1 while open. */
  public int closeCode() {
    return closeCode;
  }

  @Override
  public void close() throws Exception {
    client.stop();
  }
}
