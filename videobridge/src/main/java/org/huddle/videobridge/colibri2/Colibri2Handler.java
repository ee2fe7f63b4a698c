package org.huddle.videobridge.colibri2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.colibri2.Capability;
import org.huddle.signalling.colibri2.ConferenceModified;
import org.huddle.signalling.colibri2.ConferenceModify;
import org.huddle.signalling.colibri2.Endpoint;
import org.huddle.signalling.colibri2.Sources;
import org.huddle.signalling.colibri2.Transport;
import org.huddle.videobridge.conference.Conference;
import org.huddle.videobridge.conference.Conferences;
import org.huddle.videobridge.endpoint.EndpointSources;
import org.huddle.videobridge.endpoint.EndpointTransport;
import org.huddle.videobridge.endpoint.MediaFormats;
import org.huddle.xmpp.codec.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@code conference-modify} requests: creates, updates and expires conferences and
 * endpoints, and answers with {@code conference-modified} (docs/wire.md#colibri2).
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

  /** Handles a request element; the answer is a {@code conference-modified} element. */
  public Element handle(Element request) throws SignallingException {
    return handle(ConferenceModify.parse(request)).toElement();
  }

  /** Handles a request. */
  public ConferenceModified handle(ConferenceModify request) throws SignallingException {
    String meetingId = request.meetingId();
    if (meetingId == null || meetingId.isBlank()) {
      throw SignallingException.badRequest("conference-modify needs a meeting-id");
    }
    if (request.relays() > 0) {
      throw new SignallingException(
          "feature-not-implemented",
          "feature_not_implemented",
          "relays and exporters are not supported");
    }
    Conference conference = conferences.byMeetingId(meetingId);
    boolean created = false;
    if (request.create()) {
      if (conference != null) {
        throw new SignallingException(
            "conflict", "conference_already_exists", "conference " + meetingId + " exists");
      }
      if (shuttingDown.getAsBoolean()) {
        throw new SignallingException(
            "service-unavailable", "graceful_shutdown", "the bridge is shutting down");
      }
      conference = conferences.create(meetingId, request.name());
      if (conference == null) {
        throw new SignallingException(
            "conflict", "conference_already_exists", "conference " + meetingId + " exists");
      }
      created = true;
    } else if (conference == null) {
      throw new SignallingException(
          "item-not-found", "conference_not_found", "no conference with meeting-id " + meetingId);
    }
    if (request.expire()) {
      conferences.expire(conference);
      return new ConferenceModified(List.of(), null);
    }
    List<Endpoint> answers = new ArrayList<>();
    boolean endpointCreated = false;
    for (Endpoint e : request.endpoints()) {
      Endpoint answer = endpoint(conference, e);
      if (answer != null) {
        answers.add(answer);
      }
      endpointCreated |= e.create();
    }
    Sources feedback =
        created || endpointCreated
            ? Colibri2Codec.feedbackSources(
                conference.feedbackAudioSsrc(), conference.feedbackVideoSsrc())
            : null;
    conference.reallocate();
    return new ConferenceModified(answers, feedback);
  }

  private Endpoint endpoint(Conference conference, Endpoint e) throws SignallingException {
    String id = e.id();
    if (id == null || id.isBlank()) {
      throw SignallingException.badRequest("endpoint needs an id");
    }
    if (e.expire()) {
      conference.expireEndpoint(id);
      return Endpoint.expired(id);
    }
    // Work out everything before changing anything, so a malformed request changes nothing.
    MediaFormats formats = Colibri2Codec.media(e.media());
    var sources = e.sources() == null ? null : Colibri2Codec.sources(e.sources(), id);
    Colibri2Codec.RemoteTransport remote =
        e.transport() == null || e.transport().ice() == null
            ? null
            : Colibri2Codec.transport(e.transport().ice());
    org.huddle.videobridge.endpoint.Endpoint endpoint;
    boolean create = e.create();
    if (create) {
      if (!e.has(Capability.SOURCE_NAMES)) {
        throw SignallingException.badRequest(
            "endpoint " + id + " lacks the source-names capability");
      }
      if (e.transport() == null) {
        throw SignallingException.badRequest("endpoint " + id + " is created without a transport");
      }
      try {
        endpoint = conference.createEndpoint(id);
      } catch (IOException ex) {
        LOG.warn("cannot allocate endpoint {}", id, ex);
        throw new SignallingException(
            "internal-server-error", null, "cannot allocate the transport");
      }
      if (endpoint == null) {
        throw new SignallingException("conflict", null, "endpoint " + id + " exists");
      }
    } else {
      endpoint = conference.endpoint(id);
      if (endpoint == null) {
        throw new SignallingException(
            "item-not-found", "unknown_endpoint", "no endpoint " + id, id);
      }
    }
    if (e.statsId() != null) {
      endpoint.setStatsId(e.statsId());
    }
    if (formats != null) {
      endpoint.setFormats(formats.merge(endpoint.formats()));
    }
    if (sources != null) {
      if ("visitor".equals(e.mucRole()) && !sources.isEmpty()) {
        throw SignallingException.badRequest("visitors cannot send sources");
      }
      endpoint.setSources(new EndpointSources(sources));
    }
    if (e.forceMute() != null) {
      endpoint.setForceMute(e.forceMute().audio(), e.forceMute().video());
    }
    if (e.initialLastN() != null) {
      endpoint.setConstraints(endpoint.constraints().withLastN(e.initialLastN().value()));
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
    var ice =
        Colibri2Codec.transport(
            t.ufrag(),
            t.password(),
            t.localCandidates(),
            conferences.context().certificate().fingerprint(),
            webSocketUrls.url(conference.id(), id, endpoint.colibriWsPassword()));
    return Endpoint.builder(id).transport(new Transport(null, ice)).build();
  }
}
