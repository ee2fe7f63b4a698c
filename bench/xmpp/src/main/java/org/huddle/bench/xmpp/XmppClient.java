package org.huddle.bench.xmpp;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One hand-written XMPP client connection over a plain socket: RFC 6120 over TCP, or RFC 7395 over
 * a WebSocket it frames itself. Reading is for one thread at a time ({@link #next}); {@link #send}
 * may be called from any thread.
 */
final class XmppClient implements AutoCloseable {
  static final String WS_PATH = "/xmpp-websocket";
  private static final String[] STANZAS = {"<iq", "<message", "<presence"};

  private final Socket socket;
  private final InputStream in;
  private final DataInputStream wsIn;
  private final OutputStream out;
  private final boolean ws;
  private final String domain;
  private final StanzaSplitter splitter = new StanzaSplitter();
  private final ArrayDeque<String> ready = new ArrayDeque<>();
  private final byte[] readBuf;
  private String jid;

  private XmppClient(Socket socket, boolean ws, String domain) throws IOException {
    this.socket = socket;
    this.ws = ws;
    this.domain = domain;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.wsIn = ws ? new DataInputStream(new BufferedInputStream(in, 8192)) : null;
    this.readBuf = ws ? null : new byte[8192];
  }

  /** Connects (and for WebSocket, upgrades); no XMPP yet. */
  static XmppClient connect(int port, boolean ws, String domain, int timeoutMs) throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
      s.setSoTimeout(timeoutMs);
      XmppClient c = new XmppClient(s, ws, domain);
      if (ws) {
        c.upgrade(port);
      }
      return c;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Connects, authenticates with SASL ANONYMOUS and binds a resource. */
  static XmppClient login(int port, boolean ws, String domain, int timeoutMs) throws IOException {
    XmppClient c = connect(port, ws, domain, timeoutMs);
    try {
      c.openStream();
      c.expect("<stream:features", "<features");
      c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
      String r = c.expect("<success", "<failure");
      if (!r.startsWith("<success")) {
        throw new IOException("SASL ANONYMOUS failed: " + r);
      }
      c.openStream();
      c.expect("<stream:features", "<features");
      c.send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
      String b = c.expect("<iq");
      int j = b.indexOf("<jid>");
      if (!b.contains("result") || j < 0) {
        throw new IOException("bind failed: " + b);
      }
      c.jid = b.substring(j + 5, b.indexOf("</jid>", j));
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  String jid() {
    return jid;
  }

  void setReadTimeout(int ms) throws IOException {
    socket.setSoTimeout(ms);
  }

  private void openStream() throws IOException {
    if (ws) {
      send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='" + domain + "' version='1.0'/>");
    } else {
      send(
          "<?xml version='1.0'?><stream:stream to='"
              + domain
              + "' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
              + " version='1.0'>");
    }
  }

  /** Reads elements until one starts with one of the prefixes (stream headers are skipped). */
  String expect(String... prefixes) throws IOException {
    for (int i = 0; i < 100; i++) {
      String s = next();
      if (s == null) {
        throw new EOFException("stream ended while waiting for " + String.join("|", prefixes));
      }
      for (String p : prefixes) {
        if (s.startsWith(p)) {
          return s;
        }
      }
      if (s.startsWith("<stream:error") || s.startsWith("</stream:stream") || isClose(s)) {
        throw new IOException("stream ended: " + s);
      }
    }
    throw new IOException("no " + String.join("|", prefixes) + " in 100 elements");
  }

  private static boolean isClose(String s) {
    return s.startsWith("<close");
  }

  /** Sends the stream's end and waits (bounded by the read timeout) for the server's. */
  void closeStream() throws IOException {
    send(ws ? "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>" : "</stream:stream>");
    for (int i = 0; i < 100; i++) {
      String s;
      try {
        s = next();
      } catch (IOException e) {
        return;
      }
      if (s == null || s.startsWith("</stream:stream") || isClose(s)) {
        return;
      }
    }
  }

  /** The next top-level element, or null at the end of input. */
  String next() throws IOException {
    while (ready.isEmpty()) {
      if (ws) {
        byte[] payload = readMessage();
        if (payload == null) {
          return null;
        }
        splitter.feed(payload, 0, payload.length, ready::add);
      } else {
        int n = in.read(readBuf);
        if (n < 0) {
          return null;
        }
        splitter.feed(readBuf, 0, n, ready::add);
      }
    }
    return ready.poll();
  }

  /** Like {@link #next} but returns "" on a read timeout, so a reader can check a stop flag. */
  String nextOrIdle() throws IOException {
    try {
      return next();
    } catch (SocketTimeoutException e) {
      return "";
    }
  }

  void send(String xml) throws IOException {
    if (ws) {
      // RFC 7395 section 3.3.3: over WebSocket, every stanza declares its namespace.
      for (String kind : STANZAS) {
        if (xml.startsWith(kind)) {
          xml = kind + " xmlns='jabber:client'" + xml.substring(kind.length());
          break;
        }
      }
    }
    byte[] data = xml.getBytes(StandardCharsets.UTF_8);
    if (ws) {
      data = frame(data);
    }
    synchronized (out) {
      out.write(data);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  // ---- RFC 6455, client side: just enough for RFC 7395 ----

  private void upgrade(int port) throws IOException {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String req =
        "GET "
            + WS_PATH
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(nonce)
            + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: xmpp\r\n\r\n";
    out.write(req.getBytes(StandardCharsets.US_ASCII));
    StringBuilder head = new StringBuilder();
    while (head.length() < 8192) {
      int b = wsIn.read();
      if (b < 0) {
        throw new EOFException("no WebSocket upgrade response: " + head);
      }
      head.append((char) b);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("WebSocket upgrade refused: " + head.toString().strip());
    }
  }

  private static byte[] frame(byte[] payload) {
    int n = payload.length;
    int headerLen = n < 126 ? 2 : n < 65536 ? 4 : 10;
    byte[] f = new byte[headerLen + 4 + n];
    f[0] = (byte) 0x81;
    if (n < 126) {
      f[1] = (byte) (0x80 | n);
    } else if (n < 65536) {
      f[1] = (byte) (0x80 | 126);
      f[2] = (byte) (n >>> 8);
      f[3] = (byte) n;
    } else {
      f[1] = (byte) (0x80 | 127);
      for (int i = 0; i < 8; i++) {
        f[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
      }
    }
    int mask = ThreadLocalRandom.current().nextInt();
    byte[] m = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
    System.arraycopy(m, 0, f, headerLen, 4);
    int p = headerLen + 4;
    for (int i = 0; i < n; i++) {
      f[p + i] = (byte) (payload[i] ^ m[i & 3]);
    }
    return f;
  }

  /** One whole text message (continuations joined), or null when the server closes. */
  private byte[] readMessage() throws IOException {
    byte[] acc = null;
    for (int frames = 0; frames < 10_000; frames++) {
      int b0;
      try {
        b0 = wsIn.readUnsignedByte();
      } catch (EOFException e) {
        return null;
      }
      int b1 = wsIn.readUnsignedByte();
      long n = b1 & 0x7f;
      if (n == 126) {
        n = wsIn.readUnsignedShort();
      } else if (n == 127) {
        n = wsIn.readLong();
      }
      if (n > 64L * 1024 * 1024) {
        throw new IOException("WebSocket frame too large: " + n);
      }
      byte[] mask = null;
      if ((b1 & 0x80) != 0) {
        mask = new byte[4];
        wsIn.readFully(mask);
      }
      byte[] data = new byte[(int) n];
      wsIn.readFully(data);
      if (mask != null) {
        for (int i = 0; i < data.length; i++) {
          data[i] ^= mask[i & 3];
        }
      }
      int opcode = b0 & 0x0f;
      switch (opcode) {
        case 0x8 -> {
          return null;
        }
        case 0x9 -> sendControl(0xA, data);
        case 0xA -> {
          // pong: nothing to do
        }
        default -> {
          if (acc == null) {
            acc = data;
          } else {
            byte[] joined = new byte[acc.length + data.length];
            System.arraycopy(acc, 0, joined, 0, acc.length);
            System.arraycopy(data, 0, joined, acc.length, data.length);
            acc = joined;
          }
          if ((b0 & 0x80) != 0) {
            return acc;
          }
        }
      }
    }
    throw new IOException("too many WebSocket fragments");
  }

  private void sendControl(int opcode, byte[] payload) throws IOException {
    byte[] f = frame(payload);
    f[0] = (byte) (0x80 | opcode);
    synchronized (out) {
      out.write(f);
    }
  }
}
