// Curation edits (index/curation.h, docs/curation.md): each one checked and
// applied in one transaction, with its line in the curation log.
#include "index/curation.h"

#include <algorithm>
#include <set>

#include "index/detail/curation.h"
#include "index/detail/impl.h"
#include "index/detail/ratings.h"
#include "index/detail/record_doc.h"
#include "index/detail/store.h"
#include "index/index.h"

namespace cecat::index {

using detail::Db;
using detail::Dump;
using detail::ParseStored;
using detail::Statement;

namespace {

// Misses after which a membership counts as removed (index/apply.cc).
constexpr int kRemovedMisses = 3;

struct RecordRow {
  int64_t rid = 0;
  std::string type, status;
  Json fields, provenance;
};

Result<std::optional<RecordRow>> ReadRecord(Db& db, const std::string& id) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st, db.Prepare("SELECT r.rid, r.type, r.status, d.doc, d.provenance FROM records "
                               "r JOIN record_docs d ON d.rid = r.rid WHERE r.id = ?"));
  st.Bind(1, id);
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<RecordRow>();
  RecordRow r{st.Int(0), st.Text(1), st.Text(2), ParseStored(st.Text(3)), ParseStored(st.Text(4))};
  if (!r.fields.is_object()) r.fields = Json::object();
  if (!r.provenance.is_object()) r.provenance = Json::object();
  return std::optional<RecordRow>(std::move(r));
}

Result<RecordRow> RequireRecord(Db& db, const std::string& id) {
  if (id.empty()) return Status::InvalidArgument("a record id is needed");
  CECAT_ASSIGN_OR_RETURN(std::optional<RecordRow> r, ReadRecord(db, id));
  if (!r) return Status::InvalidArgument("unknown record id '" + id + "'");
  return std::move(*r);
}

Result<std::optional<Override>> FindOverride(Db& db, const std::string& kind,
                                             const std::string& target, const std::string& key) {
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         db.Prepare("SELECT value, by, reason, at FROM curation WHERE kind = ? "
                                    "AND target = ? AND key = ?"));
  st.Bind(1, kind).Bind(2, target).Bind(3, key);
  CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<Override>();
  Override o{kind, target, key, std::nullopt, st.Text(1), st.Text(2), st.Int(3)};
  if (!st.IsNull(0)) o.value = ParseStored(st.Text(0));
  return std::optional<Override>(std::move(o));
}

Status PutOverride(Db& db, const std::string& kind, const CurationEdit& e,
                   const std::optional<Json>& value, int64_t at) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("INSERT INTO curation(kind, target, key, value, by, reason, at) VALUES(?, ?, ?, "
                 "?, ?, ?, ?) ON CONFLICT(kind, target, key) DO UPDATE SET value = excluded.value, "
                 "by = excluded.by, reason = excluded.reason, at = excluded.at"));
  st.Bind(1, kind).Bind(2, e.target).Bind(3, e.key);
  if (value) {
    st.Bind(4, Dump(*value));
  } else {
    st.BindNull(4);
  }
  return st.Bind(5, e.by).Bind(6, e.reason).Bind(7, e.at > 0 ? e.at : at).Run();
}

Status DeleteOverride(Db& db, const std::string& kind, const std::string& target,
                      const std::string& key) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st, db.Prepare("DELETE FROM curation WHERE kind = ? AND target = ? AND key = ?"));
  return st.Bind(1, kind).Bind(2, target).Bind(3, key).Run();
}

Status Log(Db& db, const CurationEdit& e, const CurationResult& r, int64_t at) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("INSERT INTO curation_log(at, by, reason, action, target, key, value, effect) "
                 "VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
  st.Bind(1, at).Bind(2, e.by).Bind(3, e.reason).Bind(4, e.action).Bind(5, e.target).Bind(6, e.key);
  if (e.action == "pin") {
    st.Bind(7, e.value ? Dump(*e.value) : std::string("absent"));
  } else {
    st.BindNull(7);
  }
  return st.Bind(8, r.effect).Run();
}

// What an edit reports: nothing done (`effect` says why), or a change.
CurationResult Unchanged(std::string effect) {
  CurationResult r;
  r.effect = std::move(effect);
  return r;
}
CurationResult Changed() {
  CurationResult r;
  r.changed = true;
  return r;
}

Result<bool> SettleRid(Db& db, int64_t rid, int64_t now) { return detail::Settle(db, rid, now); }

// The provenance's record of what the extraction gave for pinned fields.
Json& CuratedOf(Json& provenance) {
  if (!provenance.contains("curated") || !provenance["curated"].is_object())
    provenance["curated"] = Json::object();
  return provenance["curated"];
}

// Sets e.key of the record to `value` with its producer (or drops both when
// `value` is null) and rewrites the record; the result names it when its feed
// content changed. Pin and unpin differ only in the value and the producer.
Result<CurationResult> WriteField(Db& db, RecordRow& r, const CurationEdit& e, const Json* value,
                                  const std::string& producer, int64_t now) {
  Json& producers = r.provenance["fields"];
  if (!producers.is_object()) producers = Json::object();
  if (value != nullptr) {
    r.fields[e.key] = *value;
    producers[e.key] = producer;
  } else {
    r.fields.erase(e.key);
    producers.erase(e.key);
  }
  CECAT_ASSIGN_OR_RETURN(bool changed,
                         detail::RewriteRecord(db, r.rid, r.fields, r.provenance, now));
  CurationResult out = Changed();
  if (changed) out.records.push_back(e.target);
  return out;
}

Result<CurationResult> Pin(Db& db, const CurationEdit& e, int64_t now) {
  CECAT_ASSIGN_OR_RETURN(RecordRow r, RequireRecord(db, e.target));
  if (e.key.empty()) return Status::InvalidArgument("a field name is needed");
  CECAT_ASSIGN_OR_RETURN(std::optional<Override> old, FindOverride(db, "pin", e.target, e.key));
  if (old && old->value == e.value)
    return Unchanged(e.target + " " + e.key + " is pinned so already");
  CECAT_RETURN_IF_ERROR(PutOverride(db, "pin", e, e.value, now));
  Json& curated = CuratedOf(r.provenance);
  if (!curated.contains(e.key)) {
    // First pin of the field: remember what the crawl gave, for unpin.
    Json was = Json::object();
    if (r.fields.contains(e.key)) {
      was["extracted"] = r.fields[e.key];
      was["producer"] = r.provenance.value("fields", Json::object()).value(e.key, "");
    }
    curated[e.key] = std::move(was);
  }
  CECAT_ASSIGN_OR_RETURN(CurationResult out,
                         WriteField(db, r, e, e.value ? &*e.value : nullptr, "curated", now));
  out.effect = e.target + " " + e.key + (e.value ? " pinned" : " pinned absent");
  return out;
}

Result<CurationResult> Unpin(Db& db, const CurationEdit& e, int64_t now) {
  CECAT_ASSIGN_OR_RETURN(RecordRow r, RequireRecord(db, e.target));
  CECAT_ASSIGN_OR_RETURN(std::optional<Override> old, FindOverride(db, "pin", e.target, e.key));
  if (!old) {
    return Status::InvalidArgument("field '" + e.key + "' of " + e.target + " is not pinned");
  }
  CECAT_RETURN_IF_ERROR(DeleteOverride(db, "pin", e.target, e.key));
  Json& curated = CuratedOf(r.provenance);
  Json was = curated.value(e.key, Json::object());
  curated.erase(e.key);
  if (curated.empty()) r.provenance.erase("curated");
  const bool extracted = was.contains("extracted");
  CECAT_ASSIGN_OR_RETURN(CurationResult out,
                         WriteField(db, r, e, extracted ? &was["extracted"] : nullptr,
                                    was.value("producer", ""), now));
  out.effect = e.target + " " + e.key + " back to what the crawl gave";
  return out;
}

Result<CurationResult> Hide(Db& db, const CurationEdit& e, bool hide, int64_t now) {
  CECAT_ASSIGN_OR_RETURN(RecordRow r, RequireRecord(db, e.target));
  CECAT_ASSIGN_OR_RETURN(std::optional<Override> old, FindOverride(db, "hide", e.target, ""));
  if (hide == old.has_value())
    return Unchanged(e.target + (hide ? " is hidden already" : " is not hidden"));
  if (hide) {
    CECAT_RETURN_IF_ERROR(PutOverride(db, "hide", e, std::nullopt, now));
  } else {
    CECAT_RETURN_IF_ERROR(DeleteOverride(db, "hide", e.target, ""));
  }
  CECAT_ASSIGN_OR_RETURN(bool changed, SettleRid(db, r.rid, now));
  CurationResult out = Changed();
  if (changed) out.records.push_back(e.target);
  if (changed && r.type == "review") {
    // A hidden review counts in no rating: its target's aggregate follows at once.
    const std::string target = detail::ExtractReview(r.fields).target;
    if (!target.empty()) CECAT_RETURN_IF_ERROR(detail::RecomputeRating(db, target, now, true));
  }
  out.effect = e.target + (hide ? " leaves the feed and search" : " is published again");
  return out;
}

// The non-removed sources of a record's memberships.
Result<std::vector<std::string>> LiveSources(Db& db, int64_t rid) {
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         db.Prepare("SELECT source_id FROM memberships WHERE rid = ? AND status "
                                    "!= 'removed' ORDER BY source_id"));
  st.Bind(1, rid);
  std::vector<std::string> out;
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    out.push_back(st.Text(0));
  }
}

Result<CurationResult> Merge(Db& db, const CurationEdit& e, int64_t now) {
  const std::string& from = e.target;
  const std::string& into = e.key;
  if (from == into) return Status::InvalidArgument("cannot merge " + from + " into itself");
  CECAT_ASSIGN_OR_RETURN(RecordRow a, RequireRecord(db, into));
  CECAT_ASSIGN_OR_RETURN(RecordRow b, RequireRecord(db, from));
  if (a.type != b.type) {
    return Status::InvalidArgument("cannot merge " + from + " (a " + b.type + ") into " + into +
                                   " (a " + a.type + ")");
  }
  CECAT_ASSIGN_OR_RETURN(detail::CurationMap cur, detail::LoadCuration(db));
  if (auto it = cur.alias_of.find(from); it != cur.alias_of.end()) {
    if (it->second == into) return Unchanged(from + " is merged into " + into + " already");
    return Status::InvalidArgument(from + " is merged into " + it->second +
                                   " already; split it first");
  }
  if (auto it = cur.alias_of.find(into); it != cur.alias_of.end()) {
    return Status::InvalidArgument(into + " is itself merged into " + it->second + "; merge into " +
                                   it->second + " instead");
  }
  if (cur.merged_in.count(from) != 0) {
    return Status::InvalidArgument(from + " has records merged into it (" +
                                   cur.merged_in[from].front() + "); split them first");
  }
  // What split restores: A as it is now, and the sources it had.
  CECAT_ASSIGN_OR_RETURN(std::vector<std::string> sources, LiveSources(db, a.rid));
  Json snapshot = {{"doc", a.fields}, {"provenance", a.provenance}, {"sources", sources}};
  CECAT_RETURN_IF_ERROR(PutOverride(db, "merge", e, snapshot, now));
  // A keeps its own values; B fills what A lacks (the rule of a cross-source merge:
  // the first part's values win). The next crawl of B's pages composes them fully.
  Json& producers = a.provenance["fields"];
  if (!producers.is_object()) producers = Json::object();
  Json& from_parts = a.provenance["from"];
  if (!from_parts.is_object()) from_parts = Json::object();
  const Json b_producers = b.provenance.value("fields", Json::object());
  for (const auto& [field, value] : b.fields.items()) {
    if (a.fields.contains(field)) continue;
    a.fields[field] = value;
    producers[field] = "merge:" + from + ":" + b_producers.value(field, "");
    from_parts[field] = {{"source", b.provenance.value("source", "")},
                         {"page", b.provenance.value("page", "")}};
  }
  if (from_parts.empty()) a.provenance.erase("from");
  CurationResult out = Changed();
  CECAT_ASSIGN_OR_RETURN(bool b_changed, SettleRid(db, b.rid, now));
  if (b_changed) out.records.push_back(from);
  CECAT_ASSIGN_OR_RETURN(bool a_changed,
                         detail::RewriteRecord(db, a.rid, a.fields, a.provenance, now,
                                               /*force=*/true));
  if (a_changed) out.records.push_back(into);
  out.effect = from + " merged into " + into + " (" + from + " is an alias of it)";
  return out;
}

Result<CurationResult> Split(Db& db, const CurationEdit& e, int64_t now) {
  const std::string& from = e.target;
  const std::string& into = e.key;
  CECAT_ASSIGN_OR_RETURN(std::optional<Override> merge, FindOverride(db, "merge", from, into));
  if (!merge) return Status::InvalidArgument(from + " is not merged into " + into);
  CECAT_ASSIGN_OR_RETURN(RecordRow a, RequireRecord(db, into));
  CECAT_ASSIGN_OR_RETURN(RecordRow b, RequireRecord(db, from));
  CECAT_RETURN_IF_ERROR(DeleteOverride(db, "merge", from, into));
  const Json snapshot = merge->value.value_or(Json::object());
  std::set<std::string> own;
  for (const Json& s : snapshot.value("sources", Json::array()))
    if (s.is_string()) own.insert(s.get<std::string>());
  // The sources that joined A through B's pages leave it: their memberships and
  // parts go, and A's fields and provenance are as they were before the merge.
  {
    CECAT_ASSIGN_OR_RETURN(std::vector<std::string> now_sources, LiveSources(db, a.rid));
    for (const std::string& s : now_sources) {
      if (own.count(s) != 0) continue;
      CECAT_ASSIGN_OR_RETURN(Statement m,
                             db.Prepare("UPDATE memberships SET status = 'removed', missed = ? "
                                        "WHERE rid = ? AND source_id = ?"));
      CECAT_RETURN_IF_ERROR(m.Bind(1, kRemovedMisses).Bind(2, a.rid).Bind(3, s).Run());
      CECAT_ASSIGN_OR_RETURN(Statement c, db.Prepare("DELETE FROM contributions WHERE rid = ? AND "
                                                     "source_id = ?"));
      CECAT_RETURN_IF_ERROR(c.Bind(1, a.rid).Bind(2, s).Run());
    }
  }
  Json fields = snapshot.value("doc", a.fields);
  Json provenance = snapshot.value("provenance", a.provenance);
  if (!fields.is_object()) fields = a.fields;
  if (!provenance.is_object()) provenance = a.provenance;
  CurationResult out = Changed();
  CECAT_ASSIGN_OR_RETURN(bool a_changed, detail::RewriteRecord(db, a.rid, fields, provenance, now,
                                                               /*force=*/true));
  if (a_changed) out.records.push_back(into);
  CECAT_ASSIGN_OR_RETURN(bool b_changed, SettleRid(db, b.rid, now));
  if (b_changed) out.records.push_back(from);
  out.effect = from + " split from " + into + " (both ids are records again)";
  return out;
}

Result<CurationResult> Suppress(Db& db, const CurationEdit& e, bool suppress, int64_t now) {
  if (e.target.empty()) return Status::InvalidArgument("a source id is needed");
  if (e.key.empty()) return Status::InvalidArgument("a URL regex is needed");
  if (!e.matches) return Status::InvalidArgument("suppress: no matcher for '" + e.key + "'");
  CECAT_ASSIGN_OR_RETURN(std::optional<Override> old,
                         FindOverride(db, "suppress", e.target, e.key));
  if (suppress == old.has_value()) {
    return Unchanged("'" + e.key + "' is " + (suppress ? "" : "not ") + "suppressed for " +
                     e.target + " already");
  }
  CurationResult out = Changed();
  if (suppress) {
    CECAT_RETURN_IF_ERROR(PutOverride(db, "suppress", e, std::nullopt, now));
    // The records last seen on matching pages leave the source at once, as a
    // page's records do when it is gone; the engine parses those pages no more.
    std::vector<std::pair<int64_t, std::string>> hit;
    {
      CECAT_ASSIGN_OR_RETURN(Statement st,
                             db.Prepare("SELECT m.rid, m.page, r.id FROM memberships m JOIN "
                                        "records r ON r.rid = m.rid WHERE m.source_id = ? AND "
                                        "m.status != 'removed'"));
      st.Bind(1, e.target);
      for (;;) {
        CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        if (e.matches(st.Text(1))) hit.emplace_back(st.Int(0), st.Text(2));
      }
    }
    for (const auto& [rid, id] : hit) {
      CECAT_ASSIGN_OR_RETURN(Statement m,
                             db.Prepare("UPDATE memberships SET status = 'removed', missed = ? "
                                        "WHERE rid = ? AND source_id = ?"));
      CECAT_RETURN_IF_ERROR(m.Bind(1, kRemovedMisses).Bind(2, rid).Bind(3, e.target).Run());
      CECAT_ASSIGN_OR_RETURN(bool changed, SettleRid(db, rid, now));
      if (changed) out.records.push_back(id);
    }
    out.effect = "pages of " + e.target + " matching '" + e.key + "' are not parsed; " +
                 std::to_string(hit.size()) + " record(s) left the source";
  } else {
    CECAT_RETURN_IF_ERROR(DeleteOverride(db, "suppress", e.target, e.key));
    // Their stored copies were never applied: pending again, so the next crawl
    // fetches them in full (no 304) and parses them (index.h, pending_run).
    std::vector<std::string> urls;
    {
      CECAT_ASSIGN_OR_RETURN(Statement st,
                             db.Prepare("SELECT url FROM responses WHERE source_id = ?"));
      st.Bind(1, e.target);
      for (;;) {
        CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        std::string url = st.Text(0);
        if (e.matches(url)) urls.push_back(std::move(url));
      }
    }
    for (const std::string& url : urls) {
      CECAT_ASSIGN_OR_RETURN(Statement st, db.Prepare("UPDATE responses SET pending_run = 0 "
                                                      "WHERE url = ? AND pending_run IS NULL"));
      CECAT_RETURN_IF_ERROR(st.Bind(1, url).Run());
    }
    out.effect = "pages of " + e.target + " matching '" + e.key + "' are parsed again from the " +
                 "next refresh or reparse (" + std::to_string(urls.size()) + " stored)";
  }
  return out;
}

Result<CurationResult> Edit(Db& db, const CurationEdit& e, int64_t now) {
  if (e.reason.empty()) return Status::InvalidArgument("--reason is required: say why");
  if (e.by.empty()) return Status::InvalidArgument("--by is empty: say who");
  const std::string& a = e.action;
  Result<CurationResult> r = Status::InvalidArgument("unknown curation action '" + a + "'");
  if (a == "hide" || a == "unhide") {
    r = Hide(db, e, a == "hide", now);
  } else if (a == "pin") {
    r = Pin(db, e, now);
  } else if (a == "unpin") {
    r = Unpin(db, e, now);
  } else if (a == "merge") {
    r = Merge(db, e, now);
  } else if (a == "split") {
    r = Split(db, e, now);
  } else if (a == "suppress" || a == "unsuppress") {
    r = Suppress(db, e, a == "suppress", now);
  }
  if (!r.ok()) return r.status();
  if (r->changed) CECAT_RETURN_IF_ERROR(Log(db, e, *r, now));
  return r;
}

}  // namespace

Result<CurationResult> Index::Curate(const CurationEdit& edit, int64_t now) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::Transaction tx, detail::Transaction::Begin(db));
  CECAT_ASSIGN_OR_RETURN(CurationResult r, Edit(db, edit, now));
  CECAT_RETURN_IF_ERROR(tx.Commit());
  return r;
}

Result<std::vector<CurationResult>> Index::CurateAll(const std::vector<CurationEdit>& edits,
                                                     int64_t now) {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::Transaction tx, detail::Transaction::Begin(db));
  std::vector<CurationResult> out;
  for (size_t i = 0; i < edits.size(); ++i) {
    Result<CurationResult> r = Edit(db, edits[i], now);
    if (!r.ok()) return r.status().WithContext("entry " + std::to_string(i + 1));
    out.push_back(std::move(*r));
  }
  CECAT_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<Override>> Index::Overrides() {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(detail::ReadTransaction snapshot, detail::ReadTransaction::Begin(db));
  CECAT_ASSIGN_OR_RETURN(Statement st,
                         db.Prepare("SELECT kind, target, key, value, by, reason, at FROM curation "
                                    "ORDER BY kind, target, key"));
  std::vector<Override> out;
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    Override o{st.Text(0), st.Text(1), st.Text(2), std::nullopt, st.Text(4), st.Text(5), st.Int(6)};
    if (!st.IsNull(3)) o.value = ParseStored(st.Text(3));
    out.push_back(std::move(o));
  }
}

Result<std::string> Index::OrphanReason(const Override& o) {
  Db& db = impl_->db();
  if (o.kind == "suppress") return std::string();  // its pages may appear on any crawl
  auto gone = [&](const std::string& id) -> Result<std::string> {
    CECAT_ASSIGN_OR_RETURN(std::optional<RecordRow> r, ReadRecord(db, id));
    if (!r) return "record " + id + " is not in the index";
    CECAT_ASSIGN_OR_RETURN(std::string status, detail::MembershipStatus(db, r->rid));
    if (status == "removed") return "record " + id + " was removed (no source lists it)";
    return std::string();
  };
  if (o.kind == "merge") {
    CECAT_ASSIGN_OR_RETURN(std::string why, gone(o.key));
    return why;
  }
  CECAT_ASSIGN_OR_RETURN(std::string why, gone(o.target));
  if (!why.empty() || o.kind != "pin") return why;
  CECAT_ASSIGN_OR_RETURN(std::optional<RecordRow> r, ReadRecord(db, o.target));
  const Json curated = r->provenance.value("curated", Json::object());
  if (!curated.value(o.key, Json::object()).contains("extracted"))
    return "field " + o.key + " is no longer extracted for " + o.target;
  return std::string();
}

Result<Json> Index::CurationLog() {
  Db& db = impl_->db();
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("SELECT id, at, by, reason, action, target, key, value, effect FROM curation_log "
                 "ORDER BY id"));
  Json out = Json::array();
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    Json e = {{"id", st.Int(0)},      {"at", st.Int(1)},      {"by", st.Text(2)},
              {"reason", st.Text(3)}, {"action", st.Text(4)}, {"target", st.Text(5)},
              {"key", st.Text(6)},    {"effect", st.Text(8)}};
    if (!st.IsNull(7)) e["value"] = st.Text(7);
    out.push_back(std::move(e));
  }
}

}  // namespace cecat::index
