import Foundation

/// "Nice" axis ticks (steps 1, 2 or 5 times a power of ten), the data-to-pixel map, and the
/// frame every plot draws: title, axes, grid, ticks, tick labels, axis labels and legend.
public struct PlotAxis: Sendable {
    public var label: String
    /// The data interval shown; widened to whole tick steps by `niced`.
    public var lower: Double
    public var upper: Double

    public init(label: String, lower: Double, upper: Double) {
        self.label = label
        self.lower = lower
        self.upper = upper
    }

    /// About `target` ticks at a step of 1, 2 or 5 × 10ᵏ covering [lower, upper]; the ticks are
    /// integer multiples i·step (computed from i, so they do not accumulate rounding).
    public func ticks(target: Int = 6) -> (step: Double, values: [Double]) {
        let step = Self.niceStep(span: upper - lower, target: target)
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        guard first <= last, last - first < 1000 else { return (step, [lower, upper]) }
        return (step, stride(from: first, through: last, by: 1).map { $0 * step })
    }

    /// The axis widened outwards to whole multiples of its nice step.
    public func niced(target: Int = 6) -> PlotAxis {
        let step = Self.niceStep(span: upper - lower, target: target)
        // The 1e−9 slack keeps a bound that is already a multiple of the step (up to rounding) in place.
        return PlotAxis(
            label: label, lower: (lower / step + 1e-9).rounded(.down) * step,
            upper: (upper / step - 1e-9).rounded(.up) * step)
    }

    /// The step 1, 2 or 5 × 10ᵏ nearest above span/target.
    static func niceStep(span: Double, target: Int) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let rough = span / Double(max(target, 1))
        var magnitude = 1.0
        while magnitude > rough { magnitude /= 10 }
        while magnitude * 10 <= rough { magnitude *= 10 }
        let normalized = rough / magnitude
        let factor: Double = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10
        return factor * magnitude
    }

    /// A tick label: as many decimals as the step needs, a true minus sign, "0" for zero.
    static func label(_ value: Double, step: Double) -> String {
        var decimals = 0
        var scaled = step
        while decimals < 6 && abs(scaled - scaled.rounded()) > 1e-9 * max(1, abs(scaled)) {
            scaled *= 10
            decimals += 1
        }
        return SVGDocument.fixed(value, decimals: decimals, trimmingZeros: false, minus: "\u{2212}")
    }
}

/// The Okabe–Ito palette (distinguishable under the common colour-vision deficiencies).
public enum PlotPalette {
    public static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    public static func color(_ index: Int) -> String { colors[index % colors.count] }
}

/// The drawing area of a plot and the frame around it.
struct PlotFrame {
    static let width = 640, height = 420
    static let left = 72.0, right = 24.0, top = 48.0, bottom = 58.0
    var x: PlotAxis
    var y: PlotAxis

    var plotLeft: Double { Self.left }
    var plotRight: Double { Double(Self.width) - Self.right }
    var plotTop: Double { Self.top }
    var plotBottom: Double { Double(Self.height) - Self.bottom }

    func px(_ value: Double) -> Double {
        plotLeft + (value - x.lower) / (x.upper - x.lower) * (plotRight - plotLeft)
    }
    func py(_ value: Double) -> Double {
        plotBottom - (value - y.lower) / (y.upper - y.lower) * (plotBottom - plotTop)
    }

    /// Title, grid, axes, ticks with labels, and axis labels. `xTicks: false` leaves the x axis
    /// without numeric ticks (bar charts label their categories instead).
    func draw(into svg: inout SVGDocument, title: String, xTicks: Bool = true) {
        svg.text(title, x: Double(Self.width) / 2, y: 28, size: 16, anchor: .middle, weight: "bold")
        let (yStep, yValues) = y.ticks()
        for value in yValues {
            let yy = py(value)
            svg.line(x1: plotLeft, y1: yy, x2: plotRight, y2: yy, stroke: "#e6e6e6")
            svg.line(x1: plotLeft - 5, y1: yy, x2: plotLeft, y2: yy, stroke: "#444444")
            svg.text(PlotAxis.label(value, step: yStep), x: plotLeft - 8, y: yy + 4, size: 11, anchor: .end)
        }
        if xTicks {
            let (xStep, xValues) = x.ticks()
            for value in xValues {
                let xx = px(value)
                svg.line(x1: xx, y1: plotTop, x2: xx, y2: plotBottom, stroke: "#e6e6e6")
                svg.line(x1: xx, y1: plotBottom, x2: xx, y2: plotBottom + 5, stroke: "#444444")
                svg.text(PlotAxis.label(value, step: xStep), x: xx, y: plotBottom + 19, size: 11, anchor: .middle)
            }
        }
        svg.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: "#444444")
        svg.line(x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom, stroke: "#444444")
        svg.text(x.label, x: (plotLeft + plotRight) / 2, y: Double(Self.height) - 14, size: 13, anchor: .middle)
        let yMiddle = (plotTop + plotBottom) / 2
        svg.text(y.label, x: 20, y: yMiddle, size: 13, anchor: .middle, rotation: -90)
    }

    /// How a legend entry shows its series.
    enum Swatch {
        case line(dash: String?)
        case bar
    }

    /// A pixel rectangle that data occupies (a bar, or a small box around a point of a line).
    struct Footprint {
        var x0: Double, y0: Double, x1: Double, y1: Double

        /// The area this rectangle shares with another.
        func overlap(_ o: Footprint) -> Double {
            max(0, min(x1, o.x1) - max(x0, o.x0)) * max(0, min(y1, o.y1) - max(y0, o.y0))
        }
    }

    /// The footprints of a polyline: small boxes at points spaced at most 4 px apart along it,
    /// so a legend placed over any part of the line overlaps some of them.
    static func footprints(ofPolyline points: [(Double, Double)]) -> [Footprint] {
        guard let first = points.first else { return [] }
        var boxes = [Footprint(x0: first.0 - 2, y0: first.1 - 2, x1: first.0 + 2, y1: first.1 + 2)]
        for (a, b) in zip(points, points.dropFirst()) {
            let steps = max(1, Int((hypot(b.0 - a.0, b.1 - a.1) / 4).rounded(.up)))
            for k in 1...steps {
                let t = Double(k) / Double(steps)
                let x = a.0 + t * (b.0 - a.0), y = a.1 + t * (b.1 - a.1)
                boxes.append(Footprint(x0: x - 2, y0: y - 2, x1: x + 2, y1: y + 2))
            }
        }
        return boxes
    }

    /// The size in pixels of the legend box for `names`.
    static func legendSize(_ names: [String]) -> (width: Double, height: Double) {
        (48 + 6.4 * Double(names.map(\.count).max() ?? 0), 10 + 18 * Double(names.count))
    }

    /// The frame for the axes `x`, `y` and where its legend goes: the corner of the plot area
    /// that covers the least data (top left, top right, bottom left, bottom right, in that order
    /// on ties). When every corner covers data, the y axis grows by whole tick steps (at most
    /// four) until one is clear, so the legend never hides what the figure shows.
    static func fitted(
        x: PlotAxis, y: PlotAxis, legend: (width: Double, height: Double),
        footprints: (PlotFrame) -> [Footprint]
    ) -> (frame: PlotFrame, legendOrigin: (x: Double, y: Double)) {
        let step = y.ticks().step
        var best: (frame: PlotFrame, legendOrigin: (x: Double, y: Double), covered: Double)?
        for growth in 0...4 {
            let frame = PlotFrame(
                x: x, y: PlotAxis(label: y.label, lower: y.lower, upper: y.upper + Double(growth) * step))
            let occupied = footprints(frame)
            let corners = [
                (frame.plotLeft + 10, frame.plotTop + 10), (frame.plotRight - 10 - legend.width, frame.plotTop + 10),
                (frame.plotLeft + 10, frame.plotBottom - 10 - legend.height),
                (frame.plotRight - 10 - legend.width, frame.plotBottom - 10 - legend.height),
            ]
            for corner in corners {
                let box = Footprint(
                    x0: corner.0, y0: corner.1, x1: corner.0 + legend.width, y1: corner.1 + legend.height)
                let covered = occupied.reduce(0) { $0 + box.overlap($1) }
                if best == nil || covered < best!.covered { best = (frame, (corner.0, corner.1), covered) }
                if covered == 0 { return (frame, (corner.0, corner.1)) }
            }
        }
        return (best!.frame, best!.legendOrigin)
    }

    /// The legend box with its top-left corner at `origin` (from `fitted`).
    func drawLegend(
        into svg: inout SVGDocument, entries: [(name: String, color: String, swatch: Swatch)],
        origin: (x: Double, y: Double)
    ) {
        guard !entries.isEmpty else { return }
        let (boxWidth, boxHeight) = Self.legendSize(entries.map(\.name))
        let (x0, y0) = origin
        svg.rect(x: x0, y: y0, width: boxWidth, height: boxHeight, fill: "#ffffff", stroke: "#bbbbbb")
        for (i, entry) in entries.enumerated() {
            let yy = y0 + 16 + 18 * Double(i)
            switch entry.swatch {
            case .line(let dash):
                svg.line(x1: x0 + 8, y1: yy - 4, x2: x0 + 32, y2: yy - 4, stroke: entry.color, width: 2.5, dash: dash)
            case .bar:
                svg.rect(x: x0 + 12, y: yy - 10, width: 16, height: 10, fill: entry.color)
            }
            svg.text(entry.name, x: x0 + 38, y: yy, size: 12)
        }
    }
}
