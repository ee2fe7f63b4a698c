package org.huddle.deployment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guest that joins a meeting as the web app does, through nginx: XMPP over WebSocket (RFC 7395),
 * SASL ANONYMOUS, a bound resource, the focus's {@code conference} request, then the room's
 * presence. It answers disco#info as Huddle's web app (which is how the focus learns the client
 * kind), and carries no media.
 */
final class WebSocketGuest implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
  private static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
  private static final Pattern ID = Pattern.compile(" id='([^']*)'");
  private static final Pattern FROM = Pattern.compile(" from='([^']*)'");

  /** Each message as it came, with its attributes' quotes made single, for matching. */
  private final BlockingQueue<String> received;

  private final WebSocket socket;
  private final String domain;

  private WebSocketGuest(WebSocket socket, BlockingQueue<String> received, String domain) {
    this.socket = socket;
    this.received = received;
    this.domain = domain;
  }

  /** Connects to {@code wss://…/xmpp-websocket} and logs in anonymously on {@code domain}. */
  static WebSocketGuest login(HttpClient client, String url, String domain) throws Exception {
    StringBuilder partial = new StringBuilder();
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    AtomicReference<WebSocketGuest> self = new AtomicReference<>();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              String m = partial.toString().replace('"', '\'');
              partial.setLength(0);
              if (m.startsWith("<iq") && m.contains("type='get'") && m.contains(DISCO_INFO)) {
                self.get().answerDiscoInfo(m);
              } else {
                queue.add(m);
              }
            }
            ws.request(1);
            return null;
          }
        };
    WebSocket ws =
        client
            .newWebSocketBuilder()
            .subprotocols("xmpp")
            .connectTimeout(WAIT)
            .buildAsync(URI.create(url), listener)
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    WebSocketGuest guest = new WebSocketGuest(ws, queue, domain);
    self.set(guest);
    guest.open();
    guest.await("<mechanism>ANONYMOUS</mechanism>");
    guest.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
    guest.await("<success");
    guest.open();
    guest.await("urn:ietf:params:xml:ns:xmpp-bind");
    guest.send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
    guest.await("<jid>");
    return guest;
  }

  private void open() {
    send("<open xmlns='" + FRAMING + "' to='" + domain + "' version='1.0'/>");
  }

  /** One message at a time: the listener answers disco#info while the test sends. */
  synchronized void send(String xml) {
    socket.sendText(xml, true).join();
  }

  private void answerDiscoInfo(String iq) {
    Matcher id = ID.matcher(iq);
    Matcher from = FROM.matcher(iq);
    if (!id.find() || !from.find()) {
      return;
    }
    send(
        "<iq type='result' id='"
            + id.group(1)
            + "' to='"
            + from.group(1)
            + "'><query xmlns='"
            + DISCO_INFO
            + "'><identity category='client' type='web' name='Huddle'/><feature var='"
            + DISCO_INFO
            + "'/></query></iq>");
  }

  /** The first message that contains {@code text}; earlier ones are skipped. */
  String await(String text) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      String m = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (m == null) {
        throw new AssertionError("no message with " + text + " within " + WAIT);
      }
      if (m.contains(text)) {
        return m;
      }
    }
  }

  /**
   * Asks the focus for the conference until it says ready (as the web app does), then joins the
   * room; returns once the room has sent this guest's own presence back.
   */
  void join(String focus, String roomJid, String nick) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      send(
          "<iq type='set' id='conference-"
              + attempt
              + "' to='"
              + focus
              + "'><conference xmlns='http://jitsi.org/protocol/focus' room='"
              + roomJid
              + "' machine-uid='deployment-test'/></iq>");
      String answer = await("id='conference-" + attempt + "'");
      if (answer.contains("ready='true'")) {
        break;
      }
      if (attempt == 20) {
        throw new AssertionError("the focus is not ready: " + answer);
      }
      Thread.sleep(1000);
    }
    send(
        "<presence to='"
            + roomJid
            + "/"
            + nick
            + "'><x xmlns='http://jabber.org/protocol/muc'/>"
            + "<nick xmlns='http://jabber.org/protocol/nick'>"
            + nick
            + "</nick></presence>");
    await("status code='110'");
  }

  @Override
  public void close() {
    try {
      send("<close xmlns='" + FRAMING + "'/>");
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      socket.abort();
    }
  }
}
