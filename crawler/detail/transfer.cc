#include "crawler/detail/transfer.h"

#include "common/ascii.h"

#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace cecat::crawler::detail {

namespace {

// Appends decoded bytes to the body, within max_bytes.
bool AppendDecoded(Transfer& t, std::string_view data) {
  // Decoded bytes, so this caps the decompressed size too: a gzip (or brotli) bomb
  // stops at max_bytes of output.
  if (t.max_bytes > 0 && static_cast<int64_t>(t.body.size() + data.size()) > t.max_bytes) {
    t.too_large = true;
    if (t.keep_truncated)
      t.body.append(data.data(), static_cast<size_t>(t.max_bytes) - t.body.size());
    return false;
  }
  t.body.append(data);
  return true;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (t->sitemap) {
    long status = 0;
    Curl().easy_getinfo(t->easy.get(), CURLINFO_RESPONSE_CODE, &status);
    // An error page or a redirect's body is not the sitemap (file: URLs have 0).
    if (status != 0 && (status < 200 || status >= 300)) return n;
    if (!t->sitemap->Feed(std::string_view(data, n))) {
      t->sitemap_stopped = true;
      return 0;  // CURLE_WRITE_ERROR: the rest is not fetched
    }
    return n;
  }
  if (!t->decoder) {
    auto it = t->headers.find("content-encoding");
    t->decoder = std::make_unique<BodyDecoder>(it == t->headers.end() ? "" : it->second);
    if (!t->decoder->ok()) {
      t->decode_error = t->decoder->error();
      return 0;  // CURLE_WRITE_ERROR
    }
    t->keep_received = t->keep_received && it != t->headers.end();
  }
  std::string_view in(data, n);
  if (t->keep_received) {
    // Never more than the cap (compressed bytes are fewer than decoded ones, but
    // an incompressible body gains a few bytes of framing).
    if (t->max_bytes > 0 && static_cast<int64_t>(t->received.size() + n) > t->max_bytes) {
      t->keep_received = false;
      std::string().swap(t->received);
    } else {
      t->received.append(in);
    }
  }
  if (!t->decoder->Feed(in, [t](std::string_view out) { return AppendDecoded(*t, out); })) {
    if (!t->too_large) t->decode_error = t->decoder->error();
    return 0;  // CURLE_WRITE_ERROR
  }
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {
    t->headers.clear();  // a new response (after 1xx or an internal redirect)
    t->decoder.reset();  // whose body has its own Content-Encoding
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name = Lower(line.substr(0, colon));
  static const char* const kWanted[] = {"etag",        "last-modified", "location",
                                        "retry-after", "content-type",  "content-encoding"};
  if (std::find_if(std::begin(kWanted), std::end(kWanted),
                   [&](const char* w) { return name == w; }) == std::end(kWanted)) {
    return n;
  }
  std::string_view value = Trim(line.substr(colon + 1));
  std::string& field = t->headers[name];
  if (name == "content-encoding" && !field.empty()) {
    // Two field lines are one list, in order (RFC 9110 5.3): a server that
    // compresses a body already gzipped adds its own coding after the first.
    field.append(", ").append(value);
  } else {
    field = std::string(value);
  }
  return n;
}

curl_socket_t OnOpenSocket(void* user, curlsocktype /*purpose*/, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  std::string why = t->policy->CheckSockaddr(&address->addr);
  if (!why.empty()) {
    t->address_refused = why;
    return CURL_SOCKET_BAD;  // libcurl tries the next address, then fails to connect
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

}  // namespace

Result<std::unique_ptr<Transfer>> MakeTransfer(const CrawlSpec& spec, const AddressPolicy& policy,
                                               FetchJob job, std::string host_key,
                                               const TransferOptions& options) {
  auto t = std::make_unique<Transfer>();
  t->job = std::move(job);
  t->host_key = std::move(host_key);
  t->policy = &policy;
  if (options.truncate_at > 0) {
    t->max_bytes = options.truncate_at;
    t->keep_truncated = true;
  } else if (options.stream_sitemap) {
    t->sitemap = std::make_unique<SitemapParser>(kSitemapMaxBytes);
  } else {
    t->max_bytes = spec.max_bytes;
  }
  t->easy.reset(Curl().easy_init());
  if (!t->easy) return Status::Internal("curl_easy_init failed");
  CURL* e = t->easy.get();
  auto ms = [](double seconds) { return static_cast<long>(std::max(1.0, seconds * 1000)); };

  SetOpt<CURLOPT_URL>(e, t->job.url.c_str());
  SetOpt<CURLOPT_PRIVATE>(e, t.get());
  SetOpt<CURLOPT_ERRORBUFFER>(e, t->error);
  SetOpt<CURLOPT_WRITEFUNCTION>(e, OnBody);
  SetOpt<CURLOPT_WRITEDATA>(e, t.get());
  SetOpt<CURLOPT_HEADERFUNCTION>(e, OnHeader);
  SetOpt<CURLOPT_HEADERDATA>(e, t.get());
  SetOpt<CURLOPT_OPENSOCKETFUNCTION>(e, OnOpenSocket);
  SetOpt<CURLOPT_OPENSOCKETDATA>(e, t.get());
  SetOpt<CURLOPT_NOSIGNAL>(e, 1L);
  SetOpt<CURLOPT_PROTOCOLS_STR>(e, "http,https,file");
  SetOpt<CURLOPT_REDIR_PROTOCOLS_STR>(e, "http,https");
  // No proxy from the environment: the address policy must see the address the
  // request really goes to.
  SetOpt<CURLOPT_PROXY>(e, "");
  SetOpt<CURLOPT_USERAGENT>(e, spec.user_agent.c_str());
  if (t->sitemap) {
    // The sitemap parser takes decoded bytes from libcurl, and inflates a
    // .xml.gz file itself (sitemap.h).
    SetOpt<CURLOPT_ACCEPT_ENCODING>(e, "");  // every encoding libcurl decodes
  } else {
    // Sent, but decoded by OnBody (BodyDecoder), which can keep what arrived.
    SetOpt<CURLOPT_ACCEPT_ENCODING>(e, AcceptEncoding());
    SetOpt<CURLOPT_HTTP_CONTENT_DECODING>(e, 0L);
    t->keep_received = t->job.kind == JobKind::kPage;
  }
  SetOpt<CURLOPT_TIMEOUT_MS>(e, ms(spec.timeout_s));
  SetOpt<CURLOPT_CONNECTTIMEOUT_MS>(e, ms(std::min(spec.timeout_s, 30.0)));
  if (spec.low_speed_limit > 0 && spec.low_speed_time_s > 0) {
    SetOpt<CURLOPT_LOW_SPEED_LIMIT>(e, static_cast<long>(spec.low_speed_limit));
    SetOpt<CURLOPT_LOW_SPEED_TIME>(e, static_cast<long>(spec.low_speed_time_s));
  }
  // Rejects a declared Content-Length over the cap before the body comes; the write
  // callback enforces it on what actually arrives. Not for a body that is cut
  // rather than failed (robots.txt: a 100 MB file is read up to its cap and
  // parsed, RFC 9309 section 2.5; sitemaps: cut at the parser's cap).
  if (t->max_bytes > 0 && !t->keep_truncated)
    SetOpt<CURLOPT_MAXFILESIZE_LARGE>(e, curl_off_t{t->max_bytes});
  if (options.follow_redirects > 0) {
    SetOpt<CURLOPT_FOLLOWLOCATION>(e, 1L);
    SetOpt<CURLOPT_MAXREDIRS>(e, static_cast<long>(options.follow_redirects));
  }
  if (options.validators) {
    if (!options.validators->etag.empty() &&
        !AppendHeader(t->request_headers, "If-None-Match: " + options.validators->etag)) {
      return Status::Internal("out of memory");
    }
    if (!options.validators->last_modified.empty() &&
        !AppendHeader(t->request_headers,
                      "If-Modified-Since: " + options.validators->last_modified)) {
      return Status::Internal("out of memory");
    }
  }
  if (options.validators && !options.validators->last_modified.empty() &&
      t->job.url.rfind("file:", 0) == 0) {
    // A local file has no server to answer 304; libcurl compares its mtime instead
    // and reports CURLINFO_CONDITION_UNMET, which the crawler treats as a 304.
    time_t since = Curl().getdate(options.validators->last_modified.c_str(), nullptr);
    if (since != -1) {
      SetOpt<CURLOPT_TIMECONDITION>(e, static_cast<long>(CURL_TIMECOND_IFMODSINCE));
      SetOpt<CURLOPT_TIMEVALUE_LARGE>(e, static_cast<curl_off_t>(since));
    }
  }
  // The file's mtime for file: URLs (their Last-Modified). Not asked for over HTTP,
  // where the crawler reads the header itself: libcurl would parse every
  // response's Last-Modified date for nothing (sscanf, issue 25).
  if (t->job.url.rfind("file:", 0) == 0) SetOpt<CURLOPT_FILETIME>(e, 1L);
  if (t->request_headers) SetOpt<CURLOPT_HTTPHEADER>(e, t->request_headers.get());
  t->started = SteadyClock::now();
  return t;
}

MultiSession::MultiSession() { multi_.reset(Curl().multi_init()); }

MultiSession::~MultiSession() {
  for (auto& [easy, transfer] : transfers_) Curl().multi_remove_handle(multi_.get(), easy);
  transfers_.clear();
}

Status MultiSession::Add(std::unique_ptr<Transfer> transfer) {
  CURL* easy = transfer->easy.get();
  CURLMcode rc = Curl().multi_add_handle(multi_.get(), easy);
  if (rc != CURLM_OK) {
    return Status::Internal(std::string("curl_multi_add_handle: ") + Curl().multi_strerror(rc));
  }
  transfers_.emplace(easy, std::move(transfer));
  return Status::Ok();
}

std::vector<Finished> MultiSession::Perform() {
  int running = 0;
  Curl().multi_perform(multi_.get(), &running);
  std::vector<Finished> done;
  int queued = 0;
  while (CURLMsg* msg = Curl().multi_info_read(multi_.get(), &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    CURLcode code = msg->data.result;
    Curl().multi_remove_handle(multi_.get(), easy);
    auto it = transfers_.find(easy);
    if (it == transfers_.end()) continue;
    done.push_back({std::move(it->second), code});
    transfers_.erase(it);
  }
  return done;
}

size_t MultiSession::AbortAll() {
  size_t n = transfers_.size();
  for (auto& [easy, transfer] : transfers_) Curl().multi_remove_handle(multi_.get(), easy);
  transfers_.clear();
  return n;
}

void MultiSession::Poll(int timeout_ms) {
  Curl().multi_poll(multi_.get(), nullptr, 0, std::max(0, timeout_ms), nullptr);
}

}  // namespace cecat::crawler::detail
