/// A grouped bar chart: one group of bars per category, one bar (and colour) per series.
public struct BarChart: Sendable {
    public var title: String
    public var categories: [String]
    public var seriesNames: [String]
    /// `values[c][s]`: the bar of series `s` in category `c`.
    public var values: [[Double]]
    public var y: PlotAxis
    public var xLabel: String
    public var caption: String

    /// The y axis spans 0 and every value, widened to nice ticks.
    public init(
        title: String, xLabel: String, yLabel: String, categories: [String], seriesNames: [String],
        values: [[Double]], caption: String
    ) {
        let all = values.flatMap { $0 }
        self.title = title
        self.categories = categories
        self.seriesNames = seriesNames
        self.values = values
        self.y = PlotAxis(label: yLabel, lower: min(0, all.min() ?? 0), upper: max(0, all.max() ?? 1)).niced()
        self.xLabel = xLabel
        self.caption = caption
    }

    public func svg() -> String {
        var document = SVGDocument(width: PlotFrame.width, height: PlotFrame.height)
        document.comment(caption)
        let xAxis = PlotAxis(label: xLabel, lower: 0, upper: Double(max(categories.count, 1)))
        let (frame, legendOrigin) = PlotFrame.fitted(x: xAxis, y: y, legend: PlotFrame.legendSize(seriesNames)) {
            frame in
            bars(in: frame).map { PlotFrame.Footprint(x0: $0.left, y0: $0.top, x1: $0.left + $0.width, y1: $0.base) }
        }
        frame.draw(into: &document, title: title, xTicks: false)
        for bar in bars(in: frame) {
            document.rect(
                x: bar.left, y: bar.top, width: bar.width, height: bar.base - bar.top,
                fill: PlotPalette.color(bar.series))
        }
        for (c, category) in categories.enumerated() {
            document.text(category, x: frame.px(Double(c) + 0.5), y: frame.plotBottom + 19, size: 11, anchor: .middle)
        }
        if y.lower < 0 {
            document.line(x1: frame.plotLeft, y1: frame.py(0), x2: frame.plotRight, y2: frame.py(0), stroke: "#444444")
        }
        frame.drawLegend(
            into: &document, entries: seriesNames.enumerated().map { ($0.element, PlotPalette.color($0.offset), .bar) },
            origin: legendOrigin)
        return document.rendered()
    }

    /// The pixel rectangle of every bar in `frame`: series `s` of category `c` is the s-th of the
    /// group's bars, which fill the middle 80 % of the category's slot.
    func bars(in frame: PlotFrame) -> [(series: Int, left: Double, width: Double, top: Double, base: Double)] {
        let groupWidth = frame.px(1) - frame.px(0)
        let barWidth = groupWidth * 0.8 / Double(max(seriesNames.count, 1))
        var result: [(series: Int, left: Double, width: Double, top: Double, base: Double)] = []
        for c in categories.indices {
            let groupLeft = frame.px(Double(c)) + groupWidth * 0.1
            for (s, value) in (c < values.count ? values[c] : []).enumerated() where s < seriesNames.count {
                result.append(
                    (
                        s, groupLeft + barWidth * Double(s), barWidth * 0.92, frame.py(max(value, 0)),
                        frame.py(min(value, 0))
                    ))
            }
        }
        return result
    }
}
