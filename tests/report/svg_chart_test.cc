#include "report/svg_chart.h"

#include <gtest/gtest.h>

#include <string>

namespace waftune {
namespace {

constexpr const char* kHostile = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";

TEST(SvgChartTest, LineChartEscapesLabelsAndHasOnePolylinePerSeries) {
  std::string svg = SvgLineChart({{kHostile, {1, 5, 2}}, {"b", {0, 0, 3}}},
                                 {760, 260, kHostile, kHostile, "end"});
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("<img"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
  size_t lines = 0;
  for (size_t p = svg.find("<polyline"); p != std::string::npos; p = svg.find("<polyline", p + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 2u);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find(">5</text>"), std::string::npos);  // y-axis maximum
}

TEST(SvgChartTest, LineChartWithoutDataSaysSo) {
  std::string svg = SvgLineChart({}, {});
  EXPECT_NE(svg.find("no data"), std::string::npos);
  EXPECT_EQ(svg.find("<polyline"), std::string::npos);
}

TEST(SvgChartTest, BarChartScalesToLargestStackedTotal) {
  BarChartOptions o;
  o.width = 520;  // 340 label + 80 count leaves 100 px of plot.
  o.legend1 = "legit";
  o.legend2 = "attack";
  std::string svg = SvgBarChart({{"/a", 30, 20}, {"/b", 10, 0}}, o);
  // First bar: 30 of 50 -> 60 px, then 40 px stacked after it.
  EXPECT_NE(svg.find("x=\"340.0\" y=\"22.0\" width=\"60.0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("x=\"400.0\" y=\"22.0\" width=\"40.0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("30 / 20"), std::string::npos);
}

TEST(SvgChartTest, BarChartEscapesHostileLabelAndIsDeterministic) {
  std::vector<BarItem> items = {{kHostile, 3, 0}};
  std::string a = SvgBarChart(items, {});
  EXPECT_EQ(a.find("<script"), std::string::npos);
  EXPECT_EQ(a.find("<img"), std::string::npos);
  EXPECT_EQ(a, SvgBarChart(items, {}));
}

}  // namespace
}  // namespace waftune
