package org.huddle.xmpp.server.features.component;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.OccupantEvent;
import org.huddle.xmpp.server.api.Room;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jitsi's {@code polls} MUC module (docs/wire.md, "Polls"): polls travel as groupchat {@code
 * <json-message xmlns='http://jitsi.org/jitmeet'>} messages ({@code new-poll}, {@code
 * answer-poll}); the room keeps each poll and its votes, and sends a joiner the polls so far
 * ({@code old-polls}). Before a poll message reaches the others it is checked: a json-message that
 * is no JSON object, a poll message of {@value #PAYLOAD_LIMIT} characters or more, one that is
 * malformed (missing ids, answers that are not strings or booleans, a vote with the wrong number of
 * answers), a second poll with the same id, a vote on a poll the room does not have, or a poll past
 * the room's {@value #POLLS_PER_ROOM} is refused: the sender gets a message error saying why,
 * nobody else sees it, and it is counted. Creator and voter are the sending occupant (its nick and
 * display name), whatever the JSON says.
 */
public final class Polls {
  private static final Logger LOG = LoggerFactory.getLogger(Polls.class);

  /** The module name in a MUC component's {@code modules_enabled}. */
  public static final String MODULE = "polls";

  static final String NAMESPACE = "http://jitsi.org/jitmeet";

  /** Poll messages this long or longer are refused (Jitsi's limit, in characters). */
  static final int PAYLOAD_LIMIT = 1024;

  /** Polls a room keeps at most (Jitsi's limit). */
  static final int POLLS_PER_ROOM = 128;

  private static final String DATA_KEY = "huddle.polls";
  private static final String NICK = "http://jabber.org/protocol/nick";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Host host;
  private final Router router;
  private final AtomicLong dropped = new AtomicLong();

  private Polls(Host host, Router router) {
    this.host = host;
    this.router = router;
  }

  /** Hooks the polls into a MUC service's room events ({@code host} is the MUC's host). */
  public static Polls install(Host host, Router router) {
    Polls p = new Polls(host, router);
    var events = host.events();
    events.on(MucEvents.OCCUPANT_GROUPCHAT, p::groupchat);
    events.on(MucEvents.OCCUPANT_JOINED, p::joined);
    events.on(MucEvents.BROADCAST_PRESENCE, p::presence);
    return p;
  }

  /** Poll messages refused as bad input. */
  public long dropped() {
    return dropped.get();
  }

  private static RoomPolls state(Room room) {
    return (RoomPolls) room.data().computeIfAbsent(DATA_KEY, k -> new RoomPolls());
  }

  private boolean refuse(OccupantEvent e, Condition condition, String why) {
    dropped.incrementAndGet();
    LOG.debug("{}: refused a poll message from {}: {}", e.room().jid(), e.occupant().nick(), why);
    return e.deny(condition, why);
  }

  private boolean groupchat(OccupantEvent e) {
    String raw = e.stanza().childText("json-message", NAMESPACE);
    if (raw == null) {
      return false;
    }
    JsonNode data;
    try {
      data = JSON.readTree(raw);
    } catch (JacksonException ex) {
      data = null;
    }
    if (data == null || !data.isObject()) {
      return refuse(e, Condition.BAD_REQUEST, "the json-message is not a JSON object");
    }
    String type = data.path("type").asText("");
    if (!type.equals("new-poll") && !type.equals("answer-poll")) {
      return false;
    }
    if (raw.length() >= PAYLOAD_LIMIT) {
      return refuse(
          e,
          Condition.POLICY_VIOLATION,
          "poll message too large: " + raw.length() + " characters, under " + PAYLOAD_LIMIT);
    }
    String pollId = data.path("pollId").isTextual() ? data.get("pollId").asText() : "";
    if (pollId.isEmpty()) {
      return refuse(e, Condition.BAD_REQUEST, "a poll message needs a pollId string");
    }
    RoomPolls polls = state(e.room());
    String nick = e.occupant().nick();
    if (type.equals("new-poll")) {
      List<String> answers = strings(data.path("answers"));
      if (!data.path("question").isTextual() || data.get("question").asText().isBlank()) {
        return refuse(e, Condition.BAD_REQUEST, "a new poll needs a question string");
      }
      if (answers == null || answers.size() < 2) {
        return refuse(e, Condition.BAD_REQUEST, "a new poll needs two or more answer strings");
      }
      if (polls.poll(pollId) != null) {
        return refuse(e, Condition.NOT_ALLOWED, "Poll already exists");
      }
      if (polls.size() >= POLLS_PER_ROOM) {
        return refuse(
            e, Condition.RESOURCE_CONSTRAINT, "this meeting has " + POLLS_PER_ROOM + " polls");
      }
      polls.add(pollId, nick, data.get("question").asText(), answers);
      return false;
    }
    RoomPolls.Poll poll = polls.poll(pollId);
    if (poll == null) {
      return refuse(e, Condition.ITEM_NOT_FOUND, "no poll " + pollId + " in this meeting");
    }
    List<Boolean> choices = booleans(data.path("answers"));
    if (choices == null || choices.size() != poll.answers().size()) {
      return refuse(
          e,
          Condition.BAD_REQUEST,
          "a vote needs " + poll.answers().size() + " answers, each true or false");
    }
    polls.vote(poll, nick, choices);
    return false;
  }

  private static List<String> strings(JsonNode array) {
    return list(array, JsonNode::isTextual, JsonNode::asText);
  }

  private static List<Boolean> booleans(JsonNode array) {
    return list(array, JsonNode::isBoolean, JsonNode::asBoolean);
  }

  /** The items of a JSON array, all of one kind; null when it is no array or an item differs. */
  private static <T> List<T> list(
      JsonNode array, Predicate<JsonNode> kind, Function<JsonNode, T> value) {
    if (!array.isArray()) {
      return null;
    }
    List<T> out = new ArrayList<>();
    for (JsonNode n : array) {
      if (!kind.test(n)) {
        return null;
      }
      out.add(value.apply(n));
    }
    return out;
  }

  private boolean joined(OccupantEvent e) {
    RoomPolls polls = state(e.room());
    polls.name(e.occupant().nick(), displayName(e.stanza()));
    if (polls.size() == 0) {
      return false;
    }
    Element m =
        Element.of("message", Namespaces.CLIENT)
            .attr("from", e.room().jid().toString())
            .attr("to", e.occupant().realJid().toString());
    m.add(Element.of("json-message", NAMESPACE).text(polls.oldPolls().toString()));
    router.route(m, router.internalOrigin(host));
    return false;
  }

  private boolean presence(OccupantEvent e) {
    state(e.room()).name(e.occupant().nick(), displayName(e.stanza()));
    return false;
  }

  private static String displayName(Element presence) {
    return presence == null ? null : presence.childText("nick", NICK);
  }
}
