package org.huddle.videobridge.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.jingle.WebSocket;
import org.huddle.videobridge.Videobridge;
import org.huddle.xmpp.codec.Element;

/**
 * Joins test endpoints to one conference on an in-process bridge through Colibri2, as a focus
 * would: the first join creates the conference.
 */
public final class TestConference implements AutoCloseable {
  private final Videobridge bridge;
  private final String meetingId;
  private final List<TestEndpoint> endpoints = new ArrayList<>();
  private Element lastAnswer;
  private final java.util.Map<String, String> webSocketUrls = new java.util.HashMap<>();

  public TestConference(Videobridge bridge, String meetingId) {
    this.bridge = bridge;
    this.meetingId = meetingId;
  }

  /** Creates an endpoint with the given sources (null for none) and connects its media. */
  public TestEndpoint join(String id, Colibri2Requests.Sources sources)
      throws IOException, SignallingException {
    return join(new TestEndpoint(id), sources);
  }

  /** Joins an endpoint made by the caller (for example {@link TestEndpoint#overTcp}). */
  public TestEndpoint join(TestEndpoint e, Colibri2Requests.Sources sources)
      throws IOException, SignallingException {
    String id = e.id();
    endpoints.add(e);
    Element request =
        Colibri2Requests.createEndpoint(
            Colibri2Requests.conferenceModify(meetingId, endpoints.size() == 1), e, sources);
    lastAnswer = bridge.colibri2().handle(request);
    Element transport = Colibri2Requests.bridgeTransport(lastAnswer, id);
    Element ws = transport.child(WebSocket.ELEMENT, WebSocket.NAMESPACE);
    if (ws != null) {
      webSocketUrls.put(id, ws.attr("url"));
    }
    e.connect(transport);
    if (!e.awaitConnected(Duration.ofSeconds(20))) {
      throw new AssertionError("endpoint " + id + " did not connect (ICE + DTLS)");
    }
    return e;
  }

  /** Opens the bridge channel of an endpoint that joined, at the URL the bridge advertised. */
  public BridgeChannelClient openChannel(String endpointId) throws Exception {
    String url = webSocketUrls.get(endpointId);
    if (url == null) {
      throw new AssertionError("the bridge advertised no colibri-ws URL for " + endpointId);
    }
    return BridgeChannelClient.connect(url, bridge.publicHttpPort());
  }

  /** The colibri-ws URL the bridge advertised for an endpoint. */
  public String webSocketUrl(String endpointId) {
    return webSocketUrls.get(endpointId);
  }

  /** The last conference-modified answer. */
  public Element lastAnswer() {
    return lastAnswer;
  }

  public String meetingId() {
    return meetingId;
  }

  @Override
  public void close() {
    endpoints.forEach(TestEndpoint::close);
  }
}
