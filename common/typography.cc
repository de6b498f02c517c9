#include "common/typography.h"

namespace cecat {
namespace {

struct Map {
  std::string_view from;  // UTF-8
  std::string_view to;
};

constexpr Map kSpaces[] = {
    {"\xC2\xA0", " "},     {"\xE2\x80\x82", " "}, {"\xE2\x80\x83", " "}, {"\xE2\x80\x89", " "},
    {"\xE2\x80\xAF", " "}, {"\xE2\x80\x8B", ""},  {"\xEF\xBB\xBF", ""},
};

constexpr Map kPunctuation[] = {
    {"\xE2\x80\x90", "-"},  {"\xE2\x80\x91", "-"},  {"\xE2\x80\x92", "-"},   {"\xE2\x80\x93", "-"},
    {"\xE2\x80\x94", "-"},  {"\xE2\x88\x92", "-"},  {"\xE2\x80\x98", "'"},   {"\xE2\x80\x99", "'"},
    {"\xE2\x80\x9C", "\""}, {"\xE2\x80\x9D", "\""}, {"\xE2\x80\xA6", "..."},
};

// The map entry that `text` starts with at `i`, or null.
template <std::size_t N>
const Map* MapAt(const Map (&maps)[N], std::string_view text, std::size_t i) {
  for (const Map& m : maps) {
    if (text.compare(i, m.from.size(), m.from) == 0) return &m;
  }
  return nullptr;
}

}  // namespace

std::string PlainSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    // Every mapped character starts with one of these lead bytes.
    unsigned char c = static_cast<unsigned char>(text[i]);
    const Map* m = c == 0xC2 || c == 0xE2 || c == 0xEF ? MapAt(kSpaces, text, i) : nullptr;
    if (m == nullptr) {
      out += text[i++];
      continue;
    }
    out += m->to;
    i += m->from.size();
  }
  return out;
}

std::string AsciiPunctuation(std::string_view text, std::vector<std::size_t>* origin) {
  std::string out;
  out.reserve(text.size());
  if (origin != nullptr) {
    origin->clear();
    origin->reserve(text.size());
  }
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    const Map* m = nullptr;
    if (c == 0xE2) m = MapAt(kPunctuation, text, i);
    if (m == nullptr && (c == 0xC2 || c == 0xE2 || c == 0xEF)) m = MapAt(kSpaces, text, i);
    if (m == nullptr) {
      if (origin != nullptr) origin->push_back(i);
      out += text[i++];
      continue;
    }
    out += m->to;
    if (origin != nullptr) origin->insert(origin->end(), m->to.size(), i);
    i += m->from.size();
  }
  return out;
}

}  // namespace cecat
