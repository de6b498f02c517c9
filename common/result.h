// Status and Result<T>: the one error type at every module boundary.
//
// A failed fetch, a page that did not parse, a wrong config key are expected
// outcomes, not exceptions. Functions that can fail return Status (no value) or
// Result<T> (a value or a Status). Exceptions from libraries are caught at the
// nearest boundary and turned into a Status whose message names the input.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace cecat {

class [[nodiscard]] Status {
 public:
  // What went wrong, coarse enough for callers to branch on; the message says the rest.
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // bad input: config, query, URL, command line
    kNotFound,
    kIoError,          // file system, database, network
    kParseError,       // bytes that did not parse as what they should be
    kPolicyDenied,     // robots.txt, scope, address policy
    kLimitExceeded,    // size, time, page, redirect limits
    kBusy,             // a lock is held by another process
    kCorruption,       // data on disk is not what it should be
    kInternal,
    kCancelled,        // stopped on request (a signal, a run's deadline); not a fault
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return {Code::kInvalidArgument, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status IoError(std::string msg) { return {Code::kIoError, std::move(msg)}; }
  static Status ParseError(std::string msg) { return {Code::kParseError, std::move(msg)}; }
  static Status PolicyDenied(std::string msg) { return {Code::kPolicyDenied, std::move(msg)}; }
  static Status LimitExceeded(std::string msg) { return {Code::kLimitExceeded, std::move(msg)}; }
  static Status Busy(std::string msg) { return {Code::kBusy, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {Code::kCorruption, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }
  static Status Cancelled(std::string msg) { return {Code::kCancelled, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  bool cancelled() const { return code_ == Code::kCancelled; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid argument: <message>", for logs and error output.
  std::string ToString() const;
  static const char* CodeName(Code code);

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                                // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace cecat

// Returns early from the enclosing function with the Status if it is not ok.
#define CECAT_RETURN_IF_ERROR(expr)            \
  do {                                         \
    ::cecat::Status _cecat_st = (expr);        \
    if (!_cecat_st.ok()) return _cecat_st;     \
  } while (0)

#define CECAT_CONCAT_INNER_(a, b) a##b
#define CECAT_CONCAT_(a, b) CECAT_CONCAT_INNER_(a, b)
#define CECAT_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

// Evaluates `expr` (a Result<T>); returns its Status from the enclosing function if
// it failed, else moves the value into `lhs`, which may declare a variable:
//   CECAT_ASSIGN_OR_RETURN(Config config, LoadConfig(path));
#define CECAT_ASSIGN_OR_RETURN(lhs, expr) \
  CECAT_ASSIGN_OR_RETURN_IMPL_(CECAT_CONCAT_(_cecat_result_, __LINE__), lhs, expr)
