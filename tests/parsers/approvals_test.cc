// Accreditation statements in page text (parsers/approvals.h; DOMAIN.md table).
#include <catch2/catch.hpp>

#include <optional>
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

// The statement is the course's approval and, since its subject is an
// organisation, also that provider's (whose courses then inherit it, issue 19).
TEST_CASE("On a course page the statement is attached to the course and its provider") {
  const char* html = R"HTML(<html><head><script type="application/ld+json">
{"@type":"Course","name":"Clinical Supervision"}</script></head><body>
<h1>Clinical Supervision</h1>
<section class="ce-info"><h2>CE Information</h2>
<p>Maple Grove CE has been approved by NBCC as an Approved Continuing Education Provider, ACEP No. 6120.</p></section>
</body></html>)HTML";
  PageExtraction px = ExtractPage(html, "https://maple.example/c/sup", {});
  REQUIRE(px.records.size() == 2);
  const auto& c = px.records[0];
  REQUIRE(c.fields.contains("approvals"));
  REQUIRE(c.fields["approvals"].size() == 1);
  CHECK(c.fields["approvals"][0]["body"] == "NBCC");
  CHECK(c.fields["approvals"][0]["number"] == "6120");
  CHECK(c.provenance.at("approvals") == "text:approval statement");
  const auto& a = px.records[1];
  CHECK(a.kind == "approval");
  CHECK(a.fields["provider_name"] == "Maple Grove CE");
  CHECK(a.fields["number"] == "6120");
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

// Accreditation pages as providers publish them: a table of body, number, expiry and
// scope, or a bulleted list, with no "is approved by" sentence (issue 19).
TEST_CASE("Accreditation table rows and list items give one approval each") {
  struct Case {
    std::vector<std::string> cells;
    std::vector<std::string> headers;
    const char* body;  // "" = not an approval row
    const char* number;
    const char* valid_from;
    const char* valid_until;
    const char* scope;
  };
  const std::vector<std::string> kHeads = {"Accrediting body", "Provider No.", "Valid until",
                                           "Professions"};
  const Case cases[] = {
      {{"National Board for Certified Counselors (NBCC)", "ACEP No. 7120", "03/31/2027",
        "Counselors (LPC, LMHC)"},
       kHeads,
       "NBCC",
       "7120",
       "",
       "03/31/2027",
       "Counselors (LPC, LMHC)"},
      {{"Association of Social Work Boards ACE", "1588", "2024-05-01 to 2027-05-01",
        "Social workers"},
       kHeads,
       "ASWB-ACE",
       "1588",
       "2024-05-01",
       "2027-05-01",
       "Social workers"},
      {{"American Psychological Association", "n/a", "", "Psychologists"},
       kHeads,
       "APA",
       "",
       "",
       "",
       "Psychologists"},
      {{"NAADAC", "#214433", "June 30, 2026", "Addiction professionals"},
       kHeads,
       "NAADAC",
       "214433",
       "",
       "June 30, 2026",
       "Addiction professionals"},
      // No headings: the number and date are found in the row's text.
      {{"CAMFT CEPA", "Provider #134020", "expires 9/30/2026"},
       {},
       "CAMFT",
       "134020",
       "",
       "9/30/2026",
       ""},
      // A list item.
      {{"NY State Board for Social Work - approved provider #SW-0611"},
       {},
       "NY-SW",
       "SW-0611",
       "",
       "",
       ""},
      {{"CE Broker provider 50-23981 (Florida boards), renewal period 3/1/2025 - 2/28/2027"},
       {},
       "FL-CEBROKER",
       "50-23981",
       "3/1/2025",
       "2/28/2027",
       ""},
      // Not approval rows: a course listing names a body without number or date,
      // and a row naming two bodies is a sentence's work.
      {{"Ethics in Telehealth", "3 CE hours", "APA"},
       {"Course", "Credit", "Credit type"},
       "",
       "",
       "",
       "",
       ""},
      {{"Approved by APA and NBCC"}, {}, "", "", "", "", ""},
      {{"Download our catalog"}, {}, "", "", "", "", ""},
  };
  for (const Case& c : cases) {
    INFO("row: " << Json(c.cells).dump() << " headers: " << Json(c.headers).dump());
    auto got = ApprovalFromRow(c.cells, c.headers);
    if (std::string(c.body).empty()) {
      CHECK_FALSE(got);
      continue;
    }
    REQUIRE(got);
    CHECK(got->body == c.body);
    CHECK(got->number == c.number);
    CHECK(got->valid_from == c.valid_from);
    CHECK(got->valid_until == c.valid_until);
    CHECK(got->scope == c.scope);
  }
}

TEST_CASE("An accreditation page's table gives the page's provider every approval") {
  const char* html = R"(<html><body><h1>Accreditation</h1>
    <p>Harbor Light Training holds the approvals below. Contact us with questions.</p>
    <table><thead><tr><th>Approving organization</th><th>Provider #</th><th>Expires</th>
      <th>Scope</th></tr></thead>
    <tbody>
    <tr><td>APA</td><td>&mdash;</td><td></td><td>Psychologists</td></tr>
    <tr><td>NBCC ACEP</td><td>6842</td><td>12/31/2026</td><td>LPCs, LMHCs</td></tr>
    <tr><td>ASWB ACE</td><td>1377</td><td>04/15/2027</td><td>Social workers</td></tr>
    <tr><td>CAMFT CEPA</td><td>128455</td><td>08/31/2026</td><td>LMFTs, LCSWs</td></tr>
    </tbody></table>
    <ul><li>NAADAC Approved Education Provider #98231</li></ul>
    </body></html>)";
  PageExtraction px =
      ExtractPage(html, "https://harborlight.example/accreditation", ExtractOptions{});
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& r : px.records) {
    if (r.kind != "approval") continue;
    got.emplace_back(r.fields.value("body", ""), r.fields.value("number", ""));
  }
  INFO(Json(got).dump());
  CHECK(got == std::vector<std::pair<std::string, std::string>>{{"NAADAC", "98231"},
                                                                {"APA", ""},
                                                                {"NBCC", "6842"},
                                                                {"ASWB-ACE", "1377"},
                                                                {"CAMFT", "128455"}});
}

// The corpus's pc05/pc04/pc09: a state board named by its state was no body at
// all, so the provider's statement (and every course's inherited approval) was lost.
TEST_CASE("A state board named by its state is an approval, its body is left to the data") {
  struct Case {
    const char* text;
    const char* body_text;
    const char* number;
    const char* provider;
  };
  const Case cases[] = {
      {"Prairie Counselors Association is approved by the Kansas Behavioral Sciences Regulatory "
       "Board as a continuing education provider, provider number 12-004.",
       "Kansas Behavioral Sciences Regulatory Board", "12-004", "Prairie Counselors Association"},
      {"Lakeshore Seminars is approved by the Minnesota Board of Social Work, provider #CEP-522.",
       "Minnesota Board", "CEP-522", "Lakeshore Seminars"},
      {"Gulf Coast CE Network is approved by the Texas Behavioral Health Executive Council, "
       "provider #2481.",
       "Texas Behavioral Health Executive Council", "2481", "Gulf Coast CE Network"},
      {"Buckeye Training is an approved provider of the Counselor, Social Worker and Marriage and "
       "Family Therapist Board of Ohio, provider number RCS-0912.",
       "Board of Ohio", "RCS-0912", "Buckeye Training"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::vector<Approval> found = FindApprovals(c.text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].body.empty());  // the normaliser's data names the board
    CHECK(found[0].body_text.find(c.body_text) != std::string::npos);
    CHECK(found[0].number == c.number);
    CHECK(found[0].provider_name == c.provider);
  }
  // A named body whose name holds a state is that body, not also a state board.
  for (const char* text :
       {"Sunshine Seminars is an approved provider with CE Broker for the Florida Board of "
        "Psychology, provider 50-12345.",
        "Empire CE is recognized by the New York State Education Department's State Board for "
        "Social Work as an approved provider of continuing education for licensed social workers "
        "#SW-0123."}) {
    INFO(text);
    std::vector<Approval> found = FindApprovals(text);
    REQUIRE(found.size() == 1);
    CHECK_FALSE(found[0].body.empty());
  }
  // A state and a board without an approval verb are not a statement.
  CHECK(FindApprovals("The Texas Board meets in Austin every quarter.").empty());
}

// FindApprovals' prefilter (issue 25): text without a verb of approval holds no
// statement, however many bodies it names; with one, the statement is found.
TEST_CASE("Text naming bodies without a verb of approval gives no statement") {
  CHECK(FindApprovals("NBCC ACEP No. 6999. The APA and ASWB, NAADAC 123456.").empty());
  CHECK(FindApprovals("Kansas Behavioral Sciences Regulatory Board. CE Broker 50-1234.").empty());
  std::vector<Approval> found =
      FindApprovals("Harborlight Institute is approved by NBCC, ACEP No. 6999.");
  REQUIRE(found.size() == 1);
  CHECK(found[0].body == "NBCC");
  CHECK(found[0].number == "6999");
}

// ApprovalFromRow's prefilter: a row that names no body is read only under
// approval headings, as before.
TEST_CASE("A row that names no body is an approval only under approval headings") {
  CHECK_FALSE(ApprovalFromRow({"Ethics in telehealth", "3 h", "$29"}, {}).has_value());
  CHECK_FALSE(
      ApprovalFromRow({"Texas Behavioral Health Executive Council", "12345"}, {}).has_value());
  std::optional<Approval> row =
      ApprovalFromRow({"Texas Behavioral Health Executive Council", "12345", "3/31/2027"},
                      {"Board", "Provider No.", "Expires"});
  REQUIRE(row.has_value());
  CHECK(row->body_text == "Texas Behavioral Health Executive Council");
  CHECK(row->number == "12345");
  CHECK(row->valid_until == "3/31/2027");
  std::optional<Approval> named = ApprovalFromRow({"NBCC", "ACEP No. 6999", "03/31/2027"}, {});
  REQUIRE(named.has_value());
  CHECK(named->body == "NBCC");
  CHECK(named->number == "6999");
}
