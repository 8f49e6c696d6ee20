#include "federation/execution_csv.h"

#include <fmt/format.h>

#include <unordered_map>

#include "plan/table_io.h"

namespace collegium::federation {

Result<ReportUpload> report_from_csv(std::string_view workplace, int64_t period,
                                     std::string corrects, std::string_view text,
                                     std::string source) {
  plan::DelimitedFile f = TRY(plan::parse_delimited(text, std::move(source), ','));
  if (f.rows.empty()) {
    return parse_error("the upload is empty: send the header kind,item,amount and a row a figure",
                       f.source + ":1:1");
  }
  const auto& header = f.rows[0];
  std::unordered_map<std::string, size_t> columns;
  for (const auto& h : header) {
    if (h.text != "kind" && h.text != "item" && h.text != "amount" && h.text != "workplace") {
      return invalid_argument(
          fmt::format("unknown column '{}' (a report has kind, item, amount and optionally "
                      "workplace)",
                      h.text),
          f.where(h));
    }
    if (!columns.emplace(h.text, columns.size()).second) {
      return parse_error(fmt::format("column '{}' is given twice", h.text), f.where(h));
    }
  }
  for (const char* required : {"kind", "item", "amount"}) {
    if (!columns.count(required)) {
      return parse_error(fmt::format("missing column '{}'", required), f.where(header[0]));
    }
  }
  ReportUpload out;
  out.command.workplace = std::string(workplace);
  out.command.period = period;
  out.command.corrects = std::move(corrects);
  for (size_t r = 1; r < f.rows.size(); ++r) {
    const auto& row = f.rows[r];
    if (row.size() != header.size()) {
      return parse_error(
          fmt::format("{} fields where the header has {}", row.size(), header.size()),
          f.where(row.back()));
    }
    if (auto w = columns.find("workplace"); w != columns.end()) {
      const plan::Cell& c = row[w->second];
      if (!c.text.empty() && c.text != workplace) {
        return invalid_argument(
            fmt::format("this report is for workplace {}, not {}", workplace, c.text), f.where(c));
      }
    }
    const plan::Cell& kind = row[columns["kind"]];
    const plan::Cell& item = row[columns["item"]];
    const plan::Cell& amount = row[columns["amount"]];
    std::map<std::string, Decimal>* figures = kind.text == "output"  ? &out.command.figures.output
                                              : kind.text == "hours" ? &out.command.figures.hours
                                              : kind.text == "input" ? &out.command.figures.inputs
                                                                     : nullptr;
    if (!figures) {
      return invalid_argument(fmt::format("unknown kind '{}': output, hours or input", kind.text),
                              f.where(kind));
    }
    if (item.text.empty()) {
      return parse_error(kind.text == "hours" ? "give the member category" : "give the product id",
                         f.where(item));
    }
    const double v = TRY(plan::cell_number(f, amount));
    if (v < 0) {
      return invalid_argument(fmt::format("a figure is >= 0, not {}", v), f.where(amount));
    }
    if (!figures->emplace(item.text, Decimal{v}).second) {
      return invalid_argument(fmt::format("{} {} is given twice", kind.text, item.text),
                              f.where(item));
    }
    const char* key = kind.text == "input" ? "inputs" : kind.text.c_str();
    out.cells[fmt::format("/figures/{}/{}", key, item.text)] = f.where(amount);
  }
  if (f.rows.size() < 2) {
    return invalid_argument("the report gives no figure: one row a figure, the output first",
                            f.where(header[0]));
  }
  return out;
}

Status in_upload(const Status& status, const ReportUpload& upload) {
  auto it = upload.cells.find(status.where());
  if (it == upload.cells.end()) return status;
  return Status(status.code(), status.message(), it->second);
}

}  // namespace collegium::federation
