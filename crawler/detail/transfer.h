// One libcurl transfer and the multi handle that runs many of them in one loop.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "crawler/address_policy.h"
#include "crawler/crawler.h"
#include "crawler/detail/content_decoding.h"
#include "crawler/detail/curl_handles.h"
#include "crawler/politeness.h"
#include "crawler/sitemap.h"

namespace cecat::crawler::detail {

// A request in flight: the job, its easy handle and what came back so far.
struct Transfer {
  FetchJob job;
  std::string host_key;
  CurlEasy easy;
  CurlSlist request_headers;
  std::string body;
  int64_t max_bytes = 0;
  bool too_large = false;       // the body (decoded) passed max_bytes; aborted
  bool keep_truncated = false;  // on passing max_bytes, keep the first max_bytes
  // Bodies other than sitemaps are decoded here rather than by libcurl
  // (content_decoding.h), from the response's Content-Encoding; made at the
  // response's first body byte. `decode_error`: why the body could not be decoded.
  std::unique_ptr<BodyDecoder> decoder;
  std::string decode_error;
  // Pages: the body as it arrived, while its coding is one the index can store as
  // it is (BodyDecoder::StorableAsReceived); `keep_received` drops to false as soon
  // as it cannot be.
  bool keep_received = false;
  std::string received;
  // Sitemaps: a 2xx body goes through this parser as it arrives and never into
  // `body`, so memory stays flat whatever the sitemap's size; max_bytes is 0 (the
  // parser has its own cap). Other responses' bodies are dropped.
  std::unique_ptr<SitemapParser> sitemap;
  bool sitemap_stopped = false;  // the parser took no more (cut off, broken): aborted
  std::string address_refused;   // the address policy refused a connection: why
  const AddressPolicy* policy = nullptr;
  // Response headers the crawler uses, by lower-case name, from the last response
  // (a 1xx or a redirect followed inside libcurl starts a new set).
  std::map<std::string, std::string> headers;
  char error[CURL_ERROR_SIZE] = {};
  TimePoint started{};
};

struct TransferOptions {
  // Redirects libcurl follows itself (robots.txt: kRobotsMaxRedirects). 0: none,
  // a 3xx is the answer (pages: the crawler schedules and judges each hop).
  int follow_redirects = 0;
  std::optional<Validators> validators;
  // robots.txt: cap at this many bytes and keep what came (RFC 9309 section 2.5)
  // instead of failing as "too large", also when a larger Content-Length is
  // declared. 0: the spec's max_bytes, failing.
  int64_t truncate_at = 0;
  // Sitemaps: stream the body through a SitemapParser (Transfer::sitemap), capped
  // at kSitemapMaxBytes instead of the spec's max_bytes.
  bool stream_sitemap = false;
};

// Creates the easy handle for `job` with the spec's limits and the policy's
// open-socket check. `policy` must outlive the transfer.
Result<std::unique_ptr<Transfer>> MakeTransfer(const CrawlSpec& spec, const AddressPolicy& policy,
                                               FetchJob job, std::string host_key,
                                               const TransferOptions& options);

struct Finished {
  std::unique_ptr<Transfer> transfer;
  CURLcode code;
};

// Owns the multi handle and every transfer added to it; removes them before cleanup.
class MultiSession {
 public:
  MultiSession();
  ~MultiSession();
  MultiSession(const MultiSession&) = delete;
  MultiSession& operator=(const MultiSession&) = delete;

  bool ok() const { return multi_ != nullptr; }
  Status Add(std::unique_ptr<Transfer> transfer);
  // Drives every transfer as far as it can go without blocking; returns the done ones.
  std::vector<Finished> Perform();
  // Waits up to `timeout_ms` for socket activity.
  void Poll(int timeout_ms);
  size_t active() const { return transfers_.size(); }
  // Removes and discards every transfer in flight; returns how many there were.
  size_t AbortAll();
  CURLM* handle() const { return multi_.get(); }

 private:
  CurlMulti multi_;
  std::map<CURL*, std::unique_ptr<Transfer>> transfers_;
};

}  // namespace cecat::crawler::detail
