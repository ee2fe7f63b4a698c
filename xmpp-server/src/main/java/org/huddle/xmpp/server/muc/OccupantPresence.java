package org.huddle.xmpp.server.muc;

import java.util.List;
import org.huddle.xmpp.codec.Element;

/**
 * What an occupant presence carries beyond the occupant's own payload (XEP-0045 §15.6.2 status
 * codes and item details).
 *
 * @param payload the presence to show instead of the occupant's stored one, or null
 * @param unavailable the occupant is leaving
 * @param codes status codes for everyone
 * @param selfCodes status codes for the occupant itself (110, 201, 210, ...)
 * @param newNick for a nick change (303), the new nick
 * @param actor who kicked or banned, or null
 * @param reason why, or null
 * @param destroy the {@code <destroy/>} element when the room is destroyed, or null
 */
public record OccupantPresence(
    Element payload,
    boolean unavailable,
    List<Integer> codes,
    List<Integer> selfCodes,
    String newNick,
    String actor,
    String reason,
    Element destroy) {

  public static OccupantPresence available(List<Integer> selfCodes) {
    return new OccupantPresence(null, false, List.of(), selfCodes, null, null, null, null);
  }

  public static OccupantPresence leaving(List<Integer> codes, String actor, String reason) {
    return new OccupantPresence(null, true, codes, List.of(110), null, actor, reason, null);
  }
}
