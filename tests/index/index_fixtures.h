// Builders shared by the index tests.
#pragma once

#include <string>

#include "common/record.h"
#include "index/index.h"

namespace cecat::index::testing {

inline Record Course(const std::string& key, const std::string& title,
                     Json extra = Json::object()) {
  Record r;
  r.type = RecordType::kCourse;
  r.url = "https://ce.example/" + key;
  r.id = MakeRecordId(r.type, r.url);
  r.fields = {{"title", title}};
  for (auto& [k, v] : extra.items()) r.fields[k] = v;
  r.provenance["title"] = "jsonld:name";
  return r;
}

inline Record Review(const std::string& key, const std::string& target, double rating,
                     const std::string& author, const std::string& text) {
  Record r;
  r.type = RecordType::kReview;
  r.url = "https://reviews.example/" + key;
  r.id = MakeRecordId(r.type, r.url);
  r.fields = {{"target", target},
              {"rating", rating},
              {"author", author},
              {"text", text},
              {"date", "2026-01-02"}};
  return r;
}

inline SourceOutcome Outcome(const std::string& source, std::vector<Record> records) {
  SourceOutcome o;
  o.source_id = source;
  o.records = std::move(records);
  return o;
}

}  // namespace cecat::index::testing
