package org.huddle.xmpp.server.features.component;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.common.files.SlotGrant;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Events;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.Room;
import org.huddle.xmpp.server.config.FileShareOptions;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.IqType;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * XEP-0363 HTTP File Upload (https://xmpp.org/extensions/xep-0363.html), as Prosody's
 * mod_http_file_share serves it on {@code upload.<domain>}, with one difference: every file belongs
 * to a meeting. A slot request may name its meeting with {@code <meeting
 * xmlns='urn:huddle:file-share:0' room='room@muc'/>} inside the {@code <request/>}; without it the
 * one meeting of the watched MUC the requester is in is taken. Someone who is not an occupant of
 * the room named gets {@code forbidden}; a file over {@code http_file_share_size_limit} gets {@code
 * not-acceptable} with §5's {@code <file-too-large/>}; a meeting whose uploads reached {@code
 * http_file_share_meeting_quota} gets {@code resource-constraint}. The slot's PUT URL carries a
 * {@link SlotGrant} the web role checks; its GET URL is unguessable, as Prosody's are.
 */
final class HttpFileShare {
  static final String MODULE = "http_file_share";
  static final String NAMESPACE = "urn:xmpp:http:upload:0";
  static final String MEETING = "urn:huddle:file-share:0";

  private final InternalComponent component;
  private final FileShareOptions options;
  private final FileServerHook hook;
  private final SlotRequest.Reader reader;
  private final Map<Jid, Long> used = new ConcurrentHashMap<>();
  private final Map<Jid, String> servers = new ConcurrentHashMap<>();
  private final OrganizerEmails emails = new OrganizerEmails();

  private HttpFileShare(InternalComponent component, FileShareOptions options) {
    this.component = component;
    this.options = options;
    this.reader = new SlotRequest.Reader(options.sizeLimit());
    this.hook =
        options.allocationUrl().isEmpty()
            ? null
            : new FileServerHook(options.allocationUrl(), options.baseUrl(), options.hookTimeout());
  }

  static void install(InternalComponent component) {
    HttpFileShare s =
        new HttpFileShare(
            component,
            FileShareOptions.from(component.host().name(), component.host().config().options()));
    Events events = component.host().events();
    events.on(StanzaEvents.iq(IqType.GET, To.HOST, Namespaces.DISCO_INFO, "query"), s::info);
    events.on(StanzaEvents.iq(IqType.GET, To.HOST, NAMESPACE, "request"), s::request);
    Events muc = component.muc().host().events();
    s.emails.install(muc);
    muc.on(
        MucEvents.ROOM_DESTROYED,
        e -> {
          s.used.remove(e.room().jid());
          s.servers.remove(e.room().jid());
          return false;
        });
  }

  /** §3: the service's identity, feature, and the largest file it takes. */
  private boolean info(StanzaEvent e) {
    if (e.stanza().firstElement().attr("node") != null) {
      e.error(Condition.ITEM_NOT_FOUND, null);
      return true;
    }
    Element q = Element.of("query", Namespaces.DISCO_INFO);
    q.addChild("identity")
        .attr("category", "store")
        .attr("type", "file")
        .attr("name", "HTTP File Upload");
    q.addChild("feature").attr("var", Namespaces.DISCO_INFO);
    q.addChild("feature").attr("var", NAMESPACE);
    Element x = q.addChild("x", "jabber:x:data").attr("type", "result");
    x.addChild("field")
        .attr("var", "FORM_TYPE")
        .attr("type", "hidden")
        .textChild("value", NAMESPACE);
    x.addChild("field")
        .attr("var", "max-file-size")
        .textChild("value", Long.toString(options.sizeLimit()));
    e.result(q);
    return true;
  }

  private boolean request(StanzaEvent e) {
    SlotRequest r;
    try {
      r = reader.read(e.stanza().firstElement());
    } catch (SlotRequest.TooLarge t) {
      Element error =
          StanzaError.element(Condition.NOT_ACCEPTABLE, StanzaError.Type.MODIFY, t.getMessage());
      error
          .addChild("file-too-large", NAMESPACE)
          .textChild("max-file-size", Long.toString(options.sizeLimit()));
      e.error(error);
      return component.drop(e.stanza(), e.from(), t.getMessage());
    } catch (IllegalArgumentException bad) {
      e.error(Condition.BAD_REQUEST, bad.getMessage());
      return component.drop(e.stanza(), e.from(), bad.getMessage());
    }
    Room room = roomOf(e, r);
    if (room == null) {
      return true;
    }
    if (!reserve(room.jid(), r.size())) {
      e.error(Condition.RESOURCE_CONSTRAINT, "this meeting's uploads have reached their quota");
      return component.drop(e.stanza(), e.from(), "over the meeting's quota");
    }
    String cached = hook == null ? options.baseUrl() : servers.get(room.jid());
    if (cached != null) {
      e.result(slot(cached, room, r, e.from()));
    } else {
      String email = emails.of(room);
      Thread.ofVirtual()
          .name("file-server-hook")
          .start(
              () -> {
                // asked outside the map's lock: one slow hook never holds up other rooms
                String asked = hook.baseFor(room.jid().toString(), email);
                String known = servers.putIfAbsent(room.jid(), asked);
                String base = known == null ? asked : known;
                e.result(slot(base, room, r, e.from()));
              });
    }
    return true;
  }

  /** The meeting a request is for, or null when the requester was told why not. */
  private Room roomOf(StanzaEvent e, SlotRequest r) {
    if (r.room() == null) {
      InternalComponent.Sender sender = component.senderOf(e);
      if (sender == null) {
        component.drop(e.stanza(), e.from(), "in no single meeting");
        return null;
      }
      return sender.room();
    }
    Room room = component.muc().room(r.room());
    if (room == null || InternalComponent.occupantOf(room, e.from()) == null) {
      e.error(Condition.FORBIDDEN, "you are not in the meeting " + r.room());
      component.drop(e.stanza(), e.from(), "not an occupant of " + r.room());
      return null;
    }
    return room;
  }

  private boolean reserve(Jid room, long size) {
    boolean[] ok = {false};
    used.compute(
        room,
        (j, before) -> {
          long now = before == null ? 0 : before;
          ok[0] = now + size <= options.meetingQuota();
          return ok[0] ? now + size : now;
        });
    return ok[0];
  }

  private Element slot(String base, Room room, SlotRequest r, Jid from) {
    String key = SlotGrant.newKey(room.jid().local(), r.filename());
    SlotGrant grant =
        new SlotGrant(
            key,
            r.filename(),
            r.size(),
            r.contentType(),
            Instant.now().plus(options.slotLifetime()),
            room.jid().toString(),
            from.toString());
    String url = base + "/" + key;
    Element slot = Element.of("slot", NAMESPACE);
    slot.addChild("put")
        .attr("url", url)
        .addChild("header")
        .attr("name", "Authorization")
        .text("Bearer " + grant.sign(options.secret()));
    slot.addChild("get").attr("url", url);
    return slot;
  }
}
