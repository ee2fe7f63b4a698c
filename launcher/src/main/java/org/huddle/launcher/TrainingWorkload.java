package org.huddle.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the start-up cache is trained on: a short meeting as browsers make one, through the web
 * app's {@code /xmpp-websocket} (RFC 7395): anonymous logins, the focus asked for the room (so it
 * allocates the bridge), MUC joins, a chat message, then the health and page requests a watchdog
 * and a first visitor make. Every wait is bounded.
 */
final class TrainingWorkload {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

  private final HttpClient http = HttpClient.newHttpClient();
  private final String domain;
  private final String room;

  TrainingWorkload(String domain, String room) {
    this.domain = domain;
    this.room = room;
  }

  /** GETs each URL and returns how many answered 200. */
  int requests(String... urls) throws Exception {
    int ok = 0;
    for (String url : urls) {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      ok += r.statusCode() == 200 ? 1 : 0;
    }
    return ok;
  }

  /**
   * Logs {@code participants} guests in, joins them to the room, has each say hello, stays {@code
   * holdSeconds}, and leaves.
   */
  void meeting(String webSocketUrl, int participants, int holdSeconds) throws Exception {
    Participant[] ps = new Participant[participants];
    try {
      for (int i = 0; i < participants; i++) {
        ps[i] = new Participant(webSocketUrl, "p" + i);
        ps[i].login();
        ps[i].join();
      }
      for (Participant p : ps) {
        p.say("hello from " + p.nick);
      }
      for (Participant p : ps) {
        p.await("hello from " + ps[ps.length - 1].nick);
      }
      Thread.sleep(holdSeconds * 1000L);
    } finally {
      for (Participant p : ps) {
        if (p != null) {
          p.leave();
        }
      }
    }
  }

  /** One guest on its own WebSocket; frames arrive whole, one stanza each (RFC 7395 §3.3.3). */
  private final class Participant implements WebSocket.Listener {
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;
    private final String nick;

    Participant(String url, String nick) throws Exception {
      this.nick = nick;
      this.socket =
          http.newWebSocketBuilder()
              .subprotocols("xmpp")
              .connectTimeout(WAIT)
              .buildAsync(URI.create(url), this)
              .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void login() throws Exception {
      open();
      await("ANONYMOUS");
      send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
      await("<success");
      open();
      await("urn:ietf:params:xml:ns:xmpp-bind");
      send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
      await("</jid>");
    }

    void join() throws Exception {
      send(
          "<iq type='set' id='focus' to='focus."
              + domain
              + "'><conference xmlns='http://jitsi.org/protocol/focus' room='"
              + room
              + "' machine-uid='"
              + nick
              + "'/></iq>");
      await("id='focus'", "id=\"focus\"");
      send(
          "<presence to='"
              + room
              + "/"
              + nick
              + "'><x xmlns='http://jabber.org/protocol/muc'/><nick"
              + " xmlns='http://jabber.org/protocol/nick'>"
              + nick
              + "</nick></presence>");
      await("status code='110'", "status code=\"110\"");
    }

    void say(String text) throws Exception {
      send("<message to='" + room + "' type='groupchat'><body>" + text + "</body></message>");
    }

    void leave() {
      try {
        send("<presence type='unavailable' to='" + room + "/" + nick + "'/>");
        send("<close xmlns='" + FRAMING + "'/>");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        socket.abort();
      }
    }

    private void open() throws Exception {
      send("<open xmlns='" + FRAMING + "' to='" + domain + "' version='1.0'/>");
    }

    private void send(String stanza) throws Exception {
      socket.sendText(stanza, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits for a frame holding one of the markers; the frames before it are dropped. */
    void await(String... markers) throws Exception {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        String frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (frame == null) {
          throw new TimeoutException(
              nick + ": no " + String.join(" or ", markers) + " within " + WAIT);
        }
        for (String m : markers) {
          if (frame.contains(m)) {
            return;
          }
        }
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }
}
