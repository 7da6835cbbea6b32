// SvgChart: small inline SVG charts for the HTML report (a line chart of
// counts over time, a horizontal bar chart, a stacked two-part bar chart).
//
// Output is SVG markup meant to be embedded in HTML as-is: every label is
// passed through HtmlEscape, numbers are formatted with fixed precision, and
// colours come from a fixed palette, so equal inputs give byte-equal output
// and no log-derived text can open an element or attribute. No scripts, no
// external references. Stateless; thread-safe.
#ifndef WAFTUNE_REPORT_SVG_CHART_H_
#define WAFTUNE_REPORT_SVG_CHART_H_

#include <cstdint>
#include <string>
#include <vector>

namespace waftune {

struct LineSeries {
  std::string label;             // Legend text (log-derived; escaped).
  std::vector<uint64_t> values;  // One per x position.
};

struct LineChartOptions {
  int width = 760;
  int height = 260;
  std::string title;                 // Accessible title (escaped).
  std::string x_start, x_end;        // Axis labels at both ends (escaped).
};

// One polyline per series over shared x positions, with a y-axis maximum
// label and a legend. Empty input gives a "no data" chart.
std::string SvgLineChart(const std::vector<LineSeries>& series,
                         const LineChartOptions& o);

struct BarItem {
  std::string label;     // Shown left of the bar (escaped, shortened).
  uint64_t value = 0;    // First (or only) segment.
  uint64_t value2 = 0;   // Second segment of a stacked bar; 0 if none.
};

struct BarChartOptions {
  int width = 760;
  int bar_height = 18;
  std::string title;
  std::string legend1, legend2;  // Legend texts; legend2 empty = no stack.
};

// Horizontal bars, one row per item, scaled to the largest (stacked) total.
std::string SvgBarChart(const std::vector<BarItem>& items,
                        const BarChartOptions& o);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_SVG_CHART_H_
