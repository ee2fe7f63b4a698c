package org.huddle.xmpp.server.muc;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.api.RoomConfig;

/**
 * Where room configurations live beyond a room's life: persistent rooms, and (with Redis)
 * configuration shared by several servers. The default keeps persistent rooms' configuration in
 * memory.
 */
public interface RoomStore {
  Optional<RoomConfig> load(Jid room);

  void save(Jid room, RoomConfig config);

  void remove(Jid room);

  /** Keeps configurations in this process only. */
  static RoomStore inMemory() {
    ConcurrentHashMap<Jid, RoomConfig> m = new ConcurrentHashMap<>();
    return new RoomStore() {
      @Override
      public Optional<RoomConfig> load(Jid room) {
        return Optional.ofNullable(m.get(room));
      }

      @Override
      public void save(Jid room, RoomConfig config) {
        m.put(room, config);
      }

      @Override
      public void remove(Jid room) {
        m.remove(room);
      }
    };
  }
}
