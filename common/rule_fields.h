// The fields an extraction rule may supply, per record type (SPEC.md "Records"):
// the one table that `sources check` validates rules against (config/extract.cc),
// that the normalisers' tests hold to (every field listed reaches the record,
// tests/normalise/rule_fields_test.cc), and that docs/extraction.md "Fields per
// record type" is generated from. It lives in common because config must not
// depend on normalise.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cecat {

struct RuleFieldSpec {
  std::string_view name;
  // What the normaliser accepts, for the docs: units, formats, vocabularies, caps.
  std::string_view accepts;
};

// Another name for a field. An accepted alias is read as its field (the rule's
// value reaches the record under `field`); a removed one is a config error that
// says to write `field` instead.
struct RuleFieldAlias {
  std::string_view name;
  std::string_view field;
  bool accepted = false;
  std::string_view why;  // the reason it is kept or removed
};

struct RuleTypeFields {
  std::string_view type;  // "course", "provider", "approval", "scholarship", "review"
  std::vector<RuleFieldSpec> fields;
  std::vector<RuleFieldAlias> aliases;

  // The field names a rule of this type may use: the fields, then accepted aliases.
  std::vector<std::string_view> Accepted() const;
  // True when `name` is a field of the type or one of its accepted aliases.
  bool Accepts(std::string_view name) const;
  // The alias entry for `name` (accepted or removed), or nullptr.
  const RuleFieldAlias* Alias(std::string_view name) const;
};

// Every record type a rule may have, in documentation order: course (the type of a
// rule without `type`), provider, approval, scholarship, review.
const std::vector<RuleTypeFields>& RuleFieldTable();

// The table's entry for `type`, or nullptr for a type rules do not have.
const RuleTypeFields* RuleFieldsOf(std::string_view type);

// docs/extraction.md's generated tables: one per record type.
std::string RuleFieldsMarkdown();

}  // namespace cecat
