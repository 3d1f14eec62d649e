import Foundation
import Testing
import OracleTestSupport
@testable import OracleFigures

/// The SVG figures: deterministic output, nice ticks, and the committed figures up to date.
/// `LATENT_ORACLE_UPDATE_FIGURES=1 swift test --filter FigureTests` rewrites `Proofs/figures/`.
@Suite("Figures")
struct FigureTests {
    static let root = RepositoryRoot.url

    @Test("nice ticks use steps 1, 2, 5 × 10ᵏ and land on multiples of the step")
    func niceTicks() {
        #expect(PlotAxis(label: "", lower: -3, upper: 3).ticks().values == [-3, -2, -1, 0, 1, 2, 3])
        #expect(PlotAxis(label: "", lower: 0, upper: 4.5).ticks().step == 1)
        #expect(PlotAxis(label: "", lower: 0, upper: 0.9).ticks().step == 0.2)
        #expect(PlotAxis(label: "", lower: 0, upper: 4.5).niced().upper == 5)
        #expect(PlotAxis.label(-0.5, step: 0.5) == "\u{2212}0.5")
        #expect(PlotAxis.label(2, step: 0.5) == "2.0")
        #expect(PlotAxis.label(-0.0, step: 1) == "0")
    }

    @Test("numbers print with at most two decimals, by integer arithmetic")
    func numberFormatting() {
        #expect(SVGDocument.number(12.5) == "12.5")
        #expect(SVGDocument.number(3) == "3")
        #expect(SVGDocument.number(-0.004) == "0")
        #expect(SVGDocument.number(-0.255) == "-0.26" || SVGDocument.number(-0.255) == "-0.25")  // 0.255 is not exact
        #expect(SVGDocument.number(1.005e2) == "100.5")
        #expect(SVGDocument.escaped("a < b & \"c\"") == "a &lt; b &amp; &quot;c&quot;")
    }

    @Test("the KL figure plots μ²/2 at μ = k/10 and is byte-identical when regenerated")
    func klFigureIsDeterministic() throws {
        let series = try FigureCatalog.klUnitGaussianShiftSeries(Double.self)
        #expect(series.count == 61)
        for (k, point) in zip(-30...30, series) {
            // μ²/2 = k²/200, correctly rounded; the Double route is within 2 ulps of it.
            let expected = Double(k * k) / 200
            expectClose(
                point.y, expected,
                within: .absolute(
                    2 * expected.ulp,
                    "the expected value is k²/200 correctly rounded; the Double KL route starts from μ = k/10 "
                        + "rounded and adds a few roundings of O(μ²) terms: ≤ 2 ulps"), "μ = \(point.x)")
        }
        let fixtures = Self.root.appendingPathComponent("Fixtures")
        let first = try FigureCatalog.allFigures(fixturesDirectory: fixtures)
        let second = try FigureCatalog.allFigures(fixturesDirectory: fixtures)
        #expect(first.map(\.svg) == second.map(\.svg))
        #expect(first.map(\.fileName).prefix(2) == ["kl-unit-gaussian-shift.svg", "elbo-identity-bars.svg"])
        #expect(first[0].svg.hasPrefix("<svg ") && first[0].svg.hasSuffix("</svg>\n"))
    }

    @Test("a grouped bar chart draws one rect per value plus the legend swatches")
    func barChartDrawsGroups() {
        let chart = BarChart(
            title: "t", xLabel: "x", yLabel: "y", categories: ["a", "b"], seriesNames: ["s", "u"],
            values: [[1, 2], [3, -1]], caption: "test")
        let svg = chart.svg()
        // 1 background + 4 bars + 1 legend box + 2 swatches.
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 8)
        #expect(chart.y.lower == -1 && chart.y.upper == 3)
    }

    @Test("the committed figures in Proofs/figures are up to date")
    func committedFiguresAreCurrent() throws {
        let directory = Self.root.appendingPathComponent("Proofs/figures")
        let update = ProcessInfo.processInfo.environment["LATENT_ORACLE_UPDATE_FIGURES"] == "1"
        for figure in try FigureCatalog.allFigures(fixturesDirectory: Self.root.appendingPathComponent("Fixtures")) {
            let url = directory.appendingPathComponent(figure.fileName)
            if update {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try figure.svg.write(to: url, atomically: true, encoding: .utf8)
            }
            let committed = try String(contentsOf: url, encoding: .utf8)
            #expect(
                committed == figure.svg,
                "\(figure.fileName) is stale: run LATENT_ORACLE_UPDATE_FIGURES=1 swift test --filter FigureTests")
        }
    }
}
