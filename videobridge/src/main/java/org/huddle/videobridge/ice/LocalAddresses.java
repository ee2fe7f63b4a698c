package org.huddle.videobridge.ice;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which local addresses the media ports bind: the one configured, or, for the wildcard, every
 * address of every interface that is up, leaving out loopback and link-local ones as ice4j's host
 * harvester does. A host with nothing but loopback (a container without a network, a network
 * namespace in a test) gets 127.0.0.1 and one warning instead of a bridge that cannot start.
 *
 * @param addresses where to bind, never empty
 * @param warning what to log once, if anything
 */
public record LocalAddresses(List<InetAddress> addresses, Optional<String> warning) {

  /** Chooses from the machine's interfaces. */
  public static LocalAddresses choose(String bindAddress) throws UnknownHostException {
    return choose(bindAddress, LocalAddresses::interfaceAddresses);
  }

  /** Chooses from the given interface addresses (injected by tests). */
  public static LocalAddresses choose(String bindAddress, InterfaceList interfaces)
      throws UnknownHostException {
    InetAddress bind = InetAddress.getByName(bindAddress.trim());
    if (!bind.isAnyLocalAddress()) {
      return new LocalAddresses(List.of(bind), Optional.empty());
    }
    List<InetAddress> usable = new ArrayList<>();
    for (InetAddress a : interfaces.addresses()) {
      if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress()) {
        usable.add(a);
      }
    }
    if (!usable.isEmpty()) {
      return new LocalAddresses(List.copyOf(usable), Optional.empty());
    }
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    return new LocalAddresses(
        List.of(loopback),
        Optional.of(
            "no network interface but loopback: media binds 127.0.0.1, so only browsers on this"
                + " machine can join. Give the host a network, or set HUDDLE_BIND_ADDRESS to the"
                + " address to use."));
  }

  /** The addresses of the interfaces that are up. */
  @FunctionalInterface
  public interface InterfaceList {
    List<InetAddress> addresses();
  }

  private static List<InetAddress> interfaceAddresses() {
    List<InetAddress> out = new ArrayList<>();
    try {
      for (NetworkInterface n : NetworkInterface.networkInterfaces().toList()) {
        if (n.isUp() && !n.isLoopback()) {
          out.addAll(n.inetAddresses().toList());
        }
      }
    } catch (SocketException e) {
      // no usable interfaces: the loopback fallback applies
    }
    return out;
  }
}
