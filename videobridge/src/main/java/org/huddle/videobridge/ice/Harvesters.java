package org.huddle.videobridge.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.ice.harvest.TcpHarvester;

/**
 * The listening sockets every endpoint's ICE agent shares: the single UDP port and the optional TCP
 * port. Created once per bridge.
 */
public final class Harvesters implements AutoCloseable {
  private final List<SinglePortUdpHarvester> udp;
  private final TcpHarvester tcp;

  /**
   * @param bindAddress "0.0.0.0" for every interface, or one address
   * @param udpPort the shared UDP port; 0 picks a free one
   * @param tcpPort the TCP port, or -1 for no TCP
   * @param tcpMappedPort a port to advertise instead of tcpPort, or 0
   */
  public Harvesters(String bindAddress, int udpPort, int tcpPort, int tcpMappedPort)
      throws IOException {
    InetAddress bind = InetAddress.getByName(bindAddress);
    if (bind.isAnyLocalAddress()) {
      udp = List.copyOf(SinglePortUdpHarvester.createHarvesters(udpPort));
      if (udp.isEmpty()) {
        throw new IOException("no interface to bind UDP port " + udpPort + " on");
      }
    } else {
      udp = List.of(new SinglePortUdpHarvester(new TransportAddress(bind, udpPort, Transport.UDP)));
    }
    if (tcpPort >= 0) {
      tcp =
          bind.isAnyLocalAddress()
              ? new TcpHarvester(tcpPort, true)
              : new TcpHarvester(List.of(new TransportAddress(bind, tcpPort, Transport.TCP)), true);
      if (tcpMappedPort > 0) {
        tcp.addMappedPort(tcpMappedPort);
      }
    } else {
      tcp = null;
    }
  }

  /** The harvesters to add to each agent. */
  public List<CandidateHarvester> all() {
    List<CandidateHarvester> all = new ArrayList<>(udp);
    if (tcp != null) {
      all.add(tcp);
    }
    return all;
  }

  /** The UDP port actually bound (useful when 0 was asked for). */
  public int udpPort() {
    return udp.get(0).getLocalAddress().getPort();
  }

  @Override
  public void close() {
    udp.forEach(SinglePortUdpHarvester::close);
    if (tcp != null) {
      tcp.close();
    }
  }
}
