package org.huddle.videobridge.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks a STUN server which address a local address is seen as from outside: a Binding request from
 * an ephemeral port of that address, retransmitted with a doubling timeout as RFC 5389 §7.2.1 says
 * (500 ms, then 1 s, ...) until the overall timeout. As ice4j's STUN mapping harvester, this
 * assumes the NAT maps every port of the address to the same public address.
 */
public final class StunDiscovery {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration FIRST_RTO = Duration.ofMillis(500);

  private StunDiscovery() {}

  /** The server's answer, or empty when it gave none in time. */
  public static Optional<InetSocketAddress> mappedAddress(
      InetAddress local, InetSocketAddress server, Duration timeout) throws IOException {
    byte[] transactionId = new byte[12];
    RANDOM.nextBytes(transactionId);
    byte[] request = StunMessages.bindingRequest(transactionId);
    long deadline = System.nanoTime() + timeout.toNanos();
    long rto = FIRST_RTO.toMillis();
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
      byte[] buf = new byte[1024];
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      while (System.nanoTime() < deadline) {
        socket.send(new DatagramPacket(request, request.length, server));
        long resendAt = Math.min(System.nanoTime() + rto * 1_000_000L, deadline);
        rto *= 2;
        while (true) {
          long wait = (resendAt - System.nanoTime()) / 1_000_000L;
          if (wait <= 0) {
            break;
          }
          socket.setSoTimeout((int) wait);
          try {
            in.setData(buf, 0, buf.length);
            socket.receive(in);
          } catch (SocketTimeoutException e) {
            break;
          }
          if (in.getSocketAddress().equals(server)
              && StunMessages.isWellFormed(buf, 0, in.getLength())
              && StunMessages.hasTransactionId(buf, 0, transactionId)) {
            return Optional.ofNullable(StunMessages.mappedAddress(buf, 0, in.getLength()));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** "host:port" or "[v6]:port"; the port defaults to 3478 (RFC 5389 §9). */
  public static InetSocketAddress parseServer(String hostPort) throws IOException {
    String s = hostPort.trim();
    String host = s;
    int port = 3478;
    int colon = s.lastIndexOf(':');
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      host = s.substring(1, close);
      if (close + 1 < s.length() && s.charAt(close + 1) == ':') {
        port = Integer.parseInt(s.substring(close + 2));
      }
    } else if (colon > 0 && s.indexOf(':') == colon) {
      host = s.substring(0, colon);
      port = Integer.parseInt(s.substring(colon + 1));
    }
    return new InetSocketAddress(InetAddress.getByName(host), port);
  }
}
