/// An arithmetic benchmark kernel whose answers failed its own check (a bug, not slow code).
public struct ArithmeticBenchmarkError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
