// Why a fetch failed, as a value callers branch on (run reports, the lifecycle's
// "a 404 page is gone" rule, the host's failure count), never as text.
#pragma once

#include <string>

namespace cecat::crawler {

// Why a URL could not be fetched. Callers branch on this, never on its text.
enum class FailureReason {
  kRobots,                   // disallowed by robots.txt (not counted as failed)
  kAddressRefused,           // the address policy refused the host's address
  kHttpStatus,               // an HTTP error status: FetchFailure::status says which
  kTimeout,                  // timeout_s passed
  kLowSpeed,                 // slower than low_speed_limit for low_speed_time_s
  kTooLarge,                 // more than max_bytes
  kTooManyRedirects,         // more than max_redirects hops
  kRedirectLoop,             // a redirect back to a URL of the same chain
  kBadRedirect,              // a Location that is not an http(s) URL
  kRedirectWithoutLocation,  // a 3xx without a Location header
  kRedirectOutOfScope,       // a redirect to a URL the source's deny excludes
  kNotFound,                 // a file: URL whose file does not exist
  kDns,                      // the host name did not resolve
  kConnect,                  // the connection was refused or timed out
  kNetwork,                  // any other transfer error
  kHostUnreachable,          // its host was blocked after max_host_failures in a row
  kInternal,                 // the transfer could not be set up
};

// The reason's short name, as run reports and logs show it: "robots",
// "address refused", "timeout", "too many redirects", ...
const char* FailureReasonName(FailureReason reason);

// A URL that could not be fetched, and why.
struct FetchFailure {
  std::string url;
  FailureReason reason = FailureReason::kNetwork;
  int status = 0;  // the HTTP status, when there was one
  // "http 404" for an HTTP status, else FailureReasonName(reason).
  std::string Describe() const;
  // The page is gone (404 or 410): its records go stale at once (SPEC, lifecycle).
  bool Gone() const {
    return reason == FailureReason::kHttpStatus && (status == 404 || status == 410);
  }
};

}  // namespace cecat::crawler
