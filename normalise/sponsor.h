// A scholarship's sponsor as an organisation's name, from the line a page
// writes it in ("Sponsor: X", "Funded by the X with a federal grant",
// "Administered by the X."). Pure.
#pragma once

#include <string>
#include <string_view>

namespace cecat::normalise {

// The organisation named after a sponsor lead-in ("Sponsor:", "Sponsored by",
// "Funded by", "Administered by", "Offered by", "Funder:"), without a leading
// "the", a trailing clause (" with ...", " through ...", " in partnership
// ...") or a final period. Text without a lead-in is a name already and is
// returned as given, so "Friends with Purpose Fund" keeps its "with".
std::string SponsorName(std::string_view text);

}  // namespace cecat::normalise
