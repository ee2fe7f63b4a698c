package org.huddle.xmpp.server.features.component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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

  /**
   * Speaker stats, conference duration, end conference and A/V moderation, as docker-jitsi-meet
   * configures them.
   */
  public static InternalComponents builtIn() {
    InternalComponents c = new InternalComponents();
    c.add(new Module("speakerstats_component", "speakerstats", SpeakerStats::install));
    c.add(
        new Module(
            "conference_duration_component", "conference_duration", ConferenceDuration::install));
    c.add(new Module("end_conference", "end_conference", EndConference::install));
    c.add(new Module("av_moderation_component", "av_moderation", AvModeration::install));
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
    Set<Jid> adminJids =
        admins.stream()
            .map(Jid::ofOrNull)
            .filter(j -> j != null)
            .map(Jid::bare)
            .collect(Collectors.toUnmodifiableSet());
    InternalComponent component =
        new InternalComponent(host, module.name(), muc, router, adminJids);
    module.install().accept(component);
    discovery.provide(host.name(), module.identity());
    return component;
  }
}
