/// Compares regenerated fixtures with the files on disk, byte for byte.
public enum FixtureCheck {
    /// One file that differs from what the exporters produce.
    public struct Drift: Sendable, Equatable, CustomStringConvertible {
        public var relativePath: String
        public var problem: String
        public var description: String { "\(relativePath): \(problem)" }
    }

    /// Every drift between `generated` and the directory: changed, missing and stale files.
    public static func compare(_ generated: [GeneratedFile], with directory: FixtureDirectory) throws(FixtureError) -> [Drift] {
        var drifts: [Drift] = []
        for file in generated {
            guard let bytes = try directory.read(file.relativePath) else {
                drifts.append(Drift(relativePath: file.relativePath, problem: "missing (run latent-oracle export)"))
                continue
            }
            let committed = String(decoding: bytes, as: UTF8.self)
            if committed != file.text || bytes != Array(file.text.utf8) {
                drifts.append(Drift(relativePath: file.relativePath, problem: describeDifference(committed: committed, regenerated: file.text)))
            }
        }
        let expected = Set(generated.map(\.relativePath))
        for stale in directory.fixturePaths() where !expected.contains(stale) {
            drifts.append(Drift(relativePath: stale, problem: "no exporter produces this file (stale? delete it or add its exporter)"))
        }
        return drifts
    }

    /// "case <id>, line N: …" for the first differing line, naming the case that contains it.
    public static func describeDifference(committed: String, regenerated: String) -> String {
        let old = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let new = regenerated.split(separator: "\n", omittingEmptySubsequences: false)
        var line = 0
        while line < old.count && line < new.count && old[line] == new[line] { line += 1 }
        let caseID = enclosingCaseID(lines: new, before: min(line, new.count - 1))
        let place = caseID.map { "first difference in case \($0), line \(line + 1)" } ?? "first difference at line \(line + 1) (file header)"
        let shown = line < old.count ? String(old[line]).trimmingPrefix(" ") : "end of file"
        return "\(place): committed \(FixtureError.quoted(String(shown))) differs from the regenerated file (run latent-oracle export if the change is intended)"
    }

    /// The id of the case whose block contains `line`: the nearest preceding case `"id"` line
    /// (case keys sit at an indentation of 10 spaces in the canonical layout).
    static func enclosingCaseID(lines: [Substring], before line: Int) -> String? {
        guard line >= 0 else { return nil }
        let marker = String(repeating: " ", count: 10) + "\"id\": \""
        for index in stride(from: line, through: 0, by: -1) where lines[index].hasPrefix(marker) {
            return String(lines[index].dropFirst(marker.count).dropLast(2))
        }
        return nil
    }
}

extension Substring {
    func trimmingPrefix(_ character: Character) -> Substring {
        var s = self
        while s.first == character { s = s.dropFirst() }
        return s
    }
}
