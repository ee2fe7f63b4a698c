// The bridge channel (WIRE.md §5): colibri-ws, JSON messages keyed by colibriClass. We send our
// receiver video constraints (which sources we want, how tall) and learn the dominant speaker.
// The focus offers no data channel, so WebSocket is the only way. A channel that closes while the
// session lives is opened again with backoff (a new connection replaces the old at the bridge).
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];

export class BridgeChannel extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.ws = null;
    this.closed = false;
    this.attempt = 0;
    this.lastConstraints = null;
    this.open();
  }

  open() {
    if (this.closed) return;
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.dispatchEvent(new CustomEvent('open'));
      if (this.lastConstraints) this.send(this.lastConstraints);
    };
    ws.onmessage = (e) => {
      let msg;
      try {
        msg = JSON.parse(e.data);
      } catch {
        return;
      }
      // Unknown classes are ignored, as the bridge may add new ones.
      this.dispatchEvent(new CustomEvent(msg.colibriClass || 'unknown', { detail: msg }));
      this.dispatchEvent(new CustomEvent('message', { detail: msg }));
    };
    ws.onclose = () => {
      if (ws !== this.ws || this.closed) return;
      this.dispatchEvent(new CustomEvent('close'));
      const delay = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)];
      setTimeout(() => this.open(), delay);
    };
  }

  get isOpen() {
    return this.ws && this.ws.readyState === WebSocket.OPEN;
  }

  send(msg) {
    if (this.isOpen) this.ws.send(JSON.stringify(msg));
  }

  /**
   * ReceiverVideoConstraints: every source at `defaultHeight`, those on stage (the dominant
   * speaker, a screen share) at `stageHeight`.
   */
  setReceiverConstraints({ lastN = -1, onStage = [], defaultHeight = 360, stageHeight = 720 }) {
    const constraints = {};
    for (const s of onStage) constraints[s] = { maxHeight: stageHeight };
    this.lastConstraints = {
      colibriClass: 'ReceiverVideoConstraints',
      lastN,
      onStageSources: onStage,
      selectedSources: [],
      defaultConstraints: { maxHeight: defaultHeight },
      constraints,
    };
    this.send(this.lastConstraints);
  }

  /** Tells the bridge what a source carries (a screen share is kept sharp rather than smooth). */
  sourceVideoType(sourceName, videoType) {
    this.send({ colibriClass: 'SourceVideoTypeMessage', sourceName, videoType });
  }

  close() {
    this.closed = true;
    if (this.ws) {
      this.ws.onclose = null;
      this.ws.close();
    }
  }
}
