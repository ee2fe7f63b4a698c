package org.huddle.xmpp.server.muc;

import java.util.concurrent.atomic.AtomicInteger;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the room transcripts share: a server per test class, a transcript with a fresh room ({@code
 * {room}}) per test, and the steps most tests take (entering, configuring).
 */
abstract class Rooms {
  static final String MUC = "http://jabber.org/protocol/muc";
  static final String OWNER = "http://jabber.org/protocol/muc#owner";
  static final String ADMIN = "http://jabber.org/protocol/muc#admin";
  private static final AtomicInteger ROOMS = new AtomicInteger();

  @RegisterExtension static final TestServerExtension server = TestServerExtension.inMemory();

  /** This test's transcript. */
  Transcript t;

  /** This test's room, a bare JID no other test has used; {@code {room}} in the transcript. */
  String room;

  @BeforeEach
  void newRoom() {
    t = server.transcript();
    room = "room" + ROOMS.incrementAndGet() + "@" + TestServer.MUC;
    t.let("room", room);
  }

  /** {@code peer} asks to enter {@code {room}} as {@code nick}. */
  static void asksToEnter(Peer peer, String nick) {
    peer.sends("<presence to='{room}/" + nick + "'><x xmlns='" + MUC + "'/></presence>");
  }

  /**
   * {@code peer} enters {@code {room}} as {@code nick}: its own presence (status 110) comes back,
   * after the occupants' and before the history and the subject, which the room always sends last.
   */
  static void enters(Peer peer, String nick) {
    asksToEnter(peer, nick);
    peer.eventuallyReceives(
        "<presence from='{room}/"
            + nick
            + "'><x xmlns='"
            + MUC
            + "#user'><status code='110'/></x></presence>");
    peer.eventuallyReceives("<message from='{*}' type='groupchat'><subject/></message>");
  }

  /**
   * The room's configuration form, with {@code fields} (XEP-0004 fields) submitted by the owner.
   */
  static void configures(Peer owner, String fields) {
    owner.sends(
        "<iq type='set' id='config' to='{room}'><query xmlns='"
            + OWNER
            + "'><x xmlns='jabber:x:data' type='submit'>"
            + "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
            + fields
            + "</x></query></iq>");
    owner.eventuallyReceives("<iq type='result' id='config'/>");
  }
}
