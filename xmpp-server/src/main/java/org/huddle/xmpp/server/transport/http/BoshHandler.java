package org.huddle.xmpp.server.transport.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.ParserLimits;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.codec.XmlStreamParser;
import org.huddle.xmpp.server.api.SaslContext;
import org.huddle.xmpp.server.config.XmppConfig;
import org.huddle.xmpp.server.limits.AddressLimits;
import org.huddle.xmpp.server.limits.ByteRate;
import org.huddle.xmpp.server.limits.Limit;
import org.huddle.xmpp.server.limits.LimitSettings;
import org.huddle.xmpp.server.session.C2sSession;
import org.huddle.xmpp.server.session.SessionContext;

/**
 * {@code /http-bind}: BOSH requests (XEP-0124, XEP-0206). Reads and parses each body on a virtual
 * thread, then hands it to its session's event loop. HTTP-level faults (too large, not XML, not a
 * BOSH body) get a 4xx with the reason; BOSH-level faults (unknown sid, bad rid) get a terminate
 * body with the XEP-0124 condition. A client address past {@code bosh_max_sessions_per_ip} gets 429
 * Too Many Requests for a new session.
 */
final class BoshHandler extends Handler.Abstract {
  private final SessionContext context;
  private final EventLoopGroup loops;
  private final BoshSessions sessions;
  private final HttpAddresses addresses;
  private final ParserLimits limits;
  private final long maxBody;

  /** How many times the limit an oversized body is read and dropped before the 413 (tooLarge). */
  private static final long DRAIN_FACTOR = 4;

  private final int maxWait;
  private final int maxHold;
  private final Duration inactivity;
  private final Duration polling;
  private final boolean crossDomain;

  BoshHandler(
      SessionContext context,
      EventLoopGroup loops,
      BoshSessions sessions,
      HttpAddresses addresses) {
    this.context = context;
    this.loops = loops;
    this.sessions = sessions;
    this.addresses = addresses;
    this.limits = context.config().limits().parser();
    this.maxBody = limits.maxStanzaBytes() + 64L * 1024;
    XmppConfig.Bosh o = context.config().bosh();
    this.maxWait = (int) o.maxWait().toSeconds();
    this.maxHold = o.maxHold();
    this.inactivity = o.maxInactivity();
    this.polling = o.maxPolling();
    this.crossDomain = o.crossDomain();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (crossDomain) {
      response.getHeaders().put("Access-Control-Allow-Origin", "*");
      response.getHeaders().put("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      response.getHeaders().put("Access-Control-Allow-Headers", "Content-Type");
      response.getHeaders().put("Access-Control-Max-Age", "7200");
    }
    switch (request.getMethod()) {
      case "OPTIONS" -> {
        response.setStatus(HttpStatus.OK_200);
        callback.succeeded();
        return true;
      }
      case "GET" -> {
        text(
            response,
            callback,
            HttpStatus.OK_200,
            "Huddle BOSH endpoint: POST XEP-0124 bodies here.\n");
        return true;
      }
      case "POST" -> {
        // handled below
      }
      default -> {
        text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "BOSH takes POST\n");
        return true;
      }
    }
    long declared = request.getLength();
    byte[] bytes;
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (declared > maxBody) {
        tooLarge(declared <= maxBody * DRAIN_FACTOR ? in : null, response, callback);
        return true;
      }
      bytes = in.readNBytes((int) maxBody + 1);
      if (bytes.length > maxBody) {
        tooLarge(in, response, callback);
        return true;
      }
    }
    Element body;
    try {
      body = parse(bytes);
    } catch (StreamError e) {
      text(
          response,
          callback,
          HttpStatus.BAD_REQUEST_400,
          "not a BOSH body: " + e.getMessage() + "\n");
      return true;
    }
    long rid;
    try {
      rid = Long.parseLong(body.attrOr("rid", ""));
    } catch (NumberFormatException e) {
      xml(response, callback, terminate("bad-request"));
      return true;
    }
    BoshSession.Responder responder = b -> xml(response, callback, b);
    String sid = body.attr("sid");
    if (sid == null) {
      String client = addresses.client(request);
      AddressLimits.Permit permit = context.limits().acquire(Limit.BOSH_SESSIONS, client);
      if (permit == null) {
        context.observer().refused(Limit.BOSH_SESSIONS);
        text(
            response,
            callback,
            HttpStatus.TOO_MANY_REQUESTS_429,
            Limit.BOSH_SESSIONS.reason(client) + "\n");
        return true;
      }
      create(request, client, permit, body, bytes.length, rid, responder);
      return true;
    }
    BoshSession s = sessions.get(sid);
    if (s == null) {
      xml(response, callback, terminate("item-not-found"));
      return true;
    }
    s.afterRate(bytes.length, () -> s.request(rid, body, responder));
    return true;
  }

  private void create(
      Request request,
      String client,
      AddressLimits.Permit permit,
      Element body,
      long bytes,
      long rid,
      BoshSession.Responder responder) {
    int wait = clamp(body.attr("wait"), maxWait, 1, maxWait);
    int hold = clamp(body.attr("hold"), 1, 0, maxHold);
    var loop = loops.next();
    BoshSession s =
        new BoshSession(
            sessions,
            loop,
            BoshSessions.newSid(),
            client,
            addresses.secure(request),
            rid,
            wait,
            hold,
            inactivity,
            polling,
            context.config().limits().maxOutboundBytes(),
            permit,
            rate(context.limits().settings()),
            context.observer());
    var query = Request.extractQueryParameters(request);
    String token = query.getValue("token");
    String previd = query.getValue("previd");
    sessions.add(s);
    s.afterRate(
        bytes,
        () -> {
          C2sSession c2s = new C2sSession(context, s);
          if (token != null) {
            c2s.attributes().put(SaslContext.TOKEN, token);
          }
          if (previd != null) {
            c2s.attributes().put(SaslContext.PREVID, previd);
          }
          s.create(c2s, body, responder);
        });
  }

  private static ByteRate rate(LimitSettings limits) {
    return new ByteRate(limits.bytesPerSecond(), limits.burst(), System.nanoTime());
  }

  private static int clamp(String value, int fallback, int min, int max) {
    try {
      return value == null
          ? fallback
          : Math.max(min, Math.min(max, Integer.parseInt(value.trim())));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Parses one {@code <body/>} with the same limits as a stream; throws when it is not one. */
  private Element parse(byte[] bytes) throws StreamError {
    Element[] header = new Element[1];
    List<Element> children = new ArrayList<>();
    boolean[] closed = new boolean[1];
    XmlStreamParser p =
        new XmlStreamParser(
            limits,
            XmlStreamParser.Mode.STREAM,
            new XmlStreamParser.Handler() {
              @Override
              public void streamOpened(Element h) throws StreamError {
                if (!h.is("body", BoshSession.NS)) {
                  throw new StreamError(
                      StreamError.Condition.INVALID_NAMESPACE,
                      "expected <body xmlns='" + BoshSession.NS + "'>");
                }
                header[0] = h;
              }

              @Override
              public void element(Element e) {
                children.add(e);
              }

              @Override
              public void streamClosed() {
                closed[0] = true;
              }
            });
    p.feed(bytes, 0, bytes.length);
    if (header[0] == null || !closed[0]) {
      throw new StreamError(StreamError.Condition.NOT_WELL_FORMED, "incomplete body");
    }
    Element body = header[0].shallowCopy();
    children.forEach(body::add);
    return body;
  }

  private static String terminate(String condition) {
    return "<body xmlns='" + BoshSession.NS + "' type='terminate' condition='" + condition + "'/>";
  }

  private static void xml(Response response, Callback callback, String body) {
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body.getBytes(UTF_8)), callback);
  }

  /**
   * Refuses an oversized body with 413 and closes the connection. What is left of the body, up to
   * {@link #DRAIN_FACTOR} times the limit, is read and dropped first ({@code in}; null for a body
   * declared larger than that): closing a socket with unread input resets it, and the reset can
   * destroy the 413 before the client reads it.
   */
  private void tooLarge(InputStream in, Response response, Callback callback) throws IOException {
    if (in != null) {
      byte[] sink = new byte[8192];
      long left = maxBody * DRAIN_FACTOR;
      int n;
      while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
        left -= n;
      }
    }
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    text(
        response,
        callback,
        HttpStatus.PAYLOAD_TOO_LARGE_413,
        "body larger than " + maxBody + " bytes\n");
  }

  static void text(Response response, Callback callback, int status, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.write(true, ByteBuffer.wrap(text.getBytes(UTF_8)), callback);
  }
}
