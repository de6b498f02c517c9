#include "index/detail/curation.h"

#include "index/detail/facets.h"
#include "index/detail/ratings.h"
#include "index/detail/record_doc.h"
#include "index/detail/store.h"

namespace cecat::index::detail {

Result<CurationMap> LoadCuration(Db& db) {
  CurationMap m;
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("SELECT kind, target, key, value FROM curation WHERE kind != 'suppress'"));
  for (;;) {
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    std::string kind = st.Text(0), target = st.Text(1), key = st.Text(2);
    if (kind == "hide") {
      m.hidden.insert(target);
    } else if (kind == "pin") {
      std::optional<Json> value;
      if (!st.IsNull(3)) value = ParseStored(st.Text(3));
      m.pins[target][key] = std::move(value);
    } else if (kind == "merge") {
      m.alias_of[target] = key;
      m.merged_in[key].push_back(target);
    }
  }
  return m;
}

Result<bool> CuratedOut(Db& db, const std::string& id) {
  CECAT_ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("SELECT 1 FROM curation WHERE target = ? AND kind IN ('hide', 'merge') LIMIT 1"));
  st.Bind(1, id);
  return st.Step();
}

Json ApplyPins(Record& rec, const std::map<std::string, std::optional<Json>>& pins) {
  Json curated = Json::object();
  if (!rec.fields.is_object()) rec.fields = Json::object();
  for (const auto& [field, value] : pins) {
    Json was = Json::object();
    if (auto it = rec.fields.find(field); it != rec.fields.end()) {
      was["extracted"] = *it;
      auto p = rec.provenance.find(field);
      was["producer"] = p != rec.provenance.end() ? p->second : "";
    }
    curated[field] = std::move(was);
    if (value) {
      rec.fields[field] = *value;
      rec.provenance[field] = "curated";
    } else {
      rec.fields.erase(field);
      rec.provenance.erase(field);
    }
  }
  return curated;
}

Result<bool> RewriteRecord(Db& db, int64_t rid, const Json& fields, const Json& provenance,
                           int64_t now, bool force) {
  std::string id, type;
  Aggregate old;
  std::string old_target;
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare("SELECT id, type, rating, rating_count, coalesce(review_target, '') FROM "
                   "records WHERE rid = ?"));
    st.Bind(1, rid);
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::NotFound("record row " + std::to_string(rid));
    id = st.Text(0);
    type = st.Text(1);
    old = {st.OptDouble(2), st.OptInt(3)};
    old_target = st.Text(4);
  }
  const FilterColumns cols = ExtractColumns(fields);
  const bool review = type == "review";
  ReviewFacts facts;
  if (review) {
    facts = ExtractReview(fields);
    if (facts.key.empty()) facts.key = id;
  }
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare("UPDATE records SET title = ?, price = ?, free = ?, hours = ?, format = ?, "
                   "deadline = ?, review_target = ?, review_key = ?, review_rating = ?, "
                   "start_date = ?, end_date = ?, currency = ?, health_fields = ? WHERE rid = ?"));
    st.Bind(1, cols.title)
        .Bind(2, cols.price)
        .Bind(3, cols.free ? 1 : 0)
        .Bind(4, cols.hours)
        .Bind(5, cols.format)
        .Bind(6, cols.deadline);
    if (review) {
      st.Bind(7, facts.target).Bind(8, facts.key).Bind(9, facts.rating);
    } else {
      st.BindNull(7).BindNull(8).BindNull(9);
    }
    st.Bind(10, cols.start_date).Bind(11, cols.end_date).Bind(12, cols.currency);
    st.Bind(13, static_cast<int64_t>(cols.health_fields));
    CECAT_RETURN_IF_ERROR(st.Bind(14, rid).Run());
  }
  // Filter columns are facet columns: every writer of them marks the record
  // (facets.h, MarkFacetsDirty).
  CECAT_RETURN_IF_ERROR(MarkFacetsDirty(db, rid));
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st, db.Prepare("UPDATE record_docs SET doc = ?, provenance = ? WHERE rid = ?"));
    CECAT_RETURN_IF_ERROR(st.Bind(1, Dump(fields)).Bind(2, Dump(provenance)).Bind(3, rid).Run());
  }
  CECAT_RETURN_IF_ERROR(WriteTags(db, rid, fields));
  if (!review) {
    RatedRecord rated;
    rated.rid = rid;
    rated.id = id;
    rated.published = {cols.rating, cols.rating_count};
    if (fields.contains("rating") && provenance.is_object())
      rated.published_source = provenance.value("source", "");
    rated.old = old;
    rated.fields = &fields;
    CECAT_RETURN_IF_ERROR(RecomputeRating(db, rated, now, /*settle=*/false));
  }
  CECAT_ASSIGN_OR_RETURN(bool changed, Settle(db, rid, now, /*doc_changed=*/true, &fields, force));
  if (review) {
    // The reviewed records' aggregates follow the review's new rating or target.
    if (!facts.target.empty())
      CECAT_RETURN_IF_ERROR(RecomputeRating(db, facts.target, now, /*settle=*/true));
    if (!old_target.empty() && old_target != facts.target)
      CECAT_RETURN_IF_ERROR(RecomputeRating(db, old_target, now, /*settle=*/true));
  }
  return changed;
}

}  // namespace cecat::index::detail
