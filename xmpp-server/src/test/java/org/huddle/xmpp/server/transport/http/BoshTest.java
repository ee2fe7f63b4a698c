package org.huddle.xmpp.server.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.huddle.xmpp.server.testing.BoshClient;
import org.huddle.xmpp.server.testing.SessionCounts;
import org.huddle.xmpp.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** BOSH (XEP-0124, XEP-0206) driven by the JDK's HttpClient. */
class BoshTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  BoshClient client() {
    return new BoshClient(server.httpPort(), "");
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
