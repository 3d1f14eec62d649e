/// One line of a `LinePlot`.
public struct LineSeries: Sendable {
    public var name: String
    public var points: [(x: Double, y: Double)]
    /// An SVG dash array such as "6 4", or `nil` for a solid line.
    public var dash: String?
    /// Draw a dot at every sample point.
    public var markers: Bool

    public init(name: String, points: [(x: Double, y: Double)], dash: String? = nil, markers: Bool = false) {
        self.name = name
        self.points = points
        self.dash = dash
        self.markers = markers
    }
}

/// A line plot: nice axes fitted to the data (or given), one polyline per series, a legend.
public struct LinePlot: Sendable {
    public var title: String
    public var x: PlotAxis
    public var y: PlotAxis
    public var series: [LineSeries]
    /// Written into the SVG as a comment: where the numbers come from.
    public var caption: String

    /// With `x`/`y` bounds `nil`, the axis spans the data (the y axis always includes 0).
    public init(
        title: String, xLabel: String, yLabel: String, series: [LineSeries], caption: String,
        xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil
    ) {
        let xs = series.flatMap { $0.points.map(\.x) }, ys = series.flatMap { $0.points.map(\.y) }
        let xBounds = xRange ?? ((xs.min() ?? 0)...(xs.max() ?? 1))
        let yBounds = yRange ?? (min(0, ys.min() ?? 0)...max(0, ys.max() ?? 1))
        self.title = title
        self.x = PlotAxis(label: xLabel, lower: xBounds.lowerBound, upper: xBounds.upperBound).niced()
        self.y = PlotAxis(label: yLabel, lower: yBounds.lowerBound, upper: yBounds.upperBound).niced()
        self.series = series
        self.caption = caption
    }

    public func svg() -> String {
        var document = SVGDocument(width: PlotFrame.width, height: PlotFrame.height)
        document.comment(caption)
        func pixels(_ line: LineSeries, _ frame: PlotFrame) -> [(Double, Double)] {
            line.points.map { (frame.px($0.x), frame.py($0.y)) }
        }
        let (frame, legendOrigin) = PlotFrame.fitted(x: x, y: y, legend: PlotFrame.legendSize(series.map(\.name))) {
            frame in
            series.flatMap { PlotFrame.footprints(ofPolyline: pixels($0, frame)) }
        }
        frame.draw(into: &document, title: title)
        for (i, line) in series.enumerated() {
            let color = PlotPalette.color(i)
            document.polyline(pixels(line, frame), stroke: color, width: 2.5, dash: line.dash)
            if line.markers {
                for point in line.points {
                    document.circle(cx: frame.px(point.x), cy: frame.py(point.y), r: 2.5, fill: color)
                }
            }
        }
        frame.drawLegend(
            into: &document,
            entries: series.enumerated().map {
                ($0.element.name, PlotPalette.color($0.offset), .line(dash: $0.element.dash))
            },
            origin: legendOrigin)
        return document.rendered()
    }
}
