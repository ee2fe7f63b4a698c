package org.huddle.xmpp.server.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.routing.LocalSession;
import org.huddle.xmpp.server.testing.BoshClient;
import org.huddle.xmpp.server.testing.SessionCounts;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** BOSH (XEP-0124, XEP-0206) driven by the JDK's HttpClient. */
class BoshTest {
  @RegisterExtension static final TestServerExtension kit = TestServerExtension.standard();

  BoshClient client() {
    return new BoshClient(kit.server().httpPort(), "");
  }

  @Nested
  class Sessions {
    @Test
    void theCreationResponseCarriesTheSessionAttributesAndFeatures() {
      String created = client().create(30, 1);
      assertThat(created)
          .contains("sid='")
          .contains("wait='30'")
          .contains("hold='1'")
          .contains("requests='2'")
          .contains("from='meet.jitsi'")
          .contains("authid='")
          .contains("xmpp:version='1.0'")
          .contains("<stream:features>")
          .contains("<mechanism>ANONYMOUS</mechanism>");
    }

    @Test
    void waitAndHoldAreCappedByTheServer() {
      String created = client().create(100_000, 5);
      assertThat(created).contains("wait='120'").contains("hold='1'");
    }

    @Test
    void logsInJoinsARoomAndHearsItsOwnMessage() {
      BoshClient c = client();
      String jid = c.loginAnonymously();
      assertThat(jid).contains("@meet.jitsi/");
      String joined =
          c.sendAndAwait(
              "<presence xmlns='jabber:client' to='bosh-room@muc.meet.jitsi/boshuser'>"
                  + "<x xmlns='http://jabber.org/protocol/muc'/></presence>",
              "code='110'");
      assertThat(joined).contains("from='bosh-room@muc.meet.jitsi/boshuser'");
      String echoed =
          c.sendAndAwait(
              "<message xmlns='jabber:client' to='bosh-room@muc.meet.jitsi' type='groupchat'>"
                  + "<body>over bosh</body></message>",
              "over bosh");
      assertThat(echoed).contains("<message xmlns='jabber:client'");
    }

    @Test
    void aHeldRequestIsAnsweredWhenAStanzaArrives() throws Exception {
      BoshClient c = client();
      String jid = c.loginAnonymously();
      CompletableFuture<HttpResponse<String>> held = c.send("");
      Thread.sleep(300);
      assertThat(held).as("held while there is nothing to say").isNotDone();
      BoshClient other = client();
      other.loginAnonymously();
      other.send(
          "<message xmlns='jabber:client' to='" + jid + "'><body>knock knock</body></message>");
      assertThat(held.get(10, TimeUnit.SECONDS).body()).contains("knock knock");
    }

    @Test
    void anEmptyRequestIsAnsweredEmptyAfterWait() throws Exception {
      BoshClient c = client();
      c.create(1, 1);
      Instant sent = Instant.now();
      String body = c.send("").get(10, TimeUnit.SECONDS).body();
      assertThat(Duration.between(sent, Instant.now()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));
      assertThat(body).startsWith("<body").doesNotContain("terminate");
    }

    @Test
    void aRetransmittedRidGetsTheSameAnswer() throws Exception {
      BoshClient c = client();
      c.loginAnonymously();
      long rid = c.nextRid();
      String first =
          c.sendWithRid(
                  rid,
                  "<iq xmlns='jabber:client' type='get' id='v1' to='meet.jitsi'><query xmlns='jabber:iq:version'/></iq>",
                  "")
              .get(10, TimeUnit.SECONDS)
              .body();
      assertThat(first).contains("Huddle");
      String again = c.sendWithRid(rid, "", "").get(10, TimeUnit.SECONDS).body();
      assertThat(again).isEqualTo(first);
    }

    @Test
    void theClientCanTerminate() throws Exception {
      BoshClient c = client();
      c.loginAnonymously();
      var held = c.send("");
      String bye =
          c.sendWithRid(c.nextRid(), "", " type='terminate'").get(10, TimeUnit.SECONDS).body();
      assertThat(bye).contains("type='terminate'");
      // The older held request makes way (empty or terminate); the terminate request carries the
      // ending.
      assertThat(held.get(10, TimeUnit.SECONDS).body()).startsWith("<body");
      String after = c.send("").get(10, TimeUnit.SECONDS).body();
      assertThat(after).contains("type='terminate'");
    }

    @Test
    void aSessionWithNoRequestForTheInactivityPeriodEnds() throws Exception {
      try (TestServer s = TestServer.start(Map.of(), "bosh_max_inactivity = \"1 second\"")) {
        BoshClient c = new BoshClient(s.httpPort(), "");
        c.create(1, 1);
        c.send("").get(10, TimeUnit.SECONDS);
        Thread.sleep(2500);
        assertThat(c.send("").get(10, TimeUnit.SECONDS).body())
            .contains("condition='item-not-found'");
      }
    }
  }

  /**
   * Stream management (XEP-0198) over BOSH, spoken raw: the BOSH session carries the same {@code
   * C2sSession} as TCP and WebSocket, so acks, hibernation and resumption are the same code.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class StreamManagementOverBosh {
    static final Pattern ENABLED =
        Pattern.compile("<enabled xmlns='urn:xmpp:sm:3' id='([0-9a-f]+)' resume='true'");

    /** A short BOSH inactivity, so that an abandoned BOSH session ends (and hibernates) soon. */
    TestServer own;

    @BeforeAll
    void startOwnServer() {
      own = TestServer.start(Map.of(), "bosh_max_inactivity = \"3 seconds\"");
    }

    @AfterAll
    void stopOwnServer() {
      own.close();
    }

    static String ping(String id) {
      return "<iq xmlns='jabber:client' type='get' id='"
          + id
          + "' to='meet.jitsi'><ping xmlns='urn:xmpp:ping'/></iq>";
    }

    /** Logs in anonymously, enables resumable stream management; returns the {@code id}. */
    String enable(BoshClient c) {
      String enabled = c.sendAndAwait("<enable xmlns='urn:xmpp:sm:3' resume='true'/>", "<enabled");
      Matcher m = ENABLED.matcher(enabled);
      assertThat(m.find()).as("resumable stream management enabled: " + enabled).isTrue();
      return m.group(1);
    }

    /** A new BOSH session with {@code ?previd=}: authenticates and resumes with {@code h}. */
    String resume(TestServer on, String smId, long h, String... markers) {
      BoshClient back = new BoshClient(on.httpPort(), "?previd=" + smId);
      back.create(10, 1);
      back.sendAndAwait(
          "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>", "<success");
      assertThat(back.restart("urn:xmpp:sm:3")).contains("<sm xmlns='urn:xmpp:sm:3'/>");
      String[] all = new String[markers.length + 1];
      all[0] = "<resumed";
      System.arraycopy(markers, 0, all, 1, markers.length);
      String got =
          back.sendAndAwaitAll(
              "<resume xmlns='urn:xmpp:sm:3' previd='" + smId + "' h='" + h + "'/>", all);
      resumedClient = back;
      return got;
    }

    BoshClient resumedClient;

    @Test
    void acksCountAndAnAbandonedSessionResumesOnANewOneWithWhatItMissed() throws Exception {
      SessionCounts before = SessionCounts.of(own);
      BoshClient c = new BoshClient(own.httpPort(), "");
      String jid = c.loginAnonymously();
      String smId = enable(c);

      // The server counts the three requests it handled, and asks for an ack of its three results.
      String acks =
          c.sendAndAwaitAll(
              ping("p0") + ping("p1") + ping("p2") + "<r xmlns='urn:xmpp:sm:3'/>",
              "<a xmlns='urn:xmpp:sm:3' h='3'/>",
              "id='p2'",
              "<r xmlns='urn:xmpp:sm:3'/>");
      assertThat(acks).contains("id='p0'").contains("id='p1'");
      // The client acknowledges the three; a fourth result it leaves unacknowledged (and the
      // server, its ack request answered, asks again).
      c.sendAndAwait("<a xmlns='urn:xmpp:sm:3' h='3'/>" + ping("p3"), "id='p3'");
      String counted = c.sendAndAwaitAll("<r xmlns='urn:xmpp:sm:3'/>", "<a xmlns='urn:xmpp:sm:3'");
      assertThat(counted).contains("<a xmlns='urn:xmpp:sm:3' h='4'/>");

      // The client goes away without terminate: its BOSH session ends after the inactivity
      // period, and the XMPP session hibernates, still bound.
      LocalSession bound = own.server().router().sessions().get(Jid.of(jid));
      assertThat(bound).isNotNull();
      await("the abandoned BOSH session ends")
          .atMost(Duration.ofSeconds(30))
          .until(() -> own.server().boshSessions() == before.bosh());
      assertThat(own.server().router().sessions().get(Jid.of(jid)))
          .as("still bound while hibernating")
          .isSameAs(bound);

      // Someone writes to it meanwhile (the ping after the message ensures it was routed).
      BoshClient other = new BoshClient(own.httpPort(), "");
      other.loginAnonymously();
      other.sendAndAwait(
          "<message xmlns='jabber:client' type='chat' to='"
              + jid
              + "'><body>while you were away</body></message>"
              + ping("sync"),
          "id='sync'");

      String resumed = resume(own, smId, 3, "while you were away");
      assertThat(resumed)
          .contains("<resumed xmlns='urn:xmpp:sm:3' previd='" + smId + "' h='4'/>")
          .doesNotContain("id='p0'")
          .doesNotContain("id='p1'")
          .doesNotContain("id='p2'");
      int at = resumed.indexOf("<resumed");
      int p3 = resumed.indexOf("id='p3'");
      int message = resumed.indexOf("while you were away");
      assertThat(p3).as("the unacknowledged result comes again after <resumed/>").isGreaterThan(at);
      assertThat(message).as("then the message sent during the absence").isGreaterThan(p3);
      assertThat(resumed.substring(message - 200 > 0 ? message - 200 : 0, message))
          .contains("to='" + jid + "'");

      // The same session, under the same full JID, on the new BOSH session.
      BoshClient back = resumedClient;
      assertThat(back.sendAndAwait(ping("after"), "id='after'"))
          .contains("type='result'")
          .contains("to='" + jid + "'");
      assertThat(own.server().router().sessions().get(Jid.of(jid))).isSameAs(bound);

      back.sendWithRid(back.nextRid(), "", " type='terminate'").get(10, TimeUnit.SECONDS);
      other.sendWithRid(other.nextRid(), "", " type='terminate'").get(10, TimeUnit.SECONDS);
      SessionCounts.awaitBackTo(own, before);
    }

    /**
     * The old BOSH session has not timed out yet (the default inactivity of 60 s), as when a
     * browser's network vanished a moment ago: the resuming one takes over and the old one ends.
     */
    @Test
    void aBoshSessionStillOpenIsReplacedByTheOneThatResumes() throws Exception {
      try (TestServer fresh = TestServer.start()) {
        SessionCounts before = SessionCounts.of(fresh);
        BoshClient c = new BoshClient(fresh.httpPort(), "");
        String jid = c.loginAnonymously();
        String smId = enable(c);
        var held = c.send(""); // held open, as a browser's would be
        BoshClient other = new BoshClient(fresh.httpPort(), "");
        other.loginAnonymously();
        other.sendAndAwait(
            "<message xmlns='jabber:client' type='chat' to='"
                + jid
                + "'><body>to the old one</body></message>"
                + ping("sync"),
            "id='sync'");
        // The held request carried the message, but the client never acknowledged it.
        assertThat(held.get(10, TimeUnit.SECONDS).body()).contains("to the old one");
        assertThat(fresh.server().boshSessions()).isEqualTo(before.bosh() + 2);

        String resumed = resume(fresh, smId, 0, "to the old one");
        assertThat(resumed).contains("<resumed xmlns='urn:xmpp:sm:3' previd='" + smId + "'");
        assertThat(resumed.substring(resumed.indexOf("<resumed"))).contains("to the old one");
        // The old BOSH session ended (closed with conflict, with no request held to say so): it is
        // gone, and its next request is told to terminate.
        await("the old BOSH session ends")
            .atMost(Duration.ofSeconds(10))
            .until(() -> fresh.server().boshSessions() == before.bosh() + 2); // other's and back's
        assertThat(c.send("").get(10, TimeUnit.SECONDS).body()).contains("type='terminate'");

        BoshClient back = resumedClient;
        assertThat(back.sendAndAwait(ping("after"), "id='after'")).contains("to='" + jid + "'");
        back.sendWithRid(back.nextRid(), "", " type='terminate'").get(10, TimeUnit.SECONDS);
        other.sendWithRid(other.nextRid(), "", " type='terminate'").get(10, TimeUnit.SECONDS);
        SessionCounts.awaitBackTo(fresh, before);
      }
    }
  }

  /**
   * Each case checks that it leaves nothing behind: the BOSH registry, the router's bound sessions
   * and the open client sessions per transport return to what they were before it. The cases run on
   * their own server, so that sessions other tests leave to time out cannot blur the counts.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class BadInput {
    TestServer own;
    SessionCounts before;

    @BeforeAll
    void startOwnServer() {
      own = TestServer.start();
    }

    @AfterAll
    void stopOwnServer() {
      own.close();
    }

    @BeforeEach
    void countSessions() {
      before = SessionCounts.of(own);
    }

    BoshClient client() {
      return new BoshClient(own.httpPort(), "");
    }

    /** The case really opened a session, so that the check that it went away can fail. */
    void assertOneMoreSession(boolean bound) {
      SessionCounts now = SessionCounts.of(own);
      assertThat(now.bosh()).as("BOSH sessions").isEqualTo(before.bosh() + 1);
      assertThat(now.boshXmpp()).as("XMPP sessions over BOSH").isEqualTo(before.boshXmpp() + 1);
      assertThat(now.bound()).as("bound sessions").isEqualTo(before.bound() + (bound ? 1 : 0));
    }

    void assertNoSessionLeaked() {
      SessionCounts.awaitBackTo(own, before);
    }

    @Test
    void anUnknownSidIsItemNotFound() throws Exception {
      String body =
          client()
              .post("<body xmlns='" + BoshClient.NS + "' rid='5' sid='nope'/>")
              .get(10, TimeUnit.SECONDS)
              .body();
      assertThat(body).contains("type='terminate'").contains("condition='item-not-found'");
      assertNoSessionLeaked();
    }

    @Test
    void aRidOutsideTheWindowTerminatesTheSession() throws Exception {
      BoshClient c = client();
      c.loginAnonymously();
      assertOneMoreSession(true);
      String body = c.sendWithRid(c.nextRid() + 10, "", "").get(10, TimeUnit.SECONDS).body();
      assertThat(body).contains("condition='item-not-found'");
      assertNoSessionLeaked();
    }

    @Test
    void aRidThatFellOutOfTheWindowTerminatesTheSession() throws Exception {
      BoshClient c = client();
      long first = c.nextRid();
      c.loginAnonymously(); // several requests: the first one's answer is no longer kept
      assertOneMoreSession(true);
      String body = c.sendWithRid(first, "", "").get(10, TimeUnit.SECONDS).body();
      assertThat(body).contains("condition='item-not-found'");
      assertNoSessionLeaked();
    }

    /**
     * More requests in flight than the session allows: the server answers the oldest held one as
     * each new one arrives, so the only way to exceed {@code requests} is a rid beyond the window
     * (XEP-0124 §14.1).
     */
    @Test
    void requestsBeyondTheWindowEndTheSession() throws Exception {
      BoshClient c = client();
      c.create(30, 1);
      assertOneMoreSession(false);
      long rid = c.nextRid();
      var skipped = c.sendWithRid(rid + 1, "", "");
      var beyond = c.sendWithRid(rid + 2, "", "");
      assertThat(beyond.get(10, TimeUnit.SECONDS).body()).contains("condition='item-not-found'");
      assertThat(skipped.get(10, TimeUnit.SECONDS).body()).contains("type='terminate'");
      assertNoSessionLeaked();
    }

    @Test
    void pollingFasterThanAllowedIsPolicyViolation() throws Exception {
      BoshClient c = client();
      c.create(30, 0);
      assertOneMoreSession(false);
      String first = c.send("").get(10, TimeUnit.SECONDS).body();
      String second = c.send("").get(10, TimeUnit.SECONDS).body();
      assertThat(first + second).contains("condition='policy-violation'");
      assertNoSessionLeaked();
    }

    @Test
    void aBodyThatIsNotXmlIs400WithAReason() throws Exception {
      HttpResponse<String> r = client().post("this is not xml").get(10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("not a BOSH body");
      assertNoSessionLeaked();
    }

    @Test
    void aTruncatedBodyIs400() throws Exception {
      HttpResponse<String> r =
          client()
              .post("<body xmlns='" + BoshClient.NS + "' rid='1' to='meet.jitsi' wait='10'>")
              .get(10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("not a BOSH body");
      assertNoSessionLeaked();
    }

    @Test
    void aRootThatIsNotBodyIs400() throws Exception {
      HttpResponse<String> r =
          client().post("<stream xmlns='jabber:client'/>").get(10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(400);
      assertNoSessionLeaked();
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
      String huge =
          "<body xmlns='" + BoshClient.NS + "' rid='1'>" + "x".repeat(400 * 1024) + "</body>";
      HttpResponse<String> r = client().post(huge).get(10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(r.body()).contains("larger than");
      // The body was read and dropped before the answer, so the close that follows is clean.
      assertThat(r.headers().firstValue("connection")).hasValue("close");
      assertNoSessionLeaked();
    }

    @Test
    void aHostileBodyIsRefusedAndLeavesNoSession() throws Exception {
      String lol =
          "<?xml version='1.0'?><!DOCTYPE b [<!ENTITY a 'aaaa'>]><body xmlns='"
              + BoshClient.NS
              + "' rid='1' to='meet.jitsi' wait='10' hold='1'>&a;</body>";
      HttpResponse<String> r = client().post(lol).get(10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("DTD");
      assertNoSessionLeaked();
    }

    @Test
    void aHostileBodyInAnOpenSessionLeavesItAsItWas() throws Exception {
      BoshClient c = client();
      c.loginAnonymously();
      assertOneMoreSession(true);
      SessionCounts withIt = SessionCounts.of(own);
      HttpResponse<String> r =
          c.post(
                  "<!DOCTYPE b [<!ENTITY a 'aaaa'>]><body xmlns='"
                      + BoshClient.NS
                      + "' rid='"
                      + c.nextRid()
                      + "' sid='"
                      + c.sid()
                      + "'>&a;</body>")
              .get(10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(400);
      SessionCounts.awaitBackTo(own, withIt);
      // The session is untouched and still usable; then it ends cleanly.
      assertThat(
              c.sendAndAwait(
                  "<iq xmlns='jabber:client' type='get' id='still' to='meet.jitsi'>"
                      + "<ping xmlns='urn:xmpp:ping'/></iq>",
                  "id='still'"))
          .contains("type='result'");
      c.sendWithRid(c.nextRid(), "", " type='terminate'").get(10, TimeUnit.SECONDS);
      assertNoSessionLeaked();
    }

    @Test
    void sessionsThatEndAreNotLeaked() throws Exception {
      for (int i = 0; i < 5; i++) {
        BoshClient c = client();
        c.loginAnonymously();
        var held = c.send("");
        c.sendWithRid(c.nextRid(), "", " type='terminate'").get(10, TimeUnit.SECONDS);
        held.get(10, TimeUnit.SECONDS);
      }
      assertNoSessionLeaked();
    }
  }
}
