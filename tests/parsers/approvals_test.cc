// Accreditation statements in page text (parsers/approvals.h; DOMAIN.md table).
#include <catch2/catch.hpp>

#include <vector>

#include "parsers/approvals.h"
#include "parsers/extract.h"

using cecat::Json;
using namespace cecat::parsers;

TEST_CASE("Approval statements of every body in DOMAIN.md are recognised") {
  struct Case {
    const char* text;
    const char* body;
    const char* number;
    const char* valid_from;
    const char* valid_until;
    const char* provider;
  };
  const Case cases[] = {
      {"Northwind Behavioral Institute is approved by the American Psychological Association to "
       "sponsor continuing education for psychologists. Northwind Behavioral Institute maintains "
       "responsibility for this program and its content.",
       "APA", "", "", "", "Northwind Behavioral Institute"},
      {"Cedar Counseling Academy, provider #1234, is approved as an ACE provider to offer social "
       "work continuing education by the Association of Social Work Boards (ASWB) Approved "
       "Continuing Education (ACE) program. Regulatory boards are the final authority on courses "
       "accepted for continuing education credit. ACE provider approval period: 3/9/2024-3/9/2027.",
       "ASWB-ACE", "1234", "3/9/2024", "3/9/2027", "Cedar Counseling Academy"},
      {"Bluestone CE has been approved by NBCC as an Approved Continuing Education Provider, ACEP "
       "No. 6999. Programs that do not qualify for NBCC credit are clearly identified.",
       "NBCC", "6999", "", "", "Bluestone CE"},
      {"Harbor Recovery Education is approved as a provider of continuing education by NAADAC, the "
       "Association for Addiction Professionals. Provider number 123456.",
       "NAADAC", "123456", "", "", "Harbor Recovery Education"},
      {"Pacific Family Institute is approved by the California Association of Marriage and Family "
       "Therapists to sponsor continuing education for LMFTs, LCSWs, LPCCs and LEPs. Provider "
       "#100000.",
       "CAMFT", "100000", "", "", "Pacific Family Institute"},
      {"Empire CE is recognized by the New York State Education Department's State Board for "
       "Social Work as an approved provider of continuing education for licensed social workers "
       "#SW-0123.",
       "NY-SW", "SW-0123", "", "", "Empire CE"},
      {"Empire CE is recognized by the New York State Education Department's State Board for "
       "Mental Health Practitioners as an approved provider of continuing education for licensed "
       "mental health counselors. #MHC-0456.",
       "NY-MHC", "MHC-0456", "", "", "Empire CE"},
      {"Empire CE is recognized by the New York State Education Department's State Board for "
       "Psychology as an approved provider of continuing education for licensed psychologists "
       "#PSY-0077.",
       "NY-PSY", "PSY-0077", "", "", "Empire CE"},
      {"Sunshine Seminars is an approved provider with CE Broker for the Florida Board of Clinical "
       "Social Work, Marriage and Family Therapy and Mental Health Counseling, provider 50-12345.",
       "FL-CEBROKER", "50-12345", "", "", "Sunshine Seminars"},
      {"Golden State Recovery Training is approved by CCAPP, provider number 5-08-151-0624.",
       "CCAPP", "5-08-151-0624", "", "", "Golden State Recovery Training"},
      {"Courses are approved by IC&RC member boards. IC&RC provider #4521.", "IC&RC", "4521", "",
       "", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    std::vector<Approval> found = FindApprovals(c.text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].body == c.body);
    CHECK(found[0].number == c.number);
    CHECK(found[0].valid_from == c.valid_from);
    CHECK(found[0].valid_until == c.valid_until);
    CHECK(found[0].provider_name == c.provider);
    CHECK_FALSE(found[0].statement.empty());
  }
}

TEST_CASE("Mentions of a body that are not approvals are ignored") {
  const char* texts[] = {
      "Programs that do not qualify for NBCC credit are clearly identified.",
      "Cite the American Psychological Association style guide for references.",
      "Our faculty includes NAADAC members.",
      "",
  };
  for (const char* t : texts) {
    CAPTURE(t);
    CHECK(FindApprovals(t).empty());
  }
}

TEST_CASE("One statement naming several bodies gives one approval per body") {
  std::vector<Approval> found = FindApprovals(
      "Riverside Learning is approved by the American Psychological Association and by NBCC "
      "(ACEP No. 7012) to offer continuing education.\nUnrelated paragraph.");
  REQUIRE(found.size() == 2);
  CHECK(found[0].body == "APA");
  CHECK(found[0].number == "");
  CHECK(found[1].body == "NBCC");
  CHECK(found[1].number == "7012");
  CHECK(found[0].statement.find("Unrelated") == std::string::npos);
}

TEST_CASE("On a course page the statement is attached to the course") {
  const char* html = R"HTML(<html><head><script type="application/ld+json">
{"@type":"Course","name":"Clinical Supervision"}</script></head><body>
<h1>Clinical Supervision</h1>
<section class="ce-info"><h2>CE Information</h2>
<p>Maple Grove CE has been approved by NBCC as an Approved Continuing Education Provider, ACEP No. 6120.</p></section>
</body></html>)HTML";
  PageExtraction px = ExtractPage(html, "https://maple.example/c/sup", {});
  REQUIRE(px.records.size() == 1);
  const auto& c = px.records[0];
  REQUIRE(c.fields.contains("approvals"));
  REQUIRE(c.fields["approvals"].size() == 1);
  CHECK(c.fields["approvals"][0]["body"] == "NBCC");
  CHECK(c.fields["approvals"][0]["number"] == "6120");
  CHECK(c.provenance.at("approvals") == "text:approval statement");
}

TEST_CASE("On other pages statements become approval records with the provider's name") {
  const char* html = R"HTML(<html><body><ul><li>Course A</li></ul>
<footer><p>Maple Grove CE, provider #1555, is approved as an ACE provider to offer social work continuing education by the Association of Social Work Boards (ASWB) Approved Continuing Education (ACE) program. ACE provider approval period: 01/15/2025 - 01/15/2028.</p></footer>
</body></html>)HTML";
  PageExtraction px = ExtractPage(html, "https://maple.example/about", {});
  REQUIRE(px.records.size() == 1);
  const auto& a = px.records[0];
  CHECK(a.kind == "approval");
  CHECK(a.fields["provider_name"] == "Maple Grove CE");
  CHECK(a.fields["body"] == "ASWB-ACE");
  CHECK(a.fields["number"] == "1555");
  CHECK(a.fields["valid_from"] == "01/15/2025");
  CHECK(a.fields["valid_until"] == "01/15/2028");
  CHECK(a.provenance.at("number") == "text:approval statement");
}
