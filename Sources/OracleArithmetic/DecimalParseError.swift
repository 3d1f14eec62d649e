/// A decimal (or `p/q`) string that is not a well-formed number, with the place where it goes wrong.
///
/// `position` is the 0-based character offset of the first offending character, or the length of
/// the input when it ends too early. The description reads, for example,
/// `malformed decimal "1.2.3" at position 3: unexpected '.'`.
public struct DecimalParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The whole input string.
    public var input: String
    /// 0-based character offset of the problem (the input length for a premature end).
    public var position: Int
    /// What is wrong there, e.g. `unexpected '.'` or `expected a digit after the exponent marker`.
    public var reason: String

    public init(input: String, position: Int, reason: String) {
        self.input = input
        self.position = position
        self.reason = reason
    }

    public var description: String {
        "malformed decimal \"\(input)\" at position \(position): \(reason)"
    }
}
