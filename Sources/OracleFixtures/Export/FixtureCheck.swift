/// Compares regenerated fixtures with the files on disk, byte for byte.
public enum FixtureCheck {
    /// One file that differs from what the exporters produce.
    public struct Drift: Sendable, Equatable, CustomStringConvertible {
        public var relativePath: String
        public var problem: String
        public var description: String { "\(relativePath): \(problem)" }
    }

    /// Every drift between `generated` and the directory: changed, missing and stale files, and
    /// temporaries left by an interrupted export.
    public static func compare(_ generated: [GeneratedFile], with directory: FixtureDirectory) throws(FixtureError)
        -> [Drift]
    {
        var drifts: [Drift] = []
        for file in generated {
            guard let bytes = try directory.read(file.relativePath) else {
                drifts.append(Drift(relativePath: file.relativePath, problem: "missing (run latent-oracle export)"))
                continue
            }
            let committed = String(decoding: bytes, as: UTF8.self)
            if committed != file.text || bytes != Array(file.text.utf8) {
                drifts.append(
                    Drift(
                        relativePath: file.relativePath,
                        problem: describeDifference(committed: committed, regenerated: file.text)))
            }
        }
        let expected = Set(generated.map(\.relativePath))
        for stale in directory.fixturePaths() + directory.schemaPaths() where !expected.contains(stale) {
            drifts.append(
                Drift(
                    relativePath: stale,
                    problem: "no exporter produces this file (stale? delete it or add its exporter)"))
        }
        for temporary in directory.temporaryPaths() {
            drifts.append(
                Drift(
                    relativePath: temporary.relativePath,
                    problem: """
                        a temporary file left by an interrupted export (process \(temporary.processID)); \
                        run latent-oracle export, which removes it, or delete it
                        """))
        }
        return drifts
    }

    /// "first difference in case <id>, line N: committed "…", regenerated "…"", naming the case
    /// (or the group, or the file header) whose block holds the first differing line.
    public static func describeDifference(committed: String, regenerated: String) -> String {
        let old = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let new = regenerated.split(separator: "\n", omittingEmptySubsequences: false)
        var line = 0
        while line < old.count && line < new.count && old[line] == new[line] { line += 1 }
        let place: String
        switch enclosingBlock(lines: new, at: min(line, new.count - 1)) {
        case .case(let id)?: place = "first difference in case \(id), line \(line + 1)"
        case .group(let id)?: place = "first difference in the header of group \(id), line \(line + 1)"
        case nil: place = "first difference at line \(line + 1) (file header)"
        }
        func shown(_ lines: [Substring]) -> String {
            line < lines.count ? FixtureError.quoted(String(lines[line].drop(while: { $0 == " " }))) : "end of file"
        }
        return
            """
            \(place): committed \(shown(old)), regenerated \(shown(new)) (run latent-oracle export if the change is \
            intended)
            """
    }

    enum Block: Equatable {
        case `case`(String)
        case group(String)
    }

    /// The case or group whose block contains `line`: the nearest preceding `"id"` line at the
    /// canonical indentation of case keys (10 spaces) or group keys (6 spaces).
    static func enclosingBlock(lines: [Substring], at line: Int) -> Block? {
        guard line >= 0 else { return nil }
        let caseMarker = String(repeating: " ", count: 10) + "\"id\": \""
        let groupMarker = String(repeating: " ", count: 6) + "\"id\": \""
        func id(_ text: Substring, _ marker: String) -> String {
            String(text.dropFirst(marker.count).prefix { $0 != "\"" })
        }
        for index in stride(from: line, through: 0, by: -1) {
            if lines[index].hasPrefix(caseMarker) { return .case(id(lines[index], caseMarker)) }
            if lines[index].hasPrefix(groupMarker) { return .group(id(lines[index], groupMarker)) }
        }
        return nil
    }
}
