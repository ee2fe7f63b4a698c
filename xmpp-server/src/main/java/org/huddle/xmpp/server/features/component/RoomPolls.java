package org.huddle.xmpp.server.features.component;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One room's polls, in the order they were created: each with its creator, question, answers and,
 * per answer, who chose it (voter nick to display name). Also the display names of the occupants,
 * from their presence, since a poll names its creator and voters as the room knows them. Guarded by
 * the room's lock (room events and groupchat fire under it).
 */
final class RoomPolls {
  record Poll(
      String id, String senderId, String senderName, String question, List<Answer> answers) {}

  record Answer(String name, Map<String, String> voters) {}

  private final Map<String, Poll> byId = new LinkedHashMap<>();
  private final Map<String, String> names = new HashMap<>();

  int size() {
    return byId.size();
  }

  Poll poll(String id) {
    return byId.get(id);
  }

  void add(String id, String senderId, String question, List<String> answers) {
    List<Answer> list = new ArrayList<>(answers.size());
    for (String a : answers) {
      list.add(new Answer(a, new LinkedHashMap<>()));
    }
    byId.put(id, new Poll(id, senderId, name(senderId), question, list));
  }

  /** Records a vote: {@code choices[i]} says whether the voter chose answer i. */
  void vote(Poll poll, String voter, List<Boolean> choices) {
    for (int i = 0; i < choices.size(); i++) {
      Map<String, String> voters = poll.answers().get(i).voters();
      if (choices.get(i)) {
        voters.put(voter, name(voter));
      } else {
        voters.remove(voter);
      }
    }
  }

  void name(String nick, String displayName) {
    if (displayName != null && !displayName.isBlank()) {
      names.put(nick, displayName);
    }
  }

  /** An occupant's display name, or Jitsi's stand-in for someone who gave none. */
  String name(String nick) {
    return names.getOrDefault(nick, "Fellow Jitster");
  }

  /** The {@code old-polls} message a joiner gets. */
  ObjectNode oldPolls() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode m = f.objectNode().put("type", "old-polls");
    ArrayNode polls = m.putArray("polls");
    for (Poll p : byId.values()) {
      ObjectNode o = polls.addObject();
      o.put("id", p.id())
          .put("senderId", p.senderId())
          .put("senderName", p.senderName())
          .put("question", p.question());
      ArrayNode answers = o.putArray("answers");
      for (Answer a : p.answers()) {
        ObjectNode voters = answers.addObject().put("name", a.name()).putObject("voters");
        a.voters().forEach(voters::put);
      }
    }
    return m;
  }
}
