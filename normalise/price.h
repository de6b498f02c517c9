// Prices as written ("$29", "FREE for members / $29 non-members", "USD 1,299.00",
// schema.org Offer/AggregateOffer objects, arrays of offers) to the feed's
// price {amount, currency, free, note}.
#pragma once

#include <optional>
#include <string>

#include "common/record.h"

namespace cecat::normalise {

struct Price {
  double amount = 0;     // the lowest public price (members-only, student and
                         // "free to watch, pay for the certificate" prices are not public)
  std::string currency;  // ISO 4217; "USD" when only a bare number or "$" is written
  bool free = false;     // the public price is zero
  std::string note;      // the text as written when it states more than one price
  std::string understood;
};

// Returns nullopt when no amount and no free wording is found ("$abc", "Call us").
std::optional<Price> ParsePrice(const Json& value);

// Feed JSON: {"amount": 29, "currency": "USD", "free": false, "note": "..."}.
Json PriceToJson(const Price& price);

}  // namespace cecat::normalise
