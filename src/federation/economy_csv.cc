#include "federation/economy_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "plan/table_io.h"

namespace collegium::federation {

namespace {

// Columns every upload may carry that are not figures of this command.
bool ignored_column(std::string_view name) {
  return name == "name" || name == "product" || name == "region";
}

Result<double> figure(const plan::DelimitedFile& f, const plan::Cell& c, const char* what) {
  double v = TRY(plan::cell_number(f, c));
  if (v < 0) return invalid_argument(fmt::format("{} must be >= 0, not {}", what, v), f.where(c));
  return v;
}

}  // namespace

Result<ProductionUpload> production_from_csv(std::string_view workplace, std::string_view text,
                                             std::string source,
                                             const std::vector<std::string>& labour_categories) {
  plan::DelimitedFile f = TRY(plan::parse_delimited(text, std::move(source), ','));
  if (f.rows.empty()) {
    return parse_error("the upload is empty: send a header row and the data", f.source + ":1:1");
  }
  const auto& header = f.rows[0];
  std::unordered_map<std::string, size_t> columns;
  for (size_t k = 0; k < header.size(); ++k) {
    if (!columns.emplace(header[k].text, k).second) {
      return parse_error(fmt::format("column '{}' is given twice", header[k].text),
                         f.where(header[k]));
    }
  }
  for (size_t r = 1; r < f.rows.size(); ++r) {
    if (f.rows[r].size() != header.size()) {
      return parse_error(
          fmt::format("{} fields where the header has {}", f.rows[r].size(), header.size()),
          f.where(f.rows[r].back()));
    }
  }
  ProductionUpload out;
  out.command.workplace = std::string(workplace);
  auto own = [&](const plan::Cell& c) -> Status {
    if (!c.text.empty() && c.text != workplace) {
      return invalid_argument(
          fmt::format("this upload is for workplace {}, not {}", workplace, c.text), f.where(c));
    }
    return {};
  };

  if (columns.count("input")) {
    // workplace_inputs.csv's form.
    for (const char* required : {"input", "coefficient"}) {
      if (!columns.count(required)) {
        return parse_error(fmt::format("missing column '{}'", required), f.where(header[0]));
      }
    }
    for (const auto& h : header) {
      if (h.text != "workplace" && h.text != "input" && h.text != "coefficient") {
        return invalid_argument(
            fmt::format("unknown column '{}' (the inputs form has workplace, input, coefficient)",
                        h.text),
            f.where(h));
      }
    }
    std::vector<ProductionInput> inputs;
    for (size_t r = 1; r < f.rows.size(); ++r) {
      const auto& row = f.rows[r];
      if (columns.count("workplace")) TRY(own(row[columns["workplace"]]));
      const plan::Cell& in = row[columns["input"]];
      if (in.text.empty()) return parse_error("empty input: give a product id", f.where(in));
      const plan::Cell& co = row[columns["coefficient"]];
      double v = TRY(figure(f, co, "a coefficient"));
      const std::string path = fmt::format("/inputs/{}", inputs.size());
      out.cells[path + "/input"] = f.where(in);
      out.cells[path + "/coefficient"] = f.where(co);
      inputs.push_back({in.text, {v}});
    }
    out.command.inputs = std::move(inputs);
    return out;
  }

  // workplaces.csv's form.
  for (const auto& h : header) {
    bool known = h.text == "id" || h.text == "capacity" || h.text == "workers" ||
                 ignored_column(h.text) ||
                 std::find(labour_categories.begin(), labour_categories.end(), h.text) !=
                     labour_categories.end();
    if (!known) {
      std::string categories;
      for (const auto& c : labour_categories) categories += ", " + c;
      return invalid_argument(
          fmt::format("unknown column '{}' (expected id, capacity, workers{}; or input and "
                      "coefficient for the inputs form)",
                      h.text, categories),
          f.where(h));
    }
  }
  if (f.rows.size() != 2) {
    return parse_error(
        fmt::format("give exactly one data row for the workplace, not {}", f.rows.size() - 1),
        f.rows.size() > 2 ? f.where(f.rows[2][0]) : f.where(header[0]));
  }
  const auto& row = f.rows[1];
  if (columns.count("id")) TRY(own(row[columns["id"]]));
  for (const auto& h : header) {
    const plan::Cell& c = row[columns[h.text]];
    if (h.text == "id" || ignored_column(h.text) || c.text.empty()) continue;
    if (h.text == "capacity") {
      out.command.capacity = Decimal{TRY(figure(f, c, "capacity"))};
      out.cells["/capacity"] = f.where(c);
    } else if (h.text == "workers") {
      out.command.workers = Decimal{TRY(figure(f, c, "workers"))};
      out.cells["/workers"] = f.where(c);
    } else {
      if (!out.command.hours) out.command.hours.emplace();
      (*out.command.hours)[h.text] = Decimal{TRY(figure(f, c, "hours per unit"))};
      out.cells["/hours/" + h.text] = f.where(c);
    }
  }
  if (!out.command.capacity && !out.command.workers && !out.command.hours) {
    return invalid_argument("the row gives no figure: fill capacity, workers or a category's hours",
                            f.where(row[0]));
  }
  return out;
}

Status in_upload(const Status& status, const ProductionUpload& upload) {
  auto it = upload.cells.find(status.where());
  if (it == upload.cells.end()) return status;
  return Status(status.code(), status.message(), it->second);
}

}  // namespace collegium::federation
