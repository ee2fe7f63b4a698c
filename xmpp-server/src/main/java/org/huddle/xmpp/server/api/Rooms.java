package org.huddle.xmpp.server.api;

import java.util.List;
import org.huddle.xmpp.codec.Jid;

/**
 * A MUC service's rooms, as a component that watches them sees them (Jitsi's components reach their
 * {@code muc_component} the same way). Room events fire on the MUC host's {@link Events}.
 */
public interface Rooms {
  /** The MUC host. */
  Host host();

  /** The room with this bare JID, or null. */
  Room room(Jid roomJid);

  /** The rooms that exist now; a copy. */
  List<? extends Room> rooms();
}
