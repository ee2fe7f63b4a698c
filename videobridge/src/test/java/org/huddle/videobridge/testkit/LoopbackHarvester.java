package org.huddle.videobridge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * A host candidate on 127.0.0.1 with a socket of its own, as a browser has. ice4j's own host
 * harvester skips loopback, and its single-port harvester only answers checks, so two single-port
 * agents could never reach each other; a client needs this.
 */
final class LoopbackHarvester implements CandidateHarvester {
  private final HarvestStatistics statistics = new HarvestStatistics();

  @Override
  public Collection<LocalCandidate> harvest(Component component) {
    try {
      MultiplexingDatagramSocket socket =
          new MultiplexingDatagramSocket(0, InetAddress.getLoopbackAddress());
      IceSocketWrapper wrapper = new IceUdpSocketWrapper(socket);
      HostCandidate candidate = new HostCandidate(wrapper, component, Transport.UDP);
      component.addLocalCandidate(candidate);
      candidate.getStunStack().addSocket(candidate.getStunSocket(null));
      component.getComponentSocket().add(wrapper);
      return List.of(candidate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public HarvestStatistics getHarvestStatistics() {
    return statistics;
  }

  @Override
  public boolean isHostHarvester() {
    return true;
  }
}
