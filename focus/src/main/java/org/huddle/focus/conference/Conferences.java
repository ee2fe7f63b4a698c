package org.huddle.focus.conference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.bridge.BridgeEvents;
import org.huddle.focus.xml.StanzaErrors;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.jitsi.JsonMessage;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.Namespaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The focus's conferences, one per room, and the Jitsi {@code conference} request that starts them
 * (docs/wire.md#conference-iq, #http). A request for a room on the conference MUC service makes the
 * focus join it as owner; the answer says {@code ready} once it is in.
 */
public final class Conferences implements BridgeEvents {
  private static final Logger LOG = LoggerFactory.getLogger(Conferences.class);

  /**
   * A conference request, from XMPP or HTTP.
   *
   * @param requester the IQ's {@code from}, or null (HTTP): who asks decides whether they may start
   *     the conference ({@link Admission})
   */
  public record Request(
      String room, String machineUid, Map<String, String> properties, String requester) {}

  /**
   * The answer: {@code ready} or not yet, or an error (an RFC 6120 condition and its text).
   *
   * @param room the room JID as understood
   * @param ready whether the focus is in the room
   * @param focusJid the focus's bare JID
   * @param properties Jicofo's result properties
   * @param error the condition, or null
   * @param text the error text, or null
   */
  public record Answer(
      String room,
      boolean ready,
      String focusJid,
      Map<String, String> properties,
      String error,
      String text) {
    static Answer error(String condition, String text) {
      return new Answer(null, false, null, Map.of(), condition, text);
    }
  }

  /** The text of the answer to a request while no bridge is operational. */
  public static final String NO_BRIDGE = "No videobridge is available";

  private final ConferenceContext ctx;
  private final ConferenceEvents events = new ConferenceEvents();
  private final Map<String, Conference> conferences = new ConcurrentHashMap<>();
  private final BooleanSupplier connected;
  private final Duration readyWait;

  /** The A/V moderation component's address, as the domain's disco#info names it, or null. */
  private volatile String avModerationComponent;

  /**
   * @param connected whether the client connection is up (no conference starts without it)
   * @param readyWait how long a request waits for the focus to get into the room
   */
  public Conferences(ConferenceContext ctx, BooleanSupplier connected, Duration readyWait) {
    this.ctx = ctx;
    this.connected = connected;
    this.readyWait = readyWait;
    ctx.stats().count(events);
  }

  /** The hooks every conference fires its events to. */
  public ConferenceEvents events() {
    return events;
  }

  /**
   * Handles a conference request: checks the room and who asks ({@link Admission}), starts the
   * conference if needed, and answers once the focus is in the room (or with {@code ready=false}
   * after a short wait, which makes the client ask again).
   */
  public CompletableFuture<Answer> request(Request request) {
    ctx.stats().conferenceRequests.incrementAndGet();
    String room = request.room();
    if (room == null || room.isBlank()) {
      return CompletableFuture.completedFuture(Answer.error("bad-request", "room is missing"));
    }
    Jid jid = Jid.ofOrNull(room.trim());
    String mucDomain = ctx.config().xmpp().conferenceMucDomain();
    if (jid == null || jid.local() == null || jid.resource() != null) {
      return CompletableFuture.completedFuture(
          Answer.error("bad-request", "room is not a room JID: " + room));
    }
    String breakoutDomain = ctx.config().xmpp().breakoutMucDomain();
    if (!jid.domain().equalsIgnoreCase(mucDomain)
        && !jid.domain().equalsIgnoreCase(breakoutDomain)) {
      return CompletableFuture.completedFuture(
          Answer.error(
              "bad-request",
              "rooms are on " + mucDomain + " or " + breakoutDomain + ", not " + jid.domain()));
    }
    String bare = jid.toString().toLowerCase(Locale.ROOT);
    if (!connected.getAsBoolean()) {
      return CompletableFuture.completedFuture(answer(bare, false));
    }
    Admission.Verdict verdict =
        ctx.admission().decide(request.requester(), bare, conferences.get(bare));
    if (verdict == Admission.Verdict.NOT_AUTHORIZED) {
      return CompletableFuture.completedFuture(
          Answer.error("not-authorized", ctx.admission().refusal()));
    }
    if (verdict == Admission.Verdict.WAIT) {
      return CompletableFuture.completedFuture(answer(bare, false));
    }
    if (ctx.registry().operational().isEmpty() && !conferences.containsKey(bare)) {
      // Said at once rather than by a conference that can never start; the client retries.
      ctx.stats().noBridgeErrors.incrementAndGet();
      return CompletableFuture.completedFuture(Answer.error("service-unavailable", NO_BRIDGE));
    }
    Conference[] created = {null};
    Conference c =
        conferences.compute(
            bare,
            (k, existing) -> {
              if (existing != null && existing.state() != Phase.ENDED) {
                return existing;
              }
              Conference fresh = new Conference(ctx, events, k, this::ended);
              ctx.stats().conferencesCreated.incrementAndGet();
              created[0] = fresh;
              return fresh;
            });
    // Joined only once the map holds it: the room's answer to the join is routed by this map, and
    // a join sent from inside compute() could be answered before the mapping is visible, leaving
    // the focus outside its own room for good.
    if (created[0] != null) {
      created[0].start();
    }
    return c.joined()
        .copy()
        .completeOnTimeout(false, readyWait.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(ready -> answer(bare, ready));
  }

  private Answer answer(String room, boolean ready) {
    Map<String, String> properties = new LinkedHashMap<>(ctx.admission().properties());
    properties.put("sipGatewayEnabled", "false");
    return new Answer(room, ready, ctx.config().xmpp().focusJid(), properties, null, null);
  }

  private void ended(Conference c) {
    conferences.remove(c.roomJid(), c);
  }

  /** Routes a presence from a conference room; false when it is from no conference's room. */
  public boolean presence(Element presence) {
    String from = presence.attr("from");
    if (from == null) {
      return false;
    }
    int slash = from.indexOf('/');
    String room = (slash < 0 ? from : from.substring(0, slash)).toLowerCase(Locale.ROOT);
    Conference c = conferences.get(room);
    if (c == null) {
      return false;
    }
    c.onPresence(presence);
    return true;
  }

  @Override
  public void bridgeAvailable(Bridge bridge) {
    conferences.values().forEach(Conference::onBridgeAvailable);
  }

  @Override
  public void bridgeLost(Bridge bridge, String why) {
    conferences.values().forEach(c -> c.onBridgeLost(bridge, why));
  }

  /** Ends every conference (the focus lost its connection, or is stopping). */
  public void stopAll(String why) {
    conferences.values().forEach(c -> c.stop(why));
  }

  /**
   * A mute request relayed by a room from one of its occupants (docs/wire.md#mute): handed to the
   * room's conference, or refused {@code item-not-found} when the focus runs none there.
   */
  public CompletableFuture<Element> mute(Element request) {
    String from = request.attr("from");
    Jid jid = from == null ? null : Jid.ofOrNull(from);
    Conference c = jid == null ? null : get(jid.bare().toString());
    if (c == null) {
      return CompletableFuture.completedFuture(
          StanzaErrors.reply(request, "item-not-found", "no conference in this room", null));
    }
    return c.onMute(request);
  }

  /** The conference of a room (its bare JID), or null when there is none. */
  public Conference get(String room) {
    return room == null ? null : conferences.get(room.toLowerCase(Locale.ROOT));
  }

  /** The live conferences. */
  public List<Conference> all() {
    return new ArrayList<>(conferences.values());
  }

  /** How many conferences there are. */
  public int count() {
    return conferences.size();
  }

  /** Participants in all conferences. */
  public int participants() {
    return conferences.values().stream().mapToInt(Conference::size).sum();
  }

  /**
   * Finds the A/V moderation component as Jicofo does: the {@code av_moderation} identity in the
   * disco#info of the XMPP domain, whose {@code name} is the component's address. Run after each
   * login; without one, moderation messages are ignored.
   */
  public CompletableFuture<String> discoverComponents() {
    String domain = ctx.config().xmpp().xmppDomain();
    Element query = new Element("query", Namespaces.DISCO_INFO);
    return ctx.xmpp()
        .request(Xml.iq("get", domain, query), ctx.config().xmpp().replyTimeout())
        .handle(
            (answer, error) -> {
              String address = null;
              Element q = answer == null || Xml.isError(answer) ? null : Xml.payload(answer);
              for (Element i : q == null ? List.<Element>of() : q.elements("identity", null)) {
                if ("av_moderation".equals(i.attr("type")) && i.attr("name") != null) {
                  address = i.attr("name").toLowerCase(Locale.ROOT);
                }
              }
              avModerationComponent = address;
              LOG.info("A/V moderation component: {}", address == null ? "none" : address);
              return address;
            });
  }

  /**
   * A message to the focus. One from the A/V moderation component about a room the focus runs is
   * handed to that conference; anything else is ignored. Returns whether it was handed on.
   */
  public boolean message(Element message) {
    String from = message.attr("from");
    String component = avModerationComponent;
    if (component == null || from == null || !from.equalsIgnoreCase(component)) {
      return false;
    }
    Element json = message.child(JsonMessage.ELEMENT, JsonMessage.NAMESPACE);
    AvModerationNotice notice = json == null ? null : AvModerationNotice.parse(json.text());
    Conference c = notice == null ? null : get(notice.room());
    if (c == null) {
      LOG.debug("ignored a message from {}: not about a conference of this focus", from);
      return false;
    }
    c.onAvModeration(notice);
    return true;
  }
}
