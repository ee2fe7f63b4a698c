package org.huddle.xmpp.server.features.extdisco;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.config.ExternalServiceOptions;
import org.huddle.xmpp.server.config.ExternalServiceOptions.Service;
import org.huddle.xmpp.server.features.disco.Disco;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.IqType;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * External service discovery (XEP-0215, {@code urn:xmpp:extdisco:2} and the older {@code :1}): STUN
 * and TURN servers, configured as Prosody's mod_external_services is ({@code external_services},
 * {@code external_service_secret}, read into {@link ExternalServiceOptions}), with time-limited
 * TURN credentials in the TURN REST scheme coturn checks with {@code use-auth-secret}: {@code
 * username = <expiry>:<user>}, {@code password = base64(HMAC-SHA1(secret, username))}.
 */
public final class ExternalServices {
  static final String V2 = "urn:xmpp:extdisco:2";
  static final String V1 = "urn:xmpp:extdisco:1";

  private final List<Service> services;
  private final String secret;
  private final Clock clock;

  ExternalServices(List<Service> services, String secret, Clock clock) {
    this.services = List.copyOf(services);
    this.secret = secret;
    this.clock = clock;
  }

  /** Installs on a user host when services are configured; returns whether it did. */
  public static boolean install(Host host, Disco disco, Clock clock) {
    ExternalServiceOptions options = host.config().externalServices();
    if (options.services().isEmpty()) {
      return false;
    }
    ExternalServices x =
        new ExternalServices(options.services(), options.secret().orElse(null), clock);
    for (String ns : List.of(V2, V1)) {
      disco.feature(host, ns);
      host.events()
          .on(StanzaEvents.iq(IqType.GET, To.HOST, ns, "services"), e -> x.services(e, ns));
      host.events()
          .on(StanzaEvents.iq(IqType.GET, To.HOST, ns, "credentials"), e -> x.credentials(e, ns));
    }
    return true;
  }

  private boolean services(StanzaEvent e, String ns) {
    String wanted = e.stanza().firstElement().attr("type");
    Element q = Element.of("services", ns);
    for (Service s : services) {
      if (wanted == null || wanted.equals(s.type())) {
        q.add(describe(s, ns, e));
      }
    }
    e.result(q);
    return true;
  }

  /** XEP-0215 §3.3: credentials for one named service. */
  private boolean credentials(StanzaEvent e, String ns) {
    Element asked = e.stanza().firstElement().child("service", ns);
    if (asked == null || asked.attr("host") == null) {
      e.error(Condition.BAD_REQUEST, "name the service by host and type");
      return true;
    }
    for (Service s : services) {
      if (s.host().equals(asked.attr("host"))
          && (asked.attr("type") == null || s.type().equals(asked.attr("type")))) {
        e.result(Element.of("credentials", ns).add(describe(s, ns, e)));
        return true;
      }
    }
    e.error(Condition.ITEM_NOT_FOUND, "no such service");
    return true;
  }

  private Element describe(Service s, String ns, StanzaEvent e) {
    Element el =
        Element.of("service", ns)
            .attr("type", s.type())
            .attr("host", s.host())
            .attr("port", s.port())
            .attr("transport", s.transport());
    if (s.secret() && secret != null) {
      Instant expires = clock.instant().plus(s.ttl()).truncatedTo(ChronoUnit.SECONDS);
      String username = expires.getEpochSecond() + ":" + e.from().local();
      el.attr("username", username)
          .attr("password", password(secret, username))
          .attr("expires", expires.toString())
          .attr("restricted", "1");
    } else if (s.username() != null) {
      el.attr("username", s.username()).attr("password", s.password()).attr("restricted", "1");
    }
    return el;
  }

  /** The TURN REST password: base64(HMAC-SHA1(secret, username)). */
  public static String password(String secret, String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", ex);
    }
  }
}
