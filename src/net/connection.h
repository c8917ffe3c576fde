// Connection: what the server can ask of any live connection (an HTTP session, an SSE stream, a
// WebSocket session) when it stops. Internal to src/net.
// Thread rule: both calls are safe from any thread; they post to the connection's strand.
#pragma once

namespace probex::net {

class Connection {
 public:
  virtual ~Connection() = default;
  // Graceful: an idle connection closes now, a request in flight finishes first, a stream ends
  // cleanly (SSE: flush and close; WebSocket: close frame 1001 "going away").
  virtual void Shutdown() = 0;
  // Closes the socket now.
  virtual void ForceClose() = 0;
};

}  // namespace probex::net
