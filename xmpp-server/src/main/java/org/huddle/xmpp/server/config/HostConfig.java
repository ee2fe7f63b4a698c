package org.huddle.xmpp.server.config;

import java.util.List;
import org.huddle.xmpp.server.api.Options;

/**
 * One host of the server: a {@code VirtualHost} for user accounts, or a {@code Component} such as a
 * MUC service or an external component (XEP-0114).
 *
 * @param name the domain
 * @param kind what sort of host
 * @param module for components, the module serving it ({@code muc}), or null for an external
 *     component
 * @param options this host's options, falling back to the global ones
 */
public record HostConfig(String name, Kind kind, String module, Options options) {
  public enum Kind {
    VIRTUAL_HOST,
    COMPONENT
  }

  /** Prosody's {@code authentication} option: anonymous, internal_hashed, token, ... */
  public String authentication() {
    return options.string("authentication", "internal_hashed");
  }

  /**
   * The modules enabled on this host: the global list plus the host's own, minus {@code
   * modules_disabled}.
   */
  public List<String> modules() {
    java.util.LinkedHashSet<String> m = new java.util.LinkedHashSet<>();
    if (options.parent() != null) {
      m.addAll(options.parent().list("modules_enabled"));
    }
    Object own = options.own().get("modules_enabled");
    if (own != null) {
      m.addAll(new Options(java.util.Map.of("x", own), null).list("x"));
    }
    m.removeAll(options.list("modules_disabled"));
    return List.copyOf(m);
  }

  /** Whether this is a MUC service. */
  public boolean isMuc() {
    return kind == Kind.COMPONENT && "muc".equals(module);
  }

  /** Whether this is an external component, connecting with a shared secret. */
  public boolean isExternalComponent() {
    return kind == Kind.COMPONENT && module == null;
  }

  public HostConfig withOptions(Options newOptions) {
    return new HostConfig(name, kind, module, newOptions);
  }
}
