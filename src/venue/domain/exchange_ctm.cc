// Exchange: the CTM commands (oracle ticks, schedules, rounds, predictions), delegated to
// CtmRounds (ctm.h) with the exchange's ledger and the command's time.
#include "venue/domain/exchange.h"

namespace probex::venue {

void Exchange::EmitCtm(const CtmChange& change) {
  for (const auto& [round, status] : change.rounds) {
    Emit(CtmRoundStatusChanged{round, static_cast<std::uint8_t>(status)});
  }
}

void Exchange::Handle(const OraclePrice& c) {
  if (RejectCode code = ctm_.ApplyTick(c.asset, c.price, c.bid, c.ask, now_);
      code != RejectCode::kNone) {
    return Reject(code);
  }
  Emit(OraclePriceUpdated{c.asset, c.price, c.bid, c.ask, now_});
}

void Exchange::Handle(const SetCtmSchedule& c) {
  if (RejectCode code = ctm_.SetSchedule(c.spec, now_); code != RejectCode::kNone) {
    return Reject(code);
  }
}

void Exchange::Handle(const CreateCtmRound& c) {
  CtmChange change;
  std::uint64_t id = 0;
  if (RejectCode code = ctm_.CreateRound(c.spec, now_, id, change); code != RejectCode::kNone) {
    return Reject(code);
  }
  out_->created_id = id;
  EmitCtm(change);
}

void Exchange::Handle(const VoidCtmRound& c) {
  CtmChange change;
  if (RejectCode code = ctm_.VoidRound(c.round, now_, ledger_, change); code != RejectCode::kNone) {
    return Reject(code);
  }
  EmitCtm(change);
}

void Exchange::Handle(const PlaceCtmPrediction& c) {
  if (!switches_.ctm) return Reject(RejectCode::kCtmDisabled);
  bool replayed = false;
  if (RejectCode code = ctm_.Predict(c.account, c.round, c.predicted_price, c.idempotency_key, now_,
                                     ledger_, out_->prediction, replayed);
      code != RejectCode::kNone) {
    return Reject(code);
  }
  out_->replayed = replayed;
  out_->created_id = out_->prediction.id;
}

}  // namespace probex::venue
