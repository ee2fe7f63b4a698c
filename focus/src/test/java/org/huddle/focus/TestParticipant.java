package org.huddle.focus;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.SourceCodec;
import org.huddle.focus.source.SourceMap;
import org.huddle.focus.source.SsrcGroup;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.signalling.jitsi.Mute;
import org.huddle.signalling.smack.ElementIq;
import org.huddle.signalling.smack.StanzaReader;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.MediaSender;
import org.huddle.videobridge.testkit.ReceivedRtp;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.huddle.xmpp.codec.Element;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A scripted Jitsi participant: an anonymous Smack client that asks the focus for the conference,
 * joins the room, answers Jingle as lib-jitsi-meet does, and moves media through a test endpoint.
 */
public final class TestParticipant implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * Reads Jingle and the focus's answers on this participant's connection: nothing is registered in
   * Smack's JVM-wide providers, so they arrive as unparsed IQs, with or without a focus in the JVM
   * (the deployment tests have none).
   */
  private final StanzaReader reader = new StanzaReader();

  public final String nick;
  final String room;
  final XMPPTCPConnection xmpp;
  final Colibri2Requests.Sources sources;
  private final BlockingQueue<Element> incoming = new LinkedBlockingQueue<>();
  private final List<Element> held = new ArrayList<>();
  final List<Element> focusPresences = java.util.Collections.synchronizedList(new ArrayList<>());
  TestEndpoint endpoint;
  MediaSender sender;
  String sid;
  String focusOccupant;

  /** The session-initiate this participant last accepted. */
  Element initiate;

  /**
   * The video codecs its session-accept takes from the offer, each with its RTX, as a browser
   * answers (its own media is VP8 whatever it says).
   */
  List<String> videoCodecs = List.of("VP8");

  volatile SourceMap remote = SourceMap.EMPTY;
  final Set<String> receivedTags = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * What the focus told this participant that a client cannot apply cleanly: a {@code source-add}
   * of an SSRC it already has, a {@code source-remove} of one it does not have, source changes on a
   * session before its {@code session-accept} went out. lib-jitsi-meet renegotiates on each.
   */
  final List<String> signallingFaults = java.util.Collections.synchronizedList(new ArrayList<>());

  /** When each Jingle request arrived (nanoTime), and when each session-accept went out, by sid. */
  private final Map<Element, Long> arrivedAt =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

  private final Map<String, Long> acceptedAt = new java.util.concurrent.ConcurrentHashMap<>();

  public TestParticipant(int port, String room, String nick, long ssrcBase, boolean jsonSources)
      throws Exception {
    this(login(port, Deployment.DOMAIN, null, null), room, nick, ssrcBase, jsonSources);
  }

  /** A participant that logs in as given: a guest on another domain, or with an account. */
  public TestParticipant(
      XMPPTCPConnectionConfiguration login,
      String room,
      String nick,
      long ssrcBase,
      boolean jsonSources)
      throws Exception {
    this.nick = nick;
    this.room = room;
    this.sources = Colibri2Requests.Sources.of(ssrcBase);
    xmpp = new XMPPTCPConnection(login);
    xmpp.setReplyTimeout(10_000);
    ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(xmpp);
    for (String f :
        List.of(
            "urn:xmpp:jingle:apps:rtp:audio",
            "urn:xmpp:jingle:apps:rtp:video",
            "urn:ietf:rfc:4588",
            "http://jitsi.org/tcc",
            "http://jitsi.org/source-name")) {
      disco.addFeature(f);
    }
    if (jsonSources) {
      disco.addFeature("http://jitsi.org/json-encoded-sources");
    }
    xmpp.registerIQRequestHandler(
        new AbstractIqRequestHandler(
            "jingle", WireNamespaces.JINGLE, IQ.Type.set, IQRequestHandler.Mode.sync) {
          @Override
          public IQ handleIQRequest(IQ request) {
            Element e = reader.read(request);
            arrivedAt.put(e, System.nanoTime());
            incoming.add(e);
            return IQ.createResultIQ(request);
          }
        });
    for (boolean video : new boolean[] {false, true}) {
      // As lib-jitsi-meet does: the focus's mute notice is acted on and never answered.
      xmpp.registerIQRequestHandler(
          new AbstractIqRequestHandler(
              Mute.ELEMENT, Mute.namespace(video), IQ.Type.set, IQRequestHandler.Mode.sync) {
            @Override
            public IQ handleIQRequest(IQ request) {
              mutes.add(reader.read(request));
              return null;
            }
          });
    }
    xmpp.addAsyncStanzaListener(
        s -> focusPresences.add(Xml.parse(s.toXML().toString())),
        s ->
            s instanceof org.jivesoftware.smack.packet.Presence
                && s.getFrom() != null
                && s.getFrom().toString().equalsIgnoreCase(room + "/focus"));
    xmpp.addAsyncStanzaListener(
        s -> removed = true,
        s ->
            s instanceof org.jivesoftware.smack.packet.Presence pr
                && pr.getType() == org.jivesoftware.smack.packet.Presence.Type.unavailable
                && s.getFrom() != null
                && s.getFrom().toString().equalsIgnoreCase(room + "/" + nick));
    xmpp.addAsyncStanzaListener(
        s -> {
          String from = s.getFrom().toString();
          String occupant = from.substring(from.indexOf('/') + 1);
          roomPresences.put(occupant, Xml.parse(s.toXML().toString()));
          if ("owner".equals(affiliationOf(occupant))) {
            everOwners.add(occupant);
          }
        },
        s ->
            s instanceof org.jivesoftware.smack.packet.Presence
                && s.getFrom() != null
                && s.getFrom()
                    .toString()
                    .toLowerCase(java.util.Locale.ROOT)
                    .startsWith(room.toLowerCase(java.util.Locale.ROOT) + "/"));
    xmpp.connect().login();
  }

  /** A login on this domain with this account, or anonymous when {@code user} is null. */
  public static XMPPTCPConnectionConfiguration login(
      int port, String domain, String user, String password) throws Exception {
    XMPPTCPConnectionConfiguration.Builder b =
        XMPPTCPConnectionConfiguration.builder()
            .setXmppDomain(domain)
            .setHostAddress(InetAddress.getLoopbackAddress())
            .setPort(port)
            // STARTTLS when the server offers it (a deployment requires it; the focus tests'
            // server does not), trusting its self-signed certificate: a test participant.
            .setSecurityMode(SecurityMode.ifpossible)
            .setCustomX509TrustManager(new TrustAnyCertificate())
            .setHostnameVerifier((h, s) -> true);
    return (user == null
            ? b.performSaslAnonymousAuthentication()
            : b.setUsernameAndPassword(user, password))
        .build();
  }

  /** The affiliation the room last announced for an occupant, or null. */
  String affiliationOf(String occupantNick) {
    Element p = roomPresences.get(occupantNick);
    Element x = p == null ? null : p.child("x", "http://jabber.org/protocol/muc#user");
    Element item = x == null ? null : x.child("item", "http://jabber.org/protocol/muc#user");
    return item == null ? null : item.attr("affiliation");
  }

  /** The mute IQs the focus sent this participant, oldest first. */
  final java.util.concurrent.BlockingQueue<Element> mutes =
      new java.util.concurrent.LinkedBlockingQueue<>();

  /** The last presence of each occupant of the room, by nick. */
  final Map<String, Element> roomPresences = new java.util.concurrent.ConcurrentHashMap<>();

  /** The occupants the room ever announced as owners, by nick. */
  final Set<String> everOwners = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Whether the room sent this participant its own unavailable presence (kicked or left). */
  volatile boolean removed;

  /** Sends the conference request to {@code focus}; returns the answer (result or error). */
  public Element requestConference(String focus) throws Exception {
    Element c = new Element("conference", WireNamespaces.FOCUS).attr("room", room);
    return ask(focus, c);
  }

  /** Sends an IQ set with this payload; returns the answer (result or error). */
  Element ask(String to, Element payload) throws Exception {
    return ask(to, payload, IQ.Type.set);
  }

  /** Sends an IQ of this type with this payload; returns the answer (result or error). */
  Element ask(String to, Element payload, IQ.Type type) throws Exception {
    ElementIq iq = new ElementIq(payload);
    iq.setType(type);
    iq.setTo(JidCreate.from(to));
    try {
      Stanza answer = xmpp.sendIqRequestAndWaitForResponse(iq);
      return reader.read(answer);
    } catch (XMPPException.XMPPErrorException e) {
      return reader.read(e.getStanza());
    }
  }

  /** The e-mail the join presence carries, as lib-jitsi-meet's {@code setEmail}; null for none. */
  private volatile String email;

  public TestParticipant email(String email) {
    this.email = email;
    return this;
  }

  public void join() throws Exception {
    Element p = Xml.stanza("presence", Map.of("to", room + "/" + nick));
    p.addChild("x", "http://jabber.org/protocol/muc");
    p.addChild("stats-id", "jabber:client").text("stats-" + nick);
    var presence =
        xmpp.getStanzaFactory()
            .buildPresenceStanza()
            .to(JidCreate.from(room + "/" + nick))
            .addExtension(new org.huddle.signalling.smack.ElementExtension(p.child("x", null)))
            .addExtension(
                new org.huddle.signalling.smack.ElementExtension(p.child("stats-id", null)));
    if (email != null) {
      presence.addExtension(
          new org.huddle.signalling.smack.ElementExtension(
              Element.of("email", "jabber:client").text(email)));
    }
    xmpp.sendStanza(presence.build());
    // As lib-jitsi-meet, go on once the room answered (its own presence, or an error): Smack only
    // queues the stanza, so without this a participant created later may be in the room first.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!roomPresences.containsKey(nick) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  public void leave() throws Exception {
    xmpp.sendStanza(
        xmpp.getStanzaFactory()
            .buildPresenceStanza()
            .to(JidCreate.from(room + "/" + nick))
            .ofType(org.jivesoftware.smack.packet.Presence.Type.unavailable)
            .build());
  }

  /** The next Jingle request with this action (others stay queued); fails after the timeout. */
  public Element awaitJingle(String action, Duration timeout) throws InterruptedException {
    Element e = pollJingle(action, timeout);
    if (e == null) {
      throw new AssertionError(
          nick + " got no " + action + " within " + timeout.toSeconds() + " s");
    }
    return e;
  }

  public Element pollJingle(String action, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      synchronized (held) {
        for (var it = held.iterator(); it.hasNext(); ) {
          Element e = it.next();
          if (action.equals(Xml.payload(e).attr("action"))) {
            it.remove();
            apply(e);
            return e;
          }
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      Element e = incoming.poll(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS);
      if (e != null) {
        synchronized (held) {
          held.add(e);
        }
      }
    }
  }

  /**
   * Every Jingle request that arrived, applied in arrival order, until none came for {@code quiet}
   * or {@code done} holds (checked after each). Returns the actions applied.
   */
  public List<String> drainJingle(Duration quiet, java.util.function.BooleanSupplier done)
      throws InterruptedException {
    List<String> actions = new ArrayList<>();
    while (!done.getAsBoolean()) {
      Element e;
      synchronized (held) {
        e = held.isEmpty() ? null : held.remove(0);
      }
      if (e == null) {
        e = incoming.poll(quiet.toNanos(), TimeUnit.NANOSECONDS);
      }
      if (e == null) {
        break;
      }
      apply(e);
      actions.add(Xml.payload(e).attr("action"));
    }
    return actions;
  }

  /** Applies source-add/remove/initiate to what this participant knows of others' sources. */
  private void apply(Element iq) {
    Element j = Xml.payload(iq);
    String action = j.attr("action");
    try {
      SourceMap m = sourcesOf(j);
      if (action.equals("source-add") || action.equals("source-remove")) {
        Long arrived = arrivedAt.get(iq);
        Long accepted = acceptedAt.get(j.attr("sid"));
        if (arrived != null && (accepted == null || arrived < accepted)) {
          signallingFaults.add(action + " before session-accept on " + j.attr("sid"));
        }
      }
      Set<Long> have = new HashSet<>();
      remote.owners().values().forEach(es -> have.addAll(es.ssrcs()));
      for (EndpointSources es : m.owners().values()) {
        for (long ssrc : es.ssrcs()) {
          if (action.equals("source-add") && have.contains(ssrc)) {
            signallingFaults.add("source-add of SSRC " + ssrc + ", signalled before");
          } else if (action.equals("source-remove") && !have.contains(ssrc)) {
            signallingFaults.add("source-remove of SSRC " + ssrc + ", never signalled");
          }
        }
      }
      switch (action) {
        case "session-initiate" -> remote = m;
        case "source-add" -> remote = remote.plus(m);
        case "source-remove" -> remote = remote.minus(m);
        default -> {}
      }
    } catch (SourceCodec.InvalidSources e) {
      throw new AssertionError("the focus sent bad sources: " + e.getMessage());
    }
  }

  /** Sources in a Jingle element: json-message, or standard elements with ssrc-info owners. */
  static SourceMap sourcesOf(Element j) throws SourceCodec.InvalidSources {
    Element json = j.child("json-message", WireNamespaces.JITMEET);
    if (json != null) {
      return SourceCodec.fromJson(json.text());
    }
    Map<String, EndpointSources> out = new LinkedHashMap<>();
    Map<Long, String> owners = new LinkedHashMap<>();
    for (Element c : j.elements("content", WireNamespaces.JINGLE)) {
      Element d = c.child("description", WireNamespaces.RTP);
      if (d == null) {
        continue;
      }
      for (Element s : d.elements("source", WireNamespaces.SSMA)) {
        Element info = s.child("ssrc-info", WireNamespaces.JITMEET);
        if (info == null) {
          throw new SourceCodec.InvalidSources("a source without ssrc-info owner");
        }
        Element one = new Element("content", WireNamespaces.JINGLE).attr("name", c.attr("name"));
        one.addChild("description", WireNamespaces.RTP)
            .attr("media", d.attr("media"))
            .add(s.copy());
        EndpointSources es = SourceCodec.fromJingle(List.of(one));
        out.merge(info.attr("owner"), es, EndpointSources::plus);
        owners.put(Long.parseLong(s.attr("ssrc")), info.attr("owner"));
      }
    }
    for (Element c : j.elements("content", WireNamespaces.JINGLE)) {
      Element d = c.child("description", WireNamespaces.RTP);
      if (d == null) {
        continue;
      }
      Element groupsOnly =
          new Element("content", WireNamespaces.JINGLE).attr("name", c.attr("name"));
      Element gd =
          groupsOnly.addChild("description", WireNamespaces.RTP).attr("media", d.attr("media"));
      d.elements("ssrc-group", WireNamespaces.SSMA).forEach(g -> gd.add(g.copy()));
      for (SsrcGroup g : SourceCodec.fromJingle(List.of(groupsOnly)).groups()) {
        String owner = owners.get(g.ssrcs().get(0));
        out.merge(owner, new EndpointSources(Set.of(), Set.of(g)), EndpointSources::plus);
      }
    }
    return new SourceMap(out);
  }

  /**
   * Waits for a session-initiate and accepts it with this participant's sources; fails unless the
   * focus answers the session-accept with a result. Returns the session-initiate.
   */
  public Element acceptSession() throws Exception {
    Element initiate = awaitJingle("session-initiate", WAIT);
    accept(initiate, true);
    return initiate;
  }

  /**
   * Answers a session-initiate: media over a fresh test endpoint, session-accept with sources.
   * Fails unless the focus answers the session-accept with a result; returns that answer.
   */
  public Element accept(Element initiate, boolean withSources) throws Exception {
    Element j = Xml.payload(initiate);
    this.initiate = initiate;
    sid = j.attr("sid");
    focusOccupant = initiate.attr("from");
    Element transport =
        j.elements("content", WireNamespaces.JINGLE)
            .get(0)
            .child("transport", WireNamespaces.ICE_UDP);
    if (endpoint != null) {
      endpoint.close();
    }
    endpoint = new TestEndpoint(nick);
    endpoint.onRtp(this::received);
    sender = new MediaSender(endpoint, sources).answeringKeyframeRequests();
    endpoint.connect(transport);
    acceptedAt.put(sid, System.nanoTime());
    Element answer = ask(focusOccupant, sessionAccept(withSources));
    if (!"result".equals(answer.attr("type"))) {
      throw new AssertionError(
          nick + "'s session-accept (sid " + sid + ") was answered " + Xml.write(answer));
    }
    return answer;
  }

  private Element sessionAccept(boolean withSources) {
    Element j =
        Jingle.of("session-accept", sid).toElement().attr("responder", xmpp.getUser().toString());
    Element ourTransport =
        endpoint.colibri2Transport().toElement().child("transport", WireNamespaces.ICE_UDP);
    for (String media : List.of("audio", "video")) {
      Element c =
          j.addChild("content", WireNamespaces.JINGLE)
              .attr("creator", "initiator")
              .attr("name", media)
              .attr("senders", "both");
      Element d = c.addChild("description", WireNamespaces.RTP).attr("media", media);
      if (media.equals("audio")) {
        d.addChild("payload-type", WireNamespaces.RTP)
            .attr("id", 111)
            .attr("name", "opus")
            .attr("clockrate", 48000)
            .attr("channels", 2);
        if (withSources) {
          source(d, sources.audioSsrc(), nick + "-a0");
        }
      } else {
        answerVideoCodecs(d);
        if (withSources) {
          for (int i = 0; i < 3; i++) {
            source(d, sources.simulcast().get(i), nick + "-v0");
            source(d, sources.rtx().get(i), nick + "-v0");
          }
          group(d, "SIM", sources.simulcast());
          for (int i = 0; i < 3; i++) {
            group(d, "FID", List.of(sources.simulcast().get(i), sources.rtx().get(i)));
          }
        }
      }
      c.add(ourTransport.copy());
    }
    return j;
  }

  /** The offered video payload types of {@link #videoCodecs}, and the RTX of each. */
  private void answerVideoCodecs(Element description) {
    Element offered = null;
    for (Element c : Xml.payload(initiate).elements("content", WireNamespaces.JINGLE)) {
      Element d = c.child("description", WireNamespaces.RTP);
      if (d != null && "video".equals(d.attr("media"))) {
        offered = d;
      }
    }
    if (offered == null) {
      return;
    }
    Set<String> taken = new HashSet<>();
    for (Element pt : offered.elements("payload-type", WireNamespaces.RTP)) {
      if (videoCodecs.stream().anyMatch(n -> n.equalsIgnoreCase(pt.attr("name")))) {
        taken.add(pt.attr("id"));
      }
    }
    for (Element pt : offered.elements("payload-type", WireNamespaces.RTP)) {
      Element apt = pt.child("parameter", WireNamespaces.RTP);
      boolean rtx =
          "rtx".equals(pt.attr("name"))
              && apt != null
              && "apt".equals(apt.attr("name"))
              && taken.contains(apt.attr("value"));
      if (taken.contains(pt.attr("id")) || rtx) {
        description.add(pt.copy());
      }
    }
  }

  static void source(Element description, long ssrc, String name) {
    Element s =
        description
            .addChild("source", WireNamespaces.SSMA)
            .attr("ssrc", ssrc)
            .attr("name", name)
            .attr("videoType", name.contains("-v") ? "camera" : null);
    s.addChild("parameter", WireNamespaces.SSMA)
        .attr("name", "msid")
        .attr("value", name + "-stream " + name + "-track");
  }

  static void group(Element description, String semantics, List<Long> ssrcs) {
    Element g =
        description.addChild("ssrc-group", WireNamespaces.SSMA).attr("semantics", semantics);
    ssrcs.forEach(s -> g.addChild("source", WireNamespaces.SSMA).attr("ssrc", s));
  }

  /** Sends a Jingle request on the current session; returns the answer. */
  Element sendJingle(Element jingle) throws Exception {
    return ask(focusOccupant, jingle);
  }

  public void awaitMediaConnected() {
    if (!endpoint.awaitConnected(WAIT)) {
      throw new AssertionError(nick + "'s media did not connect to the bridge (ICE + DTLS)");
    }
  }

  private static final java.util.regex.Pattern TAG =
      java.util.regex.Pattern.compile("([A-Za-z0-9]+-(?:a|v[0-9]))-[0-9]+-x");

  private void received(byte[] packet) {
    ReceivedRtp r = new ReceivedRtp(packet);
    String text = new String(r.payload(), java.nio.charset.StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher m = TAG.matcher(text);
    if (m.find()) {
      receivedTags.add(m.group(1));
    }
  }

  /** Whether audio and video tagged by {@code sender} arrived (any simulcast layer). */
  public boolean heard(String sender) {
    return receivedTags.contains(sender + "-a")
        && (receivedTags.contains(sender + "-v0")
            || receivedTags.contains(sender + "-v1")
            || receivedTags.contains(sender + "-v2"));
  }

  /** Owners whose sources this participant knows of. */
  public Set<String> knownOwners() {
    return new HashSet<>(remote.owners().keySet());
  }

  @Override
  public void close() {
    if (endpoint != null) {
      endpoint.close();
    }
    xmpp.disconnect();
  }

  /** Trusts the test server's self-signed certificate; for test participants only. */
  static final class TrustAnyCertificate implements javax.net.ssl.X509TrustManager {
    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

    @Override
    public java.security.cert.X509Certificate[] getAcceptedIssuers() {
      return new java.security.cert.X509Certificate[0];
    }
  }
}
