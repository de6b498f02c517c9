#include "cli/logging.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "common/unique_fd.h"

namespace cecat::cli {
namespace {

// Local time with its offset, so a log kept across a DST change or read on
// another machine is unambiguous. Colour markers (%^ %$) are ignored by file sinks.
constexpr char kPattern[] = "%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v";

// Fans every message out to stderr and the log file, redacting it once first.
// Unlike dist_sink, one child's failure (a full disk at rotation) does not keep
// the others from writing; the first error is rethrown for spdlog's error handler.
class RedactingSink final : public spdlog::sinks::dist_sink_mt {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string_view payload(msg.payload.data(), msg.payload.size());
    if (payload.find("://") == std::string_view::npos) return Fan(msg);
    std::string clean = RedactSecrets(payload);
    spdlog::details::log_msg copy = msg;
    copy.payload = spdlog::string_view_t(clean.data(), clean.size());
    Fan(copy);
  }

 private:
  void Fan(const spdlog::details::log_msg& msg) {
    std::exception_ptr first;
    for (auto& sink : sinks_) {
      if (!sink->should_log(msg.level)) continue;
      try {
        sink->log(msg);
      } catch (...) {
        if (!first) first = std::current_exception();
      }
    }
    if (first) std::rethrow_exception(first);
  }
};

// The installed logger's fan-out and the file added to it, if any.
std::mutex g_mu;
std::shared_ptr<RedactingSink> g_sink;
std::filesystem::path g_file;

}  // namespace

void InstallLogger(spdlog::level::level_enum level) {
  auto fan = std::make_shared<RedactingSink>();
  // Logs go to stderr so stdout stays clean for --json and NDJSON output.
  fan->add_sink(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  fan->set_pattern(kPattern);
  auto logger = std::make_shared<spdlog::logger>("cecat", fan);
  logger->set_level(level);
  // Every line reaches the file at once: a refresh killed by SIGKILL or the OOM
  // killer leaves its last words in the log.
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(logger);
  spdlog::set_level(level);
  std::lock_guard<std::mutex> lock(g_mu);
  g_sink = fan;
  g_file.clear();
}

Status AddLogFile(const std::filesystem::path& file, const LogFileLimits& limits) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (!g_sink) return Status::Internal("no logger installed to add " + file.string() + " to");
  if (!g_file.empty()) {
    if (g_file == file) return Status::Ok();
    return Status::InvalidArgument("cannot log to " + file.string() + ": already logging to " +
                                   g_file.string());
  }
  if (limits.max_bytes == 0) return Status::InvalidArgument("log file size limit is zero");
  std::error_code ec;
  if (!file.parent_path().empty()) {
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) {
      return Status::IoError("cannot create the folder of log file " + file.string() + ": " +
                             ec.message());
    }
  }
  // Open it ourselves first: spdlog retries for 50 ms and then reports a generic
  // message; open(2)'s errno says what is wrong (EACCES, EISDIR, EROFS).
  UniqueFd probe(::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
  if (probe.get() < 0) {
    return Status::IoError("cannot open log file " + file.string() + ": " + std::strerror(errno));
  }
  try {
    auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        file.string(), limits.max_bytes, limits.rotated_files);
    sink->set_pattern(kPattern);
    g_sink->add_sink(std::move(sink));
  } catch (const std::exception& e) {
    return Status::IoError("cannot open log file " + file.string() + ": " + e.what());
  }
  g_file = file;
  return Status::Ok();
}

Status AddConfiguredLogFile(const config::Config& config) {
  if (config.log_file.empty()) return Status::Ok();
  Status st = AddLogFile(config.log_file);
  if (st.ok()) return st;
  return st.WithContext(config.file.string() + ": key 'log_file'");
}

}  // namespace cecat::cli
