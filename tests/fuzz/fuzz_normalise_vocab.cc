// The normalisers that use the vocabulary of data/ (format, approvals, audiences,
// topics, per-audience hours) and the whole Normaliser on a raw record whose fields
// are the input (as a JSON object, or as the text of every field), then the dedup
// functions on what comes out. Every record serialises.
#include <fuzzer/FuzzedDataProvider.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "normalise/approvals.h"
#include "normalise/audiences.h"
#include "normalise/dedup.h"
#include "normalise/format.h"
#include "normalise/hours.h"
#include "normalise/normalise.h"
#include "normalise/text.h"

using cecat::Json;
using namespace cecat::normalise;

namespace {
const Normaliser& TheNormaliser() {
  static const Normaliser* normaliser = [] {
    auto loaded = Normaliser::Load(std::string(CECAT_SOURCE_DIR) + "/data");
    if (!loaded.ok()) std::abort();
    return new Normaliser(std::move(loaded.value()));
  }();
  return *normaliser;
}
const char* const kKinds[] = {"course", "provider", "approval", "scholarship", "review", "x"};
const char* const kFields[] = {"title",    "description", "url",        "provider", "ce_hours",
                               "format",   "approvals",   "audiences",  "price",    "rating",
                               "location", "start_date",  "topics",     "deadline", "amount",
                               "name",     "statement",   "credit_note"};
// SPEC: no markup reaches the feed. A string holding a whole tag ("<b>", "</p>",
// "<!--") in a text field means a normaliser let HTML through. URLs are exempt
// (they are percent-encoded, and "<" cannot survive URL parsing anyway).
bool HoldsTag(std::string_view s) {
  for (size_t lt = s.find('<'); lt != std::string_view::npos; lt = s.find('<', lt + 1)) {
    if (lt + 1 >= s.size()) break;
    char c = s[lt + 1];
    if (!(std::isalpha(static_cast<unsigned char>(c)) || c == '/' || c == '!')) continue;
    size_t gt = s.find_first_of("<>", lt + 1);
    if (gt != std::string_view::npos && s[gt] == '>') return true;
  }
  return false;
}
void CheckNoMarkup(const Json& v, const std::string& key) {
  if (key == "url" || key.find("_url") != std::string::npos) return;
  if (v.is_string()) {
    if (HoldsTag(v.get_ref<const std::string&>())) {
      std::fprintf(stderr, "markup in field '%s': %s\n", key.c_str(), v.dump().c_str());
      __builtin_trap();
    }
  } else if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) CheckNoMarkup(it.value(), it.key());
  } else if (v.is_array()) {
    for (const Json& e : v) CheckNoMarkup(e, key);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Normaliser& normaliser = TheNormaliser();
  const Vocabulary& vocab = normaliser.vocabulary();
  FuzzedDataProvider fdp(data, size);
  std::string kind = fdp.PickValueInArray(kKinds);
  std::string text = fdp.ConsumeRemainingBytesAsString();
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  Json value = parsed.is_discarded() ? Json(ValidUtf8(text)) : parsed;

  (void)ParseFormat(value, vocab);
  for (const Approval& a : ParseApprovals(value, vocab)) (void)ApprovalToJson(a, true).dump();
  (void)DetectBodies(text, vocab);
  (void)ParseAudiences(value, vocab);
  (void)ParseTopics(value, vocab);
  (void)ParseContactHours(value, &vocab);

  cecat::RawRecord raw;
  raw.kind = kind;
  raw.page_url = "https://fuzz.example/courses/";
  if (value.is_object()) {
    raw.fields = value;
  } else {
    for (const char* field : kFields) raw.fields[field] = value;
    raw.fields["url"] = "https://fuzz.example/courses/1";
  }
  std::vector<cecat::RawRecord> raws = {raw, raw};
  raws[1].item_url = "https://fuzz.example/courses/2";
  NormaliseResult result = normaliser.Normalise(raws, "fuzz");
  for (const cecat::Record& r : result.records) {
    (void)r.fields.dump();
    CheckNoMarkup(r.fields, "");
  }
  for (const Reject& r : result.rejects) (void)r.raw.dump();
  if (result.records.size() >= 2) {
    const cecat::Record& a = result.records[0];
    const cecat::Record& b = result.records[1];
    (void)MatchKey(a);
    double s = Similarity(a, b);
    if (!(s >= 0 && s <= 1)) __builtin_trap();
    (void)IsSameCourse(a, b);
    (void)MergeRecords(a, b).fields.dump();
  }
  return 0;
}
