// Shared test helpers: temporary folders, a fixture HTTP server on 127.0.0.1, and
// running the real `cecat` binary. Network tests talk only to LoopbackServer.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <httplib.h>

namespace cecat::testing {

// A fresh folder under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::string ReadFile(const std::filesystem::path& file);
void WriteFile(const std::filesystem::path& file, const std::string& contents);

// One request as the server saw it, for politeness and scope assertions.
struct SeenRequest {
  std::string method;
  std::string path;  // with the query string
  std::chrono::steady_clock::time_point at;
  httplib::Headers headers;
};

// An httplib::Server bound to 127.0.0.1 on a free port, run on its own thread.
// Register handlers through server() before Start(); the destructor stops it.
class LoopbackServer {
 public:
  LoopbackServer();
  ~LoopbackServer();
  httplib::Server& server() { return server_; }
  // Starts listening; fails the test if it cannot bind.
  void Start();
  int port() const { return port_; }
  // "http://127.0.0.1:<port><path>"
  std::string Url(const std::string& path) const;
  // Serves every file under `root` at "/<relative path>".
  void ServeDirectory(const std::filesystem::path& root);
  std::vector<SeenRequest> Requests() const;
  int CountRequests(const std::string& path) const;

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::vector<SeenRequest> requests_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the built `cecat` binary with `args` (no shell), waits for it, and returns
// its exit code and output. `env` entries ("NAME=value") are added to the
// environment. Kills it after `timeout`.
CommandResult RunCecat(const std::vector<std::string>& args,
                       const std::vector<std::string>& env = {},
                       std::chrono::seconds timeout = std::chrono::seconds(60));

// The repository's root, for fixtures under tests/data and examples/.
std::filesystem::path SourceDir();

// `data` compressed by zlib's deflate at level 6: with window_bits kGzipBits a
// gzip stream (RFC 1952, what a server sends as Content-Encoding gzip),
// kZlibBits a zlib stream (RFC 1950), kRawDeflateBits raw deflate (RFC 1951).
inline constexpr int kGzipBits = 31;
inline constexpr int kZlibBits = 15;
inline constexpr int kRawDeflateBits = -15;
std::string Deflated(std::string_view data, int window_bits = kGzipBits);

}  // namespace cecat::testing
