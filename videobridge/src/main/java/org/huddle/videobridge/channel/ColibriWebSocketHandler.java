package org.huddle.videobridge.channel;

import java.util.List;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * Accepts {@code /colibri-ws/<server-id>/<conference-id>/<endpoint-id>?pwd=<password>} upgrades:
 * 404 for a wrong server, conference or endpoint, 403 for a wrong password.
 */
public final class ColibriWebSocketHandler implements WebSocketCreator {
  public static final String PATH_PREFIX = "/colibri-ws/";

  private final BridgeChannels channels;
  private final String serverId;

  public ColibriWebSocketHandler(BridgeChannels channels, String serverId) {
    this.channels = channels;
    this.serverId = serverId;
  }

  @Override
  public Object createWebSocket(
      ServerUpgradeRequest request,
      ServerUpgradeResponse response,
      org.eclipse.jetty.util.Callback callback) {
    String path = request.getHttpURI().getPath();
    List<String> parts =
        List.of(path.substring(Math.min(path.length(), PATH_PREFIX.length())).split("/"));
    if (!path.startsWith(PATH_PREFIX) || parts.size() != 3 || !parts.get(0).equals(serverId)) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return null;
    }
    Fields query = org.eclipse.jetty.server.Request.extractQueryParameters(request);
    String pwd = query.getValue("pwd");
    String conferenceId = parts.get(1);
    String endpointId = parts.get(2);
    if (channels.authorize(conferenceId, endpointId, pwd) == null) {
      Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
      return null;
    }
    return new Connection(conferenceId, endpointId);
  }

  /** One open channel. */
  public final class Connection implements Session.Listener.AutoDemanding, BridgeChannels.Channel {
    private final String conferenceId;
    private final String endpointId;
    private volatile Session session;

    Connection(String conferenceId, String endpointId) {
      this.conferenceId = conferenceId;
      this.endpointId = endpointId;
    }

    @Override
    public void onWebSocketOpen(Session s) {
      session = s;
      channels.opened(conferenceId, endpointId, this);
    }

    @Override
    public void onWebSocketText(String message) {
      channels.received(conferenceId, endpointId, message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      channels.closed(conferenceId, endpointId, this);
    }

    @Override
    public synchronized void send(String json) {
      Session s = session;
      if (s != null && s.isOpen()) {
        s.sendText(json, Callback.NOOP);
      }
    }

    @Override
    public void close(int code, String reason) {
      Session s = session;
      if (s != null) {
        s.close(code, reason, Callback.NOOP);
      }
    }
  }
}
