package org.huddle.xmpp.server.session;

import static org.huddle.xmpp.server.session.StreamManagementTest.SM;

import java.util.Map;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a stream-managed session never had acknowledged comes back to its senders when it ends. */
class UnacknowledgedStanzasTest {
  /**
   * A short hibernation, so that a dropped session ends (and bounces) within a transcript's wait.
   */
  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.inMemory(Map.of(), "smacks_hibernation_time = \"1 second\"");

  @Test
  void whatTheSessionNeverAcknowledgedIsBouncedWhenItEnds() {
    Transcript t = server.transcript();
    Peer quiet = t.anonymous("quiet");
    quiet.sends("<enable xmlns='" + SM + "' resume='true'/>");
    quiet.receives("<enabled xmlns='" + SM + "' resume='true'/>");
    quiet.sends("<presence/>");
    Peer sender = t.anonymous("sender");
    sender.sends("<message to='{quiet}'><body>unread</body></message>");
    // Delivered on the wire, never acknowledged; then the connection is lost.
    quiet.eventuallyReceives("<message><body>unread</body></message>");
    quiet.drops();
    sender.receives(
        "<message type='error' from='{quiet}'><error><recipient-unavailable"
            + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
  }
}
