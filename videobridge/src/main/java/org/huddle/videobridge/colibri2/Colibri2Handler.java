package org.huddle.videobridge.colibri2;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.huddle.videobridge.conference.Conference;
import org.huddle.videobridge.conference.Conferences;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.endpoint.EndpointSources;
import org.huddle.videobridge.endpoint.EndpointTransport;
import org.huddle.videobridge.endpoint.MediaFormats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@code conference-modify} requests: creates, updates and expires conferences and
 * endpoints, and answers with {@code conference-modified} (shared/WIRE.md §3).
 */
public final class Colibri2Handler {
  private static final Logger LOG = LoggerFactory.getLogger(Colibri2Handler.class);

  /** Builds the colibri-ws URL for an endpoint, or returns null when colibri-ws is off. */
  @FunctionalInterface
  public interface WebSocketUrls {
    String url(String conferenceId, String endpointId, String password);
  }

  private final Conferences conferences;
  private final BooleanSupplier shuttingDown;
  private final WebSocketUrls webSocketUrls;

  public Colibri2Handler(
      Conferences conferences, BooleanSupplier shuttingDown, WebSocketUrls webSocketUrls) {
    this.conferences = conferences;
    this.shuttingDown = shuttingDown;
    this.webSocketUrls = webSocketUrls;
  }

  /** Handles a request; the answer is a {@code conference-modified} element. */
  public XmlElement handle(XmlElement request) throws Colibri2Exception {
    if (!Colibri2.CONFERENCE_MODIFY.equals(request.name())
        || !Colibri2.NS.equals(request.namespace())) {
      throw new Colibri2Exception(
          "feature-not-implemented", "feature_not_implemented", "not a conference-modify");
    }
    String meetingId = request.attr("meeting-id");
    if (meetingId == null || meetingId.isBlank()) {
      throw Colibri2Codec.badRequest("conference-modify needs a meeting-id");
    }
    if (!request.children("relay").isEmpty() || !request.children("connects").isEmpty()) {
      throw new Colibri2Exception(
          "feature-not-implemented",
          "feature_not_implemented",
          "relays and exporters are not supported");
    }
    XmlElement response = new XmlElement(Colibri2.CONFERENCE_MODIFIED, Colibri2.NS);
    Conference conference = conferences.byMeetingId(meetingId);
    boolean created = false;
    if (request.flag("create")) {
      if (conference != null) {
        throw new Colibri2Exception(
            "conflict", "conference_already_exists", "conference " + meetingId + " exists");
      }
      if (shuttingDown.getAsBoolean()) {
        throw new Colibri2Exception(
            "service-unavailable", "graceful_shutdown", "the bridge is shutting down");
      }
      conference = conferences.create(meetingId, request.attr("name"));
      if (conference == null) {
        throw new Colibri2Exception(
            "conflict", "conference_already_exists", "conference " + meetingId + " exists");
      }
      created = true;
    } else if (conference == null) {
      throw new Colibri2Exception(
          "item-not-found", "conference_not_found", "no conference with meeting-id " + meetingId);
    }
    if (request.flag("expire")) {
      conferences.expire(conference);
      return response;
    }
    boolean endpointCreated = false;
    for (XmlElement e : request.children("endpoint", Colibri2.NS)) {
      XmlElement answer = endpoint(conference, e);
      if (answer != null) {
        response.add(answer);
      }
      endpointCreated |= e.flag("create");
    }
    if (created || endpointCreated) {
      response.add(
          Colibri2Codec.feedbackSources(
              conference.feedbackAudioSsrc(), conference.feedbackVideoSsrc()));
    }
    conference.reallocate();
    return response;
  }

  private XmlElement endpoint(Conference conference, XmlElement e) throws Colibri2Exception {
    String id = e.attr("id");
    if (id == null || id.isBlank()) {
      throw Colibri2Codec.badRequest("endpoint needs an id");
    }
    if (e.flag("expire")) {
      conference.expireEndpoint(id);
      return new XmlElement("endpoint", Colibri2.NS).attr("id", id).attr("expire", "true");
    }
    // Parse everything before changing anything, so a malformed request changes nothing.
    MediaFormats formats = Colibri2Codec.media(e.children("media", Colibri2.NS));
    var sourcesElement = e.child("sources", Colibri2.NS);
    var sources =
        sourcesElement.isPresent() ? Colibri2Codec.sources(sourcesElement.get(), id) : null;
    Colibri2Codec.RemoteTransport remote = null;
    var transport = e.child("transport", Colibri2.NS);
    if (transport.isPresent()) {
      var ice = transport.get().child("transport", Colibri2.NS_ICE_UDP);
      if (ice.isPresent()) {
        remote = Colibri2Codec.transport(ice.get());
      }
    }
    Integer initialLastN = null;
    var lastN = e.child("initial-last-n", Colibri2.NS);
    if (lastN.isPresent()) {
      initialLastN = Colibri2Codec.intAttr(lastN.get(), "value", -1);
    }
    Endpoint endpoint;
    boolean create = e.flag("create");
    if (create) {
      boolean sourceNames =
          e.children("capability", Colibri2.NS).stream()
              .anyMatch(c -> "source-names".equals(c.attr("name")));
      if (!sourceNames) {
        throw Colibri2Codec.badRequest("endpoint " + id + " lacks the source-names capability");
      }
      if (transport.isEmpty()) {
        throw Colibri2Codec.badRequest("endpoint " + id + " is created without a transport");
      }
      try {
        endpoint = conference.createEndpoint(id);
      } catch (IOException ex) {
        LOG.warn("cannot allocate endpoint {}", id, ex);
        throw new Colibri2Exception("internal-server-error", null, "cannot allocate the transport");
      }
      if (endpoint == null) {
        throw new Colibri2Exception("conflict", null, "endpoint " + id + " exists");
      }
    } else {
      endpoint = conference.endpoint(id);
      if (endpoint == null) {
        throw new Colibri2Exception("item-not-found", "unknown_endpoint", "no endpoint " + id, id);
      }
    }
    if (e.attr("stats-id") != null) {
      endpoint.setStatsId(e.attr("stats-id"));
    }
    if (formats != null) {
      endpoint.setFormats(formats.merge(endpoint.formats()));
    }
    if (sources != null) {
      if ("visitor".equals(e.attr("muc-role")) && !sources.isEmpty()) {
        throw Colibri2Codec.badRequest("visitors cannot send sources");
      }
      endpoint.setSources(new EndpointSources(sources));
    }
    var forceMute = e.child("force-mute", Colibri2.NS);
    if (forceMute.isPresent()) {
      endpoint.setForceMute(forceMute.get().flag("audio"), forceMute.get().flag("video"));
    }
    if (initialLastN != null) {
      endpoint.setConstraints(endpoint.constraints().withLastN(initialLastN));
    }
    EndpointTransport t = endpoint.transport();
    if (remote != null) {
      t.setRemote(
          remote.ufrag(),
          remote.password(),
          remote.candidates(),
          remote.fingerprintHash(),
          remote.fingerprint(),
          remote.setup());
    }
    if (!create) {
      return null;
    }
    XmlElement answer = new XmlElement("endpoint", Colibri2.NS).attr("id", id);
    XmlElement outer = answer.add("transport", Colibri2.NS);
    outer.add(
        Colibri2Codec.transport(
            t.ufrag(),
            t.password(),
            t.localCandidates(),
            conferences.context().certificate().fingerprint(),
            webSocketUrls.url(conference.id(), id, endpoint.colibriWsPassword())));
    return answer;
  }
}
