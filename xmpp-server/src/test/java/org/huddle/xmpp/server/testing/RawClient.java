package org.huddle.xmpp.server.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;

/**
 * A bare TCP client that writes exactly the bytes a test gives it and reads what comes back, for
 * input no real client library would send.
 */
public final class RawClient implements AutoCloseable {
  public static final String HEADER =
      "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
          + " xmlns:stream='http://etherx.jabber.org/streams' to='meet.jitsi' version='1.0'>";

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  public RawClient(int port) throws IOException {
    this(null, port);
  }

  /**
   * Connects from a chosen local address (127.0.0.2 and the rest of 127/8 are loopback too), so
   * that the server sees another client address.
   */
  public RawClient(InetAddress local, int port) throws IOException {
    socket = new Socket();
    if (local != null) {
      socket.bind(new java.net.InetSocketAddress(local, 0));
    }
    socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    socket.setSoTimeout(200);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Connects, logs in anonymously on meet.jitsi and binds a resource. */
  public static RawClient loggedInAnonymously(int port) throws IOException {
    return loggedInAnonymously(null, port);
  }

  /** As {@link #loggedInAnonymously(int)}, from a chosen local address. */
  public static RawClient loggedInAnonymously(InetAddress local, int port) throws IOException {
    RawClient raw = new RawClient(local, port);
    raw.send(HEADER).readUntil("</stream:features>", Duration.ofSeconds(5));
    raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
    raw.readUntil("<success", Duration.ofSeconds(5));
    raw.send(HEADER).readUntil("<bind", Duration.ofSeconds(5));
    raw.send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
    raw.readUntil("</jid>", Duration.ofSeconds(5));
    return raw;
  }

  public RawClient send(String s) throws IOException {
    out.write(s.getBytes(UTF_8));
    out.flush();
    return this;
  }

  public RawClient send(byte[] b) throws IOException {
    out.write(b);
    out.flush();
    return this;
  }

  /** Reads until {@code marker} has arrived; returns everything received so far. */
  public String readUntil(String marker, Duration timeout) throws IOException {
    return readUntil(marker, 1, timeout);
  }

  /**
   * Reads until {@code marker} has arrived {@code count} times in all; fails after {@code timeout}.
   */
  public String readUntil(String marker, int count, Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    byte[] buf = new byte[8192];
    while (occurrences(received.toString(UTF_8), marker) < count) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "no '" + marker + "' within " + timeout + "; got: " + received.toString(UTF_8));
      }
      try {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        received.write(buf, 0, n);
      } catch (SocketTimeoutException e) {
        // keep waiting until the deadline
      }
    }
    String all = received.toString(UTF_8);
    if (occurrences(all, marker) < count) {
      throw new AssertionError("connection closed before '" + marker + "'; got: " + all);
    }
    return all;
  }

  /** Whether the server closed the connection within {@code timeout}. */
  public boolean closedWithin(Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    byte[] buf = new byte[8192];
    while (Instant.now().isBefore(deadline)) {
      try {
        int n = in.read(buf);
        if (n < 0) {
          return true;
        }
        received.write(buf, 0, n);
      } catch (SocketTimeoutException e) {
        // not yet
      } catch (IOException e) {
        return true; // reset counts as closed
      }
    }
    return false;
  }

  private static int occurrences(String s, String marker) {
    int n = 0;
    for (int i = s.indexOf(marker); i >= 0; i = s.indexOf(marker, i + marker.length())) {
      n++;
    }
    return n;
  }

  public String received() {
    return received.toString(UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
