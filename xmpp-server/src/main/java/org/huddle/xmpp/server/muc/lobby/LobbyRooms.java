package org.huddle.xmpp.server.muc.lobby;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.ModerationEvent;
import org.huddle.xmpp.server.api.MucEvents.ModerationEvent.Action;
import org.huddle.xmpp.server.api.MucEvents.OccupantEvent;
import org.huddle.xmpp.server.api.Phase;
import org.huddle.xmpp.server.muc.MucService;
import org.huddle.xmpp.server.muc.Occupant;
import org.huddle.xmpp.server.muc.Room;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jitsi's {@code muc_lobby_rooms}: pairs each meeting room of the main MUC service that a moderator
 * makes members-only with a room of the same name on the lobby service (docs/wire.md, "Lobby").
 *
 * <ul>
 *   <li>Making a meeting members-only (the owner's form) opens its lobby; making it open again
 *       destroys the lobby naming the meeting as the alternate venue, so those waiting join it.
 *   <li>A joiner of a meeting with a lobby who is not a member gets {@code registration-required}
 *       naming the lobby; the right password makes it a member instead.
 *   <li>In the lobby, the meeting's owners and admins keep their affiliation (and so may kick,
 *       which is denying); everyone else waits there, seen by the moderators only. Knocks per
 *       remote address are limited.
 *   <li>A moderator's invitation to the meeting makes the invitee a member (the MUC's own rule for
 *       members-only rooms), which is approving.
 * </ul>
 *
 * <p>Locks: lobby hooks run under the lobby room's lock and read the meeting room's affiliations
 * (lobby, then meeting). Closing a lobby, which the meeting's hooks decide under the meeting's
 * lock, therefore happens on its own thread after the meeting's lock is released, never nested the
 * other way.
 */
public final class LobbyRooms {
  private static final Logger LOG = LoggerFactory.getLogger(LobbyRooms.class);

  /** Jitsi's namespace, of the {@code lobbyroom} element. */
  static final String JITMEET = "http://jitsi.org/jitmeet";

  /** The disco identity type lib-jitsi-meet finds the lobby service by. */
  public static final String IDENTITY = "lobbyrooms";

  /** The room data key holding a meeting's lobby room JID. */
  public static final String LOBBY_ROOM = "lobbyroom";

  static final String CLOSED = "The lobby was closed";

  private final MucService main;
  private final MucService lobby;
  private final KnockLimit knocks;
  private final Map<Jid, Jid> meetingOf = new ConcurrentHashMap<>();
  private final AtomicLong knocksRefused = new AtomicLong();

  private LobbyRooms(MucService main, MucService lobby, KnockLimit knocks) {
    this.main = main;
    this.lobby = lobby;
    this.knocks = knocks;
  }

  /**
   * Pairs {@code main}'s rooms with lobbies on {@code lobby}.
   *
   * @param knockLimit knocks one remote address may make per {@code knockWindow}; 0 for no limit
   */
  public static LobbyRooms install(
      MucService main, MucService lobby, int knockLimit, Duration knockWindow) {
    LobbyRooms l =
        new LobbyRooms(main, lobby, new KnockLimit(knockLimit, knockWindow, System::nanoTime));
    main.events().on(MucEvents.OCCUPANT_PRE_JOIN, Phase.GUARD, l::meetingPreJoin);
    main.events().on(MucEvents.CONFIG_SUBMITTED, Phase.FALLBACK, l::configured);
    main.events()
        .on(
            MucEvents.ROOM_DESTROYED,
            e -> {
              l.close((Room) e.room(), null);
              return false;
            });
    main.events()
        .on(
            MucEvents.DISCO_INFO,
            e -> {
              Jid lobbyRoom = lobbyOf((Room) e.room());
              if (lobbyRoom != null && e.room().config().membersOnly()) {
                e.formFields().put("muc#roominfo_lobbyroom", lobbyRoom.toString());
              }
              return false;
            });
    lobby.audience(
        new MucService.Audience() {
          @Override
          public boolean sees(Room room, Occupant recipient, Occupant subject) {
            return moderates(recipient) && !moderates(subject);
          }

          @Override
          public boolean hears(Room room, Occupant recipient, Occupant sender) {
            return moderates(recipient) || moderates(sender);
          }
        });
    lobby.events().on(MucEvents.OCCUPANT_PRE_JOIN, Phase.GUARD, l::lobbyPreJoin);
    main.events().on(MucEvents.MODERATED, Phase.GUARD, l::approved);
    lobby.events().on(MucEvents.MODERATED, Phase.GUARD, l::denied);
    LOG.info("lobbies for {} on {}", main.domain(), lobby.domain());
    return l;
  }

  /** The lobby service's domain. */
  public String domain() {
    return lobby.domain();
  }

  /** Knocks refused because their address knocked too often. */
  public long knocksRefused() {
    return knocksRefused.get();
  }

  /** The lobby room of a meeting, or null when it has none. */
  static Jid lobbyOf(Room meeting) {
    return meeting.data().get(LOBBY_ROOM) instanceof Jid j ? j : null;
  }

  private static boolean moderates(Occupant o) {
    return o.affiliation().compareTo(Affiliation.ADMIN) >= 0;
  }

  // --- the meeting
  // ------------------------------------------------------------------------------------------

  private boolean meetingPreJoin(OccupantEvent e) {
    Room room = (Room) e.room();
    Jid lobbyRoom = lobbyOf(room);
    if (lobbyRoom == null || !room.config().membersOnly()) {
      return false;
    }
    Jid user = e.occupant().realJid();
    Affiliation affiliation = room.affiliation(user);
    Element x = e.stanza().child("x", Namespaces.MUC);
    String given = x == null ? null : x.childText("password", Namespaces.MUC);
    String password = room.config().passwordProtected() ? room.config().password() : null;
    if (affiliation.compareTo(Affiliation.MEMBER) >= 0) {
      // Let in from the lobby: the meeting's password is not asked again.
      if (affiliation == Affiliation.MEMBER && password != null && given == null && x != null) {
        x.addChild("password").text(password);
      }
      return false;
    }
    if (password != null && given != null && sameText(given, password)) {
      room.affiliation(user, Affiliation.MEMBER); // the password bypasses the lobby
      return false;
    }
    e.extra().add(Element.of("lobbyroom", JITMEET).text(lobbyRoom.toString()));
    // Jitsi's clients read it beside the error too, in the stanza's own namespace.
    e.replyExtra().add(Element.of("lobbyroom", Namespaces.CLIENT).text(lobbyRoom.toString()));
    return e.deny(
        Condition.REGISTRATION_REQUIRED, "this meeting has a lobby: knock there and wait");
  }

  private static boolean sameText(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private boolean configured(MucEvents.ConfigSubmitEvent e) {
    Room room = (Room) e.room();
    boolean open = lobbyOf(room) != null;
    if (!open && Boolean.TRUE.equals(e.bool("muc#roomconfig_membersonly"))) {
      // The meeting's own local part, already normalized, on the lobby's domain.
      Jid lobbyRoom = Jid.ofOrNull(room.jid().local() + "@" + lobby.domain());
      // No history: a newcomer would read what those waiting before it said.
      lobby.createRoom(lobbyRoom, lobby.settings().roomDefaults().withHistoryLength(0));
      meetingOf.put(lobbyRoom, room.jid());
      room.data().put(LOBBY_ROOM, lobbyRoom);
      LOG.debug("lobby {} opened for {}", lobbyRoom, room.jid());
      main.moderated(lobbyEvent(room, Action.LOBBY_ENABLED, e.actor()));
    } else if (open && !e.config().membersOnly()) {
      close(room, room.jid());
      main.moderated(lobbyEvent(room, Action.LOBBY_DISABLED, e.actor()));
    }
    return false;
  }

  private static ModerationEvent lobbyEvent(Room room, Action action, String actor) {
    return new ModerationEvent(room, action, actor, null, null, null, null, Instant.now());
  }

  /**
   * In a meeting with a lobby, making someone a member (lib-jitsi-meet's approval is an invitation,
   * which does) lets them in: the audit sees an approval instead.
   */
  private boolean approved(ModerationEvent e) {
    Room room = (Room) e.room();
    if (e.action() != Action.AFFILIATION_CHANGED
        || !Affiliation.MEMBER.value().equals(e.after())
        || lobbyOf(room) == null) {
      return false;
    }
    main.moderated(e.as(Action.LOBBY_APPROVED, room));
    return true;
  }

  /** A moderator's kick from a lobby turns the knocker away: the meeting's audit sees a denial. */
  private boolean denied(ModerationEvent e) {
    Jid meetingJid = meetingOf.get(e.room().jid());
    Room meeting = meetingJid == null ? null : main.room(meetingJid);
    if (e.action() != Action.KICKED || meeting == null) {
      return false;
    }
    main.moderated(e.as(Action.LOBBY_DENIED, meeting));
    return true;
  }

  /**
   * Closes a meeting's lobby: those waiting get its destroy presence naming {@code venue} (the
   * meeting, when the lobby was turned off), once the meeting's lock is free.
   */
  private void close(Room meeting, Jid venue) {
    Object removed = meeting.data().remove(LOBBY_ROOM);
    if (!(removed instanceof Jid lobbyRoom)) {
      return;
    }
    meetingOf.remove(lobbyRoom);
    Thread.ofVirtual()
        .name("lobby-close")
        .start(
            () -> {
              // Waits for the meeting's change (open again, or destroyed) to finish first.
              meeting.destroyed();
              if (meetingOf.containsKey(lobbyRoom)) {
                return; // turned on again meanwhile: the same lobby serves
              }
              Room r = lobby.room(lobbyRoom);
              if (r != null) {
                r.destroy(CLOSED, venue);
              }
              LOG.debug("lobby {} closed", lobbyRoom);
            });
  }

  // --- the lobby
  // --------------------------------------------------------------------------------------------

  private boolean lobbyPreJoin(OccupantEvent e) {
    Room room = (Room) e.room();
    Jid meetingJid = meetingOf.get(room.jid());
    Room meeting = meetingJid == null ? null : main.room(meetingJid);
    if (meeting == null) {
      return e.deny(Condition.ITEM_NOT_FOUND, "this lobby belongs to no meeting");
    }
    Jid user = e.occupant().realJid();
    Affiliation inMeeting = meeting.affiliation(user);
    if (inMeeting.compareTo(Affiliation.ADMIN) >= 0) {
      room.affiliation(user, inMeeting); // the meeting's moderators moderate its lobby
      return false;
    }
    room.affiliation(user, Affiliation.NONE);
    String address = e.origin() == null ? null : e.origin().remoteAddress();
    if (!knocks.allow(address)) {
      knocksRefused.incrementAndGet();
      LOG.debug("knock on {} from {} refused: too many from {}", room.jid(), user, address);
      return e.deny(
          Condition.RESOURCE_CONSTRAINT,
          "too many knocks from your address; wait a minute and try again");
    }
    return false;
  }
}
