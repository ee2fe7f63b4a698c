package org.huddle.videobridge.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.StaticMappingCandidateHarvester;

/**
 * The addresses the bridge is reached at from outside its NAT, each mapped from a local one as
 * ice4j's static NAT mapping does it (jitsi-videobridge's {@code ice4j.harvest.mapping}): every
 * host candidate on the local address gets a server-reflexive twin on the public one, same port and
 * transport, and the host candidate stays. The public addresses come from the settings
 * (DOCKER_HOST_ADDRESS, JVB_ADVERTISE_IPS; mapped from the first local address, as
 * docker-jitsi-meet maps them from the container's address) or from STUN servers (JVB_STUN_SERVERS;
 * asked from each local address).
 *
 * @param mappings local to public, in the order they were found
 * @param warnings what to log once each
 */
public record PublicAddresses(List<Mapping> mappings, List<String> warnings) {
  /** How long one STUN discovery may take at start. */
  public static final Duration STUN_TIMEOUT = Duration.ofSeconds(4);

  /**
   * @param local a local address the media ports bind
   * @param publicAddress what it is reached at
   * @param source the setting it came from, for the log
   */
  public record Mapping(InetAddress local, InetAddress publicAddress, String source) {}

  /**
   * @param locals the media ports' local addresses, first the one static mappings map from
   * @param advertised public addresses from the settings
   * @param stunServers "host:port" STUN servers to discover public addresses with
   */
  public static PublicAddresses resolve(
      List<InetAddress> locals, List<String> advertised, List<String> stunServers)
      throws UnknownHostException {
    List<Mapping> mappings = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (String ip : new LinkedHashSet<>(advertised)) {
      InetAddress a = InetAddress.getByName(ip.trim());
      if (!locals.contains(a)) {
        mappings.add(new Mapping(locals.get(0), a, "advertised"));
      }
    }
    if (!stunServers.isEmpty()) {
      List<Mapping> discovered = discover(locals, stunServers, warnings);
      for (Mapping m : discovered) {
        if (mappings.stream().noneMatch(x -> x.publicAddress().equals(m.publicAddress()))) {
          mappings.add(m);
        }
      }
    }
    // Loopback alone is deliberate (a test, a demo on one machine) or already warned about.
    if (mappings.isEmpty()
        && locals.stream().allMatch(PublicAddresses::isPrivate)
        && !locals.stream().allMatch(InetAddress::isLoopbackAddress)) {
      warnings.add(
          "media addresses "
              + locals.stream().map(InetAddress::getHostAddress).toList()
              + " are private: browsers outside this network cannot reach them. Set"
              + " JVB_ADVERTISE_IPS (or DOCKER_HOST_ADDRESS) to the public address that forwards"
              + " the media ports here, or JVB_STUN_SERVERS to discover it.");
    }
    return new PublicAddresses(List.copyOf(mappings), List.copyOf(warnings));
  }

  private static List<Mapping> discover(
      List<InetAddress> locals, List<String> stunServers, List<String> warnings) {
    List<Mapping> out = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<List<Future<Optional<InetSocketAddress>>>> answers = new ArrayList<>();
      for (InetAddress local : locals) {
        List<Future<Optional<InetSocketAddress>>> perLocal = new ArrayList<>();
        for (String server : stunServers) {
          perLocal.add(
              pool.submit(
                  () ->
                      StunDiscovery.mappedAddress(
                          local, StunDiscovery.parseServer(server), STUN_TIMEOUT)));
        }
        answers.add(perLocal);
      }
      for (int i = 0; i < locals.size(); i++) {
        InetAddress local = locals.get(i);
        Optional<InetAddress> found = Optional.empty();
        for (Future<Optional<InetSocketAddress>> f : answers.get(i)) {
          try {
            found = f.get().map(InetSocketAddress::getAddress);
          } catch (ExecutionException e) {
            warnings.add("STUN discovery from " + local.getHostAddress() + ": " + e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (found.isPresent()) {
            break;
          }
        }
        if (found.isEmpty()) {
          warnings.add(
              "no STUN server of JVB_STUN_SERVERS "
                  + stunServers
                  + " answered from "
                  + local.getHostAddress()
                  + " within "
                  + STUN_TIMEOUT.toSeconds()
                  + " s: no public address is advertised for it.");
        } else if (!found.get().equals(local)) {
          out.add(new Mapping(local, found.get(), "STUN"));
        }
      }
    }
    return out;
  }

  /** One mapping harvester per mapping and transport, to add to every agent. */
  public List<CandidateHarvester> harvesters() {
    List<CandidateHarvester> out = new ArrayList<>();
    for (Mapping m : mappings) {
      for (Transport t : List.of(Transport.UDP, Transport.TCP)) {
        // ice4j's words: the mask (first) is the public address, the face the local one.
        out.add(
            new StaticMappingCandidateHarvester(
                new TransportAddress(m.publicAddress(), 0, t),
                new TransportAddress(m.local(), 0, t),
                m.source() + "-" + m.publicAddress().getHostAddress(),
                false));
      }
    }
    return out;
  }

  /**
   * Not reachable from the internet: RFC 1918 and RFC 6598 (carrier-grade NAT) IPv4, IPv6 unique
   * local (fc00::/7), link-local, loopback.
   */
  public static boolean isPrivate(InetAddress a) {
    byte[] b = a.getAddress();
    if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()) {
      return true;
    }
    if (b.length == 4) {
      return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
    return (b[0] & 0xfe) == 0xfc;
  }
}
