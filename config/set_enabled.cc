// `cecat sources enable|disable ID`: flips one source's `enabled` in the file.
#include "config/config.h"
#include "config/detail/file_io.h"

namespace cecat::config {
namespace {

// Same cap as the loader: a sources file is small.
constexpr size_t kMaxFileBytes = 16 * 1024 * 1024;

}  // namespace

Status SetSourceEnabled(const std::filesystem::path& file, const std::string& id, bool enabled) {
  const std::string name = file.string();
  // Refuse to rewrite a file that does not load: the edit would hide nothing, and
  // the admin should see every problem first (`cecat sources check`).
  LoadOutcome loaded = LoadConfigWithProblems(file);
  if (!loaded.config) {
    std::string message = "not changed, the sources file has problems:";
    for (const auto& p : loaded.problems) message += "\n" + p.ToString();
    return Status::InvalidArgument(message);
  }
  if (!loaded.config->FindSource(id)) {
    return Status::NotFound(name + ": no source with id '" + id + "'");
  }

  Result<std::string> text = detail::ReadSmallFile(file, kMaxFileBytes);
  if (!text.ok()) return text.status().WithContext(name);
  // ordered_json keeps the file's key order, so the rewrite differs from the
  // original only in layout and in this one value.
  nlohmann::ordered_json root;
  try {
    root = nlohmann::ordered_json::parse(*text);
  } catch (const std::exception& e) {
    // The file changed between the two reads; report rather than guess.
    return Status::InvalidArgument(name + ": invalid JSON: " + e.what());
  }
  bool found = false;
  try {
    for (auto& source : root.at("sources")) {
      if (source.is_object() && source.contains("id") && source["id"] == id) {
        source["enabled"] = enabled;  // replaces in place, or appends as the last key
        found = true;
      }
    }
  } catch (const std::exception& e) {
    return Status::InvalidArgument(name + ": " + e.what());
  }
  if (!found) return Status::NotFound(name + ": no source with id '" + id + "'");
  std::string out;
  try {
    out = root.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::strict) + "\n";
  } catch (const std::exception& e) {
    return Status::Internal(name + ": cannot serialise: " + e.what());
  }
  return detail::WriteFileAtomically(file, out).WithContext(name);
}

}  // namespace cecat::config
