/*
 * Huddle's IFrame API, served at /external_api.js: a global JitsiMeetExternalAPI with the
 * constructor, commands, events and functions of Jitsi Meet's, so that a page (or @jitsi/react-sdk)
 * embedding Jitsi Meet embeds Huddle by changing only the domain. What is supported and what is not:
 * docs/web.md, "Embedding: the IFrame API".
 *
 * The meeting runs in an iframe at https://<domain>/<room>; settings travel in the address as
 * Jitsi's do (#config.<key>=<JSON>, #interfaceConfig.<key>=..., #userInfo.<key>=..., #lang=...,
 * ?jwt=...). Commands and events go by postMessage, each side checking the other's origin: this
 * script believes only the frame's origin; the app in the frame takes commands only from the
 * origins its server lets embed it (HUDDLE_FRAME_ANCESTORS) and counts the others.
 *
 * A classic script (no modules), so that <script src> and the npm SDKs can load it as they load
 * Jitsi's.
 */
(function (global) {
  'use strict';

  /** Marks our messages, both ways (the app's embed/frame.js speaks the other end). */
  var PROTOCOL = 'huddle-iframe-api/1';

  /** The commands the app carries out; any other name gets an errorOccurred event. */
  var COMMANDS = [
    'displayName',
    'toggleAudio',
    'toggleVideo',
    'toggleShareScreen',
    'hangup',
    'password',
    'sendChatMessage',
    'toggleRaiseHand',
    'kickParticipant',
    'muteEveryone',
    'toggleLobby',
  ];

  var nextId = 0;

  /** A CSS size: a number is pixels; a string with a unit (px, em, rem, pt, %, vh, vw) as it is. */
  function sizeValue(value) {
    if (typeof value === 'number' && isFinite(value) && value >= 0) return value + 'px';
    if (typeof value !== 'string') return undefined;
    var v = value.trim();
    if (/^[0-9]*\.?[0-9]+(px|em|rem|pt|%|vh|vw)$/.test(v)) return v;
    if (/^[0-9]+$/.test(v)) return v + 'px';
    return undefined;
  }

  /** One hash parameter: the key, then the value as JSON, both URL-encoded. */
  function param(key, value) {
    return encodeURIComponent(key) + '=' + encodeURIComponent(JSON.stringify(value));
  }

  function eachOwn(object, fn) {
    if (!object || typeof object !== 'object') return;
    Object.keys(object).forEach(function (key) {
      if (object[key] !== undefined) fn(key, object[key]);
    });
  }

  /**
   * The frame's address: https://<domain>/<room>?jwt=<token>#jitsi_meet_external_api_id=<id>&
   * config.<key>=<JSON>&interfaceConfig.<key>=<JSON>&userInfo.<key>=<JSON>&lang=<JSON>.
   */
  function frameUrl(domain, options, id) {
    if (typeof domain !== 'string' || !/^[A-Za-z0-9.\-\[\]:]+$/.test(domain)) {
      throw new Error('JitsiMeetExternalAPI: the domain must be a host name with an optional port, not ' + JSON.stringify(domain));
    }
    var scheme = options.noSSL ? 'http' : 'https';
    var url = scheme + '://' + domain + '/' + encodeURIComponent(String(options.roomName || ''));
    if (options.jwt) url += '?jwt=' + encodeURIComponent(options.jwt);
    var hash = ['jitsi_meet_external_api_id=' + id];
    eachOwn(options.configOverwrite, function (k, v) { hash.push(param('config.' + k, v)); });
    eachOwn(options.interfaceConfigOverwrite, function (k, v) { hash.push(param('interfaceConfig.' + k, v)); });
    eachOwn(options.userInfo, function (k, v) { hash.push(param('userInfo.' + k, v)); });
    if (options.lang) hash.push(param('lang', options.lang));
    return url + '#' + hash.join('&');
  }

  /** The options object, or Jitsi's old positional form (roomName, width, height, parentNode, ...). */
  function readArguments(args) {
    if (!args.length || args[0] === undefined) return {};
    if (typeof args[0] === 'object' && args[0] !== null) return args[0];
    if (typeof args[0] === 'string') {
      return {
        roomName: args[0],
        width: args[1],
        height: args[2],
        parentNode: args[3],
        configOverwrite: args[4],
        interfaceConfigOverwrite: args[5],
        jwt: args[6],
        onload: args[7],
      };
    }
    throw new Error('JitsiMeetExternalAPI: the second argument is an options object');
  }

  function JitsiMeetExternalAPI(domain) {
    if (!(this instanceof JitsiMeetExternalAPI)) throw new Error('JitsiMeetExternalAPI is a constructor: use new');
    var options = readArguments(Array.prototype.slice.call(arguments, 1));
    var self = this;
    this._id = nextId++;
    this._events = {};
    this._participants = {};
    this._numberOfParticipants = 0;
    this._myUserID = undefined;
    this._requests = {};
    this._requestSeq = 0;
    this._outbox = [];
    this._connected = false;
    this._disposed = false;
    this._url = frameUrl(domain, options, this._id);
    this._origin = new URL(this._url).origin;
    this._parentNode = options.parentNode || global.document.body;

    var frame = global.document.createElement('iframe');
    frame.allow = 'camera; microphone; display-capture; autoplay; clipboard-write; fullscreen';
    frame.name = 'jitsiConferenceFrame' + this._id;
    frame.id = frame.name;
    frame.src = this._url;
    frame.style.border = '0';
    this._frame = frame;
    this._setSize(options.width === undefined ? '100%' : options.width, options.height === undefined ? '100%' : options.height);
    if (typeof options.onload === 'function') frame.addEventListener('load', options.onload);
    frame.addEventListener('load', function () { self._hello(); });
    this._onMessage = function (e) { self._receive(e); };
    global.addEventListener('message', this._onMessage);
    this._parentNode.appendChild(frame);
  }

  var api = JitsiMeetExternalAPI.prototype;

  api._setSize = function (width, height) {
    var w = sizeValue(width);
    var h = sizeValue(height);
    if (w !== undefined) { this._width = width; this._frame.style.width = w; }
    if (h !== undefined) { this._height = height; this._frame.style.height = h; }
  };

  api._post = function (message) {
    message.protocol = PROTOCOL;
    message.apiId = this._id;
    if (!this._connected && message.kind !== 'hello') {
      this._outbox.push(message);
      return;
    }
    var target = this._frame && this._frame.contentWindow;
    if (target) target.postMessage(message, this._origin);
  };

  /** Introduces us to the app in the frame; it answers 'welcome' if our origin may embed it. */
  api._hello = function () {
    if (!this._disposed) this._post({ kind: 'hello' });
  };

  api._receive = function (e) {
    var data = e.data;
    if (!this._frame || e.source !== this._frame.contentWindow || e.origin !== this._origin) return;
    if (!data || data.protocol !== PROTOCOL || data.apiId !== this._id) return;
    if (data.kind === 'ready') {
      this._hello();
    } else if (data.kind === 'welcome') {
      if (this._connected) return;
      this._connected = true;
      var queued = this._outbox.splice(0);
      for (var i = 0; i < queued.length; i++) this._post(queued[i]);
    } else if (data.kind === 'response') {
      var pending = this._requests[data.requestId];
      if (!pending) return;
      delete this._requests[data.requestId];
      if (data.error) pending.reject(new Error(data.error));
      else pending.resolve(data.result);
    } else if (data.kind === 'event' && typeof data.name === 'string') {
      this._track(data.name, data.data || {});
      this.emit(data.name, data.data || {});
    }
  };

  /** Keeps the participant list that getParticipantsInfo and getNumberOfParticipants answer from. */
  api._track = function (name, data) {
    var id = data.id;
    if (name === 'videoConferenceJoined') {
      this._participants = {};
      this._myUserID = id;
      this._participants[id] = { displayName: data.displayName, formattedDisplayName: data.displayName, avatarURL: data.avatarURL || '' };
    } else if (name === 'participantJoined') {
      this._participants[id] = { displayName: data.displayName, formattedDisplayName: data.formattedDisplayName || data.displayName, avatarURL: '' };
    } else if (name === 'participantLeft') {
      delete this._participants[id];
    } else if (name === 'displayNameChange' && this._participants[id]) {
      this._participants[id].displayName = data.displayname;
      this._participants[id].formattedDisplayName = data.formattedDisplayName || data.displayname;
    } else if (name === 'videoConferenceLeft') {
      this._participants = {};
      this._myUserID = undefined;
    } else {
      return;
    }
    this._numberOfParticipants = Object.keys(this._participants).length;
  };

  api._request = function (name) {
    var self = this;
    if (this._disposed) return Promise.reject(new Error('the API was disposed'));
    return new Promise(function (resolve, reject) {
      var requestId = ++self._requestSeq;
      self._requests[requestId] = { resolve: resolve, reject: reject };
      self._post({ kind: 'request', requestId: requestId, name: name });
    });
  };

  // Events: Node's EventEmitter methods, as Jitsi's class extends it, and the deprecated DOM-like
  // names Jitsi keeps (removeEventListener(name) drops every listener of that event, as Jitsi's).
  api.on = api.addListener = function (name, listener) {
    if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
    (this._events[name] = this._events[name] || []).push(listener);
    return this;
  };
  api.once = function (name, listener) {
    var self = this;
    function once() {
      self.removeListener(name, once);
      listener.apply(self, arguments);
    }
    once.listener = listener;
    return this.on(name, once);
  };
  api.off = api.removeListener = function (name, listener) {
    var list = this._events[name];
    if (!list) return this;
    for (var i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        list.splice(i, 1);
        break;
      }
    }
    if (!list.length) delete this._events[name];
    return this;
  };
  api.removeAllListeners = function (name) {
    if (name === undefined) this._events = {};
    else delete this._events[name];
    return this;
  };
  api.emit = function (name) {
    var list = this._events[name];
    if (!list) return false;
    var args = Array.prototype.slice.call(arguments, 1);
    list.slice().forEach(function (listener) {
      try {
        listener.apply(this, args);
      } catch (e) {
        if (global.console) global.console.error('JitsiMeetExternalAPI: a listener of ' + name + ' threw', e);
      }
    }, this);
    return true;
  };
  api.listenerCount = function (name) {
    return (this._events[name] || []).length;
  };
  api.addEventListener = function (name, listener) {
    return this.on(name, listener);
  };
  api.addEventListeners = function (listeners) {
    for (var name in listeners) if (Object.prototype.hasOwnProperty.call(listeners, name)) this.on(name, listeners[name]);
  };
  api.removeEventListener = function (name) {
    return this.removeAllListeners(name);
  };
  api.removeEventListeners = function (names) {
    for (var i = 0; i < names.length; i++) this.removeAllListeners(names[i]);
  };

  /** Runs a command in the meeting; an unsupported one emits errorOccurred naming it. */
  api.executeCommand = function (name) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (COMMANDS.indexOf(name) < 0) {
      var error = {
        name: 'unsupported-command',
        type: 'CONFIG',
        isFatal: false,
        message: 'Huddle does not support the IFrame API command ' + JSON.stringify(name),
        details: { command: name, supported: COMMANDS.slice() },
      };
      if (global.console) global.console.error('JitsiMeetExternalAPI: ' + error.message);
      this.emit('errorOccurred', error);
      return;
    }
    this._post({ kind: 'command', name: name, args: args });
  };

  /** {name: argument, ...}: each command with its one argument, as Jitsi's. */
  api.executeCommands = function (commands) {
    for (var name in commands) if (Object.prototype.hasOwnProperty.call(commands, name)) this.executeCommand(name, commands[name]);
  };

  api.getParticipantsInfo = function () {
    var self = this;
    return Object.keys(this._participants).map(function (id) {
      var p = self._participants[id];
      return { participantId: id, displayName: p.displayName, formattedDisplayName: p.formattedDisplayName, avatarURL: p.avatarURL };
    });
  };
  api.getNumberOfParticipants = function () {
    return this._numberOfParticipants;
  };
  api.getDisplayName = function (id) {
    return (this._participants[id] || {}).displayName;
  };
  api.isAudioMuted = function () {
    return this._request('is-audio-muted');
  };
  api.isVideoMuted = function () {
    return this._request('is-video-muted');
  };
  api.getIFrame = function () {
    return this._frame;
  };

  /**
   * Removes the frame and every listener. A frame in the meeting is first told to leave and is
   * removed once it says the room confirmed it, or after 3 s.
   */
  api.dispose = function () {
    if (this._disposed) return;
    this.emit('_willDispose');
    this._disposed = true;
    global.removeEventListener('message', this._onMessage);
    for (var id in this._requests) this._requests[id].reject(new Error('the API was disposed'));
    this._requests = {};
    this.removeAllListeners();
    var frame = this._frame;
    var origin = this._origin;
    var apiId = this._id;
    var removed = false;
    function remove() {
      if (removed) return;
      removed = true;
      global.removeEventListener('message', onLeft);
      if (frame.parentNode) frame.parentNode.removeChild(frame);
    }
    function onLeft(e) {
      var d = e.data;
      if (e.source === frame.contentWindow && e.origin === origin && d && d.protocol === PROTOCOL && d.apiId === apiId && d.kind === 'disposed') remove();
    }
    if (!this._connected || !frame.contentWindow) return remove();
    frame.style.display = 'none';
    global.addEventListener('message', onLeft);
    frame.contentWindow.postMessage({ protocol: PROTOCOL, apiId: apiId, kind: 'dispose' }, origin);
    global.setTimeout(remove, 3000);
  };

  /** For the unit tests (test/external-api.test.mjs); not part of Jitsi's API. */
  Object.defineProperty(JitsiMeetExternalAPI, '_huddle', {
    value: Object.freeze({ frameUrl: frameUrl, sizeValue: sizeValue, COMMANDS: COMMANDS.slice(), PROTOCOL: PROTOCOL }),
  });

  global.JitsiMeetExternalAPI = JitsiMeetExternalAPI;
})(typeof window !== 'undefined' ? window : globalThis);
