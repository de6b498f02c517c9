#include "normalise/inherit.h"

#include <algorithm>
#include <string_view>

namespace cecat::normalise {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// The course's own producer of `approvals`, without an inherited suffix; "" when
// what is left is an inherited producer (a merge prefixes it: "hub:inherited:p-1").
std::string OwnProducer(const std::string& producer) {
  std::size_t plus = producer.find(std::string(" + ") + kInheritedProducer);
  std::string own = plus == std::string::npos ? producer : producer.substr(0, plus);
  return own.find(kInheritedProducer) == std::string::npos ? own : "";
}

}  // namespace

std::string CourseProviderId(const Record& course) {
  if (!course.fields.is_object()) return "";
  auto p = course.fields.find("provider");
  if (p == course.fields.end() || !p->is_object()) return "";
  auto id = p->find("id");
  return id != p->end() && id->is_string() ? id->get<std::string>() : "";
}

namespace {

// Whether the provider's approval `a` (of `body`) covers every course it offers.
// A state board ("KS-BOARD") approves single courses on some pages and providers
// on others; the approval of a provider that the board numbered ("approved by the
// Kansas BSRB as a continuing education provider, provider number 12-004") is its
// approved-provider status, which covers the provider's courses as an ACEP's does.
bool IsProviderApproval(const Json& a, const std::string& body,
                        const std::vector<std::string>& provider_level) {
  if (Contains(provider_level, body)) return true;
  static constexpr std::string_view kBoard = "-BOARD";
  bool state_board = body.size() == 2 + kBoard.size() && body.ends_with(kBoard);
  auto n = a.find("number");
  return state_board && n != a.end() && n->is_string() && !n->get_ref<const std::string&>().empty();
}

}  // namespace

bool InheritApprovals(Record& course, const Record* provider,
                      const std::vector<std::string>& provider_level) {
  if (course.type != RecordType::kCourse || !course.fields.is_object()) return false;
  const Json before = course.fields.value("approvals", Json());
  const auto prov_it = course.provenance.find("approvals");
  const std::string before_producer = prov_it != course.provenance.end() ? prov_it->second : "";

  Json approvals = Json::array();
  std::vector<std::string> stated;
  if (before.is_array()) {
    for (const Json& a : before) {
      if (!a.is_object() || a.contains(kInheritedFrom)) continue;
      approvals.push_back(a);
      if (a.contains("body") && a["body"].is_string()) stated.push_back(a["body"]);
    }
  }
  std::vector<std::string> denied;
  if (auto d = course.fields.find("not_approved_by"); d != course.fields.end() && d->is_array()) {
    for (const Json& b : *d) {
      if (b.is_string()) denied.push_back(b.get<std::string>());
    }
  }
  bool inherited = false;
  if (provider != nullptr && provider->fields.is_object()) {
    const Json list = provider->fields.value("approvals", Json());
    if (list.is_array()) {
      for (const Json& a : list) {
        if (!a.is_object() || !a.contains("body") || !a["body"].is_string()) continue;
        std::string body = a["body"];
        if (!IsProviderApproval(a, body, provider_level) || Contains(stated, body) ||
            Contains(denied, body))
          continue;
        // A course approval has no scope (SPEC: {body, number}); dates stay, so a
        // reader sees until when the provider's approval runs.
        Json j = {{"body", body}, {"number", a.value("number", Json())}};
        for (const char* k : {"valid_from", "valid_until"}) {
          if (a.contains(k)) j[k] = a[k];
        }
        j[kInheritedFrom] = provider->id;
        approvals.push_back(std::move(j));
        stated.push_back(body);
        inherited = true;
      }
    }
  }
  std::string own = approvals.empty() ? "" : OwnProducer(before_producer);
  std::string producer = own;
  if (inherited) {
    std::string tag = std::string(kInheritedProducer) + provider->id;
    producer = own.empty() ? tag : own + " + " + tag;
  }
  if (approvals.empty()) {
    course.fields.erase("approvals");
    course.provenance.erase("approvals");
  } else {
    course.fields["approvals"] = std::move(approvals);
    course.provenance["approvals"] = producer;
  }
  const Json after = course.fields.value("approvals", Json());
  const auto now_it = course.provenance.find("approvals");
  const std::string after_producer = now_it != course.provenance.end() ? now_it->second : "";
  return after != before || after_producer != before_producer;
}

}  // namespace cecat::normalise
