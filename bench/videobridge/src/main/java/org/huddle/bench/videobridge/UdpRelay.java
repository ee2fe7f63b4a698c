package org.huddle.bench.videobridge;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline: a plain UDP relay on loopback, in its own process. A datagram starting with "HELLO"
 * registers its sender; every other datagram is sent on to every registered address but its own. No
 * crypto, no parsing: what forwarding costs at the least.
 */
public final class UdpRelay {
  private UdpRelay() {}

  public static void main(String[] args) throws Exception {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setReceiveBufferSize(4 << 20);
      socket.setSendBufferSize(4 << 20);
      System.out.println("READY " + socket.getLocalPort());
      System.out.flush();
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try {
                  while (System.in.read() >= 0) {
                    // run until the parent closes our stdin
                  }
                } catch (java.io.IOException e) {
                  // parent gone
                }
                System.exit(0);
              });
      List<SocketAddress> peers = new ArrayList<>();
      byte[] buf = new byte[2048];
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      DatagramPacket out = new DatagramPacket(buf, 0);
      while (true) {
        in.setLength(buf.length);
        socket.receive(in);
        SocketAddress from = in.getSocketAddress();
        if (in.getLength() >= 5 && buf[0] == 'H' && buf[1] == 'E' && buf[4] == 'O') {
          if (!peers.contains(from)) {
            peers.add(from);
          }
          continue;
        }
        out.setData(buf, 0, in.getLength());
        for (SocketAddress p : peers) {
          if (!p.equals(from)) {
            out.setSocketAddress(p);
            socket.send(out);
          }
        }
      }
    }
  }
}
