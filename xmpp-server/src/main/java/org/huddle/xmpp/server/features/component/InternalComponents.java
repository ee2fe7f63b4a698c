package org.huddle.xmpp.server.features.component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.api.Rooms;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.Router;

/**
 * The component modules Huddle serves itself, by their Prosody/Jitsi module names, beside the
 * {@code muc} and external component kinds: what a {@code Component "x" "module"} section may name.
 */
public final class InternalComponents {
  /**
   * A module: its name in the config, the disco identity type its users discover it by, and what it
   * hooks.
   */
  public record Module(String name, String identity, Consumer<InternalComponent> install) {}

  private final Map<String, Module> modules = new LinkedHashMap<>();
  private final Map<String, Boolean> breakoutInstalled = new LinkedHashMap<>();

  /**
   * Speaker stats, conference duration, end conference and A/V moderation, as docker-jitsi-meet
   * configures them, and XEP-0363 file sharing (Prosody's {@code http_file_share}).
   */
  public static InternalComponents builtIn() {
    InternalComponents c = new InternalComponents();
    c.add(new Module("speakerstats_component", "speakerstats", SpeakerStats::install));
    c.add(
        new Module(
            "conference_duration_component", "conference_duration", ConferenceDuration::install));
    c.add(new Module("end_conference", "end_conference", EndConference::install));
    c.add(new Module("av_moderation_component", "av_moderation", AvModeration::install));
    c.add(new Module(HttpFileShare.MODULE, HttpFileShare.MODULE, HttpFileShare::install));
    return c;
  }

  public void add(Module module) {
    modules.put(module.name(), module);
  }

  public boolean provides(String module) {
    return modules.containsKey(module);
  }

  /**
   * Installs a component host's module, watching the MUC its {@code muc_component} names.
   *
   * @param mucs the MUC services, by domain
   * @throws IllegalArgumentException when {@code muc_component} is missing or names no MUC service
   */
  public InternalComponent install(
      Host host,
      Function<String, ? extends Rooms> mucs,
      Router router,
      Collection<String> admins,
      ComponentDiscovery discovery) {
    Module module = modules.get(host.config().module());
    String watched = host.config().components().mucComponent().orElse(null);
    Rooms muc = watched == null ? null : mucs.apply(watched);
    if (muc == null) {
      throw new IllegalArgumentException(
          "component "
              + host.name()
              + " (module '"
              + module.name()
              + "'): muc_component must name a MUC component of this server"
              + (watched == null ? "" : "; '" + watched + "' is not one"));
    }
    InternalComponent component =
        new InternalComponent(host, module.name(), muc, router, adminJids(admins));
    module.install().accept(component);
    discovery.provide(host.name(), module.identity());
    return component;
  }

  private static Set<Jid> adminJids(Collection<String> admins) {
    return admins.stream()
        .map(Jid::ofOrNull)
        .filter(j -> j != null)
        .map(Jid::bare)
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Installs Jitsi's {@code muc_breakout_rooms} when a virtual host enables it, as Prosody's
   * VirtualHost does: the host's {@code breakout_rooms_muc} (by default {@code breakout.<host>})
   * names the breakout rooms' MUC service, which is also the address its users discover and send
   * requests to, and {@code main_muc} the meetings' MUC. A breakout MUC several hosts name is
   * installed once.
   *
   * @return the component, registered under the breakout MUC's address, or null when the host does
   *     not enable the module or another host installed it already
   * @throws IllegalArgumentException when either option names no MUC service of this server
   */
  public InternalComponent installBreakoutRooms(
      Host userHost,
      Function<String, ? extends Rooms> mucs,
      Router router,
      Collection<String> admins,
      ComponentDiscovery discovery,
      ScheduledExecutorService timer) {
    if (!userHost.config().modules().contains(BreakoutRooms.MODULE)) {
      return null;
    }
    String address = userHost.config().components().addresses().get(BreakoutRooms.IDENTITY);
    String main = userHost.config().components().mainMuc().orElse(null);
    Rooms breakout = mucs.apply(address);
    Rooms meetings = main == null ? null : mucs.apply(main);
    if (breakout == null || meetings == null || breakout == meetings) {
      throw new IllegalArgumentException(
          "host "
              + userHost.name()
              + " enables "
              + BreakoutRooms.MODULE
              + ": breakout_rooms_muc ('"
              + address
              + "') and main_muc ('"
              + main
              + "') must name two MUC components of this server");
    }
    if (breakoutInstalled.putIfAbsent(address, Boolean.TRUE) != null) {
      return null;
    }
    InternalComponent component =
        new InternalComponent(
            router.host(address), BreakoutRooms.MODULE, meetings, router, adminJids(admins));
    BreakoutRooms.install(component, breakout, timer);
    discovery.provide(address, BreakoutRooms.IDENTITY);
    return component;
  }
}
