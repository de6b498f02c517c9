// The incremental feed: NDJSON change streams (`cecat export --since CURSOR`) and
// the consumer's side, applying them to a snapshot.
#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>

#include "feed/detail/json_writer.h"
#include "feed/feed.h"

namespace cecat::feed {
namespace {

constexpr std::array<RecordType, 4> kFeedOrder = {RecordType::kCourse, RecordType::kProvider,
                                                  RecordType::kScholarship, RecordType::kReview};

const std::string* StringField(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

struct Change {
  int64_t cursor = 0;
  bool upsert = false;
  RecordType type = RecordType::kCourse;
  std::string id;
  const Json* record = nullptr;  // upserts only; points into the change
};

// Checks a change object's shape; the error names what is wrong, not where.
Result<Change> ParseChange(const Json& change) {
  if (!change.is_object()) return Status::InvalidArgument("change is not an object");
  Change out;
  auto cursor = change.find("cursor");
  if (cursor == change.end() || !cursor->is_number_integer()) {
    return Status::InvalidArgument("change without an integer \"cursor\"");
  }
  out.cursor = cursor->get<int64_t>();
  const std::string* id = StringField(change, "id");
  if (!id || id->empty()) return Status::InvalidArgument("change without an \"id\" string");
  out.id = *id;
  const std::string* type = StringField(change, "type");
  std::optional<RecordType> parsed = type ? ParseRecordType(*type) : std::nullopt;
  if (!parsed) return Status::InvalidArgument("change " + out.id + ": unknown or missing type");
  out.type = *parsed;
  const std::string* op = StringField(change, "op");
  if (!op || (*op != "upsert" && *op != "delete")) {
    return Status::InvalidArgument("change " + out.id + ": \"op\" must be upsert or delete");
  }
  out.upsert = *op == "upsert";
  auto record = change.find("record");
  if (out.upsert) {
    if (record == change.end() || !record->is_object()) {
      return Status::InvalidArgument("change " + out.id + ": upsert without a \"record\" object");
    }
    const std::string* record_id = StringField(*record, "id");
    const std::string* record_type = StringField(*record, "type");
    if (!record_id || *record_id != out.id || !record_type || *record_type != *type) {
      return Status::InvalidArgument("change " + out.id +
                                     ": the record's id and type differ from the change's");
    }
    out.record = &*record;
  } else if (record != change.end()) {
    return Status::InvalidArgument("change " + out.id + ": a delete carries no record");
  }
  return out;
}

}  // namespace

Status WriteChanges(std::ostream& out, const ChangeProducer& produce) {
  try {
    std::optional<int64_t> last_cursor;
    std::string line;
    Status st = produce([&](const Json& change) -> Status {
      CECAT_ASSIGN_OR_RETURN(Change parsed, ParseChange(change));
      // Every change has its own cursor (SPEC: it "grows with every change"). A
      // consumer stores the last cursor it applied and asks for the changes after it;
      // a repeated or lower cursor would make it skip changes after a restart.
      if (last_cursor && parsed.cursor <= *last_cursor) {
        return Status::InvalidArgument(
            "change " + parsed.id + " has cursor " + std::to_string(parsed.cursor) +
            " after cursor " + std::to_string(*last_cursor) + ": cursors must strictly increase");
      }
      last_cursor = parsed.cursor;
      line.clear();
      detail::AppendJson(change, &line);
      line += '\n';
      out.write(line.data(), static_cast<std::streamsize>(line.size()));
      if (!out) return Status::IoError("writing changes failed");
      return Status::Ok();
    });
    out.flush();
    if (st.ok() && !out) return Status::IoError("writing changes failed");
    return st;
  } catch (const std::exception& e) {
    return Status::Internal(std::string("writing changes: ") + e.what());
  }
}

Result<Json> ApplyChanges(const Json& snapshot, std::istream& ndjson) {
  try {
    if (!snapshot.is_object() || !snapshot.contains("cursor") ||
        !snapshot["cursor"].is_number_integer()) {
      return Status::InvalidArgument("not a feed snapshot: no integer \"cursor\"");
    }
    // id -> record per type; std::map keeps them sorted by id, as the feed is.
    std::array<std::map<std::string, Json>, 4> records;
    for (RecordType type : kFeedOrder) {
      auto array = snapshot.find(RecordTypePlural(type));
      if (array == snapshot.end()) continue;
      if (!array->is_array()) {
        return Status::InvalidArgument(std::string("not a feed snapshot: \"") +
                                       RecordTypePlural(type) + "\" is not an array");
      }
      for (const Json& record : *array) {
        const std::string* id = record.is_object() ? StringField(record, "id") : nullptr;
        if (!id) {
          return Status::InvalidArgument(std::string("not a feed snapshot: a record in \"") +
                                         RecordTypePlural(type) + "\" has no id");
        }
        records[static_cast<size_t>(type)][*id] = record;
      }
    }

    int64_t cursor = snapshot["cursor"].get<int64_t>();
    std::string line;
    int line_number = 0;
    while (std::getline(ndjson, line)) {
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      Json change = Json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (change.is_discarded()) {
        return Status::ParseError("changes line " + std::to_string(line_number) +
                                  ": not valid JSON");
      }
      Result<Change> parsed = ParseChange(change);
      if (!parsed.ok()) {
        return Status::ParseError("changes line " + std::to_string(line_number) + ": " +
                                  parsed.status().message());
      }
      if (parsed->cursor <= snapshot["cursor"].get<int64_t>()) continue;  // already in it
      auto& table = records[static_cast<size_t>(parsed->type)];
      const std::string* status = parsed->upsert ? StringField(*parsed->record, "status") : nullptr;
      // A removed record leaves the feed, whichever way the change says so.
      if (parsed->upsert && !(status && *status == "removed")) {
        table[parsed->id] = *parsed->record;
      } else {
        table.erase(parsed->id);
      }
      cursor = std::max(cursor, parsed->cursor);
    }
    if (ndjson.bad()) return Status::IoError("reading changes failed");

    Json result = snapshot;
    result["cursor"] = cursor;
    for (RecordType type : kFeedOrder) {
      Json array = Json::array();
      for (auto& [id, record] : records[static_cast<size_t>(type)])
        array.push_back(std::move(record));
      result[RecordTypePlural(type)] = std::move(array);
    }
    return result;
  } catch (const std::exception& e) {
    return Status::Internal(std::string("applying changes: ") + e.what());
  }
}

}  // namespace cecat::feed
