// A workplace's production data sent as CSV (POST /api/workplaces/{id}/production), in the
// columns of the economy bundle (docs/economy-bundle.md, "A committee's upload"), turned
// into the command set_workplace_production. Two forms, told apart by the header:
//
//   - workplaces.csv's columns: `id` (optional; if given, the workplace's own id),
//     `capacity`, `workers`, and one column per labour category (hours per unit), in ONE
//     data row; an empty cell leaves that figure as it is. `name`, `product` and `region`
//     are the import's and are ignored here.
//   - workplace_inputs.csv's columns: `workplace` (optional; if given, the workplace's own
//     id), `input`, `coefficient`, one row per input: the rows replace the workplace's own
//     inputs (a header alone: it works with its product's column again).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "federation/economy.h"

namespace collegium::federation {

struct ProductionUpload {
  SetWorkplaceProduction command;
  // Where in the upload each field of the command came from: the command's JSON path
  // ("/capacity", "/hours/technical", "/inputs/2/input") -> "SOURCE:LINE:COLUMN", so that a
  // refusal by the rules names the cell.
  std::map<std::string, std::string> cells;
};

// Reads the upload for `workplace`. Errors (parse_error, invalid_argument) name
// "SOURCE:LINE:COLUMN": a number that is not one, a negative figure, a missing column, a
// row of another workplace, a second data row in the workplaces form, a column that is
// neither a figure nor a labour category of `labour_categories`.
Result<ProductionUpload> production_from_csv(std::string_view workplace, std::string_view text,
                                             std::string source,
                                             const std::vector<std::string>& labour_categories);

// `status` with its `where` replaced by the upload's cell for it, when there is one.
Status in_upload(const Status& status, const ProductionUpload& upload);

}  // namespace collegium::federation
