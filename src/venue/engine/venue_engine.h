// VenueEngine: the venue's sequencer bound to the real domain state machine, venue::Exchange.
// The venue API layer submits venue::Command values, reads hot state with Query, and feeds read
// models and WebSocket fan-out from Subscribe (see sequencer.h for the threading contract).
#pragma once

#include "venue/domain/exchange.h"
#include "venue/engine/sequencer.h"

namespace probex::venue::engine {

using VenueEngine = Sequencer<Exchange>;

}  // namespace probex::venue::engine
