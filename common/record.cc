#include "common/record.h"

#include <cstdio>

#include <xxhash.h>

namespace cecat {

const char* RecordTypeName(RecordType type) {
  switch (type) {
    case RecordType::kCourse: return "course";
    case RecordType::kProvider: return "provider";
    case RecordType::kScholarship: return "scholarship";
    case RecordType::kReview: return "review";
  }
  return "course";
}

const char* RecordTypePlural(RecordType type) {
  switch (type) {
    case RecordType::kCourse: return "courses";
    case RecordType::kProvider: return "providers";
    case RecordType::kScholarship: return "scholarships";
    case RecordType::kReview: return "reviews";
  }
  return "courses";
}

std::optional<RecordType> ParseRecordType(std::string_view name) {
  if (name == "course") return RecordType::kCourse;
  if (name == "provider") return RecordType::kProvider;
  if (name == "scholarship") return RecordType::kScholarship;
  if (name == "review") return RecordType::kReview;
  return std::nullopt;
}

uint64_t Hash64(std::string_view data) { return XXH3_64bits(data.data(), data.size()); }

std::string Hash64Hex(std::string_view data) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(Hash64(data)));
  return buf;
}

std::string Hash128Hex(std::string_view data) {
  XXH128_hash_t h = XXH3_128bits(data.data(), data.size());
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return buf;
}

std::string MakeRecordId(RecordType type, std::string_view key) {
  return std::string(1, RecordTypeName(type)[0]) + "-" + Hash64Hex(key);
}

}  // namespace cecat
