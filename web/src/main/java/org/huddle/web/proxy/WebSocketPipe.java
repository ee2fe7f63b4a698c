package org.huddle.web.proxy;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.huddle.web.metrics.WebMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two sessions of one proxied WebSocket. What one side reads is written to the other; each side
 * reads its next frame only once the previous one was written, so a slow reader slows its sender. A
 * close on either side closes the other with the same code and reason. (Public because Jetty
 * reaches listener methods through method handles.)
 */
public final class WebSocketPipe {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketPipe.class);

  final Side downstream = new Side(this, "browser");
  final Side upstream = new Side(this, "upstream");
  private final String name;
  private final WebMetrics metrics;
  private final AtomicBoolean opened = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  WebSocketPipe(String name, WebMetrics metrics) {
    this.name = name;
    this.metrics = metrics;
  }

  /** One side's listener. */
  public static final class Side implements Session.Listener {
    private final WebSocketPipe pipe;
    private final String label;
    volatile Session session;

    Side(WebSocketPipe pipe, String label) {
      this.pipe = pipe;
      this.label = label;
    }

    private Side other() {
      return this == pipe.downstream ? pipe.upstream : pipe.downstream;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
      // The upstream opens first; neither side reads until both are open, so nothing the
      // upstream says on open (colibri-ws's ServerHello) is lost.
      if (this == pipe.downstream) {
        if (pipe.opened.compareAndSet(false, true)) {
          pipe.metrics.websocketOpened(pipe.name);
        }
        pipe.upstream.session.demand();
        session.demand();
      }
    }

    @Override
    public void onWebSocketText(String text) {
      other().session.sendText(text, Callback.from(session::demand, this::onWebSocketError));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
      callback.succeed();
      other().session.sendBinary(copy, Callback.from(session::demand, this::onWebSocketError));
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
      pipe.close(other(), code, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      LOG.debug("{} proxy: {} side failed: {}", pipe.name, label, cause.toString());
      pipe.close(other(), StatusCode.SERVER_ERROR, "proxy: the " + label + " side failed");
    }
  }

  private void close(Side side, int code, String reason) {
    // A refused upstream reports an error on a pipe that never opened: count only open ones.
    if (opened.get() && closed.compareAndSet(false, true)) {
      metrics.websocketClosed(name);
    }
    Session s = side.session;
    if (s != null && s.isOpen()) {
      // 1005 and 1006 describe a close; they may not be sent in one (RFC 6455 §7.4.1).
      int sendable =
          code == StatusCode.NO_CODE || code == StatusCode.ABNORMAL ? StatusCode.NORMAL : code;
      s.close(sendable, reason, Callback.NOOP);
    }
  }
}
