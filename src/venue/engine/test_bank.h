// TestBank: a small deterministic state machine with the same contract as venue::Exchange
// (Command/Output, Encode/DecodeCommand, Apply, Encode/DecodeSnapshot, StateHash,
// DescribeCommand). Accounts hold integer balances; deposits always succeed, transfers and
// withdrawals are rejected when funds are short. Used by the engine's tests and benchmarks so the
// sequencer, journal and recovery are exercised independently of the real exchange.
// Thread rule: not thread-safe; owned by the sequencer thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/time.h"

namespace probex::venue::engine::testing {

class TestBank {
 public:
  static constexpr std::uint32_t kDefaultAccounts = 1024;

  enum class Kind : std::uint8_t { kDeposit = 1, kTransfer = 2, kWithdraw = 3 };

  struct Command {
    Kind kind = Kind::kDeposit;
    std::uint32_t from = 0;  // deposit: unused
    std::uint32_t to = 0;    // withdraw: unused
    std::int64_t amount = 0;
    std::uint64_t tag = 0;  // opaque to the bank; lets tests identify a command in the journal
    friend bool operator==(const Command&, const Command&) = default;
  };

  struct Output {
    bool accepted = false;
    std::string reject;              // empty when accepted
    std::int64_t balance_after = 0;  // of `from` (or `to` for a deposit)
  };

  explicit TestBank(std::uint32_t accounts = kDefaultAccounts) : balances_(accounts, 0) {}

  static constexpr std::size_t kEncodedSize = 1 + 4 + 4 + 8 + 8;

  static void EncodeCommand(const Command& command, std::string& out) {
    char bytes[kEncodedSize];
    bytes[0] = static_cast<char>(command.kind);
    std::memcpy(bytes + 1, &command.from, 4);
    std::memcpy(bytes + 5, &command.to, 4);
    std::memcpy(bytes + 9, &command.amount, 8);
    std::memcpy(bytes + 17, &command.tag, 8);
    out.append(bytes, kEncodedSize);
  }

  static Result<Command> DecodeCommand(std::string_view bytes) {
    if (bytes.size() != kEncodedSize) {
      return MakeError("bad_command",
                       "test bank command of " + std::to_string(bytes.size()) + " bytes");
    }
    Command command;
    auto kind = static_cast<std::uint8_t>(bytes[0]);
    if (kind < 1 || kind > 3) return MakeError("bad_command", "unknown kind");
    command.kind = static_cast<Kind>(kind);
    std::memcpy(&command.from, bytes.data() + 1, 4);
    std::memcpy(&command.to, bytes.data() + 5, 4);
    std::memcpy(&command.amount, bytes.data() + 9, 8);
    std::memcpy(&command.tag, bytes.data() + 17, 8);
    return command;
  }

  static std::string DescribeCommand(const Command& command) {
    switch (command.kind) {
      case Kind::kDeposit:
        return "Deposit to=" + std::to_string(command.to) +
               " amount=" + std::to_string(command.amount);
      case Kind::kTransfer:
        return "Transfer from=" + std::to_string(command.from) +
               " to=" + std::to_string(command.to) + " amount=" + std::to_string(command.amount);
      case Kind::kWithdraw:
        return "Withdraw from=" + std::to_string(command.from) +
               " amount=" + std::to_string(command.amount);
    }
    return "?";
  }

  void Apply(const Command& command, std::uint64_t seq, Timestamp now, Output& out) {
    out.accepted = false;
    out.reject.clear();
    out.balance_after = 0;
    const auto n = static_cast<std::uint32_t>(balances_.size());
    if (command.amount <= 0) {
      out.reject = "amount must be positive";
    } else if ((command.kind != Kind::kDeposit && command.from >= n) ||
               (command.kind != Kind::kWithdraw && command.to >= n)) {
      out.reject = "unknown account";
    } else if (command.kind == Kind::kDeposit) {
      balances_[command.to] += command.amount;
      deposited_ += command.amount;
      out.accepted = true;
      out.balance_after = balances_[command.to];
    } else if (balances_[command.from] < command.amount) {
      out.reject = "insufficient funds";
      out.balance_after = balances_[command.from];
    } else {
      balances_[command.from] -= command.amount;
      if (command.kind == Kind::kTransfer) {
        balances_[command.to] += command.amount;
      } else {
        withdrawn_ += command.amount;
      }
      out.accepted = true;
      out.balance_after = balances_[command.from];
    }
    // The digest makes the hash depend on the exact order, seqs, times and outcomes.
    digest_ = Mix(digest_ ^ seq);
    digest_ = Mix(digest_ ^ static_cast<std::uint64_t>(now.micros()));
    digest_ = Mix(digest_ ^ command.tag ^ (out.accepted ? 1u : 2u));
    ++applied_;
  }

  void EncodeSnapshot(std::string& out) const {
    auto put = [&out](const auto& value) {
      out.append(reinterpret_cast<const char*>(&value), sizeof value);
    };
    put(static_cast<std::uint32_t>(balances_.size()));
    for (std::int64_t balance : balances_) put(balance);
    put(deposited_);
    put(withdrawn_);
    put(applied_);
    put(digest_);
  }

  static Result<TestBank> DecodeSnapshot(std::string_view bytes) {
    auto take = [&bytes](auto& value) {
      if (bytes.size() < sizeof value) return false;
      std::memcpy(&value, bytes.data(), sizeof value);
      bytes.remove_prefix(sizeof value);
      return true;
    };
    std::uint32_t accounts = 0;
    if (!take(accounts) || bytes.size() != std::size_t{accounts} * 8 + 32) {
      return MakeError("bad_snapshot", "test bank snapshot has the wrong size");
    }
    TestBank bank(accounts);
    for (std::int64_t& balance : bank.balances_) take(balance);
    take(bank.deposited_);
    take(bank.withdrawn_);
    take(bank.applied_);
    take(bank.digest_);
    return bank;
  }

  std::uint64_t StateHash() const {
    std::uint64_t hash = 0xcbf29ce484222325ull;
    for (std::int64_t balance : balances_) hash = Mix(hash ^ static_cast<std::uint64_t>(balance));
    hash = Mix(hash ^ static_cast<std::uint64_t>(deposited_));
    hash = Mix(hash ^ static_cast<std::uint64_t>(withdrawn_));
    hash = Mix(hash ^ applied_);
    return Mix(hash ^ digest_);
  }

  std::int64_t balance(std::uint32_t account) const { return balances_[account]; }
  std::uint64_t applied() const { return applied_; }
  // Conservation: what came in minus what went out is exactly what the accounts hold.
  bool Conserved() const {
    std::int64_t sum = 0;
    for (std::int64_t balance : balances_) sum += balance;
    return sum == deposited_ - withdrawn_;
  }

 private:
  static std::uint64_t Mix(std::uint64_t x) {  // splitmix64 finalizer
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
  }

  std::vector<std::int64_t> balances_;
  std::int64_t deposited_ = 0;
  std::int64_t withdrawn_ = 0;
  std::uint64_t applied_ = 0;
  std::uint64_t digest_ = 0;
};

// A random mix: 30% deposits, 60% transfers, 10% withdrawals; amounts large enough that some
// transfers and withdrawals are rejected.
inline TestBank::Command RandomBankCommand(std::mt19937_64& rng, std::uint64_t tag,
                                           std::uint32_t accounts = TestBank::kDefaultAccounts) {
  TestBank::Command command;
  const std::uint64_t roll = rng() % 10;
  command.kind = roll < 3   ? TestBank::Kind::kDeposit
                 : roll < 9 ? TestBank::Kind::kTransfer
                            : TestBank::Kind::kWithdraw;
  command.from = static_cast<std::uint32_t>(rng() % accounts);
  command.to = static_cast<std::uint32_t>(rng() % accounts);
  command.amount = static_cast<std::int64_t>(rng() % 1000) + 1;
  command.tag = tag;
  return command;
}

}  // namespace probex::venue::engine::testing
