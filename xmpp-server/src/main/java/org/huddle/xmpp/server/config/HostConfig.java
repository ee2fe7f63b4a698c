package org.huddle.xmpp.server.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huddle.xmpp.server.api.Options;

/**
 * One host of the server: a {@code VirtualHost} for user accounts, or a {@code Component} such as a
 * MUC service or an external component (XEP-0114). Its options are read once, here, into typed
 * values; the raw {@link #options} stay for Lua plugins, which read options by name as Prosody's
 * do.
 *
 * @param name the domain
 * @param kind what sort of host
 * @param module for components, the module serving it ({@code muc}), or null for an external
 *     component
 * @param options this host's options, falling back to the global ones
 * @param authentication Prosody's {@code authentication}: anonymous, internal_hashed, token, ...
 * @param modules the modules enabled on this host: the global {@code modules_enabled} plus the
 *     host's own, minus {@code modules_disabled}
 * @param requireEncryption {@code c2s_require_encryption}, the host's or else the global one
 * @param componentSecret an external component's {@code component_secret}
 * @param externalServices the STUN/TURN servers its users discover (XEP-0215)
 * @param muc a MUC service's options (read on every host, used on MUC components)
 * @param components Jitsi's component options (read on every host: {@code muc_component} is used on
 *     internal components, the addresses on virtual hosts)
 */
public record HostConfig(
    String name,
    Kind kind,
    String module,
    Options options,
    String authentication,
    List<String> modules,
    boolean requireEncryption,
    Optional<String> componentSecret,
    ExternalServiceOptions externalServices,
    MucOptions muc,
    ComponentOptions components) {
  public enum Kind {
    VIRTUAL_HOST,
    COMPONENT
  }

  public HostConfig {
    modules = List.copyOf(modules);
  }

  /** Reads a host's typed values from its options. */
  public static HostConfig of(String name, Kind kind, String module, Options options) {
    return new HostConfig(
        name,
        kind,
        module,
        options,
        options.string("authentication", "internal_hashed"),
        modules(options),
        options.bool("c2s_require_encryption", true),
        Optional.ofNullable(options.string("component_secret", null)),
        ExternalServiceOptions.from(options),
        MucOptions.from(options),
        ComponentOptions.from(name, options));
  }

  private static List<String> modules(Options options) {
    LinkedHashSet<String> m = new LinkedHashSet<>();
    if (options.parent() != null) {
      m.addAll(options.parent().list("modules_enabled"));
    }
    Object own = options.own().get("modules_enabled");
    if (own != null) {
      m.addAll(new Options(Map.of("modules_enabled", own), null).list("modules_enabled"));
    }
    m.removeAll(options.list("modules_disabled"));
    return List.copyOf(m);
  }

  /** Whether this is a MUC service. */
  public boolean isMuc() {
    return kind == Kind.COMPONENT && "muc".equals(module);
  }

  /**
   * Whether this is a component that names a module other than MUC ({@code
   * speakerstats_component}): one Huddle serves internally, or one start-up refuses.
   */
  public boolean isInternalComponent() {
    return kind == Kind.COMPONENT && module != null && !isMuc();
  }

  /** Whether this is an external component, connecting with a shared secret. */
  public boolean isExternalComponent() {
    return kind == Kind.COMPONENT && module == null;
  }
}
