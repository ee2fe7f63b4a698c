package org.huddle.xmpp.server.features.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.huddle.common.files.SlotGrant;
import org.huddle.xmpp.server.testing.RawClient;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * XEP-0363 on {@code upload.meet.jitsi}, over real TCP connections: Alice and Bob are anonymous
 * clients in their own meetings, and ask for slots as Conversations or our web app would.
 */
class HttpFileShareTest {
  static final String UPLOAD = "upload." + TestServer.DOMAIN;
  static final String NS = "urn:xmpp:http:upload:0";
  static final String SECRET = "file-share-test-secret";
  static final String BASE = "http://127.0.0.1:8000/files";
  static final AtomicInteger ROOMS = new AtomicInteger();
  static final List<String> hookQueries = new CopyOnWriteArrayList<>();
  static final HttpServer hook = hook();

  /** The allocation hook: the organizer org@example.com's meetings go to files2.example:8443. */
  static HttpServer hook() {
    try {
      HttpServer h = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      h.createContext(
          "/allocate",
          x -> {
            String q = x.getRequestURI().getRawQuery();
            hookQueries.add(q);
            byte[] body = "{\"fs\": \"files2.example:8443\"}".getBytes(StandardCharsets.UTF_8);
            if (q.contains("Kind=FS") && q.contains("Email=org%40example.com")) {
              x.sendResponseHeaders(200, body.length);
              x.getResponseBody().write(body);
            } else {
              x.sendResponseHeaders(404, -1);
            }
            x.close();
          });
      h.start();
      return h;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stopHook() {
    hook.stop(0);
  }

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.with(
          () ->
              Map.of(
                  "HUDDLE_FILE_SHARE_SECRET",
                  SECRET,
                  "HUDDLE_FILE_SHARE_BASE_URL",
                  BASE,
                  "HUDDLE_FILE_SHARE_SIZE_LIMIT",
                  "1000",
                  "HUDDLE_FILE_SHARE_MEETING_QUOTA",
                  "2500",
                  "HUDDLE_FILE_SHARE_ALLOCATION_URL",
                  "http://127.0.0.1:" + hook.getAddress().getPort() + "/allocate"),
          null);

  /** A client over TCP that entered a fresh meeting. */
  record Peer(RawClient raw, String room) {
    Document iq(String id, String payload) throws Exception {
      raw.send("<iq type='get' id='" + id + "' to='" + UPLOAD + "'>" + payload + "</iq>");
      String all = raw.readUntil("id='" + id + "'", Duration.ofSeconds(10));
      int start = all.lastIndexOf("<iq", all.indexOf("id='" + id + "'"));
      String rest =
          raw.readUntil(
              "</iq>", count(all.substring(0, start), "</iq>") + 1, Duration.ofSeconds(10));
      int end = rest.indexOf("</iq>", start) + "</iq>".length();
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      return f.newDocumentBuilder()
          .parse(
              new ByteArrayInputStream(
                  rest.substring(start, end).getBytes(StandardCharsets.UTF_8)));
    }

    Document slot(String id, String filename, long size, String type, String room)
        throws Exception {
      return iq(
          id,
          "<request xmlns='"
              + NS
              + "' filename='"
              + filename
              + "' size='"
              + size
              + "' content-type='"
              + type
              + "'>"
              + (room == null
                  ? ""
                  : "<meeting xmlns='urn:huddle:file-share:0' room='" + room + "'/>")
              + "</request>");
    }
  }

  static int count(String s, String marker) {
    int n = 0;
    for (int i = s.indexOf(marker); i >= 0; i = s.indexOf(marker, i + 1)) {
      n++;
    }
    return n;
  }

  /** Someone who entered a new meeting, giving {@code email} in presence (or none). */
  static Peer inNewMeeting(String nick, String email) throws Exception {
    RawClient raw = RawClient.loggedInAnonymously(server.server().port());
    String room = "files" + ROOMS.incrementAndGet() + "@" + TestServer.MUC;
    raw.send(
        "<presence to='"
            + room
            + "/"
            + nick
            + "'><x xmlns='http://jabber.org/protocol/muc'/>"
            + (email == null ? "" : "<email>" + email + "</email>")
            + "</presence>");
    raw.readUntil("<subject", Duration.ofSeconds(10));
    return new Peer(raw, room);
  }

  static String errorCondition(Document d) {
    Element error = (Element) d.getElementsByTagNameNS("*", "error").item(0);
    assertThat(error).as("an error answer").isNotNull();
    return ((Element)
            error.getElementsByTagNameNS("urn:ietf:params:xml:ns:xmpp-stanzas", "*").item(0))
        .getLocalName();
  }

  static long dropped() {
    return server.server().server().component(UPLOAD).dropped();
  }

  @Test
  void theServiceAdvertisesTheFeatureAndItsLargestFile() throws Exception {
    Peer alice = inNewMeeting("alice", null);
    Document d = alice.iq("d1", "<query xmlns='http://jabber.org/protocol/disco#info'/>");
    assertThat(d.getDocumentElement().getAttribute("type")).isEqualTo("result");
    Element identity = (Element) d.getElementsByTagNameNS("*", "identity").item(0);
    assertThat(identity.getAttribute("category") + "/" + identity.getAttribute("type"))
        .isEqualTo("store/file");
    List<String> features = new java.util.ArrayList<>();
    var f = d.getElementsByTagNameNS("*", "feature");
    for (int i = 0; i < f.getLength(); i++) {
      features.add(((Element) f.item(i)).getAttribute("var"));
    }
    assertThat(features).contains(NS);
    var fields = d.getElementsByTagNameNS("jabber:x:data", "field");
    String max = null;
    for (int i = 0; i < fields.getLength(); i++) {
      Element field = (Element) fields.item(i);
      if (field.getAttribute("var").equals("max-file-size")) {
        max = field.getTextContent();
      }
    }
    assertThat(max).isEqualTo("1000");
  }

  @Test
  void aSlotIsSignedForTheMeetingTheRequesterIsIn() throws Exception {
    Peer alice = inNewMeeting("alice", null);
    Document d = alice.slot("s1", "Q3 report.pdf", 900, "application/pdf", alice.room());
    Element put = (Element) d.getElementsByTagNameNS(NS, "put").item(0);
    Element get = (Element) d.getElementsByTagNameNS(NS, "get").item(0);
    String room = alice.room().substring(0, alice.room().indexOf('@'));
    assertThat(put.getAttribute("url"))
        .startsWith(BASE + "/" + room + "/")
        .endsWith("/Q3_report.pdf");
    assertThat(get.getAttribute("url")).isEqualTo(put.getAttribute("url"));
    Element header = (Element) put.getElementsByTagNameNS(NS, "header").item(0);
    assertThat(header.getAttribute("name")).isEqualTo("Authorization");
    SlotGrant grant =
        SlotGrant.verify(
            header.getTextContent().substring("Bearer ".length()),
            SECRET.getBytes(StandardCharsets.UTF_8),
            Instant.now());
    assertThat(grant.room()).isEqualTo(alice.room());
    assertThat(grant.size()).isEqualTo(900);
    assertThat(grant.contentType()).isEqualTo("application/pdf");
    assertThat(put.getAttribute("url")).isEqualTo(BASE + "/" + grant.key());
  }

  @Test
  void withoutNamingTheMeetingTheOneTheRequesterIsInIsTaken() throws Exception {
    Peer alice = inNewMeeting("alice", null);
    Document d = alice.slot("s2", "a.txt", 10, "text/plain", null);
    Element put = (Element) d.getElementsByTagNameNS(NS, "put").item(0);
    assertThat(put.getAttribute("url"))
        .startsWith(BASE + "/" + alice.room().substring(0, alice.room().indexOf('@')) + "/");
  }

  @Test
  void aSlotRequestForAnotherMeetingIsForbidden() throws Exception {
    Peer alice = inNewMeeting("alice", null);
    Peer bob = inNewMeeting("bob", null);
    long before = dropped();
    Document d = alice.slot("s3", "a.txt", 10, "text/plain", bob.room());
    assertThat(errorCondition(d)).isEqualTo("forbidden");
    Document nowhere = alice.slot("s4", "a.txt", 10, "text/plain", "nowhere@" + TestServer.MUC);
    assertThat(errorCondition(nowhere)).isEqualTo("forbidden");
    assertThat(dropped()).isEqualTo(before + 2);
  }

  @Test
  void someoneInNoMeetingIsTold() throws Exception {
    RawClient raw = RawClient.loggedInAnonymously(server.server().port());
    Document d = new Peer(raw, null).slot("s5", "a.txt", 10, "text/plain", null);
    assertThat(errorCondition(d)).isEqualTo("item-not-found");
  }

  @Test
  void aFileOverTheLimitIsNotAcceptableAndTheLimitIsTold() throws Exception {
    Peer alice = inNewMeeting("alice", null);
    Document d = alice.slot("s6", "big.iso", 1001, "application/octet-stream", alice.room());
    assertThat(errorCondition(d)).isEqualTo("not-acceptable");
    Element max = (Element) d.getElementsByTagNameNS(NS, "max-file-size").item(0);
    assertThat(max.getParentNode().getLocalName()).isEqualTo("file-too-large");
    assertThat(max.getTextContent()).isEqualTo("1000");
  }

  @Test
  void aMeetingOverItsQuotaGetsResourceConstraintAndOtherMeetingsDoNot() throws Exception {
    Peer alice = inNewMeeting("alice", null);
    Peer bob = inNewMeeting("bob", null);
    assertThat(errorOrNull(alice.slot("q1", "a", 1000, "text/plain", null))).isNull();
    assertThat(errorOrNull(alice.slot("q2", "b", 1000, "text/plain", null))).isNull();
    assertThat(errorCondition(alice.slot("q3", "c", 1000, "text/plain", null)))
        .isEqualTo("resource-constraint");
    assertThat(errorOrNull(alice.slot("q4", "d", 500, "text/plain", null)))
        .as("what is left of the quota")
        .isNull();
    assertThat(errorOrNull(bob.slot("q5", "e", 1000, "text/plain", null))).isNull();
  }

  @Test
  void theQuotaStartsAgainWithANewMeetingInTheSameRoom() throws Exception {
    Peer alice = inNewMeeting("alice", null);
    assertThat(errorOrNull(alice.slot("r1", "a", 1000, "text/plain", null))).isNull();
    assertThat(errorOrNull(alice.slot("r2", "b", 1000, "text/plain", null))).isNull();
    assertThat(errorCondition(alice.slot("r3", "c", 1000, "text/plain", null)))
        .isEqualTo("resource-constraint");
    alice.raw().send("<presence type='unavailable' to='" + alice.room() + "/alice'/>");
    alice.raw().readUntil("type='unavailable'", Duration.ofSeconds(10));
    alice
        .raw()
        .send(
            "<presence to='"
                + alice.room()
                + "/alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
    alice.raw().readUntil("<subject", 2, Duration.ofSeconds(10));
    assertThat(errorOrNull(alice.slot("r4", "d", 1000, "text/plain", null)))
        .as("the emptied room was destroyed, and its quota with it")
        .isNull();
  }

  static String errorOrNull(Document d) {
    return d.getElementsByTagNameNS("*", "error").getLength() == 0 ? null : errorCondition(d);
  }

  @Test
  void malformedRequestsAreBadRequests() throws Exception {
    Peer alice = inNewMeeting("alice", null);
    assertThat(errorCondition(alice.iq("b1", "<request xmlns='" + NS + "' filename='a'/>")))
        .isEqualTo("bad-request");
    assertThat(errorCondition(alice.iq("b2", "<request xmlns='" + NS + "' size='5'/>")))
        .isEqualTo("bad-request");
    assertThat(errorCondition(alice.slot("b3", "a", -4, "text/plain", null)))
        .isEqualTo("bad-request");
    assertThat(errorCondition(alice.slot("b4", "a", 4, "text/plain", "not a jid@@")))
        .isEqualTo("bad-request");
  }

  @Nested
  class TheAllocationHook {
    @Test
    void picksTheFileServerOfTheOrganizersMeetingOnceARoom() throws Exception {
      Peer org = inNewMeeting("org", "org@example.com");
      int before = hookQueries.size();
      Document d1 = org.slot("h1", "a.txt", 10, "text/plain", null);
      Document d2 = org.slot("h2", "b.txt", 10, "text/plain", null);
      for (Document d : List.of(d1, d2)) {
        assertThat(((Element) d.getElementsByTagNameNS(NS, "put").item(0)).getAttribute("url"))
            .startsWith("http://files2.example:8443/files/");
      }
      assertThat(hookQueries.subList(before, hookQueries.size()))
          .as("asked once for the room, with Kind=FS and the organizer")
          .singleElement()
          .satisfies(q -> assertThat(q).contains("Kind=FS").contains("Email=org%40example.com"));
    }

    @Test
    void aHookWithoutAnAnswerLeavesTheConfiguredServer() throws Exception {
      Peer alice = inNewMeeting("alice", "someone@example.com");
      Document d = alice.slot("h3", "a.txt", 10, "text/plain", null);
      assertThat(((Element) d.getElementsByTagNameNS(NS, "put").item(0)).getAttribute("url"))
          .startsWith(BASE + "/");
    }
  }

  @Test
  void anFsAnswerIsAUrlOrHostAndPort() {
    assertThat(FileServerHook.toBase("https://fs.example", BASE))
        .isEqualTo("https://fs.example/files");
    assertThat(FileServerHook.toBase("https://fs.example/up/", BASE))
        .isEqualTo("https://fs.example/up");
    assertThat(FileServerHook.toBase("fs.example:9000", "https://x/files"))
        .isEqualTo("https://fs.example:9000/files");
    assertThat(FileServerHook.toBase("fs.example/../x", BASE)).isNull();
    assertThat(FileServerHook.toBase("https://fs.example/?a=b", BASE)).isNull();
  }
}
