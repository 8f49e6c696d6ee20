// Ballots as "ballot_id,rank,choice" rows (the normalised cast-vote-record form used by
// ranked.vote and others).
//
//   ballot_id,rank,choice          header, required
//   000001,1,Bob Kiss              rank is a positive integer
//   000001,2,Andy Montroll
//   000002,1,$UNDERVOTE            a skipped rank
//   000003,1,$OVERVOTE             an overvoted rank (candidates unknown)
//
// Rows of one ballot need not be adjacent. Two choices at the same rank of a ballot make
// an equal ranking; ranks with no row are skipped ranks. Candidates are named by their
// first appearance, in that order. Fields may be quoted as in RFC 4180. Errors are
// parse_error with `where` = "SOURCE:LINE:COLUMN".
#pragma once

#include <string_view>

#include "base/status.h"
#include "count/ballot.h"

namespace collegium::count {

Result<Election> read_ballot_csv(std::string_view text, std::string_view source = "input");

}  // namespace collegium::count
