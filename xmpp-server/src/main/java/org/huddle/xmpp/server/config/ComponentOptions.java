package org.huddle.xmpp.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huddle.xmpp.server.api.Options;

/**
 * Jitsi's component options, read on every host: on a component, the MUC service it watches; on a
 * {@code VirtualHost}, the address of each Jitsi component its users discover (issue 16; {@code
 * docs/wire.md}, "Component discovery").
 *
 * @param mucComponent {@code muc_component}: the MUC host a component such as {@code
 *     speakerstats_component} watches
 * @param addresses by disco identity type ({@code speakerstats}, {@code lobbyrooms}, ...), the
 *     address the host's option names, or Jitsi's default {@code <prefix>.<host>}
 * @param mainMuc {@code main_muc}: on a virtual host enabling {@code muc_breakout_rooms} or {@code
 *     muc_lobby_rooms}, the MUC of the meetings whose breakout rooms are on {@code
 *     breakout_rooms_muc} and whose lobbies are on {@code lobby_muc}
 * @param lobby the lobby's options ({@code muc_lobby_rooms} on a virtual host)
 */
public record ComponentOptions(
    Optional<String> mucComponent,
    Map<String, String> addresses,
    Optional<String> mainMuc,
    Lobby lobby) {

  /**
   * Jitsi's lobby ({@code muc_lobby_rooms}, docs/wire.md "Lobby").
   *
   * @param knockLimit {@code muc_lobby_knock_limit}: knocks (joins of a lobby by someone waiting)
   *     one remote address may make per {@code knockWindow}; 0 for no limit
   * @param knockWindow {@code muc_lobby_knock_window}
   */
  public record Lobby(int knockLimit, java.time.Duration knockWindow) {}

  /** The lobby module's name, as docker-jitsi-meet enables it on the virtual host. */
  public static final String LOBBY_MODULE = "muc_lobby_rooms";

  /**
   * A component kind clients discover: its identity type, the host option naming it, its prefix.
   */
  public record Kind(String identity, String option, String prefix) {}

  /** The kinds lib-jitsi-meet looks for, with docker-jitsi-meet's option names and addresses. */
  public static final List<Kind> KINDS =
      List.of(
          new Kind("speakerstats", "speakerstats_component", "speakerstats"),
          new Kind("conference_duration", "conference_duration_component", "conferenceduration"),
          new Kind("end_conference", "end_conference_component", "endconference"),
          new Kind("av_moderation", "av_moderation_component", "avmoderation"),
          new Kind("lobbyrooms", "lobby_muc", "lobby"),
          new Kind("breakout_rooms", "breakout_rooms_muc", "breakout"));

  public ComponentOptions {
    addresses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(addresses));
  }

  public static ComponentOptions from(String host, Options o) {
    Map<String, String> addresses = new LinkedHashMap<>();
    for (Kind k : KINDS) {
      addresses.put(k.identity(), o.string(k.option(), k.prefix() + "." + host));
    }
    Lobby lobby =
        new Lobby(
            (int) o.number("muc_lobby_knock_limit", 10),
            o.duration("muc_lobby_knock_window", "1 minute"));
    return new ComponentOptions(
        Optional.ofNullable(o.string("muc_component", null)),
        addresses,
        Optional.ofNullable(o.string("main_muc", null)),
        lobby);
  }
}
