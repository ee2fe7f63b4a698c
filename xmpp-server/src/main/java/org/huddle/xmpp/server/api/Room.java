package org.huddle.xmpp.server.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.huddle.xmpp.codec.Jid;

/**
 * A MUC room as room events show it to hooks: its address, configuration, occupants, affiliations,
 * and values that hooks share about it. Every method takes the room's lock; hooks run under it
 * already, so calling back adds no new lock order.
 */
public interface Room {
  /** {@code room@service}. */
  Jid jid();

  RoomConfig config();

  /** Replaces the configuration, saving it when the room is persistent. */
  void config(RoomConfig newConfig);

  /**
   * Values hooks and plugins keep on the room (as Prosody modules keep fields on room objects, but
   * named and shared). Thread-safe.
   */
  Map<String, Object> data();

  /** The occupants, in the order they joined; a copy. */
  List<? extends Occupant> occupants();

  int size();

  /** The affiliation of a user (bare JID); service admins are owners of every room. */
  Affiliation affiliation(Jid user);

  void affiliation(Jid user, Affiliation affiliation);

  /** The room's subject, or the empty string. */
  String subject();

  /**
   * Sets the subject that joiners get from now on (the occupants present are not told).
   *
   * @param from the occupant JID shown as its author, or null for the room itself
   */
  void subject(String text, Jid from);

  /** When the room was created (its first join, or the server's start for a fixed room). */
  Instant created();

  /**
   * Destroys the room (XEP-0045 §10.9), as Prosody's {@code room:destroy}: every occupant gets
   * unavailable presence carrying {@code <destroy/>} with this reason, and {@code
   * muc-room-destroyed} fires. Does nothing if the room is gone already.
   *
   * @param reason shown to the occupants, or null
   */
  void destroy(String reason);

  /**
   * As {@link #destroy(String)}, naming an alternate venue: the {@code <destroy/>} every occupant
   * gets carries {@code jid='venue'}, where XEP-0045 §10.9 says the discussion continues.
   */
  void destroy(String reason, Jid venue);
}
