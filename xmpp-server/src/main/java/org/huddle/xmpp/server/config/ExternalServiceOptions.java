package org.huddle.xmpp.server.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huddle.xmpp.server.api.Options;

/**
 * STUN and TURN servers handed out by external service discovery (XEP-0215), as Prosody's
 * mod_external_services reads them: {@code external_services}, {@code external_service_secret} and
 * {@code external_service_ttl}.
 *
 * @param services the configured services, in order
 * @param secret the TURN REST secret for services with {@code secret = true}
 * @param ttl {@code external_service_ttl}: how long credentials last, for services with no ttl of
 *     their own and for a meeting's own TURN servers
 * @param focusJids {@code focus_jids}: the focus's account and component addresses, the only
 *     senders whose meeting TURN servers the server takes (docs/xmpp-server.md)
 */
public record ExternalServiceOptions(
    List<Service> services, Optional<String> secret, Duration ttl, List<String> focusJids) {
  public ExternalServiceOptions {
    services = List.copyOf(services);
    focusJids = List.copyOf(focusJids);
  }

  /** Services and a secret, with the default ttl (1 day) and no focus. */
  public ExternalServiceOptions(List<Service> services, Optional<String> secret) {
    this(services, secret, Duration.ofDays(1), List.of());
  }

  /** One configured service; {@code ttl} is the option's, else {@code external_service_ttl}. */
  public record Service(
      String type,
      String host,
      int port,
      String transport,
      boolean secret,
      Duration ttl,
      String username,
      String password) {}

  /** Reads the options; an entry without a type or host is refused, naming the option. */
  @SuppressWarnings("unchecked")
  public static ExternalServiceOptions from(Options o) {
    List<Service> out = new ArrayList<>();
    Duration defaultTtl = o.duration("external_service_ttl", "1 day");
    if (o.raw("external_services") instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof Map<?, ?> m)) {
          throw new IllegalArgumentException(
              "external_services: each entry is a table, not " + item);
        }
        Options s = new Options((Map<String, Object>) m, null);
        String type = s.string("type", null);
        String host = s.string("host", null);
        if (type == null || host == null) {
          throw new IllegalArgumentException(
              "external_services: each entry needs type and host: " + m);
        }
        out.add(
            new Service(
                type,
                host,
                (int) s.number("port", type.equals("turns") ? 5349 : 3478),
                s.string("transport", type.equals("turns") ? "tcp" : "udp"),
                s.bool("secret", false),
                s.raw("ttl") == null ? defaultTtl : s.duration("ttl", "1 day"),
                s.string("username", null),
                s.string("password", null)));
      }
    }
    return new ExternalServiceOptions(
        out,
        Optional.ofNullable(o.string("external_service_secret", null)),
        defaultTtl,
        o.list("focus_jids"));
  }
}
