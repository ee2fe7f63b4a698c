package org.huddle.xmpp.server.features.extdisco;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.config.ExternalServiceOptions;
import org.huddle.xmpp.server.config.ExternalServiceOptions.Service;
import org.huddle.xmpp.server.features.disco.Disco;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.Router;
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
 *
 * <p>An occupant of a meeting whose TURN servers the focus set ({@link MeetingServices}) gets those
 * instead of the configured TURN and TURNS servers (STUN stays), and is pushed the change (XEP-0215
 * §3.4: an IQ set whose services say {@code action='delete'} or {@code 'add'}).
 */
public final class ExternalServices {
  static final String V2 = "urn:xmpp:extdisco:2";
  static final String V1 = "urn:xmpp:extdisco:1";

  private final List<Service> services;
  private final String secret;
  private final Clock clock;
  private final MeetingServices meetings;
  private final AtomicLong pushes = new AtomicLong();

  ExternalServices(List<Service> services, String secret, Clock clock, MeetingServices meetings) {
    this.services = List.copyOf(services);
    this.secret = secret;
    this.clock = clock;
    this.meetings = meetings;
  }

  ExternalServices(List<Service> services, String secret, Clock clock) {
    this(services, secret, clock, null);
  }

  /** Installs on a user host when services are configured; returns whether it did. */
  public static boolean install(Host host, Disco disco, Clock clock) {
    return install(host, disco, clock, null, null);
  }

  /**
   * Installs on a user host when services or a TURN secret are configured (a meeting's own TURN
   * servers need only the secret), taking each meeting's servers from {@code meetings} and pushing
   * their changes through {@code router}; returns whether it did.
   */
  public static boolean install(
      Host host, Disco disco, Clock clock, MeetingServices meetings, Router router) {
    ExternalServiceOptions options = host.config().externalServices();
    if (options.services().isEmpty() && (meetings == null || options.secret().isEmpty())) {
      return false;
    }
    ExternalServices x =
        new ExternalServices(options.services(), options.secret().orElse(null), clock, meetings);
    for (String ns : List.of(V2, V1)) {
      disco.feature(host, ns);
      host.events()
          .on(StanzaEvents.iq(IqType.GET, To.HOST, ns, "services"), e -> x.services(e, ns));
      host.events()
          .on(StanzaEvents.iq(IqType.GET, To.HOST, ns, "credentials"), e -> x.credentials(e, ns));
    }
    if (meetings != null && router != null) {
      meetings.onChange(
          (occupants, before, after) -> {
            for (Jid session : occupants) {
              if (session.domain().equals(host.name())) {
                x.push(router, host, session, before, after);
              }
            }
          });
    }
    return true;
  }

  /** The services a session gets: the configured ones, with its meeting's TURN servers if any. */
  private List<Service> servicesFor(Jid session) {
    return withMeeting(meetings == null ? List.of() : meetings.forOccupant(session));
  }

  private List<Service> withMeeting(List<Service> meeting) {
    if (meeting.isEmpty()) {
      return services;
    }
    List<Service> out = new ArrayList<>();
    for (Service s : services) {
      if (!s.type().startsWith("turn")) {
        out.add(s);
      }
    }
    out.addAll(meeting);
    return out;
  }

  private boolean services(StanzaEvent e, String ns) {
    String wanted = e.stanza().firstElement().attr("type");
    Element q = Element.of("services", ns);
    for (Service s : servicesFor(e.from())) {
      if (wanted == null || wanted.equals(s.type())) {
        q.add(describe(s, ns, e.from().local()));
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
    for (Service s : servicesFor(e.from())) {
      if (s.host().equals(asked.attr("host"))
          && (asked.attr("type") == null || s.type().equals(asked.attr("type")))) {
        e.result(Element.of("credentials", ns).add(describe(s, ns, e.from().local())));
        return true;
      }
    }
    e.error(Condition.ITEM_NOT_FOUND, "no such service");
    return true;
  }

  /**
   * Pushes what changed for one session when its meeting's servers went from one list to another.
   */
  private void push(
      Router router, Host host, Jid session, List<Service> before, List<Service> after) {
    List<Service> old = withMeeting(before);
    List<Service> now = withMeeting(after);
    Element q = Element.of("services", V2);
    for (Service s : old) {
      if (!now.contains(s)) {
        q.add(
            Element.of("service", V2)
                .attr("action", "delete")
                .attr("type", s.type())
                .attr("host", s.host())
                .attr("port", s.port())
                .attr("transport", s.transport()));
      }
    }
    for (Service s : now) {
      if (!old.contains(s)) {
        q.add(describe(s, V2, session.local()).attr("action", "add"));
      }
    }
    if (q.elements().isEmpty()) {
      return;
    }
    Element iq =
        Element.of("iq", "jabber:client")
            .attr("type", "set")
            .attr("from", host.name())
            .attr("to", session.toString())
            .attr("id", "extdisco-push-" + pushes.incrementAndGet())
            .add(q);
    router.route(iq, router.internalOrigin(host));
  }

  private Element describe(Service s, String ns, String user) {
    Element el =
        Element.of("service", ns)
            .attr("type", s.type())
            .attr("host", s.host())
            .attr("port", s.port())
            .attr("transport", s.transport());
    if (s.secret() && secret != null) {
      Instant expires = clock.instant().plus(s.ttl()).truncatedTo(ChronoUnit.SECONDS);
      String username = expires.getEpochSecond() + (user == null ? "" : ":" + user);
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
