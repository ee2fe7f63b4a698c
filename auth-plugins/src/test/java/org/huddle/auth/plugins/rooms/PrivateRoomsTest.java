package org.huddle.auth.plugins.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.auth.plugins.testing.PluginServer.configure;
import static org.huddle.auth.plugins.testing.PluginServer.join;
import static org.huddle.auth.plugins.testing.PluginServer.muc;
import static org.huddle.auth.plugins.testing.PluginServer.refused;
import static org.huddle.auth.plugins.testing.PluginServer.refusedWith;
import static org.huddle.auth.plugins.testing.PluginServer.setPassword;

import ch.qos.logback.classic.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.huddle.auth.plugins.testing.LogCapture;
import org.huddle.auth.plugins.testing.PluginServer;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.filter.StanzaFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** private_rooms.lua: password rooms, opened by their first occupant. */
class PrivateRoomsTest {
  static final AtomicInteger ROOMS = new AtomicInteger();
  static PluginServer server;

  @BeforeAll
  static void start() {
    server =
        PluginServer.start(
            Map.of("XMPP_MUC_MODULES", "public_rooms,private_rooms,other_rooms"),
            """
            private_room_max_failures = 3
            private_room_passwords = { ["private-board"] = "plank-42" }
            """,
            null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String newRoom() {
    return "private-r" + ROOMS.incrementAndGet();
  }

  static MUCAffiliation affiliation(Presence self) {
    return MUCUser.from(self).getItem().getAffiliation();
  }

  /** A room whose owner has set a password through the configuration form. */
  static String roomWithPassword(String password) throws Exception {
    return ownerOfRoomWithPassword(password).getRoom().getLocalpart().toString();
  }

  /** The owner of a new room, who has set its password through the configuration form. */
  static MultiUserChat ownerOfRoomWithPassword(String password) throws Exception {
    MultiUserChat owner = muc(server.anonymous(), newRoom());
    join(owner, "owner");
    setPassword(owner, password);
    return owner;
  }

  @Nested
  class BeforeAPasswordIsSet {
    @Test
    void theFirstOccupantBecomesOwnerAndNobodyElseGetsIn() throws Exception {
      String room = newRoom();
      assertThat(affiliation(join(muc(server.anonymous(), room), "alice")))
          .isEqualTo(MUCAffiliation.owner);
      String why =
          refusedWith(
              Condition.not_authorized, () -> join(muc(server.anonymous(), room), "bob", "guess"));
      assertThat(why)
          .isEqualTo("This private room is not open yet: its owner has not set a password.");
    }

    @Test
    void theFirstOccupantAfterTheFocusBecomesOwner() throws Exception {
      String room = newRoom();
      join(muc(server.focus(), room), "focus");
      assertThat(affiliation(join(muc(server.anonymous(), room), "alice")))
          .isEqualTo(MUCAffiliation.owner);
      refusedWith(Condition.not_authorized, () -> join(muc(server.anonymous(), room), "bob"));
    }
  }

  @Nested
  class WithAPassword {
    @Test
    void theOwnerSetsItAndThenOnlyTheRightOneGetsIn() throws Exception {
      String room = roomWithPassword("correct horse");
      assertThat(
              refusedWith(Condition.not_authorized, () -> join(muc(server.anonymous(), room), "b")))
          .isEqualTo("This room needs a password.");
      assertThat(
              refusedWith(
                  Condition.not_authorized,
                  () -> join(muc(server.anonymous(), room), "b", "wrong horse")))
          .isEqualTo("Wrong password.");
      Presence in = join(muc(server.anonymous(), room), "bob", "correct horse");
      assertThat(affiliation(in)).isEqualTo(MUCAffiliation.none);
    }

    @Test
    void aConfiguredPasswordIsNeededEvenByTheFirstOccupant() throws Exception {
      refusedWith(
          Condition.not_authorized, () -> join(muc(server.anonymous(), "private-board"), "alice"));
      Presence in = join(muc(server.anonymous(), "private-board"), "alice", "plank-42");
      assertThat(affiliation(in)).isEqualTo(MUCAffiliation.owner);
      assertThat(join(muc(server.anonymous(), "private-board"), "bob", "plank-42")).isNotNull();
    }

    @Test
    void failedAttemptsAreLimitedPerAddressAndRoom() throws Exception {
      String room = roomWithPassword("right-one");
      String other = roomWithPassword("other-one");
      try (LogCapture log = new LogCapture(Level.INFO)) {
        for (int i = 0; i < 3; i++) {
          refusedWith(
              Condition.not_authorized,
              () -> join(muc(server.anonymous(), room), "b", "guess-1234"));
        }
        assertThat(log.containing("wrong password for"))
            .as("the plugin's module:log lines, with the room and the address, not the password")
            .hasSize(3)
            .allMatch(l -> l.contains(room) && l.contains("127.0.0.1") && !l.contains("guess-1234"))
            .anyMatch(l -> l.contains("(3 of 3)"));
      }
      assertThat(
              refusedWith(
                  Condition.resource_constraint,
                  () -> join(muc(server.anonymous(), room), "b", "right-one")))
          .as("past the limit even the right password waits")
          .startsWith("Too many wrong passwords");
      assertThat(join(muc(server.anonymous(), other), "b", "other-one"))
          .as("another room keeps its own count")
          .isNotNull();
      assertThat(join(muc(server.anonymousFrom("127.0.0.2"), room), "c", "right-one"))
          .as("another client address keeps its own count")
          .isNotNull();
    }

    @Test
    void thePasswordNeverAppearsInLogsOrInStanzasSentToOccupants() throws Exception {
      String secret = "Zebra-Secret-" + System.nanoTime();
      List<String> received = new CopyOnWriteArrayList<>();
      try (LogCapture log = new LogCapture(Level.TRACE)) {
        String room = newRoom();
        XMPPTCPConnection alice = watched(received);
        MultiUserChat owner = muc(alice, room);
        join(owner, "alice");
        setPassword(owner, secret);
        join(muc(watched(received), room), "bob", secret);
        refusedWith(
            Condition.not_authorized,
            () -> join(muc(watched(received), room), "eve", secret + "x"));
        join(muc(watched(received), room), "carol", secret);
        owner.getConfigurationForm();
        owner.sendMessage("hello");
        assertThat(log.lines()).isNotEmpty();
        assertThat(log.containing(secret)).isEmpty();
      }
      assertThat(received).isNotEmpty();
      assertThat(received).noneMatch(s -> s.contains(secret));
    }

    private XMPPTCPConnection watched(List<String> received) throws Exception {
      XMPPTCPConnection c = server.anonymous();
      c.addSyncStanzaListener(
          (StanzaListener) s -> received.add(s.toXML().toString()), (StanzaFilter) s -> true);
      return c;
    }
  }

  @Nested
  class OnceOpen {
    @Test
    void anyOwnerChangesItAndFromThenOnlyTheNewOneGetsIn() throws Exception {
      MultiUserChat alice = ownerOfRoomWithPassword("first-pw");
      String room = alice.getRoom().getLocalpart().toString();
      XMPPTCPConnection bobConnection = server.anonymous();
      MultiUserChat bob = muc(bobConnection, room);
      join(bob, "bob", "first-pw");
      alice.grantOwnership(bobConnection.getUser().asBareJid());
      setPassword(bob, "second-pw");
      assertThat(
              refusedWith(
                  Condition.not_authorized,
                  () -> join(muc(server.anonymous(), room), "carol", "first-pw")))
          .isEqualTo("Wrong password.");
      assertThat(join(muc(server.anonymous(), room), "carol", "second-pw")).isNotNull();
      assertThat(alice.isJoined()).as("those in stay").isTrue();
    }

    @Test
    void nobodyRemovesItAndItKeepsBeingAskedFor() throws Exception {
      MultiUserChat owner = ownerOfRoomWithPassword("kept-pw");
      String room = owner.getRoom().getLocalpart().toString();
      StanzaError refusal =
          refused(
              () ->
                  configure(
                      owner, f -> f.setAnswer("muc#roomconfig_passwordprotectedroom", false)));
      assertThat(refusal.getCondition()).isEqualTo(Condition.not_allowed);
      assertThat(refusal.getDescriptiveText())
          .isEqualTo("A private room keeps a password: set a new one instead of removing it.");
      assertThat(
              refused(() -> configure(owner, f -> f.setAnswer("muc#roomconfig_roomsecret", "")))
                  .getCondition())
          .as("an empty secret, as Jitsi's unlock() sends it")
          .isEqualTo(Condition.not_allowed);
      assertThat(
              refusedWith(Condition.not_authorized, () -> join(muc(server.anonymous(), room), "b")))
          .isEqualTo("This room needs a password.");
      assertThat(join(muc(server.anonymous(), room), "bob", "kept-pw")).isNotNull();
    }
  }

  @Nested
  class WithADefaultPassword {
    @Test
    void everyPrivateRoomOpensWithItAndTheOwnerMayChangeIt() throws Exception {
      try (PluginServer other =
          PluginServer.start(
              Map.of(
                  "XMPP_MUC_MODULES", "private_rooms",
                  "HUDDLE_PRIVATE_ROOM_DEFAULT_PASSWORD", "house-default",
                  "HUDDLE_PRIVATE_ROOM_PREFIX", "secret-"),
              null,
              null)) {
        refusedWith(Condition.not_authorized, () -> join(muc(other.anonymous(), "secret-a"), "al"));
        MultiUserChat owner = muc(other.anonymous(), "secret-a");
        assertThat(affiliation(join(owner, "al", "house-default"))).isEqualTo(MUCAffiliation.owner);
        setPassword(owner, "changed");
        refusedWith(
            Condition.not_authorized,
            () -> join(muc(other.anonymous(), "secret-a"), "bo", "house-default"));
        assertThat(join(muc(other.anonymous(), "secret-a"), "bo", "changed")).isNotNull();
        assertThat(join(muc(other.anonymous(), "private-x"), "cy"))
            .as("the prefix is configurable: private-x is an ordinary room here")
            .isNotNull();
      }
    }
  }
}
