package org.huddle.auth.plugins.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.auth.plugins.testing.PluginServer.configure;
import static org.huddle.auth.plugins.testing.PluginServer.join;
import static org.huddle.auth.plugins.testing.PluginServer.muc;
import static org.huddle.auth.plugins.testing.PluginServer.refusedWith;

import java.util.Map;
import org.huddle.auth.plugins.testing.PluginServer;
import org.huddle.xmpp.server.testing.TestServer;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** public_rooms.lua with the shipped defaults and with its list configured. */
class PublicRoomsTest {
  PluginServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  @Nested
  class WithTheDefaults {
    @Test
    void anyoneJoinsTheStandardRoomsWithNoAccountAndNoPassword() throws Exception {
      server =
          PluginServer.start(
              Map.of("XMPP_MUC_MODULES", "public_rooms,private_rooms,other_rooms"), null, null);
      for (String room : new String[] {"daily-standup", "team-meeting", "weekly-review"}) {
        XMPPTCPConnection first = server.anonymous();
        XMPPTCPConnection second = server.anonymous();
        assertThat(join(muc(first, room), "ann")).isNotNull();
        assertThat(join(muc(second, room), "bob")).isNotNull();
        assertThat(muc(second, room).getOccupantsCount()).isEqualTo(2);
      }
    }

    @Test
    void occupantsExchangeIqsThroughTheRoomAsTheFocusDoesForJingle() throws Exception {
      server =
          PluginServer.start(
              Map.of("XMPP_MUC_MODULES", "public_rooms,private_rooms,other_rooms"), null, null);
      XMPPTCPConnection focus = server.anonymous();
      XMPPTCPConnection guest = server.anonymous();
      join(muc(focus, "team-meeting"), "focus");
      join(muc(guest, "team-meeting"), "m0");
      java.util.concurrent.BlockingQueue<String> got =
          new java.util.concurrent.LinkedBlockingQueue<>();
      guest.registerIQRequestHandler(
          new org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler(
              "jingle",
              "urn:xmpp:jingle:1",
              org.jivesoftware.smack.packet.IQ.Type.set,
              org.jivesoftware.smack.iqrequest.IQRequestHandler.Mode.sync) {
            @Override
            public org.jivesoftware.smack.packet.IQ handleIQRequest(
                org.jivesoftware.smack.packet.IQ request) {
              got.add(request.getFrom().toString());
              return org.jivesoftware.smack.packet.IQ.createResultIQ(request);
            }
          });
      org.jivesoftware.smack.packet.IQ initiate =
          new org.jivesoftware.smack.packet.IQ("jingle", "urn:xmpp:jingle:1") {
            @Override
            protected IQChildElementXmlStringBuilder getIQChildElementBuilder(
                IQChildElementXmlStringBuilder xml) {
              xml.attribute("action", "session-initiate").attribute("sid", "s1");
              xml.setEmptyElement();
              return xml;
            }
          };
      initiate.setType(org.jivesoftware.smack.packet.IQ.Type.set);
      initiate.setTo(org.jxmpp.jid.impl.JidCreate.from("team-meeting@muc.meet.jitsi/m0"));
      org.jivesoftware.smack.packet.IQ answer = focus.sendIqRequestAndWaitForResponse(initiate);
      assertThat(answer.getType()).isEqualTo(org.jivesoftware.smack.packet.IQ.Type.result);
      assertThat(got.poll(5, java.util.concurrent.TimeUnit.SECONDS))
          .isEqualTo("team-meeting@muc.meet.jitsi/focus");
    }

    @Test
    void nobodyCanPutAPasswordOnAPublicRoom() throws Exception {
      server = PluginServer.start(Map.of("XMPP_MUC_MODULES", "public_rooms"), null, null);
      MultiUserChat owner = muc(server.anonymous(), "daily-standup");
      join(owner, "ann");
      assertThat(
              refusedWith(
                  Condition.not_acceptable,
                  () ->
                      configure(
                          owner,
                          f -> {
                            f.setAnswer("muc#roomconfig_passwordprotectedroom", true);
                            f.setAnswer("muc#roomconfig_roomsecret", "closed");
                          })))
          .isEqualTo("A public room cannot have a password.");
      assertThat(
              refusedWith(
                  Condition.not_acceptable,
                  () -> configure(owner, f -> f.setAnswer("muc#roomconfig_membersonly", true))))
          .isEqualTo("A public room cannot be members-only.");
      assertThat(join(muc(server.anonymous(), "daily-standup"), "bob")).isNotNull();
    }
  }

  @Nested
  class WhereOtherRoomsNeedSigningIn {
    static final String CONFIG =
        """
        admins = { "focus@auth.meet.jitsi" }
        public_rooms = { "lobby", "daily-standup" }
        other_rooms_access = "authenticated"
        VirtualHost "meet.jitsi"
            authentication = "anonymous"
        VirtualHost "auth.meet.jitsi"
            authentication = "internal_hashed"
        Component "muc.meet.jitsi" "muc"
            modules_enabled = { "public_rooms", "private_rooms", "other_rooms" }
            muc_room_locking = true
        """;

    @Test
    void aGuestStillJoinsAPublicRoomButNoOtherRoom() throws Exception {
      server = PluginServer.start(Map.of(), CONFIG, null);
      XMPPTCPConnection guest = server.anonymous();
      assertThat(join(muc(guest, "lobby"), "guest")).isNotNull();
      assertThat(refusedWith(Condition.not_allowed, () -> join(muc(guest, "engineering"), "guest")))
          .isEqualTo("Only signed-in users may join this room.");
      assertThat(refusedWith(Condition.not_allowed, () -> join(muc(guest, "team-meeting"), "g")))
          .as("the configured list replaces the default one")
          .isNotNull();

      server.server().account(TestServer.AUTH, "carol", "carol-pw-1");
      XMPPTCPConnection carol =
          server
              .clients()
              .login(server.clients().accountConfig(TestServer.AUTH, "carol", "carol-pw-1"));
      assertThat(join(muc(carol, "engineering"), "carol")).isNotNull();
    }

    @Test
    void aPublicRoomOpensAtOnceEvenWhereNewRoomsStartLocked() throws Exception {
      server = PluginServer.start(Map.of(), CONFIG, null);
      join(muc(server.anonymous(), "lobby"), "first");
      assertThat(join(muc(server.anonymous(), "lobby"), "second")).isNotNull();

      server.server().account(TestServer.AUTH, "dan", "dan-pw-1");
      XMPPTCPConnection dan =
          server
              .clients()
              .login(server.clients().accountConfig(TestServer.AUTH, "dan", "dan-pw-1"));
      join(muc(dan, "locked-room"), "dan");
      server.server().account(TestServer.AUTH, "eve", "eve-pw-1");
      XMPPTCPConnection eve =
          server
              .clients()
              .login(server.clients().accountConfig(TestServer.AUTH, "eve", "eve-pw-1"));
      refusedWith(Condition.item_not_found, () -> join(muc(eve, "locked-room"), "eve"));
    }
  }
}
