// The benchmark site's server: static, prepared once, cheap per request.
//
// Why not cpp-httplib (as the tests use): its server compresses any text/* body
// again when the client accepts gzip, with no way to hand it a body that is
// already compressed, and the old crawl bench measured exactly that (the server
// burned ~40x the crawler's CPU). This one keeps every response's bytes in memory
// and writes them with one writev, so its CPU per page is a few microseconds.
// It is a benchmark fixture, not a web server: GET and HEAD, HTTP/1.1 keep-alive,
// no chunked request bodies, no ranges.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <xxhash.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "bench/site/site.h"

namespace cecat::bench {
namespace {

namespace fs = std::filesystem;

// Every page has the same Last-Modified: the site is generated, not edited.
constexpr std::string_view kLastModified = "Sun, 01 Nov 2026 08:00:00 GMT";
constexpr size_t kMaxRequestBytes = 64 * 1024;

struct Entry {
  std::string raw;
  std::string gzip;  // empty when no .gz was written
  std::string etag;  // quoted
  std::string content_type;
};

struct Counters {
  std::atomic<int64_t> requests{0}, ok{0}, not_modified{0}, not_found{0}, gzip{0};
  std::atomic<int64_t> body_bytes{0}, connections{0};
};

// Shared by the connection threads, which are detached: the last one frees it.
struct State {
  std::unordered_map<std::string, Entry> site;
  Counters counters;
  std::atomic<int> live{0};
};

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

std::string ReadAll(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// "gzip" listed with a q-value other than 0 (RFC 9110 section 12.5.3).
bool AcceptsGzip(std::string_view accept) {
  size_t at = 0;
  while (at <= accept.size()) {
    size_t comma = accept.find(',', at);
    std::string_view item = Trim(
        accept.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at));
    size_t semi = item.find(';');
    std::string_view coding = Trim(item.substr(0, semi));
    if (IEquals(coding, "gzip") || IEquals(coding, "x-gzip") || coding == "*") {
      if (semi == std::string_view::npos) return true;
      std::string_view q = Trim(item.substr(semi + 1));
      return !(q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000");
    }
    if (comma == std::string_view::npos) break;
    at = comma + 1;
  }
  return false;
}

bool WriteAll(int fd, iovec* iov, int count) {
  while (count > 0) {
    ssize_t n = writev(fd, iov, count);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    while (count > 0 && static_cast<size_t>(n) >= iov->iov_len) {
      n -= static_cast<ssize_t>(iov->iov_len);
      ++iov;
      --count;
    }
    if (count > 0) {
      iov->iov_base = static_cast<char*>(iov->iov_base) + n;
      iov->iov_len -= static_cast<size_t>(n);
    }
  }
  return true;
}

int OpenFds() {
  std::error_code ec;
  int n = 0;
  for (fs::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) {
    ++n;
  }
  return n;
}

std::string StatsJson(const Counters& c, int live) {
  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  auto secs = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "{\"user_s\":%.3f,\"sys_s\":%.3f,\"peak_rss_kb\":%ld,\"requests\":%lld,"
                "\"ok\":%lld,\"not_modified\":%lld,\"not_found\":%lld,\"gzip\":%lld,"
                "\"body_bytes\":%lld,\"connections\":%lld,\"live_connections\":%d,"
                "\"open_fds\":%d}\n",
                secs(self.ru_utime), secs(self.ru_stime), self.ru_maxrss,
                static_cast<long long>(c.requests.load()), static_cast<long long>(c.ok.load()),
                static_cast<long long>(c.not_modified.load()),
                static_cast<long long>(c.not_found.load()), static_cast<long long>(c.gzip.load()),
                static_cast<long long>(c.body_bytes.load()),
                static_cast<long long>(c.connections.load()), live, OpenFds());
  return buf;
}

class Connection {
 public:
  Connection(int fd, std::shared_ptr<State> state)
      : fd_(fd), state_(std::move(state)), site_(state_->site), counters_(state_->counters) {}
  ~Connection() {
    close(fd_);
    --state_->live;
  }

  void Run() {
    std::string buffer;
    char chunk[16384];
    while (!g_stop) {
      size_t end;
      while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (buffer.size() > kMaxRequestBytes) return;
        ssize_t n = read(fd_, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        buffer.append(chunk, static_cast<size_t>(n));
      }
      std::string head = buffer.substr(0, end + 2);
      buffer.erase(0, end + 4);
      if (!Respond(head)) return;
    }
  }

 private:
  // Answers one request; false closes the connection.
  bool Respond(const std::string& head) {
    ++counters_.requests;
    size_t line_end = head.find("\r\n");
    std::string_view line(head.data(), line_end);
    size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 <= sp1) return false;
    std::string_view method = line.substr(0, sp1);
    std::string target(line.substr(sp1 + 1, sp2 - sp1 - 1));
    bool http10 = line.substr(sp2 + 1) == "HTTP/1.0";
    std::string_view accept, if_none_match, if_modified_since, connection;
    for (size_t at = line_end + 2; at < head.size();) {
      size_t eol = head.find("\r\n", at);
      if (eol == std::string::npos) eol = head.size();
      std::string_view h(head.data() + at, eol - at);
      size_t colon = h.find(':');
      if (colon != std::string_view::npos) {
        std::string_view name = h.substr(0, colon), value = Trim(h.substr(colon + 1));
        if (IEquals(name, "Accept-Encoding")) accept = value;
        if (IEquals(name, "If-None-Match")) if_none_match = value;
        if (IEquals(name, "If-Modified-Since")) if_modified_since = value;
        if (IEquals(name, "Connection")) connection = value;
      }
      at = eol + 2;
    }
    bool keep_alive = http10 ? IEquals(connection, "keep-alive") : !IEquals(connection, "close");
    bool head_only = method == "HEAD";
    if (method != "GET" && !head_only) return Send("405 Method Not Allowed", "", "", false);

    // The query string names no other resource here (trackers, cache busters).
    std::string path = target.substr(0, target.find_first_of("?#"));
    if (path.empty() || path.back() == '/') path += "index.html";
    if (path == "/__stats") {
      return Send("200 OK", "content-type: application/json\r\n",
                  StatsJson(counters_, state_->live.load()), keep_alive);
    }
    auto it = site_.find(path);
    if (it == site_.end()) {
      ++counters_.not_found;
      return Send("404 Not Found", "content-type: text/plain\r\n", "not found\n", keep_alive);
    }
    const Entry& e = it->second;
    // RFC 9110 section 13.1.2: If-None-Match wins over If-Modified-Since. The
    // two encodings share the ETag's opaque part, so a weak comparison matches.
    bool fresh = false;
    if (!if_none_match.empty()) {
      std::string_view tag = e.etag;
      fresh = if_none_match == "*" ||
              if_none_match.find(tag.substr(1, tag.size() - 2)) != std::string_view::npos;
    } else if (!if_modified_since.empty()) {
      fresh = if_modified_since == kLastModified;
    }
    bool gz = !e.gzip.empty() && AcceptsGzip(accept);
    std::string headers = "etag: " + (gz ? e.etag.substr(0, e.etag.size() - 1) + "-gz\"" : e.etag) +
                          "\r\nlast-modified: " + std::string(kLastModified) +
                          "\r\nvary: Accept-Encoding\r\ncache-control: max-age=0\r\n";
    if (fresh) {
      ++counters_.not_modified;
      return Send("304 Not Modified", headers, "", keep_alive);
    }
    ++counters_.ok;
    headers += "content-type: " + e.content_type + "\r\n";
    if (gz) {
      ++counters_.gzip;
      headers += "content-encoding: gzip\r\n";
    }
    const std::string& body = gz ? e.gzip : e.raw;
    counters_.body_bytes += static_cast<int64_t>(body.size());
    return Send("200 OK", headers, body, keep_alive, head_only);
  }

  bool Send(std::string_view status, const std::string& headers, std::string_view body,
            bool keep_alive, bool head_only = false) {
    std::string head = "HTTP/1.1 " + std::string(status) +
                       "\r\nserver: cecat-bench\r\ncontent-length: " + std::to_string(body.size()) +
                       "\r\n" + headers + (keep_alive ? "" : "connection: close\r\n") + "\r\n";
    if (status.rfind("304", 0) == 0) {
      // A 304 has no body and no content-length of the body it stands for.
      head = "HTTP/1.1 304 Not Modified\r\nserver: cecat-bench\r\n" + headers +
             (keep_alive ? "" : "connection: close\r\n") + "\r\n";
      body = {};
    }
    iovec iov[2] = {{head.data(), head.size()},
                    {const_cast<char*>(body.data()), head_only ? 0 : body.size()}};
    return WriteAll(fd_, iov, iov[1].iov_len ? 2 : 1) && keep_alive;
  }

  int fd_;
  std::shared_ptr<State> state_;
  const std::unordered_map<std::string, Entry>& site_;
  Counters& counters_;
};

}  // namespace

Status ServeSite(const ServeOptions& options, const std::function<void(int port)>& on_listening) {
  auto state = std::make_shared<State>();
  auto& site = state->site;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(options.dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const fs::path& file = it->path();
    std::string name = file.filename().string();
    if (name.front() == '.' || file.extension() == ".gz") continue;
    Entry e;
    e.raw = ReadAll(file);
    if (fs::exists(file.string() + ".gz")) e.gzip = ReadAll(file.string() + ".gz");
    char tag[40];
    std::snprintf(tag, sizeof tag, "\"%016llx\"",
                  static_cast<unsigned long long>(XXH3_64bits(e.raw.data(), e.raw.size())));
    e.etag = tag;
    e.content_type =
        file.extension() == ".html" ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
    site.emplace("/" + fs::relative(file, options.dir).generic_string(), std::move(e));
  }
  if (ec) return Status::IoError("cannot read " + options.dir.string() + ": " + ec.message());
  if (site.empty()) return Status::NotFound("no files under " + options.dir.string());

  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0) return Status::IoError(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(options.port));
  if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listener, 256) != 0) {
    std::string why = std::strerror(errno);
    close(listener);
    return Status::IoError("cannot listen on 127.0.0.1:" + std::to_string(options.port) + ": " +
                           why);
  }
  socklen_t len = sizeof addr;
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);

  struct sigaction sa {};
  sa.sa_handler = OnSignal;  // no SA_RESTART: accept() returns EINTR and the loop ends
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
  on_listening(ntohs(addr.sin_port));

  std::string why_stopped = "signal";
  while (!g_stop) {
    int fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors or memory for a moment: the crawler sees a slow
        // accept, not a dead server.
        std::fprintf(stderr, "bench_site: accept: %s (retrying)\n", std::strerror(errno));
        usleep(10000);
        continue;
      }
      why_stopped = std::string("accept: ") + std::strerror(errno);
      break;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++state->counters.connections;
    if (state->live.load() >= options.threads) {
      // More connections than threads: refuse rather than queue without bound.
      close(fd);
      continue;
    }
    ++state->live;
    // One thread per connection: both crawlers keep a handful of keep-alive
    // connections, so this is at most `threads` threads, each blocked in read().
    try {
      std::thread([fd, state] { Connection(fd, state).Run(); }).detach();
    } catch (const std::system_error& e) {
      std::fprintf(stderr, "bench_site: cannot start a connection thread: %s\n", e.what());
      --state->live;
      close(fd);
    }
  }
  close(listener);
  // Connections still open belong to a crawler that is gone; the process exits.
  std::fprintf(stderr, "bench_site: stopped (%s) after %lld requests\n", why_stopped.c_str(),
               static_cast<long long>(state->counters.requests.load()));
  if (why_stopped != "signal") return Status::IoError(why_stopped);
  return Status::Ok();
}

}  // namespace cecat::bench
