// The value normalisers that need no vocabulary: price, contact hours, dates,
// rating, location and the text helpers. The input is read as JSON when it parses
// (schema.org objects, numbers, arrays) and as a string otherwise; every result
// serialises (valid UTF-8, finite numbers).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "normalise/dates.h"
#include "normalise/hours.h"
#include "normalise/location.h"
#include "normalise/price.h"
#include "normalise/rating.h"
#include "normalise/text.h"

using cecat::Json;
using namespace cecat::normalise;

namespace {
void CheckFinite(double v) {
  if (!std::isfinite(v)) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  // The string form is what most pages give; make sure every normaliser gets both.
  Json values[2] = {Json(ValidUtf8(text)), parsed.is_discarded() ? Json() : parsed};

  for (const Json& value : values) {
    if (auto price = ParsePrice(value)) {
      CheckFinite(price->amount);
      (void)PriceToJson(*price).dump();
    }
    if (auto hours = ParseContactHours(value)) {
      CheckFinite(hours->hours);
      if (hours->hours <= 0 || hours->hours > 500) __builtin_trap();
    }
    if (auto date = ParseDate(value)) (void)Json(date->start + date->end).dump();
    if (auto rating = ParseRating(value)) {
      if (!(rating->average >= 0 && rating->average <= 5)) __builtin_trap();
      (void)RatingToJson(*rating).dump();
    }
    if (auto location = ParseLocation(value)) (void)LocationToJson(*location).dump();
    (void)IsOnlineLocation(value);
    (void)Json(ValueText(value)).dump();
    for (const std::string& item : ValueList(value)) (void)Json(item).dump();
  }

  (void)Json(PlainText(text, 200)).dump();
  (void)Json(Fold(text)).dump();
  // Text as published is cut where matching cuts it, so a title's match key does
  // not depend on its typography (normalise/text.h PlainText; issue 17, item 7).
  for (std::size_t max : {std::size_t{0}, std::size_t{7}, std::size_t{40}}) {
    if (Fold(PlainText(text, max)) != Fold(MatchText(text, max))) __builtin_trap();
  }
  (void)Json(AsPublished(PlainText(text), "a")).dump();
  (void)DecodeEntities(text);  // no UTF-8 promise: PlainText (above) makes it valid
  (void)StripTags(text);
  (void)AsciiPunctuation(text);
  (void)UsStateCode(text);
  (void)CountryCode(text);
  if (auto d = ParseDecimal(text)) (void)FormatNumber(Round2(*d));
  (void)FindPhrase(Fold(text), "lpc");
  return 0;
}
