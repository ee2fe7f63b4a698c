package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.MediaType;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.signalling.jingle.Reason;
import org.huddle.signalling.jitsi.Mute;
import org.huddle.videobridge.Videobridge;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.Phase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Conferences through Huddle's XMPP server and a real bridge. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConferenceTest {
  HuddleDeployment d;
  Videobridge bridge;
  final List<TestParticipant> participants = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    d = new HuddleDeployment();
    bridge = d.startBridge("jvb-a");
    d.startFocus("");
    d.awaitBridges(1);
  }

  @AfterEach
  void leaveAll() {
    participants.forEach(TestParticipant::close);
    participants.clear();
  }

  @AfterAll
  void stop() throws Exception {
    d.close();
  }

  String room(String name) {
    return name + "-" + Long.toHexString(System.nanoTime()) + "@" + Deployment.MUC;
  }

  List<TestParticipant> meeting(String room, int n, boolean json) throws Exception {
    List<TestParticipant> ps = Scenario.meeting(d, room, Deployment.FOCUS_COMPONENT, n, json);
    participants.addAll(ps);
    return ps;
  }

  @Nested
  class Requests {
    @Test
    void theComponentAnswersReadyWithTheFocusJidInLowerCase() throws Exception {
      TestParticipant p = new TestParticipant(d.c2sPort(), room("req"), "r1", 5000, true);
      participants.add(p);
      Element answer = p.requestConference(Deployment.FOCUS_COMPONENT);
      assertThat(answer.attr("type")).isEqualTo("result");
      Element c = Xml.payload(answer);
      assertThat(c.attr("ready")).isEqualTo("true");
      assertThat(c.attr("focusjid")).isEqualTo("focus@auth.meet.jitsi");
      assertThat(d.focus.isComponentConnected()).isTrue();
    }

    @Test
    void theClientConnectionAnswersTooAsBehindAClientProxy() throws Exception {
      TestParticipant p = new TestParticipant(d.c2sPort(), room("req"), "r2", 5100, true);
      participants.add(p);
      Element answer = p.requestConference("focus@auth.meet.jitsi/focus");
      assertThat(Xml.payload(answer).attr("ready")).isEqualTo("true");
    }

    @Test
    void aRequestWithoutRoomIsABadRequest() throws Exception {
      TestParticipant p = new TestParticipant(d.c2sPort(), room("req"), "r3", 5200, true);
      participants.add(p);
      Element answer =
          p.ask(
              Deployment.FOCUS_COMPONENT,
              new Element("conference", "http://jitsi.org/protocol/focus"));
      assertThat(answer.attr("type")).isEqualTo("error");
      assertThat(Xml.errorCondition(answer)).isEqualTo("bad-request");
    }
  }

  @Nested
  class Media {
    @Test
    void threeParticipantsGetSessionsWithEachOthersSourcesAndExchangeMedia() throws Exception {
      List<TestParticipant> ps = meeting(room("three"), 3, true);
      Scenario.awaitSourcesKnown(ps);
      for (TestParticipant p : ps) {
        for (TestParticipant q : ps) {
          if (p != q) {
            EndpointSources seen = p.remote.get(q.nick);
            // Simulcast stripped for receivers: the first layer and its RTX only.
            assertThat(seen.ssrcs())
                .containsExactlyInAnyOrder(
                    q.sources.audioSsrc(), q.sources.simulcast().get(0), q.sources.rtx().get(0));
            assertThat(seen.groups()).noneMatch(g -> g.isSimulcast());
          }
        }
      }
      Scenario.exchangeMedia(ps, Duration.ofSeconds(30));
    }

    @Test
    void participantsWithoutJsonSupportGetStandardSources() throws Exception {
      List<TestParticipant> ps = meeting(room("std"), 2, false);
      Scenario.awaitSourcesKnown(ps);
      Scenario.exchangeMedia(ps, Duration.ofSeconds(30));
    }

    /**
     * Six participants join as the lib-jitsi-meet scenario does (two, then one, then three at once,
     * accepting in turn, so later ones are still offered when earlier ones accept). Each is told
     * every other's sources exactly once, and nothing before its session-accept.
     */
    @Test
    void sixParticipantsAreToldEachOthersSourcesOnceAndOnlyAfterAccepting() throws Exception {
      String room = room("six");
      List<TestParticipant> ps = new ArrayList<>(meeting(room, 2, true));
      ps.addAll(meeting(room, 1, true));
      ps.addAll(meeting(room, 3, true));
      for (TestParticipant p : ps) {
        p.drainJingle(Duration.ofSeconds(10), () -> knowsAllOthers(p, ps));
        p.drainJingle(Duration.ofSeconds(1), () -> false); // anything late, or repeated
      }
      for (TestParticipant p : ps) {
        assertThat(p.signallingFaults).as(p.nick + "'s signalling").isEmpty();
        for (TestParticipant q : ps) {
          if (p != q) {
            assertThat(p.remote.get(q.nick).ssrcs())
                .as(p.nick + " knows " + q.nick + "'s sources")
                .containsExactlyInAnyOrder(
                    q.sources.audioSsrc(), q.sources.simulcast().get(0), q.sources.rtx().get(0));
          }
        }
        assertThat(p.knownOwners()).as(p.nick + " knows no one else").hasSize(ps.size());
      }
    }

    private static boolean knowsAllOthers(TestParticipant p, List<TestParticipant> ps) {
      return ps.stream()
          .filter(q -> q != p)
          .allMatch(q -> p.remote.get(q.nick).ssrcs().size() == 3);
    }

    /**
     * A browser writes the MID header extension (RFC 8843 §15) in its RTP when the offer negotiates
     * it, with its own mid values, and a receiving browser demultiplexes a packet by its MID before
     * its SSRC (RFC 8843 §9.2). The bridge forwards a sender's packets as they came, so a MID it
     * carries names one of the receiver's m-lines that belongs to someone else: with lib-jitsi-meet
     * in a meeting of six, an SSRC latched to the wrong m-line fails the next source-add ("Failed
     * to apply demuxer criteria for '8'") and video lands on audio m-lines. The participant here
     * writes the MID exactly when its offer negotiates it, as Chrome does.
     */
    @Test
    void noReceiverGetsPacketsWithTheSendersMid() throws Exception {
      List<TestParticipant> ps = meeting(room("mid"), 2, true);
      Scenario.awaitSourcesKnown(ps);
      TestParticipant from = ps.get(0);
      TestParticipant to = ps.get(1);
      from.awaitMediaConnected();
      to.awaitMediaConnected();
      int senderMidId = extensionId(from.initiate, "audio", MID_URI);
      int receiverMidId = extensionId(to.initiate, "audio", MID_URI);
      java.util.concurrent.BlockingQueue<byte[]> got =
          new java.util.concurrent.LinkedBlockingQueue<>();
      to.endpoint.onRtp(got::add);
      long ssrc = from.sources.audioSsrc();
      byte[] arrived = null;
      for (int i = 0; i < 250 && arrived == null; i++) {
        from.endpoint.sendRtp(opus(ssrc, 20_000 + i, 960L * i, senderMidId, "0"));
        for (byte[] b = got.poll(20, java.util.concurrent.TimeUnit.MILLISECONDS);
            b != null && arrived == null;
            b = got.poll()) {
          if (org.huddle.rtp.RtpHeader.ssrc(b, 0) == ssrc) {
            arrived = b;
          }
        }
      }
      assertThat(arrived).as(from.nick + "'s audio reached " + to.nick).isNotNull();
      assertThat(midOf(arrived, receiverMidId))
          .as(
              "the MID "
                  + to.nick
                  + "'s browser would read in "
                  + from.nick
                  + "'s packet (offered mid ids: sender "
                  + senderMidId
                  + ", receiver "
                  + receiverMidId
                  + ")")
          .isNull();
    }

    @Test
    void aScreenShareIsAddedToTheOthersAndRemovedAgain() throws Exception {
      List<TestParticipant> ps = meeting(room("share"), 2, true);
      Scenario.awaitSourcesKnown(ps);
      TestParticipant sharer = ps.get(0);
      TestParticipant viewer = ps.get(1);
      long screen = sharer.sources.audioSsrc() + 500;
      Element add = sourceChange("source-add", sharer, screen);
      assertThat(sharer.sendJingle(add).attr("type")).isEqualTo("result");
      viewer.awaitJingle("source-add", Duration.ofSeconds(10));
      assertThat(viewer.remote.get(sharer.nick).ssrcs()).contains(screen);
      assertThat(viewer.remote.get(sharer.nick).sources())
          .anyMatch(s -> s.ssrc() == screen && s.desktop() && s.media() == MediaType.VIDEO);
      Element remove = sourceChange("source-remove", sharer, screen);
      assertThat(sharer.sendJingle(remove).attr("type")).isEqualTo("result");
      viewer.awaitJingle("source-remove", Duration.ofSeconds(10));
      assertThat(viewer.remote.get(sharer.nick).ssrcs()).doesNotContain(screen);
    }

    @Test
    void aParticipantWhoLeavesIsExpiredOnTheBridgeAndRemovedFromTheOthers() throws Exception {
      List<TestParticipant> ps = meeting(room("leave"), 3, true);
      Scenario.awaitSourcesKnown(ps);
      TestParticipant leaver = ps.get(2);
      leaver.leave();
      awaitSourcesRemoved(ps.subList(0, 2), leaver);
      Await.until(
          "the bridge expires the leaver",
          Duration.ofSeconds(10),
          () -> bridge.conferences().endpointCount() == 2);
    }

    @Test
    void aParticipantThatEndsItsSessionIsExpiredOnTheBridgeAndRemovedFromTheOthers()
        throws Exception {
      String room = room("bye");
      List<TestParticipant> ps = meeting(room, 3, true);
      Scenario.awaitSourcesKnown(ps);
      List<String> nicks = ps.stream().map(p -> p.nick).toList();
      Await.until(
          "the bridge has the three endpoints",
          Duration.ofSeconds(10),
          () -> bridgeEndpoints(room).equals(java.util.Set.copyOf(nicks)));
      TestParticipant quitter = ps.get(2);
      Element terminate = Jingle.of("session-terminate", quitter.sid).toElement();
      terminate.add(new Reason("success", "hangup").toElement());
      assertThat(quitter.sendJingle(terminate).attr("type"))
          .as("the focus's answer to session-terminate")
          .isEqualTo("result");
      Await.until(
          "the bridge expires " + quitter.nick + "'s endpoint",
          Duration.ofSeconds(10),
          () -> bridgeEndpoints(room).equals(java.util.Set.copyOf(nicks.subList(0, 2))));
      awaitSourcesRemoved(ps.subList(0, 2), quitter);
      Element late = quitter.sendJingle(Jingle.of("source-add", quitter.sid).toElement());
      assertThat(Xml.errorCondition(late)).as("the ended session").isEqualTo("item-not-found");
      Scenario.exchangeMedia(ps.subList(0, 2), Duration.ofSeconds(30));
    }

    @Test
    void aParticipantThatEndsItsSessionAskingForARestartIsInvitedAgain() throws Exception {
      String room = room("restart");
      List<TestParticipant> ps = meeting(room, 2, true);
      Scenario.awaitSourcesKnown(ps);
      TestParticipant restarter = ps.get(0);
      String oldSid = restarter.sid;
      Element bridgeSession =
          Xml.payload(restarter.initiate).child("bridge-session", WireNamespaces.FOCUS);
      assertThat(bridgeSession).as("the offer's bridge-session").isNotNull();
      Element terminate = Jingle.of("session-terminate", oldSid).toElement();
      terminate.add(new Reason("success", "restart required").toElement());
      terminate
          .addChild("bridge-session", WireNamespaces.FOCUS)
          .attr("id", bridgeSession.attr("id"))
          .attr("restart", "true");
      assertThat(restarter.sendJingle(terminate).attr("type"))
          .as("the focus's answer to session-terminate with restart")
          .isEqualTo("result");
      Element again = restarter.awaitJingle("session-initiate", Duration.ofSeconds(20));
      assertThat(Xml.payload(again).attr("sid")).as("a new session").isNotEqualTo(oldSid);
      restarter.accept(again, true);
      Scenario.awaitSourcesKnown(ps);
      Scenario.exchangeMedia(ps, Duration.ofSeconds(30));
      assertThat(bridgeEndpoints(room))
          .containsExactlyInAnyOrderElementsOf(ps.stream().map(p -> p.nick).toList());
    }

    @Test
    void theFirstParticipantIsMadeModeratorAndTheNextWhenItLeaves() throws Exception {
      List<TestParticipant> ps = meeting(room("mod"), 2, true);
      TestParticipant first = ps.get(0);
      TestParticipant second = ps.get(1);
      Await.until(
          second.nick + " sees " + first.nick + " as owner",
          Duration.ofSeconds(10),
          () -> "owner".equals(second.affiliationOf(first.nick)));
      assertThat(first.affiliationOf(Deployment.FOCUS_NICK)).isEqualTo("owner");
      first.leave();
      Await.until(
          second.nick + " becomes owner when the moderator leaves",
          Duration.ofSeconds(10),
          () -> "owner".equals(second.affiliationOf(second.nick)));
    }

    @Test
    void anOccupantTheServerMadeOwnerKeepsTheFocusFromGrantingOwnerToAnyoneElse() throws Exception {
      String room = room("token");
      // As a token's moderator claim does on the XMPP side (a pre-join policy hook), the server
      // makes "tok-" occupants of this room owners before the focus sees them.
      try (var tokenModerators =
          d.server
              .server()
              .muc(Deployment.MUC)
              .host()
              .events()
              .on(
                  MucEvents.OCCUPANT_PRE_JOIN,
                  Phase.POLICY,
                  e -> {
                    if (e.room().jid().toString().equalsIgnoreCase(room)
                        && e.occupant().nick().startsWith("tok-")) {
                      e.room().affiliation(e.occupant().realJid(), Affiliation.OWNER);
                    }
                    return false;
                  })) {
        List<TestParticipant> ps = new ArrayList<>();
        for (String nick : List.of("tok-m", "r1")) {
          TestParticipant p =
              new TestParticipant(d.c2sPort(), room, nick, 6000L + 1000L * ps.size(), true);
          participants.add(p);
          ps.add(p);
          assertThat(Xml.payload(p.requestConference(Deployment.FOCUS_COMPONENT)).attr("ready"))
              .isEqualTo("true");
          p.join();
        }
        TestParticipant moderator = ps.get(0);
        TestParticipant regular = ps.get(1);
        for (TestParticipant p : ps) {
          p.acceptSession();
        }
        // The focus handled r1's arrival (owner election) before inviting it, long before this.
        Scenario.awaitSourcesKnown(ps);
        assertThat(regular.affiliationOf(moderator.nick)).isEqualTo("owner");
        for (TestParticipant p : ps) {
          assertThat(p.everOwners)
              .as(p.nick + " saw no owner but the server's and the focus")
              .containsOnly(moderator.nick, Deployment.FOCUS_NICK);
        }
        // With no owner left, the focus's auto-owner does pick r1: it could have done so before.
        moderator.leave();
        Await.until(
            regular.nick + " is made owner once the token moderator left",
            Duration.ofSeconds(10),
            () -> "owner".equals(regular.affiliationOf(regular.nick)));
      }
    }

    @Test
    void transportInfoIsAcceptedAndOneWithoutATransportIsABadRequest() throws Exception {
      List<TestParticipant> ps = meeting(room("trickle"), 2, true);
      TestParticipant p = ps.get(0);
      Element info = org.huddle.signalling.jingle.Jingle.of("transport-info", p.sid).toElement();
      Element t =
          info.addChild("content", org.huddle.signalling.WireNamespaces.JINGLE)
              .attr("creator", "initiator")
              .attr("name", "audio")
              .addChild("transport", org.huddle.signalling.WireNamespaces.ICE_UDP)
              .attr("ufrag", "u1")
              .attr("pwd", "p1");
      t.addChild("candidate", org.huddle.signalling.WireNamespaces.ICE_UDP)
          .attr("component", 1)
          .attr("foundation", "2")
          .attr("generation", 0)
          .attr("id", "c2")
          .attr("ip", "127.0.0.1")
          .attr("network", 0)
          .attr("port", 9)
          .attr("priority", 1)
          .attr("protocol", "udp")
          .attr("type", "host");
      assertThat(p.sendJingle(info).attr("type")).isEqualTo("result");
      Element empty = org.huddle.signalling.jingle.Jingle.of("transport-info", p.sid).toElement();
      Element answer = p.sendJingle(empty);
      assertThat(Xml.errorCondition(answer)).isEqualTo("bad-request");
    }

    @Test
    void noStateIsLeftOnceEveryoneHasLeft() throws Exception {
      String room = room("empty");
      List<TestParticipant> ps = meeting(room, 2, true);
      for (TestParticipant p : ps) {
        p.leave();
      }
      Await.until(
          "the conference is gone",
          Duration.ofSeconds(10),
          () -> d.focus.conferences().get(room) == null);
      Await.until(
          "the Jingle sessions are gone",
          Duration.ofSeconds(10),
          () -> d.focus.jingle().size() == 0);
      Await.until(
          "the bridge conference is expired",
          Duration.ofSeconds(10),
          () -> bridge.conferences().endpointCount() == 0);
    }
  }

  static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";

  /** The id an offer gives a header extension in the description of this media, or -1. */
  static int extensionId(Element initiate, String media, String uri) {
    for (Element c : Xml.payload(initiate).elements("content", WireNamespaces.JINGLE)) {
      Element d = c.child("description", org.huddle.signalling.WireNamespaces.RTP);
      if (d != null && media.equals(d.attr("media"))) {
        for (Element h : d.elements("rtp-hdrext", WireNamespaces.RTP_HDREXT)) {
          if (uri.equals(h.attr("uri"))) {
            return Integer.parseInt(h.attr("id"));
          }
        }
      }
    }
    return -1;
  }

  /**
   * An Opus packet as a browser sends it: one-byte header extensions (RFC 8285 §4.2) with the audio
   * level, and its mid when {@code midId} is positive.
   */
  static byte[] opus(long ssrc, int seq, long ts, int midId, String mid) {
    byte[] payload = ("mid-test-" + seq).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.io.ByteArrayOutputStream ext = new java.io.ByteArrayOutputStream();
    ext.write(1 << 4); // audio level, one byte
    ext.write(0x80 | 30);
    if (midId > 0) {
      byte[] m = mid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      ext.write((midId << 4) | (m.length - 1));
      ext.writeBytes(m);
    }
    while (ext.size() % 4 != 0) {
      ext.write(0);
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + 4 + ext.size() + payload.length);
    b.put((byte) 0x90).put((byte) 111).putShort((short) seq).putInt((int) ts).putInt((int) ssrc);
    b.putShort((short) 0xBEDE).putShort((short) (ext.size() / 4)).put(ext.toByteArray());
    b.put(payload);
    return b.array();
  }

  /** The value of one-byte header extension {@code id} in an RTP packet, or null. */
  static String midOf(byte[] p, int id) {
    if (id <= 0 || (p[0] & 0x10) == 0) {
      return null;
    }
    int at = 12 + 4 * (p[0] & 0x0f);
    if ((((p[at] & 0xff) << 8) | (p[at + 1] & 0xff)) != 0xBEDE) {
      return null;
    }
    int end = at + 4 + 4 * (((p[at + 2] & 0xff) << 8) | (p[at + 3] & 0xff));
    for (int i = at + 4; i < end; ) {
      int b = p[i] & 0xff;
      if (b == 0) {
        i++;
        continue;
      }
      int len = (b & 0x0f) + 1;
      if ((b >>> 4) == id) {
        return new String(p, i + 1, len, java.nio.charset.StandardCharsets.US_ASCII);
      }
      i += 1 + len;
    }
    return null;
  }

  /** The endpoints of the room's conference on the bridge. */
  java.util.Set<String> bridgeEndpoints(String room) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (var c : bridge.conferences().all()) {
      if (room.equalsIgnoreCase(c.name()) && !c.isExpired()) {
        c.endpoints().forEach(e -> ids.add(e.id()));
      }
    }
    return ids;
  }

  /** Waits until each of {@code ps} got the source-remove that drops {@code gone}'s sources. */
  static void awaitSourcesRemoved(List<TestParticipant> ps, TestParticipant gone) {
    for (TestParticipant p : ps) {
      Await.until(
          p.nick + " no longer has " + gone.nick + "'s sources",
          Duration.ofSeconds(10),
          () -> {
            try {
              p.pollJingle("source-remove", Duration.ofMillis(100));
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
            return !p.knownOwners().contains(gone.nick);
          });
    }
  }

  static Element sourceChange(String action, TestParticipant p, long ssrc) {
    Element j = org.huddle.signalling.jingle.Jingle.of(action, p.sid).toElement();
    Element c =
        j.addChild("content", org.huddle.signalling.WireNamespaces.JINGLE).attr("name", "video");
    Element desc =
        c.addChild("description", org.huddle.signalling.WireNamespaces.RTP).attr("media", "video");
    Element s =
        desc.addChild("source", org.huddle.signalling.WireNamespaces.SSMA)
            .attr("ssrc", ssrc)
            .attr("name", p.nick + "-v1")
            .attr("videoType", "desktop");
    s.addChild("parameter", org.huddle.signalling.WireNamespaces.SSMA)
        .attr("name", "msid")
        .attr("value", p.nick + "-screen track");
    return j;
  }

  /**
   * A moderator's mute: the request goes to the focus's occupant JID as lib-jitsi-meet sends it,
   * and the bridge stops forwarding the muted media, so a client that ignores the notice is still
   * not heard (issue 16).
   */
  @Nested
  class Mutes {
    Element mute(String room, boolean video, TestParticipant target, boolean mute) {
      return new Mute(video, room + "/" + target.nick, null, mute).toElement();
    }

    String outcome(Element answer) {
      return Xml.isError(answer) ? Xml.errorCondition(answer) : answer.attr("type");
    }

    @Test
    void aModeratorsMuteStopsTheBridgeForwardingItUntilTheParticipantUnmutesItself()
        throws Exception {
      String room = room("mute");
      List<TestParticipant> ps = meeting(room, 3, true);
      TestParticipant mod = ps.get(0);
      TestParticipant bob = ps.get(1);
      TestParticipant cy = ps.get(2);
      Scenario.exchangeMedia(ps, Duration.ofSeconds(30));
      String focus = room + "/focus";

      assertThat(outcome(cy.ask(focus, mute(room, false, bob, true))))
          .as("a participant who is not a moderator mutes another")
          .isEqualTo("forbidden");
      // The first participant is made owner (a moderator); the focus sees it from the room.
      Await.until(
          "the focus accepts the moderator's mute",
          Duration.ofSeconds(10),
          () -> {
            try {
              return outcome(mod.ask(focus, mute(room, false, bob, true))).equals("result");
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          });
      Element notice = bob.mutes.poll(10, TimeUnit.SECONDS);
      assertThat(notice).as("bob is told he was muted").isNotNull();
      assertThat(notice.attr("from")).isEqualToIgnoringCase(focus);
      Mute told = Mute.parse(Xml.payload(notice));
      assertThat(told.mute()).isTrue();
      assertThat(told.video()).isFalse();
      assertThat(told.actor()).isEqualToIgnoringCase(room + "/" + mod.nick);

      // bob's client keeps sending audio, as a modified client would: the bridge drops it.
      awaitWindow(ps, cy, bob, false, "cy gets bob's video and none of his audio");
      assertThat(outcome(mod.ask(focus, mute(room, false, bob, false))))
          .as("a moderator unmutes another")
          .isEqualTo("not-allowed");
      assertThat(outcome(bob.ask(focus, mute(room, false, bob, false)))).isEqualTo("result");
      awaitWindow(ps, cy, bob, true, "cy hears bob again after he unmuted himself");
    }

    /**
     * Everyone sends in rounds until, in one round, {@code to} receives {@code from}'s video and,
     * as {@code audio} says, its audio or none of it.
     */
    private void awaitWindow(
        List<TestParticipant> ps,
        TestParticipant to,
        TestParticipant from,
        boolean audio,
        String what)
        throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String last = "";
      while (System.nanoTime() < deadline) {
        to.receivedTags.clear();
        for (int round = 0; round < 5; round++) {
          for (TestParticipant p : ps) {
            p.sender.send(5, 3);
          }
        }
        boolean video = to.receivedTags.stream().anyMatch(t -> t.startsWith(from.nick + "-v"));
        boolean heard = to.receivedTags.contains(from.nick + "-a");
        if (video && heard == audio) {
          return;
        }
        last = to.receivedTags.toString();
      }
      throw new AssertionError("timed out waiting until " + what + "; last window: " + last);
    }
  }
}
