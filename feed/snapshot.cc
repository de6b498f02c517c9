// WriteSnapshot: feed.json streamed record by record into a temporary file that
// replaces the previous feed only once it is complete and on disk.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <xxhash.h>

#include "common/time_format.h"
#include "common/version.h"
#include "feed/detail/file_writer.h"
#include "feed/detail/gzip_writer.h"
#include "feed/detail/json_writer.h"
#include "feed/feed.h"

#ifndef CECAT_FEED_SCHEMA_FILE
#define CECAT_FEED_SCHEMA_FILE ""
#endif

namespace cecat::feed {
namespace {

using detail::FileWriter;
using detail::GzipWriter;

constexpr size_t kTypeCount = 4;
// Arrays in the order the feed lists them (RecordType's order: SPEC "Feed").
constexpr std::array<RecordType, kTypeCount> kFeedOrder = {
    RecordType::kCourse, RecordType::kProvider, RecordType::kScholarship, RecordType::kReview};
// Fast rather than small: on the benchmark's feed, zlib's default level 6 took 2.6
// times level 3's CPU for a 20% smaller file. The export runs inside the nightly
// refresh, so its time matters more than the .gz's last bytes.
constexpr int kGzipLevel = 3;

// XXH3-64 over bytes given in pieces; the same value as Hash64 of them all.
class StreamHash {
 public:
  StreamHash() : state_(XXH3_createState()) {
    if (!state_) throw std::bad_alloc();
    XXH3_64bits_reset(state_.get());
  }
  void Update(std::string_view data) { XXH3_64bits_update(state_.get(), data.data(), data.size()); }
  uint64_t Digest() const { return XXH3_64bits_digest(state_.get()); }

 private:
  struct Free {
    void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
  };
  std::unique_ptr<XXH3_state_t, Free> state_;
};

// feed.json and, when asked for, feed.json.gz: every byte goes to both. From
// BeginRecords on, the bytes are also hashed: the records part (RecordsPart).
class FeedOutput {
 public:
  FeedOutput(FileWriter json, std::optional<GzipWriter> gz)
      : json_(std::move(json)), gz_(std::move(gz)) {}

  Status Append(std::string_view data) {
    CECAT_RETURN_IF_ERROR(json_.Append(data));
    if (gz_) CECAT_RETURN_IF_ERROR(gz_->Append(data));
    if (records_) {
      records_->Update(data);
      records_bytes_ += static_cast<int64_t>(data.size());
    }
    return Status::Ok();
  }
  void BeginRecords() { records_.emplace(); }
  uint64_t records_hash() const { return records_ ? records_->Digest() : 0; }
  int64_t records_bytes() const { return records_bytes_; }
  FileWriter& json() { return json_; }
  std::optional<GzipWriter>& gz() { return gz_; }

 private:
  FileWriter json_;
  std::optional<GzipWriter> gz_;
  std::optional<StreamHash> records_;
  int64_t records_bytes_ = 0;
};

// One array of the feed. The first array (courses, by far the largest) streams
// straight into the feed; the others go to anonymous spill files and are copied in
// at the end, so the producer may emit types in any order (an index sorting by
// type name puts reviews before scholarships) and memory still stays flat.
struct ArrayState {
  std::optional<FileWriter> spill;  // empty for the array streamed directly
  int64_t count = 0;
  std::string last_id;
};

// The sources sorted by id, each as its feed object; InvalidArgument for an empty
// or repeated id (the sources file forbids both, so one here is a caller's bug).
Result<std::vector<Json>> SourceObjects(std::vector<FeedSource> sources) {
  std::sort(sources.begin(), sources.end(),
            [](const FeedSource& a, const FeedSource& b) { return a.id < b.id; });
  std::vector<Json> out;
  out.reserve(sources.size());
  for (size_t i = 0; i < sources.size(); ++i) {
    const FeedSource& s = sources[i];
    if (s.id.empty()) return Status::InvalidArgument("feed source without an id");
    if (i > 0 && sources[i - 1].id == s.id) {
      return Status::InvalidArgument("feed source " + s.id + " is listed twice");
    }
    Json object = {{"id", s.id}};
    // Always written (the schema requires it): the sources file's default is the id.
    object["name"] = s.name.empty() ? s.id : s.name;
    // 0 is "never": a consumer must not read the epoch as a success.
    if (s.last_success > 0) object["last_success"] = FormatRfc3339(s.last_success);
    out.push_back(std::move(object));
  }
  return out;
}

// Everything before the first record: the header fields, one line, then the
// sources, one per line like the records.
Result<std::string> Header(const SnapshotInfo& info) {
  CECAT_ASSIGN_OR_RETURN(std::vector<Json> sources, SourceObjects(info.sources));
  std::string generated_at = info.generated_at.empty() ? NowRfc3339() : info.generated_at;
  // Written by hand so the keys come in the documented order (nlohmann::json sorts
  // object keys); Json::dump quotes the string.
  std::string out = "{\"schema_version\":" + std::to_string(kSchemaVersion) +
                    ",\"generated_at\":" + Json(generated_at).dump() +
                    ",\"cursor\":" + std::to_string(info.cursor) + ",\n\"sources\":[";
  for (size_t i = 0; i < sources.size(); ++i) {
    out += i > 0 ? ",\n" : "\n";
    detail::AppendJson(sources[i], &out);
  }
  out += sources.empty() ? "],\n" : "\n],\n";
  return out;
}

std::string ArrayOpening(RecordType type) {
  return std::string("\"") + RecordTypePlural(type) + "\":[";
}

Status ReadWholeFile(const std::filesystem::path& file, std::string* out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::IoError(file.string() + ": cannot open: " + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::IoError(file.string() + ": read failed");
  *out = std::move(buffer).str();
  return Status::Ok();
}

Status PrepareDir(const std::filesystem::path& feed_dir) {
  std::error_code ec;
  std::filesystem::create_directories(feed_dir, ec);
  if (ec) return Status::IoError("feed directory " + feed_dir.string() + ": " + ec.message());
  if (!std::filesystem::is_directory(feed_dir, ec)) {
    return Status::IoError("feed directory " + feed_dir.string() + ": not a directory");
  }
  detail::RemoveStaleTempFiles(feed_dir);
  return Status::Ok();
}

// Reads and checks the schema before anything is written, so a wrong path fails the
// export with the previous feed untouched.
Status LoadSchema(const std::filesystem::path& schema_file, std::string* text) {
  CECAT_RETURN_IF_ERROR(ReadWholeFile(schema_file, text));
  Json parsed = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object() || !parsed.contains("$schema")) {
    return Status::IoError(schema_file.string() + ": not a JSON Schema document");
  }
  return Status::Ok();
}

// What a records part depends on besides the cursor: the writer's version (how
// records are serialised) and the schema it writes against.
uint64_t RecordsFormat(const std::string& schema_text) {
  return Hash64(std::string(Version()) + "\n" + schema_text);
}

// The offset of the records part in `file` when the file is long enough to end
// with the part `previous` describes and has the courses array's opening, after a
// line break, where that part would start; nullopt when not or when it cannot be
// read. Whether the bytes from there on are that part (its hash) is checked while
// they are copied (WriteSnapshot): one pass over the previous feed, not two.
std::optional<std::streamoff> FindRecordsPart(const std::filesystem::path& file,
                                              const RecordsPart& previous) {
  std::ifstream in(file, std::ios::binary);
  if (!in || !in.seekg(0, std::ios::end)) return std::nullopt;
  const std::streamoff size = in.tellg();
  const std::streamoff offset = size - previous.bytes;
  if (previous.bytes <= 0 || offset <= 0) return std::nullopt;
  const std::string opening = "\n" + ArrayOpening(RecordType::kCourse);
  std::string at(opening.size(), '\0');
  in.seekg(offset - 1);
  if (!in.read(at.data(), static_cast<std::streamsize>(at.size())) || at != opening)
    return std::nullopt;
  return offset;
}

// True if `file` holds exactly `text` (false when it cannot be read).
bool HoldsExactly(const std::filesystem::path& file, const std::string& text) {
  std::error_code ec;
  if (std::filesystem::file_size(file, ec) != text.size() || ec) return false;
  std::string current;
  return ReadWholeFile(file, &current).ok() && current == text;
}

// Appends `file` from `offset` to its end.
Status CopyFrom(const std::filesystem::path& file, std::streamoff offset, FeedOutput* out) {
  std::ifstream in(file, std::ios::binary);
  if (!in || !in.seekg(offset)) return Status::IoError(file.string() + ": cannot read");
  std::vector<char> buffer(size_t{1} << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    CECAT_RETURN_IF_ERROR(
        out->Append(std::string_view(buffer.data(), static_cast<size_t>(in.gcount()))));
  }
  if (in.bad()) return Status::IoError(file.string() + ": read failed");
  return Status::Ok();
}

class SnapshotWriter {
 public:
  SnapshotWriter(FeedOutput* out, SnapshotStats* stats) : out_(out), stats_(stats) {}

  Status Init(const std::filesystem::path& dir) {
    for (size_t i = 1; i < kTypeCount; ++i) {
      CECAT_ASSIGN_OR_RETURN(FileWriter spill, FileWriter::CreateAnonymous(dir));
      arrays_[i].spill.emplace(std::move(spill));
    }
    return Status::Ok();
  }

  Status Add(const Json& record) {
    if (!record.is_object()) return Status::InvalidArgument("feed record is not an object");
    auto id_it = record.find("id");
    if (id_it == record.end() || !id_it->is_string() ||
        id_it->get_ref<const std::string&>().empty()) {
      return Status::InvalidArgument("feed record without an \"id\" string");
    }
    const std::string& id = id_it->get_ref<const std::string&>();
    auto type_it = record.find("type");
    std::optional<RecordType> type;
    if (type_it != record.end() && type_it->is_string()) {
      type = ParseRecordType(type_it->get_ref<const std::string&>());
    }
    if (!type) return Status::InvalidArgument("feed record " + id + ": unknown or missing type");
    auto status_it = record.find("status");
    if (status_it != record.end() && status_it->is_string() &&
        status_it->get_ref<const std::string&>() == "removed") {
      ++stats_->skipped_removed;
      return Status::Ok();
    }
    ArrayState& array = arrays_[static_cast<size_t>(*type)];
    // Byte-identical exports need one order; the index promises it, and a duplicate
    // or unsorted id here is a bug upstream worth failing loudly on.
    if (array.count > 0 && !(array.last_id < id)) {
      return Status::InvalidArgument("feed record " + id + " (" + RecordTypeName(*type) +
                                     ") is not after " + array.last_id +
                                     ": records must come sorted by id, without duplicates");
    }
    array.last_id = id;
    // Invalid UTF-8 in a string is replaced by U+FFFD rather than failing the whole
    // export for one bad byte; the normaliser is meant to make it impossible.
    line_.clear();
    if (array.count > 0) line_ += ",";
    line_ += "\n";
    detail::AppendJson(record, &line_);
    ++array.count;
    if (array.spill) return array.spill->Append(line_);
    return out_->Append(line_);
  }

  // Closes the first array and copies the spilled ones in, in feed order.
  Status Finish() {
    CECAT_RETURN_IF_ERROR(CloseArray(arrays_[0]));
    for (size_t i = 1; i < kTypeCount; ++i) {
      CECAT_RETURN_IF_ERROR(out_->Append(",\n" + ArrayOpening(kFeedOrder[i])));
      CECAT_RETURN_IF_ERROR(arrays_[i].spill->ReadBack(
          [this](std::string_view chunk) { return out_->Append(chunk); }));
      CECAT_RETURN_IF_ERROR(CloseArray(arrays_[i]));
    }
    CECAT_RETURN_IF_ERROR(out_->Append("}\n"));
    stats_->courses = arrays_[0].count;
    stats_->providers = arrays_[1].count;
    stats_->scholarships = arrays_[2].count;
    stats_->reviews = arrays_[3].count;
    return Status::Ok();
  }

 private:
  Status CloseArray(const ArrayState& array) { return out_->Append(array.count > 0 ? "\n]" : "]"); }

  FeedOutput* out_;
  SnapshotStats* stats_;
  std::array<ArrayState, kTypeCount> arrays_;
  std::string line_;
};

}  // namespace

std::filesystem::path DefaultSchemaFile() { return CECAT_FEED_SCHEMA_FILE; }

Status WriteSnapshot(const std::filesystem::path& feed_dir,
                     const std::filesystem::path& schema_file, const SnapshotInfo& info,
                     const RecordProducer& produce, SnapshotStats* stats) {
  try {
    std::filesystem::path schema = schema_file.empty() ? DefaultSchemaFile() : schema_file;
    if (schema.empty()) return Status::IoError("no schema file given, and none built in");
    // Checked before anything is written, like the schema below.
    CECAT_ASSIGN_OR_RETURN(std::string header, Header(info));
    CECAT_RETURN_IF_ERROR(PrepareDir(feed_dir));
    std::string schema_text;
    CECAT_RETURN_IF_ERROR(LoadSchema(schema, &schema_text));

    auto open_output = [&]() -> Result<FeedOutput> {
      Result<FileWriter> json = FileWriter::CreateTemp(feed_dir, "feed.json");
      if (!json.ok()) return json.status().WithContext("feed directory " + feed_dir.string());
      std::optional<GzipWriter> gz;
      if (info.gzip) {
        CECAT_ASSIGN_OR_RETURN(FileWriter gz_file,
                               FileWriter::CreateTemp(feed_dir, "feed.json.gz"));
        CECAT_ASSIGN_OR_RETURN(GzipWriter gz_writer,
                               GzipWriter::Create(std::move(gz_file), kGzipLevel));
        gz.emplace(std::move(gz_writer));
      }
      return FeedOutput(std::move(json.value()), std::move(gz));
    };
    // FileWriter moves but does not assign: a failed reuse starts a new one here.
    std::optional<FeedOutput> output;
    {
      CECAT_ASSIGN_OR_RETURN(FeedOutput opened, open_output());
      output.emplace(std::move(opened));
    }

    SnapshotStats local_stats;
    const uint64_t format = RecordsFormat(schema_text);
    std::optional<std::streamoff> reuse;
    if (info.previous && info.previous->cursor == info.cursor && info.previous->format == format)
      reuse = FindRecordsPart(feed_dir / "feed.json", *info.previous);
    CECAT_RETURN_IF_ERROR(output->Append(header));
    output->BeginRecords();
    if (reuse) {
      // The copy is hashed as it is written: bytes that are not the part the notes
      // describe (the file was edited or cut) are thrown away with their temporary
      // file, and the records are produced again.
      Status copied = CopyFrom(feed_dir / "feed.json", *reuse, &*output);
      if (!copied.ok() || output->records_hash() != info.previous->hash ||
          output->records_bytes() != info.previous->bytes) {
        reuse.reset();
        output.reset();
        CECAT_ASSIGN_OR_RETURN(FeedOutput opened, open_output());
        output.emplace(std::move(opened));
        CECAT_RETURN_IF_ERROR(output->Append(header));
        output->BeginRecords();
      }
    }
    if (reuse) {
      local_stats.courses = info.previous->courses;
      local_stats.providers = info.previous->providers;
      local_stats.scholarships = info.previous->scholarships;
      local_stats.reviews = info.previous->reviews;
      local_stats.reused = true;
    } else {
      SnapshotWriter writer(&*output, &local_stats);
      CECAT_RETURN_IF_ERROR(writer.Init(feed_dir));
      CECAT_RETURN_IF_ERROR(output->Append(ArrayOpening(RecordType::kCourse)));
      CECAT_RETURN_IF_ERROR(produce([&writer](const Json& record) { return writer.Add(record); }));
      CECAT_RETURN_IF_ERROR(writer.Finish());
    }
    local_stats.bytes = output->json().size();
    local_stats.records = {.cursor = info.cursor,
                           .hash = output->records_hash(),
                           .bytes = output->records_bytes(),
                           .format = format,
                           .courses = local_stats.courses,
                           .providers = local_stats.providers,
                           .scholarships = local_stats.scholarships,
                           .reviews = local_stats.reviews};

    // The schema beside the feed is written only when it differs from the one
    // there: rewriting the same 11 KB cost every run a file, an fsync and a rename.
    std::optional<FileWriter> schema_copy;
    if (!HoldsExactly(feed_dir / "feed.schema.json", schema_text)) {
      CECAT_ASSIGN_OR_RETURN(FileWriter copy, FileWriter::CreateTemp(feed_dir, "feed.schema.json"));
      CECAT_RETURN_IF_ERROR(copy.Append(schema_text));
      schema_copy.emplace(std::move(copy));
    }

    // Every temporary file is complete before the first rename; feed.json goes last,
    // so whoever sees the new feed also sees its schema and .gz.
    if (output->gz()) CECAT_RETURN_IF_ERROR(output->gz()->Finish());
    if (schema_copy) CECAT_RETURN_IF_ERROR(schema_copy->CommitAs(feed_dir / "feed.schema.json"));
    if (output->gz())
      CECAT_RETURN_IF_ERROR(output->gz()->out().CommitAs(feed_dir / "feed.json.gz"));
    CECAT_RETURN_IF_ERROR(output->json().CommitAs(feed_dir / "feed.json"));
    CECAT_RETURN_IF_ERROR(detail::SyncDir(feed_dir));
    if (stats) *stats = local_stats;
    return Status::Ok();
  } catch (const std::exception& e) {
    // Temporary files are removed by their owners' destructors on the way out.
    return Status::Internal(std::string("feed export of ") + feed_dir.string() + ": " + e.what());
  }
}

}  // namespace cecat::feed
