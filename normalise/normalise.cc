#include "normalise/normalise.h"

#include "normalise/provider.h"

#include <algorithm>
#include <map>

#include "common/url.h"
#include "common/utf8.h"
#include "normalise/detail/builder.h"
#include "normalise/text.h"

namespace cecat::normalise {
namespace detail {

const Json* Builder::Find(std::initializer_list<const char*> keys, std::string* used) const {
  if (!raw.fields.is_object()) return nullptr;
  for (const char* k : keys) {
    auto it = raw.fields.find(k);
    if (it == raw.fields.end() || it->is_null()) continue;
    if (it->is_string() && CollapseWhitespace(it->get<std::string>()).empty()) continue;
    if ((it->is_array() || it->is_object()) && it->empty()) continue;
    if (used) *used = k;
    return &*it;
  }
  return nullptr;
}

void Builder::Provenance(const std::string& out_field, const std::string& raw_key) {
  auto it = raw.provenance.find(raw_key);
  rec.provenance[out_field] = it != raw.provenance.end() ? it->second : "raw:" + raw_key;
}

void Builder::Set(const std::string& out_field, Json value, const std::string& raw_key) {
  rec.fields[out_field] = std::move(value);
  Provenance(out_field, raw_key);
}

void Builder::Diagnose(const std::string& field, const Json& value, const std::string& why) {
  diagnostics.push_back({.severity = Diagnostic::Severity::kWarning,
                         .where = "normalise " + field,
                         .url = ValidUtf8(raw.page_url),
                         .message = label + ": " + field + " '" + Shown(value) +
                                    "' did not normalise (" + why + ")"});
}

void Builder::Dropped(const std::string& field, const Json& value, const std::string& why) {
  diagnostics.push_back(
      {.severity = Diagnostic::Severity::kWarning,
       .where = "normalise " + field,
       .url = ValidUtf8(raw.page_url),
       .message = label + ": " + field + " '" + Shown(value) + "' dropped (" + why + ")"});
}

std::string Shown(const Json& value) {
  std::string s = value.is_string() ? ValidUtf8(value.get<std::string>())
                                    : value.dump(-1, ' ', false, Json::error_handler_t::replace);
  s = CollapseWhitespace(s);
  if (s.size() > 80) s = PlainText(s, 80);
  return s;
}

std::string Canonical(const std::string& url) {
  auto c = CanonicalUrlString(url);
  return c.ok() ? *c : "";
}

std::string ItemUrl(const RawRecord& raw, const Json* url_field, std::string* invalid) {
  std::string written = raw.item_url;
  if (written.empty() && url_field) written = MatchText(ValueText(*url_field));
  written = CollapseWhitespace(written);
  if (written.empty()) return "";
  Result<std::string> resolved = raw.page_url.empty()
                                     ? Result<std::string>(Status::InvalidArgument("no base"))
                                     : ResolveUrlString(raw.page_url, written);
  if (!resolved.ok()) {
    auto parsed = ParseUrl(written);
    if (parsed.ok() &&
        (parsed->scheme == "http" || parsed->scheme == "https" || parsed->scheme == "file"))
      return parsed->Serialize();
    if (invalid) *invalid = written;
    return "";
  }
  auto parsed = ParseUrl(*resolved);
  if (!parsed.ok() ||
      !(parsed->scheme == "http" || parsed->scheme == "https" || parsed->scheme == "file")) {
    if (invalid) *invalid = written;
    return "";
  }
  // The feed shows the canonical form: no tracking parameters, no fragment.
  std::string canonical = Canonical(*resolved);
  return canonical.empty() ? *resolved : canonical;
}

std::string IdKey(const RawRecord& raw, const std::string& item_url, const std::string& source_id,
                  const std::string& fallback) {
  if (!item_url.empty()) {
    std::string c = Canonical(item_url);
    if (!c.empty()) return c;
  }
  // SPEC, identity: then the page's URL when the item is the page's main entity,
  // so a retitled course on its own page keeps its id; then the item's own id;
  // only then (several items on one page, none with a URL or id) its title.
  if (raw.main_entity && !raw.page_url.empty()) {
    std::string c = Canonical(raw.page_url);
    if (!c.empty()) return c;
  }
  if (!raw.item_id.empty()) return source_id + "|" + raw.item_id;
  return source_id + "|" + raw.page_url + "|" + fallback;
}

std::string ProviderId(const std::string& name, const std::string& url) {
  std::string key = ProviderIdKey(name, url);
  if (key.empty()) {
    // Not http(s) and no name: whatever URL there is.
    std::string c = url.empty() ? "" : Canonical(url);
    key = c.empty() ? "provider|" + Fold(name) : c;
  }
  return MakeRecordId(RecordType::kProvider, key);
}

}  // namespace detail

Normaliser::Normaliser(Vocabulary vocab)
    : vocab_(std::make_shared<const Vocabulary>(std::move(vocab))) {}

Result<Normaliser> Normaliser::Load(const std::filesystem::path& data_dir) {
  CECAT_ASSIGN_OR_RETURN(Vocabulary vocab, Vocabulary::Load(data_dir));
  return Normaliser(std::move(vocab));
}

// Provider names with a known URL in this batch: provider records ({name, url})
// and provider objects on courses ({"provider": {"name", "url"}}).
Normaliser::ProviderUrlMap Normaliser::ProviderUrls(const std::vector<RawRecord>& raw) {
  ProviderUrlMap out;
  auto note = [&](const RawRecord& r, const Json& name, const std::string& url_text) {
    std::string key = ProviderNameKey(ValueText(name));
    if (key.empty() || url_text.empty() || out.count(key)) return;
    RawRecord tmp;
    tmp.page_url = r.page_url;
    tmp.item_url = url_text;
    std::string url = detail::ItemUrl(tmp, nullptr, nullptr);
    if (!url.empty()) out[key] = url;
  };
  for (const RawRecord& r : raw) {
    if (!r.fields.is_object()) continue;
    if (r.kind == "provider" && r.fields.contains("name")) {
      std::string url = r.item_url;
      if (url.empty() && r.fields.contains("url")) url = ValueText(r.fields["url"]);
      note(r, r.fields["name"], url);
    }
    if (r.kind == "course" && r.fields.contains("provider") && r.fields["provider"].is_object()) {
      const Json& p = r.fields["provider"];
      if (p.contains("name") && p.contains("url") && p["url"].is_string())
        note(r, p["name"], p["url"].get<std::string>());
    }
  }
  return out;
}

namespace {

// Every string in `j` made well-formed UTF-8, without control or bidi characters. The builders cut
// and fold text; one cut inside a multi-byte sequence (found by fuzz_normalise_vocab) would make
// the record unserialisable and the whole feed export throw. Valid text costs one fast scan.
void RepairStrings(Json& j) {
  if (j.is_string()) {
    const std::string& text = j.get_ref<const std::string&>();
    if (ValidUtf8Prefix(text) != text.size()) j = RepairUtf8(text);
    // A title holding "ESC ] 0 ; ... BEL" or U+202E must not reach a terminal or a
    // consumer's page: normalised text carries no control or bidi characters.
    const std::string& valid = j.get_ref<const std::string&>();
    if (HasControls(valid)) j = StripControls(valid);
  } else if (j.is_array() || j.is_object()) {
    for (Json& v : j) RepairStrings(v);
  }
}

// Which item of its page `r` is: the parser's origin, else where its fields came
// from up to its last index ("jsonld:[0].@graph[1].name" -> "jsonld:[0].@graph[1]").
std::string ItemName(const RawRecord& r) {
  if (!r.origin.empty()) return r.origin;
  if (r.provenance.empty()) return "";
  std::string from = r.provenance.begin()->second;
  size_t last = from.rfind(']');
  if (last != std::string::npos) from.resize(last + 1);
  return from;
}

// Adds `rec` to `out`, merged into an earlier record of the same id.
void AddMerged(NormaliseResult& out, std::map<std::string, std::size_t>& by_id, Record rec) {
  auto it = by_id.find(rec.id);
  if (it == by_id.end()) {
    by_id.emplace(rec.id, out.records.size());
    out.records.push_back(std::move(rec));
  } else {
    out.records[it->second] = MergeRecords(out.records[it->second], rec);
  }
}

// One raw record into `out`: its records (merged by id through `by_id`) or a reject.
void NormaliseInto(const Vocabulary& vocab, const RawRecord& r, const std::string& source_id,
                   const Normaliser::ProviderUrlMap& provider_urls,
                   std::vector<std::string>* lookups, const CourseDirectory* courses,
                   NormaliseResult& out, std::map<std::string, std::size_t>& by_id) {
  detail::Builder b{vocab,          r,       source_id, out.diagnostics, Record{}, "",
                    &provider_urls, lookups, courses};
  b.rec.sources = {source_id};
  std::string reason;
  std::vector<Record> extra;
  std::optional<Record> rec;
  try {
    if (!r.fields.is_object()) {
      reason = "fields are not an object";
    } else if (r.kind == "course") {
      rec = detail::BuildCourse(b, extra, &reason);
    } else if (r.kind == "provider") {
      rec = detail::BuildProvider(b, &reason);
    } else if (r.kind == "approval") {
      rec = detail::BuildApproval(b, &reason);
    } else if (r.kind == "scholarship") {
      rec = detail::BuildScholarship(b, &reason);
    } else if (r.kind == "review") {
      rec = detail::BuildReview(b, &reason);
    } else {
      reason = "unknown kind '" + r.kind + "'";
    }
  } catch (const std::exception& e) {
    // A builder bug or a library exception must not lose the batch: the record
    // goes to the rejects with the message, the others carry on.
    rec.reset();
    reason = std::string("internal error: ") + e.what();
  }
  if (!rec) {
    std::string url = r.item_url.empty() ? r.page_url : r.item_url;
    out.rejects.push_back(
        {r.kind, url, reason.empty() ? "rejected" : reason, r.fields, ItemName(r), b.reject_field});
    return;
  }
  // The page the record came from (canonical), so the index keeps the records of
  // a page that answers 304 Not Modified without parsing it again.
  std::string page = detail::Canonical(r.page_url);
  if (page.empty()) page = r.page_url;
  rec->page_url = page;
  AddMerged(out, by_id, std::move(*rec));
  for (Record& e : extra) {
    e.page_url = page;
    AddMerged(out, by_id, std::move(e));
  }
}

// The builders cut and fold text; whatever they missed is repaired here, so no
// normalised string can make the feed export throw.
void RepairAll(NormaliseResult& result) {
  for (Record& r : result.records) RepairStrings(r.fields);
  for (auto& r : result.rejects) RepairStrings(r.raw);
}

}  // namespace

std::string Reject::Describe() const {
  std::string out = item.empty() ? "" : item + ": ";
  out += reason;
  if (!field.empty()) out += " (field '" + field + "')";
  return out;
}

Diagnostic Reject::ToDiagnostic() const {
  return {
      .severity = Diagnostic::Severity::kWarning,
      .where = item.empty() ? "reject" : "reject " + item,
      .url = url,
      .message = kind + " rejected: " + reason + (field.empty() ? "" : " (field '" + field + "')")};
}

NormaliseResult Normaliser::Normalise(const std::vector<RawRecord>& raw,
                                      const std::string& source_id) const {
  NormaliseResult result;
  std::map<std::string, std::size_t> by_id;
  ProviderUrlMap provider_urls = ProviderUrls(raw);
  CourseDirectory courses = Courses(raw, source_id);
  for (const RawRecord& r : raw) {
    NormaliseInto(*vocab_, r, source_id, provider_urls, nullptr, &courses, result, by_id);
  }
  RepairAll(result);
  return result;
}

NormaliseResult Normaliser::NormaliseOne(const RawRecord& raw, const std::string& source_id,
                                         const ProviderUrlMap& provider_urls,
                                         std::vector<std::string>* lookups,
                                         const CourseDirectory* courses) const {
  NormaliseResult result;
  std::map<std::string, std::size_t> by_id;
  NormaliseInto(*vocab_, raw, source_id, provider_urls, lookups, courses, result, by_id);
  RepairAll(result);
  return result;
}

CourseDirectory Normaliser::Courses(const std::vector<RawRecord>& raw,
                                    const std::string& source_id) const {
  CourseDirectory out;
  bool reviews =
      std::any_of(raw.begin(), raw.end(), [](const RawRecord& r) { return r.kind == "review"; });
  if (!reviews) return out;
  ProviderUrlMap provider_urls = ProviderUrls(raw);
  NormaliseResult scratch;
  std::map<std::string, std::size_t> by_id;
  for (const RawRecord& r : raw) {
    if (r.kind != "course") continue;
    NormaliseInto(*vocab_, r, source_id, provider_urls, nullptr, nullptr, scratch, by_id);
  }
  for (const Record& r : scratch.records) out.Add(r);
  return out;
}

}  // namespace cecat::normalise
