// Rendering of the betting API in the 55-tech ABP shapes: accounts, orders, bets and the
// WebSocket channel messages. Money and odds are exact JSON numbers.
// Pure functions.
#pragma once

#include <string>

#include "bookmaker/domain/account.h"
#include "bookmaker/domain/bet.h"
#include "bookmaker/domain/order.h"
#include "net/json_writer.h"

namespace probex::bookmaker {

void WriteAccount(net::JsonWriter& w, const Account& a);
void WriteOrder(net::JsonWriter& w, const Order& o);
void WriteBet(net::JsonWriter& w, const Bet& b);
// {"channel": channel, "type": "update", "data": {…}} for the /ws channels.
std::string ChannelMessage(std::string_view channel, const std::string& data_json);

}  // namespace probex::bookmaker
