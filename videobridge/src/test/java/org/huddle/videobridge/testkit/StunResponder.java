package org.huddle.videobridge.testkit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A STUN server for tests, on loopback, that reports a fixed address to every Binding request, as a
 * server outside a NAT would report the NAT's public address (RFC 5389 §10: XOR-MAPPED-ADDRESS).
 * Written here from the RFC, independently of the bridge's own STUN code. The address it reports is
 * only ever advertised: nothing is sent to it.
 */
public final class StunResponder implements AutoCloseable {
  private final DatagramSocket socket;
  private final InetSocketAddress reported;
  private final AtomicInteger requests = new AtomicInteger();

  /** Answers on a free port of 127.0.0.1 with {@code reported}. */
  public StunResponder(InetSocketAddress reported) throws IOException {
    this.reported = reported;
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread.ofPlatform().daemon().name("stun-responder").start(this::serve);
  }

  /** "127.0.0.1:port", as JVB_STUN_SERVERS takes it. */
  public String hostPort() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  public int requests() {
    return requests.get();
  }

  private void serve() {
    byte[] buf = new byte[1500];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    while (!socket.isClosed()) {
      try {
        p.setData(buf, 0, buf.length);
        socket.receive(p);
      } catch (IOException e) {
        return;
      }
      // A Binding request: type 0x0001 and the magic cookie 0x2112A442.
      if (p.getLength() < 20 || buf[0] != 0 || buf[1] != 1 || buf[4] != 0x21 || buf[5] != 0x12) {
        continue;
      }
      requests.incrementAndGet();
      byte[] a = reported.getAddress().getAddress();
      byte[] r = new byte[20 + 4 + 4 + a.length];
      r[0] = 0x01; // Binding success response
      r[1] = 0x01;
      r[3] = (byte) (r.length - 20);
      System.arraycopy(buf, 4, r, 4, 16); // cookie and transaction id
      r[20] = 0x00; // XOR-MAPPED-ADDRESS
      r[21] = 0x20;
      r[23] = (byte) (4 + a.length);
      r[25] = (byte) (a.length == 4 ? 1 : 2);
      int port = reported.getPort() ^ 0x2112;
      r[26] = (byte) (port >> 8);
      r[27] = (byte) port;
      for (int i = 0; i < a.length; i++) {
        r[28 + i] = (byte) (a[i] ^ r[4 + i]); // cookie, then the transaction id (RFC 5389 §15.2)
      }
      try {
        socket.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
