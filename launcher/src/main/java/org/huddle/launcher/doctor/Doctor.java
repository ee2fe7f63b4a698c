package org.huddle.launcher.doctor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.huddle.common.config.Settings;
import org.huddle.records.RecordsConfig;
import org.huddle.videobridge.VideobridgeConfig;
import org.huddle.videobridge.ice.LocalAddresses;
import org.huddle.videobridge.ice.PublicAddresses;
import org.huddle.web.WebConfig;
import org.huddle.xmpp.server.config.ExternalServiceOptions;
import org.huddle.xmpp.server.config.XmppConfig;
import org.huddle.xmpp.server.config.XmppConfigLoader;
import org.huddle.xmpp.server.features.extdisco.ExternalServices;

/**
 * {@code huddle doctor}: checks, from the server, what breaks media for the third participant (the
 * first two talk peer to peer; from three on, media goes through the bridge): the addresses the
 * bridge advertises, a STUN echo through each, a TURN allocation, and what the browser loads
 * through PUBLIC_URL; and the records database, when PostgreSQL is configured. It reads the roles'
 * own config classes, so it sees what they see.
 */
public final class Doctor {
  private final VideobridgeConfig bridge;
  private final WebConfig web;
  private final XmppConfig xmpp;
  private final RecordsConfig records;
  private final Duration timeout;
  private final boolean insecure;
  private final Clock clock;

  public Doctor(
      VideobridgeConfig bridge,
      WebConfig web,
      XmppConfig xmpp,
      RecordsConfig records,
      Duration timeout,
      boolean insecure,
      Clock clock) {
    this.bridge = bridge;
    this.web = web;
    this.xmpp = xmpp;
    this.records = records;
    this.timeout = timeout;
    this.insecure = insecure;
    this.clock = clock;
  }

  /** The checks for the roles as this environment configures them. */
  public static Doctor fromEnvironment(Settings.Env env, Duration timeout, boolean insecure)
      throws IOException {
    return new Doctor(
        VideobridgeConfig.fromEnvironment(env),
        WebConfig.fromEnvironment(env),
        XmppConfigLoader.load(Optional.empty(), env),
        RecordsConfig.fromEnvironment(env),
        timeout,
        insecure,
        Clock.systemUTC());
  }

  public Report run() {
    List<Check> out = new ArrayList<>();
    List<InetAddress> advertised = advertised(out);
    for (InetAddress a : advertised) {
      echo(a, out);
    }
    turn(out);
    URI base = publicUrl();
    new PublicUrlChecks(
            base, web.xmpp().domain(), bridge.webSockets().serverId(), timeout, insecure)
        .run(out);
    RecordsDatabaseCheck.run(records, timeout, out);
    return new Report(out);
  }

  /** Check 1: what the bridge puts in its candidates. */
  private List<InetAddress> advertised(List<Check> out) {
    VideobridgeConfig.Ice ice = bridge.ice();
    List<InetAddress> addresses = new ArrayList<>();
    try {
      if (!ice.advertised().isEmpty()) {
        for (String a : ice.advertised()) {
          addresses.add(InetAddress.getByName(a.trim()));
        }
        out.add(
            Check.ok(
                "the bridge advertises "
                    + names(addresses)
                    + " (DOCKER_HOST_ADDRESS/JVB_ADVERTISE_IPS)"));
        return addresses;
      }
      addresses.addAll(LocalAddresses.choose(ice.bindAddress()).addresses());
    } catch (Exception e) {
      out.add(
          Check.fail(
              "the bridge's addresses: " + e.getMessage(),
              "DOCKER_HOST_ADDRESS and JVB_ADVERTISE_IPS must be IP addresses"));
      return addresses;
    }
    String what = "the bridge advertises its local addresses " + names(addresses);
    if (!ice.stunServers().isEmpty()) {
      out.add(
          Check.ok(what + ", and what JVB_STUN_SERVERS report at its start (not checked here)"));
    } else if (addresses.stream().allMatch(PublicAddresses::isPrivate)) {
      String fix =
          "clients outside this network cannot reach media: set DOCKER_HOST_ADDRESS to the"
              + " machine's public address";
      out.add(
          publicUrlIsPublic() ? Check.fail(what + ", all private", fix) : Check.warn(what, fix));
    } else {
      out.add(Check.ok(what));
    }
    return addresses;
  }

  private boolean publicUrlIsPublic() {
    String host = web.publicUrl().isBlank() ? null : URI.create(web.publicUrl()).getHost();
    if (host == null) {
      return false;
    }
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!PublicAddresses.isPrivate(a)) {
          return true;
        }
      }
    } catch (Exception e) {
      // an unresolvable name is reported by the PUBLIC_URL checks
    }
    return false;
  }

  /** Check 2: a STUN echo from the bridge's ports through the advertised address. */
  private void echo(InetAddress a, List<Check> out) {
    VideobridgeConfig.Ice ice = bridge.ice();
    InetSocketAddress udp = new InetSocketAddress(a, ice.udpPort());
    String failed = StunEcho.udp(udp, timeout);
    String meaning =
        " means browsers cannot send media there: the port is not forwarded to the bridge, a"
            + " firewall drops it, or the address is wrong (set DOCKER_HOST_ADDRESS to the"
            + " address that forwards it here)";
    String what = "STUN echo over UDP to " + address(udp) + " (JVB_PORT)";
    out.add(
        failed == null
            ? Check.ok(what)
            : Check.fail(
                what + ": " + failed, "no answer" + meaning + "; open UDP " + udp.getPort()));
    if (!ice.tcpEnabled()) {
      return;
    }
    int port = ice.tcpMappedPort() > 0 ? ice.tcpMappedPort() : ice.tcpPort();
    InetSocketAddress tcp = new InetSocketAddress(a, port);
    failed = StunEcho.tcp(tcp, timeout);
    what =
        "STUN echo over TCP to "
            + address(tcp)
            + (ice.tcpMappedPort() > 0 ? " (JVB_TCP_MAPPED_PORT)" : " (JVB_TCP_PORT)");
    out.add(
        failed == null
            ? Check.ok(what)
            : Check.fail(
                what + ": " + failed,
                "no answer"
                    + meaning
                    + "; open TCP "
                    + port
                    + " (or JVB_TCP_HARVESTER_DISABLED=1)"));
  }

  /** Check 3: a TURN allocation with the credentials the XMPP server hands out (XEP-0215). */
  private void turn(List<Check> out) {
    List<ExternalServiceOptions.Service> turn =
        xmpp.externalServices().services().stream().filter(s -> s.type().equals("turn")).toList();
    if (turn.isEmpty()) {
      out.add(
          Check.warn(
              "no TURN server configured",
              "set TURN_HOST, TURN_PORT and TURN_CREDENTIALS (coturn's static-auth-secret):"
                  + " browsers on networks that block UDP and port "
                  + bridge.ice().tcpPort()
                  + " need it"));
      return;
    }
    String secret = xmpp.externalServices().secret().orElse(null);
    Set<String> tried = new LinkedHashSet<>();
    for (ExternalServiceOptions.Service s : turn) {
      boolean tcpWanted = turn.stream().anyMatch(t -> t.transport().equalsIgnoreCase("tcp"));
      for (boolean tcp : tcpWanted ? List.of(false, true) : List.of(false)) {
        if (!tried.add(s.host() + ":" + s.port() + (tcp ? "/tcp" : "/udp"))) {
          continue;
        }
        allocate(s, tcp, secret, out);
      }
    }
  }

  private void allocate(
      ExternalServiceOptions.Service s, boolean tcp, String secret, List<Check> out) {
    String username;
    String password;
    if (s.secret() && secret != null) {
      username = clock.instant().plus(Duration.ofHours(1)).getEpochSecond() + ":huddle-doctor";
      password = ExternalServices.password(secret, username);
    } else {
      username = s.username() == null ? "" : s.username();
      password = s.password() == null ? "" : s.password();
    }
    String what =
        "TURN Allocate over " + (tcp ? "TCP" : "UDP") + " to " + s.host() + ":" + s.port();
    String failed;
    try {
      failed =
          TurnAllocation.allocate(
              new InetSocketAddress(InetAddress.getByName(s.host()), s.port()),
              tcp,
              username,
              password,
              timeout);
    } catch (Exception e) {
      failed = e.toString();
    }
    if (failed == null) {
      out.add(Check.ok(what));
    } else if (failed.startsWith("Allocate with credentials got 401")) {
      out.add(
          Check.fail(
              what + ": " + failed,
              "coturn refused the credentials: TURN_CREDENTIALS must equal coturn's"
                  + " static-auth-secret (use-auth-secret), and the clocks must agree"));
    } else {
      out.add(
          Check.fail(
              what + ": " + failed,
              "TURN_HOST:TURN_PORT must reach coturn over "
                  + (tcp ? "TCP" : "UDP")
                  + " (listening there, port forwarded, firewall open)"));
    }
  }

  private URI publicUrl() {
    if (!web.publicUrl().isBlank()) {
      return URI.create(web.publicUrl().replaceAll("/+$", ""));
    }
    String host = web.http().bindAddress();
    if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return URI.create("http://" + host + ":" + web.http().port());
  }

  private static String names(List<InetAddress> addresses) {
    return addresses.stream().map(InetAddress::getHostAddress).toList().toString();
  }

  private static String address(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
