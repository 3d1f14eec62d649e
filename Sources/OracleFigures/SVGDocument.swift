/// A minimal SVG 1.1 writer with deterministic output: coordinates are printed with at most two
/// decimals by integer arithmetic (no locale, no platform `printf`), elements are emitted in the
/// order they were added, and text is XML-escaped. Regenerating a figure is byte-identical.
public struct SVGDocument: Sendable {
    public let width: Int
    public let height: Int
    private var body: [String] = []
    private var comments: [String] = []

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// A comment placed right after the `<svg>` tag (figure source and caption).
    public mutating func comment(_ text: String) {
        // "--" may not appear inside an XML comment.
        comments.append("<!-- " + text.replacingOccurrences(of: "--", with: "- -") + " -->")
    }

    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil
    ) {
        body.append(
            """
            <line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" \
            y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"
            """
                + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>")
    }

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil)
    {
        body.append(
            """
            <rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" \
            height=\"\(Self.number(height))\" fill=\"\(fill)\"
            """
                + (stroke.map { " stroke=\"\($0)\"" } ?? "") + "/>")
    }

    public mutating func polyline(
        _ points: [(x: Double, y: Double)], stroke: String, width: Double = 2, dash: String? = nil
    ) {
        let list = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
        body.append(
            """
            <polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\" \
            stroke-linejoin=\"round\"
            """
                + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>")
    }

    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String) {
        body.append(
            "<circle cx=\"\(Self.number(cx))\" cy=\"\(Self.number(cy))\" r=\"\(Self.number(r))\" fill=\"\(fill)\"/>")
    }

    public enum Anchor: String, Sendable { case start, middle, end }

    /// Text at (x, y) (the baseline), optionally rotated by `rotation` degrees about that point.
    public mutating func text(
        _ content: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
        weight: String? = nil, rotation: Double? = nil, fill: String = "#222222"
    ) {
        var attributes =
            """
            x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" \
            text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\"
            """
        if let weight { attributes += " font-weight=\"\(weight)\"" }
        if let rotation {
            attributes += " transform=\"rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))\""
        }
        body.append("<text \(attributes)>\(Self.escaped(content))</text>")
    }

    /// The complete document, ending in a newline.
    public func rendered() -> String {
        var lines = [
            """
            <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \
            \(height)\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">
            """
        ]
        lines += comments
        lines.append("<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>")
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `x` rounded to two decimals, without trailing zeros: 12.5, 3, −0.25 → "12.5", "3", "-0.25".
    /// Deterministic (integer arithmetic); non-finite values print as 0 (never produced by the plots).
    public static func number(_ x: Double) -> String {
        fixed(x, decimals: 2, trimmingZeros: true, minus: "-")
    }

    /// `x` with exactly `decimals` digits after the point (or trimmed), by integer arithmetic on
    /// round-half-away-from-zero of x·10^decimals. "−0" is printed as "0".
    static func fixed(_ x: Double, decimals: Int, trimmingZeros: Bool, minus: String) -> String {
        guard x.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (x * scale).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 1e15 else { return String(Int64(x)) }
        let magnitude = Int64(abs(scaled))
        let unit = Int64(scale)
        var fraction = decimals == 0 ? "" : String(magnitude % unit)
        fraction = String(repeating: "0", count: max(0, decimals - fraction.count)) + fraction
        if trimmingZeros { while fraction.hasSuffix("0") { fraction.removeLast() } }
        let sign = scaled < 0 ? minus : ""
        return sign + String(magnitude / unit) + (fraction.isEmpty ? "" : "." + fraction)
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
