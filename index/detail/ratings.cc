#include "index/detail/ratings.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>

#include "common/clock.h"
#include "index/detail/facets.h"
#include "index/detail/record_doc.h"
#include "index/detail/store.h"

namespace cecat::index::detail {

Aggregate AggregateRating(const Aggregate& published, const std::string& published_source,
                          const std::vector<ReviewVote>& reviews) {
  struct Group {
    std::optional<double> rating;
    bool covered = false;
  };
  std::map<std::string, Group> groups;
  for (const ReviewVote& r : reviews) {
    Group& g = groups[r.key];
    if (!g.rating && r.rating && std::isfinite(*r.rating))
      g.rating = std::clamp(*r.rating, 0.0, 5.0);
    if (published.average && !published_source.empty() &&
        std::find(r.sources.begin(), r.sources.end(), published_source) != r.sources.end())
      g.covered = true;
  }
  double sum = 0;
  int64_t count = 0;
  if (published.average) {
    int64_t n = std::max<int64_t>(published.count.value_or(0), 0);
    sum = *published.average * static_cast<double>(n);
    count = n;
  }
  for (const auto& [key, g] : groups) {
    if (g.covered || !g.rating) continue;
    sum += *g.rating;
    ++count;
  }
  Aggregate out;
  if (count > 0) {
    out.average = sum / static_cast<double>(count);
    out.count = count;
  } else if (published.average) {
    // A published average without a count: keep it as written.
    out = published;
  }
  return out;
}

Status RecomputeRating(Db& db, const std::string& target_id, int64_t now, bool settle) {
  RatedRecord target;
  Json fields;
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.Prepare("SELECT r.rid, d.doc, d.provenance, r.rating, r.rating_count FROM records r "
                   "JOIN record_docs d ON d.rid = r.rid WHERE r.id = ?"));
    st.Bind(1, target_id);
    CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();  // the reviewed record is not (yet) indexed
    target.rid = st.Int(0);
    target.id = target_id;
    fields = ParseStored(st.Text(1));
    target.fields = &fields;  // parsed once, for the aggregate and for Settle
    FilterColumns cols = ExtractColumns(fields);
    target.published.average = cols.rating;
    target.published.count = cols.rating_count;
    Json prov = ExpandProvenance(ParseStored(st.Text(2)));
    if (prov.contains("rating") && prov["rating"].value("source", Json()).is_string())
      target.published_source = prov["rating"]["source"].get<std::string>();
    target.old.average = st.OptDouble(3);
    target.old.count = st.OptInt(4);
  }
  return RecomputeRating(db, target, now, settle);
}

Status RecomputeRating(Db& db, const RatedRecord& target, int64_t now, bool settle) {
  std::vector<ReviewVote> votes;
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st, db.Prepare("SELECT r.review_key, r.review_rating, r.sources FROM records r "
                                 "WHERE r.review_target = ? AND r.status != 'removed'"));
    st.Bind(1, target.id);
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      ReviewVote v;
      v.key = st.Text(0);
      v.rating = st.OptDouble(1);
      Json sources = ParseStored(st.Text(2));
      if (sources.is_array())
        for (const Json& s : sources)
          if (s.is_string()) v.sources.push_back(s.get<std::string>());
      votes.push_back(std::move(v));
    }
  }
  Aggregate agg = AggregateRating(target.published, target.published_source, votes);
  if (agg.average == target.old.average && agg.count == target.old.count) return Status::Ok();
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st, db.Prepare("UPDATE records SET rating = ?, rating_count = ? WHERE rid = ?"));
    CECAT_RETURN_IF_ERROR(st.Bind(1, agg.average).Bind(2, agg.count).Bind(3, target.rid).Run());
  }
  CECAT_RETURN_IF_ERROR(MarkFacetsDirty(db, target.rid));  // the rating orders results
  if (!settle) return Status::Ok();
  Result<bool> changed = Settle(db, target.rid, now, /*doc_changed=*/false, target.fields);
  return changed.status();
}

Status RecomputeAllRatings(Db& db) {
  std::vector<std::string> targets;
  {
    CECAT_ASSIGN_OR_RETURN(
        Statement st,
        db.PrepareUncached(
            "SELECT DISTINCT review_target FROM records WHERE review_target IS NOT NULL"));
    for (;;) {
      CECAT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      targets.push_back(st.Text(0));
    }
  }
  int64_t now = SystemClock().NowUnix();
  for (const std::string& t : targets) CECAT_RETURN_IF_ERROR(RecomputeRating(db, t, now, true));
  return Status::Ok();
}

}  // namespace cecat::index::detail
