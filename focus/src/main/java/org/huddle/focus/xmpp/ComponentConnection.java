package org.huddle.focus.xmpp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.huddle.focus.FocusConfig;
import org.huddle.focus.xml.StanzaErrors;
import org.huddle.focus.xml.Xml;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.ParserLimits;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.codec.XmlStreamParser;
import org.huddle.xmpp.codec.XmlWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The focus as an external component (XEP-0114, Jabber Component Protocol): it opens a {@code
 * jabber:component:accept} stream to the server's component port naming {@code focus.<domain>},
 * proves the shared secret with {@code <handshake>} (the hex SHA-1 of the stream id and the secret,
 * §3), and then answers the IQs sent to that domain. It reconnects with backoff.
 */
public final class ComponentConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ComponentConnection.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final String host;
  private final int port;
  private final String domain;
  private final String secret;
  private final Map<String, IqHandler> handlers = new ConcurrentHashMap<>();
  private final CountDownLatch firstAttempt = new CountDownLatch(1);
  private volatile Socket socket;
  private volatile OutputStream out;
  private volatile boolean authenticated;
  private volatile boolean closed;
  private Thread reader;

  public ComponentConnection(FocusConfig.Component config, String domain) {
    this.host = config.host();
    this.port = config.port();
    this.domain = domain;
    this.secret = config.secret();
  }

  /** Answers IQ requests with this payload. */
  public void handle(String name, String namespace, IqHandler handler) {
    handlers.put(name + " " + namespace, handler);
  }

  /**
   * Starts connecting; waits briefly for the first handshake, then keeps trying in the background.
   */
  public void start(Duration waitForFirst) {
    reader = Thread.ofPlatform().daemon().name("focus-component").start(this::run);
    try {
      firstAttempt.await(waitForFirst.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean isAuthenticated() {
    return authenticated;
  }

  private void run() {
    Duration backoff = Duration.ofSeconds(1);
    while (!closed) {
      try (Socket s = new Socket()) {
        socket = s;
        s.connect(new InetSocketAddress(host, port), 5000);
        out = s.getOutputStream();
        session(s.getInputStream());
        backoff = Duration.ofSeconds(1);
      } catch (IOException | StreamError e) {
        if (!closed) {
          LOG.warn("component {} at {}:{}: {}; retrying", domain, host, port, e.toString());
        }
      } finally {
        authenticated = false;
        firstAttempt.countDown();
      }
      if (closed) {
        return;
      }
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  private void session(InputStream in) throws IOException, StreamError {
    XmlStreamParser parser =
        new XmlStreamParser(
            ParserLimits.DEFAULT,
            XmlStreamParser.Mode.STREAM,
            new XmlStreamParser.Handler() {
              @Override
              public void streamOpened(Element header) throws StreamError {
                String id = header.attr("id");
                if (id == null) {
                  throw new StreamError(
                      StreamError.Condition.INVALID_XML, "the server sent no stream id");
                }
                write("<handshake>" + digest(id) + "</handshake>");
              }

              @Override
              public void element(Element e) throws StreamError {
                received(e);
              }

              @Override
              public void streamClosed() {}
            });
    write(
        "<?xml version='1.0'?><stream:stream xmlns='"
            + Namespaces.COMPONENT_ACCEPT
            + "' xmlns:stream='"
            + Namespaces.STREAMS
            + "' to='"
            + domain
            + "'>");
    byte[] buf = new byte[16 * 1024];
    int n;
    while ((n = in.read(buf)) > 0) {
      parser.feed(buf, 0, n);
      if (parser.isDone()) {
        break;
      }
    }
    throw new IOException("stream closed by the server");
  }

  private String digest(String streamId) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return HexFormat.of()
          .formatHex(sha1.digest((streamId + secret).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void received(Element e) throws StreamError {
    if (e.name().equals("handshake")) {
      authenticated = true;
      firstAttempt.countDown();
      LOG.info("component {} connected to {}:{}", domain, host, port);
      return;
    }
    if (e.namespace().equals(Namespaces.STREAMS) && e.name().equals("error")) {
      throw new StreamError(StreamError.Condition.NOT_AUTHORIZED, "stream error: " + e.toXml());
    }
    if (!e.name().equals("iq")) {
      return;
    }
    String type = e.attr("type");
    if (!"get".equals(type) && !"set".equals(type)) {
      return;
    }
    Element payload = Xml.payload(e);
    IqHandler h = payload == null ? null : handlers.get(payload.name() + " " + payload.namespace());
    if (h == null) {
      send(StanzaErrors.reply(e, "service-unavailable", null, null));
      return;
    }
    CompletableFuture<Element> answer;
    try {
      answer = h.handle(e);
    } catch (RuntimeException ex) {
      LOG.warn("component IQ handler failed", ex);
      send(StanzaErrors.reply(e, "internal-server-error", null, null));
      return;
    }
    answer.whenComplete(
        (a, ex) ->
            send(a != null ? a : StanzaErrors.reply(e, "internal-server-error", null, null)));
  }

  /** Sends a stanza; its {@code from} defaults to the component's domain. */
  public void send(Element stanza) {
    if (stanza.attr("from") == null) {
      stanza.attr("from", domain);
    }
    try {
      write(XmlWriter.write(stanza, Namespaces.CLIENT));
    } catch (StreamError e) {
      LOG.debug("component send failed: {}", e.getMessage());
    }
  }

  private void write(String text) throws StreamError {
    OutputStream o = out;
    if (o == null) {
      return;
    }
    try {
      synchronized (this) {
        o.write(text.getBytes(StandardCharsets.UTF_8));
        o.flush();
      }
    } catch (IOException e) {
      throw new StreamError(StreamError.Condition.CONNECTION_TIMEOUT, e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      write("</stream:stream>");
    } catch (StreamError ignored) {
      // Going away anyway.
    }
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Closing.
      }
    }
    if (reader != null) {
      reader.interrupt();
    }
  }
}
