#include "report/svg_chart.h"

#include <algorithm>
#include <cstdio>

#include "report/escape.h"

namespace waftune {
namespace {

// Colour-blind friendly palette (Okabe-Ito); fixed so output is stable.
constexpr const char* kPalette[] = {"#0072b2", "#d55e00", "#009e73",
                                    "#cc79a7", "#e69f00", "#56b4e9"};
constexpr size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);
constexpr size_t kMaxLabelChars = 44;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Open(int w, int h, const std::string& title) {
  std::string s = "<svg role=\"img\" width=\"" +
                  std::to_string(w) + "\" height=\"" + std::to_string(h) +
                  "\" viewBox=\"0 0 " + std::to_string(w) + " " +
                  std::to_string(h) + "\" class=\"chart\">";
  s += "<title>" + HtmlEscape(title) + "</title>";
  return s;
}

std::string Text(double x, double y, const std::string& escaped,
                 const char* anchor = "start") {
  return "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" text-anchor=\"" +
         anchor + "\">" + escaped + "</text>";
}

std::string Rect(double x, double y, double w, double h, const char* fill) {
  return "<rect x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(w) +
         "\" height=\"" + Num(h) + "\" fill=\"" + fill + "\"/>";
}

std::string NoData(int w, const std::string& title) {
  return Open(w, 40, title) + Text(8, 24, "no data") + "</svg>";
}

}  // namespace

std::string SvgLineChart(const std::vector<LineSeries>& series,
                         const LineChartOptions& o) {
  size_t n = 0;
  uint64_t max = 0;
  for (const LineSeries& s : series) {
    n = std::max(n, s.values.size());
    for (uint64_t v : s.values) max = std::max(max, v);
  }
  if (n == 0) return NoData(o.width, o.title);
  const double left = 56, right = 12, top = 12;
  const double legend_h = 18.0 * static_cast<double>(series.size());
  const double plot_h = o.height - top - 28;
  const double plot_w = o.width - left - right;
  const int total_h = o.height + static_cast<int>(legend_h);
  std::string s = Open(o.width, total_h, o.title);
  s += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(top + plot_h) + "\" x2=\"" +
       Num(left + plot_w) + "\" y2=\"" + Num(top + plot_h) + "\" stroke=\"#888\"/>";
  s += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(top) + "\" x2=\"" + Num(left) +
       "\" y2=\"" + Num(top + plot_h) + "\" stroke=\"#888\"/>";
  s += Text(left - 4, top + 10, std::to_string(max), "end");
  s += Text(left - 4, top + plot_h, "0", "end");
  s += Text(left, top + plot_h + 16, HtmlEscape(o.x_start));
  s += Text(left + plot_w, top + plot_h + 16, HtmlEscape(o.x_end), "end");
  const double step = n > 1 ? plot_w / static_cast<double>(n - 1) : 0;
  const double scale = max > 0 ? plot_h / static_cast<double>(max) : 0;
  for (size_t i = 0; i < series.size(); ++i) {
    const char* colour = kPalette[i % kPaletteSize];
    std::string points;
    for (size_t j = 0; j < series[i].values.size(); ++j) {
      if (!points.empty()) points += ' ';
      points += Num(left + step * static_cast<double>(j)) + "," +
                Num(top + plot_h - scale * static_cast<double>(series[i].values[j]));
    }
    s += "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" +
         std::string(colour) + "\" points=\"" + points + "\"/>";
    const double ly = o.height + 18.0 * static_cast<double>(i);
    s += Rect(left, ly - 10, 12, 12, colour);
    s += Text(left + 18, ly, HtmlEscape(Ellipsize(series[i].label, 90)));
  }
  return s + "</svg>";
}

std::string SvgBarChart(const std::vector<BarItem>& items,
                        const BarChartOptions& o) {
  if (items.empty()) return NoData(o.width, o.title);
  uint64_t max = 0;
  for (const BarItem& b : items) max = std::max(max, b.value + b.value2);
  const bool stacked = !o.legend2.empty();
  const double label_w = 340, count_w = 80;
  const double plot_w = o.width - label_w - count_w;
  const double row_h = o.bar_height + 6;
  const double legend_h = 22;
  const int h = static_cast<int>(legend_h + row_h * static_cast<double>(items.size()) + 6);
  std::string s = Open(o.width, h, o.title);
  s += Rect(label_w, 4, 12, 12, kPalette[0]) + Text(label_w + 18, 15, HtmlEscape(o.legend1));
  if (stacked) {
    s += Rect(label_w + 200, 4, 12, 12, kPalette[1]) +
         Text(label_w + 218, 15, HtmlEscape(o.legend2));
  }
  const double scale = max > 0 ? plot_w / static_cast<double>(max) : 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const BarItem& b = items[i];
    const double y = legend_h + row_h * static_cast<double>(i);
    s += Text(label_w - 6, y + o.bar_height - 4,
              HtmlEscape(Ellipsize(b.label, kMaxLabelChars)), "end");
    const double w1 = scale * static_cast<double>(b.value);
    const double w2 = scale * static_cast<double>(b.value2);
    s += Rect(label_w, y, w1, o.bar_height, kPalette[0]);
    if (stacked) s += Rect(label_w + w1, y, w2, o.bar_height, kPalette[1]);
    std::string count = std::to_string(b.value);
    if (stacked) count += " / " + std::to_string(b.value2);
    s += Text(label_w + w1 + w2 + 4, y + o.bar_height - 4, count);
  }
  return s + "</svg>";
}

}  // namespace waftune
