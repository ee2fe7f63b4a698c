// A third-party page that embeds Huddle with the published @jitsi/react-sdk, as a web developer
// embeds Jitsi Meet: <JitsiMeeting domain=... roomName=... onApiReady=.../>. The embed scenario
// bundles it with esbuild and serves it from another origin (https://embedder.test); every API
// event lands in window.embedLog, and the API object in window.api.
import { createRoot } from 'react-dom/client';
import { JitsiMeeting } from '@jitsi/react-sdk';

const params = new URLSearchParams(location.search);
const EVENTS = [
  'videoConferenceJoined',
  'videoConferenceLeft',
  'participantJoined',
  'participantLeft',
  'audioMuteStatusChanged',
  'videoMuteStatusChanged',
  'incomingMessage',
  'passwordRequired',
  'readyToClose',
  'errorOccurred',
  'displayNameChange',
];
window.embedLog = [];

function App() {
  return (
    <JitsiMeeting
      domain={params.get('domain')}
      roomName={params.get('room')}
      lang="en"
      userInfo={{ displayName: params.get('name'), email: 'embedder@example.com' }}
      configOverwrite={{
        prejoinConfig: { enabled: false },
        startWithAudioMuted: false,
        // Outside the allow-list: the frame must ignore these and still join through its own server.
        websocket: 'wss://evil.example/xmpp-websocket',
        bosh: 'https://evil.example/http-bind',
        hosts: { domain: 'evil.example', muc: 'muc.evil.example' },
      }}
      interfaceConfigOverwrite={{ SHOW_JITSI_WATERMARK: false }}
      getIFrameRef={(node) => {
        node.style.height = '600px';
      }}
      onApiReady={(api) => {
        window.api = api;
        for (const name of EVENTS) api.addListener(name, (data) => window.embedLog.push({ name, data }));
      }}
      onReadyToClose={() => window.embedLog.push({ name: 'onReadyToClose' })}
    />
  );
}

createRoot(document.getElementById('root')).render(<App />);
