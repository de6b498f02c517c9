#include "common/result.h"

namespace cecat {

const char* Status::CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid argument";
    case Code::kNotFound: return "not found";
    case Code::kIoError: return "I/O error";
    case Code::kParseError: return "parse error";
    case Code::kPolicyDenied: return "denied by policy";
    case Code::kLimitExceeded: return "limit exceeded";
    case Code::kBusy: return "busy";
    case Code::kCorruption: return "corruption";
    case Code::kInternal: return "internal error";
    case Code::kCancelled: return "cancelled";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(CodeName(code_)) + ": " + message_;
}

}  // namespace cecat
