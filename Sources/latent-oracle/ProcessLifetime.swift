/// Values left for the operating system to reclaim when the process exits, never freed here.
///
/// `verify` reads files of up to 10⁶ cases and exits right after reporting on them; freeing
/// their tens of millions of objects one by one would take about a second and change nothing.
/// Each slot keeps its latest value only, so that a folder of results files holds one file's
/// trees at a time.
enum ProcessLifetime {
    /// Touched from the main thread only (the commands run there).
    nonisolated(unsafe) private static var kept: [String: Any] = [:]

    /// Keeps `value` until the process exits, in place of the slot's previous value.
    static func keep(_ value: Any, slot: String) {
        kept[slot] = value
    }
}
