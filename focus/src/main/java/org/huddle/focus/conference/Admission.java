package org.huddle.focus.conference;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.huddle.focus.FocusConfig;
import org.huddle.xmpp.codec.Jid;

/**
 * Who may start a conference and who waits for a host: Jicofo's authentication with XMPP domain
 * logins, as docker-jitsi-meet configures it from ENABLE_AUTH, AUTH_TYPE and ENABLE_GUESTS.
 *
 * <p>Signed in means logged in on the main domain (an account, or a token) or with an account on
 * the focus's own account domain: those hosts admit no anonymous logins once auth is on. Only they
 * start conferences. A guest who asks for a room nobody signed in has asked for gets Jicofo's
 * {@code not-authorized}, on which Jitsi clients show "waiting for the host" and ask again; once a
 * host has asked, the guest gets {@code ready='false'} (ask again) until a signed-in participant is
 * in the room, and then joins. Without guests, only the public rooms admit them. Public rooms are
 * open to everyone in every mode (Huddle's rule, which Jicofo does not have).
 */
public final class Admission {
  /** What to answer a conference request. */
  public enum Verdict {
    /** Start or join the conference. */
    PROCEED,
    /** {@code ready='false'}: the host's conference is starting; ask again. */
    WAIT,
    /** {@code not-authorized}: sign in, or wait for a host to open the room. */
    NOT_AUTHORIZED
  }

  /** The error text while guests wait for a host. */
  public static final String WAITING_FOR_HOST =
      "Waiting for the host: only signed-in users start this meeting.";

  /** The error text where guests are not let in. */
  public static final String SIGN_IN = "Only signed-in users may join this meeting.";

  /**
   * XEP-0106's escaped characters, in hex: space, quote, ampersand, apostrophe, / : < > @ and
   * backslash.
   */
  private static final Set<String> ESCAPED =
      Set.of("20", "22", "26", "27", "2f", "3a", "3c", "3e", "40", "5c");

  private final FocusConfig.Authentication auth;
  private final Set<String> signedInDomains;
  private final String proxyDomain;

  public Admission(FocusConfig config) {
    this.auth = config.authentication();
    this.signedInDomains =
        Set.of(
            config.xmpp().xmppDomain().toLowerCase(Locale.ROOT),
            config.xmpp().domain().toLowerCase(Locale.ROOT));
    this.proxyDomain = config.xmpp().focusDomain().toLowerCase(Locale.ROOT);
  }

  /** Whether signing in is on. */
  public boolean enabled() {
    return auth.enabled();
  }

  /** Whether this real JID belongs to a signed-in user (false for null). */
  public boolean signedIn(String jid) {
    Jid j = jid == null ? null : Jid.ofOrNull(jid);
    return j != null && j.local() != null && signedInDomains.contains(j.domain());
  }

  /**
   * Decides a conference request.
   *
   * @param requester the request's {@code from} (a Prosody client proxy's address is unwrapped), or
   *     null when unknown (HTTP)
   * @param room the room's bare JID, lower case
   * @param existing the room's live conference, or null
   */
  public Verdict decide(String requester, String room, Conference existing) {
    if (!auth.enabled() || isPublic(room) || signedIn(unproxied(requester))) {
      return Verdict.PROCEED;
    }
    if (!auth.guests() || existing == null || existing.state() == Phase.ENDED) {
      return Verdict.NOT_AUTHORIZED;
    }
    return existing.hostJoined() ? Verdict.PROCEED : Verdict.WAIT;
  }

  /** The text of a {@link Verdict#NOT_AUTHORIZED} answer. */
  public String refusal() {
    return auth.guests() ? WAITING_FOR_HOST : SIGN_IN;
  }

  /** Jicofo's result properties about authentication. */
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("authentication", Boolean.toString(auth.enabled()));
    if (auth.enabled()) {
      p.put("externalAuth", Boolean.toString(auth.type() == FocusConfig.AuthType.JWT));
    }
    return p;
  }

  private boolean isPublic(String room) {
    int at = room.indexOf('@');
    return at > 0 && auth.publicRooms().contains(room.substring(0, at));
  }

  /**
   * The real sender of a request that came through Prosody's {@code client_proxy} (Jitsi's {@code
   * focus.<domain>}): {@code focus.<domain>/<the sender's JID, XEP-0106 escaped>}.
   */
  String unproxied(String from) {
    Jid j = from == null ? null : Jid.ofOrNull(from);
    if (j == null || j.local() != null || j.resource() == null || !j.domain().equals(proxyDomain)) {
      return from;
    }
    return unescape(j.resource());
  }

  /** XEP-0106 §4.2: {@code \40} is {@code @}, {@code \2f} is {@code /}, and so on. */
  static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 2 < s.length()) {
        String code = s.substring(i + 1, i + 3).toLowerCase(Locale.ROOT);
        if (ESCAPED.contains(code)) {
          out.append((char) Integer.parseInt(code, 16));
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }
}
