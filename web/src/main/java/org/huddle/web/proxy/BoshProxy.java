package org.huddle.web.proxy;

import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.huddle.web.metrics.WebMetrics;

/**
 * {@code /http-bind} (BOSH) passed to the XMPP server's HTTP port, as nginx does in front of
 * jitsi-meet. The XMPP server believes {@code X-Forwarded-For} from loopback proxies, so the
 * browser's address (which the private-room attempt limit counts by) survives the hop.
 */
public final class BoshProxy extends ProxyHandler.Reverse {
  private final Duration timeout;
  private final WebMetrics metrics;

  public BoshProxy(URI upstream, HttpClient client, Duration timeout, WebMetrics metrics) {
    super(request -> rewrite(upstream, request));
    this.timeout = timeout;
    this.metrics = metrics;
    setHttpClient(client);
  }

  static HttpURI rewrite(URI upstream, Request request) {
    HttpURI in = request.getHttpURI();
    return HttpURI.build(upstream.toString() + in.getPath()).query(in.getQuery()).asImmutable();
  }

  @Override
  protected org.eclipse.jetty.client.Request newProxyToServerRequest(
      Request clientToProxy, HttpURI target) {
    return super.newProxyToServerRequest(clientToProxy, target)
        .timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Override
  protected void addProxyHeaders(Request clientToProxy, org.eclipse.jetty.client.Request toServer) {
    super.addProxyHeaders(clientToProxy, toServer);
    var forwarded = Forwarding.headers(clientToProxy);
    toServer.headers(h -> forwarded.forEach(h::put));
  }

  @Override
  protected void onServerToProxyResponseFailure(
      Request clientToProxy,
      org.eclipse.jetty.client.Request proxyToServer,
      org.eclipse.jetty.client.Response serverToProxy,
      org.eclipse.jetty.server.Response proxyToClient,
      org.eclipse.jetty.util.Callback callback,
      Throwable failure) {
    metrics.proxyFailed("xmpp");
    super.onServerToProxyResponseFailure(
        clientToProxy, proxyToServer, serverToProxy, proxyToClient, callback, failure);
  }
}
