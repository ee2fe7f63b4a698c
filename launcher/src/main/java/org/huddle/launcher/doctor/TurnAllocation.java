package org.huddle.launcher.doctor;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A TURN allocation as a browser makes one (RFC 8656 §7.1-7.2): Allocate without credentials, the
 * 401 with REALM and NONCE, Allocate again with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY (RFC
 * 8489 §9.2: the long-term credential key MD5(username:realm:password)), then a Refresh with
 * LIFETIME 0 (§7.3) to release it. Over UDP, or TCP where STUN messages follow each other on the
 * stream unframed (RFC 8489 §6.2.2).
 */
final class TurnAllocation {
  static final int ALLOCATE = 0x0003;
  static final int REFRESH = 0x0004;
  static final int USERNAME = 0x0006;
  static final int MESSAGE_INTEGRITY = 0x0008;
  static final int ERROR_CODE = 0x0009;
  static final int LIFETIME = 0x000D;
  static final int REALM = 0x0014;
  static final int NONCE = 0x0015;
  static final int REQUESTED_TRANSPORT = 0x0019;

  private TurnAllocation() {}

  /** Null when the allocation succeeded, else why not (the server's error code and reason). */
  static String allocate(
      InetSocketAddress server, boolean tcp, String username, String password, Duration timeout) {
    try (Exchange x = tcp ? new Tcp(server, timeout) : new Udp(server, timeout)) {
      Map<Integer, byte[]> udpTransport = Map.of(REQUESTED_TRANSPORT, new byte[] {17, 0, 0, 0});
      Message first = x.send(build(ALLOCATE, udpTransport, null));
      if (first.type == 0x0103) {
        return null; // an open server: no credentials needed
      }
      if (first.error() != 401 || !first.attrs.containsKey(REALM)) {
        return "the first Allocate got " + first.describe() + " instead of 401 with a REALM";
      }
      byte[] realm = first.attrs.get(REALM);
      Map<Integer, byte[]> attrs = new LinkedHashMap<>();
      attrs.put(REQUESTED_TRANSPORT, udpTransport.get(REQUESTED_TRANSPORT));
      attrs.put(USERNAME, username.getBytes(StandardCharsets.UTF_8));
      attrs.put(REALM, realm);
      attrs.put(NONCE, first.attrs.getOrDefault(NONCE, new byte[0]));
      byte[] key =
          MessageDigest.getInstance("MD5")
              .digest(
                  (username + ":" + new String(realm, StandardCharsets.UTF_8) + ":" + password)
                      .getBytes(StandardCharsets.UTF_8));
      Message second = x.send(build(ALLOCATE, attrs, key));
      if (second.type != 0x0103) {
        return "Allocate with credentials got " + second.describe();
      }
      attrs.remove(REQUESTED_TRANSPORT);
      attrs.put(LIFETIME, new byte[4]);
      x.send(build(REFRESH, attrs, key)); // releasing is a courtesy: its answer does not matter
      return null;
    } catch (SocketTimeoutException e) {
      return "no answer within " + timeout.toSeconds() + " s";
    } catch (IOException | GeneralSecurityException e) {
      return e.toString();
    }
  }

  static byte[] build(int type, Map<Integer, byte[]> attrs, byte[] integrityKey)
      throws GeneralSecurityException {
    ByteBuffer b = ByteBuffer.allocate(1024);
    b.putShort((short) type).putShort((short) 0).putInt(0x2112A442).put(StunEcho.transactionId());
    for (Map.Entry<Integer, byte[]> a : attrs.entrySet()) {
      byte[] v = a.getValue();
      b.putShort((short) (int) a.getKey()).putShort((short) v.length).put(v);
      b.put(new byte[(4 - v.length % 4) % 4]);
    }
    if (integrityKey != null) {
      // The length covers MESSAGE-INTEGRITY itself when the HMAC is computed (RFC 8489 §14.5).
      b.putShort(2, (short) (b.position() - 20 + 24));
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(integrityKey, "HmacSHA1"));
      mac.update(b.array(), 0, b.position());
      b.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(mac.doFinal());
    }
    b.putShort(2, (short) (b.position() - 20));
    byte[] out = new byte[b.position()];
    System.arraycopy(b.array(), 0, out, 0, out.length);
    return out;
  }

  /** A response: its type and attributes. */
  record Message(int type, Map<Integer, byte[]> attrs) {
    static Message parse(byte[] m, int len) throws IOException {
      if (len < 20) {
        throw new IOException("a " + len + "-byte answer is no STUN message");
      }
      ByteBuffer b = ByteBuffer.wrap(m, 0, len);
      int type = b.getShort(0) & 0xffff;
      Map<Integer, byte[]> attrs = new LinkedHashMap<>();
      int p = 20;
      while (p + 4 <= len) {
        int t = b.getShort(p) & 0xffff;
        int l = b.getShort(p + 2) & 0xffff;
        if (p + 4 + l > len) {
          break;
        }
        byte[] v = new byte[l];
        System.arraycopy(m, p + 4, v, 0, l);
        attrs.putIfAbsent(t, v);
        p += 4 + ((l + 3) & ~3);
      }
      return new Message(type, attrs);
    }

    int error() {
      byte[] e = attrs.get(ERROR_CODE);
      return e == null || e.length < 4 ? 0 : (e[2] & 7) * 100 + (e[3] & 0xff);
    }

    String describe() {
      byte[] e = attrs.get(ERROR_CODE);
      if (e == null) {
        return String.format("message type 0x%04x", type);
      }
      return error() + " " + new String(e, 4, e.length - 4, StandardCharsets.UTF_8).strip();
    }
  }

  private interface Exchange extends AutoCloseable {
    Message send(byte[] request) throws IOException;

    @Override
    void close() throws IOException;
  }

  private static final class Udp implements Exchange {
    private final DatagramSocket socket = new DatagramSocket();
    private final InetSocketAddress server;

    Udp(InetSocketAddress server, Duration timeout) throws IOException {
      this.server = server;
      socket.setSoTimeout((int) Math.max(100, timeout.toMillis() / 3));
    }

    @Override
    public Message send(byte[] request) throws IOException {
      byte[] buf = new byte[1500];
      SocketTimeoutException last = null;
      for (int i = 0; i < 3; i++) {
        socket.send(new DatagramPacket(request, request.length, server));
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          socket.receive(p);
          return Message.parse(p.getData(), p.getLength());
        } catch (SocketTimeoutException e) {
          last = e;
        }
      }
      throw last;
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  private static final class Tcp implements Exchange {
    private final Socket socket = new Socket();
    private final OutputStream out;
    private final DataInputStream in;

    Tcp(InetSocketAddress server, Duration timeout) throws IOException {
      socket.connect(server, (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      out = socket.getOutputStream();
      in = new DataInputStream(socket.getInputStream());
    }

    @Override
    public Message send(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      byte[] m = new byte[20 + 65535];
      in.readFully(m, 0, 20);
      int len = ((m[2] & 0xff) << 8) | (m[3] & 0xff);
      in.readFully(m, 20, len);
      return Message.parse(m, 20 + len);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
