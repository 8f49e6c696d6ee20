// A workplace's report sent as CSV (POST /api/workplaces/{id}/reports, `collegium report`),
// turned into the command file_report. One row per figure, under the header
// `kind,item,amount` (and optionally `workplace`, which must then be the workplace's own id):
//
//   kind,item,amount
//   output,steel,0.65      units of a product made in the period (the workplace's own)
//   hours,production,120   hours worked in the period by a member category
//   input,coal,3.2         units of a product used in the period
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/status.h"
#include "federation/execution.h"

namespace collegium::federation {

struct ReportUpload {
  FileReport command;
  // The command's JSON path of each figure ("/figures/output/steel") -> "SOURCE:LINE:COLUMN",
  // so that a refusal by the rules names the cell.
  std::map<std::string, std::string> cells;
};

// Reads the upload. Errors (parse_error, invalid_argument) name "SOURCE:LINE:COLUMN": a
// missing or unknown column, an unknown kind, an empty item, a figure that is not a number
// or is negative, an item given twice, a row of another workplace.
Result<ReportUpload> report_from_csv(std::string_view workplace, int64_t period,
                                     std::string corrects, std::string_view text,
                                     std::string source);

// `status` with its `where` replaced by the upload's cell for it, when there is one.
Status in_upload(const Status& status, const ReportUpload& upload);

}  // namespace collegium::federation
