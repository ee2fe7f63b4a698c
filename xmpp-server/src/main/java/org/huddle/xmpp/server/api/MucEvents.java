package org.huddle.xmpp.server.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.StanzaError.Condition;

/**
 * Room events, with the names Prosody's MUC fires, so that code written against Prosody's events
 * (and Huddle's Lua plugins) finds them where it expects. They fire on the MUC host's event bus,
 * under the room's lock.
 */
public final class MucEvents {
  private MucEvents() {}

  /** Someone is about to create a room by joining it; deny to refuse. */
  public static final EventType<RoomEvent> ROOM_PRE_CREATE =
      EventType.of("muc-room-pre-create", RoomEvent.class);

  /** A room now exists (its first occupant has not joined yet). */
  public static final EventType<RoomEvent> ROOM_CREATED =
      EventType.of("muc-room-created", RoomEvent.class);

  /** A room is gone. */
  public static final EventType<RoomEvent> ROOM_DESTROYED =
      EventType.of("muc-room-destroyed", RoomEvent.class);

  /**
   * Someone is about to join; the room's policy hooks decide here, and deny with a reason to
   * refuse.
   */
  public static final EventType<OccupantEvent> OCCUPANT_PRE_JOIN =
      EventType.of("muc-occupant-pre-join", OccupantEvent.class);

  /** Someone joined and has received the room's state. */
  public static final EventType<OccupantEvent> OCCUPANT_JOINED =
      EventType.of("muc-occupant-joined", OccupantEvent.class);

  /** An occupant is about to change its presence or nick; deny to refuse. */
  public static final EventType<OccupantEvent> OCCUPANT_PRE_CHANGE =
      EventType.of("muc-occupant-pre-change", OccupantEvent.class);

  /** An occupant left, was kicked, or lost its connection. */
  public static final EventType<OccupantEvent> OCCUPANT_LEFT =
      EventType.of("muc-occupant-left", OccupantEvent.class);

  /**
   * An occupant's role changed (a moderator's or owner's {@code muc#admin} request), after the
   * room's presence announced it; {@link OccupantEvent#occupant()} has the new role.
   */
  public static final EventType<OccupantEvent> SET_ROLE =
      EventType.of("muc-set-role", OccupantEvent.class);

  /** An occupant sent a groupchat message; deny to refuse it. */
  public static final EventType<OccupantEvent> OCCUPANT_GROUPCHAT =
      EventType.of("muc-occupant-groupchat", OccupantEvent.class);

  /** An occupant's presence is about to be broadcast; hooks may change the payload. */
  public static final EventType<OccupantEvent> BROADCAST_PRESENCE =
      EventType.of("muc-broadcast-presence", OccupantEvent.class);

  /** An owner asked for the configuration form; each concern adds its fields. */
  public static final EventType<ConfigFormEvent> CONFIG_FORM =
      EventType.of("muc-config-form", ConfigFormEvent.class);

  /**
   * An owner submitted the configuration form; each concern applies its fields, or rejects the
   * submission.
   */
  public static final EventType<ConfigSubmitEvent> CONFIG_SUBMITTED =
      EventType.of("muc-config-submitted", ConfigSubmitEvent.class);

  /** Someone asked for the room's disco#info; each concern adds its features and form fields. */
  public static final EventType<DiscoInfoEvent> DISCO_INFO =
      EventType.of("muc-disco#info", DiscoInfoEvent.class);

  /**
   * A moderator, owner or admin acted on a room: a password set, changed or removed, the lobby on
   * or off, someone let in from the lobby or turned away, a kick, a role or an affiliation changed.
   * Huddle's own event (Prosody has none that carries all of these with their actor), fired after
   * the action took effect, under the room's lock; for audit logs. Never fired on the join path.
   */
  public static final EventType<ModerationEvent> MODERATED =
      EventType.of("muc-moderated", ModerationEvent.class);

  /**
   * What a moderator did ({@link #MODERATED}).
   *
   * @param actor who did it: the actor's occupant JID in the room, or its bare JID when it is not
   *     an occupant (a server admin, or an owner configuring from outside)
   * @param target whom it was done to (an occupant JID, or a bare JID for an affiliation), or null
   *     (passwords, the lobby)
   * @param before the role or affiliation before, or null
   * @param after the role or affiliation after, or null
   * @param reason the moderator's reason, or null; never a password
   */
  public record ModerationEvent(
      Room room,
      Action action,
      String actor,
      String target,
      String before,
      String after,
      String reason,
      Instant at) {
    /** The kinds of moderation. */
    public enum Action {
      PASSWORD_SET,
      PASSWORD_CHANGED,
      PASSWORD_REMOVED,
      LOBBY_ENABLED,
      LOBBY_DISABLED,
      LOBBY_APPROVED,
      LOBBY_DENIED,
      KICKED,
      ROLE_CHANGED,
      AFFILIATION_CHANGED
    }

    /** The same action, as another kind in another room (the lobby's view of a kick or invite). */
    public ModerationEvent as(Action action, Room room) {
      return new ModerationEvent(room, action, actor, target, before, after, reason, at);
    }
  }

  /** A room-level event. */
  public static final class RoomEvent extends Decision {
    private final Room room;
    private final Element stanza;
    private final Origin origin;

    public RoomEvent(Room room, Element stanza, Origin origin) {
      this.room = room;
      this.stanza = stanza;
      this.origin = origin;
    }

    public Room room() {
      return room;
    }

    /** The stanza that caused the event, or null. */
    public Element stanza() {
      return stanza;
    }

    /** Who caused the event, or null. */
    public Origin origin() {
      return origin;
    }
  }

  /** An event about one occupant. */
  public static final class OccupantEvent extends Decision {
    private final Room room;
    private final Occupant occupant;
    private final Element stanza;
    private final Origin origin;

    public OccupantEvent(Room room, Occupant occupant, Element stanza, Origin origin) {
      this.room = room;
      this.occupant = occupant;
      this.stanza = stanza;
      this.origin = origin;
    }

    public Room room() {
      return room;
    }

    public Occupant occupant() {
      return occupant;
    }

    /** The stanza: the join presence, the groupchat message, the presence about to be broadcast. */
    public Element stanza() {
      return stanza;
    }

    /** The occupant's session, when it is local; null otherwise. */
    public Origin origin() {
      return origin;
    }
  }

  /** The configuration form being built. */
  public record ConfigFormEvent(Room room, Element form) {
    /** Adds a field to the form and returns it. */
    public Element field(String var, String type, String label, String... values) {
      Element f = form.addChild("field").attr("var", var).attr("type", type).attr("label", label);
      for (String v : values) {
        f.addChild("value").text(v);
      }
      return f;
    }
  }

  /** A submitted configuration form: its values, and the configuration being built from them. */
  public static final class ConfigSubmitEvent extends Decision {
    private final Room room;
    private final Map<String, List<String>> values;
    private RoomConfig config;
    private final Set<Integer> statusCodes = new LinkedHashSet<>();
    private final String actor;

    public ConfigSubmitEvent(Room room, Map<String, List<String>> values, RoomConfig config) {
      this(room, values, config, null);
    }

    /**
     * @param actor who submitted the form: its occupant JID, or its bare JID when not in the room
     */
    public ConfigSubmitEvent(
        Room room, Map<String, List<String>> values, RoomConfig config, String actor) {
      this.room = room;
      this.values = Map.copyOf(values);
      this.config = config;
      this.actor = actor;
    }

    /** Who submitted the form (see {@link ModerationEvent#actor()}), or null when unknown. */
    public String actor() {
      return actor;
    }

    public Room room() {
      return room;
    }

    /** The first value of a submitted field, or null when the field was not submitted. */
    public String value(String var) {
      List<String> v = values.get(var);
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Whether the form has the field, even with no value (XEP-0004: an empty field). */
    public boolean submitted(String var) {
      return values.containsKey(var);
    }

    /** A boolean field (XEP-0004 §3.3: "1"/"true"), or null when not submitted. */
    public Boolean bool(String var) {
      String v = value(var);
      return v == null ? null : v.equals("1") || v.equalsIgnoreCase("true");
    }

    public RoomConfig config() {
      return config;
    }

    public void config(RoomConfig c) {
      this.config = c;
    }

    /** Status codes to announce to occupants (104, 172, ...). */
    public Set<Integer> statusCodes() {
      return statusCodes;
    }
  }

  /** A room's disco#info under construction. */
  public record DiscoInfoEvent(Room room, Set<String> features, Map<String, String> formFields) {
    public DiscoInfoEvent(Room room) {
      this(room, new LinkedHashSet<>(), new LinkedHashMap<>());
    }
  }

  /** Events a hook can refuse, saying why. */
  public abstract static class Decision {
    private Condition condition;
    private String text;
    private final List<Element> extra = new ArrayList<>();
    private final List<Element> replyExtra = new ArrayList<>();

    /**
     * Refuses the action. Returns true, so a hook can end with {@code return event.deny(...)}.
     *
     * @param text a human-readable reason, sent to the client
     */
    public boolean deny(Condition condition, String text) {
      this.condition = condition;
      this.text = text;
      return true;
    }

    public boolean denied() {
      return condition != null;
    }

    public Condition condition() {
      return condition;
    }

    public String text() {
      return text;
    }

    /** Extra children for the error element (application-specific conditions). */
    public List<Element> extra() {
      return extra;
    }

    /**
     * Extra children for the error reply itself, beside its error element (where some clients read
     * an application's detail, such as Jitsi's {@code lobbyroom}).
     */
    public List<Element> replyExtra() {
      return replyExtra;
    }
  }
}
