package org.huddle.videobridge.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.videobridge.conference.Conference;
import org.huddle.videobridge.conference.ConferenceListener;
import org.huddle.videobridge.conference.Conferences;
import org.huddle.videobridge.endpoint.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open bridge channel, by conference and endpoint, and what goes over them: conference events
 * out, receiver requests in. One channel per endpoint; a new connection replaces the old.
 */
public final class BridgeChannels implements ConferenceListener {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeChannels.class);

  /** One open connection. */
  public interface Channel {
    void send(String json);

    void close(int code, String reason);
  }

  private final Conferences conferences;
  private final String version;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong refused =
      new java.util.concurrent.atomic.AtomicLong();

  public BridgeChannels(Conferences conferences, String version) {
    this.conferences = conferences;
    this.version = version;
    conferences.addListener(this);
  }

  private static String key(String conferenceId, String endpointId) {
    return conferenceId + "/" + endpointId;
  }

  /** Checks a connection attempt: the endpoint must exist and the password match. */
  public Endpoint authorize(String conferenceId, String endpointId, String password) {
    Conference c = conferences.byId(conferenceId);
    Endpoint e = c == null ? null : c.endpoint(endpointId);
    if (e == null || password == null || !password.equals(e.colibriWsPassword())) {
      return null;
    }
    return e;
  }

  /** A connection opened: registers it, replacing an older one, and says hello. */
  public void opened(String conferenceId, String endpointId, Channel channel) {
    Channel old = channels.put(key(conferenceId, endpointId), channel);
    if (old != null) {
      old.close(1001, "replaced");
    }
    channel.send(ChannelMessages.serverHello(version));
    Conference c = conferences.byId(conferenceId);
    if (c != null && c.dominantSpeaker() != null) {
      channel.send(ChannelMessages.dominantSpeaker(c.dominantSpeaker(), List.of()));
    }
    if (c != null) {
      channel.send(ChannelMessages.forwardedSources(c.forwardedSources(endpointId)));
    }
  }

  /** A connection closed. */
  public void closed(String conferenceId, String endpointId, Channel channel) {
    channels.remove(key(conferenceId, endpointId), channel);
  }

  /** A text frame from an endpoint. */
  public void received(String conferenceId, String endpointId, String text) {
    ObjectNode m = ChannelMessages.parse(text);
    Conference c = conferences.byId(conferenceId);
    Endpoint e = c == null ? null : c.endpoint(endpointId);
    if (e == null) {
      LOG.debug("ignoring bridge channel message from {}: {}", endpointId, text);
      return;
    }
    if (m == null) {
      refuse(conferenceId, endpointId, "malformed", "not a JSON object with a colibriClass");
      return;
    }
    String type = m.get("colibriClass").asText();
    switch (type) {
      case ChannelMessages.CLIENT_HELLO ->
          send(conferenceId, endpointId, ChannelMessages.serverHello(version));
      case ChannelMessages.RECEIVER_VIDEO_CONSTRAINTS -> {
        e.setConstraints(ChannelMessages.constraints(m, e.constraints()));
        c.reallocate();
      }
      case ChannelMessages.LAST_N_CHANGED -> {
        e.setConstraints(e.constraints().withLastN(m.path("lastN").asInt(-1)));
        c.reallocate();
      }
      case ChannelMessages.RECEIVER_AUDIO_SUBSCRIPTION -> audioSubscription(c, e, m);
      case ChannelMessages.ENDPOINT_MESSAGE -> {
        String problem = ChannelMessages.payloadProblem(m);
        if (problem != null) {
          refuse(conferenceId, endpointId, "bad-payload", problem);
        } else {
          relay(c, endpointId, m);
        }
      }
      case ChannelMessages.ENDPOINT_STATS -> relay(c, endpointId, m);
      case ChannelMessages.SOURCE_VIDEO_TYPE -> LOG.debug("{} video type {}", endpointId, m);
      default -> LOG.debug("unknown bridge channel message {} from {}", type, endpointId);
    }
  }

  /** Messages from endpoints refused as malformed (dropped, the sender told why). */
  public long refused() {
    return refused.get();
  }

  private void refuse(String conferenceId, String endpointId, String reason, String why) {
    refused.incrementAndGet();
    LOG.debug("refused a bridge channel message from {}: {}", endpointId, why);
    send(conferenceId, endpointId, ChannelMessages.refused(reason, why));
  }

  private void audioSubscription(Conference c, Endpoint e, ObjectNode m) {
    Set<String> excluded = new HashSet<>();
    if (m.path("mode").asText("").equals("None") || m.path("all").asBoolean(true) == false) {
      Set<String> included = new HashSet<>();
      m.path("include").forEach(v -> included.add(owner(v.asText())));
      m.path("list").forEach(v -> included.add(owner(v.asText())));
      c.endpoints()
          .forEach(
              x -> {
                if (!included.contains(x.id())) {
                  excluded.add(x.id());
                }
              });
    }
    m.path("exclude").forEach(v -> excluded.add(owner(v.asText())));
    e.forwarding().setExcludedAudio(excluded);
  }

  /** Source names are "{endpoint}-a0"; the endpoint is what audio is filtered by. */
  private static String owner(String sourceName) {
    int dash = sourceName.lastIndexOf('-');
    return dash > 0 ? sourceName.substring(0, dash) : sourceName;
  }

  /**
   * EndpointMessage and EndpointStats: "to" one endpoint, or "" for everyone; "from" is set here.
   */
  private void relay(Conference c, String from, ObjectNode m) {
    m.put("from", from);
    String to = m.path("to").asText("");
    String json = m.toString();
    if (to.isEmpty()) {
      c.endpoints().stream()
          .filter(x -> !x.id().equals(from))
          .forEach(x -> send(c.id(), x.id(), json));
    } else if (c.endpoint(to) != null) {
      send(c.id(), to, json);
    }
  }

  private void send(String conferenceId, String endpointId, String json) {
    Channel ch = channels.get(key(conferenceId, endpointId));
    if (ch != null) {
      ch.send(json);
    }
  }

  private void broadcast(Conference c, String json, String except) {
    for (Endpoint e : c.endpoints()) {
      if (!e.id().equals(except)) {
        send(c.id(), e.id(), json);
      }
    }
  }

  /** Sends each endpoint its downlink estimate (jitsi-videobridge does every 10 s). */
  public void sendConnectionStats() {
    for (Conference c : conferences.all()) {
      for (Endpoint e : c.endpoints()) {
        send(c.id(), e.id(), ChannelMessages.connectionStats(e.bandwidthEstimateBps()));
      }
    }
  }

  @Override
  public void dominantSpeakerChanged(Conference c, String dominant, List<String> previous) {
    broadcast(c, ChannelMessages.dominantSpeaker(dominant, previous), null);
  }

  @Override
  public void forwardedSourcesChanged(Conference c, String receiverId, List<String> sources) {
    send(c.id(), receiverId, ChannelMessages.forwardedSources(sources));
  }

  @Override
  public void senderConstraintChanged(
      Conference c, String senderId, String sourceName, int maxHeight) {
    send(c.id(), senderId, ChannelMessages.senderSourceConstraints(sourceName, maxHeight));
  }

  @Override
  public void connectivityChanged(Conference c, String endpointId, boolean active) {
    broadcast(c, ChannelMessages.connectivity(endpointId, active), endpointId);
  }

  @Override
  public void endpointExpired(Conference c, String endpointId) {
    Channel ch = channels.remove(key(c.id(), endpointId));
    if (ch != null) {
      ch.close(1000, "endpoint expired");
    }
  }

  /** Open channels (for stats and tests). */
  public int openChannels() {
    return channels.size();
  }
}
